"""The recompute benchmark (driven by scripts/bench; see README, "Performance").

Usage: python3 scripts/lib/bench.py --config ODOO_CONF --db DB --work DIR
           [--lines N] [--kpis N] [--naive-kpis N] [--mis-kpis N] [--mis]
           [--out FILE]

Without ``--stage`` it runs every stage, each in a fresh Python process so
that each peak memory figure belongs to one measurement only, then compares
the numbers of every method and writes the table. Stages exchange JSON files
in ``--work``.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta

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


# ----------------------------------------------------------------------
# Stage: setup (not timed)
# ----------------------------------------------------------------------


def stage_setup(args):
    registry, cr, env = odoo_env(args)
    months, stop = span()
    master = make_master_data(env)
    cr.commit()
    load_sales(env, args.lines, months[0], stop, master)
    cr.commit()
    big = make_scorecard(env, "Bench 1000", args.kpis, months[0], stop, master)
    small = make_scorecard(env, "Bench 200", SMALL_KPIS, months[0], stop, master)
    cr.commit()
    write_json(
        args,
        "setup.json",
        {
            "master": master,
            "big": big,
            "small": small,
            "months": [m.isoformat() for m in months],
            "stop": stop.isoformat(),
            "orders": env["sale.order"].search_count([]),
        },
    )
    cr.close()


def make_master_data(env):
    """Two companies in two currencies, teams, salespeople, products, customers."""
    from odoo.tools import SQL  # noqa: PLC0415

    usd = env.ref("base.USD")
    eur = env.ref("base.EUR")
    eur.active = True
    company1 = env.ref("base.main_company")
    company1.write({"name": "Bench US", "currency_id": usd.id})
    company2 = env["res.company"].create({"name": "Bench EU", "currency_id": eur.id})
    companies = company1 | company2
    env.user.write({"company_ids": [(6, 0, companies.ids)], "tz": TZ})
    teams = {}
    for company in companies:
        teams[company.id] = (
            env["crm.team"]
            .create(
                [
                    {"name": f"{company.name} team {i}", "company_id": company.id}
                    for i in range(3)
                ]
            )
            .ids
        )
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Salesperson {i}",
                    "login": f"sales{i}@bench.example",
                    "company_id": company1.id,
                    "company_ids": [(6, 0, companies.ids)],
                    "groups_id": [
                        (6, 0, [env.ref("sales_team.group_sale_salesman").id])
                    ],
                }
                for i in range(6)
            ]
        )
        .ids
    )
    countries = [env.ref(f"base.{c}").id for c in ("us", "de", "fr", "be", "uk")]
    root = env.ref("product.product_category_all")
    categories = (
        env["product.category"]
        .create(
            [{"name": f"Bench category {i}", "parent_id": root.id} for i in range(6)]
        )
        .ids
    )
    products = (
        env["product.product"]
        .create(
            [
                {
                    "name": f"Bench product {i}",
                    "categ_id": categories[i % len(categories)],
                    "list_price": 10 + i,
                    "type": "consu",
                }
                for i in range(60)
            ]
        )
        .ids
    )
    # 2,000 customers, in bulk
    rows = env.execute_query(
        SQL(
            """INSERT INTO res_partner (name, complete_name, active, type, is_company,
                   country_id, autopost_bills, create_date, write_date, lang)
               SELECT 'Customer ' || g, 'Customer ' || g, TRUE, 'contact', TRUE,
                   (%s::int[])[1 + mod(g, 5)], 'ask', now(), now(), 'en_US'
               FROM generate_series(1, 2000) g RETURNING id""",
            countries,
        )
    )
    partners = [r[0] for r in rows]
    env.execute_query(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            partners,
        )
    )
    return {
        "companies": companies.ids,
        "currencies": {str(company1.id): usd.id, str(company2.id): eur.id},
        "teams": {str(k): v for k, v in teams.items()},
        "users": users,
        "countries": countries,
        "categories": categories,
        "products": products,
        "partners": [min(partners), max(partners)],
        "uom": env.ref("uom.product_uom_unit").id,
    }


def load_sales(env, lines, first, stop, master):
    """Orders and lines with INSERT ... SELECT generate_series (no ORM).

    Five lines an order; 70 % confirmed, the rest draft, sent or cancelled;
    a quarter of the orders in the other company's currency, at a rate that
    moves month by month, as sale.order.currency_rate stores it.
    """
    from odoo.tools import SQL  # noqa: PLC0415

    c1, c2 = master["companies"]
    cur1, cur2 = master["currencies"][str(c1)], master["currencies"][str(c2)]
    orders = max(1, lines // 5)
    days = (stop - first).days
    env.cr.execute("SELECT setseed(0.42)")
    env.execute_query(
        SQL(
            """
            CREATE TEMP TABLE bench_o AS
            SELECT g,
                   CASE WHEN random() < 0.6 THEN %(c1)s ELSE %(c2)s END AS company_id,
                   random() AS r, random() < 0.25 AS foreign_cur,
                   %(p0)s + floor(random() * (%(p1)s - %(p0)s + 1))::int AS partner_id,
                   (%(first)s::date + random() * %(days)s * interval '1 day')
                       AS date_order,
                   floor(random() * 3)::int AS team_ix,
                   (%(users)s::int[])[1 + floor(random() * 6)::int] AS user_id,
                   floor(random() * 240)::int AS age_hours
            FROM generate_series(1, %(orders)s) g
            """,
            c1=c1,
            c2=c2,
            p0=master["partners"][0],
            p1=master["partners"][1],
            first=first,
            days=days,
            users=master["users"],
            orders=orders,
        )
    )
    base, swing = CURRENCY_RATES
    teams = master["teams"]
    env.execute_query(
        SQL(
            f"""
            INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id,
                partner_shipping_id, date_order, create_date, write_date, create_uid,
                write_uid, state, currency_id, currency_rate, team_id, user_id,
                amount_untaxed, amount_tax, amount_total, invoice_status,
                require_signature, require_payment, prepayment_percent, locked)
            SELECT 'BENCH/' || g, company_id, partner_id, partner_id, partner_id,
                date_order, date_order - age_hours * interval '1 hour',
                date_order, 1, 1, {STATES},
                CASE WHEN (company_id = %(c1)s) = foreign_cur
                     THEN %(cur2)s ELSE %(cur1)s END,
                CASE WHEN NOT foreign_cur THEN 1.0
                     ELSE (%(base)s + %(swing)s * sin(extract(month FROM date_order)))
                          ^ (CASE WHEN company_id = %(c1)s THEN 1 ELSE -1 END)
                END,
                CASE WHEN company_id = %(c1)s THEN (%(t1)s::int[])[1 + team_ix]
                     ELSE (%(t2)s::int[])[1 + team_ix] END,
                user_id, 0, 0, 0, 'no', FALSE, FALSE, 1.0, FALSE
            FROM bench_o ORDER BY g
            """,
            c1=c1,
            cur1=cur1,
            cur2=cur2,
            base=base,
            swing=swing,
            t1=teams[str(c1)],
            t2=teams[str(c2)],
        )
    )
    env.execute_query(
        SQL(
            """
            INSERT INTO sale_order_line (order_id, name, sequence, product_id,
                product_uom, product_uom_qty, price_unit, discount, customer_lead,
                price_subtotal, price_tax, price_total, price_reduce_taxexcl,
                price_reduce_taxinc, company_id, currency_id, order_partner_id,
                salesman_id, state, create_date, write_date, create_uid, write_uid,
                qty_delivered, qty_invoiced, qty_to_invoice, invoice_status,
                is_downpayment, is_expense)
            SELECT o.id, 'Bench line', 10, p.product_id, %(uom)s, p.qty, p.price, 0, 0,
                p.qty * p.price, 0, p.qty * p.price, p.price, p.price,
                o.company_id, o.currency_id, o.partner_id, o.user_id, o.state,
                o.create_date, o.create_date, 1, 1, 0, 0, 0, 'no', FALSE, FALSE
            FROM (
                -- volatile random() in a subquery's target list: one draw a row
                SELECT o.id AS order_id,
                       (%(products)s::int[])[1 + floor(random() * 60)::int]
                           AS product_id,
                       1 + floor(random() * 20)::int AS qty,
                       round((5 + random() * 495)::numeric, 2) AS price
                FROM sale_order o, generate_series(1, 5) k
                WHERE starts_with(o.name, 'BENCH/')
            ) p
            JOIN sale_order o ON o.id = p.order_id
            """,
            uom=master["uom"],
            products=master["products"],
        )
    )
    env.execute_query(
        SQL(
            """
            UPDATE sale_order o SET amount_untaxed = s.total, amount_total = s.total
            FROM (SELECT order_id, sum(price_subtotal) AS total
                  FROM sale_order_line GROUP BY order_id) s
            WHERE s.order_id = o.id
            """
        )
    )
    env.cr.execute("ANALYZE")
    env.invalidate_all()


def kpi_specs(count, master):
    """A deterministic mix of ``count`` KPIs (as plain dicts).

    About 55 % sales-order KPIs (revenue, orders, average order value,
    conversion; no parameter, a team, a salesperson or a customer country),
    10 % product-category KPIs (revenue, quantity), 2 new-customer KPIs,
    15 % generic sources over sale.order and sale.order.line, and the rest
    formulas over the KPIs before them.
    """
    c1 = str(master["companies"][0])
    choices = {
        "team": master["teams"][c1],
        "user": master["users"],
        "country": master["countries"],
    }
    generic = generic_specs(master)
    specs = []
    for i in range(count):
        code = f"K{i:04d}"
        slot = i % 20
        if i < 2:
            spec = {"kind": "sale", "type": "sale_new_customers"}
            spec["param"] = ("none", None) if i == 0 else ("team", choices["team"][0])
        elif slot < 11:
            sale_type = SALE_ORDER_TYPES[i % 4]
            param = PARAMS[(i // 4) % 4]
            value = None
            if param != "none":
                values = choices[param]
                value = values[(i // 16) % len(values)]
            spec = {"kind": "sale", "type": sale_type, "param": (param, value)}
        elif slot < 13:
            categories = master["categories"]
            spec = {
                "kind": "sale",
                "type": ("sale_revenue", "sale_quantity")[i % 2],
                "param": ("category", categories[(i // 2) % len(categories)]),
            }
        elif slot < 16:
            spec = {"kind": "generic", "source": generic[i % len(generic)]}
        else:
            earlier = [s["code"] for s in specs if s["kind"] != "formula"]
            a = earlier[(i * 7) % len(earlier)]
            b = earlier[(i * 13 + 1) % len(earlier)]
            formula = (
                f"{a} / {b}",
                f"100 * ({a} - prev({a})) / prev({a})",
                f"ytd({a})",
                f"{a} + 2 * {b}",
            )[i % 4]
            spec = {"kind": "formula", "formula": formula}
        spec["code"] = code
        specs.append(spec)
    return specs


def generic_specs(master):
    """Distinct generic sources: (model, date field, aggregate, measure, domain)."""
    c1 = str(master["companies"][0])
    out = []
    for team in master["teams"][c1]:
        out.append(
            ("sale.order", "date_order", "count", None,
             [("state", "=", "sale"), ("team_id", "=", team)])
        )  # fmt: skip
    for user in master["users"]:
        out.append(
            ("sale.order", "date_order", "sum", "amount_total",
             [("state", "=", "sale"), ("user_id", "=", user)])
        )  # fmt: skip
    for categ in master["categories"]:
        out.append(
            ("sale.order.line", "create_date", "sum", "product_uom_qty",
             [("product_id.categ_id", "=", categ)])
        )  # fmt: skip
    out.append(
        ("sale.order.line", "create_date", "count_distinct", "order_id",
         [("state", "=", "sale")])
    )  # fmt: skip
    return [list(s) for s in out]


def make_scorecard(env, name, count, first, stop, master):
    """A scorecard of ``count`` monthly KPIs of :func:`kpi_specs`, via the ORM."""
    company = env["res.company"].browse(master["companies"][0])
    scorecard = env["bsc.scorecard"].create(
        {
            "name": name,
            "company_id": company.id,
            "date_from": first,
            "date_to": stop - timedelta(days=1),
            "tz": TZ,
            "state": "active",
        }
    )
    perspectives = scorecard.scorecard_perspective_ids.perspective_id
    objectives = env["bsc.objective"].create(
        [
            {
                "name": f"Objective {i}",
                "scorecard_id": scorecard.id,
                "perspective_id": perspectives[i % len(perspectives)].id,
            }
            for i in range(20)
        ]
    )
    sources = {}
    specs = kpi_specs(count, master)
    vals_list = []
    for i, spec in enumerate(specs):
        vals = {
            "name": f"KPI {spec['code']}",
            "code": spec["code"],
            "objective_id": objectives[i % 20].id,
            "frequency": "month",
            "target_value": 100.0,
            "red_flag_value": 50.0,
        }
        if spec["kind"] == "sale":
            vals["source_type"] = spec["type"]
            param, value = spec["param"]
            field = {
                "team": "sale_team_id",
                "user": "sale_user_id",
                "country": "sale_country_id",
                "category": "sale_product_categ_id",
            }.get(param)
            if field:
                vals[field] = value
        elif spec["kind"] == "generic":
            key = json.dumps(spec["source"])
            if key not in sources:
                sources[key] = make_source(env, spec["source"], len(sources)).id
            vals.update(source_type="source", source_id=sources[key])
        else:
            vals.update(source_type="formula", formula=spec["formula"])
        vals_list.append(vals)
    env["bsc.kpi"].create(vals_list)
    return {"id": scorecard.id, "specs": specs}


def make_source(env, spec, index):
    model, date_fname, aggregate, measure, domain = spec
    Fields = env["ir.model.fields"]
    return env["bsc.source"].create(
        {
            "name": f"Bench source {index}",
            "model_id": env["ir.model"]._get_id(model),
            "date_field_id": Fields._get(model, date_fname).id,
            "measure_field_id": Fields._get(model, measure).id if measure else False,
            "aggregate": aggregate,
            "domain": repr(domain),
        }
    )


# ----------------------------------------------------------------------
# Stage: the suite's full recompute
# ----------------------------------------------------------------------


def stage_recompute(args):
    """Two full recomputes: the first creates the measurements, the second
    finds nothing to change. ``--jit off`` turns PostgreSQL's JIT compiler
    off for the session first (see README, Performance)."""
    from odoo.tools import SQL  # noqa: PLC0415

    registry, cr, env = odoo_env(args)
    setup = read_json(args, "setup.json")
    scorecard = env["bsc.scorecard"].browse(setup["big"]["id"])
    # start from no measurement, whatever ran before
    env.execute_query(
        SQL("DELETE FROM bsc_measurement WHERE scorecard_id = %s", scorecard.id)
    )
    cr.commit()
    if args.jit == "off":
        cr.execute("SET jit = off")
    runs = {}
    # the second run (nothing to change: the nightly case) three times, the
    # best kept, as the lower bound keeps its best of four
    for label in ("first", "second", "second", "second"):
        env.invalidate_all()
        with Meter(cr) as meter:
            changed = scorecard._bsc_recompute()
            env.flush_all()
        cr.commit()
        run = meter.as_dict(changed=changed)
        if label in runs:
            run["times"] = runs[label].get("times", [runs[label]["seconds"]])
            run["times"].append(meter.seconds)
            if runs[label]["seconds"] <= meter.seconds:
                run = dict(runs[label], times=run["times"])
        runs[label] = run
    runs["values"] = stored_values(env, scorecard.id)
    write_json(args, f"recompute-jit-{args.jit}.json", runs)
    cr.close()


def stored_values(env, scorecard_id):
    """``{"CODE|YYYY-MM-DD": value or None}`` of the monthly measurements."""
    from odoo.tools import SQL  # noqa: PLC0415

    rows = env.execute_query(
        SQL(
            """SELECT k.code, p.date_start, m.actual_value, m.has_actual, m.error_text
               FROM bsc_measurement m
               JOIN bsc_kpi k ON k.id = m.kpi_id
               JOIN bsc_period p ON p.id = m.period_id
               WHERE k.scorecard_id = %s AND p.frequency = 'month'""",
            scorecard_id,
        )
    )
    return {
        f"{code}|{start}": (value if has and not error else None)
        for code, start, value, has, error in rows
    }


# ----------------------------------------------------------------------
# Stage: (a) the lower bound, hand-written SQL
# ----------------------------------------------------------------------


def utc_bounds(first, stop):
    import pytz  # noqa: PLC0415

    tz = pytz.timezone(TZ)
    out = []
    for day in (first, stop):
        local = tz.localize(datetime(day.year, day.month, day.day))
        out.append(local.astimezone(pytz.utc).replace(tzinfo=None))
    return out


LOWER_SQL = {
    # confirmed orders by order date: sales revenue / orders / AOV per
    # parameter, generic sale.order sources (count by team, total by user)
    "orders": """
        WITH o AS (
            SELECT date_trunc('month', so.date_order AT TIME ZONE 'UTC'
                              AT TIME ZONE %(tz)s)::date AS m,
                   so.team_id, so.user_id, p.country_id,
                   so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS rev,
                   so.amount_total
            FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
            WHERE so.state = 'sale' AND so.company_id = %(company)s
              AND so.date_order >= %(t0)s AND so.date_order < %(t1)s)
        SELECT GROUPING(team_id, user_id, country_id), m,
               COALESCE(team_id, user_id, country_id), SUM(rev), COUNT(*),
               SUM(amount_total)
        FROM o GROUP BY GROUPING SETS ((m), (m, team_id), (m, user_id), (m, country_id))
    """,
    # quotations by creation date, every state: conversion rate
    "quotations": """
        WITH o AS (
            SELECT date_trunc('month', so.create_date AT TIME ZONE 'UTC'
                              AT TIME ZONE %(tz)s)::date AS m,
                   so.team_id, so.user_id, p.country_id, so.state
            FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
            WHERE so.company_id = %(company)s
              AND so.create_date >= %(t0)s AND so.create_date < %(t1)s)
        SELECT GROUPING(team_id, user_id, country_id), m,
               COALESCE(team_id, user_id, country_id),
               COUNT(*) FILTER (WHERE state = 'sale'), COUNT(*)
        FROM o GROUP BY GROUPING SETS ((m), (m, team_id), (m, user_id), (m, country_id))
    """,
    # lines of confirmed orders by order date: revenue and quantity per category
    "lines": """
        SELECT date_trunc('month', so.date_order AT TIME ZONE 'UTC'
                          AT TIME ZONE %(tz)s)::date,
               t.categ_id,
               SUM(l.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1)),
               SUM(l.product_uom_qty / lu.factor * pu.factor)
        FROM sale_order_line l
        JOIN sale_order so ON so.id = l.order_id
        JOIN product_product pp ON pp.id = l.product_id
        JOIN product_template t ON t.id = pp.product_tmpl_id
        JOIN uom_uom lu ON lu.id = l.product_uom
        JOIN uom_uom pu ON pu.id = t.uom_id
        WHERE so.state = 'sale' AND so.company_id = %(company)s
          AND so.date_order >= %(t0)s AND so.date_order < %(t1)s
        GROUP BY 1, 2
    """,
    # first confirmed order of each customer: new customers
    "new_customers": """
        WITH f AS (
            SELECT DISTINCT ON (p.commercial_partner_id) so.date_order, so.team_id
            FROM sale_order so LEFT JOIN res_partner p ON p.id = so.partner_id
            WHERE so.state = 'sale' AND so.company_id = %(company)s
            ORDER BY p.commercial_partner_id, so.date_order, so.id)
        SELECT GROUPING(team_id),
               date_trunc('month', date_order AT TIME ZONE 'UTC'
                          AT TIME ZONE %(tz)s)::date, team_id, COUNT(*)
        FROM f WHERE date_order >= %(t0)s AND date_order < %(t1)s
        GROUP BY GROUPING SETS ((2), (2, team_id))
    """,
    # generic sources over order lines by creation date
    "generic_lines": """
        SELECT GROUPING(t.categ_id),
               date_trunc('month', l.create_date AT TIME ZONE 'UTC'
                          AT TIME ZONE %(tz)s)::date, t.categ_id,
               SUM(l.product_uom_qty),
               COUNT(DISTINCT l.order_id) FILTER (WHERE l.state = 'sale')
        FROM sale_order_line l
        JOIN product_product pp ON pp.id = l.product_id
        JOIN product_template t ON t.id = pp.product_tmpl_id
        WHERE (l.company_id = %(company)s OR l.company_id IS NULL)
          AND l.create_date >= %(t0)s AND l.create_date < %(t1)s
        GROUP BY GROUPING SETS ((2), (2, t.categ_id))
    """,
}
GROUPING_PARAM = {7: "none", 3: "team", 5: "user", 6: "country"}


def stage_lower(args):
    registry, cr, env = odoo_env(args)
    setup = read_json(args, "setup.json")
    months = [date.fromisoformat(m) for m in setup["months"]]
    t0, t1 = utc_bounds(months[0], date.fromisoformat(setup["stop"]))
    params = {"tz": TZ, "company": setup["master"]["companies"][0], "t0": t0, "t1": t1}
    best = None
    # the lower bound: the better of PostgreSQL's JIT compiler on and off
    for jit in ("on", "off", "on", "off"):
        cr.execute(f"SET jit = {jit}")
        with Meter(cr) as meter:
            data = {}
            for name, sql in LOWER_SQL.items():
                cr.execute(sql, params)
                data[name] = cr.fetchall()
            values = lower_values(setup["big"]["specs"], months, data)
        if best is None or meter.seconds < best["seconds"]:
            best = meter.as_dict(shapes=len(LOWER_SQL), jit=jit)
    write_json(args, "lower.json", dict(best, values=values))
    cr.close()


def lower_values(specs, months, data):
    """Every non-formula KPI's value per month from the five result sets."""
    orders, quotes, lines, new, glines = {}, {}, {}, {}, {}
    for grouping, month, key, rev, count, total in data["orders"]:
        param = GROUPING_PARAM[grouping]
        orders[(param, key if param != "none" else None, month)] = (rev, count, total)
    for grouping, month, key, confirmed, count in data["quotations"]:
        param = GROUPING_PARAM[grouping]
        quotes[(param, key if param != "none" else None, month)] = (confirmed, count)
    for month, categ, rev, qty in data["lines"]:
        lines[(categ, month)] = (rev, qty)
    for grouping, month, team, count in data["new_customers"]:
        new[("none", None, month) if grouping else ("team", team, month)] = count
    for grouping, month, categ, qty, distinct in data["generic_lines"]:
        glines[(None if grouping else categ, month)] = (qty, distinct)

    def num(value):
        return float(value) if value is not None else 0.0

    values = {}
    for spec in specs:
        if spec["kind"] == "formula":
            continue
        for month in months:
            key = f"{spec['code']}|{month.isoformat()}"
            if spec["kind"] == "generic":
                values[key] = num(generic_value(spec["source"], month, orders, glines))
                continue
            param, pvalue = spec["param"]
            sale_type = spec["type"]
            if param == "category":
                rev, qty = lines.get((pvalue, month), (None, None))
                values[key] = num(rev if sale_type == "sale_revenue" else qty)
            elif sale_type == "sale_new_customers":
                values[key] = num(new.get((param, pvalue, month)))
            elif sale_type == "sale_conversion":
                confirmed, count = quotes.get((param, pvalue, month), (0, 0))
                values[key] = 100.0 * confirmed / count if count else None
            else:
                rev, count, __ = orders.get((param, pvalue, month), (None, 0, None))
                values[key] = {
                    "sale_revenue": num(rev),
                    "sale_orders": float(count),
                    "sale_aov": float(rev) / count if count else None,
                }[sale_type]
    return values


