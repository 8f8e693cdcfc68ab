# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The comparison of the numbers and the table (README, "Performance")."""

import os
import platform

from .common import MONTHS, TOLERANCE, read_json
from .lower import LOWER_SQL

# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------


def compare(reference, values):
    """Keys of ``values`` whose number differs from ``reference``'s."""
    wrong = []
    for key, value in values.items():
        ref = reference.get(key, "missing")
        if ref is None or value is None:
            ok = ref is None and value is None
        elif ref == "missing":
            ok = False
        else:
            ok = abs(ref - value) <= TOLERANCE * max(1.0, abs(ref))
        if not ok:
            wrong.append(f"{key}: {value!r} (suite: {ref!r})")
    return wrong


def machine():
    import psycopg2  # noqa: PLC0415

    mem = 0
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024 / 1024
    return (
        f"{os.cpu_count()} CPU cores, {mem:.0f} GiB RAM, "
        f"Python {platform.python_version()}, "
        f"psycopg2 {psycopg2.__version__.split()[0]}"
    )


def report(args, pg_version):
    setup = read_json(args, "setup.json")
    rec = read_json(args, "recompute-jit-server.json")
    rec_off = read_json(args, "recompute-jit-off.json")
    lower = read_json(args, "lower.json")
    naive = read_json(args, "naive.json")
    matrix = read_json(args, "matrix.json")
    mis = read_json(args, "mis.json") if args.mis else None
    suite = rec["values"]
    values = read_json(args, "values.json")
    checks = {
        "suite recompute, jit = off": compare(suite, rec_off["values"]),
        "suite source values only": compare(suite, values["values"]),
        "(a) SQL lower bound": compare(suite, lower["values"]),
        "(c) naive ORM": compare(suite, naive["values"]),
    }
    if mis:
        checks["(b) mis_builder"] = compare(suite, mis["values"])
    lines = []
    specs = setup["big"]["specs"]
    kinds = {k: sum(1 for s in specs if s["kind"] == k) for k in ("sale", "generic")}
    kinds["formula"] = len(specs) - kinds["sale"] - kinds["generic"]
    base = lower["seconds"]
    lines += [
        f"Benchmark: {args.lines:,} order lines ({setup['orders']:,} orders, "
        f"{len(setup['master']['companies'])} companies, 2 currencies, "
        f"{MONTHS} months); scorecard of {len(specs):,} monthly KPIs "
        f"({kinds['sale']} sales, {kinds['generic']} generic, "
        f"{kinds['formula']} formulas) over {MONTHS} periods.",
        f"Machine: {machine()}, PostgreSQL {pg_version} (fsync off).",
        "",
        "| method | wall time (s) | SQL queries | peak RSS growth (MB) | time / (a) |",
        "|---|---:|---:|---:|---:|",
    ]

    def row(label, data, scale=1.0, note=""):
        seconds = data["seconds"] * scale
        queries = round(data["queries"] * scale)
        lines.append(
            f"| {label}{note} | {seconds:.2f} | {queries:,} | {data['rss_mb']:.0f} "
            f"| {seconds / base:.1f}x |"
        )

    row(
        "suite recompute, first run (creates the measurements, best of 2)",
        rec["first"],
    )
    row("suite recompute, second run (nothing changed, best of 3)", rec["second"])
    row("suite recompute, first run, jit = off (best of 2)", rec_off["first"])
    row("suite recompute, second run, jit = off (best of 3)", rec_off["second"])
    sources = values["sources-off"]
    row(
        f"suite source values only, all {sources['kpis']} source KPIs, no storing, "
        "jit = off",
        sources,
    )
    row(f"(a) SQL lower bound, one GROUP BY per shape (jit {lower['jit']})", lower)
    if mis:
        row(
            f"(b) mis_builder, query KPIs ({mis['sampled']} of {mis['sources']} "
            "sales KPIs, extrapolated)",
            mis,
            mis["sources"] / mis["sampled"],
        )
    if mis:
        for jit in ("server", "off"):
            same = values[f"mis-{jit}"]
            row(
                f"suite source values only, the {same['kpis']} KPIs of (b), "
                f"no storing, jit {'default' if jit == 'server' else 'off'}",
                same,
            )
    row(
        f"(c) naive ORM, one query per KPI and period ({naive['sampled']} of "
        f"{naive['sources']} source KPIs, extrapolated)",
        naive,
        naive["sources"] / naive["sampled"],
    )
    lines += [
        "",
        f"Dashboard matrix call, {matrix['kpis']}-KPI scorecard, one month: "
        f"median {matrix['median'] * 1000:.0f} ms, max {matrix['max'] * 1000:.0f} "
        f"ms, {matrix['queries']} SQL queries (10 calls, caches cleared).",
        "",
        "Same numbers before timing (relative tolerance 1e-6, every month of "
        "every KPI each method computes):",
    ]
    for label, wrong in checks.items():
        status = "equal" if not wrong else f"{len(wrong)} DIFFER, e.g. {wrong[:3]}"
        lines.append(f"- {label}: {status}")
    lines += ["", "Targets (issue #7), this run:"] + targets(
        args, rec, rec_off, lower, mis, matrix, setup
    )
    text = "\n".join(lines) + "\n"
    print(text)
    write_section(
        args.out, f"scripts/bench --lines {args.lines} --kpis {args.kpis}", text
    )
    return not any(checks.values())


