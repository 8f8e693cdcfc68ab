# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.bsc_core.tests.common import drilldown_total

from .common import BscAccountCase


@tagged("post_install", "-at_install")
class TestAccountSources(BscAccountCase):
    """Each accounting source on the entries of BscAccountCase (see its table)."""

    def test_fixtures_are_what_the_table_says(self):
        m = self.moves
        self.assertEqual(m["m2"].amount_total_signed, 200)  # 250 USD at 1.25
        self.assertEqual((m["m8"].state, m["m9"].state), ("draft", "cancel"))
        receivable = m["m1"].line_ids.filtered(
            lambda line: line.account_id == self.accounts["receivable"]
        )
        self.assertEqual(receivable.date_maturity.isoformat(), "2025-01-30")

    def test_movements_and_balances_by_hand(self):
        kpis = (
            self.make_kpi("REVENUE", "account_movement", types=["income"])
            | self.make_kpi("COR", "account_movement", types=["expense_direct_cost"])
            | self.make_kpi("OPEX", "account_movement", types=["expense"])
            | self.make_kpi(
                "PROFIT", "account_movement", account_sign="credit",
                types=["income", "income_other", "expense", "expense_direct_cost",
                       "expense_depreciation"],
            )
            | self.make_kpi("CASH", "account_balance", types=["asset_cash"])
            | self.make_kpi("AR", "account_balance", types=["asset_receivable"])
            | self.make_kpi("OVERDUE", "account_overdue", types=["asset_receivable"])
            | self.make_kpi("AP", "account_balance", types=["liability_payable"])
            | self.make_kpi("AR_DEBIT", "account_debit", types=["asset_receivable"])
            | self.make_kpi("AR_CREDIT", "account_credit", types=["asset_receivable"])
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                # Jan: m1 1000 + m2 250 USD at 1.25 on its last day; not the
                # draft m8, the cancelled m9, company B's mb. Feb: refund m4.
                "REVENUE": [1200, -100, 0, 0],
                "COR": [300, 0, 0, 0],  # m3
                "OPEX": [0, 200, 1000, 0],  # m5 | m7, dated 31 March
                "PROFIT": [900, -300, -1000, 0],  # income shown positive
                "CASH": [5000, 5900, 5900, 5900],  # m0 of 2024, then m6
                "AR": [1200, 200, 200, 200],  # m1 m2 | - m4 - m6
                # open, due before the month's end: m1 | m1, the unmatched
                # refund m4 and payment m6 not lowering it | + m2 (2 March)
                "OVERDUE": [1000, 1000, 1200, 1200],
                "AP": [300, 500, 1500, 1500],  # liabilities shown positive
                "AR_DEBIT": [1200, 0, 0, 0],
                "AR_CREDIT": [0, 1000, 0, 0],
            },
        )

    def test_code_prefixes_tags_and_exclusions(self):
        income_code = self.accounts["income"].with_company(self.company).code
        other_code = self.accounts["other_income"].with_company(self.company).code
        self.make_entry(
            self.company, self.months[0].date_start,
            [(self.accounts["bank"], 70, None),
             (self.accounts["other_income"], -70, None)],
        )  # fmt: skip
        operating = self.env.ref("account.account_tag_operating")
        kpis = (
            # every account of class 4 (income 4000, other income 4500...)
            # (and Cash Discount Loss 4430, an expense: the sign must be said)
            self.make_kpi("CLASS4", "account_movement", account_code_prefixes="4",
                          account_sign="credit")
            | self.make_kpi(
                "NO_OTHER", "account_movement", account_sign="credit",
                account_code_prefixes=f"4, -{other_code}",
            )
            # income and an expense: debit minus credit by default
            | self.make_kpi("MIXED", "account_movement", account_code_prefixes="4")
            | self.make_kpi(
                "INCOME_ONLY", "account_movement",
                account_code_prefixes=f"{income_code}; {other_code}",
                types=["income"],
            )
            # Product Sales, Cost of Goods Sold, Expenses, Salary: operating
            | self.make_kpi(
                "OPERATING", "account_movement", account_sign="credit",
                account_tag_ids=[Command.set(operating.ids)],
            )
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis, count=3),
            {
                "CLASS4": [1270, -100, 0],
                "MIXED": [-1270, 100, 0],
                "NO_OTHER": [1200, -100, 0],
                "INCOME_ONLY": [1200, -100, 0],
                "OPERATING": [900, -100, -1000],  # rent (investing) left out
            },
        )

    def test_journals_and_partner(self):
        sales = self.moves["m1"].journal_id
        kpis = (
            self.make_kpi(
                "SALES_JOURNAL", "account_balance", types=["asset_receivable"],
                account_journal_ids=[Command.set(sales.ids)],
            )
            | self.make_kpi(
                "BE1", "account_balance", types=["asset_receivable"],
                account_partner_id=self.be1.id,
            )
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis, count=2),
            {
                # m1 m2 | - refund m4; the payment m6 is a miscellaneous entry
                "SALES_JOURNAL": [1200, 1100],
                "BE1": [1000, 0],  # m1 | - m4 - m6
            },
        )

    def test_analytic_split_counts_its_share(self):
        kpis = (
            self.make_kpi("SHOP", "account_movement", types=["expense"],
                          account_analytic_id=self.shop.id)
            | self.make_kpi("WEB", "account_movement", types=["expense"],
                            account_analytic_id=self.web.id)
            | self.make_kpi("WEB_DEBIT", "account_debit", types=["expense"],
                            account_analytic_id=self.web.id)
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                "SHOP": [0, 0, 600, 0],  # 60% of m7
                "WEB": [0, 0, 400, 0],
                "WEB_DEBIT": [0, 0, 400, 0],
            },
        )
        action = kpis[0]._bsc_drilldown_action(self.months[2])
        found = self.env["account.move.line"].search(action["domain"])
        self.assertEqual(found, self.moves["m7"].invoice_line_ids)

    def test_balances_across_gaps_and_quarters(self):
        """March recomputed alone (February locked) still holds February's
        payment; a quarter's balance is at its end."""
        cash = self.make_kpi("CASH", "account_balance", types=["asset_cash"])
        result = cash._bsc_source_values(self.months[0] | self.months[2])
        self.assertEqual(result[(cash.id, self.months[2].id)], (5900.0, False))
        self.assertNotIn((cash.id, self.months[1].id), result)
        quarterly = self.make_kpi(
            "CASH_Q", "account_balance", types=["asset_cash"], frequency="quarter"
        )
        q1 = self.period("2025-Q1")
        result = quarterly._bsc_source_values(q1)
        self.assertEqual(result[(quarterly.id, q1.id)], (5900.0, False))

    def test_companies_never_mix(self):
        scorecard_b = self.make_scorecard(self.company_b)
        objective_b = self.env["bsc.objective"].create(
            {
                "name": "Grow B",
                "scorecard_id": scorecard_b.id,
                "perspective_id": self.env.ref("bsc_core.perspective_financial").id,
            }
        )
        revenue_b = self.make_kpi(
            "REVENUE", "account_movement", objective=objective_b, types=["income"]
        )
        revenue_a = self.make_kpi("REVENUE", "account_movement", types=["income"])
        january_b = self.period("2025-01", scorecard_b)
        result = (revenue_a | revenue_b)._bsc_source_values(january_b | self.months[0])
        self.assertEqual(result[(revenue_b.id, january_b.id)], (800.0, False))
        self.assertEqual(result[(revenue_a.id, self.months[0].id)], (1200.0, False))

    def test_consolidation_at_average_and_closing_rates(self):
        """B's USD items in A's EUR: movements at the mean of the daily
        rates of the month, balances at the rate of its last day."""
        kpis = (
            self.make_kpi("REVENUE", "account_movement", types=["income"],
                          account_company_ids=[Command.set(self.company_b.ids)])
            | self.make_kpi("AR", "account_balance", types=["asset_receivable"],
                            account_company_ids=[Command.set(self.company_b.ids)])
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis, count=3),
            {
                # Jan: 1200 + 800 USD / 1.25. Feb: -100 + 100 USD at the mean
                # of 14 days at 1 / 2.0 and 14 days at 1 / 2.5, i.e. 0.45
                "REVENUE": [1840, -55, 0],
                # 1200 + 800 / 1.25 | 200 + 900 / 2.5 | the same
                "AR": [1840, 560, 560],
            },
        )
        scorecard_b = self.make_scorecard(self.company_b)
        objective_b = self.env["bsc.objective"].create(
            {
                "name": "Grow B",
                "scorecard_id": scorecard_b.id,
                "perspective_id": self.env.ref("bsc_core.perspective_financial").id,
            }
        )
        revenue_b = self.make_kpi(
            "REVENUE", "account_movement", objective=objective_b, types=["income"]
        )
        january_b = self.period("2025-01", scorecard_b)
        result = revenue_b._bsc_source_values(january_b)
        self.assertEqual(result[(revenue_b.id, january_b.id)], (800.0, False))
        action = kpis[1]._bsc_drilldown_action(self.months[1])
        found = self.env["account.move.line"].search(action["domain"])
        receivables = (self.accounts["receivable"], self.accounts_b["receivable"])
        self.assertEqual(
            found,
            (
                self.moves["m1"] | self.moves["m2"] | self.moves["m4"]
                | self.moves["m6"] | self.moves["mb"] | self.moves["mb2"]
            ).line_ids.filtered(lambda line: line.account_id in receivables),
        )  # fmt: skip

    def test_consolidated_kpi_offers_and_counts_the_other_companys_journals(self):
        """The form offers the journals of every company a KPI counts, so a
        consolidated KPI can narrow B's items to B's sales journal."""
        sales_a, sales_b = self.moves["m1"].journal_id, self.moves["mb"].journal_id
        company_c = self.env["res.company"].create({"name": "Account Link C"})
        journal_c = self.env["account.journal"].create(
            {"name": "C Sales", "code": "CSAL", "type": "sale",
             "company_id": company_c.id}
        )  # fmt: skip
        domain = self.env["bsc.kpi"].fields_get(["account_journal_ids"])[
            "account_journal_ids"
        ]["domain"]
        Journal = self.env["account.journal"]

        def offered(companies):
            return Journal.search(
                safe_eval(
                    domain,
                    {
                        "company_id": self.company.id,
                        "account_company_ids": companies.ids,
                    },
                )
            )

        self.assertIn(sales_a, offered(self.company_b.browse()))
        self.assertNotIn(sales_b, offered(self.company_b.browse()))
        self.assertIn(sales_b, offered(self.company_b))
        self.assertIn(sales_a, offered(self.company_b))
        self.assertNotIn(journal_c, offered(self.company_b))
        both = self.make_kpi(
            "BOTH", "account_movement", types=["income"],
            account_company_ids=[Command.set(self.company_b.ids)],
            account_journal_ids=[Command.set((sales_a | sales_b).ids)],
        )  # fmt: skip
        only_b = self.make_kpi(
            "ONLY_B", "account_movement", types=["income"],
            account_company_ids=[Command.set(self.company_b.ids)],
            account_journal_ids=[Command.set(sales_b.ids)],
        )  # fmt: skip
        self.assertEqual(
            self.values(both | only_b, count=2),
            # 1200 + 800 USD / 1.25 | -100 + 100 USD at 0.45; B's journal only
            {"BOTH": [1840, -55], "ONLY_B": [640, 45]},
        )

    def assert_drilldowns_add_up(self, kpis, count):
        """Each drill-down of ``kpis`` over the first ``count`` months sums,
        in its pivot and at the foot of its list, the KPI's value."""
        result = kpis._bsc_source_values(self.months[:count])
        for kpi in kpis:
            for month in self.months[:count]:
                value = result[(kpi.id, month.id)][0]
                action = kpi._bsc_drilldown_action(month)
                label = f"{kpi.code} {month.name}"
                self.assertAlmostEqual(
                    drilldown_total(self.env, action), value, places=2, msg=label
                )
                # the list view, its one summed column read line by line
                list_view = {kind: view for view, kind in action["views"]}["list"]
                lines = (
                    self.env["account.move.line"]
                    .with_context(**action["context"])
                    .search(action["domain"])
                )
                arch = lines.get_view(list_view, "list")["arch"]
                self.assertIn('name="bsc_counted_amount" sum=', arch, msg=label)
                self.assertAlmostEqual(
                    sum(lines.mapped("bsc_counted_amount")), value, places=2, msg=label
                )

    def test_consolidated_drilldown_adds_up_to_the_kpi(self):
        """B's USD items are shown converted as the KPI converts them: a
        movement at the month's mean rate, a balance at its last day's, with
        the KPI's sign (revenue and receivables of two companies)."""
        kpis = (
            self.make_kpi("REVENUE", "account_movement", types=["income"],
                          account_company_ids=[Command.set(self.company_b.ids)])
            | self.make_kpi("AR", "account_balance", types=["asset_receivable"],
                            account_company_ids=[Command.set(self.company_b.ids)])
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis, count=3),
            {"REVENUE": [1840, -55, 0], "AR": [1840, 560, 560]},
        )
        self.assert_drilldowns_add_up(kpis, 3)
        # February's revenue: A's refund of 100 EUR, B's 100 USD at 0.45
        action = kpis[0]._bsc_drilldown_action(self.months[1])
        lines = (
            self.env["account.move.line"]
            .with_context(**action["context"])
            .search(action["domain"])
        )
        self.assertEqual(
            sorted(round(amount, 2) for amount in lines.mapped("bsc_counted_amount")),
            [-100.0, 45.0],
        )
        # the dashboard's year to date: each month's items at its own rates
        for kpi, value in zip(kpis, (1840 - 55, 560), strict=True):
            action = self.env["bsc.dashboard"].get_dashboard_drilldown(
                kpi.id, self.months[1].id, mode="ytd"
            )
            self.assertAlmostEqual(
                drilldown_total(self.env, action), value, places=2, msg=kpi.code
            )

    def test_analytic_drilldown_adds_up_to_the_kpi(self):
        """An item split 60/40 between two analytic accounts shows 60% of
        its amount in the first one's drill-down, 40% in the other's."""
        kpis = (
            self.make_kpi("SHOP", "account_movement", types=["expense"],
                          account_analytic_id=self.shop.id)
            | self.make_kpi("WEB", "account_movement", types=["expense"],
                            account_analytic_id=self.web.id)
            | self.make_kpi("WEB_DEBIT", "account_debit", types=["expense"],
                            account_analytic_id=self.web.id)
        )  # fmt: skip
        self.assertEqual(self.values(kpis)["SHOP"], [0, 0, 600, 0])
        self.assert_drilldowns_add_up(kpis, 4)

    def test_one_query_whatever_the_periods_and_kpis(self):
        """3 or 12 months, 1 or 8 KPIs of every type: the same queries (the
        chart of accounts, then one grouped query on the summary of the
        posted items; one more on the items for the KPIs narrowed by a
        partner or an analytic account, and one for the open amounts of
        overdue items, when some KPI needs them)."""
        one = self.make_kpi("REVENUE", "account_movement", types=["income"])
        every_type = (
            one
            | self.make_kpi("CASH", "account_balance", types=["asset_cash"])
            | self.make_kpi("OVERDUE", "account_overdue", types=["asset_receivable"])
            | self.make_kpi("AR_DEBIT", "account_debit", types=["asset_receivable"])
            | self.make_kpi("AR_CREDIT", "account_credit", account_code_prefixes="12")
            | self.make_kpi("SHOP", "account_movement", types=["expense"],
                            account_analytic_id=self.shop.id)
            | self.make_kpi("BE1", "account_balance", types=["asset_receivable"],
                            account_partner_id=self.be1.id)
            | self.make_kpi(
                "SALES", "account_movement", types=["income"],
                account_journal_ids=[Command.set(self.moves["m1"].journal_id.ids)],
            )
        )  # fmt: skip
        every_type._bsc_source_values(self.months)  # warm the caches
        counts = {}
        for kpis, periods in (
            (one, self.months[:3]),
            (one, self.months),
            (every_type, self.months[:3]),
            (every_type, self.months),
        ):
            before = self.cr.sql_log_count
            values = kpis._bsc_source_values(periods)
            counts[(len(kpis), len(periods))] = self.cr.sql_log_count - before
            self.assertEqual(len(values), len(kpis) * len(periods))
        # exactly: assertQueryCount lets fewer queries pass
        self.assertEqual(
            counts,
            {(1, 3): QUERIES, (1, 12): QUERIES, (8, 3): QUERIES + 2,
             (8, 12): QUERIES + 2},
        )  # fmt: skip

    def varied_kpis(self, count, objective, prefix):
        """``count`` KPIs of ``objective`` cycling through every kind of
        selection: account types, code prefixes with an exclusion, tags, a
        journal, a partner, an analytic account, each measure, and two
        companies consolidated."""
        other_code = self.accounts["other_income"].with_company(self.company).code
        sales = self.moves["m1"].journal_id
        kinds = (
            ("account_movement", {"types": ["income"]}),
            ("account_balance", {"types": ["asset_cash"]}),
            ("account_overdue", {"types": ["asset_receivable"]}),
            ("account_debit", {"types": ["asset_receivable"]}),
            ("account_credit", {"account_code_prefixes": "12"}),
            ("account_movement", {"account_code_prefixes": f"4, -{other_code}",
                                  "account_sign": "credit"}),
            ("account_movement", {"account_tag_ids": [Command.set(
                self.env.ref("account.account_tag_operating").ids)]}),
            ("account_movement", {"types": ["expense"],
                                  "account_analytic_id": self.shop.id}),
            ("account_balance", {"types": ["asset_receivable"],
                                 "account_partner_id": self.be1.id}),
            ("account_movement", {"types": ["income"],
                                  "account_journal_ids": [Command.set(sales.ids)]}),
            ("account_balance", {"types": ["asset_receivable"],
                                 "account_company_ids": [
                                     Command.set(self.company_b.ids)]}),
            ("account_movement", {"types": ["income"], "account_company_ids": [
                Command.set(self.company_b.ids)]}),
            ("account_debit", {"types": ["expense"],
                               "account_analytic_id": self.web.id}),
        )  # fmt: skip
        for i in range(count):
            source_type, vals = kinds[i % len(kinds)]
            self.make_kpi(f"{prefix}{i:03d}", source_type,
                          objective=objective, **vals)  # fmt: skip

    def test_query_count_does_not_grow_with_kpis(self):
        """13 or 52 KPIs, each kind of selection once or four times, two
        companies among them, 1 or 12 months, nothing in the ORM's cache:
        the same number of queries (the KPIs' fields read in batches, the
        charts of accounts once per company, one grouped query on the
        summary of the posted items, one on the items for the KPIs narrowed
        by a partner or an analytic account and one for the overdue KPIs'
        open amounts). The KPIs
        come from a one2many, as a scorecard's recompute reads them."""
        objectives = self.env["bsc.objective"].create(
            [
                {"name": name, "scorecard_id": self.scorecard.id,
                 "perspective_id": self.objective.perspective_id.id}
                for name in ("Few KPIs", "Many KPIs")
            ]
        )  # fmt: skip
        self.varied_kpis(13, objectives[0], "FEW")
        self.varied_kpis(52, objectives[1], "MANY")
        few, many = objectives[0].kpi_ids, objectives[1].kpi_ids
        many._bsc_source_values(self.months)  # warm the registry's caches
        counts = {}
        for kpis, periods in (
            (few, self.months[:1]),
            (few, self.months),
            (many, self.months[:1]),
            (many, self.months),
        ):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            values = kpis._bsc_source_values(periods)
            counts[(len(kpis), len(periods))] = self.cr.sql_log_count - before
            self.assertEqual(len(values), len(kpis) * len(periods))
            self.assertFalse([error for __, error in values.values() if error])
        self.assertEqual(len(set(counts.values())), 1, counts)

    def test_recompute_and_drilldown_open_exactly_the_counted_items(self):
        a = self.accounts
        kpis = {
            kpi.code: kpi
            for kpi in (
                self.make_kpi("REVENUE", "account_movement", types=["income"])
                | self.make_kpi("CASH", "account_balance", types=["asset_cash"])
                | self.make_kpi("OVERDUE", "account_overdue",
                                types=["asset_receivable"])
                | self.make_kpi("AR_CREDIT", "account_credit",
                                types=["asset_receivable"])
            )
        }  # fmt: skip
        self.scorecard._bsc_recompute(periods=self.months[:4])
        lines = self.env["account.move.line"]

        def on(move_names, account):
            moves = lines.move_id.union(*(self.moves[name] for name in move_names))
            return moves.line_ids.filtered(lambda line: line.account_id == account)

        expected = {
            # code: (month, value, journal items behind it)
            "REVENUE": ("2025-01", 1200, on(["m1", "m2"], a["income"])),
            "CASH": ("2025-02", 5900, on(["m0", "m6"], a["bank"])),
            "OVERDUE": ("2025-02", 1000, on(["m1"], a["receivable"])),
            "AR_CREDIT": ("2025-02", 1000, on(["m4", "m6"], a["receivable"])),
        }
        for code, (month, value, records) in expected.items():
            measurement = kpis[code].measurement_ids.filtered(
                lambda m, month=month: m.period_id.name == month
            )
            self.assertAlmostEqual(measurement.actual_value, value, msg=code)
            self.assertFalse(measurement.error_text, code)
            action = measurement.action_drilldown()
            self.assertEqual(action["res_model"], "account.move.line", code)
            found = lines.search(action["domain"])
            self.assertEqual(found, records, code)
            self.assertAlmostEqual(
                sum(found.mapped("balance")) * (-1 if code == "REVENUE" else 1),
                value if code != "AR_CREDIT" else -value,
                msg=code,
            )
            # the drill-down shows the figure with the KPI's sign: its
            # total is the value, income shown positive (issue #13)
            self.assertAlmostEqual(drilldown_total(self.env, action), value, msg=code)
        # A second run changes nothing.
        self.assertEqual(self.scorecard._bsc_recompute(periods=self.months[:4]), 0)


