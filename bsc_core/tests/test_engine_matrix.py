# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine import explain, matrix


def measurement(mid, actual, target=100.0, red_flag=80.0, **values):
    """A measurement dict as ``bsc.measurement._bsc_cell_input`` gives it."""
    return {
        "id": mid,
        "actual": actual,
        "target": target,
        "red_flag": red_flag,
        "target_max": None,
        "tolerance": None,
        "score": values.get("score"),
        "status": values.get("status", "none"),
        "explanation": values.get("explanation", ""),
        "error": values.get("error", False),
        "comment": values.get("comment", False),
    }


SUM_KPI = {"polarity": "higher", "aggregation": "sum"}


@tagged("post_install", "-at_install", "bsc_engine")
class TestKpiCell(BaseCase):
    """engine.matrix.kpi_cell: one KPI's figures for a period."""

    def test_exact_period_keeps_the_stored_score(self):
        stored = measurement(7, 90.0, score=4.2, status="yellow", comment="late")
        cell = matrix.kpi_cell(SUM_KPI, [stored], exact=True)
        # the stored score is used as is, not scored again (90 would be 5.0)
        self.assertEqual(cell["score"], 4.2)
        self.assertEqual(cell["status"], "yellow")
        self.assertEqual(cell["measurement_id"], 7)
        self.assertEqual(cell["comment"], "late")

    def test_exact_period_without_actual_has_no_score(self):
        stored = measurement(7, None, score=0.0, status="none")
        cell = matrix.kpi_cell(SUM_KPI, [stored], exact=True)
        self.assertIsNone(cell["score"])
        self.assertIsNone(cell["actual"])

    def test_quarter_of_a_sum_kpi(self):
        """Actuals and the targets of the months with an actual are summed,
        then scored again: 90 + 120 = 210 against 200 / 160."""
        months = [
            measurement(1, 90.0),
            measurement(2, 120.0),
            measurement(3, None, comment="March not closed"),
        ]
        cell = matrix.kpi_cell(SUM_KPI, months, exact=False)
        self.assertEqual(cell["actual"], 210.0)
        self.assertEqual(cell["target"], 200.0)
        self.assertEqual(cell["red_flag"], 160.0)
        self.assertEqual(cell["status"], "green")
        self.assertGreater(cell["score"], 6.67)
        self.assertFalse(cell["measurement_id"])
        self.assertEqual(cell["comment"], "March not closed")

    def test_quarter_of_an_avg_kpi(self):
        kpi = {"polarity": "higher", "aggregation": "avg"}
        months = [measurement(1, 80.0), measurement(2, 100.0)]
        cell = matrix.kpi_cell(kpi, months, exact=False)
        # mean 90 in the yellow band 80-100: half way, 5.0
        self.assertEqual(cell["actual"], 90.0)
        self.assertEqual(cell["target"], 100.0)
        self.assertEqual(cell["score"], 5.0)
        self.assertEqual(cell["status"], "yellow")

    def test_period_without_any_actual(self):
        months = [
            measurement(1, None, target=10.0, error="#DIV/0 in A / B"),
            measurement(2, None, target=20.0),
        ]
        cell = matrix.kpi_cell(SUM_KPI, months, exact=False)
        self.assertIsNone(cell["actual"])
        self.assertIsNone(cell["score"])
        self.assertEqual(cell["status"], "none")
        # the targets shown are the last period's; the error is kept
        self.assertEqual(cell["target"], 20.0)
        self.assertEqual(cell["error"], "#DIV/0 in A / B")

    def test_no_measurement(self):
        cell = matrix.kpi_cell(SUM_KPI, [], exact=False)
        self.assertIsNone(cell["actual"])
        self.assertIsNone(cell["target"])
        self.assertEqual(cell["status"], "none")


