# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import tagged

from odoo.addons.bsc_core.tests.common import (
    BscCase,
    access_matrix_users,
    assert_wizard_access_matrix,
)

NONE = ("----", "----")
# Scorecard users print the scorecards of their company: they may fill in a
# wizard on another company's scorecard, whose workbook then fails.
EXPECTED = {
    "portal": NONE,
    "internal": NONE,
    "bsc_user": ("rwcu", "rw-u"),
    "bsc_manager": ("rwcu", "rw-u"),
}


@tagged("post_install", "-at_install")
class TestReportsAccessMatrix(BscCase):
    """The report wizard x every role x two companies."""

    def test_access_matrix(self):
        scorecard_b = self.env["bsc.scorecard"].create(
            {
                "name": "Company B 2026",
                "company_id": self.company_b.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        assert_wizard_access_matrix(
            self,
            access_matrix_users(self.env, self.company),
            "bsc.report.wizard",
            {
                "own": {"scorecard_id": self.scorecard.id},
                "other": {"scorecard_id": scorecard_b.id},
            },
            EXPECTED,
            lambda wizard: wizard.env["ir.actions.report"]._render(
                "bsc_reports.action_report_scorecard_xlsx",
                None,
                wizard._report_data(),
            ),
        )
