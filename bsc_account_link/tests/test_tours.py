# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.bsc_core.tests.common import tour_kpi


@tagged("post_install", "-at_install")
class TestJournalDrilldownTour(HttpCase):
    """The journal items' drill-down of an analytic KPI adds up to the KPI
    (issue #13): see static/tests/tours/bsc_account_tours.js."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = env.company
        plan = env["account.analytic.plan"].create({"name": "Tour Departments"})
        shop, web = (
            env["account.analytic.account"].create(
                {"name": name, "plan_id": plan.id, "company_id": company.id}
            )
            for name in ("Tour Shop", "Tour Web")
        )
        Account = env["account.account"]
        expense = Account.search(
            [
                ("company_ids", "parent_of", company.id),
                ("account_type", "=", "expense"),
            ],
            limit=1,
        )
        liability = Account.search(
            [
                ("company_ids", "parent_of", company.id),
                ("account_type", "=", "liability_current"),
            ],
            limit=1,
        )
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        move = env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": date(2025, 3, 14),
                "line_ids": [
                    Command.create(
                        {
                            "name": "Tour shop and web costs",
                            "account_id": expense.id,
                            "debit": 1000.0,
                            "analytic_distribution": {
                                str(shop.id): 60,
                                str(web.id): 40,
                            },
                        }
                    ),
                    Command.create(
                        {
                            "name": "Tour shop and web costs",
                            "account_id": liability.id,
                            "credit": 1000.0,
                        }
                    ),
                ],
            }
        )
        move.action_post()
        cls.kpi = tour_kpi(
            env,
            "Tour Accounting Scorecard",
            "Keep tour shop costs down",
            "bsc_core.perspective_financial",
            code="TOUR_SHOP",
            name="Tour shop expenses",
            source_type="account_movement",
            account_type_ids=[
                Command.set(
                    env["bsc.account.type"].search([("code", "=", "expense")]).ids
                )
            ],
            account_analytic_id=shop.id,
        )

    def test_journal_drilldown_tour(self):
        march = self.kpi.measurement_ids.filtered(
            lambda m: m.period_id.name == "2025-03"
        )
        self.assertAlmostEqual(march.actual_value, 600)
        self.start_tour("/odoo", "bsc_journal_drilldown_tour", login="admin")
