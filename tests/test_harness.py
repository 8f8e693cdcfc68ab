"""Tests of the test harness itself (scripts/test and its helpers).

Fast: no database, no Odoo server; each case runs in a few seconds at most.
"""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "test"
LOG_CHECK = ROOT / "scripts" / "lib" / "odoo_log_check.py"


def _env(**overrides):
    env = dict(os.environ)
    for key in ("BSC_PYTHON", "BSC_PG_BINDIR", "BSC_ALLOW_SKIP"):
        env.pop(key, None)
    env.update(overrides)
    return env


def _run(args, env, timeout=60, cwd=ROOT):
    start = time.monotonic()
    proc = subprocess.run(
        args,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return proc, time.monotonic() - start


def test_fails_fast_when_odoo_is_not_importable():
    # python -S has no site-packages, hence no Odoo
    proc, elapsed = _run(
        [str(SCRIPT)], _env(BSC_PYTHON=f"{sys.executable} -S"), timeout=30
    )
    assert proc.returncode != 0
    assert "Odoo 18.0 is not importable by" in proc.stderr
    assert "install odoo 18.0 from source" in proc.stderr.lower()
    assert "README" in proc.stderr
    assert elapsed < 10, f"took {elapsed:.1f}s to fail"


def test_fails_fast_when_postgresql_is_missing():
    proc, elapsed = _run(
        [str(SCRIPT)],
        _env(BSC_PYTHON=sys.executable, BSC_PG_BINDIR="/nonexistent"),
        timeout=30,
    )
    assert proc.returncode != 0
    assert "initdb" in proc.stderr and "pg_ctl" in proc.stderr
    assert "postgresql" in proc.stderr
    assert "Odoo 18.0 is not importable" not in proc.stderr
    assert elapsed < 10, f"took {elapsed:.1f}s to fail"


def test_help_and_bad_arguments():
    proc, _ = _run([str(SCRIPT), "--help"], _env())
    assert proc.returncode == 0
    assert "--quick" in proc.stdout and "-k EXPR" in proc.stdout
    proc, _ = _run([str(SCRIPT), "--no-such-option"], _env())
    assert proc.returncode == 2
    assert "unknown argument" in proc.stderr


# --- Odoo log analysis (scripts/lib/odoo_log_check.py) ------------------------

PREFIX = "2026-01-01 12:00:00,000 4242"
TOTAL_OK = (
    f"{PREFIX} INFO db odoo.tests.result: 0 failed, 0 error(s) of 3 tests "
    "when loading database 'db'"
)


def _check_log(tmp_path, lines, rc=0, mode="tests"):
    log = tmp_path / "odoo.log"
    log.write_text("\n".join(lines) + "\n")
    proc = subprocess.run(
        [sys.executable, str(LOG_CHECK), str(log), str(rc), mode],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    values = dict(line.split("=", 1) for line in proc.stdout.split() if "=" in line)
    return {k: int(v) for k, v in values.items()}, proc.stderr


def test_log_check_clean_run(tmp_path):
    values, _ = _check_log(
        tmp_path,
        [
            f"{PREFIX} INFO db odoo.modules.loading: Modules loaded.",
            f"{PREFIX} WARNING db odoo.models: something to look at",
            TOTAL_OK,
        ],
    )
    assert values == {
        "ODOO_TESTS": 3,
        "ODOO_PASSED": 3,
        "ODOO_FAILED": 0,
        "ODOO_PROBLEMS": 0,
    }


def test_log_check_skipped_test_fails(tmp_path):
    values, report = _check_log(
        tmp_path,
        [
            f"{PREFIX} INFO db odoo.addons.bsc_x.tests.test_tour: skipped "
            "test_tour (odoo.addons.bsc_x.tests.test_tour.TestTour.test_tour)"
            " : Chrome executable not found",
            TOTAL_OK,
        ],
    )
    assert values["ODOO_PROBLEMS"] == 1
    assert values["ODOO_FAILED"] == 1 and values["ODOO_PASSED"] == 2
    assert "Chrome executable not found" in report


def test_log_check_error_record_and_failures(tmp_path):
    values, report = _check_log(
        tmp_path,
        [
            f"{PREFIX} ERROR db odoo.addons.bsc_x.tests.test_a: FAIL: TestA.test_a",
            "Traceback (most recent call last):",
            "AssertionError: 1 != 2",
            f"{PREFIX} ERROR db odoo.tests.result: 1 failed, 0 error(s) of 3 "
            "tests when loading database 'db'",
        ],
        rc=1,
    )
    assert values["ODOO_FAILED"] == 1 and values["ODOO_PASSED"] == 2
    assert values["ODOO_PROBLEMS"] >= 3  # exit status, ERROR records, total
    assert "TestA.test_a" in report


def test_log_check_needs_the_total_line(tmp_path):
    values, _ = _check_log(tmp_path, [f"{PREFIX} INFO db odoo: started"])
    assert values["ODOO_PROBLEMS"] == 1
    values, _ = _check_log(
        tmp_path, [f"{PREFIX} INFO db odoo: started"], mode="no-tests"
    )
    assert values["ODOO_PROBLEMS"] == 0


def test_log_check_critical_and_exit_status(tmp_path):
    values, _ = _check_log(
        tmp_path,
        [f"{PREFIX} CRITICAL db odoo.service.server: Failed to initialize"],
        rc=255,
        mode="no-tests",
    )
    assert values["ODOO_PROBLEMS"] == 2


# --- the no-skip pytest plugin (tests/pytest_no_skip.py) -----------------------


def test_pytest_plugin_turns_skips_into_failures(tmp_path):
    (tmp_path / "test_sample.py").write_text(
        textwrap.dedent(
            """
            import unittest
            import pytest

            def test_ok():
                pass

            def test_skipped():
                pytest.skip("no browser")

            class TestCase(unittest.TestCase):
                def test_unittest_skip(self):
                    raise unittest.SkipTest("websocket-client missing")
            """
        )
    )
    args = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "pytest_no_skip",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:odoo",
        "-q",
        str(tmp_path),
    ]
    env = _env(PYTHONPATH=str(ROOT / "tests"))
    proc, _ = _run(args, env, cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout
    assert "2 failed, 1 passed" in proc.stdout
    assert "no browser" in proc.stdout
    assert "websocket-client missing" in proc.stdout

    proc, _ = _run(
        args, _env(PYTHONPATH=str(ROOT / "tests"), BSC_ALLOW_SKIP="1"), cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stdout
    assert "1 passed, 2 skipped" in proc.stdout
