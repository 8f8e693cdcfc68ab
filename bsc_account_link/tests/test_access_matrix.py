# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.bsc_core.tests.common import TemplateWizardAccessMatrix

from ..wizard.bsc_account_kpi_wizard import TEMPLATE_SETTINGS
from .common import BscAccountCase


@tagged("post_install", "-at_install")
class TestAccountAccessMatrix(TemplateWizardAccessMatrix, BscAccountCase):
    """The "Add Financial KPIs" wizard x every role x two companies; the
    figures for scorecard users, the journal items for accountants only."""

    wizard_model = "bsc.account.kpi.wizard"

    def add_kpis(self, wizard):
        for line in wizard.line_ids:
            if "target_value" not in TEMPLATE_SETTINGS[line.template]:
                higher = line.polarity == "higher"
                line.target_value, line.red_flag_value = (10, 5) if higher else (5, 10)
        wizard.action_create_kpis()

    def other_objective(self):
        return self.env["bsc.objective"].create(
            {
                "name": "Grow B",
                "scorecard_id": self.make_scorecard(self.company_b).id,
                "perspective_id": self.env.ref("bsc_core.perspective_financial").id,
            }
        )

    def test_figures_for_scorecard_users_journal_items_for_accountants(self):
        revenue = self.make_kpi("REVENUE", "account_movement", types=["income"])
        self.scorecard._bsc_recompute(periods=self.months[:1])
        january = self.months[0]

        def user(login, groups):
            return new_test_user(
                self.env, login, groups=groups, company_id=self.company.id,
                company_ids=[Command.set(self.company.ids)],
            )  # fmt: skip

        reader = user("test_account_bsc_user", "bsc_core.group_bsc_user")
        accountant = user(
            "test_account_bsc_accountant",
            "bsc_core.group_bsc_user,account.group_account_readonly",
        )
        for someone in (reader, accountant):
            measurement = revenue.with_user(someone).measurement_ids.filtered(
                lambda m: m.period_id == january
            )
            self.assertAlmostEqual(measurement.actual_value, 1200)
        with self.assertRaises(AccessError):
            revenue.with_user(reader)._bsc_drilldown_action(january)
        action = revenue.with_user(accountant)._bsc_drilldown_action(january)
        lines = (
            self.env["account.move.line"].with_user(accountant).search(action["domain"])
        )
        self.assertEqual(len(lines), 2)  # m1 and m2's income lines
        self.assertAlmostEqual(sum(lines.mapped("balance")), -1200)
