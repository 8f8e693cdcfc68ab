# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The recompute benchmark (driven by scripts/bench; see README, "Performance").

Usage: python3 -m bench --config ODOO_CONF --db DB --work DIR
           [--lines N] [--kpis N] [--naive-kpis N] [--mis-kpis N] [--mis]
           [--out FILE]
(with scripts/lib on PYTHONPATH, as scripts/bench runs it)

Without ``--stage`` it runs every stage, each in a fresh Python process so
that each peak memory figure belongs to one measurement only, then compares
the numbers of every method and writes the table. Stages exchange JSON files
in ``--work``. One module per part: ``data`` (the synthetic data), ``suite``
(the suite's recompute, values and matrix), ``lower`` (a: hand-written SQL),
``mis`` (b: OCA mis_builder), ``naive`` (c: the naive ORM way), ``report``.
"""

import argparse
import subprocess
import sys
import time

from .account import ACCOUNT_STAGES, run_account
from .common import odoo_env
from .data import stage_setup
from .lower import stage_lower
from .mis import stage_mis
from .naive import stage_naive
from .report import report
from .stock import stage_stock
from .suite import stage_matrix, stage_recompute, stage_values

# ----------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------

STAGES = {
    "setup": stage_setup,
    "recompute": stage_recompute,
    "lower": stage_lower,
    "naive": stage_naive,
    "mis": stage_mis,
    "matrix": stage_matrix,
    "values": stage_values,
    **ACCOUNT_STAGES,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", default="bench-results.md")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--naive-kpis", type=int, default=60)
    parser.add_argument("--mis-kpis", type=int, default=60)
    parser.add_argument("--mis", action="store_true")
    parser.add_argument("--stage", choices=sorted(STAGES))
    parser.add_argument("--jit", choices=("server", "off"), default="server")
    # the accounting workload instead (account.py)
    parser.add_argument("--account", action="store_true")
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--account-kpis", type=int, default=200)
    # the operations workload alone (bench/stock.py)
    parser.add_argument("--stock", action="store_true")
    parser.add_argument("--moves", type=int, default=500_000)
    parser.add_argument("--stock-kpis", type=int, default=200)
    parser.add_argument("--stock-old", action="store_true")
    args = parser.parse_args()
    if args.stock:
        return stage_stock(args)
    if args.stage:
        STAGES[args.stage](args)
        return 0
    if args.account:
        return run_account(args, sys.argv[1:])
    stages = [
        ("setup",),
        ("recompute", "--jit", "server"),
        ("recompute", "--jit", "off"),
        ("values",),
        ("lower",),
        ("naive",),
        ("matrix",),
    ]
    if args.mis:
        stages.insert(5, ("mis",))
    for stage, *extra in stages:
        print(f"==> bench: {stage} {' '.join(extra)}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bench", *sys.argv[1:], "--stage", stage, *extra],
            check=True,
        )
        print(
            f"==> bench: {stage} done in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    registry, cr, env = odoo_env(args)
    cr.execute("SHOW server_version")
    pg_version = cr.fetchone()[0]
    cr.close()
    return 0 if report(args, pg_version) else 1


if __name__ == "__main__":
    sys.exit(main())
