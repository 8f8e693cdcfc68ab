# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""OCA mis_builder as a second oracle.

Its accounting expressions (``balp``, ``bale``, ``debp``, ``crdp`` over
account selectors and move-line domains) are evaluated by mis_builder's own
engine: its ``AccountingExpressionProcessor`` and ``ExpressionEvaluator``,
the code its report instances call, over posted items only as its "posted
entries" filter does. mis_builder is a Python requirement of the suite
(requirements.txt), not a module installed in the database: the engine
reads ``account.account`` and ``account.move.line`` only.

What mis_builder cannot state, and is therefore checked against the
``_read_group`` oracle only (test_account_templates, test_account_sources):
the pro rata share of an analytic split (its analytic filters take or leave
a whole item), and movements consolidated at the mean rate of the period
(it converts every company at the rate of the period's last day, which is
the suite's rule for balances, tested here).
"""

from collections import namedtuple

from odoo import Command
from odoo.tests import tagged

from odoo.addons.mis_builder.models.accounting_none import AccountingNone
from odoo.addons.mis_builder.models.aep import AccountingExpressionProcessor
from odoo.addons.mis_builder.models.expression_evaluator import (
    ExpressionEvaluator,
)

from ..wizard.bsc_account_kpi_wizard import TEMPLATE_SETTINGS, TEMPLATES
from .common import BscAccountCase

Expression = namedtuple("Expression", "name")


def types(*account_types):
    """An account selector; a tuple, as mis_builder's selector ends at the
    first closing bracket."""
    return f"[('account_type', 'in', {tuple(account_types)})]"


REVENUE = f"-balp{types('income')}"
COST = f"balp{types('expense_direct_cost')}"
OPEX = f"balp{types('expense', 'expense_depreciation')}"
RECEIVABLES = f"bale{types('asset_receivable')}"
PAYABLES = f"-bale{types('liability_payable')}"
CURRENT_ASSETS = "bale" + types(
    "asset_receivable", "asset_cash", "asset_current", "asset_prepayments"
)
CURRENT_LIABILITIES = (
    f"-bale{types('liability_payable', 'liability_credit_card', 'liability_current')}"
)
# Every "Add Financial KPIs" template as a mis_builder expression;
# ``{end}`` is the period's last day, ``{days}`` the days of a month.
MIS_TEMPLATES = {
    "revenue": REVENUE,
    "cost_of_revenue": COST,
    "gross_margin": f"{REVENUE} - {COST}",
    "gross_margin_pct": f"100 * ({REVENUE} - {COST}) / ({REVENUE})",
    "opex": OPEX,
    "operating_result": f"{REVENUE} - {COST} - {OPEX}",
    "net_profit": "-balp"
    + types(
        "income",
        "income_other",
        "expense",
        "expense_depreciation",
        "expense_direct_cost",
    ),
    "cash": f"bale{types('asset_cash')}",
    "receivables": RECEIVABLES,
    "dso": f"({RECEIVABLES}) / ({REVENUE}) * {{days}}",
    "payables": PAYABLES,
    "dpo": f"({PAYABLES}) / ({COST} + {OPEX}) * {{days}}",
    "current_assets": CURRENT_ASSETS,
    "current_liabilities": CURRENT_LIABILITIES,
    "current_ratio": f"({CURRENT_ASSETS}) / ({CURRENT_LIABILITIES})",
}


@tagged("post_install", "-at_install")
class TestAccountMisBuilder(BscAccountCase):
    """The KPIs equal mis_builder's own values, month by month, on the
    entries of BscAccountCase: draft and cancelled moves, a move on a
    month's last day, a USD invoice, a refund, a second company."""

    def mis_values(self, expressions, companies=None, count=4):
        """``{name: [value per month]}`` of mis_builder ``expressions``
        (``{name: expression}``) for the first ``count`` months of 2025,
        in the scorecard company's currency; no data and division by zero
        give None, as a KPI without a value."""
        companies = (companies or self.company).with_company(self.company)
        result = {name: [] for name in expressions}
        for period in self.months[:count]:
            exprs = {
                name: expr.format(end=period.date_end, days=30)
                for name, expr in expressions.items()
            }
            aep = AccountingExpressionProcessor(
                companies, currency=self.company.currency_id
            )
            for expr in exprs.values():
                aep.parse_expr(expr)
            aep.done_parsing()
            evaluator = ExpressionEvaluator(
                aep,
                period.date_start,
                period.date_end,
                # mis_builder's "posted entries" filter (target_move)
                [("parent_state", "=", "posted")],
            )
            evaluator.aep_do_queries()
            names = list(exprs)
            values, __, __ = evaluator.eval_expressions(
                [Expression(exprs[name]) for name in names],
                {"AccountingNone": AccountingNone},
            )
            for name, value in zip(names, values, strict=True):
                if value is AccountingNone:
                    value = 0.0
                elif not isinstance(value, int | float):  # #DIV/0
                    value = None
                result[name].append(None if value is None else round(value, 2))
        return result

    def test_every_template_equals_mis_builder_every_month(self):
        wizard = self.env["bsc.account.kpi.wizard"].create(
            {"objective_id": self.objective.id}
        )
        for line in wizard.line_ids:
            line.selected = True
            if "target_value" not in TEMPLATE_SETTINGS[line.template]:
                higher = line.polarity == "higher"
                line.target_value, line.red_flag_value = (10, 5) if higher else (5, 10)
        wizard.action_create_kpis()
        # mis_builder cannot state an item's open amount at a past date
        # (its expressions sum columns of journal items, and reconciliations
        # are not journal items): overdue receivables are checked against
        # the oracle of test_account_templates and test_account_overdue
        self.assertEqual(
            set(MIS_TEMPLATES), {name for name, __ in TEMPLATES} - {"overdue"}
        )
        kpis = {
            kpi.code: kpi
            for kpi in self.env["bsc.kpi"].search(
                [("scorecard_id", "=", self.scorecard.id)]
            )
        }
        months = self.months[:4]
        self.scorecard._bsc_recompute(periods=months)
        ours = {}
        for template in MIS_TEMPLATES:
            kpi = kpis[TEMPLATE_SETTINGS[template]["code"]]
            ours[template] = []
            for period in months:
                measurement = kpi.measurement_ids.filtered(
                    lambda m, p=period: m.period_id == p
                )
                ours[template].append(
                    round(measurement.actual_value, 2)
                    if measurement.has_actual
                    else None
                )
        theirs = self.mis_values(MIS_TEMPLATES)
        self.assertEqual(ours, theirs)
        # the months differ, so the comparison is not of zeros
        self.assertEqual(theirs["revenue"], [1200, -100, 0, 0])
        self.assertEqual(theirs["payables"], [300, 500, 1500, 1500])

    def test_selectors_and_move_line_filters_equal_mis_builder(self):
        """Code prefixes with an exclusion, debit and credit only, a
        journal, a partner, and balances consolidated at the rate of the
        period's last day."""
        other_code = self.accounts["other_income"].with_company(self.company).code
        self.make_entry(
            self.company, self.months[0].date_end,
            [(self.accounts["bank"], 70, None),
             (self.accounts["other_income"], -70, None)],
        )  # fmt: skip
        sales = self.moves["m1"].journal_id
        receivable = ["asset_receivable"]
        kpis = (
            self.make_kpi("CLASS4", "account_movement", account_code_prefixes="4",
                          account_sign="debit")
            | self.make_kpi("NO_OTHER", "account_movement", account_sign="debit",
                            account_code_prefixes=f"4, -{other_code}")
            | self.make_kpi("AR_DEBIT", "account_debit", types=receivable)
            | self.make_kpi("AR_CREDIT", "account_credit", types=receivable)
            | self.make_kpi("AR_SALES", "account_balance", types=receivable,
                            account_journal_ids=[Command.set(sales.ids)])
            | self.make_kpi("AR_BE1", "account_balance", types=receivable,
                            account_partner_id=self.be1.id)
            | self.make_kpi("AR_GROUP", "account_balance", types=receivable,
                            account_company_ids=[Command.set(self.company_b.ids)])
            | self.make_kpi("CASH_GROUP", "account_balance", types=["asset_cash"],
                            account_company_ids=[Command.set(self.company_b.ids)])
        )  # fmt: skip
        ar = types("asset_receivable")
        theirs = self.mis_values(
            {
                "CLASS4": "balp[4%]",
                "NO_OTHER": f"balp[4%] - balp[{other_code}%]",
                "AR_DEBIT": f"debp{ar}",
                "AR_CREDIT": f"crdp{ar}",
                "AR_SALES": f"bale{ar}[('journal_id', '=', {sales.id})]",
                "AR_BE1": f"bale{ar}[('partner_id', '=', {self.be1.id})]",
            }
        )
        theirs.update(
            self.mis_values(
                {"AR_GROUP": f"bale{ar}", "CASH_GROUP": f"bale{types('asset_cash')}"},
                companies=self.company | self.company_b,
            )
        )
        self.assertEqual(self.values(kpis), theirs)
        self.assertEqual(theirs["CLASS4"], [-1270, 100, 0, 0])
        # 1200 + 800 USD / 1.25 | 200 + 900 USD / 2.5 (the rate of 28 Feb)
        self.assertEqual(theirs["AR_GROUP"], [1840, 560, 560, 560])
        self.assertEqual(theirs["AR_SALES"], [1200, 1100, 1100, 1100])
