# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Workforce figures from employment spans: pure Python, no ORM.

An employee is an :class:`Employment`: hired on ``hire``, gone from
``departure`` on (None while still employed). The figures follow one rule:

- **headcount at a day D** (at the end of that day): employees with
  ``hire <= D`` and no departure, or ``departure > D``. On their departure
  date an employee no longer counts.
- **opening headcount** of a period: the headcount at the day before its
  first day, so that ``closing = opening + hires - departures``.
- **hires** / **departures** of a period: employees whose hire / departure
  date falls in it (both ends included).
- **turnover rate**: ``departures / ((opening + closing) / 2) x 100``.
- **average tenure** at a day D: the mean of ``(D - hire)`` in days / 365.25
  over the headcount at D, in years.
- **appraisal rate**: the share (%) of the closing headcount with an
  appraisal completed in the period.

Every function returns a :class:`Figure`: the value (None without one), the
reason when there is no value, and the ids of the employees behind it, which
the drill-down opens.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

DAYS_PER_YEAR = 365.25

HEADCOUNT = "headcount"
HIRES = "hires"
DEPARTURES = "departures"
TURNOVER = "turnover"
TENURE = "tenure"
APPRAISAL_RATE = "appraisal_rate"
KINDS = (HEADCOUNT, HIRES, DEPARTURES, TURNOVER, TENURE, APPRAISAL_RATE)


@dataclass(frozen=True)
class Employment:
    """One employee's span: hired on ``hire``, gone from ``departure`` on."""

    employee_id: int
    hire: date
    departure: date | None = None


@dataclass(frozen=True)
class Figure:
    """A workforce figure: ``value`` (None without one), ``error`` (why there
    is no value, or False) and ``employee_ids`` (who is behind it)."""

    value: float | None
    error: str | bool = False
    employee_ids: tuple = field(default=())


def employed(employments, day):
    """The employments counted in the headcount at the end of ``day``."""
    return [
        e
        for e in employments
        if e.hire <= day and (e.departure is None or e.departure > day)
    ]


def hired(employments, start, end):
    """The employments whose hire date lies in ``start..end``."""
    return [e for e in employments if start <= e.hire <= end]


def departed(employments, start, end):
    """The employments whose departure date lies in ``start..end``."""
    return [e for e in employments if e.departure and start <= e.departure <= end]


def headcount(employments, start, end):
    """Headcount at ``end``, the last day of the period."""
    present = employed(employments, end)
    return Figure(float(len(present)), False, _ids(present))


def hires(employments, start, end):
    """Number of hires in the period."""
    found = hired(employments, start, end)
    return Figure(float(len(found)), False, _ids(found))


def departures(employments, start, end):
    """Number of departures in the period."""
    found = departed(employments, start, end)
    return Figure(float(len(found)), False, _ids(found))


def turnover(employments, start, end):
    """Departures / mean of opening and closing headcount, in %.

    No value (with a #DIV/0 reason) when nobody was employed at either end.
    """
    left = departed(employments, start, end)
    opening = len(employed(employments, start - timedelta(days=1)))
    closing = len(employed(employments, end))
    average = (opening + closing) / 2
    if not average:
        return Figure(
            None,
            "#DIV/0: no employee at the start nor at the end of the period",
            _ids(left),
        )
    return Figure(len(left) / average * 100, False, _ids(left))


def tenure(employments, start, end):
    """Mean years of service at ``end`` of the employees counted then."""
    present = employed(employments, end)
    if not present:
        return Figure(None, "no employee at the end of the period")
    days = sum((end - e.hire).days for e in present)
    return Figure(days / len(present) / DAYS_PER_YEAR, False, _ids(present))


def appraisal_rate(employments, start, end, completed):
    """Share (%) of the closing headcount appraised in the period.

    :param completed: ``{employee_id: [completion dates]}`` of completed
        appraisals
    """
    present = employed(employments, end)
    if not present:
        return Figure(None, "#DIV/0: no employee at the end of the period")
    appraised = [
        e
        for e in present
        if any(start <= day <= end for day in completed.get(e.employee_id, ()))
    ]
    return Figure(len(appraised) / len(present) * 100, False, _ids(appraised))


def figure(kind, employments, start, end, completed=None):
    """The figure of ``kind`` (one of :data:`KINDS`) for the period
    ``start..end``; ``completed`` is only used by the appraisal rate."""
    if kind == APPRAISAL_RATE:
        return appraisal_rate(employments, start, end, completed or {})
    functions = {
        HEADCOUNT: headcount,
        HIRES: hires,
        DEPARTURES: departures,
        TURNOVER: turnover,
        TENURE: tenure,
    }
    if kind not in functions:
        raise ValueError(f"unknown workforce figure {kind!r}; use one of {KINDS}")
    return functions[kind](employments, start, end)


def _ids(employments):
    return tuple(e.employee_id for e in employments)
