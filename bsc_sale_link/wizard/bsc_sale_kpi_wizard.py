# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.bsc_core.models.bsc_period import FREQUENCIES

TEMPLATES = [
    ("revenue", "Sales revenue"),
    ("growth", "Sales revenue growth"),
    ("aov", "Average order value"),
    ("new_customers", "New customers"),
    ("conversion", "Quotation conversion rate"),
]
# How each template measures, displays and scores. Targets are the admin's:
# only percentages get a default, the amounts depend on the business.
TEMPLATE_SETTINGS = {
    "revenue": {
        "code": "SALES_REVENUE",
        "source_type": "sale_revenue",
        "indicator_type": "lagging",
        "value_format": "monetary",
        "decimal_places": 0,
        "aggregation": "sum",
        "weight": 2.0,
    },
    "growth": {
        "code": "SALES_GROWTH",
        "source_type": "formula",
        "indicator_type": "lagging",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "target_value": 2.0,
        "red_flag_value": 0.0,
    },
    "aov": {
        "code": "SALES_AOV",
        "source_type": "sale_aov",
        "indicator_type": "lagging",
        "value_format": "monetary",
        "decimal_places": 0,
        "aggregation": "avg",
    },
    "new_customers": {
        "code": "SALES_NEW_CUSTOMERS",
        "source_type": "sale_new_customers",
        "indicator_type": "lagging",
        "value_format": "number",
        "decimal_places": 0,
        "aggregation": "sum",
    },
    "conversion": {
        "code": "SALES_CONVERSION",
        "source_type": "sale_conversion",
        "indicator_type": "leading",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "target_value": 30.0,
        "red_flag_value": 20.0,
    },
}
GROWTH_FORMULA = "100 * ({code} - prev({code})) / prev({code})"


class BscSaleKpiWizard(models.TransientModel):
    """Add ready-made sales KPIs to an objective; the admin sets the targets.

    A template whose code already exists in the scorecard is skipped, so the
    wizard never creates the same KPI twice. A code suffix adds the same
    KPIs once more, e.g. for another sales team.
    """

    _name = "bsc.sale.kpi.wizard"
    _description = "Add Sales KPIs"

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
        help="Appended to every code, e.g. _DIRECT, to add the same KPIs again "
        "for another team, salesperson or country.",
    )
    sale_company_id = fields.Many2one(
        "res.company",
        string="Sales Company",
        domain="[('id', 'child_of', company_id)]",
    )
    sale_team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        domain="[('company_id', 'in', [False, sale_company_id or company_id])]",
    )
    sale_user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        domain="[('share', '=', False), "
        "('company_ids', 'in', [sale_company_id or company_id])]",
    )
    sale_product_categ_id = fields.Many2one(
        "product.category", string="Product Category"
    )
    sale_country_id = fields.Many2one("res.country", string="Customer Country")
    line_ids = fields.One2many(
        "bsc.sale.kpi.wizard.line",
        "wizard_id",
        string="KPIs",
        default=lambda self: self._default_line_ids(),
    )

    @api.model
    def _default_line_ids(self):
        labels = dict(
            self.env["bsc.sale.kpi.wizard.line"]
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
        self.scorecard_id._bsc_check_manager(_("add sales KPIs"))
        existing = set(
            self.env["bsc.kpi"]
            .with_context(active_test=False)
            .search([("scorecard_id", "=", self.scorecard_id.id)])
            .mapped("code")
        )
        lines = self.line_ids.filtered("selected").sorted("sequence")
        codes = {line.template: line.code for line in lines}
        revenue_code = self._code("revenue")
        if "growth" in codes and not ("revenue" in codes or revenue_code in existing):
            raise UserError(
                _(
                    "Revenue growth is computed from the revenue KPI %(code)s, which "
                    "the scorecard does not have: tick Sales revenue too.",
                    code=revenue_code,
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
        vals = {
            **settings,
            "name": line.name,
            "code": line.code,
            "objective_id": self.objective_id.id,
            "user_id": self.user_id.id,
            "frequency": self.frequency,
            "polarity": "higher",
            "target_value": line.target_value,
            "red_flag_value": line.red_flag_value,
            "description": line._description_html(),
        }
        if line.template == "growth":
            vals["formula"] = GROWTH_FORMULA.format(code=self._code("revenue"))
        else:
            vals.update(
                sale_company_id=self.sale_company_id.id,
                sale_team_id=self.sale_team_id.id,
                sale_user_id=self.sale_user_id.id,
                sale_product_categ_id=self.sale_product_categ_id.id,
                sale_country_id=self.sale_country_id.id,
            )
        return vals


class BscSaleKpiWizardLine(models.TransientModel):
    _name = "bsc.sale.kpi.wizard.line"
    _description = "Sales KPI Template"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "bsc.sale.kpi.wizard", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    template = fields.Selection(TEMPLATES, required=True, readonly=True)
    selected = fields.Boolean(string="Add", default=True)
    name = fields.Char(required=True)
    code = fields.Char(compute="_compute_code")
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
        """The KPI's exact definition, as the readme gives it."""
        self.ensure_one()
        texts = {
            "revenue": _(
                "Untaxed amount of the confirmed sale orders dated in the period "
                "(in the scorecard's time zone), in the company currency: orders "
                "in another currency are converted at their own rate, as in the "
                "sales analysis."
            ),
            "growth": _(
                "Revenue compared with the period before, in %: "
                "100 x (revenue - previous revenue) / previous revenue."
            ),
            "aov": _(
                "Revenue divided by the number of confirmed orders of the period; "
                "no value when there is no order."
            ),
            "new_customers": _(
                "Customers (companies, or individuals without a company) whose "
                "first confirmed order in the company is dated in the period."
            ),
            "conversion": _(
                "Quotations created in the period that are now confirmed, out of "
                "all quotations created in the period (cancelled ones included), "
                "in %."
            ),
        }
        return Markup("<p>%s</p>") % texts[self.template]
