#!/usr/bin/env python3
# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The dashboard under load: N users at once on a running Odoo (scripts/load).

As admin, creates the users (Balanced Scorecard / User, the admin's
companies). Then, for each level of concurrent users, every user logs in
over HTTP at the same moment and, like a person in a meeting, opens the
dashboard as the web client does (``GET /bsc/dashboard/data``, the
payload cache's JSON bytes, revalidated with its ETag as the browser does:
a 304 when the user views the same data again; or, with ``--rpc``,
``bsc.dashboard.get_dashboard_data`` over JSON-RPC
``/web/dataset/call_kw``, as before that route), switches to the two
previous periods, back to the current one and opens the strategy map (the
same call with the ``map`` view of the client: one more payload). Before
each level, admin types a comment on a measurement, so every level starts
with data changed since the last one (no payload of an earlier level is served).

Reports, per level: logins and calls, errors (HTTP, RPC, connection),
throughput (calls per second of wall time), p50/p95/max of the dashboard
calls and of the logins, and the server time of the calls (the figures
Odoo's request log gives: SQL time + remaining time), when --server-log is
given.
"""

import argparse
import json
import os
import re
import sys
import threading
import time

import requests

PASSWORD = "bsc-load-password"


class RpcError(Exception):
    pass


def rpc(session, url, params, timeout):
    response = session.post(
        url,
        json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
        timeout=timeout,
    )
    response.raise_for_status()
    body = response.json()
    if body.get("error"):
        error = body["error"]
        raise RpcError(error.get("data", {}).get("message") or error.get("message"))
    return body["result"]


def call_kw(session, base, model, method, args=(), kwargs=None, timeout=300):
    return rpc(
        session,
        f"{base}/web/dataset/call_kw/{model}/{method}",
        {"model": model, "method": method, "args": list(args), "kwargs": kwargs or {}},
        timeout,
    )


def login(session, base, db, user, password, timeout=300):
    return rpc(
        session,
        f"{base}/web/session/authenticate",
        {"db": db, "login": user, "password": password},
        timeout,
    )


def setup_users(base, db, count, prefix):
    """Create ``count`` users (or find them) and return their logins."""
    admin = requests.Session()
    login(admin, base, db, "admin", "admin")
    groups = []
    for module, name in (("bsc_core", "group_bsc_user"), ("base", "group_user")):
        found = call_kw(
            admin, base, "ir.model.data", "search_read",
            [[("module", "=", module), ("name", "=", name)], ["res_id"]],
        )  # fmt: skip
        groups.append(found[0]["res_id"])
    me = call_kw(
        admin, base, "res.users", "read", [[2], ["company_ids", "company_id"]]
    )[0]
    logins = [f"{prefix}{index:03d}" for index in range(1, count + 1)]
    existing = {
        u["login"]
        for u in call_kw(
            admin,
            base,
            "res.users",
            "search_read",
            [[("login", "in", logins)], ["login"]],
        )  # fmt: skip
    }
    new = [name for name in logins if name not in existing]
    if new:
        call_kw(
            admin, base, "res.users", "create",
            [[
                {
                    "name": f"Load user {name}",
                    "login": name,
                    "password": PASSWORD,
                    "groups_id": [(6, 0, groups)],
                    "company_id": me["company_id"][0],
                    "company_ids": [(6, 0, me["company_ids"])],
                }
                for name in new
            ]],
        )  # fmt: skip
    return admin, logins


def touch_data(admin, base, level):
    """Admin types a comment on a measurement: the payloads change."""
    found = call_kw(
        admin, base, "bsc.measurement", "search_read",
        [[("kpi_id.source_type", "=", "manual")], ["id"]], {"limit": 1},
    )  # fmt: skip
    if found:
        call_kw(
            admin, base, "bsc.measurement", "write",
            [[found[0]["id"]], {"comment": f"load level {level} at {time.time():.0f}"}],
        )  # fmt: skip


def dashboard_http(session, base, params, seen, timeout):
    """The dashboard's payload as the browser fetches it: ``(data, 304?)``.

    ``seen``: this user's answers by query, as the browser's cache keeps
    them; a query asked again carries the ETag of its last answer.
    """
    key = tuple(sorted(params.items()))
    headers = {"Accept": "application/json"}
    if key in seen:
        headers["If-None-Match"] = seen[key][0]
    response = session.get(
        f"{base}/bsc/dashboard/data",
        params=params,
        headers=headers,
        timeout=timeout,
        allow_redirects=False,
    )
    if response.status_code == 304 and key in seen:
        return seen[key][1], True
    if not response.headers.get("Content-Type", "").startswith("application/json"):
        raise RpcError(f"HTTP {response.status_code}")
    body = response.json()
    if response.status_code != 200:
        error = body.get("error", {})
        raise RpcError(
            error.get("data", {}).get("message") or f"HTTP {response.status_code}"
        )
    if response.headers.get("ETag"):
        seen[key] = (response.headers["ETag"], body)
    return body, False


def journey(base, db, user, barriers, out, timeout, transport="http"):
    """One user: log in; once every user is in, dashboard, two earlier
    periods, back, the map.

    The users log in at the same moment (a login storm: each login hashes a
    password, several hundred ms of CPU), then, once all are in, open the
    dashboard at the same moment (the meeting: people already logged in).
    The two bursts are measured apart, so that the dashboard's figures do
    not hide behind the password hashing.
    """
    record = {
        "login": None,
        "calls": [],
        "errors": [],
        "started": None,
        "not_modified": 0,
    }
    out.append(record)
    session = requests.Session()
    seen = {}
    companies = {}
    login_barrier, call_barrier = barriers
    login_barrier.wait()
    started = time.monotonic()
    try:
        info = login(session, base, db, user, PASSWORD, timeout)
        record["login"] = time.monotonic() - started
        # the companies the web client sends (its current company)
        current = (info.get("user_companies") or {}).get("current_company")
        if current:
            companies["cids"] = str(current)
    except (OSError, requests.RequestException, RpcError, ValueError) as e:
        record["errors"].append(f"login: {type(e).__name__}: {e}")
    call_barrier.wait()
    if record["login"] is None:
        return
    record["started"] = time.monotonic()

    def dashboard(**kwargs):
        started = time.monotonic()
        try:
            if transport == "rpc":
                data = call_kw(
                    session, base, "bsc.dashboard", "get_dashboard_data", [], kwargs,
                    timeout=timeout,
                )  # fmt: skip
            else:
                params = {k: str(v) for k, v in kwargs.items() if v}
                params.setdefault("mode", "period")
                data, not_modified = dashboard_http(
                    session, base, dict(params, **companies), seen, timeout
                )
                record["not_modified"] += not_modified
        except (OSError, requests.RequestException, RpcError, ValueError) as e:
            record["errors"].append(f"dashboard: {type(e).__name__}: {e}")
            return None
        record["calls"].append(time.monotonic() - started)
        return data

    data = dashboard()
    if data is None:
        return
    if not data.get("scorecard"):
        record["errors"].append("dashboard: no scorecard")
        return
    scorecard = data["scorecard"]["id"]
    period = data.get("period") or {}
    same = [
        p
        for p in data["periods"]
        if p.get("frequency") == period.get("frequency")
        and p["date_start"] < period.get("date_start", "")
    ]
    for earlier in same[-2:][::-1]:
        dashboard(scorecard_id=scorecard, period_id=earlier["id"], mode="period")
    # back to the current period, then the map (the client reads again)
    for _view in ("dashboard", "map"):
        dashboard(scorecard_id=scorecard, period_id=period.get("id"), mode="period")


def percentile(values, fraction):
    if not values:
        return None
    values = sorted(values)
    index = max(0, min(len(values) - 1, round(fraction * len(values) + 0.5) - 1))
    return values[index]


LOG_LINE = re.compile(
    r'"(?:POST /web/dataset/call_kw/bsc\.dashboard/get_dashboard_data'
    r'|GET /bsc/dashboard/data\S*) HTTP/[0-9.]+" '
    r"(?:200|304) - (\d+) ([0-9.]+) ([0-9.]+)"
)


def server_times(log_path, offset):
    """Server time (s) and query counts of the dashboard calls logged after offset."""
    times, queries = [], []
    if not log_path or not os.path.exists(log_path):
        return times, queries, offset
    with open(log_path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        for line in log:
            match = LOG_LINE.search(line)
            if match:
                queries.append(int(match.group(1)))
                times.append(float(match.group(2)) + float(match.group(3)))
        return times, queries, log.tell()


def listen_overflows():
    """The kernel's count of connections dropped because a listen backlog
    was full (TcpExt ListenOverflows, the whole machine), or None.

    Each one costs its client a SYN retransmission: 1 s, then 3 s, 7 s...
    """
    try:
        with open("/proc/net/netstat", encoding="ascii") as netstat:
            lines = netstat.read().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:], strict=True))
            return int(table.get("ListenOverflows", 0))
    return None


def run_level(base, db, logins, timeout, transport="http"):
    overflows = listen_overflows()
    out = []
    barriers = (threading.Barrier(len(logins)), threading.Barrier(len(logins)))
    threads = [
        threading.Thread(
            target=journey, args=(base, db, u, barriers, out, timeout, transport)
        )
        for u in logins
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ended = time.monotonic()
    starts = [r["started"] for r in out if r["started"] is not None]
    # the dashboard burst: from the moment every user is in to the last call
    wall = ended - min(starts) if starts else 0
    calls = [c for r in out for c in r["calls"]]
    logins_ok = [r["login"] for r in out if r["login"] is not None]
    errors = [e for r in out for e in r["errors"]]
    after = listen_overflows()
    return {
        "listen_overflows": (
            after - overflows if None not in (after, overflows) else None
        ),
        "users": len(logins),
        "wall": wall,
        "calls": len(calls),
        "throughput": len(calls) / wall if wall else 0,
        "p50": percentile(calls, 0.5),
        "p95": percentile(calls, 0.95),
        "max": max(calls) if calls else None,
        "login_p95": percentile(logins_ok, 0.95),
        "login_max": max(logins_ok) if logins_ok else None,
        "errors": errors,
        "not_modified": sum(r["not_modified"] for r in out),
    }


def served_profile(base, db, user, log_path, offset, count=20):
    """One user, nothing changing: ``count`` calls in a row of each transport.

    Where a served call's time goes: the client's wall time against the
    server's (Odoo's request log), for JSON-RPC, the route (gzipped body)
    and the route's 304 (the browser's repeat view).
    """
    session = requests.Session()
    info = login(session, base, db, user, PASSWORD)
    cids = str((info.get("user_companies") or {}).get("current_company") or "")
    params = {"mode": "period", **({"cids": cids} if cids else {})}
    rows = []
    for name in ("JSON-RPC", "route, 200", "route, 304"):
        walls = []
        seen = {}
        # a first call builds or loads the payload in this worker
        dashboard_http(session, base, params, seen, 300)
        call_kw(session, base, "bsc.dashboard", "get_dashboard_data", [], {})
        _, _, offset = server_times(log_path, offset)
        for _ in range(count):
            started = time.monotonic()
            if name == "JSON-RPC":
                call_kw(session, base, "bsc.dashboard", "get_dashboard_data", [], {})
            else:
                dashboard_http(
                    session, base, params, seen if name.endswith("304") else {}, 300
                )
            walls.append(time.monotonic() - started)
        time.sleep(0.5)
        times, queries, offset = server_times(log_path, offset)
        rows.append((name, percentile(walls, 0.5), percentile(times, 0.5), queries))
    return rows, offset


def ms(value):
    return "-" if value is None else f"{value * 1000:.0f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--label", default="")
    parser.add_argument("--server-log", help="Odoo's log (log level info)")
    parser.add_argument("--json", help="write the figures here as JSON")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument(
        "--rpc",
        action="store_true",
        help="call get_dashboard_data over JSON-RPC instead of the web client's route",
    )
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",") if n]
    admin, logins = setup_users(args.url, args.db, max(levels), "bsc_load_")
    log_offset = os.path.getsize(args.server_log) if args.server_log else 0
    results = []
    for level in levels:
        touch_data(admin, args.url, level)
        _, _, log_offset = server_times(args.server_log, log_offset)
        result = run_level(
            args.url, args.db, logins[:level], args.timeout,
            "rpc" if args.rpc else "http",
        )  # fmt: skip
        time.sleep(0.5)  # the log lines of the last calls
        times, queries, log_offset = server_times(args.server_log, log_offset)
        result["server_p50"] = percentile(times, 0.5)
        result["server_min"] = min(times) if times else None
        # a served (cached) payload makes the fewest queries of the level
        served = [t for t, q in zip(times, queries, strict=True) if q == min(queries)]
        result["served_p50"] = percentile(served, 0.5)
        result["served_calls"] = len(served)
        result["served_queries"] = min(queries) if queries else None
        result["queries"] = sorted(set(queries))
        results.append(result)
        print(
            f"{level:>3} users: {result['calls']} calls in {result['wall']:.1f} s "
            f"({result['throughput']:.1f}/s), p50 {ms(result['p50'])}, "
            f"p95 {ms(result['p95'])}, max {ms(result['max'])}; logins p95 "
            f"{ms(result['login_p95'])}, max {ms(result['login_max'])}; "
            f"server p50 {ms(result['server_p50'])}, min {ms(result['server_min'])}, "
            f"served payloads p50 {ms(result['served_p50'])} "
            f"({result['served_calls']} calls, {result['served_queries']} queries); "
            f"304 {result['not_modified']}; errors {len(result['errors'])}; "
            f"listen overflows {result['listen_overflows']}",
            flush=True,
        )
        for error in sorted(set(result["errors"]))[:5]:
            print(f"      {error}", flush=True)
    rows, log_offset = served_profile(
        args.url, args.db, logins[0], args.server_log, log_offset
    )
    print("one user, nothing changed, 20 calls in a row (p50):")
    for name, wall, server, queries in rows:
        print(
            f"  {name:<11} client {ms(wall)}, server {ms(server)} "
            f"({min(queries) if queries else '-'} queries)"
        )
    load = os.getloadavg()
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("transport:", "JSON-RPC call_kw" if args.rpc else "GET /bsc/dashboard/data")
    print()
    print(
        f"| Users {args.label} | Calls/s | p50 | p95 | max | Server p50 "
        "| Served payload p50 | Logins p95 | Errors |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['users']} | {r['throughput']:.1f} | {ms(r['p50'])} | "
            f"{ms(r['p95'])} | {ms(r['max'])} | {ms(r['server_p50'])} | "
            f"{ms(r['served_p50'])} | {ms(r['login_p95'])} | {len(r['errors'])} |"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"load": load, "results": results, "served": rows}, f, indent=1)
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