def generic_value(source, month, orders, glines):
    """A generic source's raw value for a month from the lower bound's sets."""
    model, __, aggregate, __, domain = source
    value = domain[-1][2]
    if model == "sale.order.line" and aggregate == "sum":
        return glines.get((value, month), (None, None))[0]
    if model == "sale.order.line":
        return glines.get((None, month), (None, None))[1]
    if aggregate == "count":
        return orders.get(("team", value, month), (None, None, None))[1]
    return orders.get(("user", value, month), (None, None, None))[2]


# ----------------------------------------------------------------------
# Stage: (c) the naive way, one ORM query per KPI per period
# ----------------------------------------------------------------------


def sample(specs, count, keep):
    """``count`` specs spread evenly over those ``keep`` accepts."""
    pool = [s for s in specs if keep(s)]
    if count >= len(pool):
        return pool
    step = len(pool) / count
    return [pool[int(i * step)] for i in range(count)]


def stage_naive(args):
    registry, cr, env = odoo_env(args)
    setup = read_json(args, "setup.json")
    scorecard = env["bsc.scorecard"].browse(setup["big"]["id"])
    company = scorecard.company_id
    periods = scorecard.period_ids.filtered(lambda p: p.frequency == "month").sorted(
        "date_start"
    )
    specs = sample(
        setup["big"]["specs"], args.naive_kpis, lambda s: s["kind"] != "formula"
    )
    kpis = {k.code: k for k in scorecard.kpi_ids}
    env.invalidate_all()
    with Meter(cr) as meter:
        values = {}
        for spec in specs:
            kpi = kpis[spec["code"]]
            for period in periods:
                key = f"{spec['code']}|{period.date_start.isoformat()}"
                values[key] = naive_value(env, kpi, period, company)
    sources = sum(1 for s in setup["big"]["specs"] if s["kind"] != "formula")
    write_json(
        args,
        "naive.json",
        dict(meter.as_dict(sampled=len(specs), sources=sources), values=values),
    )
    cr.close()


