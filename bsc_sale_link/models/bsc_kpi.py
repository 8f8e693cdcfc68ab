# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..family import SALE_SOURCE_TYPES, SALE_TYPES, SaleFamily


class BscKpi(models.Model):
    """KPIs computed from sale orders: the source types and parameters of
    the sales family (``bsc_sale_link/family.py``), which computes them."""

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=SALE_SOURCE_TYPES,
        ondelete=dict.fromkeys(SALE_TYPES, "set default"),
    )
    is_sale_source = fields.Boolean(compute="_compute_is_sale_source")

    # Parameters of the sales sources, all optional and combinable
    sale_company_id = fields.Many2one(
        "res.company",
        string="Sales Company",
        domain="[('id', 'child_of', company_id)]",
        help="Whose orders count: the scorecard's company (when empty) or one "
        "of its branches.",
    )
    sale_team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        domain="[('company_id', 'in', [False, sale_company_id or company_id])]",
        help="Only orders of this sales team.",
    )
    sale_user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        domain="[('share', '=', False), "
        "('company_ids', 'in', [sale_company_id or company_id])]",
        help="Only orders of this salesperson.",
    )
    sale_product_categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        help="Only orders with a line of a product of this category or of its "
        "subcategories. Revenue and quantity then count those lines only.",
    )
    sale_product_id = fields.Many2one(
        "product.product",
        string="Product",
        domain="[('company_id', 'in', [False, sale_company_id or company_id])]",
        help="Only orders with a line of this product. Revenue and quantity "
        "then count those lines only.",
    )
    sale_country_id = fields.Many2one(
        "res.country",
        string="Customer Country",
        help="Only orders whose customer (the order's partner) is in this country.",
    )

    @api.depends("source_type")
    def _compute_is_sale_source(self):
        for kpi in self:
            kpi.is_sale_source = kpi.source_type in SALE_TYPES

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [SaleFamily]

    @api.model
    def _bsc_source_display_defaults(self):
        # amounts in the scorecard's currency, without cents
        money = {"value_format": "monetary", "decimal_places": 0}
        return {
            **super()._bsc_source_display_defaults(),
            "sale_revenue": money,
            "sale_aov": money,
        }
