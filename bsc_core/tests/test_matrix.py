# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import BscCase


@tagged("post_install", "-at_install")
class TestMatrix(BscCase):
    """The scorecard matrix: roll-ups of known weights, quarters, trends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Customer objective: A (weight 1) and B (weight 3); Financial: C.
        cls.kpi_a = cls.make_kpi("A", target_value=100, red_flag_value=80)
        cls.kpi_b = cls.make_kpi("B", target_value=100, red_flag_value=80, weight=3)
        cls.kpi_c = cls.make_kpi(
            "C",
            objective=cls.objective_fin,
            polarity="lower",
            target_value=10,
            red_flag_value=20,
        )
        cls.scorecard._bsc_recompute()
        for kpi, values in (
            (cls.kpi_a, {"2026-01": 90, "2026-02": 110, "2026-03": 100}),
            (cls.kpi_b, {"2026-01": 70, "2026-02": 100}),
            (cls.kpi_c, {"2026-01": 15, "2026-02": 5}),
        ):
            for period_name, value in values.items():
                m = kpi.measurement_ids.filtered(
                    lambda m, p=period_name: m.period_id.name == p
                )
                m.actual_value = value

    def rows(self, matrix):
        objectives = {
            o["name"]: o for p in matrix["perspectives"] for o in p["objectives"]
        }
        kpis = {k["code"]: k for o in objectives.values() for k in o["kpis"]}
        perspectives = {p["name"]: p for p in matrix["perspectives"]}
        return perspectives, objectives, kpis

    def test_weighted_rollup_january(self):
        matrix = self.scorecard._bsc_matrix_of(self.period("2026-01"))
        perspectives, objectives, kpis = self.rows(matrix)
        # A: 90 in the yellow band 80-100 -> 5.0; B: 70 in the red band, 0 at
        # 60, 3.33 at 80 -> 1.67; customer = (5.0 * 1 + 1.67 * 3) / 4 = 2.50
        self.assertEqual(kpis["A"]["score"], 5.0)
        self.assertEqual(kpis["B"]["score"], 1.67)
        self.assertAlmostEqual(objectives["Win new customers"]["score"], 2.5, places=2)
        self.assertEqual(objectives["Win new customers"]["status"], "red")
        # C lower is better: 15 between target 10 and red flag 20 -> yellow 5.0
        self.assertEqual(kpis["C"]["score"], 5.0)
        # Scorecard: perspectives weight 1 each; the two without objectives
        # have no score and are left out: (2.5 + 5.0) / 2
        self.assertEqual(perspectives["Internal Processes"]["score"], None)
        self.assertAlmostEqual(matrix["score"], 3.75, places=2)
        self.assertEqual(matrix["status"], "yellow")
        self.assertIn("left out", matrix["explanation"])

    def test_quarter_aggregates_months_and_trend(self):
        q1 = self.scorecard.period_ids.filtered(
            lambda p: p.frequency == "quarter" and p.name.endswith("Q1")
        )
        matrix = self.scorecard._bsc_matrix_of(q1)
        __, __, kpis = self.rows(matrix)
        # Sum aggregation: A = 90 + 110 + 100 = 300 against 3 x 100.
        self.assertEqual(kpis["A"]["actual"], 300)
        self.assertEqual(kpis["A"]["target"], 300)
        # B only has two months: measured against two months of target.
        self.assertEqual(kpis["B"]["actual"], 170)
        self.assertEqual(kpis["B"]["target"], 200)
        february = self.scorecard._bsc_matrix_of(self.period("2026-02"))
        __, objectives, kpis = self.rows(february)
        self.assertEqual(kpis["A"]["trend"], "up")
        self.assertEqual(kpis["C"]["trend"], "down")
        self.assertEqual(objectives["Win new customers"]["trend"], "up")

    def test_no_data_objective_has_no_score(self):
        matrix = self.scorecard._bsc_matrix_of(self.period("2026-05"))
        __, objectives, __ = self.rows(matrix)
        self.assertIsNone(objectives["Win new customers"]["score"])
        self.assertEqual(objectives["Win new customers"]["status"], "none")
        self.assertIsNone(matrix["score"])

    def test_objective_and_scorecard_fields_follow_the_chosen_period(self):
        scorecard = self.scorecard.with_context(bsc_period_id=self.period("2026-02").id)
        objective = self.objective.with_context(bsc_period_id=self.period("2026-02").id)
        # February: A 110 -> 8.33, B 100 -> 6.67; (8.33 + 3 * 6.67) / 4 = 7.085
        self.assertAlmostEqual(objective.score, 7.085, delta=0.006)
        self.assertEqual(objective.status, "green")
        self.assertEqual(scorecard.period_id.name, "2026-02")
        html = str(scorecard.matrix_html)
        self.assertIn("Win new customers", html)
        self.assertIn("7.08", html)

    def _count_matrix_queries(self, period):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.scorecard._bsc_matrix_of(period)
        return self.env.cr.sql_log_count - before

    def test_matrix_queries_do_not_grow_with_objectives(self):
        period = self.period("2026-01")
        self.scorecard._bsc_matrix_of(period)
        small = self._count_matrix_queries(period)
        for index in range(10):
            objective = self.env["bsc.objective"].create(
                {
                    "name": f"Objective {index}",
                    "scorecard_id": self.scorecard.id,
                    "perspective_id": self.financial.id,
                }
            )
            for letter in "XY":
                self.make_kpi(f"{letter}{index}", objective=objective)
        self.scorecard._bsc_recompute()
        self.assertEqual(self._count_matrix_queries(period), small)

    def test_history_matrices_match_single_period_matrices(self):
        months = self.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month" and p.name <= "2026-03"
        )
        history = self.env["bsc.matrix"]._bsc_matrices(self.scorecard, months)
        self.assertEqual(
            [m["period"]["name"] for m in history], ["2026-01", "2026-02", "2026-03"]
        )
        for matrix, period in zip(history, months.sorted("date_start"), strict=True):
            single = self.scorecard._bsc_matrix_of(period)
            self.assertEqual(matrix["score"], single["score"])
            self.assertEqual(
                self.rows(matrix)[2]["A"]["trend"], self.rows(single)[2]["A"]["trend"]
            )

    def test_aligned_child_objectives_count_as_one_more_input(self):
        kpi = self.make_aligned_kpi(
            "Sign new accounts", "ACCOUNTS", target_value=100, red_flag_value=80
        )
        january = kpi.measurement_ids.filtered(lambda m: m.period_id.name == "2026-01")
        january.actual_value = 110  # green 8.33
        self.objective.aligned_weight = 4
        # (5.0 x 1 + 1.67 x 3 + 8.33 x 4) / 8 = 5.4175
        period = self.period("2026-01")
        __, objectives, __ = self.rows(self.scorecard._bsc_matrix_of(period))
        row = objectives["Win new customers"]
        self.assertAlmostEqual(row["score"], 5.42, delta=0.006)
        self.assertIn("Aligned objectives", row["explanation"])
        history = self.env["bsc.matrix"]._bsc_matrices(self.scorecard, period)
        self.assertEqual(
            self.rows(history[0])[1]["Win new customers"]["score"], row["score"]
        )