def naive_value(env, kpi, period, company):
    """One KPI for one period with the ORM, as a straightforward module would."""
    Order = env["sale.order"].sudo().with_company(company)
    Order = Order.with_context(active_test=False)
    source_type = kpi.source_type
    if source_type == "source":
        source = kpi.source_id
        Model = env[source.model_id.model].sudo().with_company(company)
        domain = source._bsc_drilldown_domain(period, company, kpi.scorecard_id.tz)
        measure = source.measure_field_id.name
        aggregate = {
            "count": "__count",
            "sum": f"{measure}:sum",
            "count_distinct": f"{measure}:count_distinct",
        }[source.aggregate]
        return float(Model._read_group(domain, [], [aggregate])[0][0] or 0)
    # The records behind the value, as the sales family's drill-down opens
    # them
    action = kpi._bsc_drilldown_action(period)
    domain = action["domain"]
    if source_type == "sale_conversion":
        groups = Order._read_group(domain, ["state"], ["__count"])
        total = sum(count for __, count in groups)
        confirmed = sum(count for state, count in groups if state == "sale")
        return 100.0 * confirmed / total if total else None
    if source_type == "sale_new_customers":
        return float(len(domain[0][2]))
    if action["res_model"] == "sale.order.line":
        Line = env["sale.order.line"].sudo().with_context(active_test=False)
        if source_type == "sale_quantity":
            return float(Line._read_group(domain, [], ["product_uom_qty:sum"])[0][0])
        groups = Line._read_group(domain, ["order_id"], ["price_subtotal:sum"])
        return float(
            sum(amount / (order.currency_rate or 1) for order, amount in groups)
        )
    groups = Order._read_group(
        domain,
        ["currency_rate"],
        ["amount_untaxed:sum", "__count"],
    )
    revenue = sum(amount / (rate or 1) for rate, amount, __ in groups)
    count = sum(n for __, __, n in groups)
    if source_type == "sale_revenue":
        return float(revenue)
    if source_type == "sale_orders":
        return float(count)
    return float(revenue) / count if count else None


