# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Calendar periods of a scorecard and aggregation of values over them."""

import calendar
import datetime
import math
from dataclasses import dataclass

from .numeric import is_number

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
FREQUENCIES = (MONTH, QUARTER, YEAR)

SUM = "sum"
AVG = "avg"
LAST = "last"
AGGREGATES = (SUM, AVG, LAST)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year.

    ``date_start`` and ``date_end`` are both included; ``name`` reads
    "2026-01", "2026-Q1" or "2026". Periods sort chronologically.
    """

    date_start: datetime.date
    date_end: datetime.date
    frequency: str
    name: str


@dataclass(frozen=True)
class YearToDate:
    """From 1 January to the end of ``until`` (a :class:`Period`).

    A span, not a calendar period: its figures aggregate the periods it
    overlaps, as a year's do, so its ``frequency`` is the year's.
    """

    until: Period
    name: str

    frequency = YEAR

    @property
    def date_start(self):
        return datetime.date(self.until.date_end.year, 1, 1)

    @property
    def date_end(self):
        return self.until.date_end


def span_key(span):
    """What tells two spans apart: frequency and dates (a :class:`Period`,
    a :class:`YearToDate`, or a record with the same attributes)."""
    return (span.frequency, span.date_start, span.date_end)


def period_containing(day, frequency):
    """The calendar period of ``frequency`` that contains the date ``day``."""
    day = _as_date(day, "the date")
    _check_frequency(frequency)
    year = day.year
    if frequency == YEAR:
        return Period(
            datetime.date(year, 1, 1), datetime.date(year, 12, 31), YEAR, str(year)
        )
    if frequency == QUARTER:
        quarter = (day.month - 1) // 3 + 1
        first, last = 3 * quarter - 2, 3 * quarter
        name = f"{year}-Q{quarter}"
    else:
        first = last = day.month
        name = f"{year}-{day.month:02d}"
    end = datetime.date(year, last, calendar.monthrange(year, last)[1])
    return Period(datetime.date(year, first, 1), end, frequency, name)


def generate_periods(date_from, date_to, frequency):
    """The calendar periods of ``frequency`` covering ``date_from``..``date_to``.

    ``frequency`` is 'month', 'quarter' or 'year'. The first period is the one
    containing ``date_from``, the last the one containing ``date_to``; periods
    are whole calendar periods, never cut at the given dates. Raises
    ValueError when ``date_to`` is before ``date_from`` or the frequency is
    unknown. Datetimes count by their date.
    """
    date_from = _as_date(date_from, "the start date")
    date_to = _as_date(date_to, "the end date")
    _check_frequency(frequency)
    if date_to < date_from:
        raise ValueError(
            f"the end date ({date_to}) is before the start date ({date_from})"
        )
    periods = [period_containing(date_from, frequency)]
    # Stop on the period holding date_to rather than stepping past it: the
    # day after 9999-12-31 does not exist.
    while periods[-1].date_end < date_to:
        next_day = periods[-1].date_end + datetime.timedelta(days=1)
        periods.append(period_containing(next_day, frequency))
    return periods


def aggregate(values, method):
    """Combine chronological values of several periods into one.

    ``method`` is 'sum', 'avg' or 'last' (the latest value). None, and
    anything that is not a finite number (such as an error value), is left
    out. Returns None when no number is left; raises ValueError for an
    unknown method.
    """
    if method not in AGGREGATES:
        raise ValueError(f"unknown aggregation {method!r}; use sum, avg or last")
    found = [float(value) for value in values if is_number(value)]
    if not found:
        return None
    if method == LAST:
        return found[-1]
    total = math.fsum(found)
    return total / len(found) if method == AVG else total


def contains(outer_start, outer_end, inner_start, inner_end):
    """True when the span ``inner_start..inner_end`` lies within
    ``outer_start..outer_end`` (all dates included)."""
    return outer_start <= inner_start and inner_end <= outer_end


def overlaps(start_a, end_a, start_b, end_b):
    """True when the spans ``start_a..end_a`` and ``start_b..end_b`` share a
    day (all dates included).

    Calendar periods that overlap a period are the finer ones inside it and
    the coarser one containing it; those that overlap a year to date are the
    ones started by its end."""
    return start_a <= end_b and start_b <= end_a


def ytd_slice(periods, index):
    """Indexes of the periods from the start of the year to ``periods[index]``.

    ``periods`` is a chronological list of :class:`Period` (or of anything
    with a ``date_start``); the result is the ``range`` from the first period
    of the same calendar year as ``periods[index]`` up to ``index`` included.
    """
    if not 0 <= index < len(periods):
        raise IndexError(f"period index {index} is out of range")
    year = periods[index].date_start.year
    first = index
    while first > 0 and periods[first - 1].date_start.year == year:
        first -= 1
    return range(first, index + 1)


def _check_frequency(frequency):
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r}; use month, quarter or year")


def _as_date(value, what):
    if isinstance(value, datetime.datetime):
        return value.date()
    if not isinstance(value, datetime.date):
        raise ValueError(f"{what} must be a date, not {value!r}")
    return value
