# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.bsc_core.tests.common import TEST_NOW


class BscAccountCase(TransactionCase):
    """Journal entries of 2025 whose figures can be checked by hand.

    Company A works in EUR with Odoo's generic chart of accounts; 1 EUR =
    1.25 USD in January. Invoices and bills have no taxes. Amounts in EUR.

    ===  ==========================  ==========  ======  ===========================
    mv   what                        date        EUR     accounts, due date
    ===  ==========================  ==========  ======  ===========================
    m0   opening: capital paid in    15 Dec '24  5000    bank / capital
    m1   invoice be1                 15 Jan      1000    receivable / income, due 30 Jan
    m2   invoice fr, 250 USD         31 Jan      200     receivable / income, due 2 Mar
    m3   bill supplier               20 Jan      300     cost of revenue / payable,
                                                         due 20 Mar
    m4   refund be1                  10 Feb      100     income / receivable, due 10 Feb
    m5   bill supplier               5 Feb       200     expenses / payable, due 5 Feb
    m6   payment of be1              28 Feb      900     bank / receivable, due 28 Feb
    m7   bill split 60/40 analytic   31 Mar      1000    expenses / payable, due 30 Apr
    m8   invoice be1, draft          20 Jan      (5000)  receivable / income
    m9   invoice be1, cancelled      25 Jan      (7000)  receivable / income
    mb   invoice in company B        15 Jan      800$    B's receivable / income
    mb2  invoice in company B        20 Feb      100$    B's receivable / income
    ===  ==========================  ==========  ======  ===========================

    Company B works in USD. A's rates for USD: 1.25 until January, 2.0 from
    1 February, 2.5 from 15 February.

    Per month (Jan, Feb, Mar, Apr): revenue 1200, -100, 0, 0; cost of
    revenue 300, 0, 0, 0; expenses 0, 200, 1000, 0; cash at the end 5000,
    5900, 5900, 5900; receivables 1200, 200, 200, 200; overdue receivables
    (the invoices open at the month's end, due before its last day; nothing
    is reconciled: m4 and m6 are unmatched credits) 1000, 1000, 1200, 1200;
    payables 300, 500, 1500, 1500. The clock stands still at bsc_core's
    ``TEST_NOW``.
    """

    freeze_time = TEST_NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True)
        )
        eur, usd = cls.env.ref("base.EUR"), cls.env.ref("base.USD")
        (eur | usd).active = True
        cls.company = cls.env["res.company"].create(
            {"name": "Account Link A", "currency_id": eur.id}
        )
        cls.company_b = cls.env["res.company"].create(
            {"name": "Account Link B", "currency_id": usd.id}
        )
        cls.env.user.company_ids |= cls.company | cls.company_b
        for company in (cls.company, cls.company_b):
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company, install_demo=False
            )
        # the generic chart sets the currency of its country, the USA's
        cls.company.currency_id = eur
        cls.company_b.currency_id = usd
        cls.env["res.currency.rate"].create(
            [
                {"name": day, "currency_id": usd.id, "rate": rate,
                 "company_id": cls.company.id}
                for day, rate in (
                    (date(2024, 1, 1), 1.25),
                    (date(2025, 2, 1), 2.0),
                    (date(2025, 2, 15), 2.5),
                )
            ]
        )  # fmt: skip
        cls.accounts = cls.chart_accounts(cls.company)
        cls.accounts_b = cls.chart_accounts(cls.company_b)

        Partner = cls.env["res.partner"]
        cls.be1 = Partner.create({"name": "Brasserie Lambiek", "is_company": True})
        cls.fr = Partner.create({"name": "Maison Dupont", "is_company": True})
        cls.supplier = Partner.create({"name": "Bois Supplier", "is_company": True})
        plan = cls.env["account.analytic.plan"].create({"name": "Test Departments"})
        Analytic = cls.env["account.analytic.account"]
        cls.shop = Analytic.create(
            {"name": "Shop", "plan_id": plan.id, "company_id": cls.company.id}
        )
        cls.web = Analytic.create(
            {"name": "Web", "plan_id": plan.id, "company_id": cls.company.id}
        )

        a = cls.accounts
        cls.moves = {
            "m0": cls.make_entry(
                cls.company, date(2024, 12, 15),
                [(a["bank"], 5000, None), (a["capital"], -5000, None)],
            ),
            "m1": cls.make_invoice(
                cls.company, "out_invoice", cls.be1, date(2025, 1, 15),
                date(2025, 1, 30), [(a["income"], 1000, None)],
            ),
            "m2": cls.make_invoice(
                cls.company, "out_invoice", cls.fr, date(2025, 1, 31),
                date(2025, 3, 2), [(a["income"], 250, None)], currency=usd,
            ),
            "m3": cls.make_invoice(
                cls.company, "in_invoice", cls.supplier, date(2025, 1, 20),
                date(2025, 3, 20), [(a["cost_of_goods_sold"], 300, None)],
            ),
            "m4": cls.make_invoice(
                cls.company, "out_refund", cls.be1, date(2025, 2, 10),
                date(2025, 2, 10), [(a["income"], 100, None)],
            ),
            "m5": cls.make_invoice(
                cls.company, "in_invoice", cls.supplier, date(2025, 2, 5),
                date(2025, 2, 5), [(a["expense_rent"], 200, None)],
            ),
            "m6": cls.make_entry(
                cls.company, date(2025, 2, 28),
                [(a["bank"], 900, None), (a["receivable"], -900, cls.be1)],
            ),
            "m7": cls.make_invoice(
                cls.company, "in_invoice", cls.supplier, date(2025, 3, 31),
                date(2025, 4, 30), [(a["expense"], 1000,
                                     {str(cls.shop.id): 60, str(cls.web.id): 40})],
            ),
            "m8": cls.make_invoice(
                cls.company, "out_invoice", cls.be1, date(2025, 1, 20),
                date(2025, 1, 20), [(a["income"], 5000, None)], post=False,
            ),
            "m9": cls.make_invoice(
                cls.company, "out_invoice", cls.be1, date(2025, 1, 25),
                date(2025, 1, 25), [(a["income"], 7000, None)], post=False,
            ),
            "mb": cls.make_invoice(
                cls.company_b, "out_invoice", cls.be1, date(2025, 1, 15),
                date(2025, 1, 15), [(cls.accounts_b["income"], 800, None)],
            ),
            "mb2": cls.make_invoice(
                cls.company_b, "out_invoice", cls.be1, date(2025, 2, 20),
                date(2025, 3, 20), [(cls.accounts_b["income"], 100, None)],
            ),
        }  # fmt: skip
        cls.moves["m9"].button_cancel()

        cls.scorecard = cls.make_scorecard(cls.company)
        cls.objective = cls.env["bsc.objective"].create(
            {
                "name": "Grow profitably",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.env.ref("bsc_core.perspective_financial").id,
            }
        )
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")

    @classmethod
    def chart_accounts(cls, company):
        """``{template xml id: account}`` of ``company``'s generic chart."""
        Template = cls.env["account.chart.template"].with_company(company)
        names = (
            "income", "other_income", "cost_of_goods_sold", "expense",
            "expense_rent", "receivable", "payable", "capital",
        )  # fmt: skip
        accounts = {name: Template.ref(name) for name in names}
        accounts["bank"] = (
            cls.env["account.journal"]
            .search([("company_id", "=", company.id), ("type", "=", "bank")], limit=1)
            .default_account_id
        )
        return accounts

    @classmethod
    def make_scorecard(cls, company):
        return cls.env["bsc.scorecard"].create(
            {
                "name": f"{company.name} 2025",
                "company_id": company.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "tz": "Europe/Brussels",
            }
        )

    @classmethod
    def make_invoice(
        cls, company, move_type, partner, day, due, lines, currency=None, post=True
    ):
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_date_due": due,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Test line",
                                "account_id": account.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": distribution,
                            }
                        )
                        for account, amount, distribution in lines
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def make_entry(cls, company, day, lines):
        """A posted miscellaneous entry; a positive amount is a debit."""
        journal = cls.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": day,
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Test entry",
                                "account_id": account.id,
                                "partner_id": partner and partner.id,
                                "debit": max(amount, 0),
                                "credit": max(-amount, 0),
                                "date_maturity": day,
                            }
                        )
                        for account, amount, partner in lines
                    ],
                }
            )
        )
        move.action_post()
        return move

    @classmethod
    def account_types(cls, *codes):
        return cls.env["bsc.account.type"].search([("code", "in", codes)])

    @classmethod
    def make_kpi(cls, code, source_type, objective=None, types=(), **vals):
        vals.setdefault("target_value", 10)
        vals.setdefault("red_flag_value", 5)
        if types:
            vals["account_type_ids"] = [Command.set(cls.account_types(*types).ids)]
        return cls.env["bsc.kpi"].create(
            dict(
                name=vals.pop("name", code.title()),
                code=code,
                objective_id=(objective or cls.objective).id,
                source_type=source_type,
                **vals,
            )
        )

    def period(self, name, scorecard=None):
        scorecard = scorecard or self.scorecard
        return scorecard.period_ids.filtered(lambda p: p.name == name)

    def values(self, kpis, count=4):
        """``{code: [value per month]}`` of ``kpis`` for the first ``count``
        months of 2025, straight from the source."""
        periods = self.months[:count]
        result = kpis._bsc_source_values(periods)
        return {
            kpi.code: [_round(result[(kpi.id, p.id)][0]) for p in periods]
            for kpi in kpis
        }


def overdue_oracle(env, domain, day, credit=False):
    """The overdue open amount at ``day`` of the posted journal items of
    ``domain``, read item by item through the ORM: each debit item (credit
    item when ``credit``, then shown positive) dated by ``day`` and due
    before it, at its balance less the reconciliations (``matched_*_ids``)
    dated by ``day``. Independent of the addon's SQL."""
    lines = env["account.move.line"].search(
        [*domain, ("parent_state", "=", "posted"), ("date", "<=", day)]
    )
    total = 0.0
    for line in lines:
        if (line.date_maturity or line.date) >= day:
            continue
        if not line.balance or (line.balance < 0) != credit:
            continue
        taken = sum(p.amount for p in line.matched_credit_ids if p.max_date <= day)
        given = sum(p.amount for p in line.matched_debit_ids if p.max_date <= day)
        total += line.balance - taken + given
    return -total if credit else total


def _round(value):
    return None if value is None else round(value, 2)