# ----------------------------------------------------------------------
# Stage: (b) OCA mis_builder, query KPIs over the same periods
# ----------------------------------------------------------------------

MIS_TYPES = ("sale_revenue", "sale_orders", "sale_aov")
MIS_FIELDS = {
    "sale.order": {
        "team": "team_id",
        "user": "user_id",
        "country": "partner_id.country_id",
    },
    "sale.report": {
        "team": "team_id",
        "user": "user_id",
        "country": "country_id",
        "category": "categ_id",
    },
}


def mis_specs(specs, count):
    """Sales KPIs mis_builder's query KPIs can express: revenue (by order
    parameter or product category), orders and average order value."""
    return sample(
        specs,
        count,
        lambda s: (
            s["kind"] == "sale"
            and s["type"] in MIS_TYPES
            and (s["param"][0] != "category" or s["type"] == "sale_revenue")
        ),
    )


def make_mis_report(env, specs, company, months, stop):
    """A mis.report with one or two queries per KPI and its 24-month instance.

    Revenue reads ``sale.report`` (Odoo's sales analysis: untaxed line
    amounts converted to the company currency with the order's rate); the
    number of orders reads ``sale.order``.
    """
    Fields = env["ir.model.fields"]
    models = {m: env["ir.model"]._get_id(m) for m in MIS_FIELDS}
    fields = {
        "sale.report": (
            Fields._get("sale.report", "price_subtotal").id,
            Fields._get("sale.report", "date").id,
            Fields._get("sale.report", "company_id").id,
        ),
        "sale.order": (
            Fields._get("sale.order", "amount_untaxed").id,
            Fields._get("sale.order", "date_order").id,
            Fields._get("sale.order", "company_id").id,
        ),
    }
    queries, kpis = [], []
    for i, spec in enumerate(specs):
        param, value = spec["param"]

        def query(model, name, param=param, value=value):
            domain = [("state", "=", "sale")]
            if param != "none":
                domain.append((MIS_FIELDS[model][param], "=", value))
            field, date_field, company_field = fields[model]
            queries.append(
                (0, 0, {
                    "name": name, "model_id": models[model],
                    "field_ids": [(6, 0, [field])], "aggregate": "sum",
                    "date_field": date_field, "company_field_id": company_field,
                    "domain": repr(domain),
                })
            )  # fmt: skip

        expression = {
            "sale_revenue": f"r{i}.price_subtotal",
            "sale_orders": f"o{i}.count",
            "sale_aov": f"r{i}.price_subtotal / o{i}.count",
        }[spec["type"]]
        if spec["type"] != "sale_orders":
            query("sale.report", f"r{i}")
        if spec["type"] != "sale_revenue":
            query("sale.order", f"o{i}")
        kpis.append(
            (0, 0, {
                "name": f"k{i}", "description": spec["code"], "expression": expression,
                "sequence": i,
            })
        )  # fmt: skip
    report = env["mis.report"].create(
        {"name": "Bench sales", "query_ids": queries, "kpi_ids": kpis}
    )
    ends = [m - timedelta(days=1) for m in months[1:]] + [stop - timedelta(days=1)]
    return env["mis.report.instance"].create(
        {
            "name": "Bench sales, 24 months",
            "report_id": report.id,
            "company_id": company.id,
            "period_ids": [
                (0, 0, {
                    "name": m.isoformat(), "mode": "fix", "manual_date_from": m,
                    "manual_date_to": end, "sequence": n,
                })
                for n, (m, end) in enumerate(zip(months, ends, strict=True))
            ],
        }
    )  # fmt: skip


