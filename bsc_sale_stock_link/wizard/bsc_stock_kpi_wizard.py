# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models

SALE_STOCK_TEMPLATES = [
    ("otif", "OTIF (on time in full)"),
    ("sale_lead_time", "Lead time from sale confirmation"),
    ("sale_lead_time_p90", "Lead time from sale confirmation, 90th percentile"),
]
SALE_STOCK_TEMPLATE_SETTINGS = {
    "otif": {
        "code": "SALE_OTIF",
        "source_type": "sale_stock_otif",
        "indicator_type": "lagging",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "higher",
        "target_value": 95.0,
        "red_flag_value": 85.0,
    },
    "sale_lead_time": {
        "code": "SALE_LEAD_TIME",
        "source_type": "sale_stock_lead_time",
        "indicator_type": "lagging",
        "unit": "days",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 5.0,
        "red_flag_value": 10.0,
    },
    "sale_lead_time_p90": {
        "code": "SALE_LEAD_TIME_P90",
        "source_type": "sale_stock_lead_time_p90",
        "indicator_type": "lagging",
        "unit": "days",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 10.0,
        "red_flag_value": 15.0,
    },
}


class BscStockKpiWizard(models.TransientModel):
    """The "Add Operations KPIs" wizard offers the sales-and-delivery
    templates too."""

    _inherit = "bsc.stock.kpi.wizard"

    @property
    def _bsc_templates(self):
        return super()._bsc_templates + SALE_STOCK_TEMPLATES

    @property
    def _bsc_template_settings(self):
        return {**super()._bsc_template_settings, **SALE_STOCK_TEMPLATE_SETTINGS}


class BscStockKpiWizardLine(models.TransientModel):
    _inherit = "bsc.stock.kpi.wizard.line"

    template = fields.Selection(
        selection_add=SALE_STOCK_TEMPLATES,
        ondelete=dict.fromkeys(SALE_STOCK_TEMPLATE_SETTINGS, "cascade"),
    )

    def _description_texts(self):
        return {
            **super()._description_texts(),
            "otif": _(
                "Confirmed sale lines of goods due in the period (by the commitment "
                "date, or the confirmation plus the line's lead time) whose ordered "
                "quantity was delivered by the end of that day in the scorecard's "
                "time zone, backorders counted; in % of all lines due."
            ),
            "sale_lead_time": _(
                "Average days from the confirmation of the sale to the validation "
                "of its delivery, over the deliveries of sales done in the period "
                "(each backorder counts, returns do not)."
            ),
            "sale_lead_time_p90": _(
                "The 90th percentile of the days from the confirmation of the sale "
                "to the validation of its delivery, over the deliveries of sales "
                "done in the period: nine in ten were delivered that fast."
            ),
        }
