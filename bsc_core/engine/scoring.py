# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Score a measurement from 0 to 10 and colour it red, yellow or green.

Higher is better, with target ``T`` and red flag ``R < T`` and ``d = T - R``:

====================  ======  ==========================================
actual ``A``          status  score
====================  ======  ==========================================
``A < R``             red     0 at ``R - d`` rising to 3.33 at ``R``
``R <= A < T``        yellow  3.33 at ``R`` rising to 6.67 at ``T``
``A >= T``            green   6.67 at ``T`` rising to 10 at ``T + d``
====================  ======  ==========================================

clamped to [0, 10]: one straight line through (R, 10/3) and (T, 20/3).
Lower is better mirrors it (``R > T``). A target range ``[low, high]`` with a
tolerance ``tol`` is green inside (6.67 at the edges, 10 at the midpoint),
yellow up to ``tol`` outside (6.67 down to 3.33), red beyond (3.33 down to 0
at ``2 * tol`` outside).
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from .numeric import is_number

RED_MAX = 10 / 3
YELLOW_MAX = 20 / 3
MAX_SCORE = 10.0

RED = "red"
YELLOW = "yellow"
GREEN = "green"
NONE = "none"
STATUSES = (RED, YELLOW, GREEN, NONE)
# The selection of every status field of the suite (the ORM translates the
# labels); no other list of statuses is written out.
STATUS_SELECTION = [
    (RED, "Red"),
    (YELLOW, "Yellow"),
    (GREEN, "Green"),
    (NONE, "No data"),
]

HIGHER = "higher"
LOWER = "lower"
RANGE = "range"
POLARITIES = (HIGHER, LOWER, RANGE)

_POLARITY_TEXT = {HIGHER: "higher is better", LOWER: "lower is better"}


