# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools.sql import column_exists, create_column


class StockValuationLayer(models.Model):
    _inherit = "stock.valuation.layer"

    bsc_value_out = fields.Monetary(
        string="Value Out",
        compute="_compute_bsc_value_out",
        store=True,
        help="The value that left the inventory (the opposite of the layer's "
        "value): what the drill-downs of the scrapped value and of the cost "
        "of goods delivered add up.",
    )

    def _auto_init(self):
        # filled in SQL at install: the ORM would compute it layer by layer
        if not column_exists(self.env.cr, self._table, "bsc_value_out"):
            create_column(self.env.cr, self._table, "bsc_value_out", "numeric")
            self.env.cr.execute(
                "UPDATE stock_valuation_layer SET bsc_value_out = -value"
            )
        return super()._auto_init()

    @api.depends("value")
    def _compute_bsc_value_out(self):
        for layer in self:
            layer.bsc_value_out = -layer.value
