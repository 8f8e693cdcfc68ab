# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Test a cause-effect arrow of the strategy map against its history.

An arrow "cause -> effect" is a hypothesis: when the cause does better, the
effect does better, possibly some periods later. :func:`lagged_evidence`
tests it on two plain series of equal length, one value (or None) per
period, oldest first.

Method
------
1. **Prewhitening.** Scores and KPI values trend and are autocorrelated (a
   good month is followed by a good month); two unrelated trending series
   correlate strongly ("spurious regression"). Each series is therefore
   linearly detrended (least squares over its known periods) and then
   filtered by its own AR(1) fit, ``e[t] = x[t] - phi * x[t-1]`` (the
   Box-Jenkins prewhitening step of a cross-correlation analysis). What is
   left is close to white noise for trending, random-walk-like and white
   series alike, so that a permutation is a fair null.
2. **Lagged correlation.** For every lag ``L`` in ``0..max_lag`` the Pearson
   r of the cause's residual at ``t`` with the effect's residual at
   ``t + L`` is computed over the periods where both exist. The best lag is
   the one with the largest ``|r|``.
3. **Significance across lags.** Trying several lags and keeping the best
   inflates chance findings. The p-value is that of the *maximum* ``|r|``
   over all lags under a permutation test: the cause's residuals are
   shuffled ``permutations`` times (missing periods stay where they are), the
   maximum ``|r|`` over all lags is recomputed each time, and
   ``p = (1 + #{max >= observed}) / (1 + permutations)``. This is exact for
   exchangeable residuals and needs no multiple-testing correction.

Assumptions: the periods are consecutive and of one frequency; the relation,
if any, is linear in the residuals and of one sign; after detrending an
AR(1) captures most of each series' memory (strongly seasonal series keep
some, which makes the test a little liberal). The permutations are drawn
from a generator seeded by ``seed``, so one history always gives one answer.

