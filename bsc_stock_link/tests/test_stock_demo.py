# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import pytz

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
        otd_values = otd.measurement_ids.filtered(
            lambda m: m.origin == "computed" and m.has_actual
        )
        # every month since the scorecard went live (the older ones are
        # locked) that has ended has a value: eleven or twelve of them
        today = scorecard._bsc_today()
        ended = scorecard.period_ids.filtered(
            lambda p: p.frequency == "month" and not p.locked and p.date_end < today
        )
        self.assertGreaterEqual(len(ended), 11)
        self.assertLessEqual(ended, otd_values.period_id)
        self.assertGreater(len(set(otd_values.mapped("actual_value"))), 3)
        # each value is the share of the deliveries its drill-down opens that
        # were done by the day of their deadline
        tz = pytz.timezone(scorecard.tz)

        def local_day(value):
            return pytz.utc.localize(value).astimezone(tz).date()

        for measurement in otd_values:
            action = measurement.action_drilldown()
            pickings = self.env["stock.picking"].search(action["domain"])
            on_time = pickings.filtered(
                lambda p: (
                    local_day(p.date_done)
                    <= local_day(p.date_deadline or p.scheduled_date)
                )
            )
            self.assertAlmostEqual(
                measurement.actual_value, 100 * len(on_time) / len(pickings)
            )

    def test_demo_stockouts_compute_from_the_stocked_lamp(self):
        module = self.env["ir.module.module"]._get("bsc_stock_link")
        if not module.demo:
            self.skipTest("bsc_stock_link is installed without demo data")
        kpi = self.env.ref("bsc_stock_link.demo_kpi_stock_stockouts")
        kpi.scorecard_id._bsc_recompute()
        computed = kpi.measurement_ids.filtered(lambda m: m.origin == "computed")
        self.assertGreaterEqual(len(computed), 11)
        self.assertFalse(computed.filtered("error_text"))
        lamp = self.env["product.product"].search([("name", "=", "Desk lamp, stocked")])
        lamp_out = 0
        for measurement in computed:
            action = measurement.action_drilldown()
            found = self.env["product.product"].search(action["domain"])
            self.assertEqual(len(found), measurement.actual_value)
            lamp_out += lamp in found
        # the lamp runs out in the months its receipt is late or missing
        self.assertGreater(lamp_out, 0)
        self.assertLess(lamp_out, len(computed))
