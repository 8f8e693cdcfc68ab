# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The synthetic data (stage "setup", not timed): companies, currencies,
teams, partners, sales written with bulk SQL, the scorecards."""

import json
from datetime import timedelta

from .common import (
    CURRENCY_RATES,
    PARAMS,
    SALE_ORDER_TYPES,
    SMALL_KPIS,
    STATES,
    TZ,
    odoo_env,
    span,
    write_json,
)

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
