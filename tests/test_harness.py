"""Tests of the test harness itself (scripts/test and its helpers).

Fast: no database, no Odoo server; each case runs in a few seconds at most.
"""

import os
import shlex
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "test"
RUN = ROOT / "scripts" / "run"
COMMON = ROOT / "scripts" / "lib" / "common.sh"
LOG_CHECK = ROOT / "scripts" / "lib" / "odoo_log_check.py"


def _env(**overrides):
    env = dict(os.environ)
    for key in (
        "BSC_PYTHON", "BSC_PG_BINDIR", "BSC_ALLOW_SKIP", "BSC_NO_SETUP",
        "BSC_ODOO_SRC", "BSC_SETUP_DIR",
    ):  # fmt: skip
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
    # python -S has no site-packages, hence no Odoo; --no-setup: no setup
    for script in (SCRIPT, RUN):
        proc, elapsed = _run(
            [str(script), "--no-setup"],
            _env(BSC_PYTHON=f"{sys.executable} -S"),
            timeout=30,
        )
        assert proc.returncode != 0
        assert "Odoo 18.0 is not importable by" in proc.stderr
        assert "install odoo 18.0 from source" in proc.stderr.lower()
        assert "without --no-setup" in proc.stderr
        assert "README" in proc.stderr
        assert "setup:" not in proc.stderr
        assert elapsed < 10, f"took {elapsed:.1f}s to fail"


# --- the setup of Odoo when it is missing (scripts/lib/setup_odoo.sh) ----------


def _fake_odoo(root, version="18, 0"):
    """A tree that looks like an Odoo source of that version."""
    (root / "odoo").mkdir(parents=True)
    (root / "odoo" / "release.py").write_text(
        f"FINAL = 'final'\nversion_info = ({version}, 0, FINAL, 0, '')\n"
    )
    (root / "requirements.txt").write_text("")
    (root / "setup.py").write_text("")
    return root


def _setup_env(tmp_path, src):
    # no Odoo in the interpreter; the setup's folder is a temporary one
    return _env(
        BSC_PYTHON=f"{sys.executable} -S",
        BSC_ODOO_SRC=str(src),
        BSC_SETUP_DIR=str(tmp_path / "local"),
    )


def test_setup_refuses_a_source_that_is_not_odoo_18(tmp_path):
    src = _fake_odoo(tmp_path / "odoo17", "17, 0")
    for script in (SCRIPT, RUN):
        proc, elapsed = _run([str(script)], _setup_env(tmp_path, src), timeout=30)
        assert proc.returncode != 0
        assert "setting it up in" in proc.stderr
        assert "is Odoo 17.0, not Odoo 18.0" in proc.stderr
        assert f"BSC_ODOO_SRC={src} is not a usable Odoo 18.0 source" in proc.stderr
        assert not (tmp_path / "local" / "odoo").exists()
        assert not (tmp_path / "local" / "venv").exists()
        assert elapsed < 10, f"took {elapsed:.1f}s to fail"


def test_setup_refuses_an_archive_without_odoo_and_a_missing_source(tmp_path):
    (tmp_path / "notodoo" / "src").mkdir(parents=True)
    (tmp_path / "notodoo" / "src" / "README").write_text("not Odoo")
    archive = tmp_path / "notodoo.tar.gz"
    subprocess.run(
        ["tar", "-C", str(tmp_path), "-czf", str(archive), "notodoo"], check=True
    )
    proc, _ = _run([str(RUN)], _setup_env(tmp_path, archive), timeout=30)
    assert proc.returncode != 0
    assert "is not an Odoo source: no odoo/release.py" in proc.stderr
    assert "not a usable Odoo 18.0 source" in proc.stderr
    assert not (tmp_path / "local" / "odoo").exists()
    missing = tmp_path / "nowhere"
    proc, _ = _run([str(RUN)], _setup_env(tmp_path, missing), timeout=30)
    assert proc.returncode != 0
    assert f"BSC_ODOO_SRC={missing} does not exist" in proc.stderr


def _fetch(tmp_path, src):
    dest = tmp_path / "dest"
    proc = subprocess.run(
        ["bash", "-c", f'. "{COMMON}" && bsc_odoo_fetch "$1"', "fetch", str(dest)],
        env=_env(BSC_ODOO_SRC=str(src)),
        capture_output=True,
        text=True,
        check=False,
    )
    return proc, dest


def test_setup_takes_a_checkout_or_an_archive(tmp_path):
    # a checkout: the files without .git and bytecode
    src = _fake_odoo(tmp_path / "odoo-18.0")
    (src / ".git").mkdir()
    (src / "odoo" / "__pycache__").mkdir()
    proc, dest = _fetch(tmp_path, src)
    assert proc.returncode == 0, proc.stderr
    assert (dest / "odoo" / "release.py").is_file()
    assert not (dest / ".git").exists()
    assert not (dest / "odoo" / "__pycache__").exists()
    # archives with one top-level folder, as GitHub makes them
    (src / ".git").rmdir()
    for name, cmd in (
        ("odoo.tar.gz", ["tar", "-C", str(tmp_path), "-czf"]),
        ("odoo.zip", [sys.executable, "-m", "zipfile", "-c"]),
    ):
        archive = tmp_path / name
        if name.endswith(".zip"):
            subprocess.run([*cmd, str(archive), str(src)], check=True)
        else:
            subprocess.run([*cmd, str(archive), "odoo-18.0"], check=True)
        shutil.rmtree(tmp_path / "dest", ignore_errors=True)
        proc, dest = _fetch(tmp_path, archive)
        assert proc.returncode == 0, proc.stderr
        assert (dest / "odoo" / "release.py").is_file(), name
        assert not (tmp_path / "dest.unpack").exists()


def test_setup_requirements_fix_cbor2(tmp_path):
    src = _fake_odoo(tmp_path / "odoo")
    (src / "requirements.txt").write_text(
        "cbor2==5.4.2 ; python_version < '3.12'\n"
        "cbor2==5.6.2 ; python_version >= '3.12'\npolib==1.1.1\n"
    )
    out = tmp_path / "req.txt"
    subprocess.run(
        [
            "bash",
            "-c",
            f'. "{COMMON}" && bsc_odoo_requirements "$@"',
            "req",
            str(src),
            sys.executable,
            str(out),
        ],
        check=True,
    )
    text = out.read_text()
    assert "polib==1.1.1" in text
    if sys.version_info[:2] == (3, 11):
        assert "cbor2==5.4.2" not in text
        assert "cbor2==5.6.2  #" in text


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
    values = dict(
        line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line
    )
    first = shlex.split(values.pop("ODOO_FIRST_PROBLEM"))
    counts = {k: int(v) for k, v in values.items()}
    counts["ODOO_FIRST_PROBLEM"] = first[0] if first else ""
    return counts, proc.stderr


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
        "ODOO_FIRST_PROBLEM": "",
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
    # the closing summary of a stopped date run quotes the first problem
    assert values["ODOO_FIRST_PROBLEM"] == "Odoo exited with status 255"


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
