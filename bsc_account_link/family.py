# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The accounting source family: KPIs computed from posted journal items."""

import bisect
import itertools
import re
from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

from odoo import _
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, SourceFamily

# The summary of posted journal items that triggers keep exact (see
# models/account_move_line.py and readme/DEVELOP.md): insert-only deltas of
# their amounts by company, account, journal and date
SUM_TABLE = "bsc_account_item_sum"
SUM_KEYS = ("company_id", "account_id", "journal_id", "date")
SUM_AMOUNTS = ("debit", "credit", "balance")
# the journal items' fields the triggers follow, flushed before a read
SUM_FIELDS = ("parent_state", *SUM_KEYS, *SUM_AMOUNTS)

ACCOUNT_SOURCE_TYPES = [
    ("account_movement", "Accounting: movement over the period"),
    ("account_balance", "Accounting: balance at period end"),
    ("account_overdue", "Accounting: overdue open amount at period end"),
    ("account_debit", "Accounting: debit over the period"),
    ("account_credit", "Accounting: credit over the period"),
]
ACCOUNT_TYPES = tuple(key for key, __ in ACCOUNT_SOURCE_TYPES)
# Values read from all history up to the period's end, not from the period
CUMULATIVE_TYPES = ("account_balance", "account_overdue")
# The column each source type sums; the sign rule applies to balances only
MEASURE_COLUMNS = {
    "account_movement": "balance",
    "account_balance": "balance",
    "account_overdue": "balance",
    "account_debit": "debit",
    "account_credit": "credit",
}
# Account types (Odoo 18 account.account.account_type) whose natural
# balance is a credit: shown positive as credit minus debit by the "auto" sign.
CREDIT_GROUPS = ("income", "liability", "equity")
POSTED = (("parent_state", "=", "posted"),)
# A code prefix as Odoo 18 allows codes (letters, digits, dots), "-" excludes
PREFIX_TOKEN = re.compile(r"^-?[A-Za-z0-9.]+$")


class AccountSelection(NamedTuple):
    """A KPI's accounts, found in its company's chart of accounts."""

    account_ids: tuple
    credit_positive: bool
    error: object  # an error text, or False


def parse_prefixes(text):
    """``(included, excluded, invalid)`` code prefixes of ``text``: prefixes
    separated by commas, semicolons or spaces, ``-`` before one excluding
    it (``"70, 71, -7091"``)."""
    included, excluded, invalid = [], [], []
    for token in re.split(r"[\s,;]+", text or ""):
        if not token:
            continue
        if not PREFIX_TOKEN.match(token):
            invalid.append(token)
        elif token.startswith("-"):
            excluded.append(token[1:])
        else:
            included.append(token)
    return tuple(included), tuple(excluded), tuple(invalid)


def credit_positive(account_types):
    """Whether accounts of ``account_types`` are shown as credit minus
    debit: all of them income, liabilities or equity."""
    return bool(account_types) and all(
        account_type.startswith(CREDIT_GROUPS) for account_type in account_types
    )


def chart(env, company):
    """``[(id, code, account_type, tag ids)]``: the accounts ``company``
    uses (those of its root company's chart), with its codes; a few queries,
    whatever the number of KPIs."""
    Account = (
        env["account.account"]
        .sudo()
        .with_company(company)
        .with_context(active_test=False)
    )
    accounts = Account.search([("company_ids", "parent_of", company.id)])
    return [
        (account.id, account.code or "", account.account_type, set(account.tag_ids.ids))
        for account in accounts
    ]


class Charts(dict):
    """``{company: chart(env, company)}``, each read once when first used."""

    def __init__(self, env):
        super().__init__()
        self.env = env

    def __missing__(self, company):
        self[company] = chart(self.env, company)
        return self[company]


def conversion_factors(env, company, currency, periods):
    """``{period id: (average, end)}``: what an amount in ``currency`` is
    multiplied by to be in ``company``'s currency, at ``company``'s rates
    read as Odoo's ``res.currency._get_conversion_rate`` reads them: the
    mean of the factors of the period's days (for movements) and the factor
    of its last day (for balances). One query, whatever the periods."""
    target = company.currency_id
    if currency == target:
        return {period.id: (1.0, 1.0) for period in periods}
    last = max(periods.mapped("date_end"))
    rows = (
        env["res.currency.rate"]
        .sudo()
        .search_read(
            [
                ("currency_id", "in", (currency | target).ids),
                ("company_id", "in", [company.root_id.id, False]),
                ("name", "<=", last),
            ],
            ["currency_id", "company_id", "name", "rate"],
            order="name",
        )
    )
    # Odoo prefers the company's own rates to shared ones, whatever their date
    history = defaultdict(lambda: ([], []))
    for row in rows:
        own, shared = history[row["currency_id"][0]]
        (own if row["company_id"] else shared).append((row["name"], row["rate"]))

    def rate(currency_id, day):
        for found in history[currency_id]:
            position = bisect.bisect_right(found, (day, float("inf")))
            if position:
                return found[position - 1][1]
        return 1.0

    def factor(day):
        return rate(target.id, day) / rate(currency.id, day)

    result = {}
    for period in periods:
        days = (period.date_end - period.date_start).days + 1
        average = (
            sum(factor(period.date_start + timedelta(days=n)) for n in range(days))
            / days
        )
        result[period.id] = (average, factor(period.date_end))
    return result


