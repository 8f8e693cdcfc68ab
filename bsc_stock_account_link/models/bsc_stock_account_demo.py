# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import random
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

TZ = "Europe/Brussels"


class BscStockAccountDemo(models.AbstractModel):
    """Dated valuation history for the demo scorecard: a stocked oak table
    top at average cost, received, delivered and now and then scrapped
    over the 12 months before the current one and the current month up to
    now, its valuation layers dated like its moves."""

    _name = "bsc.stock.account.demo"
    _description = "Inventory Valuation Demo History"

    @api.model
    def _generate_history(self):
        rng = random.Random(173)
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        category = env["product.category"].create(
            {
                "name": "Stocked furniture (average cost)",
                "property_cost_method": "average",
                "property_valuation": "manual_periodic",
            }
        )
        product, moves = env["bsc.stock.demo"]._generate_stock_levels(
            name="Oak table top, stocked",
            cost=95.0,
            seed=172,
            category=category,
            order_up_to=40,  # never out of stock: no negative valuation
        )
        now = fields.Datetime.now()
        tz = pytz.timezone(TZ)
        today = pytz.utc.localize(now).astimezone(tz).date()
        stock = env.ref("stock.stock_location_stock")
        scraps = env["stock.scrap"]
        for offset in range(12, -1, -1):
            if rng.random() < 0.4:
                continue
            first = today.replace(day=1) - relativedelta(months=offset)
            start = tz.localize(datetime.combine(first, time(10, 0)))
            when = start.astimezone(pytz.utc).replace(tzinfo=None) + timedelta(
                days=rng.randint(0, 26)
            )
            if when >= now:
                continue
            scrap = env["stock.scrap"].create(
                {
                    "product_id": product.id,
                    "scrap_qty": rng.randint(1, 2),
                    "location_id": stock.id,
                }
            )
            scrap.do_scrap()
            env.flush_all()
            env.cr.execute(
                "UPDATE stock_scrap SET date_done = %s WHERE id = %s", (when, scrap.id)
            )
            env.cr.execute(
                "UPDATE stock_move SET date = %s WHERE scrap_id = %s", (when, scrap.id)
            )
            scraps |= scrap
        env.flush_all()
        # the layers were made now: date them like their moves
        env.cr.execute(
            """
            UPDATE stock_valuation_layer AS layer
               SET create_date = move.date
              FROM stock_move AS move
             WHERE move.id = layer.stock_move_id AND layer.product_id = %s
            """,
            (product.id,),
        )
        env.invalidate_all()
