# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine.formula import ErrorValue
from odoo.addons.bsc_core.engine.rollup import RollUp, rollup_tree, weighted_mean

PROPERTY_SETTINGS = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@tagged("post_install", "-at_install", "bsc_engine")
class TestWeightedMean(BaseCase):
    def test_weighted_mean(self):
        # (8 x 2 + 5 x 3) / 5 = 6.2
        result = weighted_mean([("Retention", 8, 2), ("NPS", 5, 3)])
        self.assertEqual(result.value, 6.2)
        self.assertEqual(result.status, "yellow")
        self.assertEqual(
            result.explanation,
            "Retention: 8 x weight 2 (40%)\nNPS: 5 x weight 3 (60%)\n"
            "Weighted mean: 6.2, yellow",
        )
        self.assertEqual(
            result.inputs, (("Retention", 8.0, 2.0, 0.4), ("NPS", 5.0, 3.0, 0.6))
        )

    def test_items_without_score_are_left_out_and_weights_renormalised(self):
        # B has no score: A and C share the weight half and half, (8 + 2) / 2 = 5.
        result = weighted_mean([("A", 8, 2), ("B", None, 3), ("C", 2, 2)])
        self.assertEqual(result.value, 5.0)
        self.assertEqual(result.status, "yellow")
        self.assertEqual(
            result.explanation,
            "A: 8 x weight 2 (50%)\nB: no data, left out\nC: 2 x weight 2 (50%)\n"
            "Weighted mean: 5, yellow",
        )
        self.assertEqual(result.inputs, (("A", 8.0, 2.0, 0.5), ("C", 2.0, 2.0, 0.5)))
        # An error value is no score either.
        error = ErrorValue("#DIV/0", "#DIV/0 in A / B")
        self.assertEqual(weighted_mean([("A", 9, 1), ("B", error, 5)]).value, 9.0)

    def test_zero_weight_is_left_out(self):
        result = weighted_mean([("A", 9, 0), ("B", 3, 1), ("C", 7, None)])
        self.assertEqual(result.value, 3.0)
        self.assertEqual(result.status, "red")
        self.assertEqual(
            result.explanation,
            "A: weight 0, left out\nB: 3 x weight 1 (100%)\nC: weight 0, left out\n"
            "Weighted mean: 3, red",
        )

    def test_shares_and_rounding(self):
        # (10 x 1 + 0 x 2) / 3 = 3.333..., shown 3.33, on the yellow boundary.
        result = weighted_mean([("A", 10, 1), ("B", 0, 2)])
        self.assertEqual(result.value, 3.33)
        self.assertEqual(result.status, "yellow")
        self.assertIn("A: 10 x weight 1 (33.3%)", result.explanation)
        self.assertIn("B: 0 x weight 2 (66.7%)", result.explanation)
        # (5 x 1.5 + 9 x 0.5) / 2 = 6
        result = weighted_mean([("A", 5, 1.5), ("B", 9, 0.5)])
        self.assertEqual(result.value, 6.0)
        self.assertEqual(result.status, "yellow")
        self.assertIn("A: 5 x weight 1.5 (75%)", result.explanation)

    def test_nothing_to_roll_up(self):
        result = weighted_mean([("A", None, 1), ("B", 4, 0)])
        self.assertEqual(
            result,
            RollUp(
                None,
                "none",
                "No score: no input has a score\nA: no data, left out\n"
                "B: weight 0, left out",
            ),
        )
        self.assertIsNone(weighted_mean([]).value)
        self.assertEqual(weighted_mean(iter([])).status, "none")

    @PROPERTY_SETTINGS
    @given(
        st.lists(
            st.tuples(
                st.text(max_size=5),
                st.one_of(st.none(), st.floats(0, 10)),
                st.one_of(st.none(), st.floats(0, 1e6)),
            ),
            max_size=20,
        )
    )
    def test_mean_lies_between_the_scores_used(self, items):
        result = weighted_mean(items)
        used = [score for _label, score, _weight, _share in result.inputs]
        if result.value is None:
            self.assertEqual(used, [])
            self.assertEqual(result.status, "none")
            return
        self.assertLessEqual(round(min(used), 2) - 0.01, result.value)
        self.assertLessEqual(result.value, round(max(used), 2) + 0.01)
        self.assertAlmostEqual(sum(share for *_rest, share in result.inputs), 1.0)


@tagged("post_install", "-at_install", "bsc_engine")
class TestRollupTree(BaseCase):
    def test_scorecard_in_one_pass(self):
        tree = {
            "label": "Company 2026",
            "children": [
                {
                    "label": "Financial",
                    "weight": 2,
                    "children": [
                        {
                            "label": "Grow revenue",
                            "weight": 3,
                            "id": 11,
                            "children": [
                                {"label": "Revenue", "weight": 1, "score": 8.33},
                                {"label": "Margin", "weight": 1, "score": 5.0},
                            ],
                        },
                        {
                            "label": "Cut costs",
                            "weight": 1,
                            "children": [
                                {"label": "Cost", "weight": 1, "score": 2.0},
                            ],
                        },
                    ],
                },
                {
                    "label": "Customer",
                    "weight": 1,
                    "children": [
                        {
                            "label": "Keep customers",
                            "children": [
                                {"label": "Churn", "score": None},
                            ],
                        },
                    ],
                },
                {"label": "Learning & Growth", "weight": 1, "children": []},
            ],
        }
        result = rollup_tree(tree)
        financial, customer, learning = result["children"]
        grow, cut = financial["children"]
        # Grow revenue: (8.33 + 5) / 2 = 6.665 -> 6.67 (halves round up), green.
        self.assertEqual(grow["rollup"].value, 6.67)
        self.assertEqual(grow["rollup"].status, "green")
        self.assertEqual(grow["id"], 11)
        self.assertEqual(cut["rollup"].value, 2.0)
        # Financial: (6.67 x 3 + 2 x 1) / 4 = 5.5025 -> 5.5, yellow.
        self.assertEqual(financial["rollup"].value, 5.5)
        self.assertEqual(financial["rollup"].status, "yellow")
        # Customer's only KPI has no data, Learning & Growth no objective.
        self.assertIsNone(customer["rollup"].value)
        self.assertEqual(customer["children"][0]["rollup"].status, "none")
        self.assertIsNone(learning["rollup"].value)
        # The scorecard is Financial alone once the others are left out.
        self.assertEqual(result["rollup"].value, 5.5)
        self.assertEqual(
            result["rollup"].explanation,
            "Financial: 5.5 x weight 2 (100%)\nCustomer: no data, left out\n"
            "Learning & Growth: no data, left out\nWeighted mean: 5.5, yellow",
        )
        # The input tree is left as it was.
        self.assertNotIn("rollup", tree)

    def test_leaf_keeps_its_own_status_and_explanation(self):
        leaf = {
            "label": "Revenue",
            "score": 3.33,
            "status": "yellow",
            "explanation": "Actual 80 vs target 100 ...",
        }
        result = rollup_tree(leaf)["rollup"]
        self.assertEqual(
            (result.value, result.status, result.explanation),
            (3.33, "yellow", "Actual 80 vs target 100 ..."),
        )
        result = rollup_tree({"label": "Cost", "score": 9})["rollup"]
        self.assertEqual((result.value, result.status), (9.0, "green"))
