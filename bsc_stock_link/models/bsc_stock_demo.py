# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import random
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# The story the demo KPIs tell, month by month from 12 months ago to the
# current one: (deliveries, mean lead time in days, share of late
# deliveries, share split into a backorder). Frames arrive late from 3
# months ago (see bsc_sale_link's demo): lead times grow, deliveries slip;
# last month delivery dates are kept again.
DELIVERY_STORY = [
    (7, 11.0, 0.30, 0.25),
    (8, 10.5, 0.25, 0.20),
    (8, 10.0, 0.20, 0.20),
    (9, 9.5, 0.15, 0.15),
    (9, 9.0, 0.12, 0.15),
    (10, 8.5, 0.10, 0.10),
    (10, 8.0, 0.08, 0.10),
    (11, 7.5, 0.05, 0.05),
    (11, 7.5, 0.05, 0.05),
    (9, 10.0, 0.20, 0.20),
    (8, 12.0, 0.35, 0.30),
    (10, 8.0, 0.10, 0.10),
    (6, 7.5, 0.05, 0.05),
]
# Receipts per month and their mean lead time in days (suppliers promise 14)
RECEIPT_STORY = [(4, 15.0)] * 9 + [(3, 18.0), (3, 20.0), (4, 15.0), (2, 14.0)]
# Consumables, so that the history needs no stock on hand: (name, cost)
COMPONENTS = [
    ("Chair frame", 38.0),
    ("Table top, oak", 95.0),
    ("Acoustic desk screen", 54.0),
]
PROMISED_DELIVERY_DAYS = 10
PROMISED_RECEIPT_DAYS = 14
TZ = "Europe/Brussels"
# The stocked lamp's receipts top its stock up to this quantity
ORDER_UP_TO = 25


