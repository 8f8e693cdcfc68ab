# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""(a) The lower bound: hand-written SQL over the same data."""

from datetime import date, datetime

from .common import TZ, Meter, odoo_env, read_json, write_json

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
