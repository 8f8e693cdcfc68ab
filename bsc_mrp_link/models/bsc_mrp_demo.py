# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import random
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# (orders a month, mean days from start to end, share of late orders), from
# 12 months ago to the current month: the workshop speeds up, then frames
# arrive late three and two months ago (see bsc_sale_link's demo).
PRODUCTION_STORY = [
    (4, 4.0, 0.30),
    (4, 3.8, 0.25),
    (5, 3.5, 0.25),
    (5, 3.2, 0.20),
    (5, 3.0, 0.15),
    (6, 2.8, 0.10),
    (6, 2.6, 0.10),
    (6, 2.5, 0.05),
    (6, 2.5, 0.05),
    (5, 3.5, 0.30),
    (4, 4.5, 0.40),
    (5, 3.0, 0.15),
    (3, 2.8, 0.10),
]
PROMISED_DAYS = 4
TZ = "Europe/Brussels"


class BscMrpDemo(models.AbstractModel):
    """Dated manufacturing history for the demo scorecard: orders done and
    losses logged on a work centre over the 12 months before the current
    one and the current month up to now, made through the ORM."""

    _name = "bsc.mrp.demo"
    _description = "Manufacturing Demo History"

    @api.model
    def _generate_history(self):
        rng = random.Random(18)  # the same story in every database
        env = self.env(
            context=dict(
                self.env.context, tracking_disable=True, mail_notrack=True,
                mail_create_nolog=True,
            )
        )  # fmt: skip
        now = fields.Datetime.now()
        tz = pytz.timezone(TZ)
        today = pytz.utc.localize(now).astimezone(tz).date()
        product = env["product.product"].create(
            {"name": "Stacking chair, assembled", "type": "consu", "standard_price": 85}
        )
        workcenter = env["mrp.workcenter"].create(
            {"name": "Chair assembly line", "code": "ASSY"}
        )
        losses = [env.ref(f"mrp.block_reason{n}") for n in (0, 1, 2)]
        plans, logs = [], []
        for offset in range(12, -1, -1):
            first = today.replace(day=1) - relativedelta(months=offset)
            start = tz.localize(datetime.combine(first, time(7, 0)))
            stop = tz.localize(
                datetime.combine(first + relativedelta(months=1), time.min)
            )
            start = start.astimezone(pytz.utc).replace(tzinfo=None)
            stop = min(stop.astimezone(pytz.utc).replace(tzinfo=None), now)
            if stop <= start:
                continue
            count, lead, late = PRODUCTION_STORY[12 - offset]
            for __ in range(count):
                done = start + (stop - start) * rng.random()
                began = done - timedelta(days=max(0.2, rng.gauss(lead, 0.8)))
                deadline = began + timedelta(days=PROMISED_DAYS)
                if rng.random() < late:
                    deadline = min(deadline, done - timedelta(days=rng.randint(1, 3)))
                elif deadline < done:
                    deadline = done + timedelta(hours=rng.randint(2, 24))
                plans.append((rng.randint(5, 20), began, done, deadline))
            for __ in range(rng.randint(1, 3)):
                begin = start + (stop - start) * rng.random()
                logs.append((rng.choice(losses), begin, rng.randint(20, 240)))
        productions = env["mrp.production"].create(
            [
                {
                    "product_id": product.id,
                    "product_qty": qty,
                    "product_uom_id": product.uom_id.id,
                }
                for qty, __, __, __ in plans
            ]
        )
        productions.action_confirm()
        for production in productions:
            production.qty_producing = production.product_qty
        productions.button_mark_done()
        for production, (__, began, done, deadline) in zip(
            productions, plans, strict=True
        ):
            production.with_context(force_date=True).write(
                {"date_start": began, "date_finished": done, "date_deadline": deadline}
            )
        # a few chairs of most orders fail inspection and are scrapped the
        # day after the order is done: more while frames arrive late
        scraps = []
        for production, (qty, __, done, __) in zip(productions, plans, strict=True):
            if rng.random() < 0.6:
                scraps.append(
                    (
                        production,
                        rng.randint(1, max(1, qty // 5)),
                        done + timedelta(days=1),
                    )
                )
        for production, qty, done in scraps:
            scrap = env["stock.scrap"].create(
                {
                    "product_id": product.id,
                    "scrap_qty": qty,
                    "production_id": production.id,
                }
            )
            scrap.action_validate()
            scrap.date_done = min(done, now)
        env["mrp.workcenter.productivity"].create(
            [
                {
                    "workcenter_id": workcenter.id,
                    "loss_id": loss.id,
                    "date_start": begin,
                    "date_end": begin + timedelta(minutes=minutes),
                }
                for loss, begin, minutes in logs
            ]
        )
