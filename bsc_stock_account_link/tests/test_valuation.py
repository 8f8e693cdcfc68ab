# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime, timedelta

import pytz

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.bsc_core.tests.common import TEST_NOW, drilldown_total

BRUSSELS = "Europe/Brussels"


def utc(month, day, hour=9, minute=0):
    return datetime(2025, month, day, hour, minute)


@tagged("post_install", "-at_install")
class TestValuation(TransactionCase):
    """Valuation KPIs on real valuation layers of early 2025 (UTC as
    stored; Brussels is UTC+1 in winter). Oak is valued at average cost
    (AVCO), steel at a standard cost of 10, both with manual valuation;
    Odoo 18 makes layers for every valued move whatever the valuation.

    ===========  ==============================  ===============  ======
    when         move                            layer value      month
    ===========  ==============================  ===============  ======
    5 Jan        10 oak at 20 into WH1           +200             Jan
    8 Jan        10 steel into WH2               +100             Jan
    15 Jan       10 oak at 30 into WH1           +300 (avg 25)    Jan
    20 Jan       8 oak delivered from WH1        -200             Jan
    31 Jan 23:30 2 oak scrapped in WH1 (local)   -50              Jan
    1 Feb 00:30  4 steel delivered from WH2      -40              Feb
    10 Feb       2 oak returned by a customer    +50              Feb
    12 Mar       5 oak moved from WH1 to WH2     (no layer)       Mar
    ===========  ==============================  ===============  ======

    Company B receives 5 oak at 20 (+100, B's). A delivery of steel is
    cancelled (no layer).
    """

    freeze_time = TEST_NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True)
        )
        Company = cls.env["res.company"]
        cls.company = Company.create({"name": "Valuation A"})
        cls.company_b = Company.create({"name": "Valuation B"})
        Warehouse = cls.env["stock.warehouse"]
        cls.wh1 = Warehouse.search([("company_id", "=", cls.company.id)])
        cls.wh2 = Warehouse.create(
            {"name": "Valuation A Ghent", "code": "VAG", "company_id": cls.company.id}
        )
        cls.wh_b = Warehouse.search([("company_id", "=", cls.company_b.id)])
        Category = cls.env["product.category"]
        cls.furniture = Category.create({"name": "Test Furniture"})
        cls.avco = Category.create(
            {"name": "Test Oak (AVCO)", "parent_id": cls.furniture.id,
             "property_cost_method": "average",
             "property_valuation": "manual_periodic"}
        )  # fmt: skip
        cls.metal = Category.create(
            {"name": "Test Metal (standard)", "property_cost_method": "standard",
             "property_valuation": "manual_periodic"}
        )  # fmt: skip
        # costing method and valuation are company-dependent: set for both
        for company in (cls.company, cls.company_b):
            cls.avco.with_company(company).write(
                {"property_cost_method": "average",
                 "property_valuation": "manual_periodic"}
            )  # fmt: skip
            cls.metal.with_company(company).write(
                {"property_cost_method": "standard",
                 "property_valuation": "manual_periodic"}
            )  # fmt: skip
        Product = cls.env["product.product"]
        cls.oak = Product.create(
            {"name": "Test Oak", "type": "consu", "is_storable": True,
             "categ_id": cls.avco.id}
        )  # fmt: skip
        cls.steel = Product.create(
            {"name": "Test Steel", "type": "consu", "is_storable": True,
             "categ_id": cls.metal.id}
        )  # fmt: skip
        cls.steel.with_company(cls.company).standard_price = 10
        supplier = cls.env.ref("stock.stock_location_suppliers")
        customer = cls.env.ref("stock.stock_location_customers")
        wh1, wh2 = cls.wh1.lot_stock_id, cls.wh2.lot_stock_id
        go = cls.move
        go(cls.oak, 10, supplier, wh1, utc(1, 5), price_unit=20)
        go(cls.steel, 10, supplier, wh2, utc(1, 8), price_unit=10)
        go(cls.oak, 10, supplier, wh1, utc(1, 15), price_unit=30)
        go(cls.oak, 8, wh1, customer, utc(1, 20))
        cls.scrap = cls.scrap_of(cls.oak, 2, wh1, utc(1, 31, 22, 30))
        go(cls.steel, 4, wh2, customer, utc(1, 31, 23, 30))
        go(cls.oak, 2, customer, wh1, utc(2, 10))
        go(cls.oak, 5, wh1, wh2, utc(3, 12))
        go(cls.steel, 1, wh2, customer, utc(3, 13), cancel=True)
        go(cls.oak, 5, supplier, cls.wh_b.lot_stock_id, utc(1, 9), price_unit=20)
        cls.scorecard = cls.make_scorecard(cls.company)
        cls.objective = cls.make_objective(cls.scorecard)
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")[:4]

    @classmethod
    def move(cls, product, qty, source, destination, when, price_unit=None,
             cancel=False):  # fmt: skip
        """A move done through the ORM (or cancelled), then it and its
        valuation layers dated ``when``."""
        company = source.company_id or destination.company_id
        vals = {
            "name": product.name,
            "product_id": product.id,
            "product_uom_qty": qty,
            "product_uom": product.uom_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": company.id,
        }
        if price_unit is not None:
            vals["price_unit"] = price_unit
        move = cls.env["stock.move"].with_company(company).create(vals)
        move._action_confirm()
        if cancel:
            move._action_cancel()
        else:
            move.quantity = qty
            move.picked = True
            move._action_done()
        cls.date_moves(move, when)
        return move

    @classmethod
    def scrap_of(cls, product, qty, location, when):
        scrap = (
            cls.env["stock.scrap"]
            .with_company(location.company_id)
            .create(
                {
                    "product_id": product.id,
                    "scrap_qty": qty,
                    "location_id": location.id,
                    "company_id": location.company_id.id,
                }
            )
        )
        scrap.do_scrap()
        cls.date_moves(scrap.move_ids, when)
        cls.env.cr.execute(
            "UPDATE stock_scrap SET date_done = %s WHERE id = %s", (when, scrap.id)
        )
        return scrap

    @classmethod
    def date_moves(cls, moves, when):
        cls.env.flush_all()
        for table, column in (
            ("stock_move", "id"),
            ("stock_move_line", "move_id"),
            ("stock_valuation_layer", "stock_move_id"),
        ):
            date_column = "create_date" if table == "stock_valuation_layer" else "date"
            cls.env.cr.execute(
                f"UPDATE {table} SET {date_column} = %s WHERE {column} IN %s",  # noqa: S608
                (when, tuple(moves.ids)),
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
    def make_objective(cls, scorecard):
        return cls.env["bsc.objective"].create(
            {
                "name": "Optimise inventory",
                "scorecard_id": scorecard.id,
                "perspective_id": cls.env.ref("bsc_core.perspective_internal").id,
            }
        )

    def make_kpi(self, code, source_type, objective=None, **vals):
        return self.env["bsc.kpi"].create(
            dict(
                name=vals.pop("name", code.title()),
                code=code,
                objective_id=(objective or self.objective).id,
                source_type=source_type,
                target_value=10,
                red_flag_value=5,
                **vals,
            )
        )

    def values(self, kpis, periods=None):
        periods = periods or self.months
        result = kpis._bsc_source_values(periods)
        for value in result.values():
            self.assertFalse(value[1])
        return {
            kpi.code: [
                None
                if result[(kpi.id, p.id)][0] is None
                else round(result[(kpi.id, p.id)][0], 4)
                for p in periods
            ]
            for kpi in kpis
        }

    # ------------------------------------------------------------------
    # The oracle: Odoo's own valuation at a date, and the layers' values
    # ------------------------------------------------------------------

    def oracle(self, period, tz_name, extra=()):
        """``(value at start, value at end, delivered, scrapped)`` of company
        A's layers, read with the ORM (``read_group`` of the layers up to a
        date, as Odoo's valuation at a date)."""
        tz = pytz.timezone(tz_name)

        def instant(day):
            local = tz.localize(datetime.combine(day, datetime.min.time()))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        start = instant(period.date_start)
        stop = instant(period.date_end + timedelta(days=1))
        Layer = self.env["stock.valuation.layer"]
        base = [("company_id", "=", self.company.id), *extra]

        def total(domain):
            [(value,)] = Layer._read_group(base + domain, aggregates=["value:sum"])
            return value or 0.0

        during = [("create_date", ">=", start), ("create_date", "<", stop)]
        customer = [
            "|",
            ("stock_move_id.location_dest_id.usage", "=", "customer"),
            ("stock_move_id.location_id.usage", "=", "customer"),
        ]
        return (
            total([("create_date", "<", start)]),
            total([("create_date", "<", stop)]),
            -total(during + customer),
            -total(during + [("stock_move_id.scrap_id", "!=", False)]),
        )

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_fixtures_are_real_valuation_layers(self):
        layers = self.env["stock.valuation.layer"].search(
            [("company_id", "=", self.company.id)], order="create_date, id"
        )
        self.assertEqual(layers.mapped("value"), [200, 100, 300, -200, -50, -40, 50])
        self.assertEqual(self.oak.with_company(self.company).standard_price, 25)
        self.assertEqual(self.oak.with_company(self.company).qty_available, 12)

    def test_values_of_each_source(self):
        kpis = (
            self.make_kpi("VALUE", "stock_inventory_value")
            | self.make_kpi("OAK", "stock_inventory_value",
                            stock_product_id=self.oak.id)
            | self.make_kpi("FURNITURE", "stock_inventory_value",
                            stock_product_categ_id=self.furniture.id)
            | self.make_kpi("TURNOVER", "stock_turnover")
            | self.make_kpi("SCRAPPED", "stock_scrap_value")
            | self.make_kpi("SCRAPPED_STEEL", "stock_scrap_value",
                            stock_product_id=self.steel.id)
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                # 200 + 100 + 300 - 200 - 50 | - 40 + 50 | the transfer
                # between warehouses changes nothing
                "VALUE": [350, 360, 360, 360],
                "OAK": [250, 300, 300, 300],
                "FURNITURE": [250, 300, 300, 300],  # oak's category is below
                # Jan: 200 delivered / ((0 + 350) / 2); Feb: 40 delivered
                # less 50 returned over (350 + 360) / 2; nothing after
                "TURNOVER": [1.1429, -0.0282, 0, 0],
                "SCRAPPED": [50, 0, 0, 0],  # 23:30 local on 31 January
                "SCRAPPED_STEEL": [0, 0, 0, 0],
            },
        )

    def test_each_month_matches_the_orm_oracle(self):
        oak, metal = self.oak.id, self.metal.id
        cases = [
            ("ALL", {}, ()),
            ("OAK", {"stock_product_id": oak}, (("product_id", "=", oak),)),
            ("METAL", {"stock_product_categ_id": metal},
             (("categ_id", "child_of", metal),)),
        ]  # fmt: skip
        kpis = {}
        for code, vals, __ in cases:
            for source_type in ("stock_inventory_value", "stock_turnover",
                                "stock_scrap_value"):  # fmt: skip
                kpis[(code, source_type)] = self.make_kpi(
                    f"{code}_{source_type}", source_type, **vals
                )
        records = self.env["bsc.kpi"].union(*kpis.values())
        for tz_name in (BRUSSELS, "Asia/Tokyo"):
            self.scorecard.tz = tz_name
            result = records._bsc_source_values(self.months)
            checked = 0
            for period in self.months:
                for code, __, extra in cases:
                    start, end, delivered, scrapped = self.oracle(
                        period, tz_name, extra
                    )
                    average = (start + end) / 2
                    expected = {
                        "stock_inventory_value": end,
                        "stock_turnover": delivered / average if average > 0 else None,
                        "stock_scrap_value": scrapped,
                    }
                    for source_type, want in expected.items():
                        kpi = kpis[(code, source_type)]
                        value, error = result[(kpi.id, period.id)]
                        self.assertFalse(error)
                        label = (code, source_type, period.name, tz_name)
                        if want is None:
                            self.assertIsNone(value, label)
                        else:
                            self.assertAlmostEqual(value, want, msg=label)
                            checked += bool(want)
            self.assertGreaterEqual(checked, 15, "the oracle compared real figures")
        # the scrap at 23:30 on 31 January in Brussels is February's in Tokyo
        self.assertEqual(self.oracle(self.months[1], "Asia/Tokyo")[3], 50)

    def test_drilldowns_add_up_to_the_kpi(self):
        kpis = (
            self.make_kpi("VALUE", "stock_inventory_value")
            | self.make_kpi("TURNOVER", "stock_turnover")
            | self.make_kpi("SCRAPPED", "stock_scrap_value")
        )
        self.scorecard._bsc_recompute(periods=self.months)
        for period in self.months[:2]:
            start, end, delivered, scrapped = self.oracle(period, BRUSSELS)
            for kpi, total in zip(kpis, (end, delivered, scrapped), strict=True):
                measurement = kpi.measurement_ids.filtered(
                    lambda m, p=period: m.period_id == p
                )
                action = measurement.action_drilldown()
                self.assertEqual(action["res_model"], "stock.valuation.layer")
                self.assertAlmostEqual(
                    drilldown_total(self.env, action), total, msg=kpi.code
                )
                if kpi.code != "TURNOVER":
                    self.assertAlmostEqual(measurement.actual_value, total)
        january = kpis[2].measurement_ids.filtered(
            lambda m: m.period_id == self.months[0]
        )
        action = january.action_drilldown()
        self.assertEqual(
            self.env["stock.valuation.layer"].search(action["domain"]),
            self.scrap.move_ids.stock_valuation_layer_ids,
        )

    def test_one_query_whatever_the_kpis_and_periods(self):
        one = self.make_kpi("VALUE", "stock_inventory_value")
        many = (
            one
            | self.make_kpi(
                "OAK", "stock_inventory_value", stock_product_id=self.oak.id
            )
            | self.make_kpi("TURNOVER", "stock_turnover")
            | self.make_kpi("SCRAPPED", "stock_scrap_value")
        )
        many._bsc_source_values(self.months)  # warm the caches
        for kpis, periods in (
            (one, self.months[:1]),
            (one, self.months),
            (many, self.months[:2]),
            (many, self.months),
        ):
            with self.assertQueryCount(__system__=1):
                values = kpis._bsc_source_values(periods)
            self.assertEqual(len(values), len(kpis) * len(periods))

    def test_companies_never_mix(self):
        scorecard_b = self.make_scorecard(self.company_b)
        kpi = self.make_kpi(
            "VALUE", "stock_inventory_value", objective=self.make_objective(scorecard_b)
        )
        january = scorecard_b.period_ids.filtered(lambda p: p.name == "2025-01")
        self.assertEqual(
            kpi._bsc_source_values(january)[(kpi.id, january.id)], (100.0, False)
        )

    def test_warehouse_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.make_kpi(
                "BAD", "stock_inventory_value", name="Bad KPI",
                stock_warehouse_id=self.wh1.id,
            )  # fmt: skip
        self.assertIn("Bad KPI", str(caught.exception))
        self.assertIn("per company", str(caught.exception))

    def test_wizard_templates_become_kpis(self):
        manager = new_test_user(
            self.env,
            "test_valuation_bsc_manager",
            groups="bsc_core.group_bsc_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        wizard_form = Form(
            self.env["bsc.stock.kpi.wizard"]
            .with_user(manager)
            .with_context(default_objective_id=self.objective.id)
        )
        wizard_form.stock_product_categ_id = self.furniture
        wizard_form.save().action_create_kpis()
        kpis = {kpi.code: kpi for kpi in self.objective.kpi_ids}
        for code in ("STOCK_VALUE", "STOCK_TURNOVER", "STOCK_SCRAP_VALUE"):
            self.assertIn(code, kpis)
            self.assertEqual(kpis[code].stock_product_categ_id, self.furniture)
            self.assertFalse(kpis[code].stock_warehouse_id)
        values = self.values(kpis["STOCK_VALUE"] | kpis["STOCK_SCRAP_VALUE"])
        self.assertEqual(values["STOCK_VALUE"], [250, 300, 300, 300])
        self.assertEqual(values["STOCK_SCRAP_VALUE"], [50, 0, 0, 0])
