# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine import scoring
from odoo.addons.bsc_core.engine.formula import ErrorValue
from odoo.addons.bsc_core.engine.scoring import (
    ThresholdError,
    check_thresholds,
    round_half_up,
    score,
    status_for_score,
    trend,
)

PROPERTY_SETTINGS = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
NUMBERS = st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
SPANS = st.floats(1e-3, 1e9, allow_nan=False, allow_infinity=False)


@tagged("post_install", "-at_install", "bsc_engine")
class TestScoring(BaseCase):
    def assertScores(self, cases, **thresholds):
        for actual, (value, status) in cases.items():
            with self.subTest(actual=actual):
                result = score(actual, **thresholds)
                self.assertEqual((result.value, result.status), (value, status))

    def test_higher_is_better(self):
        # T = 100, R = 80: 0 at 60, 3.33 at 80, 6.67 at 100, 10 at 120.
        cases = {
            0: (0.0, "red"),
            60: (0.0, "red"),
            70: (1.67, "red"),
            80: (3.33, "yellow"),
            90: (5.0, "yellow"),
            95: (5.83, "yellow"),
            100: (6.67, "green"),
            110: (8.33, "green"),
            120: (10.0, "green"),
            200: (10.0, "green"),
        }
        self.assertScores(cases, polarity="higher", target=100, red_flag=80)

    def test_lower_is_better(self):
        # T = 50, R = 80: 10 at 20, 6.67 at 50, 3.33 at 80, 0 at 110.
        cases = {
            0: (10.0, "green"),
            20: (10.0, "green"),
            35: (8.33, "green"),
            50: (6.67, "green"),
            65: (5.0, "yellow"),
            80: (3.33, "yellow"),
            95: (1.67, "red"),
            110: (0.0, "red"),
            500: (0.0, "red"),
        }
        self.assertScores(cases, polarity="lower", target=50, red_flag=80)

    def test_target_range(self):
        # Green 10..20 (10 at 15), yellow within 5 outside, red beyond, 0 at 10 out.
        cases = {
            15: (10.0, "green"),
            12.5: (8.33, "green"),
            10: (6.67, "green"),
            20: (6.67, "green"),
            7.5: (5.0, "yellow"),
            22.5: (5.0, "yellow"),
            5: (3.33, "yellow"),
            25: (3.33, "yellow"),
            2.5: (1.67, "red"),
            27.5: (1.67, "red"),
            0: (0.0, "red"),
            -100: (0.0, "red"),
        }
        self.assertScores(
            cases, polarity="range", target=10, target_max=20, tolerance=5
        )

    def test_target_range_of_a_single_value(self):
        cases = {10: (10.0, "green"), 12.5: (5.0, "yellow"), 17.5: (1.67, "red")}
        self.assertScores(
            cases, polarity="range", target=10, target_max=10, tolerance=5
        )

    def test_explanation(self):
        result = score(95, "higher", 100, red_flag=80)
        self.assertEqual(
            result.explanation,
            "Actual 95 vs target 100, red flag 80 (higher is better): yellow band "
            "80-100 maps to 3.33-6.67 -> 5.83\n"
            "Status: yellow, score 5.83 of 10",
        )
        self.assertIn(
            "red band 60-80 maps to 0-3.33 -> 0 (the score stays 0 below 60)",
            score(10, "higher", 100, red_flag=80).explanation,
        )
        self.assertIn(
            "Actual 35 vs target 50, red flag 80 (lower is better): green band "
            "20-50 maps to 10-6.67 -> 8.33",
            score(35, "lower", 50, red_flag=80).explanation,
        )
        self.assertIn(
            "Actual 22.5 vs target range 10-20, tolerance 5: yellow band 20-25 "
            "maps to 6.67-3.33 -> 5",
            score(22.5, "range", 10, target_max=20, tolerance=5).explanation,
        )
        self.assertIn(
            "red band -40 to -20 maps to 0-3.33",
            score(-30, "higher", 0, red_flag=-20).explanation,
        )

    def test_no_data(self):
        result = score(None, "higher", 100, red_flag=80)
        self.assertEqual(
            result, scoring.Score(None, "none", "No data: no actual value")
        )
        error = ErrorValue("#DIV/0", "#DIV/0 in REVENUE / HEADCOUNT")
        result = score(error, "higher", 100, red_flag=80)
        self.assertEqual(
            result,
            scoring.Score(None, "none", "No data: #DIV/0 in REVENUE / HEADCOUNT"),
        )
        self.assertEqual(score(float("nan"), "higher", 100, red_flag=80).status, "none")

    def test_bad_thresholds_give_no_score_rather_than_an_error(self):
        result = score(90, "higher", 100, red_flag=120)
        self.assertIsNone(result.value)
        self.assertEqual(result.status, "none")
        self.assertEqual(
            result.explanation,
            "No score: the red flag (120) must be below the target (100) when "
            "higher is better",
        )
        self.assertEqual(score(90, "higher", None, red_flag=80).status, "none")

    def test_check_thresholds(self):
        check_thresholds("higher", 100, red_flag=80)
        check_thresholds("lower", 50, red_flag=80)
        check_thresholds("range", 10, target_max=20, tolerance=5)
        check_thresholds("range", 10, target_max=10, tolerance=0.5)
        cases = [
            (
                ("higher", 100, 100),
                {},
                "the red flag (100) must be below the target (100) when higher "
                "is better",
            ),
            (
                ("higher", 100, 120.5),
                {},
                "the red flag (120.5) must be below the target (100) when higher "
                "is better",
            ),
            (
                ("lower", 50, 40),
                {},
                "the red flag (40) must be above the target (50) when lower is better",
            ),
            (("higher", 100), {}, "a red flag is required when higher is better"),
            (("lower", 100), {}, "a red flag is required when lower is better"),
            (("higher", None, 80), {}, "the target is required"),
            (("higher", "100", 80), {}, "the target must be a number, not '100'"),
            (
                ("sideways", 100, 80),
                {},
                "unknown polarity 'sideways'; use higher, lower or range",
            ),
            (
                ("range", 10),
                {"tolerance": 5},
                "a target range needs a maximum (the top of the range)",
            ),
            (
                ("range", 10),
                {"target_max": 5, "tolerance": 5},
                "the target maximum (5) must not be below the target (10), the "
                "bottom of the range",
            ),
            (
                ("range", 10),
                {"target_max": 20},
                "a target range needs a tolerance above 0",
            ),
            (
                ("range", 10),
                {"target_max": 20, "tolerance": 0},
                "the tolerance (0) must be above 0",
            ),
            (
                ("range", 10),
                {"target_max": 20, "tolerance": -1},
                "the tolerance (-1) must be above 0",
            ),
        ]
        for args, kwargs, message in cases:
            with self.subTest(args=args, kwargs=kwargs):
                with self.assertRaises(ThresholdError) as caught:
                    check_thresholds(*args, **kwargs)
                self.assertIsInstance(caught.exception, ValueError)
                self.assertEqual(caught.exception.message, message)
                self.assertEqual(str(caught.exception), message)

    def test_status_for_score(self):
        cases = {
            None: "none",
            0: "red",
            3.32: "red",
            # A KPI on its red flag scores 3.33 and is yellow; its roll-up
            # alone must read yellow too, not red.
            3.33: "yellow",
            10 / 3: "yellow",
            6.66: "yellow",
            6.67: "green",
            20 / 3: "green",
            10: "green",
        }
        for value, status in cases.items():
            with self.subTest(value=value):
                self.assertEqual(status_for_score(value), status)
        self.assertAlmostEqual(scoring.RED_MAX, 3.3333333, places=6)
        self.assertAlmostEqual(scoring.YELLOW_MAX, 6.6666667, places=6)

    def test_trend(self):
        self.assertEqual(trend(5, 3), "up")
        self.assertEqual(trend(3, 5), "down")
        self.assertEqual(trend(5, 5), "flat")
        self.assertEqual(trend(5, 5 + 1e-12), "flat")
        self.assertEqual(trend(5.2, 5, tolerance=0.5), "flat")
        self.assertIs(trend(None, 3), False)
        self.assertIs(trend(5, None), False)
        self.assertIs(trend(5, ErrorValue("#NODATA", "no value for A in A")), False)

    def test_round_half_up(self):
        self.assertEqual(round_half_up(2.675, 2), 2.68)
        self.assertEqual(round_half_up(5.8333333, 2), 5.83)
        self.assertEqual(round_half_up(2.5, 0), 3.0)
        self.assertEqual(round_half_up(-2.5, 0), -3.0)
        self.assertEqual(str(round_half_up(-0.001, 2)), "0.0")
        self.assertIsNone(round_half_up(None, 2))


