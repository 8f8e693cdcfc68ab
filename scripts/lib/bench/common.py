# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared by the stages: constants, the Odoo environment, the meter."""

import json
import os
import resource
import time
from datetime import date

TZ = "Europe/Brussels"
MONTHS = 24
CURRENCY_RATES = (0.92, 0.035)  # USD -> EUR: base, monthly swing
STATES = "CASE WHEN r < 0.70 THEN 'sale' WHEN r < 0.85 THEN 'draft' " \
    "WHEN r < 0.95 THEN 'sent' ELSE 'cancel' END"  # fmt: skip
SALE_ORDER_TYPES = ("sale_revenue", "sale_orders", "sale_aov", "sale_conversion")
PARAMS = ("none", "team", "user", "country")
SMALL_KPIS = 200
TOLERANCE = 1e-6


# ----------------------------------------------------------------------
# Odoo process helpers
# ----------------------------------------------------------------------


def odoo_env(args):
    """(registry, cursor, env) on the benchmark database, as superuser."""
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    cr = registry.cursor()
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": TZ})
    return registry, cr, env


def rss_mb():
    """Peak resident memory of this process so far, in MB (Linux: KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Meter:
    """Wall time, SQL queries and peak-memory growth of a block of work."""

    def __init__(self, cr):
        self.cr = cr

    def __enter__(self):
        self.queries = self.cr.sql_log_count
        self.rss = rss_mb()
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.queries = self.cr.sql_log_count - self.queries
        self.rss = rss_mb() - self.rss

    def as_dict(self, **extra):
        return dict(
            seconds=self.seconds, queries=self.queries, rss_mb=self.rss, **extra
        )


def read_json(args, name):
    with open(os.path.join(args.work, name), encoding="utf-8") as f:
        return json.load(f)


def write_json(args, name, data):
    with open(os.path.join(args.work, name), "w", encoding="utf-8") as f:
        json.dump(data, f)


def month_starts(first, count):
    out = []
    year, month = first.year, first.month
    for __ in range(count):
        out.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def span():
    """The 24 full months before the current one."""
    today = date.today()
    end = date(today.year, today.month, 1)
    first = month_starts(end, 1)[0]
    year, month = first.year, first.month - MONTHS
    while month < 1:
        year, month = year - 1, month + 12
    months = month_starts(date(year, month, 1), MONTHS + 1)
    return months[:-1], months[-1]
