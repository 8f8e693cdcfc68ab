# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestStockDemo(TransactionCase):
    """The demo scorecard's Internal Process KPIs compute from the demo's
    dated transfers."""

    def test_demo_kpis_compute_from_twelve_months_of_transfers(self):
        module = self.env["ir.module.module"]._get("bsc_stock_link")
        if not module.demo:
            self.skipTest("bsc_stock_link is installed without demo data")
        otd = self.env.ref("bsc_stock_link.demo_kpi_stock_otd")
        scorecard = otd.scorecard_id
        scorecard._bsc_recompute()
        codes = (
            "STOCK_OTD", "STOCK_LEAD_TIME", "STOCK_BACKORDERS", "STOCK_RECEIPT_OTD",
            "STOCK_RECEIPT_LEAD_TIME", "STOCK_SCRAP",
        )  # fmt: skip
        kpis = scorecard.kpi_ids.filtered(lambda k: k.code in codes)
        self.assertEqual(len(kpis), len(codes))
        computed = kpis.measurement_ids.filtered(lambda m: m.origin == "computed")
        self.assertFalse(computed.filtered("error_text").mapped("error_text"))
        # every past month of the history has deliveries: at least 12 months
        # of on-time rates, and they vary
        otd_values = otd.measurement_ids.filtered(
            lambda m: m.origin == "computed" and m.has_actual
        )
        months = {m.period_id for m in otd_values if m.period_id.frequency == "month"}
        self.assertGreaterEqual(len(months), 12)
        self.assertGreater(len(set(otd_values.mapped("actual_value"))), 3)
        # each month's count matches the transfers the drill-down opens
        for measurement in otd_values[:3]:
            action = measurement.action_drilldown()
            self.assertTrue(self.env["stock.picking"].search_count(action["domain"]))
