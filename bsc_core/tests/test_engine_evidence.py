# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import numpy as np

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine import evidence
from odoo.addons.bsc_core.engine.evidence import (
    CONTRADICTED,
    NOT_SUPPORTED,
    SUPPORTED,
    TOO_LITTLE_DATA,
    lagged_evidence,
    prewhiten,
    strongest_lag,
)


def _ar1(rng, size, phi=0.5, scale=1.0):
    values = np.zeros(size)
    for t in range(1, size):
        values[t] = phi * values[t - 1] + rng.normal(scale=scale)
    return values


def _planted(seed, lag=2, size=36, sign=1.0):
    """A cause series and an effect that follows it ``lag`` periods later."""
    rng = np.random.default_rng(seed)
    cause = 5 + _ar1(rng, size + lag)
    effect = 5 + sign * 0.8 * (cause[:-lag] - 5) + rng.normal(scale=0.4, size=size)
    return list(cause[lag:]), list(effect)


@tagged("post_install", "-at_install", "bsc_engine")
class TestEvidence(BaseCase):
    def test_planted_lag_two_is_found_at_lag_two(self):
        for seed in range(10):
            with self.subTest(seed=seed):
                cause, effect = _planted(seed)
                result = lagged_evidence(cause, effect, max_lag=3)
                self.assertEqual(result.status, SUPPORTED)
                self.assertEqual(result.lag, 2)
                self.assertGreater(result.r, 0.5)
                self.assertEqual(result.n, 36 - 1 - 2)
                self.assertLess(result.p, 0.01)

    def test_inverse_relation_is_contradicted(self):
        cause, effect = _planted(3, sign=-1.0)
        result = lagged_evidence(cause, effect)
        self.assertEqual((result.status, result.lag), (CONTRADICTED, 2))
        self.assertLess(result.r, -0.5)

    def test_noise_is_supported_in_about_five_percent_of_seeds(self):
        # Independent series of three kinds: white noise, random walks and
        # trending series, 200 seeds each. Without prewhitening the walks
        # and trends correlate "significantly" far more often than 5 %.
        shapes = {
            "white": lambda rng: rng.normal(size=36),
            "walk": lambda rng: np.cumsum(rng.normal(size=36)),
            "trend": lambda rng: 0.3 * np.arange(36) + rng.normal(size=36),
        }
        for name, shape in shapes.items():
            with self.subTest(shape=name):
                supported = 0
                for seed in range(200):
                    rng = np.random.default_rng(10_000 + seed)
                    cause, effect = list(shape(rng)), list(shape(rng))
                    result = lagged_evidence(cause, effect, permutations=199)
                    supported += result.status == SUPPORTED
                self.assertLessEqual(supported, 14, f"{supported} of 200 supported")

    def test_trending_series_alone_are_not_evidence(self):
        # Two unrelated series that both rise: raw r is near 1, the test
        # sees through it.
        rng = np.random.default_rng(7)
        cause = list(np.arange(36) + rng.normal(size=36))
        effect = list(2 * np.arange(36) + rng.normal(size=36))
        self.assertGreater(np.corrcoef(cause, effect)[0, 1], 0.95)
        self.assertNotEqual(lagged_evidence(cause, effect).status, SUPPORTED)

    def test_short_history_gives_too_little_data(self):
        cause, effect = _planted(1, size=14)
        result = lagged_evidence(cause, effect, max_lag=3)
        self.assertEqual(result.status, TOO_LITTLE_DATA)
        self.assertIsNone(result.r)
        self.assertIsNone(result.p)
        self.assertIsNone(strongest_lag(cause, effect))
        # the same history with a smaller maximum lag has enough pairs
        self.assertTrue(lagged_evidence(*_planted(1, size=16), max_lag=2).tested)

    def test_missing_periods_are_skipped_not_zero(self):
        cause, effect = _planted(4, size=40)
        for index in (5, 17, 30):
            cause[index] = None
        result = lagged_evidence(cause, effect)
        self.assertEqual((result.status, result.lag), (SUPPORTED, 2))
        self.assertLess(result.n, 40 - 1 - 2)
        # a series all missing, or constant, has nothing to test
        self.assertEqual(
            lagged_evidence([None] * 30, effect[:30]).status, TOO_LITTLE_DATA
        )
        flat = lagged_evidence([5.0] * 40, effect)
        self.assertEqual(flat.status, TOO_LITTLE_DATA)

    def test_same_history_same_answer(self):
        cause, effect = _planted(5)
        self.assertEqual(lagged_evidence(cause, effect), lagged_evidence(cause, effect))

    def test_prewhiten_removes_the_trend(self):
        residuals = prewhiten(list(3.0 * np.arange(20) + 1))
        self.assertTrue(np.isnan(residuals).all())
        rng = np.random.default_rng(2)
        walk = prewhiten(list(np.cumsum(rng.normal(size=200))))
        lag_one = np.corrcoef(walk[1:-1], walk[2:])[0, 1]
        self.assertLess(abs(lag_one), 0.2)

    def test_bad_input_is_refused(self):
        with self.assertRaises(ValueError):
            lagged_evidence([1.0] * 20, [1.0] * 19)
        with self.assertRaises(ValueError):
            lagged_evidence([1.0] * 20, [1.0] * 20, max_lag=-1)
        self.assertEqual(NOT_SUPPORTED, evidence.NOT_SUPPORTED)