def stage_mis(args):
    registry, cr, env = odoo_env(args)
    setup = read_json(args, "setup.json")
    company = env["res.company"].browse(setup["master"]["companies"][0])
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    months = [date.fromisoformat(m) for m in setup["months"]]
    specs = mis_specs(setup["big"]["specs"], args.mis_kpis)
    instance = make_mis_report(
        env, specs, company, months, date.fromisoformat(setup["stop"])
    )
    env.flush_all()
    env.invalidate_all()
    with Meter(cr) as meter:
        matrix = instance._compute_matrix()
    values = {}
    for row in matrix.iter_rows():
        for cell, month in zip(row.iter_cells(), months, strict=True):
            val = cell.val if cell else None
            values[f"{row.kpi.description}|{month.isoformat()}"] = (
                float(val) if isinstance(val, int | float) else None
            )
    pool = len(mis_specs(setup["big"]["specs"], 10**9))
    write_json(
        args,
        "mis.json",
        dict(meter.as_dict(sampled=len(specs), sources=pool), values=values),
    )
    cr.rollback()
    cr.close()


# ----------------------------------------------------------------------
# Stage: the suite's values alone (no storing), for like-for-like ratios
# ----------------------------------------------------------------------


def stage_values(args):
    """``bsc.kpi._bsc_source_values`` without storing anything: every source
    KPI (against (a)) and the KPIs mis_builder computes (against (b))."""
    registry, cr, env = odoo_env(args)
    setup = read_json(args, "setup.json")
    scorecard = env["bsc.scorecard"].browse(setup["big"]["id"])
    periods = scorecard.period_ids.filtered(lambda p: p.frequency == "month")
    kpis = scorecard.kpi_ids.filtered(lambda k: k.source_type != "formula")
    mis_codes = {s["code"] for s in mis_specs(setup["big"]["specs"], 10**9)}
    subsets = {
        "sources": kpis,
        "mis": kpis.filtered(lambda k: k.code in mis_codes),
    }
    out = {}
    for name, jit in (("mis", "server"), ("mis", "off"), ("sources", "off")):
        cr.execute(f"SET jit = {'off' if jit == 'off' else 'DEFAULT'}")
        env.invalidate_all()
        with Meter(cr) as meter:
            values = subsets[name]._bsc_source_values(periods)
        out[f"{name}-{jit}"] = meter.as_dict(kpis=len(subsets[name]))
    codes = {k.id: k.code for k in kpis}
    starts = {p.id: p.date_start.isoformat() for p in periods}
    out["values"] = {
        f"{codes[kpi_id]}|{starts[period_id]}": None if error else value
        for (kpi_id, period_id), (value, error) in values.items()
    }
    write_json(args, "values.json", out)
    cr.close()


