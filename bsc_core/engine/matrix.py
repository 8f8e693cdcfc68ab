# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The scorecard matrix: every figure of a scorecard for one period.

The models gather plain dicts (perspectives, objectives, KPIs, measurements)
in a few queries; :func:`build` turns them into one nested dict that the
dashboard, the strategy map, the XLSX workbook and the PDF all render. No
screen or report computes a score of its own.
"""

from . import explain, rollup, scoring
from . import periods as period_tools

# How targets of several periods combine, by the KPI's aggregation: a quarter
# of a monthly "sum" KPI is measured against the sum of the monthly targets.
TARGET_KEYS = ("target", "red_flag", "target_max", "tolerance")


def kpi_cell(kpi, measurements, exact):
    """The figures of one KPI for the chosen period.

    :param kpi: dict with ``polarity`` and ``aggregation``
    :param measurements: the KPI's measurement dicts that make the period,
        chronological (keys ``id``, ``actual`` (None when no value),
        ``target``, ``red_flag``, ``target_max``, ``tolerance``, ``score``,
        ``status``, ``explanation``, ``error``, ``comment``)
    :param exact: True when ``measurements`` is the single measurement of
        exactly the chosen period: its stored score is used as is
    :return: dict ``actual, target, red_flag, target_max, tolerance, score,
        status, explanation, error, comment, measurement_id``; the
        explanation is data (:mod:`.explain`), as stored or as scored

    A period made of several measurements (a quarter of a monthly KPI) takes
    the KPI's aggregation of the actuals, and of the targets of the periods
    that have an actual, and is scored again by the engine.
    """
    if exact and len(measurements) == 1:
        m = measurements[0]
        return {
            "actual": m["actual"],
            **{key: m[key] for key in TARGET_KEYS},
            "score": m["score"] if m["actual"] is not None else None,
            "status": m["status"],
            "explanation": m["explanation"],
            "error": m["error"],
            "comment": m["comment"],
            "measurement_id": m["id"],
        }
    measured = [m for m in measurements if m["actual"] is not None]
    method = kpi["aggregation"]
    actual = period_tools.aggregate([m["actual"] for m in measured], method)
    targets = {
        key: period_tools.aggregate([m[key] for m in measured], method)
        for key in TARGET_KEYS
    }
    if not measured and measurements:
        targets = {key: measurements[-1][key] for key in TARGET_KEYS}
    result = scoring.score(
        actual,
        kpi["polarity"],
        targets["target"],
        red_flag=targets["red_flag"],
        target_max=targets["target_max"],
        tolerance=targets["tolerance"],
    )
    errors = [m["error"] for m in measurements if m["error"]]
    comments = [m["comment"] for m in measurements if m["comment"]]
    return {
        "actual": actual,
        **targets,
        "score": result.value,
        "status": result.status,
        "explanation": result.detail,
        "error": errors[-1] if errors and actual is None else False,
        "comment": comments[-1] if comments else False,
        "measurement_id": measurements[-1]["id"] if len(measurements) == 1 else False,
    }


def build(scorecard, perspectives, objectives, kpis, cells, aligned=None):
    """Roll KPI cells up to objectives, perspectives and the scorecard.

    :param scorecard: dict ``id, name``
    :param perspectives: dicts ``id, name, weight, ...`` in display order
    :param objectives: dicts ``id, name, weight, perspective_id,
        aligned_weight, ...`` in display order
    :param kpis: dicts ``id, code, name, weight, objective_id, ...`` in order
    :param cells: ``{kpi_id: kpi_cell(...)}``
    :param aligned: ``{objective_id: score or None}``: mean score of the
        child scorecards' objectives aligned to an objective
    :return: the scorecard dict with ``score, status, explanation`` and its
        ``perspectives`` -> ``objectives`` -> ``kpis`` rows, each row carrying
        its own ``score, status, explanation`` (explanations as data, which
        ``bsc.matrix`` renders in the reader's language)

    Weighted means leave out items without a score and renormalise the
    weights of the others (:func:`rollup.weighted_mean`).
    """
    aligned = aligned or {}
    kpis_by_objective = {}
    for kpi in kpis:
        row = dict(kpi, **cells.get(kpi["id"], kpi_cell(kpi, [], False)))
        kpis_by_objective.setdefault(kpi["objective_id"], []).append(row)
    objectives_by_perspective = {}
    for objective in objectives:
        rows = kpis_by_objective.get(objective["id"], [])
        items = [(r["name"], r["score"], r["weight"]) for r in rows]
        if objective.get("aligned_weight"):
            items.append(
                (
                    explain.ALIGNED,
                    aligned.get(objective["id"]),
                    objective["aligned_weight"],
                )
            )
        result = rollup.weighted_mean(items)
        objectives_by_perspective.setdefault(objective["perspective_id"], []).append(
            dict(objective, kpis=rows, **_result(result))
        )
    perspective_rows = []
    for perspective in perspectives:
        rows = objectives_by_perspective.get(perspective["id"], [])
        result = rollup.weighted_mean(
            [(r["name"], r["score"], r["weight"]) for r in rows]
        )
        perspective_rows.append(dict(perspective, objectives=rows, **_result(result)))
    result = rollup.weighted_mean(
        [(r["name"], r["score"], r["weight"]) for r in perspective_rows]
    )
    return dict(scorecard, perspectives=perspective_rows, **_result(result))


def index_rows(matrix):
    """``{(level, id): row}`` of every row of a matrix (empty for None).

    ``level`` is ``scorecard``, ``perspective``, ``objective`` or ``kpi``.
    """
    rows = {}
    if not matrix:
        return rows
    rows[("scorecard", matrix["id"])] = matrix
    for perspective in matrix["perspectives"]:
        rows[("perspective", perspective["id"])] = perspective
        for objective in perspective["objectives"]:
            rows[("objective", objective["id"])] = objective
            for kpi in objective["kpis"]:
                rows[("kpi", kpi["id"])] = kpi
    return rows


# What a row's trend compares: a KPI its actual, a roll-up its score.
TREND_VALUE = {
    "kpi": "actual",
    "objective": "score",
    "perspective": "score",
    "scorecard": "score",
}


def row_trend(level, row, before):
    """The trend of a row against the same row of the span before.

    The one trend rule: the matrix's rows (:func:`add_trends`) and the trend
    stored on measurements (:func:`series_trends`) both come from it.

    :param level: ``kpi``, ``objective``, ``perspective`` or ``scorecard``
    :param row: dict with the compared value (``actual`` of a KPI, None for
        no data; ``score`` of a roll-up)
    :param before: the same row of the span before, or None when there is
        none
    :return: ``up``, ``down``, ``flat``, or False without a number on both
        sides (:func:`scoring.trend`)
    """
    key = TREND_VALUE[level]
    return scoring.trend(row.get(key), before.get(key) if before else None) or False


def add_trends(current, previous):
    """Set ``trend`` on every row of ``current`` against the same row of ``previous``.

    KPIs compare actuals, roll-ups compare scores; ``previous`` may be None.
    """
    before = index_rows(previous)
    for key, row in index_rows(current).items():
        row["trend"] = row_trend(key[0], row, before.get(key))
    return current


def series_trends(actuals):
    """The trend of each period of a KPI against the period before, as the
    matrix gives it.

    :param actuals: the KPI's actual in each of its periods (every period of
        its frequency, oldest first, none left out), None where it has no
        data (no measurement, no value, an error, a value not approved)
    :return: one trend per period (False for the first and wherever either
        side has no data)
    """
    trends = []
    before = None
    for actual in actuals:
        row = {"actual": actual}
        trends.append(row_trend("kpi", row, before))
        before = row
    return trends


def _result(rollup_result):
    return {
        "score": rollup_result.value,
        "status": rollup_result.status,
        "explanation": rollup_result.detail,
    }
