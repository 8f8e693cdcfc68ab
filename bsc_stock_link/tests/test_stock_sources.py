# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.sql_db import Cursor
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.bsc_core.tests.common import drilldown_total

from .common import BscStockCase, _round


@tagged("post_install", "-at_install")
class TestStockSources(BscStockCase):
    """Each inventory source on the transfers of BscStockCase (see its table)."""

    def delivery_kpis(self, suffix="", **params):
        return (
            self.make_kpi("DELIVERIES" + suffix, "stock_deliveries", **params)
            | self.make_kpi("OTD" + suffix, "stock_otd", **params)
            | self.make_kpi("LEAD" + suffix, "stock_delivery_lead_time", **params)
            | self.make_kpi("BACKORDERS" + suffix, "stock_backorder_rate", **params)
        )

    def test_fixtures_are_what_the_table_says(self):
        d = self.pickings
        self.assertEqual(d["d5"].move_ids.quantity, 6)
        self.assertEqual(d["d5b"].backorder_id, d["d5"])
        self.assertEqual(d["d6"].state, "cancel")
        self.assertEqual(d["r1"].return_id, d["d1"])
        self.assertEqual(d["r1"].picking_type_code, "incoming")
        self.assertEqual(d["d7"].picking_type_id.warehouse_id, self.wh2)
        self.assertEqual(d["b1"].company_id, self.company_b)
        self.assertTrue(all(p.state == "done" for n, p in d.items() if n != "d6"))

    def test_deliveries_on_time_lead_time_and_backorders(self):
        kpis = self.delivery_kpis()
        self.assertEqual(
            self.values(kpis),
            {
                # Jan: d1 d2 d3 d4 d5 d7; not the cancelled d6, the return r1
                # (incoming), company B's b1. Feb: d5b. Mar: d8 (1 March local).
                "DELIVERIES": [6, 1, 1, 0],
                # Jan: d1 d3 d5 d7 on time, d2 (scheduled 14 Jan) and d4 late
                "OTD": [66.67, 0, 0, None],
                # Jan: (3 + 1/24) + 10 + 2 + 2 + 4 + 1 days over 6; Feb: d5b
                # from d5's creation on 20 Jan; no delivery in April: no value
                "LEAD": [_round((22 + 1 / 24) / 6), 14, 2, None],
                "BACKORDERS": [16.67, 0, 0, None],  # d5 of 6
            },
        )

    def test_on_time_by_calendar_day_in_the_scorecard_time_zone(self):
        """d3, done at 00:01 on its deadline's day, is on time; d4, done at
        00:01 the day after a deadline at 23:59, is late; read in UTC both are
        done on their deadline's day."""
        otd = self.make_kpi("OTD", "stock_otd")
        self.assertEqual(self.values(otd)["OTD"], [66.67, 0, 0, None])
        self.scorecard.tz = "UTC"
        # Jan: d4 on time too: 5 of 6; Feb: d5b late, d8 (28 Feb 23:30 UTC)
        # on its deadline's day
        self.assertEqual(self.values(otd)["OTD"], [83.33, 50, None, None])

    def test_receipts_on_time_and_lead_time(self):
        kpis = self.make_kpi("RECEIPT_OTD", "stock_receipt_otd") | self.make_kpi(
            "RECEIPT_LEAD", "stock_receipt_lead_time"
        )
        self.assertEqual(
            self.values(kpis),
            {
                # i1 on time, i2 late (no deadline, scheduled 12 Jan); the
                # customer's return r1 is no receipt
                "RECEIPT_OTD": [50, None, None, None],
                "RECEIPT_LEAD": [10, None, None, None],  # (6 + 14) / 2
            },
        )

    def test_values_match_the_orm_oracle(self):
        """Every month of every delivery and receipt KPI, against the same
        figures read record by record, in two time zones."""
        kpis = self.delivery_kpis() | (
            self.make_kpi("RECEIPT_OTD", "stock_receipt_otd")
            | self.make_kpi("RECEIPT_LEAD", "stock_receipt_lead_time")
        )
        for tz_name in ("Europe/Brussels", "Asia/Tokyo"):
            self.scorecard.tz = tz_name
            result = kpis._bsc_source_values(self.months)
            checked = 0
            for period in self.months:
                out = self.oracle(period, tz_name=tz_name)
                into = self.oracle(period, "incoming", tz_name=tz_name)
                expected = _expected(out, into)
                for kpi in kpis:
                    value, error = result[(kpi.id, period.id)]
                    self.assertFalse(error)
                    want = expected[kpi.code]
                    if want is None:
                        self.assertIsNone(value, (kpi.code, period.name))
                    else:
                        self.assertAlmostEqual(value, want, msg=(kpi.code, period.name))
                        checked += bool(want)
            self.assertGreaterEqual(checked, 8, "the oracle compared real figures")

    def test_parameters_filter_and_combine(self):
        kpis = (
            self.make_kpi("WH1", "stock_deliveries", stock_warehouse_id=self.wh1.id)
            | self.make_kpi("WH2", "stock_otd", stock_warehouse_id=self.wh2.id)
            | self.make_kpi("TYPE2", "stock_deliveries",
                            stock_picking_type_id=self.wh2.out_type_id.id)
            # be1's contact counts for be1
            | self.make_kpi("BE1", "stock_deliveries", stock_partner_id=self.be1.id)
            | self.make_kpi("BE1_WH1", "stock_otd", stock_partner_id=self.be1.id,
                            stock_warehouse_id=self.wh1.id)
            # furniture holds chairs: every transfer with a frame
            | self.make_kpi("FURNITURE", "stock_otd",
                            stock_product_categ_id=self.furniture.id)
            | self.make_kpi("LAMP_LEAD", "stock_delivery_lead_time",
                            stock_product_id=self.lamp.id)
            | self.make_kpi("LAMP_WH2", "stock_deliveries",
                            stock_product_id=self.lamp.id,
                            stock_warehouse_id=self.wh2.id)
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                "WH1": [5, 1, 0, 0],  # d1-d5 | d5b
                "WH2": [100, None, 0, None],  # d7 | - | d8 late
                "TYPE2": [1, 0, 1, 0],  # d7 | - | d8
                "BE1": [3, 0, 0, 0],  # d1 d3 (by be1's contact) d7
                "BE1_WH1": [100, None, None, None],  # d1 d3
                # Jan: d1 d2 d3 d5 d7, d2 late: 4 of 5; Feb d5b late
                "FURNITURE": [80, 0, None, None],
                "LAMP_LEAD": [2, None, 2, None],  # d4 | - | d8
                "LAMP_WH2": [0, 0, 1, 0],  # d8
            },
        )

    def mixed_delivery(self):
        """A March delivery of WH1 with two frame moves, a table (a second
        subcategory of furniture) and a lamp: every product and category KPI
        must count it once."""
        tables = self.env["product.category"].create(
            {"name": "Test Tables", "parent_id": self.furniture.id}
        )
        table = self.env["product.product"].create(
            {"name": "Test Table", "type": "consu", "categ_id": tables.id}
        )
        picking = self.deliver(
            self.wh1, self.fr,
            [(self.frame, 1), (self.frame, 2), (table, 1), (self.lamp, 1)],
            None, datetime(2025, 3, 3, 9), datetime(2025, 3, 7, 9),
            deadline=datetime(2025, 3, 6, 12),
        )  # fmt: skip
        return picking, tables, table

    def test_product_and_category_kpis_match_the_orm_oracle(self):
        """Each transfer counts once per product or category KPI, however
        many of its moves match, against the ORM's ``move_ids`` (a KPI with
        both a product and a category included)."""
        picking, tables, table = self.mixed_delivery()
        selections = {
            "FURNITURE": {"stock_product_categ_id": self.furniture.id},
            "CHAIRS": {"stock_product_categ_id": self.chairs.id},
            "TABLES": {"stock_product_categ_id": tables.id},
            "FRAME": {"stock_product_id": self.frame.id},
            "LAMP_WH1": {"stock_product_id": self.lamp.id,
                         "stock_warehouse_id": self.wh1.id},
            "FRAME_FURNITURE": {"stock_product_id": self.frame.id,
                                "stock_product_categ_id": self.furniture.id},
            "TABLE_CHAIRS": {"stock_product_id": table.id,
                             "stock_product_categ_id": self.chairs.id},
        }  # fmt: skip
        kpis = self.env["bsc.kpi"]
        for code, params in selections.items():
            kpis |= self.delivery_kpis("_" + code, **params)
            kpis |= self.make_kpi("RECEIPT_OTD_" + code, "stock_receipt_otd", **params)
            kpis |= self.make_kpi(
                "RECEIPT_LEAD_" + code, "stock_receipt_lead_time", **params
            )

        def keep(params):
            def keeps(p):
                moves = p.move_ids
                if "stock_product_id" in params:
                    moves = moves.filtered(
                        lambda m: m.product_id.id == params["stock_product_id"]
                    )
                if "stock_product_categ_id" in params:
                    moves = moves.filtered_domain(
                        [("product_id.categ_id", "child_of",
                          params["stock_product_categ_id"])]
                    )  # fmt: skip
                warehouse = params.get("stock_warehouse_id")
                return moves and (
                    not warehouse or p.picking_type_id.warehouse_id.id == warehouse
                )

            return keeps

        result = kpis._bsc_source_values(self.months[:4])
        checked = 0
        for period in self.months[:4]:
            for code, params in selections.items():
                out = self.oracle(period, keep=keep(params))
                into = self.oracle(period, "incoming", keep=keep(params))
                expected = _expected(out, into)
                for prefix, want in expected.items():
                    kpi = kpis.filtered(lambda k, c=f"{prefix}_{code}": k.code == c)
                    value, error = result[(kpi.id, period.id)]
                    self.assertFalse(error)
                    if want is None:
                        self.assertIsNone(value, (kpi.code, period.name))
                    else:
                        self.assertAlmostEqual(value, want, msg=(kpi.code, period.name))
                        checked += bool(want)
        self.assertGreaterEqual(checked, 30, "the oracle compared real figures")
        # March: the mixed delivery alone, once per KPI; late by a day
        march = self.months[2]
        for code, count in (
            ("FURNITURE", 1),
            ("CHAIRS", 1),
            ("TABLES", 1),
            ("FRAME", 1),
            ("LAMP_WH1", 1),
            ("TABLE_CHAIRS", 0),
        ):
            kpi = kpis.filtered(lambda k, c=code: k.code == "DELIVERIES_" + c)
            self.assertEqual(result[(kpi.id, march.id)][0], count, code)

    @staticmethod
    def queries_of(function, *args):
        """The text of each query ``function(*args)`` runs."""
        found = []
        execute = Cursor.execute

        def logged(cr, query, params=None, log_exceptions=None):
            found.append(query.code if isinstance(query, SQL) else query)
            return execute(cr, query, params, log_exceptions)

        with patch("odoo.sql_db.Cursor.execute", logged):
            function(*args)
        return found

    def test_product_and_category_kpis_read_the_moves_once(self):
        """The moves are joined once for all the KPIs narrowed to a product
        or a category: the queries neither multiply nor grow with them."""
        __, tables, table = self.mixed_delivery()
        few = self.make_kpi("FRAME_OTD", "stock_otd", stock_product_id=self.frame.id)
        many = few
        for i, params in enumerate(
            [{"stock_product_id": p.id} for p in (self.frame, self.lamp, table)]
            + [{"stock_product_categ_id": c.id}
               for c in (self.furniture, self.chairs, tables, self.lights)]
            + [{"stock_product_id": self.lamp.id, "stock_warehouse_id": self.wh2.id},
               {"stock_product_categ_id": self.chairs.id,
                "stock_partner_id": self.be1.id}]
        ):  # fmt: skip
            many |= self.delivery_kpis(f"_{i}", **params)
            many |= self.make_kpi(f"RECEIPT_LEAD_{i}", "stock_receipt_lead_time",
                                  **params)  # fmt: skip
        self.assertEqual(len(many), 46)
        texts = {}
        for name, kpis in (("few", few), ("many", many)):
            kpis._bsc_source_values(self.months)  # warm the caches
            texts[name] = self.queries_of(kpis._bsc_source_values, self.months)
        # one delivery query (and, for many, one receipt query) over the
        # transfers joined to their moves, and the category tree
        self.assertEqual(len(texts["few"]), 1)
        self.assertEqual(len(texts["many"]), 3)
        for name, found in texts.items():
            moves = sum(text.count("stock_move") for text in found)
            self.assertEqual(moves, 2 * (1 if name == "few" else 2), name)
            self.assertNotIn("EXISTS (SELECT 1 FROM stock_move", " ".join(found))

    def test_scrapped_quantity_in_the_product_unit(self):
        kpis = (
            self.make_kpi("SCRAP_CHAIRS", "stock_scrap_qty",
                          stock_product_categ_id=self.furniture.id)
            | self.make_kpi("SCRAP_LAMP", "stock_scrap_qty",
                            stock_product_id=self.lamp.id)
            | self.make_kpi("SCRAP_FRAME_WH2", "stock_scrap_qty",
                            stock_product_id=self.frame.id,
                            stock_warehouse_id=self.wh2.id)
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                # 2 frames | half a dozen = 6; not company B's 3 frames
                "SCRAP_CHAIRS": [2, 6, 0, 0],
                "SCRAP_LAMP": [1, 0, 0, 0],
                "SCRAP_FRAME_WH2": [0, 0, 0, 0],
            },
        )

    def test_scrap_drilldown_adds_up_to_the_kpi(self):
        """The scrapped quantity's drill-down sums the quantity the KPI
        counts, in the product's unit: May 2025's 2 frames, half a dozen and
        1 frame are 9 frames, the scraps' own quantities 3.5 (issue #13)."""
        may = self.months[4]
        for qty, uom in ((2, None), (0.5, self.dozen), (1, None)):
            self.scrap(self.wh1, self.frame, qty, datetime(2025, 5, 12, 9, 0), uom)
        kpi = self.make_kpi("SCRAP", "stock_scrap_qty", stock_product_id=self.frame.id)
        self.scorecard._bsc_recompute(periods=may)
        measurement = kpi.measurement_ids.filtered(lambda m: m.period_id == may)
        self.assertAlmostEqual(measurement.actual_value, 9)
        action = measurement.action_drilldown()
        self.assertEqual(len(self.env[action["res_model"]].search(action["domain"])), 3)
        self.assertAlmostEqual(drilldown_total(self.env, action), 9)

    def test_companies_never_mix(self):
        scorecard_b = self.make_scorecard(self.company_b)
        objective_b = self.env["bsc.objective"].create(
            {
                "name": "Deliver B",
                "scorecard_id": scorecard_b.id,
                "perspective_id": self.env.ref("bsc_core.perspective_internal").id,
            }
        )
        kpis = self.make_kpi(
            "OTD", "stock_otd", objective=objective_b
        ) | self.make_kpi(
            "SCRAP", "stock_scrap_qty", objective=objective_b,
            stock_product_id=self.frame.id,
        )  # fmt: skip
        january = self.period("2025-01", scorecard_b)
        result = kpis._bsc_source_values(january)
        self.assertEqual(result[(kpis[0].id, january.id)], (100.0, False))  # b1
        self.assertEqual(result[(kpis[1].id, january.id)], (3.0, False))
        self.assertEqual(self.oracle(january, company=self.company_b)["count"], 1)

    def test_quarters_are_read_directly(self):
        otd = self.make_kpi("OTD_Q", "stock_otd", frequency="quarter")
        quarter = self.period("2025-Q1")
        result = otd._bsc_source_values(self.scorecard.period_ids)
        # d1 d3 d5 d7 on time of the 8 deliveries of January to March
        self.assertEqual(result[(otd.id, quarter.id)], (50.0, False))

    def test_one_query_per_shape_whatever_the_periods_and_kpis(self):
        """3 or 12 months, 1 or 8 KPIs: one query per shape used (deliveries,
        receipts, scraps), one more for transfers narrowed to a product, and
        one reading the category tree."""
        one = self.make_kpi("OTD", "stock_otd")
        deliveries = (
            one
            | self.make_kpi("LEAD", "stock_delivery_lead_time")
            | self.make_kpi("BACKORDERS", "stock_backorder_rate",
                            stock_warehouse_id=self.wh1.id)
            | self.make_kpi("BE1", "stock_deliveries", stock_partner_id=self.be1.id)
        )  # fmt: skip
        every_type = (
            deliveries
            | self.make_kpi("RECEIPTS", "stock_receipt_otd")
            | self.make_kpi("RECEIPT_LEAD", "stock_receipt_lead_time",
                            stock_warehouse_id=self.wh2.id)
            | self.make_kpi("LAMP", "stock_otd", stock_product_id=self.lamp.id)
            | self.make_kpi("SCRAP", "stock_scrap_qty",
                            stock_product_categ_id=self.chairs.id)
        )  # fmt: skip
        every_type._bsc_source_values(self.months)  # warm the caches
        for kpis, periods, queries in (
            (one, self.months[:3], 1),
            (one, self.months, 1),
            (deliveries, self.months[:3], 1),
            (deliveries, self.months, 1),
            # deliveries, product-narrowed deliveries, receipts, scraps,
            # category tree
            (every_type, self.months[:3], 5),
            (every_type, self.months, 5),
        ):
            with self.assertQueryCount(__system__=queries):
                values = kpis._bsc_source_values(periods)
            self.assertEqual(len(values), len(kpis) * len(periods))

    def test_recompute_and_drilldown_open_exactly_the_counted_records(self):
        kpis = {
            kpi.code: kpi
            for kpi in self.delivery_kpis()
            | self.make_kpi("RECEIPTS", "stock_receipt_otd")
            | self.make_kpi("CHAIRS", "stock_otd",
                            stock_product_categ_id=self.chairs.id)
            | self.make_kpi("WH2", "stock_deliveries", stock_warehouse_id=self.wh2.id)
            | self.make_kpi("SCRAP", "stock_scrap_qty",
                            stock_product_id=self.frame.id)
        }  # fmt: skip
        self.scorecard._bsc_recompute(periods=self.months[:4])
        january = self.picking_set("d1", "d2", "d3", "d4", "d5", "d7")
        expected = {
            "DELIVERIES": (6, january),
            "OTD": (400 / 6, january),
            "LEAD": ((22 + 1 / 24) / 6, january),
            "BACKORDERS": (100 / 6, january),
            "RECEIPTS": (50, self.picking_set("i1", "i2")),
            "CHAIRS": (80, self.picking_set("d1", "d2", "d3", "d5", "d7")),
            "WH2": (1, self.pickings["d7"]),
            "SCRAP": (2, self.scraps[0].move_ids),
        }
        for code, (value, records) in expected.items():
            measurement = kpis[code].measurement_ids.filtered(
                lambda m: m.period_id.name == "2025-01"
            )
            self.assertAlmostEqual(measurement.actual_value, value, msg=code)
            self.assertFalse(measurement.error_text, code)
            action = measurement.action_drilldown()
            self.assertEqual(action["res_model"], records._name, code)
            found = self.env[action["res_model"]].search(action["domain"])
            self.assertEqual(found, records, code)
            if records._name == "stock.picking":
                oracle = self.oracle(
                    measurement.period_id,
                    "incoming" if code == "RECEIPTS" else "outgoing",
                    keep=lambda p, r=records: p in r,
                )
                self.assertEqual(oracle["records"], found, code)
        # A second run changes nothing.
        self.assertEqual(self.scorecard._bsc_recompute(periods=self.months[:4]), 0)