def targets(args, rec, rec_off, lower, mis, matrix, setup):
    """One line per target of the issue, met or missed by how much.

    The time and memory targets are set at 1M lines; at other sizes their
    lines are for information.
    """
    best = min((rec, rec_off), key=lambda r: r["second"]["seconds"])
    second, first = best["second"], best["first"]
    ratio = second["seconds"] / lower["seconds"]
    first_ratio = first["seconds"] / lower["seconds"]
    shapes = len(LOWER_SQL)
    memory = max(r["first"]["rss_mb"] for r in (rec, rec_off))

    def verdict(ok, at_size=False):
        if at_size and args.lines != 1_000_000:
            return "for information (the target is set at 1M lines)"
        return "met" if ok else "MISSED"

    out = [
        f"- time, nightly recompute (second run) <= 1.5x (a): {ratio:.2f}x "
        f"({second['seconds']:.2f} s vs {lower['seconds']:.2f} s): "
        f"{verdict(ratio <= 1.5, True)}",
        f"- time, first run (inserts {first['changed']:,} measurements, best of "
        f"2) <= 2x (a) (issue #14): {first_ratio:.2f}x "
        f"({first['seconds']:.2f} s vs {lower['seconds']:.2f} s): "
        f"{verdict(first_ratio <= 2, True)}",
        f"- SQL queries of a full recompute: {second['queries']} (second run), "
        f"{first['queries']} and one COPY (first run) for {shapes} source "
        "shapes and "
        f"{len(setup['big']['specs']):,} KPIs: the source queries are one per "
        "shape, the rest a constant (reading and writing measurements)",
        f"- dashboard matrix call < 150 ms: median "
        f"{matrix['median'] * 1000:.0f} ms: {verdict(matrix['median'] < 0.150)}",
        f"- peak memory growth < 300 MB: {memory:.0f} MB: "
        f"{verdict(memory < 300, True)}",
    ]
    if mis:
        mis_seconds = mis["seconds"] * mis["sources"] / mis["sampled"]
        out.append(
            f"- faster than mis_builder: {second['seconds']:.2f} s for all "
            f"{len(setup['big']['specs']):,} KPIs vs {mis_seconds:.0f} s for "
            f"its {mis['sources']}: {verdict(second['seconds'] < mis_seconds)}"
        )
    return out


def write_section(path, title, text):
    """Put ``text`` under ``## title`` in the results file, keeping the
    sections of other sizes (ordered by title)."""
    sections = {}
    try:
        with open(path, encoding="utf-8") as f:
            current = None
            for line in f:
                if line.startswith("## "):
                    current = line[3:].strip()
                    sections[current] = ""
                elif current:
                    sections[current] += line
    except FileNotFoundError:
        pass
    sections[title] = f"\n{text}\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Benchmark results (written by scripts/bench)\n\n")
        for key in sorted(sections, key=lambda t: (len(t), t)):
            f.write(f"## {key}\n{sections[key].rstrip()}\n\n")
