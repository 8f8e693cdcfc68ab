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
# Only scorecard managers add KPIs, and only to their company's objectives:
# they may fill in a wizard on another company's objective, whose button
# then fails (it creates the KPIs as them).
EXPECTED = {
    "portal": NONE,
    "internal": NONE,
    "bsc_user": NONE,
    "bsc_manager": ("rwcu", "rw-u"),
}


@tagged("post_install", "-at_install")
class TestMrpAccessMatrix(BscCase):
    """The "Add manufacturing KPIs" wizard x every role x two companies."""

    @staticmethod
    def add_kpis(wizard):
        # the templates' default targets fit their polarities
        wizard.action_create_kpis()

    def test_access_matrix(self):
        scorecard_b = self.env["bsc.scorecard"].create(
            {
                "name": "Company B 2026",
                "company_id": self.company_b.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        objective_b = self.env["bsc.objective"].create(
            {
                "name": "Win new customers",
                "scorecard_id": scorecard_b.id,
                "perspective_id": self.customer.id,
            }
        )
        assert_wizard_access_matrix(
            self,
            access_matrix_users(self.env, self.company),
            "bsc.mrp.kpi.wizard",
            {
                "own": {"objective_id": self.objective.id},
                "other": {"objective_id": objective_b.id},
            },
            EXPECTED,
            self.add_kpis,
        )
