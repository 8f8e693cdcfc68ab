# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util

from odoo.tests import tagged
from odoo.tools import SQL, file_path

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


@tagged("post_install", "-at_install")
class TestNoActual(BscCase):
    """An actual without a value is NULL, shown blank and left out of
    averages, as the score is; 0 is a value."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi = cls.make_kpi("TYPED", target_value=100, red_flag_value=80)
        cls.double = cls.make_kpi("DOUBLE", source_type="formula", formula="TYPED * 2")
        # the first recompute writes its rows with COPY (_bsc_insert)
        cls.scorecard._bsc_recompute()
        for name, value in (("2026-01", 90), ("2026-02", 0)):
            cls.kpi.measurement_ids.filtered(
                lambda m, n=name: m.period_id.name == n
            ).write({"actual_value": value})

    def stored_actual(self, measurement):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT actual_value, has_actual FROM bsc_measurement WHERE id = %s",
                measurement.id,
            )
        )
        return self.env.cr.fetchone()

    def test_stored_as_null(self):
        march = self.measurement(self.kpi, "2026-03")
        self.assertEqual(self.stored_actual(march), (None, False))
        self.assertIs(march.actual_value, False)
        # a formula without its input: no value, NULL (COPY wrote \N)
        self.assertEqual(
            self.stored_actual(self.measurement(self.double, "2026-03")),
            (None, False),
        )
        # 0 is a value; the formula computed from it too
        february = self.measurement(self.kpi, "2026-02")
        self.assertEqual(self.stored_actual(february), (0.0, True))
        self.assertEqual(
            self.stored_actual(self.measurement(self.double, "2026-02")),
            (0.0, True),
        )
        self.assertEqual(
            self.stored_actual(self.measurement(self.double, "2026-01")),
            (180.0, True),
        )

    def test_has_actual_follows_the_value(self):
        april = self.measurement(self.kpi, "2026-04")
        april.write({"actual_value": 0})
        self.assertEqual(self.stored_actual(april), (0.0, True))
        self.assertEqual(april.status, "red")
        # an emptied box (the web client sends false) is no value
        april.write({"actual_value": False})
        self.assertEqual(self.stored_actual(april), (None, False))
        self.assertEqual(april.status, "none")
        # the bsc_actual widget's "box emptied": a 0 with has_actual False
        april.write({"actual_value": 12.5})
        april.write({"actual_value": 0, "has_actual": False})
        self.assertEqual(self.stored_actual(april), (None, False))
        april.write({"actual_value": 7})
        april.action_clear_value()
        self.assertEqual(self.stored_actual(april), (None, False))
        self.assertIs(april.actual_value, False)
        created = self.env["bsc.measurement"].create(
            {
                "kpi_id": self.make_kpi("NEWKPI").id,
                "period_id": self.period("2026-05").id,
                "actual_value": 0,
            }
        )
        self.assertEqual(self.stored_actual(created), (0.0, True))

    def test_averages_and_exports_leave_rows_without_a_value_out(self):
        domain = [("kpi_id", "=", self.kpi.id)]
        Measurement = self.env["bsc.measurement"]
        self.assertGreater(Measurement.search_count(domain), 2)
        [group] = Measurement.read_group(domain, ["actual_value:avg"], ["kpi_id"])
        # (90 + 0) / 2, not divided by the number of months
        self.assertAlmostEqual(group["actual_value"], 45.0)
        [(average,)] = Measurement._read_group(domain, [], ["actual_value:avg"])
        self.assertAlmostEqual(average, 45.0)
        rows = (
            self.kpi.measurement_ids.sorted("date_start")[:3].export_data(
                ["period_id", "actual_value"]
            )
        )["datas"]
        self.assertEqual(rows, [["2026-01", 90.0], ["2026-02", 0.0], ["2026-03", ""]])

    def test_migration_sets_old_zeros_to_null(self):
        """18.0.1.0.1: rows stored with 0.0 and no value become NULL; a 0
        that is a value stays."""
        march = self.measurement(self.kpi, "2026-03")
        february = self.measurement(self.kpi, "2026-02")
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE bsc_measurement SET actual_value = 0 WHERE id = %s", march.id)
        )
        self.assertEqual(self.stored_actual(march), (0.0, False))
        path = file_path("bsc_core/migrations/18.0.1.0.1/post-migration.py")
        spec = importlib.util.spec_from_file_location("bsc_core_18_0_1_0_1", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(self.stored_actual(march), (None, False))
        self.assertEqual(self.stored_actual(february), (0.0, True))
