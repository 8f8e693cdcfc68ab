# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""(c) The naive way: one ORM query per KPI per period."""

from .common import Meter, odoo_env, read_json, write_json

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
    if action["res_model"] == "sale.report":
        # revenue: the order lines of the sales analysis, untaxed in the
        # company currency
        Report = env["sale.report"].sudo().with_company(company)
        return float(Report._read_group(domain, [], ["price_subtotal:sum"])[0][0])
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
