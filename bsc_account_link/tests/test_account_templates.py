# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..wizard.bsc_account_kpi_wizard import TEMPLATE_SETTINGS, TEMPLATES
from .common import BscAccountCase, overdue_oracle


@tagged("post_install", "-at_install")
class TestAccountTemplates(BscAccountCase):
    """The "Add Financial KPIs" templates against an independent oracle:
    ``_read_group`` on the journal items, month by month."""

    def add_templates(self, templates=None, **vals):
        wizard = self.env["bsc.account.kpi.wizard"].create(
            {"objective_id": self.objective.id, **vals}
        )
        for line in wizard.line_ids:
            line.selected = templates is None or line.template in templates
            if "target_value" not in TEMPLATE_SETTINGS[line.template]:
                higher = line.polarity == "higher"
                line.target_value, line.red_flag_value = (10, 5) if higher else (5, 10)
        wizard.action_create_kpis()
        return {
            kpi.code: kpi
            for kpi in self.env["bsc.kpi"].search(
                [("scorecard_id", "=", self.scorecard.id)]
            )
        }

    def oracle(self, types, period, cumulative=False, overdue=False):
        """The sum of ``balance`` of the posted items of ``types`` in
        ``period`` (up to its end when ``cumulative``), by ``_read_group``;
        when ``overdue``, their overdue open amount (:func:`overdue_oracle`)."""
        if overdue:
            return overdue_oracle(
                self.env,
                [
                    ("company_id", "=", self.company.id),
                    ("account_id.account_type", "in", types),
                ],
                period.date_end,
            )
        domain = [
            ("parent_state", "=", "posted"),
            ("company_id", "=", self.company.id),
            ("account_id.account_type", "in", types),
            ("date", "<=", period.date_end),
        ]
        if not cumulative:
            domain.append(("date", ">=", period.date_start))
        [(total,)] = self.env["account.move.line"]._read_group(
            domain, [], ["balance:sum"]
        )
        return total or 0.0

    def test_every_template_equals_the_oracle_every_month(self):
        kpis = self.add_templates()
        self.assertEqual(len(kpis), len(TEMPLATES))
        self.scorecard._bsc_recompute(periods=self.months)
        checked = 0
        for period in self.months:
            o = self.oracle
            revenue = -o(["income"], period)
            cost = o(["expense_direct_cost"], period)
            opex = o(["expense", "expense_depreciation"], period)
            receivables = o(["asset_receivable"], period, cumulative=True)
            payables = -o(["liability_payable"], period, cumulative=True)
            current_assets = o(
                [
                    "asset_receivable",
                    "asset_cash",
                    "asset_current",
                    "asset_prepayments",
                ],
                period,
                cumulative=True,
            )
            current_liabilities = -o(
                ["liability_payable", "liability_credit_card", "liability_current"],
                period,
                cumulative=True,
            )
            expected = {
                "FIN_REVENUE": revenue,
                "FIN_COST_OF_REVENUE": cost,
                "FIN_GROSS_MARGIN": revenue - cost,
                "FIN_GROSS_MARGIN_PCT": (
                    100 * (revenue - cost) / revenue if revenue else None
                ),
                "FIN_OPEX": opex,
                "FIN_OPERATING_RESULT": revenue - cost - opex,
                "FIN_NET_PROFIT": -o(
                    [
                        "income",
                        "income_other",
                        "expense",
                        "expense_depreciation",
                        "expense_direct_cost",
                    ],
                    period,
                ),  # fmt: skip
                "FIN_CASH": o(["asset_cash"], period, cumulative=True),
                "FIN_RECEIVABLES": receivables,
                "FIN_OVERDUE": o(
                    ["asset_receivable"], period, cumulative=True, overdue=True
                ),
                "FIN_DSO": receivables / revenue * 30 if revenue else None,
                "FIN_PAYABLES": payables,
                "FIN_DPO": payables / (cost + opex) * 30 if cost + opex else None,
                "FIN_CURRENT_ASSETS": current_assets,
                "FIN_CURRENT_LIABILITIES": current_liabilities,
                "FIN_CURRENT_RATIO": (
                    current_assets / current_liabilities
                    if current_liabilities
                    else None
                ),
            }
            for code, value in expected.items():
                measurement = kpis[code].measurement_ids.filtered(
                    lambda m, p=period: m.period_id == p
                )
                label = f"{code} {period.name}"
                if value is None:
                    self.assertFalse(measurement.has_actual, label)
                    continue
                self.assertAlmostEqual(measurement.actual_value, value, msg=label)
                checked += 1
        # Jan-Apr have movements, and every later month balances
        self.assertGreater(checked, 12 * 10)
        january = {
            code: kpi.measurement_ids.filtered(lambda m: m.period_id == self.months[0])
            for code, kpi in kpis.items()
        }
        # the oracle is not empty: the figures of BscAccountCase's table
        self.assertAlmostEqual(january["FIN_REVENUE"].actual_value, 1200)
        self.assertAlmostEqual(january["FIN_GROSS_MARGIN_PCT"].actual_value, 75)
        self.assertAlmostEqual(january["FIN_DSO"].actual_value, 30)
        self.assertAlmostEqual(january["FIN_CURRENT_RATIO"].actual_value, 6200 / 300)

    def test_formula_templates_need_their_inputs(self):
        with self.assertRaisesRegex(UserError, "FIN_RECEIVABLES"):
            self.add_templates(["dso", "revenue"])
        kpis = self.add_templates(["revenue", "receivables"])
        kpis = self.add_templates(["dso"])
        self.assertEqual(kpis["FIN_DSO"].formula, "FIN_RECEIVABLES / FIN_REVENUE * 30")

    def test_templates_are_added_once_and_again_with_a_suffix(self):
        self.add_templates(["revenue", "cash"])
        kpis = self.add_templates(["revenue", "cash"])
        self.assertEqual(sorted(kpis), ["FIN_CASH", "FIN_REVENUE"])
        kpis = self.add_templates(
            ["revenue", "gross_margin", "cost_of_revenue"],
            code_suffix="_shop",
            frequency="quarter",
            account_analytic_id=self.shop.id,
        )
        self.assertEqual(
            kpis["FIN_GROSS_MARGIN_SHOP"].formula,
            "FIN_REVENUE_SHOP - FIN_COST_OF_REVENUE_SHOP",
        )
        self.assertEqual(kpis["FIN_REVENUE_SHOP"].account_analytic_id, self.shop)
        self.assertEqual(kpis["FIN_REVENUE_SHOP"].frequency, "quarter")
        self.assertEqual(kpis["FIN_REVENUE"].account_type_ids.code, "income")
