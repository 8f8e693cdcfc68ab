# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..family import SALE_STOCK_SOURCE_TYPES, SALE_STOCK_TYPES, SaleStockFamily


class BscKpi(models.Model):
    """KPIs of sales and their deliveries (``bsc_sale_stock_link/family.py``);
    they read the inventory sources' warehouse, partner, product and
    category parameters."""

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=SALE_STOCK_SOURCE_TYPES,
        ondelete=dict.fromkeys(SALE_STOCK_TYPES, "set default"),
    )

    @api.depends("source_type")
    def _compute_is_stock_source(self):
        # the inventory parameters are shown for these sources too
        res = super()._compute_is_stock_source()
        for kpi in self:
            if kpi.source_type in SALE_STOCK_TYPES:
                kpi.is_stock_source = True
        return res

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [SaleStockFamily]
