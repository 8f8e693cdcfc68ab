# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math

import numpy as np

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine.forecast import (
    SEASONAL,
    TREND,
    at_risk,
    backtest,
    backtest_many,
    forecast,
    forecast_many,
    recent_run,
    run_rate,
)


def _seasonal(size, seed=0, noise=2.0):
    """Monthly sales: level 100, +1 a month, a summer peak of +/- 20."""
    rng = np.random.default_rng(seed)
    t = np.arange(size)
    return (
        100 + t + 20 * np.sin(2 * math.pi * t / 12) + rng.normal(scale=noise, size=size)
    )


@tagged("post_install", "-at_install", "bsc_engine")
class TestForecast(BaseCase):
    def test_seasonal_series_is_forecast_within_its_noise(self):
        # 36 months of history, the next 6 forecast: the stated error is a
        # mean absolute error under 2.5 (noise sigma 2, so about 1.6 is the
        # best possible) where a trend line alone is off by about 13.
        for seed in range(5):
            with self.subTest(seed=seed):
                series = _seasonal(42, seed)
                history, future = list(series[:36]), series[36:]
                expected = (
                    100
                    + np.arange(36, 42)
                    + 20 * np.sin(2 * math.pi * np.arange(36, 42) / 12)
                )
                result = forecast(history, horizon=6)
                self.assertEqual(result.method, SEASONAL)
                self.assertLess(
                    np.mean(np.abs(np.array(result.values) - expected)), 2.5
                )
                trend_only = forecast(history, horizon=6, method=TREND)
                self.assertGreater(
                    np.mean(np.abs(np.array(trend_only.values) - expected)), 8
                )
                # the 80 % interval holds most of the actual values
                inside = sum(
                    low <= actual <= high
                    for low, actual, high in zip(
                        result.lower, future, result.upper, strict=True
                    )
                )
                self.assertGreaterEqual(inside, 3)

    def test_trend_method_below_two_years(self):
        history = [10 + 2 * t for t in range(10)]
        result = forecast(history, horizon=2)
        self.assertEqual(result.method, TREND)
        self.assertAlmostEqual(result.values[0], 30.0)
        self.assertAlmostEqual(result.values[1], 32.0)
        self.assertEqual(result.history, 10)

    def test_interval_widens_with_the_horizon(self):
        result = forecast(list(_seasonal(30, 3)), horizon=3)
        widths = [
            high - low for low, high in zip(result.lower, result.upper, strict=True)
        ]
        self.assertTrue(all(width > 0 for width in widths))
        self.assertLess(widths[0], widths[2])
        for low, value, high in zip(
            result.lower, result.values, result.upper, strict=True
        ):
            self.assertLess(low, value)
            self.assertLess(value, high)

    def test_short_history_gives_too_little_data(self):
        self.assertIsNone(forecast([]))
        self.assertIsNone(forecast([5.0, 6.0, 7.0]))
        self.assertIsNone(backtest([5.0, 6.0, 7.0, 8.0, 9.0]))
        # a gap restarts the history: only the last unbroken run counts
        self.assertIsNone(forecast([1.0] * 20 + [None, 3.0, 4.0]))
        self.assertEqual(list(recent_run([1.0, None, 2.0, 3.0, None])), [2.0, 3.0])

    def test_backtest_measures_the_error_on_the_own_history(self):
        series = list(_seasonal(36, 1))
        result = backtest(series)
        self.assertEqual((result.method, result.origins), (SEASONAL, 12))
        self.assertLess(result.mae, 4)
        self.assertLess(result.mape, 4)
        exact = backtest([3.0 * t + 1 for t in range(12)])
        self.assertEqual(exact.method, TREND)
        self.assertAlmostEqual(exact.mae, 0.0)
        with_zero = backtest([0.0] * 12)
        self.assertIsNone(with_zero.mape)

    def test_run_rate_of_a_running_period(self):
        self.assertEqual(run_rate(300.0, 10, 30), 900.0)
        self.assertEqual(run_rate(300.0, 30, 30), 300.0)
        self.assertIsNone(run_rate(None, 10, 30))
        self.assertIsNone(run_rate(300.0, 0, 30))

    def test_at_risk_when_the_band_gets_worse(self):
        self.assertTrue(at_risk("green", "yellow"))
        self.assertTrue(at_risk("yellow", "red"))
        self.assertFalse(at_risk("yellow", "yellow"))
        self.assertFalse(at_risk("red", "green"))
        self.assertFalse(at_risk("none", "red"))
        self.assertFalse(at_risk("green", None))

    def test_batched_forecasts_are_the_single_ones(self):
        histories = [
            list(_seasonal(36, 1)),
            list(_seasonal(36, 2)),
            [3.0 * t for t in range(10)],
            [1.0, 2.0],
            list(_seasonal(30, 4)),
        ]
        for history, result in zip(histories, forecast_many(histories), strict=True):
            single = forecast(history)
            if single is None:
                self.assertIsNone(result)
                continue
            self.assertEqual(
                (result.method, result.history), (single.method, single.history)
            )
            for many, one in (
                (result.values, single.values),
                (result.lower, single.lower),
                (result.upper, single.upper),
            ):
                np.testing.assert_allclose(many, one, rtol=1e-9)
        self.assertIsNone(forecast_many(histories)[3])
        batched = backtest_many(histories)
        for history, result in zip(histories, batched, strict=True):
            single = backtest(history)
            if single is None:
                self.assertIsNone(result)
                continue
            self.assertEqual(
                (result.method, result.origins), (single.method, single.origins)
            )
            self.assertAlmostEqual(result.mae, single.mae, places=9)