def period_factor(factors, source_type):
    """Which of a period's ``(average, end)`` :func:`conversion_factors` an
    amount of a ``source_type`` KPI is converted at: a balance at the rate
    of the period's last day, a movement (debit, credit) at the mean rate
    of its days."""
    average, end = factors
    return end if source_type in CUMULATIVE_TYPES else average


def value_sign(source_type, credit_positive):
    """The sign a KPI's summed amounts are shown with: a balance or movement
    read as credit minus debit when ``credit_positive``; debit and credit
    totals as they are."""
    if source_type in ("account_movement", *CUMULATIVE_TYPES) and credit_positive:
        return -1.0
    return 1.0


def analytic_fraction_sql(model, alias, analytic_id, query):
    """SQL: the share of the analytic distribution of the journal item
    ``alias`` that goes to ``analytic_id`` (Odoo 18 keys are analytic
    account ids, or several joined by commas, one per plan), as a fraction."""
    return SQL(
        "COALESCE((SELECT SUM(share.value::numeric) "
        "FROM jsonb_each_text(%s) AS share "
        "WHERE %s = ANY(string_to_array(share.key, ',')::int[])), 0) / 100",
        model._field_to_sql(alias, "analytic_distribution", query),
        analytic_id,
    )


def analytic_share_sql(model, alias, column, analytic_id, query):
    """SQL: ``column`` of the journal item ``alias`` (a field name, or an
    amount's SQL) times the share of its analytic distribution that goes to
    ``analytic_id`` (:func:`analytic_fraction_sql`)."""
    amount = (
        column if isinstance(column, SQL) else model._field_to_sql(alias, column, query)
    )
    return SQL(
        "%s * %s", amount, analytic_fraction_sql(model, alias, analytic_id, query)
    )


def matched_sql(line_id, day):
    """SQL: what the reconciliations of the journal item ``line_id`` (its
    id's SQL) dated on or before ``day`` (``account.partial.reconcile``
    ``max_date``, the later of the two items' dates) take off its balance,
    in the company currency: each partial's ``amount`` less on a debit item,
    more on a credit item, as Odoo 18 computes ``amount_residual``."""
    return SQL(
        "COALESCE((SELECT SUM(CASE WHEN part.debit_move_id = %s "
        "THEN part.amount ELSE -part.amount END) "
        "FROM account_partial_reconcile part "
        "WHERE (part.debit_move_id = %s OR part.credit_move_id = %s) "
        "AND part.max_date <= %s), 0)",
        line_id,
        line_id,
        line_id,
        day,
    )


def open_amount_sql(model, alias, query, day):
    """SQL: the open amount at ``day`` of the journal item ``alias``, in the
    company currency: its balance less what was matched with it by then
    (:func:`matched_sql`); its ``amount_residual`` as it stood that day."""
    return SQL(
        "(%s - %s)",
        model._field_to_sql(alias, "balance", query),
        matched_sql(model._field_to_sql(alias, "id", query), day),
    )


def due_sql(model, alias, query):
    """SQL: the due date of the journal item ``alias``, its date when it has
    none (as Odoo's aged receivables read it)."""
    return SQL(
        "COALESCE(%s, %s)",
        model._field_to_sql(alias, "date_maturity", query),
        model._field_to_sql(alias, "date", query),
    )


class ItemSums(NamedTuple):
    """What the one grouped query sums, by company, account and bucket.

    :param days: the bounds of the buckets, every period's first day and
        the day after its last: bucket ``j`` holds the items dated from
        ``days[j - 1]`` to the day before ``days[j]``, bucket 0 those before
        ``days[0]``
    :param rows: ``{(company id, account id): [row, ...]}``, a row being
        ``(bucket, journal id, leaf values, amounts)``: journal and leaves
        are ``None`` unless some KPI narrows by them (and for other values);
        ``amounts`` one float per :attr:`measures`
    :param paths: the paths of the leaf values, in their order
    :param measures: ``{measure key: position in amounts}``
    :param ends: the periods' last days, sorted: the bounds of the due
        buckets of overdue items, due bucket ``k`` holding the items due
        from ``ends[k - 1]`` to the day before ``ends[k]``
    :param overdue: the rows of the overdue KPIs' items, as :attr:`rows`
        but ``(bucket, journal id, leaf values, due bucket, debit,
        matched bucket, amounts)``: ``debit`` whether the items are debits;
        a row with a matched bucket ``None`` sums the items' balances, one
        with a bucket what their reconciliations of that bucket (by their
        ``max_date``) take off them
    """

    days: list
    rows: dict
    paths: list
    measures: dict
    ends: list
    overdue: dict

    def span(self, period):
        """The buckets ``(first, last, due)`` of ``period``: its first and
        last date buckets, and the last due bucket of the items overdue at
        its end (due strictly before its last day)."""
        return (
            bisect.bisect_left(self.days, period.date_start) + 1,
            bisect.bisect_left(self.days, period.date_end + timedelta(days=1)),
            bisect.bisect_left(self.ends, period.date_end),
        )


