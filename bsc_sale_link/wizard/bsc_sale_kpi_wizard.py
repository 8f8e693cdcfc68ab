# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models

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
        "formula": "100 * ({revenue} - prev({revenue})) / prev({revenue})",
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


class BscSaleKpiWizard(models.TransientModel):
    """Add ready-made sales KPIs to an objective (bsc.kpi.template.wizard).

    A code suffix adds the same KPIs once more, e.g. for another sales team.
    """

    _name = "bsc.sale.kpi.wizard"
    _inherit = ["bsc.kpi.template.wizard"]
    _description = "Add Sales KPIs"
    _bsc_templates = TEMPLATES
    _bsc_template_settings = TEMPLATE_SETTINGS

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

    def _manager_action_label(self):
        return _("add sales KPIs")

    def _missing_inputs_message(self, line, missing):
        return _(
            "Revenue growth is computed from the revenue KPI %(code)s, which "
            "the scorecard does not have: tick Sales revenue too.",
            code=", ".join(missing),
        )

    def _kpi_values(self, line):
        return {**super()._kpi_values(line), "polarity": "higher"}

    def _kpi_source_values(self, line):
        return {
            "sale_company_id": self.sale_company_id.id,
            "sale_team_id": self.sale_team_id.id,
            "sale_user_id": self.sale_user_id.id,
            "sale_product_categ_id": self.sale_product_categ_id.id,
            "sale_country_id": self.sale_country_id.id,
        }


class BscSaleKpiWizardLine(models.TransientModel):
    _name = "bsc.sale.kpi.wizard.line"
    _inherit = ["bsc.kpi.template.wizard.line"]
    _description = "Sales KPI Template"

    wizard_id = fields.Many2one("bsc.sale.kpi.wizard")
    template = fields.Selection(TEMPLATES)

    def _description_texts(self):
        return {
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