@tagged("post_install", "-at_install", "bsc_engine")
class TestScoringProperties(BaseCase):
    @PROPERTY_SETTINGS
    @given(NUMBERS, SPANS, NUMBERS, NUMBERS)
    def test_higher_score_is_bounded_and_monotonic(self, target, span, first, second):
        low, high = sorted((first, second))
        red_flag = target - span
        worse = score(low, "higher", target, red_flag=red_flag)
        better = score(high, "higher", target, red_flag=red_flag)
        for result in (worse, better):
            self.assertTrue(0 <= result.value <= 10, result)
        self.assertLessEqual(worse.value, better.value)
        order = ("red", "yellow", "green")
        self.assertLessEqual(order.index(worse.status), order.index(better.status))

    @PROPERTY_SETTINGS
    @given(
        st.sampled_from(("higher", "lower", "range")), NUMBERS, SPANS, SPANS, NUMBERS
    )
    def test_score_is_always_between_0_and_10(
        self, polarity, target, span, tolerance, actual
    ):
        red_flag = target - span if polarity == "higher" else target + span
        result = score(
            actual,
            polarity,
            target,
            red_flag=red_flag,
            target_max=target + span,
            tolerance=tolerance,
        )
        self.assertTrue(0 <= result.value <= 10, result)
        self.assertIn(result.status, ("red", "yellow", "green"))

    @PROPERTY_SETTINGS
    @given(st.floats(), st.floats(), st.floats(), st.floats(), st.floats())
    def test_any_numbers_give_a_score_or_none_without_raising(
        self, actual, target, red_flag, target_max, tolerance
    ):
        for polarity in ("higher", "lower", "range"):
            result = score(actual, polarity, target, red_flag, target_max, tolerance)
            if result.value is None:
                self.assertEqual(result.status, "none")
            else:
                self.assertTrue(0 <= result.value <= 10, result)
