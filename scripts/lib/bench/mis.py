# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""(b) OCA mis_builder: query KPIs over the same periods."""

from datetime import date, timedelta

from .common import Meter, odoo_env, read_json, write_json
from .naive import sample

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
