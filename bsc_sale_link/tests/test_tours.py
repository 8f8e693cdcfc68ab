# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSaleTours(HttpCase):
    """An admin builds a scorecard from scratch in the browser (issue #13).

    See static/tests/tours/bsc_sale_tours.js. The scorecard spans this year
    (the form's default) and counts today's demo orders; no value is checked.
    """

    def test_build_scorecard_tour(self):
        self.start_tour("/odoo", "bsc_build_scorecard_tour", login="admin")
        scorecard = self.env["bsc.scorecard"].search(
            [("name", "=", "Tour Built Scorecard")]
        )
        self.assertEqual(scorecard.state, "active")
        kpis = {kpi.code: kpi for kpi in scorecard.objective_ids.kpi_ids}
        self.assertEqual(
            sorted(kpis),
            ["SALES_AOV", "SALES_CONVERSION", "SALES_GROWTH", "SALES_NEW_CUSTOMERS",
             "SALES_REVENUE", "TB_ORDERS"],
        )  # fmt: skip
        orders = kpis["TB_ORDERS"]
        self.assertEqual(orders.source_id.model_id.model, "sale.order")
        self.assertEqual(orders.source_id.date_field_id.name, "date_order")
        self.assertEqual(kpis["SALES_REVENUE"].target_value, 50000)
        # the recompute counted the orders of every period up to today
        self.assertTrue(orders.measurement_ids.filtered("has_actual"))


@tagged("post_install", "-at_install")
class TestRevenueDrilldownTour(HttpCase):
    """A revenue KPI's drill-down adds up to the KPI (issue #13): two orders
    of March 2025, untaxed 400.00 and 249.50, with a 15% tax."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = env.company
        tax = env["account.tax"].create(
            {
                "name": "Tour VAT 15%",
                "amount": 15,
                "type_tax_use": "sale",
                "company_id": company.id,
                "tax_group_id": env["account.tax.group"]
                .create({"name": "Tour VAT", "company_id": company.id})
                .id,
            }
        )
        product = env["product.product"].create(
            {"name": "Tour desk", "type": "consu", "taxes_id": [Command.set(tax.ids)]}
        )
        customer = env["res.partner"].create({"name": "Tour Customer"})
        for name, price in (("Tour order A", 400.0), ("Tour order B", 249.5)):
            order = env["sale.order"].create(
                {
                    "name": name,
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": price,
                                "tax_id": [Command.set(tax.ids)],
                            }
                        )
                    ],
                }
            )
            order.action_confirm()
            order.date_order = datetime(2025, 3, 10, 10, 0)
        scorecard = env["bsc.scorecard"].create(
            {
                "name": "Tour Revenue Scorecard",
                "company_id": company.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "state": "active",
            }
        )
        objective = env["bsc.objective"].create(
            {
                "name": "Grow tour revenue",
                "scorecard_id": scorecard.id,
                "perspective_id": env.ref("bsc_core.perspective_financial").id,
            }
        )
        cls.kpi = env["bsc.kpi"].create(
            {
                "code": "TOUR_REVENUE",
                "name": "Tour revenue",
                "objective_id": objective.id,
                "source_type": "sale_revenue",
                "target_value": 600,
                "red_flag_value": 400,
            }
        )
        scorecard._bsc_recompute()
        cls.march = cls.kpi.measurement_ids.filtered(
            lambda m: m.period_id.name == "2025-03"
        )

    def test_revenue_drilldown_tour(self):
        self.assertAlmostEqual(self.march.actual_value, 649.5)
        orders = self.env["sale.order"].search([("name", "like", "Tour order ")])
        self.assertAlmostEqual(sum(orders.mapped("amount_total")), 746.93)
        self.start_tour(
            f"/odoo/action-bsc_core.bsc_measurement_action/{self.march.id}",
            "bsc_revenue_drilldown_tour",
            login="admin",
        )