Verdict (``status``): ``too_little_data`` when fewer than ``min_pairs``
paired periods remain at the largest lag; ``supported`` when ``p < alpha``
and the best r is positive (higher cause, higher effect later: scores are
"higher is better"); ``contradicted`` when ``p < alpha`` and r is negative;
``not_supported`` otherwise.
"""

from dataclasses import dataclass

import numpy as np

SUPPORTED = "supported"
NOT_SUPPORTED = "not_supported"
CONTRADICTED = "contradicted"
TOO_LITTLE_DATA = "too_little_data"
STATUSES = (SUPPORTED, NOT_SUPPORTED, CONTRADICTED, TOO_LITTLE_DATA)

DEFAULT_MAX_LAG = 3
DEFAULT_MIN_PAIRS = 12
DEFAULT_PERMUTATIONS = 999
DEFAULT_ALPHA = 0.05


@dataclass(frozen=True)
class Evidence:
    """What the history says about one arrow.

    ``lag`` (periods), ``r`` (Pearson r of the prewhitened series at that
    lag), ``n`` (paired periods at that lag) and ``p`` (permutation p-value
    of the maximum |r| over all lags) are None with too little data.
    """

    status: str
    lag: int | None = None
    r: float | None = None
    n: int = 0
    p: float | None = None

    @property
    def tested(self):
        return self.status != TOO_LITTLE_DATA


def as_array(series):
    """``series`` (numbers and None) as a float array, NaN for missing."""
    return np.array(
        [np.nan if value is None else float(value) for value in series], dtype=float
    )


def prewhiten(series):
    """Linearly detrended, AR(1)-filtered residuals of ``series``.

    Returns an array of the same length with NaN where the value or its
    predecessor is missing (the first period is always NaN). A series with
    fewer than 3 known values, or constant once detrended, gives all NaN:
    there is nothing to correlate.
    """
    values = as_array(series) if not isinstance(series, np.ndarray) else series
    size = len(values)
    known = ~np.isnan(values)
    out = np.full(size, np.nan)
    if known.sum() < 3:
        return out
    times = np.arange(size, dtype=float)
    slope, intercept = np.polyfit(times[known], values[known], 1)
    detrended = values - (slope * times + intercept)
    if np.nanstd(detrended) < 1e-12 * max(1.0, np.nanmax(np.abs(values))):
        return out
    previous, current = detrended[:-1], detrended[1:]
    both = ~(np.isnan(previous) | np.isnan(current))
    if both.sum() < 2:
        return out
    denominator = float(np.dot(previous[both], previous[both]))
    phi = float(np.dot(previous[both], current[both])) / denominator
    # A fitted phi beyond +-1 would explode the filter; clip to stationarity.
    phi = min(max(phi, -0.99), 0.99)
    out[1:] = current - phi * previous
    return out


def _correlations(causes, effect, lag):
    """Pearson r of each row of ``causes`` at ``t`` with ``effect`` at
    ``t + lag`` over the periods where both exist; also the pair count."""
    size = effect.shape[0]
    left = causes[:, : size - lag]
    right = effect[lag:]
    mask = ~(np.isnan(left[0]) | np.isnan(right))
    count = int(mask.sum())
    if count < 3:
        return np.zeros(causes.shape[0]), count
    x = left[:, mask]
    y = right[mask]
    x = x - x.mean(axis=1, keepdims=True)
    y = y - y.mean()
    numerator = x @ y
    denominator = np.sqrt((x * x).sum(axis=1) * float(y @ y))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(denominator > 0, numerator / denominator, 0.0)
    return r, count


def lagged_evidence(
    cause,
    effect,
    max_lag=DEFAULT_MAX_LAG,
    min_pairs=DEFAULT_MIN_PAIRS,
    permutations=DEFAULT_PERMUTATIONS,
    alpha=DEFAULT_ALPHA,
    seed=0,
    prewhitened=False,
):
    """Evidence that ``cause`` drives ``effect`` 0..``max_lag`` periods later.

    ``cause`` and ``effect`` are sequences of one value (or None) per period,
    oldest first, of the same length (or, with ``prewhitened``, the arrays
    :func:`prewhiten` made of them, to prewhiten each series once when it
    takes part in many pairs). See the module docstring for the method;
    returns an :class:`Evidence`.
    """
    if len(cause) != len(effect):
        raise ValueError("the cause and effect series must cover the same periods")
    if max_lag < 0:
        raise ValueError("the largest lag must be 0 or more")
    x, y = _residuals(cause, effect, prewhitened)
    if len(x) <= max_lag:
        return Evidence(TOO_LITTLE_DATA)
    observed = []
    for lag in range(max_lag + 1):
        r, count = _correlations(x[None, :], y, lag)
        if count < min_pairs:
            return Evidence(TOO_LITTLE_DATA, n=count)
        observed.append((abs(float(r[0])), lag, float(r[0]), count))
    best_abs, lag, r, count = max(observed, key=lambda item: (item[0], -item[1]))
    if best_abs == 0.0:
        return Evidence(NOT_SUPPORTED, lag, 0.0, count, 1.0)
    # Shuffle the cause's residuals among its known periods, B times at once.
    rng = np.random.default_rng(seed)
    known = ~np.isnan(x)
    shuffled = np.tile(x, (permutations, 1))
    shuffled[:, known] = rng.permuted(np.tile(x[known], (permutations, 1)), axis=1)
    maximum = np.zeros(permutations)
    for lag_tried in range(max_lag + 1):
        r_tried, _count = _correlations(shuffled, y, lag_tried)
        np.maximum(maximum, np.abs(r_tried), out=maximum)
    exceed = int((maximum >= best_abs - 1e-12).sum())
    p = (1 + exceed) / (1 + permutations)
    if p < alpha:
        status = SUPPORTED if r > 0 else CONTRADICTED
    else:
        status = NOT_SUPPORTED
    return Evidence(status, lag, r, count, p)


def _residuals(cause, effect, prewhitened):
    if prewhitened:
        return cause, effect
    return prewhiten(as_array(cause)), prewhiten(as_array(effect))


def strongest_lag(
    cause,
    effect,
    max_lag=DEFAULT_MAX_LAG,
    min_pairs=DEFAULT_MIN_PAIRS,
    prewhitened=False,
):
    """The cheap first step of :func:`lagged_evidence`: ``(r, lag, n)`` of the
    largest ``|r|`` of the prewhitened series, or None with too little data.

    Used to screen many pairs (links to consider) before paying for the
    permutation test on the few strong ones.
    """
    x, y = _residuals(cause, effect, prewhitened)
    if len(x) <= max_lag:
        return None
    best = None
    for lag in range(max_lag + 1):
        r, count = _correlations(x[None, :], y, lag)
        if count < min_pairs:
            return None
        if best is None or abs(r[0]) > abs(best[0]):
            best = (float(r[0]), lag, count)
    return best
