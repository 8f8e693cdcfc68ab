# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Weighted roll-up of scores: KPIs -> objective -> perspective -> scorecard.

Items without a score are left out and the weights of the others
renormalised; an item whose inputs all lack a score has no score itself.
"""

import math
from dataclasses import dataclass

from . import scoring
from .numeric import is_number


@dataclass(frozen=True)
class RollUp:
    """A rolled-up score.

    ``value`` is the weighted mean rounded to 2 decimals (None when no input
    has a score), ``status`` its colour (:func:`scoring.status_for_score`),
    ``explanation`` one line per input then the result, and ``inputs`` the
    inputs used as ``(label, score, weight, share)`` tuples, ``share`` being
    the weight's fraction of the total (0..1).
    """

    value: float | None
    status: str
    explanation: str
    inputs: tuple = ()


def weighted_mean(items):
    """Weighted mean of scores; return a :class:`RollUp`.

    ``items`` is an iterable of ``(label, score, weight)``. An item whose
    score is None (or not a number, such as an error value) is left out, and
    so is one whose weight is not above 0; the weights of the others are
    renormalised to add up to 100%. With nothing left the value is None and
    the status 'none'. The explanation reads, one line per item,
    "Label: 5.83 x weight 2 (40%)" or "Label: no data, left out", then the
    result.
    """
    used = []
    # (label, position in used, or None and the reason it was left out)
    entries = []
    for label, value, weight in items:
        if not is_number(value):
            entries.append((label, None, "no data, left out"))
        elif not is_number(weight) or not weight > 0:
            entries.append((label, None, f"weight {_num(weight or 0)}, left out"))
        else:
            used.append((label, float(value), float(weight)))
            entries.append((label, len(used) - 1, None))
    if not used:
        text = ["No score: no input has a score"]
        text += [f"{label}: {reason}" for label, _position, reason in entries]
        return RollUp(None, scoring.NONE, "\n".join(text))
    total = math.fsum(weight for _label, _value, weight in used)
    if not math.isfinite(total):
        # Only weights near 1e308 get here; dividing by inf would give 0.
        return RollUp(None, scoring.NONE, "No score: the weights are too large")
    inputs = tuple(
        (label, value, weight, weight / total) for label, value, weight in used
    )
    mean = math.fsum(value * share for _label, value, _weight, share in inputs)
    result = scoring.round_half_up(mean, 2)
    status = scoring.status_for_score(result)
    text = []
    for label, position, reason in entries:
        if position is None:
            text.append(f"{label}: {reason}")
            continue
        _label, value, weight, share = inputs[position]
        text.append(
            f"{label}: {_score_text(value)} x weight {_num(weight)} ({_percent(share)})"
        )
    text.append(f"Weighted mean: {_score_text(result)}, {status}")
    return RollUp(result, status, "\n".join(text), inputs)


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
        f"{node.get('label', '')}: score {_score_text(value)}, {status}"
    )
    return RollUp(value, status, explanation)


def _num(value):
    return f"{value + 0.0:.10g}" if isinstance(value, (int, float)) else str(value)


def _score_text(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _percent(share):
    return f"{scoring.round_half_up(share * 100, 1):.1f}".removesuffix(".0") + "%"
