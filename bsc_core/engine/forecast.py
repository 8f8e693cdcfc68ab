# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Forecast a KPI from its own history.

Three pure functions over plain numbers:

- :func:`run_rate`: the value expected at the end of a running period from
  the value so far, for KPIs whose periods add up (sum): the value so far
  times the period's length over the elapsed part. Assumes the rest of the
  period goes as the elapsed part did (no intra-period seasonality).
- :func:`forecast`: the next ``horizon`` periods. With at least two full
  seasons of history (24 months of a monthly KPI) the **seasonal method**:
  ordinary least squares of a linear trend plus one additive effect per
  season position (month of the year). Otherwise the **trend method**: least
  squares of a linear trend, over at least ``MIN_TREND`` values. The
  interval is the OLS prediction interval at ``level`` (Student t with the
  residual degrees of freedom: it widens with the horizon and with the
  distance from the fitted data). Assumes the residuals are independent and
  roughly normal with a constant spread; a structural break in the history
  is not detected. Too short a history gives ``None`` ("too little data"),
  never a number.
- :func:`backtest`: the method's rolling-origin error on the same history:
  it is refitted at each of the last ``origins`` periods on the values
  before it and forecasts one period ahead; ``mae`` is the mean absolute
  error in the KPI's unit, ``mape`` the mean absolute percentage error
  (None when an actual is 0). So a user can judge how far to trust the
  forecast.

:func:`at_risk` compares the status band of the forecast with today's.
The history is a list of numbers or None, oldest first, one per period;
only the last unbroken run of known values is used (a gap restarts it).
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats

SEASONAL = "seasonal"
TREND = "trend"
MIN_TREND = 4
DEFAULT_LEVEL = 0.8
DEFAULT_ORIGINS = 12
MIN_ORIGINS = 3

_RANK = {"red": 0, "yellow": 1, "green": 2}


@dataclass(frozen=True)
class Forecast:
    """The next periods of a KPI: ``values``, ``lower`` and ``upper`` (one per
    period ahead), the ``method`` (seasonal or trend), ``level`` of the
    interval and ``history`` (how many values it was fitted on)."""

    method: str
    values: tuple
    lower: tuple
    upper: tuple
    level: float
    history: int


@dataclass(frozen=True)
class Backtest:
    """Rolling-origin one-step error of a method: ``mae``, ``mape`` (None
    with an actual of 0) over ``origins`` forecasts."""

    method: str
    mae: float
    mape: float | None
    origins: int


def run_rate(value_so_far, elapsed, total):
    """End-of-period value of a sum KPI at run rate.

    ``elapsed`` and ``total`` are the elapsed and full length of the period
    in any one unit (days). Returns None without a value or before the
    period starts; the value itself once the period is over.
    """
    if value_so_far is None or elapsed <= 0 or total <= 0:
        return None
    if elapsed >= total:
        return float(value_so_far)
    return float(value_so_far) * total / elapsed


def recent_run(history):
    """The last unbroken run of known values of ``history`` as a float array."""
    values = []
    for value in reversed(list(history)):
        if value is None or (isinstance(value, float) and not np.isfinite(value)):
            if values:
                break
            continue
        values.append(float(value))
    return np.array(values[::-1], dtype=float)


def choose_method(size, season=12):
    """seasonal with two full seasons, trend with ``MIN_TREND`` values, else
    None (too little data)."""
    if season and season > 1 and size >= 2 * season:
        return SEASONAL
    if size >= MIN_TREND:
        return TREND
    return None


def _design(times, season, method):
    columns = [np.ones_like(times), times]
    if method == SEASONAL:
        # one dummy per season position but the first (the intercept's)
        positions = times.astype(int) % season
        columns += [(positions == k).astype(float) for k in range(1, season)]
    return np.column_stack(columns)


def _fit_predict(values, horizon, season, method, level):
    size = len(values)
    times = np.arange(size, dtype=float)
    design = _design(times, season, method)
    coef, _res, rank, _sv = np.linalg.lstsq(design, values, rcond=None)
    ahead = _design(np.arange(size, size + horizon, dtype=float), season, method)
    point = ahead @ coef
    dof = size - rank
    if dof <= 0:
        return point, point, point
    residuals = values - design @ coef
    sigma2 = float(residuals @ residuals) / dof
    inverse = np.linalg.pinv(design.T @ design)
    spread = np.sqrt(sigma2 * (1 + np.einsum("ij,jk,ik->i", ahead, inverse, ahead)))
    quantile = stats.t.ppf(0.5 + level / 2, dof)
    return point, point - quantile * spread, point + quantile * spread


def forecast(history, horizon=3, season=12, level=DEFAULT_LEVEL, method=None):
    """Forecast the ``horizon`` periods after ``history``; a :class:`Forecast`
    or None with too little data. ``season`` is the number of periods in a
    year (12 monthly, 4 quarterly, 1 or 0 for none); ``method`` forces one."""
    values = recent_run(history)
    method = method or choose_method(len(values), season)
    if method is None or horizon < 1 or len(values) < MIN_TREND:
        return None
    if method == SEASONAL and len(values) < 2 * season:
        return None
    point, lower, upper = _fit_predict(values, horizon, season, method, level)
    return Forecast(
        method,
        tuple(float(v) for v in point),
        tuple(float(v) for v in lower),
        tuple(float(v) for v in upper),
        level,
        len(values),
    )


def backtest(history, season=12, origins=DEFAULT_ORIGINS, method=None):
    """Rolling-origin one-step-ahead error of the method :func:`forecast`
    would use on ``history``; a :class:`Backtest`, or None when fewer than
    ``MIN_ORIGINS`` origins leave the method enough history to fit."""
    values = recent_run(history)
    method = method or choose_method(len(values), season)
    if method is None:
        return None
    minimum = 2 * season if method == SEASONAL else MIN_TREND
    first = max(minimum, len(values) - origins)
    errors, percents = [], []
    for origin in range(first, len(values)):
        point, _lower, _upper = _fit_predict(values[:origin], 1, season, method, 0.5)
        actual = values[origin]
        errors.append(abs(point[0] - actual))
        percents.append(abs(point[0] - actual) / abs(actual) if actual else None)
    if len(errors) < MIN_ORIGINS:
        return None
    mape = None if None in percents else float(np.mean(percents) * 100)
    return Backtest(method, float(np.mean(errors)), mape, len(errors))


def at_risk(status_today, status_forecast):
    """True when the forecast's band (red, yellow, green) is worse than
    today's; False when either is unknown ('none' or None)."""
    if status_today not in _RANK or status_forecast not in _RANK:
        return False
    return _RANK[status_forecast] < _RANK[status_today]
