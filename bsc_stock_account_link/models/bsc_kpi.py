# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..family import VALUATION_SOURCE_TYPES, VALUATION_TYPES, StockValuationFamily


class BscKpi(models.Model):
    """KPIs computed from the stock valuation layers: the source types of
    the valuation family (``bsc_stock_account_link/family.py``), narrowed by
    the inventory parameters *Transfer Product* and *Transfer Product
    Category* of bsc_stock_link."""

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=VALUATION_SOURCE_TYPES,
        ondelete=dict.fromkeys(VALUATION_TYPES, "set default"),
    )

    @api.depends("source_type")
    def _compute_is_stock_source(self):
        # the product and category parameters of the inventory sources
        result = super()._compute_is_stock_source()
        for kpi in self:
            if kpi.source_type in VALUATION_TYPES:
                kpi.is_stock_source = True
        return result

    @api.model
    def _bsc_source_display_defaults(self):
        defaults = super()._bsc_source_display_defaults()
        defaults.update(
            {
                "stock_inventory_value": {"value_format": "monetary"},
                "stock_scrap_value": {"value_format": "monetary"},
            }
        )
        return defaults

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [StockValuationFamily]
