# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged

from .test_sale_stock_sources import percentile


@tagged("post_install", "-at_install")
class TestSaleStockDemo(TransactionCase):
    """The demo's OTIF and lead-time KPIs compute from the delivered demo
    sales history."""

    def test_demo_kpis_have_values_once_installed(self):
        """The install computes them: the dashboard shows them at once."""
        for xmlid in ("demo_kpi_sale_otif", "demo_kpi_sale_lead_time"):
            kpi = self.env.ref(f"bsc_sale_stock_link.{xmlid}")
            computed = kpi.measurement_ids.filtered(
                lambda m: m.origin == "computed" and m.has_actual
            )
            self.assertGreaterEqual(len(computed), 6, xmlid)
        # the demo deliveries are dated back, their creation with them
        lead = self.env.ref("bsc_stock_link.demo_kpi_stock_lead_time")
        values = lead.measurement_ids.filtered("has_actual").mapped("actual_value")
        self.assertTrue(values)
        self.assertGreater(min(values), 0, values)

    def test_demo_kpis_compute_from_the_delivered_sales_history(self):
        otif = self.env.ref("bsc_sale_stock_link.demo_kpi_sale_otif")
        lead = self.env.ref("bsc_sale_stock_link.demo_kpi_sale_lead_time")
        p90 = self.env.ref("bsc_sale_stock_link.demo_kpi_sale_lead_time_p90")
        scorecard = otif.scorecard_id
        scorecard._bsc_recompute()
        kpis = otif | lead | p90
        computed = kpis.measurement_ids.filtered(lambda m: m.origin == "computed")
        self.assertFalse(computed.filtered("error_text").mapped("error_text"))

        def values(kpi):
            return {
                m.period_id: m.actual_value
                for m in computed
                if m.kpi_id == kpi and m.has_actual and m.period_id.frequency == "month"
            }

        otif_values, lead_values, p90_values = values(otif), values(lead), values(p90)
        self.assertGreaterEqual(len(otif_values), 6, "months with sale lines due")
        self.assertGreater(len(set(otif_values.values())), 2)
        self.assertGreaterEqual(len(lead_values), 6)
        self.assertEqual(set(lead_values), set(p90_values))
        # each value is that of the deliveries its drill-down opens
        for measurement in computed.filtered(
            lambda m: m.kpi_id == p90 and m.has_actual
        ):
            action = measurement.action_drilldown()
            pickings = self.env["stock.picking"].search(action["domain"])
            days = [
                (p.date_done - p.sale_id.date_order).total_seconds() / 86400
                for p in pickings
            ]
            period = measurement.period_id
            self.assertAlmostEqual(lead_values[period], sum(days) / len(days))
            self.assertAlmostEqual(p90_values[period], percentile(days, 0.9))