# ----------------------------------------------------------------------
# Stage: the dashboard's matrix call on the 200-KPI scorecard
# ----------------------------------------------------------------------


def stage_matrix(args):
    registry, cr, env = odoo_env(args)
    setup = read_json(args, "setup.json")
    scorecard = env["bsc.scorecard"].browse(setup["small"]["id"])
    cr.execute("SET jit = off")  # setup, not timed: see stage_recompute
    scorecard._bsc_recompute()
    cr.commit()
    months = scorecard.period_ids.filtered(lambda p: p.frequency == "month")
    period = months.sorted("date_start")[-1]
    timings, queries = [], []
    for __ in range(11):
        env.invalidate_all()
        start_queries = cr.sql_log_count
        start = time.perf_counter()
        env["bsc.scorecard"].get_matrix(scorecard.id, period.id)
        timings.append(time.perf_counter() - start)
        queries.append(cr.sql_log_count - start_queries)
    timings = sorted(timings[1:])  # the first call warms the registry caches
    write_json(
        args,
        "matrix.json",
        {
            "kpis": len(scorecard.kpi_ids),
            "median": timings[len(timings) // 2],
            "max": timings[-1],
            "queries": queries[-1],
        },
    )
    cr.close()


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

    row("suite recompute, first run (creates the measurements)", rec["first"])
    row("suite recompute, second run (nothing changed, best of 3)", rec["second"])
    row("suite recompute, first run, jit = off", rec_off["first"])
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
    shapes = len(LOWER_SQL)
    memory = max(r["first"]["rss_mb"] for r in (rec, rec_off))

    def verdict(ok, at_size=False):
        if at_size and args.lines != 1_000_000:
            return "for information (the target is set at 1M lines)"
        return "met" if ok else "MISSED"

    out = [
        f"- time, nightly recompute (second run) <= 1.5x (a): {ratio:.2f}x "
        f"({second['seconds']:.2f} s vs {lower['seconds']:.2f} s): "
        f"{verdict(ratio <= 1.5, True)}; a first run, which also inserts "
        f"{first['changed']:,} measurements, is "
        f"{first['seconds'] / lower['seconds']:.2f}x",
        f"- SQL queries of a full recompute: {second['queries']} (second run), "
        f"{first['queries']} (first run) for {shapes} source shapes and "
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


# ----------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------

STAGES = {
    "setup": stage_setup,
    "recompute": stage_recompute,
    "lower": stage_lower,
    "naive": stage_naive,
    "mis": stage_mis,
    "matrix": stage_matrix,
    "values": stage_values,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", default="bench-results.md")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--naive-kpis", type=int, default=60)
    parser.add_argument("--mis-kpis", type=int, default=60)
    parser.add_argument("--mis", action="store_true")
    parser.add_argument("--stage", choices=sorted(STAGES))
    parser.add_argument("--jit", choices=("server", "off"), default="server")
    args = parser.parse_args()
    if args.stage:
        STAGES[args.stage](args)
        return 0
    stages = [
        ("setup",),
        ("recompute", "--jit", "server"),
        ("recompute", "--jit", "off"),
        ("values",),
        ("lower",),
        ("naive",),
        ("matrix",),
    ]
    if args.mis:
        stages.insert(5, ("mis",))
    for stage, *extra in stages:
        print(f"==> bench: {stage} {' '.join(extra)}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, *sys.argv[1:], "--stage", stage, *extra],
            check=True,
        )
        print(
            f"==> bench: {stage} done in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    registry, cr, env = odoo_env(args)
    cr.execute("SHOW server_version")
    pg_version = cr.fetchone()[0]
    cr.close()
    return 0 if report(args, pg_version) else 1


if __name__ == "__main__":
    sys.exit(main())
