# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    bsc_date_deadline = fields.Datetime(
        string="Delivery Deadline",
        compute="_compute_bsc_date_deadline",
        store=True,
        help="When the line's goods are promised to the customer: the order's "
        "commitment date, or else its confirmation date plus the line's "
        "delivery lead time. The deadline sale_stock gives the line's "
        "deliveries; the OTIF KPIs place a line in the period of this day.",
    )

    @api.depends("order_id.commitment_date", "order_id.date_order", "customer_lead")
    def _compute_bsc_date_deadline(self):
        for line in self:
            order = line.order_id
            if order.commitment_date:
                line.bsc_date_deadline = order.commitment_date
            elif order.date_order:
                line.bsc_date_deadline = order.date_order + timedelta(
                    days=line.customer_lead or 0.0
                )
            else:
                line.bsc_date_deadline = False