@tagged("post_install", "-at_install", "bsc_engine")
class TestBuild(BaseCase):
    """engine.matrix.build: roll-ups of known weights."""

    def setUp(self):
        super().setUp()
        self.perspectives = [
            {"id": 1, "name": "Financial", "weight": 1},
            {"id": 2, "name": "Customer", "weight": 3},
            {"id": 3, "name": "Learning", "weight": 1},
        ]
        self.objectives = [
            {"id": 10, "name": "Grow", "weight": 1, "perspective_id": 1},
            {
                "id": 20,
                "name": "Keep",
                "weight": 1,
                "perspective_id": 2,
                "aligned_weight": 1,
            },
        ]
        self.kpis = [
            {**SUM_KPI, "id": 100, "name": "A", "weight": 1, "objective_id": 10},
            {**SUM_KPI, "id": 101, "name": "B", "weight": 3, "objective_id": 10},
            {**SUM_KPI, "id": 200, "name": "C", "weight": 1, "objective_id": 20},
            {**SUM_KPI, "id": 201, "name": "D", "weight": 1, "objective_id": 20},
        ]

    @staticmethod
    def cell(score):
        return {"actual": score, "score": score, "status": "x", "explanation": ""}

    def test_weighted_rollup(self):
        cells = {100: self.cell(2.0), 101: self.cell(6.0), 200: self.cell(9.0)}
        # D has no cell: no data, left out; C 9.0 and the aligned 3.0 weigh 1 each
        result = matrix.build(
            {"id": 1, "name": "SC"},
            self.perspectives,
            self.objectives,
            self.kpis,
            cells,
            aligned={20: 3.0},
        )
        financial, customer, learning = result["perspectives"]
        grow = financial["objectives"][0]
        keep = customer["objectives"][0]
        self.assertEqual(grow["score"], 5.0)  # (2 * 1 + 6 * 3) / 4
        self.assertEqual(grow["status"], "yellow")
        self.assertEqual(keep["score"], 6.0)  # (9 + 3) / 2
        self.assertIsNone(keep["kpis"][1]["score"])
        self.assertEqual(keep["kpis"][1]["status"], "none")
        # explanations are data, rendered by the models in the reader's language
        self.assertEqual(
            [item["label"] for item in keep["explanation"]["items"]],
            ["C", "D", explain.ALIGNED],
        )
        self.assertEqual(keep["explanation"]["items"][1]["left_out"], "no_data")
        self.assertIn(
            "Aligned objectives: 3 x weight 1 (50%)",
            explain.render(keep["explanation"]),
        )
        self.assertIsNone(learning["score"])  # no objective: left out
        # scorecard: (5.0 * 1 + 6.0 * 3) / 4 = 5.75
        self.assertEqual(result["score"], 5.75)
        self.assertEqual(result["name"], "SC")

    def test_nothing_measured(self):
        result = matrix.build(
            {"id": 1, "name": "SC"}, self.perspectives, self.objectives, self.kpis, {}
        )
        self.assertIsNone(result["score"])
        self.assertEqual(result["status"], "none")
        rows = matrix.index_rows(result)
        self.assertEqual(len(rows), 1 + 3 + 2 + 4)
        self.assertIs(
            rows[("kpi", 201)], result["perspectives"][1]["objectives"][0]["kpis"][1]
        )

    def test_index_rows_of_none(self):
        self.assertEqual(matrix.index_rows(None), {})


@tagged("post_install", "-at_install", "bsc_engine")
class TestTrends(BaseCase):
    """engine.matrix.add_trends: KPIs by actual, roll-ups by score."""

    def test_trends(self):
        def build(actual, score):
            return {
                "id": 1,
                "score": score,
                "perspectives": [
                    {
                        "id": 2,
                        "score": score,
                        "objectives": [
                            {
                                "id": 3,
                                "score": None,
                                "kpis": [{"id": 4, "actual": actual, "score": 9.0}],
                            }
                        ],
                    }
                ],
            }

        before = build(100.0, 5.0)
        # the KPI's actual goes down while its score... is not looked at
        current = matrix.add_trends(build(90.0, 5.0), before)
        rows = matrix.index_rows(current)
        self.assertEqual(rows[("kpi", 4)]["trend"], "down")
        self.assertEqual(rows[("scorecard", 1)]["trend"], "flat")
        self.assertEqual(rows[("objective", 3)]["trend"], False)  # no score
        current = matrix.add_trends(build(110.0, 6.0), before)
        rows = matrix.index_rows(current)
        self.assertEqual(rows[("kpi", 4)]["trend"], "up")
        self.assertEqual(rows[("perspective", 2)]["trend"], "up")
        # no previous matrix (the first period): no trend
        rows = matrix.index_rows(matrix.add_trends(build(1.0, 1.0), None))
        self.assertEqual({row["trend"] for row in rows.values()}, {False})

    def test_series_trends(self):
        """A KPI's periods in a row: each against the one before, no trend
        wherever either side has no data (None), as the matrix compares."""
        self.assertEqual(
            matrix.series_trends([70.0, 80.0, 80.0, 60.0, None, 65.0, 50.0]),
            [False, "up", "flat", "down", False, False, "down"],
        )
        self.assertEqual(matrix.series_trends([]), [])
        # the same rule as a matrix row's
        for actual, before in ((80.0, 70.0), (60.0, 60.0), (None, 60.0), (5.0, None)):
            with self.subTest(actual=actual, before=before):
                self.assertEqual(
                    matrix.series_trends([before, actual])[1],
                    matrix.row_trend("kpi", {"actual": actual}, {"actual": before}),
                )
