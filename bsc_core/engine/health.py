# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Health check of a strategy map: the structural faults a reviewer looks for.

:func:`check_map` takes the scorecard as plain data and returns a list of
:class:`Finding`, each naming the record to fix (``model``, ``res_id``).
The rules follow the usual guidance on strategy maps (Kaplan & Norton):

- ``objective_no_kpi``: an objective without a KPI cannot be measured;
- ``no_path_to_top``: an objective outside the top (Financial) perspective
  from which no chain of arrows leads to an objective of the top perspective
  does not explain the strategy's outcome;
- ``perspective_empty`` / ``perspective_crowded``: a perspective without
  objectives, or with more than ``max_objectives`` (a map reads best with a
  handful per perspective);
- ``kpi_no_owner`` / ``kpi_no_target``: a KPI nobody answers for, or that
  cannot be scored;
- ``weight_no_effect``: a weight of 0 that leaves an objective without
  effect on the scorecard's score (its own weight, its perspective's, or the
  weights of all its KPIs);
- ``arrow_skips`` / ``arrow_downward``: an arrow that jumps over a
  perspective on its way up, or runs from a higher perspective down to a
  lower one (cause and effect in the map's usual bottom-up reading).

Perspectives are given top first (rank 0 is the outcome perspective, the
Financial one in the standard set).
"""

from dataclasses import dataclass

OBJECTIVE_NO_KPI = "objective_no_kpi"
NO_PATH_TO_TOP = "no_path_to_top"
PERSPECTIVE_EMPTY = "perspective_empty"
PERSPECTIVE_CROWDED = "perspective_crowded"
KPI_NO_OWNER = "kpi_no_owner"
KPI_NO_TARGET = "kpi_no_target"
WEIGHT_NO_EFFECT = "weight_no_effect"
ARROW_SKIPS = "arrow_skips"
ARROW_DOWNWARD = "arrow_downward"
DEFAULT_MAX_OBJECTIVES = 6


@dataclass(frozen=True)
class Finding:
    """One fault: ``code`` (a constant above), the record to fix (``model``,
    ``res_id``) and the ids it is about (``subject``: the perspective, the
    cause and effect of an arrow, ...)."""

    code: str
    model: str
    res_id: int
    subject: tuple = ()


def check_map(
    perspectives, objectives, kpis, links, max_objectives=DEFAULT_MAX_OBJECTIVES
):
    """Findings of the scorecard, in a stable order.

    - ``perspectives``: ``[{"id", "weight"}]`` top perspective first, ``id``
      of the scorecard's perspective line (``bsc.scorecard.perspective``);
    - ``objectives``: ``[{"id", "perspective_id", "weight"}]`` where
      ``perspective_id`` is a perspective line id of the list above;
    - ``kpis``: ``[{"id", "objective_id", "weight", "has_owner",
      "has_target"}]``;
    - ``links``: ``[(cause objective id, effect objective id)]``.
    """
    rank = {line["id"]: position for position, line in enumerate(perspectives)}
    members = {line["id"]: [] for line in perspectives}
    for objective in objectives:
        members.setdefault(objective["perspective_id"], []).append(objective["id"])
    objective_rank = {o["id"]: rank.get(o["perspective_id"]) for o in objectives}
    return (
        _perspective_findings(perspectives, members, max_objectives)
        + _objective_findings(perspectives, objectives, kpis, links, objective_rank)
        + _kpi_findings(kpis)
        + _arrow_findings(links, objective_rank)
    )


def _perspective_findings(perspectives, members, max_objectives):
    findings = []
    for line in perspectives:
        count = len(members.get(line["id"], []))
        if not count:
            findings.append(
                Finding(PERSPECTIVE_EMPTY, "bsc.scorecard.perspective", line["id"])
            )
        elif count > max_objectives:
            findings.append(
                Finding(
                    PERSPECTIVE_CROWDED,
                    "bsc.scorecard.perspective",
                    line["id"],
                    (count, max_objectives),
                )
            )
    return findings


def _objective_findings(perspectives, objectives, kpis, links, objective_rank):
    findings = []
    line_weight = {line["id"]: line.get("weight", 1.0) for line in perspectives}
    kpis_of = {}
    for kpi in kpis:
        kpis_of.setdefault(kpi["objective_id"], []).append(kpi)
    top = {oid for oid, position in objective_rank.items() if position == 0}
    reaches_top = _reaching(top, links)
    for objective in objectives:
        oid = objective["id"]
        own = kpis_of.get(oid, [])
        if not own:
            findings.append(Finding(OBJECTIVE_NO_KPI, "bsc.objective", oid))
        if objective_rank.get(oid) not in (0, None) and oid not in reaches_top:
            findings.append(Finding(NO_PATH_TO_TOP, "bsc.objective", oid))
        line = objective["perspective_id"]
        if not objective.get("weight"):
            subject = ("bsc.objective", oid, ("objective",))
        elif not line_weight.get(line, 1.0):
            subject = ("bsc.scorecard.perspective", line, ("perspective", oid))
        elif own and not any(kpi.get("weight") for kpi in own):
            subject = ("bsc.objective", oid, ("kpis",))
        else:
            continue
        findings.append(Finding(WEIGHT_NO_EFFECT, *subject))
    return findings


def _kpi_findings(kpis):
    findings = []
    for kpi in kpis:
        if not kpi.get("has_owner"):
            findings.append(Finding(KPI_NO_OWNER, "bsc.kpi", kpi["id"]))
        if not kpi.get("has_target"):
            findings.append(Finding(KPI_NO_TARGET, "bsc.kpi", kpi["id"]))
    return findings


def _arrow_findings(links, objective_rank):
    findings = []
    for cause, effect in sorted(links):
        low, high = objective_rank.get(cause), objective_rank.get(effect)
        if low is None or high is None:
            continue
        if high > low:
            code = ARROW_DOWNWARD
        elif low - high > 1:
            code = ARROW_SKIPS
        else:
            continue
        findings.append(Finding(code, "bsc.objective", cause, (cause, effect)))
    return findings


def _reaching(targets, links):
    """Objectives from which a chain of arrows reaches one of ``targets``
    (the targets included)."""
    causes = {}
    for cause, effect in links:
        causes.setdefault(effect, set()).add(cause)
    seen = set(targets)
    stack = list(targets)
    while stack:
        node = stack.pop()
        for cause in causes.get(node, ()):
            if cause not in seen:
                seen.add(cause)
                stack.append(cause)
    return seen
