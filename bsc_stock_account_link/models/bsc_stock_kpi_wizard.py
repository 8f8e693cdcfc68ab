# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models

TEMPLATES = [
    ("inventory_value", "Inventory value at period end"),
    ("turnover", "Inventory turnover"),
    ("scrap_value", "Scrapped value"),
]
TEMPLATE_SETTINGS = {
    "inventory_value": {
        "code": "STOCK_VALUE",
        "source_type": "stock_inventory_value",
        "indicator_type": "lagging",
        "value_format": "monetary",
        "decimal_places": 0,
        "aggregation": "last",
        "polarity": "lower",
        "target_value": 50000.0,
        "red_flag_value": 80000.0,
    },
    "turnover": {
        "code": "STOCK_TURNOVER",
        "source_type": "stock_turnover",
        "indicator_type": "lagging",
        "decimal_places": 2,
        "aggregation": "sum",
        "polarity": "higher",
        "target_value": 1.0,
        "red_flag_value": 0.5,
    },
    "scrap_value": {
        "code": "STOCK_SCRAP_VALUE",
        "source_type": "stock_scrap_value",
        "indicator_type": "lagging",
        "value_format": "monetary",
        "decimal_places": 0,
        "aggregation": "sum",
        "polarity": "lower",
        "target_value": 200.0,
        "red_flag_value": 500.0,
    },
}


class BscStockKpiWizard(models.TransientModel):
    """The valuation templates in the "Add Operations KPIs" wizard."""

    _inherit = "bsc.stock.kpi.wizard"

    # properties, so that other addons can add templates the same way
    @property
    def _bsc_templates(self):
        return super()._bsc_templates + TEMPLATES

    @property
    def _bsc_template_settings(self):
        return {**super()._bsc_template_settings, **TEMPLATE_SETTINGS}

    def _kpi_source_values(self, line):
        values = super()._kpi_source_values(line)
        if line.template in TEMPLATE_SETTINGS:
            # the valuation is kept per company: only the category narrows it
            return {"stock_product_categ_id": values.get("stock_product_categ_id")}
        return values


class BscStockKpiWizardLine(models.TransientModel):
    _inherit = "bsc.stock.kpi.wizard.line"

    template = fields.Selection(
        selection_add=TEMPLATES, ondelete=dict.fromkeys(TEMPLATE_SETTINGS, "cascade")
    )

    def _description_texts(self):
        return {
            **super()._description_texts(),
            "inventory_value": _(
                "Value of the inventory at the end of the period: the sum of the "
                "stock valuation layers of the company up to the period's last day, "
                "in the company's currency."
            ),
            "turnover": _(
                "Cost of the goods delivered to customers in the period (net of "
                "their returns) over the average of the inventory value at the "
                "period's start and end: how many times the inventory was sold in "
                "the period."
            ),
            "scrap_value": _(
                "Value of the goods scrapped in the period, from the valuation "
                "layers of the scrap moves."
            ),
        }