def bucket_days(periods):
    """The sorted bounds of :class:`ItemSums` for ``periods``."""
    return sorted(
        {p.date_start for p in periods}
        | {p.date_end + timedelta(days=1) for p in periods}
    )


def reads_items(kpi):
    """Whether ``kpi`` is summed from the journal items themselves rather
    than from their summary (``bsc_account_item_sum``, by company, account,
    journal and date): an overdue KPI (open amounts need each item's
    reconciliations), or one narrowed by a parameter of the family (a
    partner, an analytic account), which the summary does not keep."""
    return kpi.source_type == "account_overdue" or any(
        kpi[parameter.field] for parameter in AccountFamily.parameters
    )


def measure_key(kpi):
    """``(column, analytic account id or None, from the items)``: what a
    KPI sums of each journal item, and whether it is read from the items
    (:func:`reads_items`) or from their summary. The rows of the two
    queries sum distinct measures, so that a KPI never counts both."""
    return (
        MEASURE_COLUMNS[kpi.source_type],
        kpi.account_analytic_id.id or None,
        reads_items(kpi),
    )


def among(sql, values):
    """SQL: ``sql`` where it is one of ``values``, else NULL."""
    return SQL("CASE WHEN %s IN %s THEN %s END", sql, tuple(values), sql)


