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
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal

from . import explain
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


class ThresholdError(ValueError):
    """Targets and thresholds that cannot score anything.

    ``reason`` says why as data, ``{"code": ..., <its numbers>}``
    (:func:`.explain.threshold_reason` names the codes); ``message`` is its
    English text and :meth:`text` the text in the reader's language.
    """

    def __init__(self, code, **params):
        self.reason = {"code": code, **params}
        self.message = explain.threshold_reason(self.reason)
        super().__init__(self.message)

    def text(self, _=explain.english, number=explain.dot_number):
        """The reason with the translation function ``_`` and the number
        writer ``number`` of the reader (``env._`` and
        ``tools.number_format.number_writer(env)`` in the models)."""
        return explain.threshold_reason(self.reason, _, number)


@dataclass(frozen=True)
class Score:
    """A scored measurement.

    ``value`` is 0..10 rounded to 2 decimals (None without data), ``status``
    one of red, yellow, green, none, ``detail`` the data of how they came
    (rule, actual, targets, band; :mod:`.explain`) and ``explanation`` its
    English text, a few lines saying which actual, targets and band gave
    them. Two scores are equal when value, status and explanation are.
    """

    value: float | None
    status: str
    explanation: str
    detail: dict | None = field(default=None, compare=False)

    @classmethod
    def of(cls, value, status, detail):
        """The score of ``detail``, its English explanation rendered."""
        return cls(value, status, explain.render(detail), detail)


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
        raise ThresholdError("unknown_polarity", polarity=repr(polarity))
    _check_number("target", target)
    if polarity == RANGE:
        _check_range(target, target_max, tolerance)
        return
    if red_flag is None:
        raise ThresholdError("red_flag_required", polarity=polarity)
    _check_number("red_flag", red_flag)
    if polarity == HIGHER and red_flag >= target:
        raise ThresholdError("red_flag_not_below", red_flag=red_flag, target=target)
    if polarity == LOWER and red_flag <= target:
        raise ThresholdError("red_flag_not_above", red_flag=red_flag, target=target)
    if not math.isfinite(2 * abs(target - red_flag)):
        raise ThresholdError("too_far_apart")


def _check_range(target, target_max, tolerance):
    if target_max is None:
        raise ThresholdError("range_needs_maximum")
    _check_number("target_max", target_max)
    if target_max < target:
        raise ThresholdError(
            "maximum_below_target", target_max=target_max, target=target
        )
    if tolerance is None:
        raise ThresholdError("range_needs_tolerance")
    _check_number("tolerance", tolerance)
    if tolerance <= 0:
        raise ThresholdError("tolerance_not_positive", tolerance=tolerance)
    if not math.isfinite(target_max - target + 4 * tolerance):
        raise ThresholdError("range_too_wide")


def _check_number(what, value):
    """``what``: target, red_flag, target_max or tolerance."""
    if value is None:
        raise ThresholdError("required", what=what)
    if not is_number(value):
        raise ThresholdError("not_a_number", what=what, value=repr(value))


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
        return Score.of(None, NONE, {"rule": explain.NO_DATA, "why": "not_finite"})
    if not is_number(actual):
        text = None if actual is None else str(actual)
        return Score.of(None, NONE, {"rule": explain.NO_DATA, "text": text})
    try:
        check_thresholds(polarity, target, red_flag, target_max, tolerance)
    except ThresholdError as error:
        return Score.of(None, NONE, {"rule": explain.NO_SCORE, "reason": error.reason})
    if polarity == RANGE:
        raw, status, band, note = _score_range(actual, target, target_max, tolerance)
    else:
        band_of = _score_higher if polarity == HIGHER else _score_lower
        raw, status, band, note = band_of(actual, target, red_flag)
    value = round_half_up(min(max(raw, 0.0), MAX_SCORE), 2)
    detail = {
        "rule": explain.SCORE,
        "polarity": polarity,
        "actual": actual,
        "target": target,
        "red_flag": red_flag,
        "target_max": target_max,
        "tolerance": tolerance,
        "band": band,
        "note": note,
        "score": value,
        "status": status,
    }
    return Score.of(value, status, detail)


# Each band function returns (raw score, status, band, note): the band as
# explain data, ``{"kind": "band", "status", "from", "to", "scores"}`` (or
# "on_target", "middle"), the note on clamping
# ``{"score", "side", "at"}`` or None.


def _band(status, start, end, scores):
    return {
        "kind": "band",
        "status": status,
        "from": start,
        "to": end,
        "scores": scores,
    }


def _stays(score, side, at):
    return {"score": score, "side": side, "at": at}


def _score_higher(actual, target, red_flag):
    span = target - red_flag
    # One line through (R, 10/3) and (T, 20/3): a single formula keeps the
    # score monotonic in the actual, the bands only name the colour.
    raw = RED_MAX * (1 + (actual - red_flag) / span)
    if actual < red_flag:
        bottom = red_flag - span
        note = _stays(0, "below", bottom) if actual < bottom else None
        return raw, RED, _band(RED, bottom, red_flag, "0-3.33"), note
    if actual < target:
        return raw, YELLOW, _band(YELLOW, red_flag, target, "3.33-6.67"), None
    top = target + span
    note = _stays(10, "above", top) if actual > top else None
    return raw, GREEN, _band(GREEN, target, top, "6.67-10"), note


def _score_lower(actual, target, red_flag):
    span = red_flag - target
    raw = RED_MAX * (1 + (red_flag - actual) / span)
    if actual > red_flag:
        top = red_flag + span
        note = _stays(0, "above", top) if actual > top else None
        return raw, RED, _band(RED, red_flag, top, "3.33-0"), note
    if actual > target:
        return raw, YELLOW, _band(YELLOW, target, red_flag, "6.67-3.33"), None
    bottom = target - span
    note = _stays(10, "below", bottom) if actual < bottom else None
    return raw, GREEN, _band(GREEN, bottom, target, "10-6.67"), note


def _score_range(actual, low, high, tolerance):
    if low <= actual <= high:
        if low == high:
            return MAX_SCORE, GREEN, {"kind": "on_target", "at": low}, None
        half = (high - low) / 2
        middle = low + half
        raw = YELLOW_MAX + RED_MAX * (1 - abs(actual - middle) / half)
        band = {"kind": "middle", "from": low, "to": high, "middle": middle}
        return raw, GREEN, band, None
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
            return raw, YELLOW, _band(YELLOW, near, edge, "3.33-6.67"), None
        return raw, YELLOW, _band(YELLOW, edge, near, "6.67-3.33"), None
    note = None
    if distance > 2 * tolerance:
        note = _stays(0, "below" if below else "above", far)
    if below:
        return raw, RED, _band(RED, far, near, "0-3.33"), note
    return raw, RED, _band(RED, near, far, "3.33-0"), note
