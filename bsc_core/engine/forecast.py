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


def _fit_predict(values, horizon, season, method, level=None):
    """Point forecasts, and with a ``level`` the prediction interval, of
    ``values``: one series (1-D) or several of one length (2-D, one column
    each, solved in one least-squares call)."""
    size = values.shape[0]
    design = _design(np.arange(size, dtype=float), season, method)
    coef, _res, rank, _sv = np.linalg.lstsq(design, values, rcond=None)
    ahead = _design(np.arange(size, size + horizon, dtype=float), season, method)
    point = ahead @ coef
    dof = size - rank
    if level is None or dof <= 0:
        return point, point, point
    residuals = values - design @ coef
    sigma2 = (residuals * residuals).sum(axis=0) / dof
    inverse = np.linalg.pinv(design.T @ design)
    leverage = 1 + np.einsum("ij,jk,ik->i", ahead, inverse, ahead)
    spread = np.sqrt(np.multiply.outer(leverage, sigma2))
    quantile = stats.t.ppf(0.5 + level / 2, dof)
    return point, point - quantile * spread, point + quantile * spread


def _groups(histories, season, method):
    """Histories by (length of their last run, method): ``{key: [(index,
    values)]}``, leaving out those with too little data."""
    groups = {}
    for index, history in enumerate(histories):
        values = recent_run(history)
        chosen = method or choose_method(len(values), season)
        if chosen is None or len(values) < MIN_TREND:
            continue
        if chosen == SEASONAL and len(values) < 2 * season:
            continue
        groups.setdefault((len(values), chosen), []).append((index, values))
    return groups


def forecast(history, horizon=3, season=12, level=DEFAULT_LEVEL, method=None):
    """Forecast the ``horizon`` periods after ``history``; a :class:`Forecast`
    or None with too little data. ``season`` is the number of periods in a
    year (12 monthly, 4 quarterly, 1 or 0 for none); ``method`` forces one."""
    return forecast_many([history], horizon, season, level, method)[0]


def forecast_many(histories, horizon=3, season=12, level=DEFAULT_LEVEL, method=None):
    """:func:`forecast` of each of ``histories`` (same results), with one
    least-squares solve per group of histories of one length and method."""
    results = [None] * len(histories)
    if horizon < 1:
        return results
    for (size, chosen), members in _groups(histories, season, method).items():
        stacked = np.column_stack([values for _index, values in members])
        point, lower, upper = _fit_predict(stacked, horizon, season, chosen, level)
        for column, (index, _values) in enumerate(members):
            results[index] = Forecast(
                chosen,
                tuple(float(v) for v in point[:, column]),
                tuple(float(v) for v in lower[:, column]),
                tuple(float(v) for v in upper[:, column]),
                level,
                size,
            )
    return results


def backtest(history, season=12, origins=DEFAULT_ORIGINS, method=None):
    """Rolling-origin one-step-ahead error of the method :func:`forecast`
    would use on ``history``; a :class:`Backtest`, or None when fewer than
    ``MIN_ORIGINS`` origins leave the method enough history to fit."""
    return backtest_many([history], season, origins, method)[0]


def backtest_many(histories, season=12, origins=DEFAULT_ORIGINS, method=None):
    """:func:`backtest` of each of ``histories`` (same results), one
    least-squares solve per origin for each group of one length and method."""
    results = [None] * len(histories)
    for (size, chosen), members in _groups(histories, season, method).items():
        minimum = 2 * season if chosen == SEASONAL else MIN_TREND
        first = max(minimum, size - origins)
        if size - first < MIN_ORIGINS:
            continue
        stacked = np.column_stack([values for _index, values in members])
        errors = []
        for origin in range(first, size):
            point, _lower, _upper = _fit_predict(stacked[:origin], 1, season, chosen)
            errors.append(np.abs(point[0] - stacked[origin]))
        errors = np.array(errors)
        actuals = np.abs(stacked[first:])
        with np.errstate(invalid="ignore", divide="ignore"):
            percents = (errors / actuals).mean(axis=0) * 100
        zero = (actuals == 0).any(axis=0)
        for column, (index, _values) in enumerate(members):
            results[index] = Backtest(
                chosen,
                float(errors[:, column].mean()),
                None if zero[column] else float(percents[column]),
                len(errors),
            )
    return results


def at_risk(status_today, status_forecast):
    """True when the forecast's band (red, yellow, green) is worse than
    today's; False when either is unknown ('none' or None)."""
    if status_today not in _RANK or status_forecast not in _RANK:
        return False
    return _RANK[status_forecast] < _RANK[status_today]
