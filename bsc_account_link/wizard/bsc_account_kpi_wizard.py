# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, _, api, fields, models

TEMPLATES = [
    ("revenue", "Revenue"),
    ("cost_of_revenue", "Cost of revenue"),
    ("gross_margin", "Gross margin"),
    ("gross_margin_pct", "Gross margin %"),
    ("opex", "Operating expenses"),
    ("operating_result", "Operating result"),
    ("net_profit", "Net profit"),
    ("cash", "Cash and bank"),
    ("receivables", "Receivables"),
    ("overdue", "Overdue receivables"),
    ("dso", "Days sales outstanding (DSO)"),
    ("payables", "Payables"),
    ("dpo", "Days payables outstanding (DPO)"),
    ("current_assets", "Current assets"),
    ("current_liabilities", "Current liabilities"),
    ("current_ratio", "Current ratio"),
]
P_AND_L = ["income", "income_other", "expense", "expense_depreciation"]
MONEY = {"value_format": "monetary", "decimal_places": 0}
# How each template measures, displays and scores. A source template reads
# account types (readme/CONFIGURE.md); a formula template names the
# templates it reads with {template}, replaced by their codes. Targets are
# the admin's: only ratios and days get a default.
TEMPLATE_SETTINGS = {
    "revenue": {
        "code": "FIN_REVENUE",
        "source_type": "account_movement",
        "account_types": ["income"],
        "polarity": "higher",
        "aggregation": "sum",
        **MONEY,
    },
    "cost_of_revenue": {
        "code": "FIN_COST_OF_REVENUE",
        "source_type": "account_movement",
        "account_types": ["expense_direct_cost"],
        "polarity": "lower",
        "aggregation": "sum",
        **MONEY,
    },
    "gross_margin": {
        "code": "FIN_GROSS_MARGIN",
        "formula": "{revenue} - {cost_of_revenue}",
        "polarity": "higher",
        "aggregation": "sum",
        **MONEY,
    },
    "gross_margin_pct": {
        "code": "FIN_GROSS_MARGIN_PCT",
        "formula": "100 * ({revenue} - {cost_of_revenue}) / {revenue}",
        "polarity": "higher",
        "aggregation": "avg",
        "value_format": "percent",
        "decimal_places": 1,
        "target_value": 40.0,
        "red_flag_value": 25.0,
    },
    "opex": {
        "code": "FIN_OPEX",
        "source_type": "account_movement",
        "account_types": ["expense", "expense_depreciation"],
        "polarity": "lower",
        "aggregation": "sum",
        **MONEY,
    },
    "operating_result": {
        "code": "FIN_OPERATING_RESULT",
        "formula": "{revenue} - {cost_of_revenue} - {opex}",
        "polarity": "higher",
        "aggregation": "sum",
        **MONEY,
    },
    "net_profit": {
        "code": "FIN_NET_PROFIT",
        "source_type": "account_movement",
        "account_types": P_AND_L + ["expense_direct_cost"],
        "account_sign": "credit",
        "polarity": "higher",
        "aggregation": "sum",
        **MONEY,
    },
    "cash": {
        "code": "FIN_CASH",
        "source_type": "account_balance",
        "account_types": ["asset_cash"],
        "polarity": "higher",
        "aggregation": "last",
        **MONEY,
    },
    "receivables": {
        "code": "FIN_RECEIVABLES",
        "source_type": "account_balance",
        "account_types": ["asset_receivable"],
        "polarity": "lower",
        "aggregation": "last",
        **MONEY,
    },
    "overdue": {
        "code": "FIN_OVERDUE",
        "source_type": "account_overdue",
        "account_types": ["asset_receivable"],
        "polarity": "lower",
        "aggregation": "last",
        **MONEY,
    },
    "dso": {
        "code": "FIN_DSO",
        "formula": "{receivables} / {revenue} * {days}",
        "polarity": "lower",
        "aggregation": "avg",
        "unit": "days",
        "decimal_places": 0,
        "target_value": 45.0,
        "red_flag_value": 60.0,
    },
    "payables": {
        "code": "FIN_PAYABLES",
        "source_type": "account_balance",
        "account_types": ["liability_payable"],
        "polarity": "lower",
        "aggregation": "last",
        **MONEY,
    },
    "dpo": {
        "code": "FIN_DPO",
        "formula": "{payables} / ({cost_of_revenue} + {opex}) * {days}",
        "polarity": "higher",
        "aggregation": "avg",
        "unit": "days",
        "decimal_places": 0,
        "target_value": 45.0,
        "red_flag_value": 30.0,
    },
    "current_assets": {
        "code": "FIN_CURRENT_ASSETS",
        "source_type": "account_balance",
        "account_types": [
            "asset_receivable",
            "asset_cash",
            "asset_current",
            "asset_prepayments",
        ],
        "polarity": "higher",
        "aggregation": "last",
        **MONEY,
    },
    "current_liabilities": {
        "code": "FIN_CURRENT_LIABILITIES",
        "source_type": "account_balance",
        "account_types": [
            "liability_payable",
            "liability_credit_card",
            "liability_current",
        ],
        "polarity": "lower",
        "aggregation": "last",
        **MONEY,
    },
    "current_ratio": {
        "code": "FIN_CURRENT_RATIO",
        "formula": "{current_assets} / {current_liabilities}",
        "polarity": "higher",
        "aggregation": "avg",
        "decimal_places": 2,
        "target_value": 1.5,
        "red_flag_value": 1.0,
    },
}
# Days of a period in DSO and DPO, by the KPIs' frequency
PERIOD_DAYS = {"month": 30, "quarter": 91, "year": 365}


