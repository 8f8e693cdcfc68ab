"""Count distinct tests over several pytest runs (standard library only).

Usage: python3 scripts/lib/junit_summary.py LABEL=JUNIT.xml [LABEL=JUNIT.xml ...]

scripts/test runs the suite once at the real date and again with the clock
of Odoo and PostgreSQL shifted to other dates. Each run writes a junit XML
file. This prints one line per run on stderr (``<label>: N passed, N
failed``, naming what failed) and, on stdout, shell assignments for
scripts/test: ``JUNIT_PASSED`` and ``JUNIT_FAILED``, counted over distinct
tests: a test run at several dates counts once, and fails if it failed (or
erred, or was skipped) at any of them. A missing or empty file is one
failed run, never a silent pass.
"""

import shlex
import sys
import xml.etree.ElementTree as ET


def outcomes(path):
    """``{(classname, name): failed}`` of one junit file.

    Subtests add junit entries of the same test: they count once, failed if
    any of them failed, as pytest's own summary counts them.
    """
    status = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        key = (case.get("classname") or "", case.get("name") or "")
        bad = any(child.tag in ("failure", "error", "skipped") for child in case)
        status[key] = status.get(key, False) or bad
    return status


def main(argv):
    merged = {}
    broken_runs = 0
    for argument in argv:
        label, _, path = argument.partition("=")
        try:
            status = outcomes(path)
        except (OSError, ET.ParseError) as error:
            print(f"  {label}: no test results ({error})", file=sys.stderr)
            broken_runs += 1
            continue
        if not status:
            print(f"  {label}: no test ran", file=sys.stderr)
            broken_runs += 1
            continue
        failed = sorted(".".join(key) for key, bad in status.items() if bad)
        print(
            f"  {label}: {len(status) - len(failed)} passed, {len(failed)} failed",
            file=sys.stderr,
        )
        for name in failed:
            print(f"    failed: {name}", file=sys.stderr)
        for key, bad in status.items():
            merged[key] = merged.get(key, False) or bad
    failed = sum(merged.values()) + broken_runs
    passed = len(merged) - sum(merged.values())
    print(f"JUNIT_PASSED={shlex.quote(str(passed))}")
    print(f"JUNIT_FAILED={shlex.quote(str(failed))}")


if __name__ == "__main__":
    main(sys.argv[1:])
