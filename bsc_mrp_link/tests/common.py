# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime, timedelta

import pytz

from odoo.tests import TransactionCase

from odoo.addons.bsc_core.tests.common import TEST_NOW

BRUSSELS = "Europe/Brussels"


def utc(month, day, hour=9, minute=0):
    return datetime(2025, month, day, hour, minute)


class BscMrpCase(TransactionCase):
    """Manufacturing orders and time logs of early 2025, checkable by hand.

    Company A has two warehouses, WH1 (created with the company) and WH2;
    its scorecard reads dates in Europe/Brussels (UTC+1 in winter). Times
    are UTC as stored; "local" is Brussels.

    ===  ===  ========  ============  ============  ============  ========
    MO   wh   product   start         end (done)    deadline      note
    ===  ===  ========  ============  ============  ============  ========
    m1   WH1  chair 10  6 Jan 09:00   8 Jan 09:00   9 Jan 12:00   on time
    m2   WH1  chair 5   10 Jan 23:01  15 Jan 23:01  15 Jan 23:00  on time
    m3   WH1  table 2   18 Jan 23:01  20 Jan 23:01  20 Jan 22:59  late
    m4   WH2  chair 4   28 Jan 22:30  31 Jan 22:30  -             January
    m5   WH2  table 3   25 Feb 23:30  28 Feb 23:30  27 Feb 12:00  March
    m6   WH1  chair 1   cancelled
    mb   B    chair 7   13 Jan 09:00  15 Jan 09:00  20 Jan 12:00  company B
    ===  ===  ========  ============  ============  ============  ========

    m2 ends at 00:01 local on its deadline's day (16 January; deadline at
    00:00): on time by calendar day; m3 at 00:01 the day after a deadline
    at 23:59: late. m4 ends at 23:30 local on 31 January, m5 at 00:30 local
    on 1 March. chair is in Chairs (under Furniture), table in Tables.

    Time logs of work centre W1 (A): 90 minutes of equipment failure on
    10 January, 30 minutes of setup at 00:30 local on 1 February, 60
    productive minutes on 12 January; 45 minutes of failure on WB (B).
    """

    freeze_time = TEST_NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True)
        )
        Company = cls.env["res.company"]
        cls.company = Company.create({"name": "Mrp Link A"})
        cls.company_b = Company.create({"name": "Mrp Link B"})
        Warehouse = cls.env["stock.warehouse"]
        cls.wh1 = Warehouse.search([("company_id", "=", cls.company.id)])
        cls.wh2 = Warehouse.create(
            {"name": "Mrp Link A Ghent", "code": "MLAG", "company_id": cls.company.id}
        )
        cls.wh_b = Warehouse.search([("company_id", "=", cls.company_b.id)])
        Category = cls.env["product.category"]
        cls.furniture = Category.create({"name": "Test Furniture"})
        cls.chairs = Category.create(
            {"name": "Test Chairs", "parent_id": cls.furniture.id}
        )
        cls.tables = Category.create({"name": "Test Tables"})
        Product = cls.env["product.product"]
        cls.chair = Product.create(
            {"name": "Test Chair", "type": "consu", "categ_id": cls.chairs.id}
        )
        cls.table = Product.create(
            {"name": "Test Table", "type": "consu", "categ_id": cls.tables.id}
        )
        make = cls.produce
        cls.mos = {
            "m1": make(cls.wh1, cls.chair, 10, utc(1, 6), utc(1, 8), utc(1, 9, 12)),
            "m2": make(cls.wh1, cls.chair, 5, utc(1, 10, 23, 1), utc(1, 15, 23, 1),
                       utc(1, 15, 23, 0)),
            "m3": make(cls.wh1, cls.table, 2, utc(1, 18, 23, 1), utc(1, 20, 23, 1),
                       utc(1, 20, 22, 59)),
            "m4": make(cls.wh2, cls.chair, 4, utc(1, 28, 22, 30), utc(1, 31, 22, 30),
                       None),
            "m5": make(cls.wh2, cls.table, 3, utc(2, 25, 23, 30), utc(2, 28, 23, 30),
                       utc(2, 27, 12)),
            "m6": make(cls.wh1, cls.chair, 1, utc(1, 12), None, None),
            "mb": make(cls.wh_b, cls.chair, 7, utc(1, 13), utc(1, 15), utc(1, 20, 12)),
        }  # fmt: skip
        Workcenter = cls.env["mrp.workcenter"]
        cls.w1 = Workcenter.create({"name": "W1", "company_id": cls.company.id})
        cls.wb = Workcenter.create({"name": "WB", "company_id": cls.company_b.id})
        cls.failure = cls.env.ref("mrp.block_reason1")
        cls.setup_loss = cls.env.ref("mrp.block_reason2")
        productive = cls.env.ref("mrp.block_reason7")
        cls.logs = [
            cls.log(cls.w1, cls.failure, utc(1, 10, 8), 90),
            cls.log(cls.w1, cls.setup_loss, utc(1, 31, 23, 30), 30),
            cls.log(cls.w1, productive, utc(1, 12), 60),
            cls.log(cls.wb, cls.failure, utc(1, 10), 45),
        ]
        cls.scorecard = cls.make_scorecard(cls.company)
        cls.objective = cls.env["bsc.objective"].create(
            {
                "name": "Make faster",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.env.ref("bsc_core.perspective_internal").id,
            }
        )
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")

    @classmethod
    def produce(cls, warehouse, product, qty, start, end, deadline, uom=None):
        """A manufacturing order made and marked done through the ORM, then
        dated as the table says (cancelled when ``end`` is ``None``)."""
        production = (
            cls.env["mrp.production"]
            .with_company(warehouse.company_id)
            .create(
                {
                    "product_id": product.id,
                    "product_qty": qty,
                    "product_uom_id": (uom or product.uom_id).id,
                    "picking_type_id": warehouse.manu_type_id.id,
                }
            )
        )
        production.action_confirm()
        if end is None:
            production.action_cancel()
            return production
        production.qty_producing = qty
        production.button_mark_done()
        production.with_context(force_date=True).write(
            {"date_start": start, "date_finished": end, "date_deadline": deadline}
        )
        return production

    @classmethod
    def log(cls, workcenter, loss, start, minutes):
        record = (
            cls.env["mrp.workcenter.productivity"]
            .with_company(workcenter.company_id)
            .create(
                {
                    "workcenter_id": workcenter.id,
                    "company_id": workcenter.company_id.id,
                    "loss_id": loss.id,
                    "date_start": start,
                    "date_end": start + timedelta(minutes=minutes),
                }
            )
        )
        # Odoo converts the span with the work centre's calendar: the table
        # gives the minutes logged.
        record.duration = minutes
        return record

    @classmethod
    def make_scorecard(cls, company):
        return cls.env["bsc.scorecard"].create(
            {
                "name": f"{company.name} 2025",
                "company_id": company.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "tz": BRUSSELS,
            }
        )

    @classmethod
    def make_kpi(cls, code, source_type, objective=None, **vals):
        vals.setdefault("target_value", 10)
        vals.setdefault("red_flag_value", 5)
        return cls.env["bsc.kpi"].create(
            dict(
                name=vals.pop("name", code.title()),
                code=code,
                objective_id=(objective or cls.objective).id,
                source_type=source_type,
                **vals,
            )
        )

    def period(self, name, scorecard=None):
        scorecard = scorecard or self.scorecard
        return scorecard.period_ids.filtered(lambda p: p.name == name)

    def values(self, kpis, count=4):
        periods = self.months[:count]
        result = kpis._bsc_source_values(periods)
        return {
            kpi.code: [_round(result[(kpi.id, p.id)][0]) for p in periods]
            for kpi in kpis
        }

    def mo_set(self, *names):
        return self.env["mrp.production"].union(*(self.mos[n] for n in names))

    def oracle(self, period, tz_name=BRUSSELS):
        """Done orders of company A ended in ``period``, read one by one."""
        tz = pytz.timezone(tz_name)

        def local_day(value):
            return pytz.utc.localize(value).astimezone(tz).date()

        orders = (
            self.env["mrp.production"]
            .search([("company_id", "=", self.company.id), ("state", "=", "done")])
            .filtered(
                lambda p: (
                    period.date_start <= local_day(p.date_finished) <= period.date_end
                )
            )
        )
        dated = orders.filtered("date_deadline")
        return {
            "records": orders,
            "count": len(orders),
            "with_deadline": len(dated),
            "on_time": len(
                dated.filtered(
                    lambda p: local_day(p.date_finished) <= local_day(p.date_deadline)
                )
            ),
            "lead_days": sum(
                (p.date_finished - p.date_start).total_seconds() / 86400 for p in orders
            ),
            "chairs": sum(
                orders.filtered(lambda p: p.product_id == self.chair).mapped(
                    "product_qty"
                )
            ),
        }


def _round(value):
    return None if value is None else round(value, 2)
