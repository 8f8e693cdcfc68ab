# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.bsc_core.models.bsc_period import FREQUENCIES

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


def template_inputs(template):
    """The templates a formula template reads."""
    formula = TEMPLATE_SETTINGS[template].get("formula", "")
    return [name for name, __ in TEMPLATES if f"{{{name}}}" in formula]


class BscAccountKpiWizard(models.TransientModel):
    """Add ready-made financial KPIs to an objective; the admin sets the
    targets.

    A template whose code already exists in the scorecard is skipped, so the
    wizard never creates the same KPI twice. A code suffix adds the same
    KPIs once more, e.g. for an analytic account.
    """

    _name = "bsc.account.kpi.wizard"
    _description = "Add Financial KPIs"

    objective_id = fields.Many2one("bsc.objective", required=True, ondelete="cascade")
    scorecard_id = fields.Many2one(related="objective_id.scorecard_id")
    company_id = fields.Many2one(related="objective_id.company_id")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        help="Owner of the new KPIs.",
    )
    frequency = fields.Selection(FREQUENCIES, required=True, default="month")
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

    @api.model
    def _default_line_ids(self):
        labels = dict(
            self.env["bsc.account.kpi.wizard.line"]
            ._fields["template"]
            ._description_selection(self.env)
        )
        return [
            Command.create(
                {
                    "sequence": sequence,
                    "template": template,
                    "name": labels[template],
                    "target_value": TEMPLATE_SETTINGS[template].get(
                        "target_value", 0.0
                    ),
                    "red_flag_value": TEMPLATE_SETTINGS[template].get(
                        "red_flag_value", 0.0
                    ),
                }
            )
            for sequence, (template, __) in enumerate(TEMPLATES)
        ]

    def action_create_kpis(self):
        """Create the ticked KPIs that the scorecard does not have yet."""
        self.ensure_one()
        self.scorecard_id._bsc_check_manager(_("add financial KPIs"))
        existing = set(
            self.env["bsc.kpi"]
            .with_context(active_test=False)
            .search([("scorecard_id", "=", self.scorecard_id.id)])
            .mapped("code")
        )
        lines = self.line_ids.filtered("selected").sorted("sequence")
        ticked = set(lines.mapped("template"))
        for line in lines:
            missing = [
                self._code(name)
                for name in template_inputs(line.template)
                if name not in ticked and self._code(name) not in existing
            ]
            if missing:
                raise UserError(
                    _(
                        "%(kpi)s is computed from %(codes)s, which the scorecard "
                        "does not have: tick those templates too.",
                        kpi=line.name,
                        codes=", ".join(missing),
                    )
                )
        vals_list = [
            self._kpi_values(line) for line in lines if line.code not in existing
        ]
        self.env["bsc.kpi"].create(vals_list)
        return self.objective_id.action_view_kpis()

    def _code(self, template):
        return (
            TEMPLATE_SETTINGS[template]["code"]
            + (self.code_suffix or "").strip().upper()
        )

    def _kpi_values(self, line):
        settings = dict(TEMPLATE_SETTINGS[line.template])
        settings.pop("code")
        settings.pop("target_value", None)
        settings.pop("red_flag_value", None)
        types = settings.pop("account_types", None)
        formula = settings.pop("formula", None)
        vals = {
            **settings,
            "name": line.name,
            "code": line.code,
            "objective_id": self.objective_id.id,
            "user_id": self.user_id.id,
            "frequency": self.frequency,
            "indicator_type": "lagging",
            "target_value": line.target_value,
            "red_flag_value": line.red_flag_value,
            "description": line._description_html(),
        }
        if formula:
            codes = {name: self._code(name) for name, __ in TEMPLATES}
            vals.update(
                source_type="formula",
                formula=formula.format(days=PERIOD_DAYS[self.frequency], **codes),
            )
        else:
            account_types = self.env["bsc.account.type"].search([("code", "in", types)])
            vals.update(
                account_type_ids=[Command.set(account_types.ids)],
                account_journal_ids=[Command.set(self.account_journal_ids.ids)],
                account_analytic_id=self.account_analytic_id.id,
            )
        return vals


class BscAccountKpiWizardLine(models.TransientModel):
    _name = "bsc.account.kpi.wizard.line"
    _description = "Financial KPI Template"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "bsc.account.kpi.wizard", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    template = fields.Selection(TEMPLATES, required=True, readonly=True)
    selected = fields.Boolean(string="Add", default=True)
    name = fields.Char(required=True)
    code = fields.Char(compute="_compute_code")
    polarity = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        compute="_compute_code",
    )
    already_exists = fields.Boolean(
        compute="_compute_code",
        help="The scorecard has a KPI with this code: it is not created again.",
    )
    target_value = fields.Float(string="Target")
    red_flag_value = fields.Float(string="Red Flag")

    @api.depends("template", "wizard_id.code_suffix", "wizard_id.objective_id")
    def _compute_code(self):
        for line in self:
            wizard = line.wizard_id
            line.code = wizard._code(line.template) if line.template else False
            line.polarity = (
                TEMPLATE_SETTINGS[line.template]["polarity"] if line.template else False
            )
            line.already_exists = bool(
                line.code
                and wizard.scorecard_id
                and self.env["bsc.kpi"]
                .with_context(active_test=False)
                .search_count(
                    [
                        ("scorecard_id", "=", wizard.scorecard_id.id),
                        ("code", "=", line.code),
                    ],
                    limit=1,
                )
            )

    def _description_html(self):
        """The KPI's exact definition, as readme/CONFIGURE.md gives it."""
        self.ensure_one()
        texts = {
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
                "Balance at the end of the period of the items on Receivable "
                "accounts due before the period's last day (payments count on "
                "their own due date, their payment date)."
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
        return Markup("<p>%s</p>") % texts[self.template]
