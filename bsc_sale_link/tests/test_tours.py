# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
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
