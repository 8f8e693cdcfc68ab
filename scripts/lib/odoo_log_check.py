"""Judge the log of an Odoo test run (standard library only).

Usage: python3 scripts/lib/odoo_log_check.py LOGFILE ODOO_EXIT_CODE [no-tests]

(``no-tests``: the run only installed addons, so no runner total is expected.)

Prints a report on stderr and, on stdout, shell assignments for
scripts/test: ODOO_TESTS, ODOO_PASSED, ODOO_FAILED (failures + errors +
skipped tests of Odoo's runner), ODOO_PROBLEMS (number of problems found;
0 means the run is clean), ODOO_FIRST_PROBLEM (the first problem and its
first detail, one line, for the closing summary). A run is clean only
when all of these hold:

* the Odoo process exited with status 0;
* no log record at ERROR or CRITICAL level (this also catches Odoo's
  ``FAIL:``/``ERROR:`` test reports, which are logged at ERROR);
* no line containing ``FAIL:`` or ``ERROR:`` at all (belt and braces);
* no skipped test: Odoo's runner logs ``skipped <test> : <reason>`` at INFO
  (e.g. a tour without Chromium or websocket-client), unless BSC_ALLOW_SKIP=1
  (local use only);
* the runner's total ``N failed, N error(s) of N tests`` line was logged
  (when tests were expected) and reports 0 failed and 0 errors.
"""

import os
import re
import shlex
import sys

# 2026-01-01 12:00:00,123 4242 INFO dbname odoo.module: message
RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) "
    r"(?P<db>\S+) (?P<logger>\S+): (?P<msg>.*)$"
)
TOTAL = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests"
)
ALLOW_SKIP = os.environ.get("BSC_ALLOW_SKIP", "") not in ("", "0")
SKIPPED = re.compile(r"^skipped (?P<test>.*?) : (?P<reason>.*)$")


def parse(log_file):
    """Scan the log: error records, skipped tests, warnings, runner total."""
    found = {"errors": [], "skipped": [], "fail_lines": [], "warnings": []}
    found["total"] = None
    with open(log_file, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            m = RECORD.match(line)
            level = m["level"] if m else None
            if level in ("ERROR", "CRITICAL"):
                found["errors"].append(f"{lineno}: {line}")
            elif level == "WARNING":
                found["warnings"].append(f"{lineno}: {m['msg']}")
            elif re.search(r"\b(FAIL|ERROR):", line):
                found["fail_lines"].append(f"{lineno}: {line}")
            if not m:
                continue
            s = SKIPPED.match(m["msg"])
            if s:
                found["skipped"].append(f"{s['test']}: {s['reason']}")
            t = TOTAL.search(m["msg"])
            if t and m["logger"] == "odoo.tests.result":
                found["total"] = {k: int(v) for k, v in t.groupdict().items()}
    return found


def problems_of(found, rc, expect_tests):
    """List of (headline, details) for everything that makes the run fail."""
    problems = []
    total = found["total"]
    if rc != 0:
        problems.append((f"Odoo exited with status {rc}", []))
    if found["errors"]:
        n = len(found["errors"])
        problems.append(
            (f"{n} log record(s) at ERROR/CRITICAL level:", found["errors"])
        )
    if found["fail_lines"]:
        n = len(found["fail_lines"])
        problems.append((f"{n} line(s) with FAIL:/ERROR::", found["fail_lines"]))
    if found["skipped"] and not ALLOW_SKIP:
        n = len(found["skipped"])
        problems.append(
            (f"{n} skipped test(s) (a skip is a failure):", found["skipped"])
        )
    if total is None and expect_tests:
        problems.append(("no 'N failed, N error(s) of N tests' total was logged", []))
    if total and (total["failed"] or total["errors"]):
        problems.append(
            (
                f"Odoo's runner: {total['failed']} failed, {total['errors']} "
                f"error(s) of {total['tests']} tests",
                [],
            )
        )
    return problems


def first_problem(problems):
    """The first problem and its first detail on one line ('' when clean)."""
    if not problems:
        return ""
    headline, details = problems[0]
    line = f"{headline} {details[0]}" if details else headline
    return " ".join(line.split())[:300]


def main(argv):
    log_file, rc = argv[1], int(argv[2])
    expect_tests = len(argv) < 4 or argv[3] != "no-tests"
    found = parse(log_file)
    problems = problems_of(found, rc, expect_tests)
    total = found["total"] or {"failed": 0, "errors": 0, "tests": 0}
    n_skipped = len(found["skipped"])
    # errors in setUpClass are not part of the tests run: count them anyway
    n_failed = total["failed"] + total["errors"] + (0 if ALLOW_SKIP else n_skipped)
    n_passed = max(total["tests"] - total["failed"] - total["errors"] - n_skipped, 0)
    if expect_tests:
        print(
            f"Odoo runner: {total['tests']} tests, {n_passed} passed, "
            f"{total['failed']} failed, {total['errors']} error(s), "
            f"{n_skipped} skipped",
            file=sys.stderr,
        )
    else:
        print(
            f"Odoo install: {'clean' if not problems else 'NOT clean'}",
            file=sys.stderr,
        )
    if found["warnings"]:
        n = len(found["warnings"])
        print(f"  {n} WARNING record(s) (reported, not failing):", file=sys.stderr)
        for w in found["warnings"][:30]:
            print(f"      {w[:200]}", file=sys.stderr)
    for headline, details in problems:
        print(f"  {headline}", file=sys.stderr)
        for d in details[:40]:
            print(f"      {d[:300]}", file=sys.stderr)
    out = {
        "ODOO_TESTS": total["tests"],
        "ODOO_PASSED": n_passed,
        "ODOO_FAILED": n_failed,
        "ODOO_PROBLEMS": len(problems),
        "ODOO_FIRST_PROBLEM": first_problem(problems),
    }
    for k, v in out.items():
        print(f"{k}={shlex.quote(str(v))}")


if __name__ == "__main__":
    main(sys.argv)
