# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tools import SQL

from .common import BscCase


@tagged("post_install", "-at_install")
class TestNoData(BscCase):
    """A measurement without data has no score: NULL, blank, left out of
    averages; never 0.00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi = cls.make_kpi("NODATA", target_value=100, red_flag_value=80)
        cls.scorecard._bsc_recompute()
        # January 90: yellow 5.0; February 0: red 0.0 (a real score of 0);
        # March and later: no value
        for name, value in (("2026-01", 90), ("2026-02", 0)):
            cls.kpi.measurement_ids.filtered(
                lambda m, n=name: m.period_id.name == n
            ).write({"actual_value": value, "has_actual": True})
        cls.measurements = cls.kpi.measurement_ids

    def test_stored_as_null_read_as_false(self):
        march = self.measurement(self.kpi, "2026-03")
        self.assertEqual(march.status, "none")
        self.assertIs(march.score, False)
        self.assertIs(march.read(["score"])[0]["score"], False)
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT score FROM bsc_measurement WHERE id = %s", march.id)
        )
        self.assertIsNone(self.env.cr.fetchone()[0])
        # a score of 0 is a score
        february = self.measurement(self.kpi, "2026-02")
        self.assertEqual(february.status, "red")
        score = february.read(["score"])[0]["score"]
        self.assertIsInstance(score, float)
        self.assertEqual(score, 0.0)

    def test_averages_leave_rows_without_data_out(self):
        """Pivot and graph views average with read_group: (5.0 + 0.0) / 2,
        not divided by the number of months."""
        domain = [("kpi_id", "=", self.kpi.id)]
        # two months with data, the others without
        Measurement = self.env["bsc.measurement"]
        self.assertEqual(Measurement.search_count(domain), len(self.measurements))
        self.assertGreater(len(self.measurements), 2)
        [group] = self.env["bsc.measurement"].read_group(
            domain, ["score:avg"], ["kpi_id"]
        )
        self.assertAlmostEqual(group["score"], 2.5)
        [(average,)] = self.env["bsc.measurement"]._read_group(
            domain, [], ["score:avg"]
        )
        self.assertAlmostEqual(average, 2.5)
        # a group with no data at all has no average, not 0
        [group] = self.env["bsc.measurement"].read_group(
            [*domain, ("status", "=", "none")], ["score:avg"], ["kpi_id"]
        )
        self.assertFalse(group["score"])
        self.assertIsNot(group["score"], 0.0)

    def test_export_is_blank(self):
        rows = self.measurements.sorted("date_start")[:3].export_data(["score"])
        self.assertEqual(rows["datas"], [[5.0], [0.0], [""]])

    def test_old_zero_scores_become_null(self):
        """Scores stored as 0.0 without data before this version are NULL
        after an update (init), with no recompute."""
        march = self.measurement(self.kpi, "2026-03")
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE bsc_measurement SET score = 0 WHERE id = %s", march.id)
        )
        self.env["bsc.measurement"].init()
        self.env.cr.execute(
            SQL("SELECT score FROM bsc_measurement WHERE id = %s", march.id)
        )
        self.assertIsNone(self.env.cr.fetchone()[0])

    def test_kpi_and_objective_without_data(self):
        kpi = self.make_kpi("EMPTY")
        self.assertIs(kpi.last_score, False)
        self.assertIs(kpi.last_actual, False)
        # an objective without a KPI has no score either
        self.assertIs(self.objective_fin.read(["score"])[0]["score"], False)
