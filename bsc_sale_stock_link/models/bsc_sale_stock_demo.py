# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import random
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# The days promised on the demo history's orders, and how long their
# deliveries take, by months ago (see bsc_sale_link's demo story): frames
# arrive late from 3 months ago, delivery dates are kept again last month.
PROMISED_DAYS = 7
SLOW_MONTHS = {3: 6, 2: 9}  # months ago: extra days on average


class BscSaleStockDemo(models.AbstractModel):
    """Deliveries of the demo sales history (bsc_sale_link), so that OTIF
    and the lead time from confirmation compute from data: each confirmed
    order is promised a week after its confirmation and delivered through
    the ORM, some in two parts."""

    _name = "bsc.sale.stock.demo"
    _description = "Sales Delivery Demo History"

    @api.model
    def _generate_deliveries(self):
        rng = random.Random(17)  # the same story in every database
        env = self.env(
            context=dict(
                self.env.context, tracking_disable=True, mail_notrack=True,
                mail_create_nolog=True,
            )
        )  # fmt: skip
        now = fields.Datetime.now()
        history = env["ir.model.data"].search(
            [("module", "=", "bsc_sale_link"), ("model", "=", "sale.order"),
             ("name", "=like", "demo_sale_history_%")]
        )  # fmt: skip
        orders = (
            env["sale.order"]
            .browse(history.mapped("res_id"))
            .exists()
            .filtered(lambda o: o.state == "sale")
            .sorted("date_order")
        )
        for order in orders:
            confirmed = order.date_order
            months_ago = (now.year - confirmed.year) * 12 + now.month - confirmed.month
            try:
                with env.cr.savepoint():
                    self._deliver(order, confirmed, months_ago, rng, now)
            except Exception as error:  # noqa: BLE001 - demo data only
                _logger.warning("demo delivery of %s skipped: %s", order.name, error)

    def _deliver(self, order, confirmed, months_ago, rng, now):
        env = order.env
        order.commitment_date = confirmed + timedelta(days=PROMISED_DAYS)
        order.date_order = confirmed
        if not order.picking_ids:
            # sale_stock came after the orders were confirmed
            order.order_line._action_launch_stock_rule()
        lead = max(1.0, rng.gauss(5.0 + SLOW_MONTHS.get(months_ago, 0), 1.5))
        split = rng.random() < (0.3 if months_ago in SLOW_MONTHS else 0.1)
        for part in (1, 2) if split else (1,):
            picking = order.picking_ids.filtered(
                lambda p: (
                    p.state not in ("done", "cancel")
                    and p.picking_type_code == "outgoing"
                )
            )
            done = confirmed + timedelta(days=lead + (part - 1) * rng.randint(4, 8))
            if not picking or done >= now:
                return
            for move in picking.move_ids:
                move.quantity = (
                    max(1, round(move.product_uom_qty / 2))
                    if part == 1 and split
                    else move.product_uom_qty
                )
            picking.move_ids.picked = True
            picking._action_done()
            env.flush_all()
            # created at the confirmation (the lead time counts from it)
            env.cr.execute(
                "UPDATE stock_picking SET date_done = %s, date = %s WHERE id = %s",
                (done, confirmed, picking.id),
            )
            env.cr.execute(
                "UPDATE stock_move SET date = %s WHERE picking_id = %s",
                (done, picking.id),
            )
            env.invalidate_all()
