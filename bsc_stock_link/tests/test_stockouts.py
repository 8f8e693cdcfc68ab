# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

import pytz

from odoo.tests import TransactionCase, tagged

from odoo.addons.bsc_core.tests.common import TEST_NOW

BRUSSELS = "Europe/Brussels"


def utc(month, day, hour=9, minute=0):
    return datetime(2025, month, day, hour, minute)


@tagged("post_install", "-at_install")
class TestStockouts(TransactionCase):
    """Stock-outs on done moves of early 2025 (UTC as stored; Brussels is
    UTC+1 in winter).

    ======  =====================  ================  =========================
    when    move                   product           on hand after
    ======  =====================  ================  =========================
    5 Jan   supplier -> WH1 10     bolt (storable)   WH1 10
    10 Jan  supplier -> WH2 3      nut (storable)    WH2 3
    20 Jan  WH1 -> customer 10     bolt              WH1 0: out
    31 Jan  WH2 -> customer 5      nut, 23:30 local  WH2 -2: out (February
                                                     in Tokyo)
    1 Feb   supplier -> WH1 5      bolt, 00:30 local WH1 5 (bolt was out at
                                                     February's start)
    10 Mar  WH1 -> WH2 5           bolt              WH1 0: out; WH2 5;
                                                     the company 5
    15 Mar  supplier -> WH2 4      nut               WH2 2
    ======  =====================  ================  =========================

    Also: a consumable sticker delivered with nothing on hand (not
    storable: never counted), a cancelled delivery of 20 nuts, and company
    B's delivery of 3 bolts (B's stock, not A's).
    """

    freeze_time = TEST_NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True)
        )
        Company = cls.env["res.company"]
        cls.company = Company.create({"name": "Stockout A"})
        cls.company_b = Company.create({"name": "Stockout B"})
        Warehouse = cls.env["stock.warehouse"]
        cls.wh1 = Warehouse.search([("company_id", "=", cls.company.id)])
        cls.wh2 = Warehouse.create(
            {"name": "Stockout A Ghent", "code": "SOAG", "company_id": cls.company.id}
        )
        cls.wh_b = Warehouse.search([("company_id", "=", cls.company_b.id)])
        Category = cls.env["product.category"]
        cls.furniture = Category.create({"name": "Test Furniture"})
        cls.chairs = Category.create(
            {"name": "Test Chairs", "parent_id": cls.furniture.id}
        )
        cls.lights = Category.create({"name": "Test Lights"})
        Product = cls.env["product.product"]

        def product(name, category, storable=True):
            return Product.create(
                {"name": name, "type": "consu", "is_storable": storable,
                 "categ_id": category.id}
            )  # fmt: skip

        cls.bolt = product("Test Bolt", cls.chairs)
        cls.nut = product("Test Nut", cls.lights)
        cls.sticker = product("Test Sticker", cls.lights, storable=False)
        supplier = cls.env.ref("stock.stock_location_suppliers")
        customer = cls.env.ref("stock.stock_location_customers")
        wh1, wh2 = cls.wh1.lot_stock_id, cls.wh2.lot_stock_id
        go = cls.move
        go(cls.bolt, 10, supplier, wh1, utc(1, 5))
        go(cls.nut, 3, supplier, wh2, utc(1, 10))
        go(cls.bolt, 10, wh1, customer, utc(1, 20))
        go(cls.nut, 5, wh2, customer, utc(1, 31, 22, 30))
        go(cls.bolt, 5, supplier, wh1, utc(1, 31, 23, 30))
        go(cls.bolt, 5, wh1, wh2, utc(3, 10))
        go(cls.nut, 4, supplier, wh2, utc(3, 15))
        go(cls.sticker, 2, wh1, customer, utc(1, 12))
        go(cls.nut, 20, wh2, customer, utc(1, 13), cancel=True)
        go(cls.bolt, 3, cls.wh_b.lot_stock_id, customer, utc(1, 14))
        cls.scorecard = cls.env["bsc.scorecard"].create(
            {
                "name": "Stockout A 2025",
                "company_id": cls.company.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "tz": BRUSSELS,
            }
        )
        cls.objective = cls.env["bsc.objective"].create(
            {
                "name": "Optimise inventory",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.env.ref("bsc_core.perspective_internal").id,
            }
        )
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")[:4]

    @classmethod
    def move(cls, product, qty, source, destination, when, cancel=False):
        """A move done through the ORM (or cancelled), dated ``when``."""
        company = source.company_id or destination.company_id
        move = (
            cls.env["stock.move"]
            .with_company(company)
            .create(
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom_qty": qty,
                    "product_uom": product.uom_id.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "company_id": company.id,
                }
            )
        )
        move._action_confirm()
        if cancel:
            move._action_cancel()
        else:
            move.quantity = qty
            move.picked = True
            move._action_done()
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE stock_move SET date = %s WHERE id = %s", (when, move.id)
        )
        cls.env.cr.execute(
            "UPDATE stock_move_line SET date = %s WHERE move_id = %s", (when, move.id)
        )
        cls.env.invalidate_all()
        return move

    def make_kpi(self, code, **vals):
        return self.env["bsc.kpi"].create(
            dict(
                name=code.title(),
                code=code,
                objective_id=self.objective.id,
                source_type="stock_stockouts",
                polarity="lower",
                target_value=0,
                red_flag_value=2,
                **vals,
            )
        )

    def values(self, kpis):
        result = kpis._bsc_source_values(self.months)
        for value in result.values():
            self.assertFalse(value[1])
        return {
            kpi.code: [result[(kpi.id, p.id)][0] for p in self.months] for kpi in kpis
        }

    def oracle(self, period, tz_name, warehouse=None, products=None):
        """The storable products of company A out of stock in ``period``,
        from its done moves read with the ORM and summed up in Python."""
        tz = pytz.timezone(tz_name)

        def local_day(value):
            return pytz.utc.localize(value).astimezone(tz).date()

        if warehouse:
            inside = self.env["stock.location"].search(
                [("warehouse_id", "=", warehouse.id), ("usage", "=", "internal")]
            )
        else:
            inside = self.env["stock.location"].search(
                [("company_id", "=", self.company.id), ("usage", "=", "internal")]
            )
        moves = self.env["stock.move"].search(
            [("company_id", "=", self.company.id), ("state", "=", "done"),
             ("product_id.is_storable", "=", True)],
            order="date, id",
        )  # fmt: skip
        out = self.env["product.product"]
        for product in moves.product_id:
            if products is not None and product not in products:
                continue
            # the product's moves in or out of the locations counted
            mine = moves.filtered(
                lambda m, p=product: (
                    m.product_id == p
                    and (m.location_id in inside or m.location_dest_id in inside)
                )
            )

            def delta(move):
                return move.product_qty * (
                    (move.location_dest_id in inside) - (move.location_id in inside)
                )

            before = mine.filtered(lambda m: local_day(m.date) < period.date_start)
            during = mine.filtered(
                lambda m: period.date_start <= local_day(m.date) <= period.date_end
            )
            on_hand = sum(delta(m) for m in before)
            is_out = bool(before) and on_hand <= 0
            for move in during:
                on_hand += delta(move)
                is_out = is_out or on_hand <= 0
            if is_out:
                out |= product
        return out

    def test_stockouts_by_warehouse_product_and_category(self):
        kpis = (
            self.make_kpi("ALL")
            | self.make_kpi("WH1", stock_warehouse_id=self.wh1.id)
            | self.make_kpi("WH2", stock_warehouse_id=self.wh2.id)
            | self.make_kpi("BOLT", stock_product_id=self.bolt.id)
            | self.make_kpi("FURNITURE", stock_product_categ_id=self.furniture.id)
            | self.make_kpi("LIGHTS", stock_product_categ_id=self.lights.id)
        )
        self.assertEqual(
            self.values(kpis),
            {
                # Jan: bolt at 0, nut at -2 | Feb: both out at its start |
                # Mar: the nut still out at its start | Apr: none
                "ALL": [2, 2, 1, 0],
                # the bolt: emptied, out at February's start, moved to WH2
                # in March, out at April's start
                "WH1": [1, 1, 1, 1],
                "WH2": [1, 1, 1, 0],  # the nut
                "BOLT": [1, 1, 0, 0],
                "FURNITURE": [1, 1, 0, 0],
                "LIGHTS": [1, 1, 1, 0],  # never the consumable sticker
            },
        )

    def test_stockouts_match_the_orm_oracle(self):
        cases = [
            ("ALL", {}, {}),
            ("WH1", {"stock_warehouse_id": self.wh1.id}, {"warehouse": self.wh1}),
            ("WH2", {"stock_warehouse_id": self.wh2.id}, {"warehouse": self.wh2}),
            ("BOLT", {"stock_product_id": self.bolt.id}, {"products": self.bolt}),
        ]
        kpis = self.env["bsc.kpi"].union(
            *(self.make_kpi(code, **vals) for code, vals, __ in cases)
        )
        for tz_name in (BRUSSELS, "Asia/Tokyo"):
            self.scorecard.tz = tz_name
            result = kpis._bsc_source_values(self.months)
            checked = 0
            for period in self.months:
                for kpi, (__, __, args) in zip(kpis, cases, strict=True):
                    want = len(self.oracle(period, tz_name, **args))
                    value = result[(kpi.id, period.id)][0]
                    self.assertEqual(value, want, (kpi.code, period.name, tz_name))
                    checked += bool(want)
            self.assertGreaterEqual(checked, 8, "the oracle compared real figures")
        # the nut went out at 23:30 on 31 January in Brussels, on 1 February
        # in Tokyo: January counts only the bolt there
        self.assertEqual(len(self.oracle(self.months[0], "Asia/Tokyo")), 1)

    def test_drilldown_opens_the_products_counted(self):
        kpis = self.make_kpi("ALL") | self.make_kpi(
            "WH1", stock_warehouse_id=self.wh1.id
        )
        self.scorecard._bsc_recompute(periods=self.months)
        for kpi in kpis:
            warehouse = kpi.stock_warehouse_id or None
            for measurement in kpi.measurement_ids.filtered(
                lambda m: m.period_id in self.months
            ):
                action = measurement.action_drilldown()
                self.assertEqual(action["res_model"], "product.product")
                found = self.env["product.product"].search(action["domain"])
                self.assertEqual(len(found), measurement.actual_value)
                self.assertEqual(
                    found, self.oracle(measurement.period_id, BRUSSELS, warehouse)
                )

    def test_one_query_whatever_the_kpis_and_periods(self):
        one = self.make_kpi("ALL")
        many = (
            one
            | self.make_kpi("WH1", stock_warehouse_id=self.wh1.id)
            | self.make_kpi("WH2", stock_warehouse_id=self.wh2.id)
            | self.make_kpi("BOLT", stock_product_id=self.bolt.id)
        )
        many._bsc_source_values(self.months)  # warm the caches
        cases = (
            (one, self.months[:1]),
            (one, self.months),
            (many, self.months[:2]),
            (many, self.months),
        )
        for kpis, periods in cases:
            with self.assertQueryCount(__system__=1):
                values = kpis._bsc_source_values(periods)
            self.assertEqual(len(values), len(kpis) * len(periods))

    def test_companies_never_mix(self):
        # company B's delivery of 3 bolts leaves B's bolt at -3, not A's
        kpi = self.make_kpi("BOLT", stock_product_id=self.bolt.id)
        self.assertEqual(self.values(kpi)["BOLT"], [1, 1, 0, 0])
        self.assertEqual(
            self.env["stock.move"].search_count(
                [("company_id", "=", self.company_b.id), ("state", "=", "done")]
            ),
            1,
        )
