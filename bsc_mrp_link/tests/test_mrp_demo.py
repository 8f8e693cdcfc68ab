# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMrpDemo(TransactionCase):
    """The demo scorecard's manufacturing KPIs compute from the demo's dated
    manufacturing orders."""

    def test_demo_kpis_compute_from_twelve_months_of_orders(self):
        module = self.env["ir.module.module"]._get("bsc_mrp_link")
        if not module.demo:
            self.skipTest("bsc_mrp_link is installed without demo data")
        on_time = self.env.ref("bsc_mrp_link.demo_kpi_mrp_on_time")
        scorecard = on_time.scorecard_id
        scorecard._bsc_recompute()
        codes = (
            "MRP_ON_TIME", "MRP_LEAD_TIME", "MRP_THROUGHPUT", "MRP_LOSS_HOURS",
            "MRP_SCRAP_RATE",
        )  # fmt: skip
        kpis = scorecard.kpi_ids.filtered(lambda k: k.code in codes)
        self.assertEqual(len(kpis), len(codes))
        computed = kpis.measurement_ids.filtered(lambda m: m.origin == "computed")
        self.assertFalse(computed.filtered("error_text").mapped("error_text"))
        lead = self.env.ref("bsc_mrp_link.demo_kpi_mrp_lead_time").measurement_ids
        valued = lead.filtered(lambda m: m.origin == "computed" and m.has_actual)
        # every month since the scorecard went live (the older ones are
        # locked) that has ended has a value: eleven or twelve of them
        today = scorecard._bsc_today()
        ended = scorecard.period_ids.filtered(
            lambda p: p.frequency == "month" and not p.locked and p.date_end < today
        )
        self.assertGreaterEqual(len(ended), 11)
        self.assertLessEqual(ended, valued.period_id)
        self.assertGreater(len(set(valued.mapped("actual_value"))), 3)
        # each value is the average lead time of the orders its drill-down
        # opens
        for measurement in valued:
            action = measurement.action_drilldown()
            orders = self.env["mrp.production"].search(action["domain"])
            days = [
                (o.date_finished - o.date_start).total_seconds() / 86400 for o in orders
            ]
            self.assertAlmostEqual(measurement.actual_value, sum(days) / len(days))

    def test_demo_scrap_rate_computes_from_the_demo_scraps(self):
        module = self.env["ir.module.module"]._get("bsc_mrp_link")
        if not module.demo:
            self.skipTest("bsc_mrp_link is installed without demo data")
        kpi = self.env.ref("bsc_mrp_link.demo_kpi_mrp_scrap_rate")
        kpi.scorecard_id._bsc_recompute()
        valued = kpi.measurement_ids.filtered(
            lambda m: m.origin == "computed" and m.has_actual
        )
        self.assertGreaterEqual(len(valued), 11)
        self.assertGreater(len(set(valued.mapped("actual_value"))), 3)
        rates = valued.mapped("actual_value")
        self.assertTrue(all(0 <= rate < 100 for rate in rates))
        # most months scrap a few chairs
        self.assertGreater(len([rate for rate in rates if rate > 0]), 5)