# Two reading the chart of accounts (accounts, their tags), the grouped query
# on the summary of the posted items
QUERIES = 3


@tagged("post_install", "-at_install")
class TestAccountParameters(BscAccountCase):
    """What cannot select journal items is refused at save, saying why."""

    def assert_refused(self, vals, *fragments):
        kpi_count = self.env["bsc.kpi"].search_count([])
        with self.assertRaises(ValidationError) as caught:
            self.make_kpi(
                "BAD", vals.pop("source_type", "account_movement"), name="Bad KPI",
                **vals,
            )  # fmt: skip
        message = str(caught.exception)
        for fragment in ("Bad KPI", *fragments):
            self.assertIn(fragment, message)
        self.assertEqual(self.env["bsc.kpi"].search_count([]), kpi_count)

    def test_unknown_code_prefix_is_refused(self):
        self.assert_refused(
            {"account_code_prefixes": "4, 97"},
            "no account of Account Link A has a code starting with '97'",
        )

    def test_unknown_excluded_prefix_is_refused(self):
        self.assert_refused({"account_code_prefixes": "4, -97"}, "'97'")

    def test_malformed_prefix_is_refused(self):
        self.assert_refused(
            {"account_code_prefixes": "40%"}, "'40%' is not an account code prefix"
        )

    def test_empty_account_selection_is_refused(self):
        self.assert_refused({}, "choose the accounts it reads")

    def test_selection_without_accounts_is_refused(self):
        # income accounts whose code starts with 1: none
        self.assert_refused(
            {"account_code_prefixes": "1", "types": ["income"]},
            "select no account of Account Link A",
        )

    def test_journal_of_another_company_is_refused(self):
        journal_b = self.moves["mb"].journal_id
        self.assert_refused(
            {"types": ["income"], "account_journal_ids": [Command.set(journal_b.ids)]},
            "belongs to Account Link B",
        )

    def test_analytic_account_of_another_company_is_refused(self):
        analytic_b = self.env["account.analytic.account"].create(
            {"name": "B only", "plan_id": self.shop.plan_id.id,
             "company_id": self.company_b.id}
        )  # fmt: skip
        self.assert_refused(
            {"types": ["expense"], "account_analytic_id": analytic_b.id},
            "B only", "leave Analytic Account empty",
        )  # fmt: skip

    def test_a_kpi_made_wrong_later_is_refused_and_kept(self):
        kpi = self.make_kpi("OK", "account_movement", types=["income"])
        with self.assertRaisesRegex(ValidationError, "choose the accounts"):
            with self.env.cr.savepoint():
                kpi.account_type_ids = [Command.clear()]
                kpi.flush_recordset()
        self.env.invalidate_all()
        self.assertEqual(kpi.account_type_ids.code, "income")