class ThresholdError(ValueError):
    """Targets and thresholds that cannot score anything; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Score:
    """A scored measurement.

    ``value`` is 0..10 rounded to 2 decimals (None without data), ``status``
    one of red, yellow, green, none, and ``explanation`` a few lines saying
    which actual, targets and band gave them.
    """

    value: float | None
    status: str
    explanation: str


def round_half_up(value, digits=2):
    """Round ``value`` to ``digits`` decimals, halves away from zero.

    The shortest decimal text of the float is rounded, as people and
    spreadsheets do (2.675 -> 2.68), not the binary value as ``round`` does.
    None and non-finite values come back unchanged.
    """
    if value is None or not math.isfinite(value):
        return value
    rounded = Decimal(repr(float(value))).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=Context(prec=400)
    )
    # + 0.0 turns -0.0 into 0.0, which nobody wants to read.
    return float(rounded) + 0.0


def status_for_score(value):
    """Status of a score: None -> 'none', below 3.33 red, below 6.67 yellow,
    else green.

    The score is compared once rounded to the 2 decimals it is shown and
    stored with, so that 3.33 (the score of an actual on its red flag) reads
    yellow and 6.67 (on target) green, wherever the number comes from.
    """
    if value is None:
        return NONE
    shown = round_half_up(value, 2)
    if shown < round_half_up(RED_MAX, 2):
        return RED
    if shown < round_half_up(YELLOW_MAX, 2):
        return YELLOW
    return GREEN


def trend(current, previous, tolerance=1e-9):
    """Direction from ``previous`` to ``current``: 'up', 'down' or 'flat'.

    Differences within ``tolerance`` are flat. Returns False (Odoo's empty
    selection) when either value is missing or not a number. Whether up is
    good depends on the KPI's polarity: that is for the caller to show.
    """
    if not (is_number(current) and is_number(previous)):
        return False
    change = current - previous
    if change > tolerance:
        return "up"
    if change < -tolerance:
        return "down"
    return "flat"


def check_thresholds(polarity, target, red_flag=None, target_max=None, tolerance=None):
    """Raise ThresholdError unless the thresholds can score a KPI.

    Higher is better needs a red flag below the target, lower is better one
    above it; a target range needs a maximum not below the target (its
    minimum) and a tolerance above 0. Every value must be a finite number.
    """
    if polarity not in POLARITIES:
        raise ThresholdError(
            f"unknown polarity {polarity!r}; use higher, lower or range"
        )
    _check_number("the target", target)
    if polarity == RANGE:
        _check_range(target, target_max, tolerance)
        return
    text = _POLARITY_TEXT[polarity]
    if red_flag is None:
        raise ThresholdError(f"a red flag is required when {text}")
    _check_number("the red flag", red_flag)
    if polarity == HIGHER and red_flag >= target:
        raise ThresholdError(
            f"the red flag ({_num(red_flag)}) must be below the target "
            f"({_num(target)}) when {text}"
        )
    if polarity == LOWER and red_flag <= target:
        raise ThresholdError(
            f"the red flag ({_num(red_flag)}) must be above the target "
            f"({_num(target)}) when {text}"
        )
    if not math.isfinite(2 * abs(target - red_flag)):
        raise ThresholdError("the target and the red flag are too far apart")


def _check_range(target, target_max, tolerance):
    if target_max is None:
        raise ThresholdError("a target range needs a maximum (the top of the range)")
    _check_number("the target maximum", target_max)
    if target_max < target:
        raise ThresholdError(
            f"the target maximum ({_num(target_max)}) must not be below the "
            f"target ({_num(target)}), the bottom of the range"
        )
    if tolerance is None:
        raise ThresholdError("a target range needs a tolerance above 0")
    _check_number("the tolerance", tolerance)
    if tolerance <= 0:
        raise ThresholdError(f"the tolerance ({_num(tolerance)}) must be above 0")
    if not math.isfinite(target_max - target + 4 * tolerance):
        raise ThresholdError("the target range and its tolerance are too wide")


def _check_number(what, value):
    if value is None:
        raise ThresholdError(f"{what} is required")
    if not is_number(value):
        raise ThresholdError(f"{what} must be a number, not {value!r}")


def score(actual, polarity, target, red_flag=None, target_max=None, tolerance=None):
    """Score ``actual`` against the KPI's targets; return a :class:`Score`.

    ``actual`` is a number, or None / an error value (anything else), which
    gives no score and status 'none' with "No data: <reason>". Thresholds
    that :func:`check_thresholds` refuses also give no score ("No score:
    <reason>") rather than an exception, so one badly set KPI does not stop
    the scorecard. Bands and scores follow the table of this module; an
    actual on the red flag is yellow (3.33), on the target green (6.67).
    """
    if isinstance(actual, float) and not math.isfinite(actual):
        return Score(None, NONE, "No data: the actual is not a finite number")
    if not is_number(actual):
        reason = "no actual value" if actual is None else str(actual)
        return Score(None, NONE, f"No data: {reason}")
    try:
        check_thresholds(polarity, target, red_flag, target_max, tolerance)
    except ThresholdError as error:
        return Score(None, NONE, f"No score: {error.message}")
    if polarity == RANGE:
        raw, status, rule, note = _score_range(actual, target, target_max, tolerance)
        heading = (
            f"Actual {_num(actual)} vs target range {_span(target, target_max)}, "
            f"tolerance {_num(tolerance)}"
        )
    else:
        band = _score_higher if polarity == HIGHER else _score_lower
        raw, status, rule, note = band(actual, target, red_flag)
        heading = (
            f"Actual {_num(actual)} vs target {_num(target)}, red flag "
            f"{_num(red_flag)} ({_POLARITY_TEXT[polarity]})"
        )
    value = round_half_up(min(max(raw, 0.0), MAX_SCORE), 2)
    explanation = (
        f"{heading}: {rule} -> {_score_text(value)}{note}\n"
        f"Status: {status}, score {_score_text(value)} of 10"
    )
    return Score(value, status, explanation)


# Each band function returns (raw score, status, "<colour> band a-b maps to
# x-y", note on clamping or "").


def _score_higher(actual, target, red_flag):
    span = target - red_flag
    # One line through (R, 10/3) and (T, 20/3): a single formula keeps the
    # score monotonic in the actual, the bands only name the colour.
    raw = RED_MAX * (1 + (actual - red_flag) / span)
    if actual < red_flag:
        bottom = red_flag - span
        note = f" (the score stays 0 below {_num(bottom)})" if actual < bottom else ""
        return raw, RED, f"red band {_span(bottom, red_flag)} maps to 0-3.33", note
    if actual < target:
        rule = f"yellow band {_span(red_flag, target)} maps to 3.33-6.67"
        return raw, YELLOW, rule, ""
    top = target + span
    note = f" (the score stays 10 above {_num(top)})" if actual > top else ""
    return raw, GREEN, f"green band {_span(target, top)} maps to 6.67-10", note


def _score_lower(actual, target, red_flag):
    span = red_flag - target
    raw = RED_MAX * (1 + (red_flag - actual) / span)
    if actual > red_flag:
        top = red_flag + span
        note = f" (the score stays 0 above {_num(top)})" if actual > top else ""
        return raw, RED, f"red band {_span(red_flag, top)} maps to 3.33-0", note
    if actual > target:
        rule = f"yellow band {_span(target, red_flag)} maps to 6.67-3.33"
        return raw, YELLOW, rule, ""
    bottom = target - span
    note = f" (the score stays 10 below {_num(bottom)})" if actual < bottom else ""
    return raw, GREEN, f"green band {_span(bottom, target)} maps to 10-6.67", note


def _score_range(actual, low, high, tolerance):
    if low <= actual <= high:
        if low == high:
            return MAX_SCORE, GREEN, f"green on the target {_num(low)}", ""
        half = (high - low) / 2
        middle = low + half
        raw = YELLOW_MAX + RED_MAX * (1 - abs(actual - middle) / half)
        rule = (
            f"green band {_span(low, high)} maps to 6.67 at the edges and 10 at "
            f"the middle {_num(middle)}"
        )
        return raw, GREEN, rule, ""
    below = actual < low
    distance = low - actual if below else actual - high
    # Yellow and red share one line: 6.67 at the edge, 3.33 one tolerance out,
    # 0 two tolerances out.
    raw = RED_MAX * (2 - distance / tolerance)
    # The three points on the side of the actual, from the edge outwards.
    step = -tolerance if below else tolerance
    edge = low if below else high
    near, far = edge + step, edge + 2 * step
    if distance <= tolerance:
        if below:
            return raw, YELLOW, f"yellow band {_span(near, edge)} maps to 3.33-6.67", ""
        return raw, YELLOW, f"yellow band {_span(edge, near)} maps to 6.67-3.33", ""
    note = ""
    if distance > 2 * tolerance:
        note = f" (the score stays 0 {'below' if below else 'above'} {_num(far)})"
    if below:
        return raw, RED, f"red band {_span(far, near)} maps to 0-3.33", note
    return raw, RED, f"red band {_span(near, far)} maps to 3.33-0", note


def _num(value):
    """A threshold or actual as typed: 95, 2.5, not 95.0."""
    return f"{value + 0.0:.10g}"


def _span(start, end):
    # "80-100" reads well; "-20--10" does not.
    if start < 0 or end < 0:
        return f"{_num(start)} to {_num(end)}"
    return f"{_num(start)}-{_num(end)}"


def _score_text(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")
