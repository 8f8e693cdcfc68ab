# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models

TEMPLATES = [
    ("otd", "On-time delivery rate"),
    ("lead_time", "Delivery lead time"),
    ("backorder_rate", "Backorder rate"),
    ("receipt_otd", "Receipts on time"),
    ("receipt_lead_time", "Receipt lead time"),
    ("stockouts", "Stock-outs"),
]
# How each template measures, displays and scores, with default targets an
# admin adjusts: rates in %, lead times in days.
TEMPLATE_SETTINGS = {
    "otd": {
        "code": "STOCK_OTD",
        "source_type": "stock_otd",
        "indicator_type": "lagging",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "higher",
        "target_value": 95.0,
        "red_flag_value": 90.0,
    },
    "lead_time": {
        "code": "STOCK_LEAD_TIME",
        "source_type": "stock_delivery_lead_time",
        "indicator_type": "lagging",
        "unit": "days",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 5.0,
        "red_flag_value": 10.0,
    },
    "backorder_rate": {
        "code": "STOCK_BACKORDERS",
        "source_type": "stock_backorder_rate",
        "indicator_type": "leading",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 5.0,
        "red_flag_value": 15.0,
    },
    "receipt_otd": {
        "code": "STOCK_RECEIPT_OTD",
        "source_type": "stock_receipt_otd",
        "indicator_type": "leading",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "higher",
        "target_value": 90.0,
        "red_flag_value": 80.0,
    },
    "receipt_lead_time": {
        "code": "STOCK_RECEIPT_LEAD_TIME",
        "source_type": "stock_receipt_lead_time",
        "indicator_type": "lagging",
        "unit": "days",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 14.0,
        "red_flag_value": 21.0,
    },
    "stockouts": {
        "code": "STOCK_STOCKOUTS",
        "source_type": "stock_stockouts",
        "indicator_type": "leading",
        "unit": "products",
        "decimal_places": 0,
        "aggregation": "sum",
        "polarity": "lower",
        "target_value": 0.0,
        "red_flag_value": 3.0,
    },
}


class BscStockKpiWizard(models.TransientModel):
    """Add ready-made inventory KPIs to an objective (bsc.kpi.template.wizard).

    A code suffix adds the same KPIs once more, e.g. for another warehouse.
    """

    _name = "bsc.stock.kpi.wizard"
    _inherit = ["bsc.kpi.template.wizard"]
    _description = "Add Operations KPIs"
    _bsc_templates = TEMPLATES
    _bsc_template_settings = TEMPLATE_SETTINGS

    code_suffix = fields.Char(
        help="Appended to every code, e.g. _WH2, to add the same KPIs again "
        "for another warehouse, partner or product category.",
    )
    stock_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Warehouse",
        domain="[('company_id', '=', company_id)]",
    )
    stock_partner_id = fields.Many2one(
        "res.partner",
        string="Partner",
        domain="[('company_id', 'in', [False, company_id])]",
    )
    stock_product_categ_id = fields.Many2one(
        "product.category", string="Product Category"
    )
    line_ids = fields.One2many(
        "bsc.stock.kpi.wizard.line",
        "wizard_id",
        string="KPIs",
        default=lambda self: self._default_line_ids(),
    )

    def _manager_action_label(self):
        return _("add operations KPIs")

    def _kpi_source_values(self, line):
        values = {
            "stock_warehouse_id": self.stock_warehouse_id.id,
            "stock_partner_id": self.stock_partner_id.id,
            "stock_product_categ_id": self.stock_product_categ_id.id,
        }
        if line.template == "stockouts":
            # stock-outs count products: no partner
            del values["stock_partner_id"]
        return values


class BscStockKpiWizardLine(models.TransientModel):
    _name = "bsc.stock.kpi.wizard.line"
    _inherit = ["bsc.kpi.template.wizard.line"]
    _description = "Operations KPI Template"

    wizard_id = fields.Many2one("bsc.stock.kpi.wizard")
    template = fields.Selection(TEMPLATES)

    def _description_texts(self):
        return {
            "otd": _(
                "Done deliveries of the period (returns left out) validated on or "
                "before the calendar day of their deadline, or of their scheduled "
                "date when they have none, read in the scorecard's time zone; in % "
                "of all done deliveries of the period."
            ),
            "lead_time": _(
                "Average days from the creation of a delivery (for a backorder, of "
                "the delivery it was split from) to its validation, over the "
                "deliveries done in the period."
            ),
            "backorder_rate": _(
                "Done deliveries of the period that were split, the rest going into "
                "a backorder, in % of all done deliveries of the period."
            ),
            "receipt_otd": _(
                "Done receipts of the period (returns left out) validated on or "
                "before the calendar day of their deadline, or of their scheduled "
                "date, in % of all done receipts of the period."
            ),
            "receipt_lead_time": _(
                "Average days from the creation of a receipt to its validation, over "
                "the receipts done in the period."
            ),
            "stockouts": _(
                "Number of stocked products whose quantity on hand in the "
                "warehouse (or in all the company's internal locations) fell to "
                "zero or below in the period, or was so at its start, from the "
                "done stock moves."
            ),
        }
