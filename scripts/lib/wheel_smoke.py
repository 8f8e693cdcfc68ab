"""Smoke check of the suite installed from its wheels (scripts/test).

    wheel_smoke.py -c ODOO_CONF -d DB --repo REPO ADDON...

Run by the Python of a virtualenv where the addons were installed from their
wheels, on a database where they were installed from there. Checks that:

1. every addon is loaded from site-packages/odoo/addons, not from REPO;
2. the demo scorecard recomputes and has measurements with values;
3. an Odoo server of that virtualenv answers the dashboard's call
   (``bsc.dashboard.get_dashboard_data`` over JSON-RPC, as admin/admin)
   with the demo scorecard and its perspectives.

Prints one line per check and exits 1 on the first failure.
"""

import argparse
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import odoo
from odoo.tools import config


def ok(message):
    print(f"wheel check: {message}: ok", flush=True)


def fail(message):
    print(f"wheel check FAILED: {message}", flush=True)
    sys.exit(1)


def check_database(args):
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry.new(args.database)
    repo = os.path.realpath(args.repo)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        for addon in args.addons:
            module = env["ir.module.module"].search([("name", "=", addon)])
            if module.state != "installed":
                fail(f"{addon} is not installed (state {module.state or 'unknown'})")
            path = os.path.realpath(odoo.modules.module.get_module_path(addon) or "")
            if not path or path.startswith(repo + os.sep):
                fail(f"{addon} is loaded from {path or 'nowhere'}, not from a wheel")
            if os.sep.join(("site-packages", "odoo", "addons")) not in path:
                fail(f"{addon} is loaded from {path}, not from site-packages")
        ok(f"{len(args.addons)} addons installed from site-packages/odoo/addons")
        scorecard = env.ref("bsc_core.demo_scorecard")
        scorecard._bsc_recompute()
        measurements = env["bsc.measurement"].search(
            [("kpi_id.scorecard_id", "=", scorecard.id), ("has_actual", "=", True)]
        )
        if not measurements:
            fail("the demo scorecard has no measurement with a value")
        cr.commit()
        ok(
            f"the demo scorecard '{scorecard.name}' recomputes: "
            f"{len(measurements)} measurements with a value"
        )
        return scorecard.id


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rpc(opener, url, params):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
    request = urllib.request.Request(
        url, body.encode(), {"Content-Type": "application/json"}
    )
    with opener.open(request, timeout=120) as response:
        answer = json.load(response)
    if answer.get("error"):
        fail(f"{url} answered an error: {answer['error'].get('data', answer['error'])}")
    return answer["result"]


def check_dashboard(args, scorecard_id):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            args.config,
            "-d",
            args.database,
            f"--http-port={port}",
            "--http-interface=127.0.0.1",
            "--log-level=warn",
        ],
        cwd=os.path.dirname(os.path.abspath(args.config)),
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/web/login", timeout=10):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    fail(f"the Odoo server of the wheels did not answer on {base}")
                time.sleep(1)
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        rpc(
            opener,
            f"{base}/web/session/authenticate",
            {"db": args.database, "login": "admin", "password": "admin"},
        )
        data = rpc(
            opener,
            f"{base}/web/dataset/call_kw/bsc.dashboard/get_dashboard_data",
            {
                "model": "bsc.dashboard",
                "method": "get_dashboard_data",
                "args": [],
                "kwargs": {"scorecard_id": scorecard_id},
            },
        )
        scorecard = data.get("scorecard") or {}
        if scorecard.get("id") != scorecard_id:
            fail(f"the dashboard call answered another scorecard: {scorecard}")
        perspectives = data.get("perspectives") or data.get("matrix", {}).get(
            "perspectives"
        )
        if not perspectives:
            fail(f"the dashboard call answered no perspective (keys: {sorted(data)})")
        ok(
            f"the dashboard call answers over HTTP: '{scorecard.get('name')}', "
            f"{len(perspectives)} perspectives"
        )
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", dest="config", required=True)
    parser.add_argument("-d", dest="database", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("addons", nargs="+")
    args = parser.parse_args()
    scorecard_id = check_database(args)
    check_dashboard(args, scorecard_id)


if __name__ == "__main__":
    main()
