# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

import pytz

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.bsc_core.tests.common import TEST_NOW

BRUSSELS = "Europe/Brussels"


class BscStockCase(TransactionCase):
    """Transfers of early 2025 whose figures can be checked by hand.

    Company A has two warehouses, WH1 (created with the company) and WH2;
    its scorecard reads dates in Europe/Brussels (UTC+1 in winter). Times
    below are UTC as stored; "local" is Brussels. Lead times count from the
    transfer's creation (``date``).

    ====  =====  ===  =======  =============  ============  =============  ======
    name  wh     to   product  created        deadline      done           note
    ====  =====  ===  =======  =============  ============  =============  ======
    d1    WH1    be1  frame 5  6 Jan 09:00    10 Jan 12:00  9 Jan 10:00    on time
    d2    WH1    fr   frame 4  10 Jan 09:00   (sched 14/1)  20 Jan 09:00   late
    d3    WH1    be1c frame 2  13 Jan 23:01   15 Jan 23:00  15 Jan 23:01   on time
    d4    WH1    be2  lamp 1   18 Jan 23:01   20 Jan 22:59  20 Jan 23:01   late
    d5    WH1    fr   frame 10 20 Jan 09:00   25 Jan 12:00  24 Jan 09:00   6 sent
    d5b   WH1    fr   frame 4  (backorder)    25 Jan 12:00  3 Feb 09:00    late
    d6    WH1    be2  frame 1  22 Jan         -             cancelled
    d7    WH2    be1  frame 1  30 Jan 22:30   1 Feb 10:00   31 Jan 22:30   on time
    d8    WH2    be2  lamp 2   26 Feb 23:30   28 Feb 12:00  28 Feb 23:30   late
    r1    WH1    be1  frame 1  return of d1                 12 Jan 09:00
    i1    WH1    sup  frame 20 2 Jan 09:00    9 Jan 12:00   8 Jan 09:00    on time
    i2    WH1    sup  frame 8  5 Jan 09:00    (sched 12/1)  19 Jan 09:00   late
    b1    B      fr   frame 3  12 Jan 09:00   16 Jan 12:00  15 Jan 09:00   on time
    ====  =====  ===  =======  =============  ============  =============  ======

    d3 is done one minute after midnight of its deadline's local day
    (16 January 00:01, deadline 16 January 00:00): on time by calendar day.
    d4 is done at 21 January 00:01, its deadline being 20 January 23:59:
    late. d7 is done at 31 January 23:30 local, a January delivery; d8 at
    1 March 00:30 local, a March one. be1c is a contact of be1. frame is in
    the category Chairs (under Furniture), lamp in Lights. Scraps: 2 frames
    on 10 January (WH1), 1 lamp on 15 January (WH2), half a dozen frames on
    5 February (WH1), and 3 frames of company B on 10 January.
    """

    freeze_time = TEST_NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True)
        )
        Company = cls.env["res.company"]
        cls.company = Company.create({"name": "Stock Link A"})
        cls.company_b = Company.create({"name": "Stock Link B"})
        Warehouse = cls.env["stock.warehouse"]
        cls.wh1 = Warehouse.search([("company_id", "=", cls.company.id)])
        cls.wh2 = Warehouse.create(
            {"name": "Stock Link A Ghent", "code": "SLAG", "company_id": cls.company.id}
        )
        cls.wh_b = Warehouse.search([("company_id", "=", cls.company_b.id)])
        assert len(cls.wh1) == len(cls.wh_b) == 1, "a warehouse per company"

        Partner = cls.env["res.partner"]
        cls.be1 = Partner.create({"name": "Brasserie Lambiek", "is_company": True})
        cls.be1_contact = Partner.create({"name": "Jan", "parent_id": cls.be1.id})
        cls.be2 = Partner.create({"name": "Atelier Gent", "is_company": True})
        cls.fr = Partner.create({"name": "Maison Dupont", "is_company": True})
        cls.supplier = Partner.create({"name": "Frames Inc", "is_company": True})

        Category = cls.env["product.category"]
        cls.furniture = Category.create({"name": "Test Furniture"})
        cls.chairs = Category.create(
            {"name": "Test Chairs", "parent_id": cls.furniture.id}
        )
        cls.lights = Category.create({"name": "Test Lights"})
        Product = cls.env["product.product"]
        cls.frame = Product.create(
            {"name": "Test Frame", "type": "consu", "categ_id": cls.chairs.id}
        )
        cls.lamp = Product.create(
            {"name": "Test Lamp", "type": "consu", "categ_id": cls.lights.id}
        )
        cls.dozen = cls.env.ref("uom.product_uom_dozen")

        def utc(month, day, hour=9, minute=0):
            return datetime(2025, month, day, hour, minute)

        d = cls.pickings = {}
        go = cls.deliver
        d["d1"] = go(cls.wh1, cls.be1, cls.frame, 5, utc(1, 6), utc(1, 9, 10),
                     deadline=utc(1, 10, 12))  # fmt: skip
        d["d2"] = go(cls.wh1, cls.fr, cls.frame, 4, utc(1, 10), utc(1, 20),
                     scheduled=utc(1, 14))  # fmt: skip
        d["d3"] = go(cls.wh1, cls.be1_contact, cls.frame, 2,
                     utc(1, 13, 23, 1), utc(1, 15, 23, 1),
                     deadline=utc(1, 15, 23, 0))  # fmt: skip
        d["d4"] = go(cls.wh1, cls.be2, cls.lamp, 1, utc(1, 18, 23, 1),
                     utc(1, 20, 23, 1), deadline=utc(1, 20, 22, 59))  # fmt: skip
        d["d5"] = go(cls.wh1, cls.fr, cls.frame, 10, utc(1, 20), utc(1, 24),
                     deadline=utc(1, 25, 12), sent=6)  # fmt: skip
        d["d5b"] = d["d5"].backorder_ids
        assert len(d["d5b"]) == 1, "the partial delivery d5 left a backorder"
        cls.validate(d["d5b"], None, utc(2, 3), deadline=utc(1, 25, 12))
        d["d6"] = go(cls.wh1, cls.be2, cls.frame, 1, utc(1, 22), None)
        d["d7"] = go(cls.wh2, cls.be1, cls.frame, 1, utc(1, 30, 22, 30),
                     utc(1, 31, 22, 30), deadline=utc(2, 1, 10))  # fmt: skip
        d["d8"] = go(cls.wh2, cls.be2, cls.lamp, 2, utc(2, 26, 23, 30),
                     utc(2, 28, 23, 30), deadline=utc(2, 28, 12))  # fmt: skip
        d["i1"] = go(cls.wh1, cls.supplier, cls.frame, 20, utc(1, 2),
                     utc(1, 8), deadline=utc(1, 9, 12), receipt=True)  # fmt: skip
        d["i2"] = go(cls.wh1, cls.supplier, cls.frame, 8, utc(1, 5),
                     utc(1, 19), scheduled=utc(1, 12), receipt=True)  # fmt: skip
        d["b1"] = go(cls.wh_b, cls.fr, cls.frame, 3, utc(1, 12), utc(1, 15),
                     deadline=utc(1, 16, 12))  # fmt: skip
        d["r1"] = cls.return_of(d["d1"], 1, utc(1, 12))

        cls.scraps = [
            cls.scrap(cls.wh1, cls.frame, 2, utc(1, 10)),
            cls.scrap(cls.wh2, cls.lamp, 1, utc(1, 15)),
            cls.scrap(cls.wh1, cls.frame, 0.5, utc(2, 5), uom=cls.dozen),
            cls.scrap(cls.wh_b, cls.frame, 3, utc(1, 10)),
        ]
        cls.env.invalidate_all()

        cls.scorecard = cls.make_scorecard(cls.company)
        cls.objective = cls.env["bsc.objective"].create(
            {
                "name": "Speed up delivery",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.env.ref("bsc_core.perspective_internal").id,
            }
        )
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")

    # ------------------------------------------------------------------
    # Fixtures made through the ORM, then dated
    # ------------------------------------------------------------------

    @classmethod
    def deliver(cls, warehouse, partner, product, qty, created, done, deadline=None,
                scheduled=None, sent=None, receipt=False):  # fmt: skip
        """A delivery (or receipt) of ``qty`` ``product``, ``sent`` of them
        validated at ``done`` (a backorder keeps the rest), or cancelled
        when ``done`` is ``None``. ``product`` may also be a list of
        ``(product, qty)``, one move each (``qty`` then unused)."""
        lines = product if isinstance(product, list) else [(product, qty)]
        stock = warehouse.lot_stock_id
        if receipt:
            picking_type = warehouse.in_type_id
            source, destination = cls.env.ref("stock.stock_location_suppliers"), stock
        else:
            picking_type = warehouse.out_type_id
            source, destination = stock, cls.env.ref("stock.stock_location_customers")
        picking = (
            cls.env["stock.picking"]
            .with_company(warehouse.company_id)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": partner.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": line_product.name,
                                "product_id": line_product.id,
                                "product_uom_qty": line_qty,
                                "product_uom": line_product.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                            }
                        )
                        for line_product, line_qty in lines
                    ],
                }
            )
        )
        picking.action_confirm()
        if done is None:
            picking.action_cancel()
            cls.set_dates(picking, date=created, scheduled_date=created,
                          date_done=created)  # fmt: skip
            return picking
        cls.validate(picking, created, done, deadline, scheduled, sent or qty)
        return picking

    @classmethod
    def validate(cls, picking, created, done, deadline=None, scheduled=None,
                 qty=None):  # fmt: skip
        for move in picking.move_ids:
            move.quantity = qty or move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        dates = {"date_done": done, "date_deadline": deadline,
                 "scheduled_date": scheduled or deadline}  # fmt: skip
        if created:
            dates["date"] = created
        cls.set_dates(picking, **dates)

    @classmethod
    def return_of(cls, delivery, qty, done):
        wizard = (
            cls.env["stock.return.picking"]
            .with_context(active_id=delivery.id, active_ids=delivery.ids,
                          active_model="stock.picking")
            .create({})
        )  # fmt: skip
        wizard.product_return_moves.quantity = qty
        action = wizard.action_create_returns()
        returned = cls.env["stock.picking"].browse(action["res_id"])
        cls.validate(returned, done, done, deadline=done)
        return returned

    @classmethod
    def scrap(cls, warehouse, product, qty, done, uom=None):
        scrap = (
            cls.env["stock.scrap"]
            .with_company(warehouse.company_id)
            .create(
                {
                    "product_id": product.id,
                    "product_uom_id": (uom or product.uom_id).id,
                    "scrap_qty": qty,
                    "location_id": warehouse.lot_stock_id.id,
                    "company_id": warehouse.company_id.id,
                }
            )
        )
        scrap.do_scrap()
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE stock_scrap SET date_done = %s WHERE id = %s", (done, scrap.id)
        )
        return scrap

    @classmethod
    def set_dates(cls, picking, **dates):
        """Date a transfer as the table says: Odoo dates it now (or refuses
        to change a done transfer's scheduled date), so the dates are
        written in SQL."""
        cls.env.flush_all()
        for column, value in dates.items():
            cls.env.cr.execute(
                f"UPDATE stock_picking SET {column} = %s WHERE id = %s",  # noqa: S608
                (value, picking.id),
            )
        cls.env.invalidate_all()

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
        """``{code: [value per month]}`` of ``kpis`` for the first months,
        straight from the source, rounded to two decimals."""
        periods = self.months[:count]
        result = kpis._bsc_source_values(periods)
        return {
            kpi.code: [_round(result[(kpi.id, p.id)][0]) for p in periods]
            for kpi in kpis
        }

    def picking_set(self, *names):
        return self.env["stock.picking"].union(*(self.pickings[n] for n in names))

    # ------------------------------------------------------------------
    # The oracle: the same figures computed by the ORM, in Python
    # ------------------------------------------------------------------

    def oracle(self, period, code="outgoing", tz_name=BRUSSELS, company=None,
               keep=None):  # fmt: skip
        """``{count, on_time, backorders, lead_days}`` of the done transfers
        of ``code`` validated in ``period``, read record by record."""
        tz = pytz.timezone(tz_name)

        def local_day(value):
            return pytz.utc.localize(value).astimezone(tz).date()

        pickings = (
            self.env["stock.picking"]
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", (company or self.company).id),
                    ("state", "=", "done"),
                    ("picking_type_code", "=", code),
                    ("return_id", "=", False),
                ]
            )
            .filtered(
                lambda p: period.date_start <= local_day(p.date_done) <= period.date_end
            )
        )
        if keep:
            pickings = pickings.filtered(keep)
        return {
            "records": pickings,
            "count": len(pickings),
            "on_time": len(
                pickings.filtered(
                    lambda p: (
                        local_day(p.date_done)
                        <= local_day(p.date_deadline or p.scheduled_date)
                    )
                )
            ),
            "backorders": len(pickings.filtered("backorder_ids")),
            "lead_days": sum(
                (p.date_done - (p.backorder_id.date or p.date)).total_seconds() / 86400
                for p in pickings
            ),
        }


def _round(value):
    return None if value is None else round(value, 2)
