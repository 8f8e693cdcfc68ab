# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The status of an initiative derived from its project's facts: pure
functions over plain values, no ORM."""

from typing import NamedTuple

from odoo.tools import float_compare


class Derived(NamedTuple):
    """A derived status: ``state`` (a value of ``bsc.initiative.state``),
    ``reason`` (which rule gave it) and the time elapsed in percent (or
    ``None`` without both dates)."""

    state: str
    reason: str
    elapsed: float | None


def elapsed_percent(today, date_start, date_end):
    """Share of the days from ``date_start`` to ``date_end`` that have
    passed on ``today``, in percent clamped to [0, 100]; ``None`` without
    both dates or with an empty span."""
    if not date_start or not date_end or date_end <= date_start:
        return None
    share = 100.0 * (today - date_start).days / (date_end - date_start).days
    return min(100.0, max(0.0, share))


def budget_share(budget_planned, elapsed):
    """The part of the planned budget the time elapsed allows: all of it
    without dates."""
    return budget_planned * (100.0 if elapsed is None else elapsed) / 100.0


def derive_state(
    today,
    date_start,
    date_end,
    *,
    progress,
    task_count,
    milestones,
    budget_planned,
    budget_spent,
    margin,
):
    """The status the facts give, the first rule that applies winning:

    1. ``done``: the project has tasks and progress is 100 %;
    2. ``late``: the deadline is before ``today``;
    3. ``at_risk`` (``milestone``): a milestone not reached is due before
       ``today``;
    4. ``at_risk`` (``progress``): progress is behind the time elapsed by
       more than ``margin`` points;
    5. ``at_risk`` (``cost``): the amount spent exceeds the share of the
       planned budget matching the time elapsed (:func:`budget_share`);
    6. ``on_track`` otherwise.

    :param milestones: ``[(deadline or None, is_reached), ...]``
    :return: a :class:`Derived`
    """
    elapsed = elapsed_percent(today, date_start, date_end)
    if task_count and float_compare(progress, 100.0, precision_digits=6) >= 0:
        return Derived("done", "done", elapsed)
    if date_end and date_end < today:
        return Derived("late", "deadline", elapsed)
    if any(
        deadline and deadline < today and not reached
        for deadline, reached in milestones
    ):
        return Derived("at_risk", "milestone", elapsed)
    if (
        elapsed is not None
        and float_compare(elapsed - progress, margin, precision_digits=6) > 0
    ):
        return Derived("at_risk", "progress", elapsed)
    if budget_planned and (
        float_compare(
            budget_spent, budget_share(budget_planned, elapsed), precision_digits=2
        )
        > 0
    ):
        return Derived("at_risk", "cost", elapsed)
    return Derived("on_track", "on_track", elapsed)
