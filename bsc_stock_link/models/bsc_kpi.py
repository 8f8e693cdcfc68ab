# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..family import STOCK_SOURCE_TYPES, STOCK_TYPES, StockFamily


class BscKpi(models.Model):
    """KPIs computed from done transfers and scraps: the source types and
    parameters of the inventory family (``bsc_stock_link/family.py``),
    which computes them."""

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=STOCK_SOURCE_TYPES,
        ondelete=dict.fromkeys(STOCK_TYPES, "set default"),
    )
    is_stock_source = fields.Boolean(compute="_compute_is_stock_source")

    # Parameters of the inventory sources, all optional and combinable
    stock_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Warehouse",
        domain="[('company_id', '=', company_id)]",
        help="Only transfers of an operation type of this warehouse, or scraps "
        "from one of its locations.",
    )
    stock_picking_type_id = fields.Many2one(
        "stock.picking.type",
        string="Operation Type",
        domain="[('company_id', '=', company_id), "
        "('code', 'in', ('incoming', 'outgoing'))]",
        help="Only transfers of this operation type: a delivery type for the "
        "delivery sources, a receipt type for the receipt sources.",
    )
    stock_partner_id = fields.Many2one(
        "res.partner",
        string="Transfer Partner",
        domain="[('company_id', 'in', [False, company_id])]",
        help="Only transfers to or from this partner or one of its contacts.",
    )
    stock_product_id = fields.Many2one(
        "product.product",
        string="Transfer Product",
        domain="[('company_id', 'in', [False, company_id])]",
        help="Only transfers with a move of this product; scraps of this product.",
    )
    stock_product_categ_id = fields.Many2one(
        "product.category",
        string="Transfer Product Category",
        help="Only transfers with a move of a product of this category or of "
        "its subcategories; scraps of such products.",
    )

    @api.depends("source_type")
    def _compute_is_stock_source(self):
        for kpi in self:
            kpi.is_stock_source = kpi.source_type in STOCK_TYPES

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [StockFamily]