class AccountFamily(SourceFamily):
    """Every accounting KPI of a computation is answered from one grouped
    query on the summary of the posted journal items of the companies
    counted (``bsc_account_item_sum``, kept exact by triggers), or on the
    items themselves for KPIs narrowed by a partner or an analytic account
    (plus the few queries reading their charts of accounts and rates):
    sums by company, account and bucket, the buckets being the spans
    between the periods' bounds (and, for balances, the history before
    them). Each KPI's
    selection of accounts is resolved in Python from the chart, and its
    value summed from the rows of its accounts: a movement over its
    period's buckets, a balance over every bucket up to its end. Journals
    and a partner are grouped by only where some KPI needs them. Overdue
    KPIs read one more grouped query (:meth:`overdue_rows`): the open
    amounts of the items at each period's end.

    Amounts are the company currency's (``balance``, ``debit``,
    ``credit``): a foreign-currency invoice counts at the rate Odoo booked.
    """

    source_types = ACCOUNT_TYPES
    # The account selection is checked from the chart read once per company
    # in :meth:`compute`, not KPI by KPI.
    check_on_compute = False
    parameters = (
        Parameter(
            "account_partner_id", {"lines": "partner_id"}, company_field="company_id"
        ),
        Parameter("account_analytic_id", {}, company_field="company_id"),
    )

    def counted(self):
        return _("journal items")

    def parameter_fields(self):
        return super().parameter_fields() + [
            "account_type_ids",
            "account_code_prefixes",
            "account_tag_ids",
            "account_journal_ids",
            "account_company_ids",
            "account_sign",
        ]

    # ------------------------------------------------------------------
    # Selection: the accounts, journals, partner and analytic account
    # ------------------------------------------------------------------

    def selection(self, kpi, accounts):
        """The :class:`AccountSelection` of ``kpi`` in ``accounts``, the
        chart of its company (:func:`chart`)."""
        company = self.company(kpi)
        types = set(kpi.account_type_ids.mapped("code"))
        tags = set(kpi.account_tag_ids.ids)
        included, excluded, invalid = parse_prefixes(kpi.account_code_prefixes)
        if invalid:
            return AccountSelection(
                (),
                False,
                _(
                    "KPI '%(kpi)s': '%(token)s' is not an account code prefix. "
                    "Write the first characters of account codes separated by "
                    "commas, with - before those to leave out, e.g. 70, 71, -7091.",
                    kpi=kpi.name,
                    token=invalid[0],
                ),
            )
        if not (types or tags or included):
            return AccountSelection(
                (),
                False,
                _(
                    "KPI '%(kpi)s': choose the accounts it reads: account types, "
                    "code prefixes or account tags.",
                    kpi=kpi.name,
                ),
            )
        for prefix in included + excluded:
            if not any(code.startswith(prefix) for __, code, __, __ in accounts):
                return AccountSelection(
                    (),
                    False,
                    _(
                        "KPI '%(kpi)s': no account of %(company)s has a code "
                        "starting with '%(prefix)s'. Check the code prefixes in "
                        "the chart of accounts.",
                        kpi=kpi.name,
                        company=company.name,
                        prefix=prefix,
                    ),
                )
        chosen = [
            (account_id, account_type)
            for account_id, code, account_type, account_tags in accounts
            if (not types or account_type in types)
            and (not tags or account_tags & tags)
            and (not included or code.startswith(included))
            and not (excluded and code.startswith(excluded))
        ]
        if not chosen:
            return AccountSelection(
                (),
                False,
                _(
                    "KPI '%(kpi)s': its account types, code prefixes and tags "
                    "together select no account of %(company)s. Widen the "
                    "selection.",
                    kpi=kpi.name,
                    company=company.name,
                ),
            )
        if kpi.account_sign == "credit":
            positive = True
        elif kpi.account_sign == "debit":
            positive = False
        else:
            positive = credit_positive({account_type for __, account_type in chosen})
        return AccountSelection(
            tuple(sorted(account_id for account_id, __ in chosen)), positive, False
        )

    def journal_error(self, kpi):
        """Why a journal of ``kpi`` does not fit its company, or ``False``."""
        company = self.company(kpi)
        for journal in kpi.account_journal_ids:
            if journal.company_id not in self.companies(kpi):
                return _(
                    "KPI '%(kpi)s': the journal '%(journal)s' belongs to "
                    "%(other)s, but the KPI counts the journal items of "
                    "%(company)s. Choose journals of %(company)s, or none.",
                    kpi=kpi.name,
                    journal=journal.display_name,
                    other=journal.company_id.name,
                    company=company.name,
                )
        return False

    def parameter_error(self, kpi):
        kpi = kpi.sudo()
        error = super().parameter_error(kpi) or self.journal_error(kpi)
        if error:
            return error
        return self.selection(kpi, chart(self.env, self.company(kpi))).error

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------

    def compute(self, kpis, periods):
        """A grouped query or two over the posted journal items (or their
        summary) of every company counted (:meth:`item_sums`), a few
        reading each company's chart and rates;
        the KPIs' values are summed from its rows in Python. The number of
        queries depends on neither the KPIs nor the periods."""
        result = {}
        kpis = kpis.sudo()
        groups = defaultdict(lambda: kpis.browse())
        for kpi in kpis:
            groups[(kpi.scorecard_id, kpi.frequency)] |= kpi
        expanded = self.expanded(kpis)
        charts = Charts(self.env)
        # (scorecard, periods, [(kpi, selection)]) per scorecard and frequency
        plans = []
        for (scorecard, frequency), group in groups.items():
            wanted = periods.filtered(
                lambda p, s=scorecard, f=frequency: (
                    p.scorecard_id == s and p.frequency == f
                )
            ).sorted("date_start")
            if not wanted:
                continue
            valid = []
            for kpi in group:
                selection = self.selection(kpi, charts[scorecard.company_id])
                error = (
                    SourceFamily.parameter_error(self, kpi)
                    or self.journal_error(kpi)
                    or selection.error
                )
                if error:
                    for period in wanted:
                        result[(kpi.id, period.id)] = (None, error)
                else:
                    valid.append((kpi, selection))
            if valid:
                plans.append((scorecard, wanted, valid))
        if not plans:
            return result
        # what each KPI reads of each company it counts: the accounts
        # selected in that company's chart
        reads = [
            (
                kpi,
                company,
                selection
                if company == scorecard.company_id
                else self.selection(kpi, charts[company]),
            )
            for scorecard, __, valid in plans
            for kpi, selection in valid
            for company in self.companies(kpi)
        ]
        reads = [read for read in reads if read[2].account_ids]
        sums = self.item_sums(
            reads, periods.browse().union(*(plan[1] for plan in plans)), expanded
        )
        memo = {}
        rates = {}
        for scorecard, wanted, valid in plans:
            spans = [sums.span(period) for period in wanted]
            totals = defaultdict(float)
            for kpi, company, selection in reads:
                if kpi.scorecard_id != scorecard:
                    continue
                values = self.read_values(
                    sums, memo, kpi, company, selection, expanded, spans
                )
                if (scorecard, company) not in rates:
                    rates[(scorecard, company)] = conversion_factors(
                        self.env, scorecard.company_id, company.currency_id, wanted
                    )
                factors = rates[(scorecard, company)]
                for period, value in zip(wanted, values, strict=True):
                    factor = period_factor(factors[period.id], kpi.source_type)
                    totals[(kpi.id, period.id)] += value * factor
            for kpi, selection in valid:
                sign = value_sign(kpi.source_type, selection.credit_positive)
                for period in wanted:
                    value = sign * totals[(kpi.id, period.id)] + 0.0
                    result[(kpi.id, period.id)] = (value, False)
        return result

    def companies(self, kpi):
        """The companies whose journal items ``kpi`` counts: its
        scorecard's, then the ones it consolidates."""
        return self.company(kpi) | kpi.account_company_ids

    def item_sums(self, reads, periods, expanded):
        """The :class:`ItemSums` of the posted journal items of the
        companies and accounts of ``reads`` (``[(kpi, company, selection)]``)
        up to the end of the last of ``periods``: one query on their summary
        for the KPIs it can answer (:meth:`summary_rows`), one grouped query
        on the items for those narrowed by a partner or an analytic account
        (:meth:`balance_rows`), and one for the open amounts of the items of
        the overdue KPIs (:meth:`overdue_rows`), each only when some KPI
        needs it; grouped by company, account and bucket, and by only what
        some KPI narrows by (a journal, a partner)."""
        days = bucket_days(periods)
        ends = sorted({p.date_end for p in periods})
        Line = self.env["account.move.line"].sudo().with_context(active_test=False)
        leaves = defaultdict(set)  # path -> values some KPI narrows to
        for kpi, __, __ in reads:
            for path, values in self.leaves(kpi, "lines", expanded):
                leaves[path].update(values)
        paths = sorted(leaves)
        measures = {}
        for kpi, __, __ in reads:
            measures.setdefault(measure_key(kpi), len(measures))
        summed = [read for read in reads if not reads_items(read[0])]
        balances = [
            read
            for read in reads
            if reads_items(read[0]) and read[0].source_type != "account_overdue"
        ]
        overdue = [read for read in reads if read[0].source_type == "account_overdue"]
        sums = ItemSums(days, defaultdict(list), paths, measures, ends, {})
        if summed:
            self.summary_rows(Line, summed, sums)
        if balances:
            self.balance_rows(Line, balances, sums, leaves)
        if overdue:
            self.overdue_rows(Line, overdue, sums, leaves)
        return sums

    def item_columns(self, Line, reads, sums, leaves, domain):
        """``(query, selects, measure_sql)`` shared by the grouped queries:
        the posted items of ``reads``'s companies and accounts matching
        ``domain``; their company, account, date bucket, journal and leaf
        values (those some KPI narrows to); ``{measure key: (column, share)}``
        the SQL of each measure's column and of the share of it counted."""
        companies = sorted({company.id for __, company, __ in reads})
        accounts = sorted({a for __, __, s in reads for a in s.account_ids})
        query = Line._search(
            [
                *POSTED,
                ("company_id", "in", companies),
                ("account_id", "in", accounts),
                ("date", "<", sums.days[-1]),
                *domain,
            ]
        )
        table = query.table

        def column(name):
            return Line._field_to_sql(table, name, query)

        journals = {j for kpi, __, __ in reads for j in kpi.account_journal_ids.ids}
        selects = [
            column("company_id"),
            column("account_id"),
            SQL("width_bucket(%s, %s::date[])", column("date"), sums.days),
            among(column("journal_id"), journals) if journals else SQL("NULL"),
            *(among(bsc_query.path_sql(Line, query, p), leaves[p]) for p in sums.paths),
        ]
        measure_sql = {}
        for kpi, __, __ in reads:
            key = measure_key(kpi)
            if key in measure_sql:
                continue
            name, analytic_id, __ = key
            share = SQL("1")
            if analytic_id:
                share = SQL(
                    "CASE WHEN %s IS NOT NULL THEN %s END",
                    column("analytic_distribution"),
                    analytic_fraction_sql(Line, table, analytic_id, query),
                )
            measure_sql[key] = (column(name), share)
        return query, selects, measure_sql

    def summary_rows(self, Line, reads, sums):
        """Fill ``sums.rows`` from one query on the summary of the posted
        items (``bsc_account_item_sum``, kept exact by triggers on the
        journal items: see ``models/account_move_line.py``), grouped by
        company, account, bucket and journal as :meth:`balance_rows`
        groups the items, summing every measure of ``reads`` (KPIs
        narrowed by no partner nor analytic account, none overdue). The
        summary has a few rows per account and day, not one per item."""
        Line.flush_model(SUM_FIELDS)
        companies = sorted({company.id for __, company, __ in reads})
        accounts = sorted({a for __, __, s in reads for a in s.account_ids})
        journals = {j for kpi, __, __ in reads for j in kpi.account_journal_ids.ids}
        keys = sorted(
            {measure_key(kpi) for kpi, __, __ in reads}, key=sums.measures.get
        )
        where = [
            SQL("company_id IN %s", tuple(companies)),
            SQL("account_id IN %s", tuple(accounts)),
            SQL("date < %s", sums.days[-1]),
        ]
        if not any(kpi.source_type in CUMULATIVE_TYPES for kpi, __, __ in reads):
            where.append(SQL("date >= %s", sums.days[0]))
        journal = SQL.identifier("journal_id")
        sql = SQL(
            "SELECT company_id, account_id, width_bucket(date, %s::date[]), %s, %s "
            "FROM %s WHERE %s GROUP BY 1, 2, 3, 4",
            sums.days,
            among(journal, journals) if journals else SQL("NULL"),
            SQL(", ").join(SQL("SUM(%s)", SQL.identifier(key[0])) for key in keys),
            SQL.identifier(SUM_TABLE),
            SQL(" AND ").join(where),
        )
        values = (None,) * len(sums.paths)
        for row in self.env.execute_query(sql):
            found = [0.0] * len(sums.measures)
            for key, amount in zip(keys, row[4:], strict=True):
                found[sums.measures[key]] = float(amount or 0)
            sums.rows[(row[0], row[1])].append((row[2], row[3], values, tuple(found)))

    def balance_rows(self, Line, reads, sums, leaves):
        """Fill ``sums.rows`` from one query on the journal items grouped by
        company, account, bucket, journal and leaf values, summing every
        measure of ``reads`` (KPIs narrowed by a partner or an analytic
        account, none overdue)."""
        domain = []
        if not any(kpi.source_type in CUMULATIVE_TYPES for kpi, __, __ in reads):
            domain.append(("date", ">=", sums.days[0]))
        query, selects, measure_sql = self.item_columns(
            Line, reads, sums, leaves, domain
        )
        keys = sorted(measure_sql, key=sums.measures.get)
        amounts = [SQL("SUM(%s * %s)", *measure_sql[key]) for key in keys]
        width = len(selects)
        sql = SQL(
            "SELECT %s, %s FROM %s WHERE %s GROUP BY %s",
            SQL(", ").join(selects),
            SQL(", ").join(amounts),
            query.from_clause,
            bsc_query.where_sql(query),
            SQL(", ").join(SQL(str(n)) for n in range(1, width + 1)),
        )
        for row in self.env.execute_query(sql):
            found = [0.0] * len(sums.measures)
            for key, amount in zip(keys, row[width:], strict=True):
                found[sums.measures[key]] = float(amount or 0)
            sums.rows[(row[0], row[1])].append(
                (row[2], row[3], tuple(row[4:width]), tuple(found))
            )

    def overdue_rows(self, Line, reads, sums, leaves):
        """Fill ``sums.overdue`` from one query over the items of the
        overdue KPIs of ``reads`` due before the last period's last day:
        their balances, and what their reconciliations take off them, by
        company, account, date bucket, journal, leaf values, due bucket,
        side (debit or credit) and, for reconciliations, the bucket of their
        ``max_date``. The open amount of items at a period's end is then a
        sum of rows (:meth:`read_values`)."""
        query, selects, measure_sql = self.item_columns(
            Line, reads, sums, leaves, [("balance", "!=", 0)]
        )
        table = query.table
        query.add_where(SQL("%s < %s", due_sql(Line, table, query), sums.ends[-1]))
        keys = sorted(measure_sql, key=sums.measures.get)
        item_sql = [
            *selects,
            SQL("width_bucket(%s, %s::date[])", due_sql(Line, table, query), sums.ends),
            SQL("%s > 0", Line._field_to_sql(table, "balance", query)),
            Line._field_to_sql(table, "id", query),
            *(SQL("%s * %s", *measure_sql[key]) for key in keys),
            *(measure_sql[key][1] for key in keys),
        ]
        width = len(selects) + 2  # the grouped columns, before the matched bucket
        names = [SQL.identifier(f"c{n}") for n in range(width)]
        amounts = [SQL.identifier(f"a{n}") for n in range(len(keys))]
        shares = [SQL.identifier(f"s{n}") for n in range(len(keys))]

        def grouped(count):
            return SQL(", ").join(SQL(str(n)) for n in range(1, count + 1))

        sql = SQL(
            "WITH item AS (SELECT %(item)s FROM %(from)s WHERE %(where)s) "
            "SELECT %(names)s, NULL::int, %(balances)s FROM item GROUP BY %(items)s "
            "UNION ALL "
            "SELECT %(names)s, width_bucket(part.max_date, %(days)s::date[]), "
            "%(matched)s FROM item "
            "JOIN (SELECT debit_move_id AS line_id, -amount AS amount, max_date "
            "FROM account_partial_reconcile UNION ALL "
            "SELECT credit_move_id, amount, max_date "
            "FROM account_partial_reconcile) AS part ON part.line_id = item.id "
            "WHERE part.max_date < %(end)s GROUP BY %(parts)s",
            item=SQL(", ").join(
                SQL("%s AS %s", sql, name)
                for sql, name in zip(
                    item_sql,
                    [*names, SQL.identifier("id"), *amounts, *shares],
                    strict=True,
                )
            ),
            names=SQL(", ").join(names),
            balances=SQL(", ").join(SQL("SUM(%s)", amount) for amount in amounts),
            matched=SQL(", ").join(
                SQL("SUM(part.amount * %s)", share) for share in shares
            ),
            days=sums.days,
            end=sums.days[-1],
            items=grouped(width),
            parts=grouped(width + 1),
            **{"from": query.from_clause, "where": bsc_query.where_sql(query)},
        )
        for row in self.env.execute_query(sql):
            found = [0.0] * len(sums.measures)
            for key, amount in zip(keys, row[width + 1 :], strict=True):
                found[sums.measures[key]] = float(amount or 0)
            sums.overdue.setdefault((row[0], row[1]), []).append(
                (
                    row[2],
                    row[3],
                    tuple(row[4 : width - 2]),
                    row[width - 2],
                    row[width - 1],
                    row[width],
                    tuple(found),
                )
            )

    def read_values(self, sums, memo, kpi, company, selection, expanded, spans):
        """``[value per span]`` of ``kpi``'s journal items of ``company`` in
        its currency, before the sign rule, summed from ``sums``; KPIs
        reading the same items share the work through ``memo``.

        An overdue KPI sums the open amounts at each span's end of the items
        dated by it and due before it, on the side the KPI shows positive
        (debits, or credits when it reads credit minus debit): a payment or
        credit note matched with an invoice lowers it from the date of the
        matching, an unmatched one does not."""
        journals = frozenset(kpi.account_journal_ids.ids)
        leaves = self.leaves(kpi, "lines", expanded)
        narrow = tuple(
            (sums.paths.index(path), frozenset(values)) for path, values in leaves
        )
        overdue = kpi.source_type == "account_overdue"
        key = (
            company.id,
            selection.account_ids,
            journals,
            narrow,
            measure_key(kpi),
            overdue and not selection.credit_positive,
            overdue,
            tuple(spans),
            kpi.source_type in CUMULATIVE_TYPES,
        )
        if key in memo:
            return memo[key]
        position = sums.measures[measure_key(kpi)]
        rows = sums.overdue if overdue else sums.rows
        per_bucket = [0.0] * (len(sums.days) + 1)
        matched = []  # overdue: (bucket, due bucket, matched bucket, amount)
        for account in selection.account_ids:
            for bucket, journal, values, *overdue_keys, amounts in rows.get(
                (company.id, account), ()
            ):
                if journals and journal not in journals:
                    continue
                if any(values[i] not in allowed for i, allowed in narrow):
                    continue
                amount = amounts[position]
                if not amount:
                    continue
                if overdue:
                    due, debit, paid = overdue_keys
                    if debit != selection.credit_positive:
                        matched.append((bucket, due, paid, amount))
                else:
                    per_bucket[bucket] += amount
        if overdue:
            # dated by the span's end, due before it, matched by then
            values = [
                sum(
                    a
                    for b, d, p, a in matched
                    if b <= last and d <= due and (p is None or p <= last)
                )
                for __, last, due in spans
            ]
        elif kpi.source_type in CUMULATIVE_TYPES:
            running = list(itertools.accumulate(per_bucket))
            values = [running[last] for __, last, __ in spans]
        else:
            values = [sum(per_bucket[first : last + 1]) for first, last, __ in spans]
        memo[key] = values
        return values

    # ------------------------------------------------------------------
    # Drill-down: exactly the journal items behind a value
    # ------------------------------------------------------------------

    def items_domain(self, kpi, period):
        """The journal items ``kpi``'s value for ``period`` sums, as a domain:
        for an overdue KPI, the items open at the period's end (a domain on
        their ids, as their open amount at a past date is not stored)."""
        kpi_sudo = kpi.sudo()
        company = self.company(kpi_sudo)
        charts = Charts(self.env)
        if self.selection(kpi_sudo, charts[company]).error:
            return [(0, "=", 1)]
        Line = self.env["account.move.line"]
        start, stop = bsc_query.period_bounds(
            Line._fields["date"], period.date_start, period.date_end, None
        )
        overdue = kpi.source_type == "account_overdue"
        # each company's items on the accounts selected in its chart (of an
        # overdue KPI: on the side it shows positive)
        accounts = expression.OR(
            [
                [
                    ("company_id", "=", counted.id),
                    ("account_id", "in", list(selection.account_ids)),
                    *(
                        [("balance", "<" if selection.credit_positive else ">", 0)]
                        if overdue
                        else []
                    ),
                ]
                for counted in self.companies(kpi_sudo)
                for selection in [self.selection(kpi_sudo, charts[counted])]
            ]
        )
        domain = [*POSTED, *accounts, ("date", "<", stop)]
        if kpi.source_type not in CUMULATIVE_TYPES:
            domain.append(("date", ">=", start))
        if overdue:
            end = period.date_end.isoformat()
            domain += [
                "|",
                ("date_maturity", "<", end),
                "&",
                ("date_maturity", "=", False),
                ("date", "<", end),
            ]
        if kpi.source_type in ("account_debit", "account_credit"):
            domain.append((MEASURE_COLUMNS[kpi.source_type], "!=", 0))
        if kpi_sudo.account_journal_ids:
            domain.append(("journal_id", "in", kpi_sudo.account_journal_ids.ids))
        domain += self.domain(kpi_sudo, "lines", self.expanded(kpi_sudo))
        if kpi_sudo.account_analytic_id:
            domain.append(
                ("analytic_distribution", "in", kpi_sudo.account_analytic_id.ids)
            )
        if overdue:
            domain = [("id", "in", self.open_ids(domain, period.date_end)), *domain]
        return domain

    def open_ids(self, domain, day):
        """The ids of the journal items of ``domain`` still open at ``day``
        (:func:`open_amount_sql`): one query."""
        Line = self.env["account.move.line"].sudo().with_context(active_test=False)
        query = Line._search(domain)
        query.add_where(SQL("%s != 0", open_amount_sql(Line, query.table, query, day)))
        return [row[0] for row in self.env.execute_query(query.select())]

    def drilldown(self, kpi, period):
        """The journal items counted, as the user may read them: a user
        without accounting rights gets Odoo's access error. A KPI that
        converts or shares amounts (other companies, an analytic account)
        sums each item's counted amount (:meth:`counted_amount_sql`), which
        the action's context names the KPI and period of."""
        self.env["account.move.line"].check_access("read")
        measure = self.drilldown_measure(kpi)
        context = {
            "create": False,
            "pivot_measures": [measure],
            "pivot_row_groupby": ["account_id"],
            "pivot_column_groupby": [],
        }
        view = self.env.ref("account.view_move_line_tree", raise_if_not_found=False)
        if measure == "bsc_counted_amount":
            # a period, or a year to date (a span of no record of its own)
            context.update(
                bsc_counted_kpi_id=kpi.id,
                bsc_counted_date_start=period.date_start.isoformat(),
                bsc_counted_date_end=period.date_end.isoformat(),
            )
            view = self.env.ref("bsc_account_link.view_move_line_tree_counted")
        return self.records_action(
            kpi,
            period,
            "account.move.line",
            self.items_domain(kpi, period),
            views=[
                (False, "pivot"),
                (view.id if view else False, "list"),
                (False, "form"),
            ],
            context=context,
        )

    def drilldown_measure(self, kpi):
        """The journal items' field the drill-down's pivot sums, with the
        KPI's sign: a balance the KPI shows positive when it is a credit
        (income, liabilities, equity, or the "credit" sign) is credit minus
        debit, so that the pivot's total is the value. A consolidated,
        analytic or overdue KPI (an item's open amount at the period's end)
        sums the amount it counts of each item."""
        kpi_sudo = kpi.sudo()
        if (
            kpi_sudo.account_company_ids
            or kpi_sudo.account_analytic_id
            or kpi.source_type == "account_overdue"
        ):
            return "bsc_counted_amount"
        column = MEASURE_COLUMNS[kpi.source_type]
        if column != "balance":
            return column
        selection = self.selection(kpi_sudo, Charts(self.env)[self.company(kpi_sudo)])
        return "bsc_credit_balance" if selection.credit_positive else "balance"

    def counted_amount_sql(self, model, alias, query, kpi, date_start, date_end):
        """SQL: the amount ``kpi``'s value from ``date_start`` to
        ``date_end`` (a period, or the periods of a year to date) counts of
        the journal item ``alias``, in the scorecard company's currency: its
        amount (of an overdue KPI: its open amount at ``date_end``; its
        analytic share of it), converted at its company's
        factor (:func:`period_factor`) for the period of the KPI's frequency
        holding its date (a balance: for the span's last period), with the
        KPI's sign (:func:`value_sign`), the rules :meth:`compute`
        applies to sums. Other items count 0."""
        kpi = kpi.sudo()
        scorecard_company = self.company(kpi)
        periods = kpi.scorecard_id.period_ids.filtered(
            lambda p: (
                p.frequency == kpi.frequency
                and p.date_start >= date_start
                and p.date_end <= date_end
            )
        ).sorted("date_start")
        if not periods:
            return SQL("0.0")
        sign = value_sign(
            kpi.source_type,
            self.selection(kpi, Charts(self.env)[scorecard_company]).credit_positive,
        )
        column = MEASURE_COLUMNS[kpi.source_type]
        if kpi.source_type == "account_overdue":
            column = open_amount_sql(model, alias, query, periods[-1].date_end)
        if kpi.account_analytic_id:
            amount = analytic_share_sql(
                model, alias, column, kpi.account_analytic_id.id, query
            )
        elif isinstance(column, SQL):
            amount = column
        else:
            amount = model._field_to_sql(alias, column, query)
        company_sql = model._field_to_sql(alias, "company_id", query)
        date_sql = model._field_to_sql(alias, "date", query)
        cumulative = kpi.source_type in CUMULATIVE_TYPES
        cases = []
        for company in self.companies(kpi):
            rates = conversion_factors(
                self.env, scorecard_company, company.currency_id, periods
            )
            for period in periods[-1:] if cumulative else periods:
                factor = sign * period_factor(rates[period.id], kpi.source_type)
                when = SQL("%s = %s", company_sql, company.id)
                if not cumulative:
                    when = SQL(
                        "%s AND %s BETWEEN %s AND %s",
                        when,
                        date_sql,
                        period.date_start,
                        period.date_end,
                    )
                cases.append(SQL("WHEN %s THEN %s", when, factor))
        return SQL("(%s * CASE %s ELSE 0 END)", amount, SQL(" ").join(cases))