class BscAccountKpiWizard(models.TransientModel):
    """Add ready-made financial KPIs to an objective (bsc.kpi.template.wizard).

    A code suffix adds the same KPIs once more, e.g. for an analytic account.
    """

    _name = "bsc.account.kpi.wizard"
    _inherit = ["bsc.kpi.template.wizard"]
    _description = "Add Financial KPIs"
    _bsc_templates = TEMPLATES
    _bsc_template_settings = TEMPLATE_SETTINGS

    code_suffix = fields.Char(
        help="Appended to every code, e.g. _RETAIL, to add the same KPIs again "
        "for an analytic account or other journals.",
    )
    account_journal_ids = fields.Many2many(
        "account.journal",
        string="Journals",
        domain="[('company_id', '=', company_id)]",
    )
    account_analytic_id = fields.Many2one(
        "account.analytic.account", string="Analytic Account"
    )
    line_ids = fields.One2many(
        "bsc.account.kpi.wizard.line",
        "wizard_id",
        string="KPIs",
        default=lambda self: self._default_line_ids(),
    )

    def _manager_action_label(self):
        return _("add financial KPIs")

    def _formula_values(self):
        return {**super()._formula_values(), "days": PERIOD_DAYS[self.frequency]}

    def _kpi_values(self, line):
        vals = super()._kpi_values(line)
        vals.pop("account_types", None)
        vals["indicator_type"] = "lagging"
        return vals

    def _kpi_source_values(self, line):
        types = TEMPLATE_SETTINGS[line.template]["account_types"]
        account_types = self.env["bsc.account.type"].search([("code", "in", types)])
        return {
            "account_type_ids": [Command.set(account_types.ids)],
            "account_journal_ids": [Command.set(self.account_journal_ids.ids)],
            "account_analytic_id": self.account_analytic_id.id,
        }


class BscAccountKpiWizardLine(models.TransientModel):
    _name = "bsc.account.kpi.wizard.line"
    _inherit = ["bsc.kpi.template.wizard.line"]
    _description = "Financial KPI Template"

    wizard_id = fields.Many2one("bsc.account.kpi.wizard")
    template = fields.Selection(TEMPLATES)
    polarity = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        compute="_compute_polarity",
    )

    @api.depends("template")
    def _compute_polarity(self):
        for line in self:
            line.polarity = (
                TEMPLATE_SETTINGS[line.template]["polarity"] if line.template else False
            )

    def _description_texts(self):
        """The KPI's exact definition, as readme/CONFIGURE.md gives it."""
        return {
            "revenue": _(
                "Credit minus debit of the posted journal items of the period on "
                "income accounts (account type Income), in the company currency."
            ),
            "cost_of_revenue": _(
                "Debit minus credit of the posted journal items of the period on "
                "accounts of type Cost of Revenue."
            ),
            "gross_margin": _("Revenue minus cost of revenue."),
            "gross_margin_pct": _(
                "100 x (revenue - cost of revenue) / revenue; no value without revenue."
            ),
            "opex": _(
                "Debit minus credit of the posted journal items of the period on "
                "accounts of type Expenses and Depreciation."
            ),
            "operating_result": _(
                "Revenue minus cost of revenue minus operating expenses."
            ),
            "net_profit": _(
                "Credit minus debit of the posted journal items of the period on "
                "every profit and loss account: Income, Other Income, Cost of "
                "Revenue, Expenses, Depreciation."
            ),
            "cash": _(
                "Balance at the end of the period (all posted items up to its last "
                "day) of the Bank and Cash accounts."
            ),
            "receivables": _(
                "Balance at the end of the period of the Receivable accounts."
            ),
            "overdue": _(
                "Open amount at the end of the period of the customer invoices "
                "due before its last day: what is left of them once the "
                "payments and credit notes matched with them by then are "
                "taken off."
            ),
            "dso": _(
                "Receivables / revenue of the period x the days of the period "
                "(30 a month, 91 a quarter, 365 a year)."
            ),
            "payables": _(
                "Balance at the end of the period of the Payable accounts, credit "
                "minus debit."
            ),
            "dpo": _(
                "Payables / (cost of revenue + operating expenses) of the period x "
                "the days of the period (30 a month, 91 a quarter, 365 a year)."
            ),
            "current_assets": _(
                "Balance at the end of the period of the Receivable, Bank and Cash, "
                "Current Assets and Prepayments accounts."
            ),
            "current_liabilities": _(
                "Balance at the end of the period of the Payable, Credit Card and "
                "Current Liabilities accounts, credit minus debit."
            ),
            "current_ratio": _("Current assets / current liabilities."),
        }
