# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged

from odoo.addons.bsc_core import query as bsc_query


@tagged("post_install", "-at_install")
class TestSaleDemo(TransactionCase):
    """The demo scorecard's sales KPIs compute from Odoo's sales demo data."""

    def test_demo_kpis_compute_from_the_demo_orders(self):
        module = self.env["ir.module.module"]._get("bsc_sale_link")
        if not module.demo:
            self.skipTest("bsc_sale_link is installed without demo data")
        revenue = self.env.ref("bsc_sale_link.demo_kpi_sales_revenue")
        scorecard = revenue.scorecard_id
        scorecard._bsc_recompute()
        codes = (
            "SALES_REVENUE", "SALES_ORDERS", "SALES_AOV", "SALES_NEW_CUSTOMERS",
            "SALES_CONVERSION",
        )  # fmt: skip
        kpis = scorecard.kpi_ids.filtered(lambda k: k.code in codes)
        self.assertEqual(len(kpis), len(codes))
        measurements = kpis.measurement_ids.filtered(lambda m: m.origin == "computed")
        self.assertTrue(measurements)
        self.assertFalse(measurements.filtered("error_text").mapped("error_text"))
        # Each month's revenue is the sum of the demo orders of that month,
        # converted to the company currency.
        Order = self.env["sale.order"]
        total = 0.0
        for measurement in revenue.measurement_ids.filtered(
            lambda m: m.origin == "computed"
        ):
            period = measurement.period_id
            orders = Order.search(
                [("state", "=", "sale"), ("company_id", "=", scorecard.company_id.id)]
                + bsc_query.period_domain(
                    Order,
                    "date_order",
                    period.date_start,
                    period.date_end,
                    scorecard.tz,
                )
            )
            expected = sum(o.amount_untaxed / (o.currency_rate or 1) for o in orders)
            self.assertAlmostEqual(measurement.actual_value, expected, places=2)
            total += expected
        self.assertGreater(total, 0, "the sales demo orders are counted")
