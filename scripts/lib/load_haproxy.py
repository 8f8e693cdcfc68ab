# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The HAProxy configuration of scripts/load --proxy (README, "Deployment").

HAProxy accepts every connection and keeps the requests in its own queue,
first come first served, passing Odoo's prefork server at most ``maxconn``
at a time (one per HTTP worker): Odoo's listen backlog (8 x workers) never
overflows, so no connection waits for the kernel's SYN retransmission (1 s,
then 3 s, 7 s...), which is what a burst costs through a proxy that opens a
connection to Odoo for every request it receives (nginx without the
commercial ``queue`` directive). Long polling (/websocket) goes to Odoo's
gevent port, without a limit.
"""

import argparse

TEMPLATE = """\
global
    daemon
    pidfile {work}/haproxy.pid
    maxconn {connections}
defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 720s
    timeout server 720s
    timeout queue 720s
    timeout tunnel 1h
frontend web
    bind 127.0.0.1:{port}
    maxconn {connections}
    http-request set-header X-Forwarded-Proto http
    use_backend odoochat if {{ path_beg /websocket }}
    default_backend odoo
backend odoo
    server odoo {odoo} maxconn {workers}
backend odoochat
    server odoochat {gevent}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--odoo", required=True)
    parser.add_argument("--gevent", required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    print(
        TEMPLATE.format(
            work=args.work,
            port=args.port,
            odoo=args.odoo,
            gevent=args.gevent,
            workers=args.workers,
            connections=max(1024, args.users * 4),
        ),
        end="",
    )


if __name__ == "__main__":
    main()
