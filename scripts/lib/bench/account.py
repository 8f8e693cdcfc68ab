# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The accounting workload (``--account``; see README, "Performance").

2 companies with Odoo's generic chart, ``--items`` posted journal items
(1M by default) over 24 months written with bulk SQL, one scorecard per
company with half of ``--account-kpis`` financial KPIs (200 by default) of
the "Add Financial KPIs" templates' kinds: movements, balances at period
end, overdue receivables, debits and credits, over account types or code
prefixes with an exclusion, some narrowed to a journal.

The items are written with the addon installed: its triggers keep the
summary of posted items (``bsc_account_item_sum``) as they would on a real
database; it is compacted as the daily autovacuum does, and checked
against the items (``_bsc_item_sums_check``) before anything is timed.

Three ways compute every KPI for the 24 months, each in its own process:

- the suite: ``bsc.kpi._bsc_source_values`` (no KPI value stored; the
  summary of posted items read for every KPI but the overdue ones);
- the lower bound: one hand-written grouped query over the journal items
  (by company, account, journal and month of the date), and one over the
  receivable items with their reconciliations (by month of the date, of
  the day after the due date and of the reconciliation's ``max_date``) for
  the overdue open amounts, summed per KPI in Python; account selections
  resolved before;
- OCA mis_builder: its own accounting expression engine
  (``AccountingExpressionProcessor`` and ``ExpressionEvaluator``, what a
  mis.report instance runs per column), one processor per company parsing
  every KPI's ``balp``/``bale``/``debp``/``crdp`` expression, queried once
  per month, posted entries only. mis_builder cannot state an item's open
  amount at a past date (reconciliations are not journal items): the
  overdue KPIs are left out of its computation and its comparison.

A quarter of the customer payments are left unmatched, the others are
reconciled (``account.partial.reconcile`` rows written with bulk SQL) with
an invoice of the same rank by date, partly when their amounts differ; the
items' residual columns are not updated (nothing timed reads them).

Every value is compared (within a cent) before the timings are reported.
"""

import subprocess
import sys
import time
from datetime import date, timedelta

from .common import Meter, month_starts, odoo_env, read_json, write_json

MONTHS = 24
TOLERANCE = 0.01
# kind: (debit account types, credit account types, journal type, due in days)
MOVE_KINDS = (
    (("asset_receivable",), ("income", "income_other"), "sale", 30),
    (("expense_direct_cost", "expense"), ("liability_payable",), "purchase", 45),
    (("asset_cash",), ("asset_receivable",), "bank", 0),
    (("liability_payable",), ("asset_cash",), "bank", 0),
    (("expense_depreciation", "expense"), ("asset_current", "liability_current"),
     "general", 0),
)  # fmt: skip
# KPI kinds: (source type, account types or None for code prefixes, sign,
# narrowed to the journal of this type)
KPI_KINDS = (
    ("account_movement", ("income",), "credit", None),
    ("account_movement", ("expense_direct_cost",), "debit", None),
    ("account_movement", ("expense", "expense_depreciation"), "debit", None),
    ("account_movement", ("income", "income_other", "expense",
                          "expense_depreciation", "expense_direct_cost"),
     "credit", None),
    ("account_movement", None, "debit", None),
    ("account_balance", ("asset_cash",), "debit", None),
    ("account_balance", ("asset_receivable",), "debit", None),
    ("account_balance", ("liability_payable",), "credit", None),
    ("account_balance", ("asset_receivable", "asset_cash", "asset_current"),
     "debit", None),
    ("account_balance", ("liability_payable", "liability_current"), "credit", None),
    ("account_overdue", ("asset_receivable",), "debit", None),
    ("account_debit", ("asset_receivable",), "debit", None),
    ("account_credit", ("asset_cash",), "debit", None),
    ("account_movement", ("income",), "credit", "sale"),
    ("account_balance", ("asset_receivable",), "debit", "sale"),
)  # fmt: skip


def account_span():
    """The 24 full months before the current one, and the day after."""
    today = date.today()
    first = date(today.year - 2, today.month, 1)
    months = month_starts(first, MONTHS + 1)
    return months[:-1], months[-1]


# ----------------------------------------------------------------------
# Stage: account-setup (not timed)
# ----------------------------------------------------------------------


def stage_account_setup(args):
    registry, cr, env = odoo_env(args)
    env = env(context=dict(env.context, tracking_disable=True))
    months, stop = account_span()
    eur = env.ref("base.EUR")
    eur.active = True
    company1 = env.ref("base.main_company")
    company2 = env["res.company"].create({"name": "Bench EU", "currency_id": eur.id})
    companies = company1 | company2
    env.user.company_ids = [(6, 0, companies.ids)]
    for company in companies:
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
    company2.currency_id = eur
    cr.commit()
    info = {"companies": {}}
    for company in companies:
        info["companies"][str(company.id)] = company_info(env, company)
    cr.commit()
    load_items(env, args.items, months[0], stop, info)
    cr.commit()
    specs = make_scorecards(env, args.account_kpis, months[0], stop, info)
    cr.commit()
    info.update(specs=specs, months=[m.isoformat() for m in months])
    info["items"] = env["account.move.line"].search_count(
        [("parent_state", "=", "posted")]
    )
    write_json(args, "account-setup.json", info)
    cr.close()


def company_info(env, company):
    """Accounts by type and code, journals by type, and a draft template
    entry whose columns the bulk insert copies."""
    Account = env["account.account"].with_company(company)
    accounts = Account.search([("company_ids", "=", company.id)])
    by_type = {}
    for account in accounts:
        by_type.setdefault(account.account_type, []).append(account.id)
    journals = {}
    for jtype in ("sale", "purchase", "bank", "general"):
        journals[jtype] = (
            env["account.journal"]
            .search([("company_id", "=", company.id), ("type", "=", jtype)], limit=1)
            .id
        )
    template = (
        env["account.move"]
        .with_company(company)
        .create(
            {
                "move_type": "entry",
                "journal_id": journals["general"],
                "date": date.today(),
                "line_ids": [
                    (0, 0, {"name": "t", "account_id": accounts[0].id, "debit": 1}),
                    (0, 0, {"name": "t", "account_id": accounts[1].id, "credit": 1}),
                ],
            }
        )
    )
    codes = sorted({account.code[:1] for account in accounts if account.code})
    excluded = {}
    for prefix in codes:
        inner = sorted(a.code[:2] for a in accounts if a.code.startswith(prefix))
        if len(set(inner)) > 1:
            excluded[prefix] = inner[-1]
    return {
        "types": by_type,
        "journals": journals,
        "template": template.id,
        "template_line": template.line_ids[0].id,
        "prefixes": codes,
        "excluded": excluded,
    }


def load_items(env, items, first, stop, info):
    """``items`` posted journal items, 2 per entry, with bulk SQL: the
    columns of each company's template entry, with the date, journal,
    accounts and amounts of each kind of MOVE_KINDS."""
    from odoo.tools import SQL  # noqa: PLC0415

    cr = env.cr
    cr.execute(
        """CREATE TEMP TABLE bench_kind (
               company int, kind int, deb int[], cred int[], journal int,
               due int, tpl int, tpl_line int)"""
    )
    for company_id, company in info["companies"].items():
        types = company["types"]
        for kind, (debits, credits, jtype, due) in enumerate(MOVE_KINDS):
            deb = [a for t in debits for a in types.get(t, [])]
            cred = [a for t in credits for a in types.get(t, [])]
            cr.execute(
                "INSERT INTO bench_kind VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (int(company_id), kind, deb, cred, company["journals"][jtype], due,
                 company["template"], company["template_line"]),
            )  # fmt: skip
    company_ids = [int(c) for c in info["companies"]]
    days = (stop - first).days
    cr.execute(
        """CREATE TEMP TABLE bench_move AS
           SELECT nextval('account_move_id_seq') AS id, g, k.*,
                  k.deb[1 + (g / 10) %% array_length(k.deb, 1)] AS debit_account,
                  k.cred[1 + (g / 7) %% array_length(k.cred, 1)] AS credit_account,
                  (%s::date + ((g::bigint * 7919) %% %s)::int) AS d,
                  round(((g * 37) %% 100000) / 100.0 + 1, 2) AS amount
           FROM generate_series(1, %s) g
           JOIN bench_kind k ON k.company = (%s::int[])[1 + g %% 2]
                            AND k.kind = (g / 2) %% 5""",
        (first, days, items // 2, company_ids),
    )
    move_cols = columns(cr, "account_move")
    over = {
        "id": "b.id",
        "name": "'BENCH/' || b.g",
        "date": "b.d",
        "journal_id": "b.journal",
        "state": "'posted'",
        "ref": "NULL",
        "sequence_prefix": "'BENCH/'",
        "sequence_number": "b.g",
    }
    cr.execute(
        SQL(
            "INSERT INTO account_move (%s) SELECT %s FROM bench_move b "
            "JOIN account_move t ON t.id = b.tpl",
            SQL(", ".join(move_cols)),
            SQL(", ".join(over.get(c, f"t.{c}") for c in move_cols)),
        )
    )
    line_cols = [c for c in columns(cr, "account_move_line") if c != "id"]
    for side, account, sign in (("d", "debit_account", 1), ("c", "credit_account", -1)):
        balance = f"({sign} * b.amount)"
        over = {
            "move_id": "b.id",
            "move_name": "'BENCH/' || b.g",
            "date": "b.d",
            "journal_id": "b.journal",
            "account_id": f"b.{account}",
            "parent_state": "'posted'",
            "debit": f"GREATEST({balance}, 0)",
            "credit": f"GREATEST(-{balance}, 0)",
            "balance": balance,
            "amount_currency": balance,
            "amount_residual": balance,
            "amount_residual_currency": balance,
            "reconciled": "false",
            "date_maturity": "b.d + b.due",
            "name": f"'{side}'",
            "analytic_distribution": "NULL",
        }
        cr.execute(
            SQL(
                "INSERT INTO account_move_line (%s) SELECT %s FROM bench_move b "
                "JOIN account_move_line t ON t.id = b.tpl_line",
                SQL(", ".join(line_cols)),
                SQL(", ".join(over.get(c, f"t.{c}") for c in line_cols)),
            )
        )
    # invoices matched with payments of the same rank by date, 3 in 4
    cr.execute(
        """WITH item AS (
               SELECT l.id, l.company_id, l.balance, l.date, l.currency_id,
                      row_number() OVER (PARTITION BY l.company_id, l.balance > 0
                                         ORDER BY l.date, l.id) AS n
               FROM account_move_line l
               JOIN account_account a ON a.id = l.account_id
               WHERE a.account_type = 'asset_receivable'
                 AND l.move_name LIKE 'BENCH/%' AND l.balance != 0)
           INSERT INTO account_partial_reconcile (
               debit_move_id, credit_move_id, amount, debit_amount_currency,
               credit_amount_currency, debit_currency_id, credit_currency_id,
               company_id, max_date, create_uid, create_date, write_uid,
               write_date)
           SELECT d.id, c.id, LEAST(d.balance, -c.balance),
                  LEAST(d.balance, -c.balance), LEAST(d.balance, -c.balance),
                  d.currency_id, c.currency_id, d.company_id,
                  GREATEST(d.date, c.date), 1, now(), 1, now()
           FROM item d
           JOIN item c ON c.company_id = d.company_id AND c.n = d.n
                      AND c.balance < 0
           WHERE d.balance > 0 AND d.n % 4 != 0"""
    )
    if not cr.rowcount:
        # the overdue KPIs would then read no reconciliation at all, and the
        # equal values would not show that the suite applies them
        raise RuntimeError("bench data: no invoice was matched with a payment")
    print(f"==> bench: {cr.rowcount} invoices matched with payments", file=sys.stderr)
    # bsc_account_link's summary of posted items: its triggers followed the
    # inserts above; fold their rows as the daily compaction does on a real
    # database, then check it against the items before anything is timed
    Line = env["account.move.line"]
    Line._bsc_item_sums_compact()
    differences = Line._bsc_item_sums_check()
    if differences:
        raise RuntimeError(f"bench data: the summary differs: {differences[:5]}")
    cr.execute("SELECT count(*) FROM bsc_account_item_sum")
    print(
        f"==> bench: summary of posted items exact, {cr.fetchone()[0]} rows",
        file=sys.stderr,
    )
    cr.execute("ANALYZE bsc_account_item_sum")
    cr.execute("ANALYZE account_move")
    cr.execute("ANALYZE account_move_line")
    cr.execute("ANALYZE account_partial_reconcile")


def columns(cr, table):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
           WHERE table_name = %s AND table_schema = current_schema()
           ORDER BY ordinal_position""",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def make_scorecards(env, count, first, stop, info):
    """One scorecard per company with ``count / 2`` KPIs cycling through
    KPI_KINDS; returns each KPI's spec for the other methods."""
    Type = env["bsc.account.type"]
    specs = []
    for company_id, company in info["companies"].items():
        scorecard = env["bsc.scorecard"].create(
            {
                "name": f"Bench accounts {company_id}",
                "company_id": int(company_id),
                "date_from": first,
                "date_to": stop - timedelta(days=1),
                "tz": "Europe/Brussels",
            }
        )
        objective = env["bsc.objective"].create(
            {
                "name": "Financial figures",
                "scorecard_id": scorecard.id,
                "perspective_id": env.ref("bsc_core.perspective_financial").id,
            }
        )
        vals_list = []
        for i in range(count // 2):
            source, types, sign, jtype = KPI_KINDS[i % len(KPI_KINDS)]
            prefixes = company["prefixes"]
            spec = {
                "code": f"ACC{company_id}_{i:03d}",
                "company": int(company_id),
                "scorecard": scorecard.id,
                "source": source,
                "types": list(types or ()),
                "sign": sign,
                "journal": company["journals"][jtype] if jtype else None,
                "prefix": None,
                "excluded": None,
            }
            vals = {
                "name": spec["code"],
                "code": spec["code"],
                "objective_id": objective.id,
                "source_type": source,
                "account_sign": sign,
                "target_value": 10,
                "red_flag_value": 5,
            }
            if types:
                vals["account_type_ids"] = [
                    (6, 0, Type.search([("code", "in", list(types))]).ids)
                ]
            else:
                prefix = prefixes[(i // len(KPI_KINDS)) % len(prefixes)]
                spec["prefix"] = prefix
                spec["excluded"] = company["excluded"].get(prefix)
                vals["account_code_prefixes"] = prefix + (
                    f", -{spec['excluded']}" if spec["excluded"] else ""
                )
            if spec["journal"]:
                vals["account_journal_ids"] = [(6, 0, [spec["journal"]])]
            vals_list.append(vals)
            specs.append(spec)
        env["bsc.kpi"].create(vals_list)
    return specs


# ----------------------------------------------------------------------
# Stage: account-suite (the suite's values, nothing stored)
# ----------------------------------------------------------------------


def best_of(cr, env, runs, work):
    """Run ``work`` ``runs`` times (the first warms the caches); the
    fastest run's Meter and the last result."""
    best = result = None
    for __ in range(runs):
        env.invalidate_all()
        with Meter(cr) as meter:
            result = work()
        if best is None or meter.seconds < best.seconds:
            best = meter
    return best, result


def stage_account_suite(args):
    registry, cr, env = odoo_env(args)
    setup = read_json(args, "account-setup.json")
    scorecards = env["bsc.scorecard"].browse({s["scorecard"] for s in setup["specs"]})
    kpis = scorecards.kpi_ids
    periods = scorecards.period_ids.filtered(lambda p: p.frequency == "month")
    meter, values = best_of(cr, env, 3, lambda: kpis._bsc_source_values(periods))
    out = meter.as_dict(kpis=len(kpis), periods=len(periods) // len(scorecards))
    # the same KPIs as mis_builder's run: all but the overdue ones (mis_builder
    # has no expression for an open amount at a date)
    stated = kpis.filtered(lambda k: k.source_type != "account_overdue")
    same, same_values = best_of(cr, env, 3, lambda: stated._bsc_source_values(periods))
    codes = {k.id: k.code for k in kpis}
    starts = {p.id: p.date_start.isoformat() for p in periods}

    def keyed(found):
        return {
            f"{codes[kpi_id]}|{starts[period_id]}": None if error else value
            for (kpi_id, period_id), (value, error) in found.items()
        }

    out["same_as_mis"] = same.as_dict(kpis=len(stated), values=keyed(same_values))
    out["values"] = keyed(values)
    write_json(args, "account-suite.json", out)
    cr.close()


# ----------------------------------------------------------------------
# Stage: account-lower (hand-written SQL)
# ----------------------------------------------------------------------

LOWER_SQL = """
    SELECT l.company_id, l.account_id, l.journal_id,
           date_trunc('month', l.date)::date,
           SUM(l.balance), SUM(l.debit), SUM(l.credit)
    FROM account_move_line l
    WHERE l.parent_state = 'posted' AND l.company_id = ANY(%s)
      AND l.date < %s
    GROUP BY 1, 2, 3, 4
"""
# The overdue KPIs' items: balances, and what reconciliations take off
# them, by month of the date, of the day after the due date (due before a
# month's last day = that day in the month or before) and of the
# reconciliation; the side (debit or credit) of the item.
OVERDUE_SQL = """
    WITH item AS (
        SELECT l.id, l.company_id, l.account_id, l.journal_id,
               date_trunc('month', l.date)::date AS month,
               date_trunc('month', COALESCE(l.date_maturity, l.date) + 1)::date
                   AS due,
               l.balance > 0 AS debit, l.balance
        FROM account_move_line l
        WHERE l.parent_state = 'posted' AND l.company_id = ANY(%(companies)s)
          AND l.account_id = ANY(%(accounts)s) AND l.date < %(stop)s
          AND l.balance != 0)
    SELECT company_id, account_id, journal_id, month, due, debit, NULL::date,
           SUM(balance)
    FROM item GROUP BY 1, 2, 3, 4, 5, 6
    UNION ALL
    SELECT i.company_id, i.account_id, i.journal_id, i.month, i.due, i.debit,
           date_trunc('month', p.max_date)::date, SUM(p.amount)
    FROM item i
    JOIN (SELECT debit_move_id AS line_id, -amount AS amount, max_date
          FROM account_partial_reconcile
          UNION ALL
          SELECT credit_move_id, amount, max_date
          FROM account_partial_reconcile) p ON p.line_id = i.id
    WHERE p.max_date < %(stop)s
    GROUP BY 1, 2, 3, 4, 5, 6, 7
"""


def resolve_accounts(env, spec):
    """The accounts ``spec`` selects in its company's chart (setup)."""
    Account = env["account.account"].with_company(spec["company"])
    domain = [("company_ids", "=", spec["company"])]
    if spec["types"]:
        domain.append(("account_type", "in", spec["types"]))
        return set(Account.search(domain).ids)
    selected = set(
        Account.search(domain + [("code", "=like", spec["prefix"] + "%")]).ids
    )
    if spec["excluded"]:
        selected -= set(
            Account.search(domain + [("code", "=like", spec["excluded"] + "%")]).ids
        )
    return selected


def open_item_rows(cr, months, company_ids, accounts, stop):
    """``{(company, account): [(journal, debit, first month, amount)]}``:
    the rows of OVERDUE_SQL, each with the index of the first month whose
    end counts it (dated, due before the end and, for a reconciliation,
    matched by then)."""
    index = {m: i for i, m in enumerate(months)}

    def first_month(month):
        if month is None or month < months[0]:
            return 0
        return index.get(month, len(months))

    cr.execute(
        OVERDUE_SQL, {"companies": company_ids, "accounts": accounts, "stop": stop}
    )
    rows = {}
    for company, account, journal, month, due, debit, paid, amount in cr.fetchall():
        start = max(first_month(month), first_month(due), first_month(paid))
        rows.setdefault((company, account), []).append(
            (journal, debit, start, float(amount))
        )
    return rows


def lower_overdue(spec, accounts, open_items, count):
    """``[value per month]`` of an overdue ``spec``: the open amounts at
    each month's end of the items due before it, on the side the KPI shows
    positive (debits, credits for the credit sign), with its sign."""
    overdue = [0.0] * count
    for account in accounts:
        for journal, debit, start, amount in open_items.get(
            (spec["company"], account), ()
        ):
            if spec["journal"] and journal != spec["journal"]:
                continue
            if debit != (spec["sign"] == "debit"):
                continue
            for j in range(start, count):
                overdue[j] += amount
    sign = -1 if spec["sign"] == "credit" else 1
    return [sign * v for v in overdue]


def lower_sums(spec, accounts, by_key, months):
    """``[value per month]`` of a movement, balance, debit or credit
    ``spec`` from the rows of LOWER_SQL, with its sign."""
    source = spec["source"]
    index = {m: i for i, m in enumerate(months)}
    per_month = [0.0] * len(months)
    before = 0.0
    for account in accounts:
        for journal, month, bal, deb, cred in by_key.get(
            (spec["company"], account), ()
        ):
            if spec["journal"] and journal != spec["journal"]:
                continue
            amount = (
                deb if source == "account_debit"
                else cred if source == "account_credit"
                else bal
            )  # fmt: skip
            i = index.get(month)
            if i is None:
                before += amount
            else:
                per_month[i] += amount
    sign = -1 if spec["sign"] == "credit" else 1
    if source == "account_balance":
        running, out = before, []
        for amount in per_month:
            running += amount
            out.append(sign * running)
        return out
    if source == "account_movement":
        return [sign * v for v in per_month]
    return per_month


def stage_account_lower(args):
    registry, cr, env = odoo_env(args)
    setup = read_json(args, "account-setup.json")
    specs = setup["specs"]
    months = [date.fromisoformat(m) for m in setup["months"]]
    stop = month_starts(months[-1], 2)[1]
    selections = [resolve_accounts(env, spec) for spec in specs]
    company_ids = sorted({spec["company"] for spec in specs})
    overdue_accounts = sorted(
        {
            account
            for spec, accounts in zip(specs, selections, strict=True)
            if spec["source"] == "account_overdue"
            for account in accounts
        }
    )

    def work():
        cr.execute(LOWER_SQL, (company_ids, stop))
        # {(company, account): [(journal, month, balance, debit, credit)]}
        by_key = {}
        for company, account, journal, month, bal, deb, cred in cr.fetchall():
            by_key.setdefault((company, account), []).append(
                (journal, month, bal, deb, cred)
            )
        open_items = (
            open_item_rows(cr, months, company_ids, overdue_accounts, stop)
            if overdue_accounts
            else {}
        )
        values = {}
        for spec, accounts in zip(specs, selections, strict=True):
            if spec["source"] == "account_overdue":
                out = lower_overdue(spec, accounts, open_items, len(months))
            else:
                out = lower_sums(spec, accounts, by_key, months)
            for month, value in zip(months, out, strict=True):
                values[f"{spec['code']}|{month.isoformat()}"] = value
        return values

    meter, values = best_of(cr, env, 3, work)
    out = meter.as_dict(kpis=len(specs))
    out["values"] = values
    write_json(args, "account-lower.json", out)
    cr.close()


# ----------------------------------------------------------------------
# Stage: account-mis (OCA mis_builder's accounting expressions)
# ----------------------------------------------------------------------


def mis_expression(spec):
    fields = {
        "account_movement": "balp",
        "account_debit": "debp",
        "account_credit": "crdp",
        "account_balance": "bale",
    }
    field = fields[spec["source"]]
    if spec["types"]:
        # a tuple: mis_builder's selector ends at the first closing bracket
        expr = f"{field}[('account_type', 'in', {tuple(spec['types'])})]"
    else:
        expr = f"{field}[{spec['prefix']}%]"
        if spec["excluded"]:
            expr = f"({expr} - {field}[{spec['excluded']}%])"
    domain = []
    if spec["journal"]:
        domain.append(f"('journal_id', '=', {spec['journal']})")
    if domain:
        expr += f"[{', '.join(domain)}]"
    if spec["sign"] == "credit" and spec["source"] not in (
        "account_debit",
        "account_credit",
    ):
        expr = f"-({expr})"
    return expr


def stage_account_mis(args):
    from odoo.addons.mis_builder.models.accounting_none import (  # noqa: PLC0415
        AccountingNone,
    )
    from odoo.addons.mis_builder.models.aep import (  # noqa: PLC0415
        AccountingExpressionProcessor,
    )
    from odoo.addons.mis_builder.models.expression_evaluator import (  # noqa: PLC0415
        ExpressionEvaluator,
    )

    registry, cr, env = odoo_env(args)
    setup = read_json(args, "account-setup.json")
    specs = setup["specs"]
    months = [date.fromisoformat(m) for m in setup["months"]]
    ends = [m - timedelta(days=1) for m in month_starts(months[0], len(months) + 1)[1:]]

    class Expression:
        def __init__(self, name):
            self.name = name

    def evaluate(company, company_specs, exprs, month_pairs):
        aep = AccountingExpressionProcessor(company)
        for expr in exprs:
            aep.parse_expr(expr)
        aep.done_parsing()
        out = {}
        for start, end in month_pairs:
            evaluator = ExpressionEvaluator(
                aep, start, end, [("parent_state", "=", "posted")]
            )
            evaluator.aep_do_queries()
            vals, __, __ = evaluator.eval_expressions(
                [Expression(e) for e in exprs], {"AccountingNone": AccountingNone}
            )
            for spec, val in zip(company_specs, vals, strict=True):
                out[f"{spec['code']}|{start.isoformat()}"] = (
                    0.0 if val is AccountingNone else float(val)
                )
        return out

    def work():
        values = {}
        for company_id in sorted({s["company"] for s in specs}):
            company = env["res.company"].browse(company_id).with_company(company_id)
            fixed = [
                s for s in specs
                if s["company"] == company_id and s["source"] != "account_overdue"
            ]  # fmt: skip
            values.update(
                evaluate(
                    company, fixed, [mis_expression(s) for s in fixed],
                    list(zip(months, ends, strict=True)),
                )
            )  # fmt: skip
            # no overdue KPI: mis_builder cannot state an open amount at a
            # date (reconciliations are not journal items)
        return values

    meter, values = best_of(cr, env, 2, work)
    out = meter.as_dict(kpis=len(specs))
    out["values"] = values
    write_json(args, "account-mis.json", out)
    cr.close()


# ----------------------------------------------------------------------
# Driver and report
# ----------------------------------------------------------------------

ACCOUNT_STAGES = {
    "account-setup": stage_account_setup,
    "account-suite": stage_account_suite,
    "account-lower": stage_account_lower,
    "account-mis": stage_account_mis,
}


def compare(reference, other):
    """The keys whose values differ by more than a cent."""
    bad = []
    for key, value in reference.items():
        theirs = other.get(key)
        if value is None or theirs is None:
            if (value or 0.0) != (theirs or 0.0):
                bad.append((key, value, theirs))
        elif abs(value - theirs) > TOLERANCE:
            bad.append((key, value, theirs))
    missing = sorted(set(other) - set(reference))
    if missing:
        bad.append(("missing in the suite", missing[:5], None))
    return bad


def run_account(args, argv):
    """Each stage in its own process, then the comparison and the table."""
    for stage in ACCOUNT_STAGES:
        print(f"==> bench: {stage}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bench", *argv, "--stage", stage], check=True
        )
        print(
            f"==> bench: {stage} done in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    setup = read_json(args, "account-setup.json")
    suite = read_json(args, "account-suite.json")
    lower = read_json(args, "account-lower.json")
    mis = read_json(args, "account-mis.json")
    ok = True
    # mis_builder computes no overdue KPI (see the module's docstring)
    overdue = {s["code"] for s in setup["specs"] if s["source"] == "account_overdue"}
    without_overdue = {
        key: value
        for key, value in suite["values"].items()
        if key.split("|")[0] not in overdue
    }
    for name, other, reference in (
        ("lower bound", lower, suite["values"]),
        ("mis_builder", mis, without_overdue),
        ("mis_builder (suite on its KPIs)", mis, suite["same_as_mis"]["values"]),
    ):
        bad = compare(reference, other["values"])
        nonzero = sum(1 for v in reference.values() if v)
        print(
            f"values: suite vs {name}: {len(reference)} compared "
            f"({nonzero} non-zero), {len(bad)} differ",
            file=sys.stderr,
        )
        if bad:
            ok = False
            for row in bad[:10]:
                print(f"  {row}", file=sys.stderr)
    rows = [
        ("suite: bsc.kpi._bsc_source_values", suite),
        ("(a) lower bound: one grouped SQL query", lower),
        ("(b) OCA mis_builder accounting expressions", mis),
    ]
    lines = [
        f"Accounting workload: {setup['items']} posted journal items, "
        f"{len(setup['months'])} months, 2 companies, {suite['kpis']} KPIs "
        f"({len(setup['specs'])} specs), every value equal: {'yes' if ok else 'NO'} "
        f"(mis_builder: all but the {len(overdue)} overdue KPIs)",
        "",
        "| method | seconds | queries | vs suite |",
        "|---|---:|---:|---:|",
    ]
    for label, data in rows:
        lines.append(
            f"| {label} | {data['seconds']:.2f} | {data['queries']} | "
            f"{data['seconds'] / suite['seconds']:.2f}x |"
        )
    same = suite["same_as_mis"]
    lines.append(
        f"| suite on the {same['kpis']} KPIs mis_builder states "
        f"| {same['seconds']:.2f} | {same['queries']} "
        f"| {same['seconds'] / suite['seconds']:.2f}x |"
    )
    lines.append("")
    lines.append(
        f"suite / lower bound: {suite['seconds'] / lower['seconds']:.2f}x "
        f"(target <= 1.5x); mis_builder / suite on the same "
        f"{same['kpis']} KPIs: {mis['seconds'] / same['seconds']:.1f}x "
        f"(target >= 10x; on all {suite['kpis']}: "
        f"{mis['seconds'] / suite['seconds']:.1f}x)"
    )
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0 if ok else 1
