# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, freeze_time, tagged

from .common import BscSaleCase

# UTC instants of local (Brussels) times: half past midnight on the first
# day after January, February and April 2025, and a few days after January
JAN_END_LATE = "2025-02-03 09:00:00"
FEB_END = "2025-02-28 23:30:00"
APR_END = "2025-04-30 22:30:00"


class TestSalePipelineSnapshot(BscSaleCase):
    """The open pipeline, recorded at each period end and frozen.

    Open quotations of A: o4 (1000) and o12 (200), both of alice in T1.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi = cls.make_kpi("PIPE", "sale_pipeline", value_format="monetary")
        cls.kpi_t2 = cls.make_kpi(
            "PIPE_T2", "sale_pipeline", sale_team_id=cls.team_2.id
        )
        cls.jan, cls.feb, cls.mar, cls.apr = cls.months[:4]

    def row(self, kpi, period):
        return self.env["bsc.measurement"].search(
            [("kpi_id", "=", kpi.id), ("period_id", "=", period.id)]
        )

    def test_snapshots_across_period_ends(self):
        self.assertTrue(self.kpi.is_snapshot)
        # a first run after the snapshot moment of January invents nothing:
        # January stays without data, before the first snapshot
        with freeze_time(JAN_END_LATE):
            self.assertFalse(self.scorecard._bsc_take_snapshots())
            self.scorecard._bsc_recompute()
        self.assertFalse(self.row(self.kpi, self.jan))

        with freeze_time(FEB_END):
            recorded = self.scorecard._bsc_take_snapshots()
            self.assertEqual(len(recorded), 2)
            # a second run the same night records nothing again
            self.assertFalse(self.scorecard._bsc_take_snapshots())
        feb = self.row(self.kpi, self.feb)
        self.assertRecordValues(
            feb,
            [{"origin": "snapshot", "has_actual": True, "actual_value": 1200.0}],
        )
        self.assertRecordValues(
            self.row(self.kpi_t2, self.feb), [{"has_actual": True, "actual_value": 0.0}]
        )
        self.assertFalse(self.row(self.kpi, self.jan))

        # o12 is confirmed in March: the pipeline drops, February's does not
        self.orders["o12"].action_confirm()
        self.scorecard._bsc_recompute()
        self.assertEqual(feb.actual_value, 1200.0)
        # nor can it be typed over
        with self.assertRaisesRegex(UserError, "period-end snapshot"):
            feb.actual_value = 5
        feb.comment = "Two large quotations pending"
        self.assertEqual(feb.actual_value, 1200.0)

        # the job did not run when March ended: missed, not invented
        with freeze_time(APR_END):
            self.scorecard._bsc_take_snapshots()
        self.assertRecordValues(
            self.row(self.kpi, self.mar),
            [{"origin": "missed", "has_actual": False, "status": "none"}],
        )
        self.assertIn("Snapshot missed", self.row(self.kpi, self.mar).error_text)
        # why, as data: shown in the reader's language (bsc_core's tests)
        self.assertEqual(
            self.row(self.kpi, self.mar).error_data,
            {
                "key": "snapshot_missed",
                "period": self.mar.name,
                "date_start": "2025-03-01",
                "date_end": "2025-03-31",
                "noticed": "2025-05-01",
            },
        )
        self.assertRecordValues(
            self.row(self.kpi, self.apr),
            [{"origin": "snapshot", "has_actual": True, "actual_value": 1000.0}],
        )
        # no trend against a missed snapshot
        self.assertFalse(self.row(self.kpi, self.apr).trend)
        self.assertEqual(feb.actual_value, 1200.0)

        # computed otherwise (February: o6, o7, o10), its snapshots are
        # recomputed like any value
        self.kpi.source_type = "sale_orders"
        self.scorecard._bsc_recompute()
        self.assertRecordValues(feb, [{"origin": "computed", "actual_value": 3.0}])

    def test_pipeline_in_company_currency(self):
        # o2's customer asks for another quotation, 250 USD = 200 EUR
        quotation = self.orders["o2"].copy()
        self.assertEqual(quotation.state, "draft")
        with freeze_time(FEB_END):
            self.scorecard._bsc_take_snapshots()
        self.assertEqual(self.row(self.kpi, self.feb).actual_value, 1400.0)
        # the quotations counted, as they are now
        action = self.kpi._bsc_drilldown_action(self.feb)
        orders = self.env["sale.order"].search(action["domain"])
        self.assertEqual(orders, self.orders["o4"] | self.orders["o12"] | quotation)


@tagged("post_install", "-at_install")
class TestSalePipelineDemo(TransactionCase):
    """The demo's snapshot history survives the recompute and the job."""

    def test_demo_snapshot_history(self):
        module = self.env["ir.module.module"]._get("bsc_sale_link")
        if not module.demo:
            self.skipTest("bsc_sale_link is installed without demo data")
        kpi = self.env.ref("bsc_sale_link.demo_kpi_sales_pipeline")
        history = kpi.measurement_ids.sorted("date_start")
        self.assertEqual(
            history.mapped("origin"), ["snapshot", "snapshot", "missed", "snapshot"]
        )
        values = history.mapped("actual_value")
        kpi.scorecard_id._bsc_recompute()
        kpi.scorecard_id._bsc_take_snapshots()
        self.assertEqual(history.mapped("actual_value"), values)
        self.assertEqual(history.mapped("has_actual"), [True, True, False, True])