class BscStockDemo(models.AbstractModel):
    """Dated inventory history for the demo scorecard: deliveries, receipts,
    backorders and scraps over the 12 months before the current one and the
    current month up to now, made through the ORM like a warehouse would."""

    _name = "bsc.stock.demo"
    _description = "Inventory Demo History"

    @api.model
    def _generate_history(self):
        rng = random.Random(17)  # the same story in every database
        env = self.env(
            context=dict(
                self.env.context, tracking_disable=True, mail_notrack=True,
                mail_create_nolog=True,
            )
        )  # fmt: skip
        now = fields.Datetime.now()
        tz = pytz.timezone(TZ)
        today = pytz.utc.localize(now).astimezone(tz).date()
        category = env["product.category"].create(
            {"name": "Contract furniture components"}
        )
        products = env["product.product"].create(
            [
                {"name": name, "type": "consu", "categ_id": category.id,
                 "standard_price": cost}
                for name, cost in COMPONENTS
            ]
        )  # fmt: skip
        customers = [env.ref(f"base.res_partner_{n}") for n in (1, 2, 3, 4, 10, 12)]
        suppliers = [env.ref(f"base.res_partner_{n}") for n in (2, 4)]
        out_type = env.ref("stock.picking_type_out")
        in_type = env.ref("stock.picking_type_in")
        stock = env.ref("stock.stock_location_stock")
        locations = {
            out_type: (stock, env.ref("stock.stock_location_customers")),
            in_type: (env.ref("stock.stock_location_suppliers"), stock),
        }

        def month_span(offset):
            """UTC instants of the month ``offset`` months ago, up to now."""
            first = today.replace(day=1) - relativedelta(months=offset)
            start = tz.localize(datetime.combine(first, time(7, 0)))
            stop = tz.localize(
                datetime.combine(first + relativedelta(months=1), time.min)
            )
            start = start.astimezone(pytz.utc).replace(tzinfo=None)
            stop = min(stop.astimezone(pytz.utc).replace(tzinfo=None), now)
            return start, stop

        plans = []  # (picking vals, done date, share delivered)

        def plan(picking_type, partner, start, stop, lead, promised, late, split):
            done = start + (stop - start) * rng.random()
            if done <= start:
                return
            created = done - timedelta(days=max(0.5, rng.gauss(lead, 1.5)))
            deadline = created + timedelta(days=promised)
            # a late one slips past its deadline by one to five days
            if rng.random() < late:
                deadline = min(deadline, done - timedelta(days=rng.randint(1, 5)))
            elif deadline < done:
                deadline = done + timedelta(hours=rng.randint(2, 48))
            product = products[rng.randrange(len(products))]
            source, destination = locations[picking_type]
            plans.append(
                (
                    {
                        "picking_type_id": picking_type.id,
                        "partner_id": partner.id,
                        "date": created,
                        "scheduled_date": deadline,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "move_ids": [
                            Command.create(
                                {
                                    "name": product.name,
                                    "product_id": product.id,
                                    "product_uom_qty": rng.randint(2, 12),
                                    "product_uom": product.uom_id.id,
                                    "location_id": source.id,
                                    "location_dest_id": destination.id,
                                    "date_deadline": deadline,
                                }
                            )
                        ],
                    },
                    done,
                    0.5 if rng.random() < split else 1.0,
                )
            )

        for offset in range(12, -1, -1):
            start, stop = month_span(offset)
            if stop <= start:
                continue
            count, lead, late, split = DELIVERY_STORY[12 - offset]
            for __ in range(count):
                plan(out_type, rng.choice(customers), start, stop, lead,
                     PROMISED_DELIVERY_DAYS, late, split)  # fmt: skip
            count, lead = RECEIPT_STORY[12 - offset]
            for __ in range(count):
                plan(in_type, rng.choice(suppliers), start, stop, lead,
                     PROMISED_RECEIPT_DAYS, 0.15, 0.0)  # fmt: skip
        if not plans:
            return
        pickings = env["stock.picking"].create([vals for vals, __, __ in plans])
        pickings.action_confirm()
        for picking, (__, __, share) in zip(pickings, plans, strict=True):
            for move in picking.move_ids:
                move.quantity = max(1, round(move.product_uom_qty * share))
        pickings.move_ids.picked = True
        pickings.with_context(cancel_backorder=False)._action_done()
        for picking, (__, done, __) in zip(pickings, plans, strict=True):
            picking.date_done = done
        # backorders go out four to eight days later, unless that is to come
        for backorder in pickings.backorder_ids:
            done = backorder.backorder_id.date_done + timedelta(days=rng.randint(4, 8))
            if done < now:
                backorder.action_confirm()
                backorder.move_ids.quantity = backorder.move_ids.product_uom_qty
                backorder.move_ids.picked = True
                backorder._action_done()
                backorder.date_done = done
        self._generate_scraps(env, rng, products, month_span)

    @api.model
    def _generate_scraps(self, env, rng, products, month_span):
        """One or two scraps a month: frames damaged in the workshop."""
        stock = env.ref("stock.stock_location_stock")
        for offset in range(12, -1, -1):
            start, stop = month_span(offset)
            if stop <= start:
                continue
            for __ in range(rng.randint(1, 2)):
                product = products[rng.randrange(len(products))]
                scrap = env["stock.scrap"].create(
                    {
                        "product_id": product.id,
                        "scrap_qty": rng.randint(1, 3),
                        "location_id": stock.id,
                    }
                )
                scrap.do_scrap()
                scrap.date_done = start + (stop - start) * rng.random()

    # ------------------------------------------------------------------
    # Stock levels: a storable product that runs out now and then
    # ------------------------------------------------------------------

    @api.model
    def _generate_stock_levels(
        self,
        name="Desk lamp, stocked",
        cost=42.0,
        seed=171,
        category=None,
        order_up_to=ORDER_UP_TO,
    ):
        """A storable product received once a month (topped up to
        ``order_up_to``) and delivered every few days over the 12 months
        before the current one and the current month up to now: it runs out
        of stock in the months whose receipt comes late or not at all (the
        stock-outs KPI). Returns the product and its dated moves in order."""
        rng = random.Random(seed)
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        now = fields.Datetime.now()
        tz = pytz.timezone(TZ)
        today = pytz.utc.localize(now).astimezone(tz).date()
        vals = {"name": name, "type": "consu", "is_storable": True,
                "standard_price": cost}  # fmt: skip
        if category:
            vals["categ_id"] = category.id
        product = env["product.product"].create(vals)
        stock = env.ref("stock.stock_location_stock")
        supplier = env.ref("stock.stock_location_suppliers")
        customer = env.ref("stock.stock_location_customers")
        opening = today.replace(day=1) - relativedelta(months=12, days=1)
        opening = tz.localize(datetime.combine(opening, time(8, 0)))
        # the opening stock, the day before the history starts
        events = [(opening.astimezone(pytz.utc).replace(tzinfo=None), None,
                   supplier, stock)]  # fmt: skip
        for offset in range(12, -1, -1):
            first = today.replace(day=1) - relativedelta(months=offset)
            start = tz.localize(datetime.combine(first, time(8, 0)))
            start = start.astimezone(pytz.utc).replace(tzinfo=None)
            # the month's receipt comes early, or late, or not at all
            if rng.random() < 0.85:
                day = rng.choice((1, 3, 12, 20))
                events.append((start + timedelta(days=day), None, supplier, stock))
            for day in range(2, 28, rng.randint(3, 5)):
                events.append(
                    (start + timedelta(days=day, hours=rng.randint(0, 8)),
                     rng.randint(1, 4), stock, customer)
                )  # fmt: skip
        moves = []
        on_hand = 0
        for when, qty, source, destination in sorted(events, key=lambda e: e[0]):
            if when >= now:
                continue
            if qty is None:
                # the receipt tops the stock up
                qty = max(1, order_up_to - on_hand)
                on_hand += qty
            else:
                on_hand -= qty
            moves.append(
                self._dated_move(env, product, qty, source, destination, when,
                                 price_unit=cost * rng.uniform(0.9, 1.1))
            )  # fmt: skip
        return product, moves

    @api.model
    def _dated_move(self, env, product, qty, source, destination, when,
                    price_unit=None):  # fmt: skip
        """A move of ``qty`` ``product`` done through the ORM, then dated
        ``when`` (Odoo dates it now)."""
        vals = {
            "name": product.name,
            "product_id": product.id,
            "product_uom_qty": qty,
            "product_uom": product.uom_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
        }
        if price_unit is not None:
            vals["price_unit"] = price_unit
        move = env["stock.move"].create(vals)
        move._action_confirm()
        move.quantity = qty
        move.picked = True
        move._action_done()
        env.flush_all()
        env.cr.execute("UPDATE stock_move SET date = %s WHERE id = %s", (when, move.id))
        env.cr.execute(
            "UPDATE stock_move_line SET date = %s WHERE move_id = %s", (when, move.id)
        )
        env.invalidate_all()
        return move
