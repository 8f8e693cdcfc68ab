# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import BscCase


def _measurement(kpi, period_name):
    return kpi.measurement_ids.filtered(lambda m: m.period_id.name == period_name)


@tagged("post_install", "-at_install")
class TestFreshness(BscCase):
    """A KPI whose latest value is older than its expected delay is stale."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.old = cls.make_kpi("OLD", expected_delay=10)
        cls.fresh = cls.make_kpi("FRESH", expected_delay=10)
        cls.scorecard._bsc_recompute()
        for month in range(1, 9):  # OLD: January to August
            _measurement(cls.old, f"2026-{month:02d}").actual_value = 12
        for month in range(1, 11):  # FRESH: January to October
            _measurement(cls.fresh, f"2026-{month:02d}").actual_value = 12

    def row(self, matrix, kpi):
        for perspective in matrix["perspectives"]:
            for objective in perspective["objectives"]:
                for row in objective["kpis"]:
                    if row["id"] == kpi.id:
                        return objective, row
        raise AssertionError(kpi.code)

    def test_stale_after_the_next_period_and_its_delay(self):
        # OLD's latest value is August's; September's was expected by
        # 10 October.
        with freeze_time("2026-10-10 10:00:00"):
            self.old.invalidate_recordset(["is_stale", "stale_days"])
            self.assertFalse(self.old.is_stale)
        with freeze_time("2026-10-11 10:00:00"):
            self.old.invalidate_recordset(["is_stale", "stale_days"])
            self.assertTrue(self.old.is_stale)
            self.assertEqual(self.old.stale_days, 41)  # since 31 August
        # at TEST_NOW (20 November): October's value is in, November's not due
        self.old.invalidate_recordset(["is_stale", "stale_days"])
        self.assertTrue(self.old.is_stale)
        self.assertEqual(self.old.stale_days, 81)
        self.assertFalse(self.fresh.is_stale)
        self.assertEqual(
            self.env["bsc.kpi"].search(
                [("scorecard_id", "=", self.scorecard.id), ("is_stale", "=", True)]
            ),
            self.old,
        )

    def test_not_checked_without_delay_nor_without_value(self):
        self.old.expected_delay = 0
        self.assertFalse(self.old.is_stale)
        empty = self.make_kpi("EMPTY", expected_delay=1)
        self.assertFalse(empty.is_stale)

    def test_matrix_flags_stale_rows_and_the_share_of_the_score(self):
        Matrix = self.env["bsc.matrix"]
        q3, august = self.period("2026-Q3"), self.period("2026-08")
        self.assertTrue(q3, "the scorecard has quarters")
        by_q3, by_august = Matrix._bsc_matrices(self.scorecard, q3 | august)
        objective, old = self.row(by_q3, self.old)
        __, fresh = self.row(by_q3, self.fresh)
        # Q3 ends after OLD's last value: its green rests on July and August
        self.assertTrue(old["stale"])
        self.assertEqual(old["stale_days"], 81)
        self.assertEqual(old["status"], "green", "the status itself is unchanged")
        self.assertFalse(fresh["stale"])
        self.assertEqual(objective["stale_share"], 0.5)
        self.assertGreater(by_q3["stale_share"], 0)
        # August itself holds OLD's latest value: not stale there
        objective, old = self.row(by_august, self.old)
        self.assertFalse(old["stale"])
        self.assertEqual(objective["stale_share"], 0.0)
        self.assertEqual(by_august["stale_share"], 0.0)
