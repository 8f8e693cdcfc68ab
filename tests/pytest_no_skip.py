"""pytest plugin: a skipped test is a failed test.

scripts/test loads it with ``-p pytest_no_skip`` (tests/ on PYTHONPATH). Any
test that would be reported as skipped (pytest.skip, skipif, unittest's
SkipTest, e.g. an Odoo tour without Chromium) or as xfailed/xpassed is
reported as failed instead, with the skip reason, and a module or class
skipped at collection time becomes a collection error. Set
BSC_ALLOW_SKIP=1 to turn this off for a local run.
"""

import os

import pytest

ENABLED = os.environ.get("BSC_ALLOW_SKIP", "") in ("", "0")


def _reason(longrepr):
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if not ENABLED:
        return
    report = outcome.get_result()
    if hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.wasxfail or "no reason"
        report.longrepr = f"xfail/xpass is not allowed in this suite ({reason})"
        del report.wasxfail
    elif report.skipped:
        report.outcome = "failed"
        report.longrepr = (
            "Skipped tests are not allowed in this suite: "
            f"{_reason(report.longrepr)} (BSC_ALLOW_SKIP=1 allows them locally)"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    if not ENABLED:
        return
    report = outcome.get_result()
    if report.skipped:
        report.outcome = "failed"
        report.longrepr = (
            f"Skipping {collector.nodeid or 'a module'} at collection is not "
            f"allowed in this suite: {_reason(report.longrepr)}"
        )
