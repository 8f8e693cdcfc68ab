"""Benchmark of the evidence and the forecasts (issue #20; scripts/bench --evidence).

Usage: python3 scripts/lib/bench_evidence.py --config ODOO_CONF --db DB
           [--kpis N] [--months N] [--rounds N]

On a database with bsc_core installed it builds (setup, not timed) a
scorecard of ``--kpis`` manual KPIs (default 200) under 20 objectives, five
per perspective, each objective with an arrow to one of the perspective
above, and ``--months`` complete months of history (default 36) of random
values; then it times, ``--rounds`` times, what the dashboard asks:
``bsc.evidence._bsc_evidence`` (every arrow, links to consider) and
``_bsc_forecasts`` (every KPI), with the SQL queries they run. Everything is
rolled back. The target is under 1 s.
"""

import argparse
import os
import random
import sys
import time
from datetime import date

OBJECTIVES_PER_PERSPECTIVE = 5
TARGET_SECONDS = 1.0


def odoo_env(args):
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    cr = registry.cursor()
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
    return cr, env


def build(env, kpi_count, months):
    """The scorecard (the ``months`` months before this one, all complete)."""
    today = date.today()
    end_year = today.year - 1 if today.month == 1 else today.year
    end_month = 12 if today.month == 1 else today.month - 1
    index = end_year * 12 + end_month - 1 - (months - 1)
    first = date(index // 12, index % 12 + 1, 1)
    scorecard = env["bsc.scorecard"].create(
        {
            "name": "Evidence benchmark",
            "date_from": first,
            "date_to": date(today.year, 12, 31),
            "tz": "Europe/Brussels",
            "state": "active",
        }
    )
    perspectives = env["bsc.perspective"].search([], order="sequence, id")[:4]
    objectives = []
    for perspective in perspectives:
        row = env["bsc.objective"].create(
            [
                {
                    "name": f"{perspective.name} {number}",
                    "scorecard_id": scorecard.id,
                    "perspective_id": perspective.id,
                }
                for number in range(OBJECTIVES_PER_PERSPECTIVE)
            ]
        )
        if objectives:
            for number, objective in enumerate(row):
                objective.effect_ids = objectives[-1][number % len(objectives[-1])]
        objectives.append(row)
    flat = [o for row in objectives for o in row]
    kpis = env["bsc.kpi"].create(
        [
            {
                "name": f"KPI {number}",
                "code": f"K{number}",
                "objective_id": flat[number % len(flat)].id,
                "target_value": 100,
                "red_flag_value": 80,
                "aggregation": ("sum", "avg", "last")[number % 3],
            }
            for number in range(kpi_count)
        ]
    )
    periods = scorecard.period_ids.filtered(
        lambda p: p.frequency == "month" and p.date_start >= first
    ).sorted("date_start")[:months]
    rng = random.Random(20)
    env["bsc.measurement"].create(
        [
            {
                "kpi_id": kpi.id,
                "period_id": period.id,
                "actual_value": 90 + 10 * rng.random() + (step % 12),
            }
            for kpi in kpis
            for step, period in enumerate(periods)
        ]
    )
    env.flush_all()
    return scorecard, periods[-1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--kpis", type=int, default=200)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    cr, env = odoo_env(args)
    try:
        started = time.perf_counter()
        scorecard, period = build(env, args.kpis, args.months)
        print(f"setup: {time.perf_counter() - started:.1f} s (not timed)")
        Evidence = env["bsc.evidence"]
        best = None
        for _round in range(args.rounds):
            env.invalidate_all()
            queries = cr.sql_log_count
            start = time.perf_counter()
            evidence = Evidence._bsc_evidence(scorecard, period)
            middle = time.perf_counter()
            forecasts = Evidence._bsc_forecasts(scorecard, period)
            stop = time.perf_counter()
            figures = (stop - start, middle - start, stop - middle)
            if best is None or figures[0] < best[0][0]:
                best = (figures, cr.sql_log_count - queries)
        (total, evidence_s, forecast_s), queries = best
        if os.environ.get("BSC_BENCH_PROFILE"):
            import cProfile  # noqa: PLC0415
            import pstats  # noqa: PLC0415

            env.invalidate_all()
            profile = cProfile.Profile()
            profile.runcall(Evidence._bsc_evidence, scorecard, period)
            profile.runcall(Evidence._bsc_forecasts, scorecard, period)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        tested = sum(1 for a in evidence["arrows"] if a["status"] != "too_little_data")
        print(
            f"evidence + forecasts, {args.kpis} KPIs x {args.months} months: "
            f"{total:.3f} s (evidence {evidence_s:.3f} s for "
            f"{len(evidence['arrows'])} arrows, {tested} tested, "
            f"{len(evidence['consider'])} links to consider; forecasts "
            f"{forecast_s:.3f} s for {len(forecasts)} KPIs), {queries} queries, "
            f"best of {args.rounds}"
        )
        return 0 if total < TARGET_SECONDS else 1
    finally:
        cr.rollback()
        cr.close()


if __name__ == "__main__":
    sys.exit(main())