@tagged("post_install", "-at_install")
class TestStockParameters(BscStockCase):
    """Parameters that cannot fit the scorecard are refused, saying why."""

    def assert_refused(self, source_type, vals, *fragments):
        with self.assertRaises(ValidationError) as caught:
            self.make_kpi("BAD", source_type, name="Bad KPI", **vals)
        message = str(caught.exception)
        for fragment in ("Bad KPI", *fragments):
            self.assertIn(fragment, message)

    def test_warehouse_of_another_company_is_refused(self):
        self.assert_refused(
            "stock_otd", {"stock_warehouse_id": self.wh_b.id},
            self.wh_b.name, "Stock Link B", "leave Warehouse empty",
        )  # fmt: skip

    def test_receipt_type_on_a_delivery_kpi_is_refused(self):
        self.assert_refused(
            "stock_otd", {"stock_picking_type_id": self.wh1.in_type_id.id},
            "is not a delivery type",
        )  # fmt: skip
        self.assert_refused(
            "stock_receipt_otd", {"stock_picking_type_id": self.wh1.out_type_id.id},
            "is not a receipt type",
        )  # fmt: skip

    def test_scrap_needs_a_product_and_no_partner(self):
        self.assert_refused("stock_scrap_qty", {}, "product or the product category")
        self.assert_refused(
            "stock_scrap_qty",
            {"stock_product_id": self.frame.id, "stock_partner_id": self.be1.id},
            "leave them empty",
        )

    def test_parameters_made_wrong_later_give_an_error_value(self):
        partner = self.env["res.partner"].create(
            {"name": "Moving customer", "company_id": self.company.id}
        )
        kpi = self.make_kpi("MOVING", "stock_deliveries", stock_partner_id=partner.id)
        self.assertEqual(self.values(kpi, 1)["MOVING"], [0])
        partner.company_id = self.company_b
        value, error = kpi._bsc_source_values(self.months[:1])[
            (kpi.id, self.months[0].id)
        ]
        self.assertIsNone(value)
        self.assertIn("Moving customer", error)


def _expected(out, into):
    """The six transfer KPIs' values from the oracle's deliveries (``out``)
    and receipts (``into``) of a period."""
    return {
        "DELIVERIES": out["count"],
        "OTD": _share(out["on_time"], out["count"], 100),
        "LEAD": _share(out["lead_days"], out["count"]),
        "BACKORDERS": _share(out["backorders"], out["count"], 100),
        "RECEIPT_OTD": _share(into["on_time"], into["count"], 100),
        "RECEIPT_LEAD": _share(into["lead_days"], into["count"]),
    }


def _share(part, whole, scale=1):
    """``part / whole x scale``, ``None`` without a whole: no value."""
    return None if not whole else part / whole * scale
