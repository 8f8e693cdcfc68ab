# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..family import MRP_SOURCE_TYPES, MRP_TYPES, MrpFamily


class BscKpi(models.Model):
    """KPIs computed from manufacturing: the source types and parameters of
    the manufacturing family (``bsc_mrp_link/family.py``), which computes
    them."""

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=MRP_SOURCE_TYPES,
        ondelete=dict.fromkeys(MRP_TYPES, "set default"),
    )
    is_mrp_source = fields.Boolean(compute="_compute_is_mrp_source")

    # Parameters of the manufacturing sources, all optional and combinable
    mrp_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Manufacturing Warehouse",
        domain="[('company_id', '=', company_id)]",
        help="Only manufacturing orders of an operation type of this warehouse.",
    )
    mrp_product_id = fields.Many2one(
        "product.product",
        string="Manufactured Product",
        domain="[('company_id', 'in', [False, company_id])]",
        help="Only manufacturing orders of this product.",
    )
    mrp_product_categ_id = fields.Many2one(
        "product.category",
        string="Manufactured Product Category",
        help="Only manufacturing orders of a product of this category or of its "
        "subcategories.",
    )
    mrp_workcenter_id = fields.Many2one(
        "mrp.workcenter",
        string="Work Center",
        domain="[('company_id', 'in', [False, company_id])]",
        help="Only the time logs of this work centre.",
    )
    mrp_loss_id = fields.Many2one(
        "mrp.workcenter.productivity.loss",
        string="Loss Reason",
        domain="[('loss_type', '!=', 'productive')]",
        help="Only the time logs of this loss reason.",
    )

    @api.depends("source_type")
    def _compute_is_mrp_source(self):
        for kpi in self:
            kpi.is_mrp_source = kpi.source_type in MRP_TYPES

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [MrpFamily]
