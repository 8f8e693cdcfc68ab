# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Weighted roll-up of scores: KPIs -> objective -> perspective -> scorecard.

Items without a score are left out and the weights of the others
renormalised; an item whose inputs all lack a score has no score itself.
"""

import math
from dataclasses import dataclass, field

from . import explain, scoring
from .numeric import is_number


@dataclass(frozen=True)
class RollUp:
    """A rolled-up score.

    ``value`` is the weighted mean rounded to 2 decimals (None when no input
    has a score), ``status`` its colour (:func:`scoring.status_for_score`),
    ``explanation`` one line per input then the result, ``inputs`` the
    inputs used as ``(label, score, weight, share)`` tuples, ``share`` being
    the weight's fraction of the total (0..1), and ``detail`` the
    explanation as data (:mod:`.explain`).
    """

    value: float | None
    status: str
    explanation: str
    inputs: tuple = ()
    detail: dict | None = field(default=None, compare=False)

    @classmethod
    def of(cls, value, status, detail, inputs=()):
        """The roll-up of ``detail``, its English explanation rendered."""
        return cls(value, status, explain.render(detail), inputs, detail)


def weighted_mean(items):
    """Weighted mean of scores; return a :class:`RollUp`.

    ``items`` is an iterable of ``(label, score, weight)``. An item whose
    score is None (or not a number, such as an error value) is left out, and
    so is one whose weight is not above 0; the weights of the others are
    renormalised to add up to 100%. With nothing left the value is None and
    the status 'none'. The explanation reads, one line per item,
    "Label: 5.83 x weight 2 (40%)" or "Label: no data, left out", then the
    result; its data lists the items with their ``score, weight, share,
    percent`` or the reason they were ``left_out``.
    """
    used = []
    # (label, position in used, or None and the reason it was left out)
    entries = []
    for label, value, weight in items:
        if not is_number(value):
            entries.append((label, None, {"left_out": "no_data"}))
        elif not is_number(weight) or not weight > 0:
            reason = {"left_out": "weight", "weight": weight or 0}
            entries.append((label, None, reason))
        else:
            used.append((label, float(value), float(weight)))
            entries.append((label, len(used) - 1, None))
    if not used:
        detail = {
            "rule": explain.NO_INPUT,
            "items": [{"label": label, **reason} for label, _pos, reason in entries],
        }
        return RollUp.of(None, scoring.NONE, detail)
    total = math.fsum(weight for _label, _value, weight in used)
    if not math.isfinite(total):
        # Only weights near 1e308 get here; dividing by inf would give 0.
        return RollUp.of(None, scoring.NONE, {"rule": explain.WEIGHTS_TOO_LARGE})
    inputs = tuple(
        (label, value, weight, weight / total) for label, value, weight in used
    )
    mean = math.fsum(value * share for _label, value, _weight, share in inputs)
    result = scoring.round_half_up(mean, 2)
    status = scoring.status_for_score(result)
    lines = []
    for label, position, reason in entries:
        if position is None:
            lines.append({"label": label, **reason})
            continue
        _label, value, weight, share = inputs[position]
        lines.append(
            {
                "label": label,
                "score": value,
                "weight": weight,
                "share": share,
                "percent": scoring.round_half_up(share * 100, 1),
            }
        )
    detail = {
        "rule": explain.WEIGHTED_MEAN,
        "items": lines,
        "score": result,
        "status": status,
    }
    return RollUp.of(result, status, detail, inputs)


def rollup_tree(tree):
    """Roll a whole tree up in one bottom-up pass.

    ``tree`` is a dict ``{"label": ..., "weight": ..., "children": [...]}``
    whose leaves carry ``"score"`` instead of ``"children"`` (and optionally
    their own ``"status"`` and ``"explanation"``, as a KPI's Score gives).
    A missing weight counts as 1. Returns a copy of the tree, other keys kept,
    where every node has a ``"rollup"`` key holding a :class:`RollUp`: a
    leaf's score as given, an inner node's :func:`weighted_mean` of its
    children. A node with a ``"children"`` key is an inner node, even with no
    children (then it has no score).
    """
    if "children" not in tree:
        return {**tree, "rollup": _leaf(tree)}
    children = [rollup_tree(child) for child in tree["children"]]
    result = weighted_mean(
        (child.get("label", ""), child["rollup"].value, child.get("weight", 1))
        for child in children
    )
    return {**tree, "children": children, "rollup": result}


def _leaf(node):
    value = node.get("score")
    if not is_number(value):
        reason = "no score" if value is None else str(value)
        explanation = node.get("explanation") or f"No data: {reason}"
        return RollUp(None, scoring.NONE, explanation)
    value = scoring.round_half_up(float(value), 2)
    status = node.get("status") or scoring.status_for_score(value)
    explanation = node.get("explanation") or (
        f"{node.get('label', '')}: score {explain.score_text(value)}, {status}"
    )
    return RollUp(value, status, explanation)
