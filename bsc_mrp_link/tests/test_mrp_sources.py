# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import pytz

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.bsc_core.tests.common import drilldown_total

from .common import BscMrpCase, utc

utc_tz = pytz.utc


def _share(part, whole, scale=1):
    """``part / whole x scale``, ``None`` without a whole: no value."""
    return None if not whole else part / whole * scale


@tagged("post_install", "-at_install")
class TestMrpSources(BscMrpCase):
    """Each manufacturing source on the orders and logs of BscMrpCase."""

    def order_kpis(self, **params):
        return (
            self.make_kpi("DONE", "mrp_done", **params)
            | self.make_kpi("ON_TIME", "mrp_on_time", **params)
            | self.make_kpi("LEAD", "mrp_lead_time", **params)
        )

    def test_fixtures_are_what_the_table_says(self):
        self.assertEqual(self.mos["m6"].state, "cancel")
        done = [m for n, m in self.mos.items() if n != "m6"]
        self.assertTrue(all(m.state == "done" for m in done))
        self.assertEqual(
            self.mos["m2"].move_finished_ids.date, self.mos["m2"].date_finished
        )
        self.assertEqual(self.mos["m4"].picking_type_id.warehouse_id, self.wh2)
        self.assertEqual(self.logs[0].duration, 90)

    def test_orders_done_on_time_and_lead_time(self):
        self.assertEqual(
            self.values(self.order_kpis()),
            {
                # Jan: m1 m2 m3 m4 (not the cancelled m6, not B's mb); Mar: m5
                "DONE": [4, 0, 1, 0],
                # m1 m2 on time of m1 m2 m3 (m4 has no deadline); m5 late
                "ON_TIME": [66.67, None, 0, None],
                "LEAD": [3, None, 3, None],  # (2 + 5 + 2 + 3) / 4 | m5
            },
        )

    def test_on_time_by_calendar_day_in_the_scorecard_time_zone(self):
        on_time = self.make_kpi("ON_TIME", "mrp_on_time")
        self.scorecard.tz = "UTC"
        # m2 and m3 end on their deadline's UTC day; m5 ends in February
        self.assertEqual(self.values(on_time)["ON_TIME"], [100, 0, None, None])

    def test_values_match_the_orm_oracle(self):
        kpis = self.order_kpis() | self.make_kpi(
            "CHAIRS", "mrp_throughput", mrp_product_id=self.chair.id
        )
        for tz_name in ("Europe/Brussels", "Asia/Tokyo"):
            self.scorecard.tz = tz_name
            result = kpis._bsc_source_values(self.months)
            checked = 0
            for period in self.months:
                found = self.oracle(period, tz_name)
                expected = {
                    "DONE": found["count"],
                    "ON_TIME": _share(found["on_time"], found["with_deadline"], 100),
                    "LEAD": _share(found["lead_days"], found["count"]),
                    "CHAIRS": found["chairs"],
                }
                for kpi in kpis:
                    value, error = result[(kpi.id, period.id)]
                    self.assertFalse(error)
                    want = expected[kpi.code]
                    if want is None:
                        self.assertIsNone(value, (kpi.code, period.name))
                    else:
                        self.assertAlmostEqual(value, want, msg=(kpi.code, period.name))
                        checked += bool(want)
            self.assertGreaterEqual(checked, 5, "the oracle compared real figures")

    def test_throughput_and_parameters(self):
        kpis = (
            self.make_kpi("FURNITURE", "mrp_throughput",
                          mrp_product_categ_id=self.furniture.id)
            | self.make_kpi("TABLES", "mrp_throughput", mrp_product_id=self.table.id)
            | self.make_kpi("CHAIRS_WH2", "mrp_throughput",
                            mrp_product_id=self.chair.id, mrp_warehouse_id=self.wh2.id)
            | self.make_kpi("DONE_WH2", "mrp_done", mrp_warehouse_id=self.wh2.id)
            | self.make_kpi("LEAD_CHAIRS", "mrp_lead_time",
                            mrp_product_categ_id=self.chairs.id)
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                "FURNITURE": [19, 0, 0, 0],  # m1 10 + m2 5 + m4 4, not B's mb
                "TABLES": [2, 0, 3, 0],  # m3 | m5 on 1 March local
                "CHAIRS_WH2": [4, 0, 0, 0],  # m4
                "DONE_WH2": [1, 0, 1, 0],  # m4 | m5
                "LEAD_CHAIRS": [3.33, None, None, None],  # (2 + 5 + 3) / 3
            },
        )

    def test_losses_by_work_centre_and_reason(self):
        kpis = (
            self.make_kpi("LOSSES", "mrp_loss_hours")
            | self.make_kpi("W1", "mrp_loss_hours", mrp_workcenter_id=self.w1.id)
            | self.make_kpi("SETUP", "mrp_loss_hours", mrp_loss_id=self.setup_loss.id)
        )
        self.assertEqual(
            self.values(kpis),
            {
                # 90 minutes on 10 Jan | 30 at 00:30 local on 1 Feb; the
                # productive hour and company B's log are no losses of A
                "LOSSES": [1.5, 0.5, 0, 0],
                "W1": [1.5, 0.5, 0, 0],
                "SETUP": [0, 0.5, 0, 0],
            },
        )

    def test_companies_never_mix(self):
        scorecard_b = self.make_scorecard(self.company_b)
        objective_b = self.env["bsc.objective"].create(
            {
                "name": "Make B",
                "scorecard_id": scorecard_b.id,
                "perspective_id": self.env.ref("bsc_core.perspective_internal").id,
            }
        )
        kpis = self.make_kpi("DONE", "mrp_done", objective=objective_b) | self.make_kpi(
            "LOSSES", "mrp_loss_hours", objective=objective_b
        )
        january = self.period("2025-01", scorecard_b)
        result = kpis._bsc_source_values(january)
        self.assertEqual(result[(kpis[0].id, january.id)], (1.0, False))  # mb
        self.assertEqual(result[(kpis[1].id, january.id)], (0.75, False))  # WB

    def test_one_query_per_shape_whatever_the_periods_and_kpis(self):
        one = self.make_kpi("DONE", "mrp_done")
        orders = (
            one
            | self.make_kpi("ON_TIME", "mrp_on_time", mrp_warehouse_id=self.wh1.id)
            | self.make_kpi("LEAD", "mrp_lead_time", mrp_product_id=self.chair.id)
        )
        every_type = (
            orders
            | self.make_kpi("CHAIRS", "mrp_throughput",
                            mrp_product_categ_id=self.chairs.id)
            | self.make_kpi("LOSSES", "mrp_loss_hours", mrp_workcenter_id=self.w1.id)
        )  # fmt: skip
        every_type._bsc_source_values(self.months)  # warm the caches
        for kpis, periods, queries in (
            (one, self.months[:3], 1),
            (one, self.months, 1),
            (orders, self.months[:3], 1),
            (orders, self.months, 1),
            # orders, finished moves, time logs, category tree
            (every_type, self.months[:3], 4),
            (every_type, self.months, 4),
        ):
            with self.assertQueryCount(__system__=queries):
                values = kpis._bsc_source_values(periods)
            self.assertEqual(len(values), len(kpis) * len(periods))

    def test_drilldowns_add_up_to_the_kpi(self):
        """The quantity produced and the losses open on the figure the KPI
        counts (issue #13): May 2025's orders of 3 chairs and half a dozen
        are 9 chairs (the orders' quantities 3.5); its losses of 45 and 75
        minutes are 2 hours."""
        may = self.months[4]
        self.produce(self.wh1, self.chair, 3, utc(5, 5), utc(5, 6), None)
        self.produce(self.wh1, self.chair, 0.5, utc(5, 7), utc(5, 8), None,
                     uom=self.env.ref("uom.product_uom_dozen"))  # fmt: skip
        self.log(self.w1, self.failure, utc(5, 12, 8), 45)
        self.log(self.w1, self.setup_loss, utc(5, 13, 8), 75)
        kpis = self.make_kpi(
            "CHAIRS", "mrp_throughput", mrp_product_id=self.chair.id
        ) | self.make_kpi("LOSSES", "mrp_loss_hours")
        self.scorecard._bsc_recompute(periods=may)
        for kpi, value, count in zip(kpis, (9, 2), (2, 2), strict=True):
            measurement = kpi.measurement_ids.filtered(lambda m: m.period_id == may)
            self.assertAlmostEqual(measurement.actual_value, value, msg=kpi.code)
            action = measurement.action_drilldown()
            found = self.env[action["res_model"]].search(action["domain"])
            self.assertEqual(len(found), count, kpi.code)
            self.assertAlmostEqual(
                drilldown_total(self.env, action), value, msg=kpi.code
            )

    def test_recompute_and_drilldown_open_exactly_the_counted_records(self):
        kpis = {
            kpi.code: kpi
            for kpi in self.order_kpis()
            | self.make_kpi("CHAIRS", "mrp_throughput", mrp_product_id=self.chair.id)
            | self.make_kpi("LOSSES", "mrp_loss_hours")
        }
        self.scorecard._bsc_recompute(periods=self.months[:4])
        january = self.mo_set("m1", "m2", "m3", "m4")
        expected = {
            "DONE": (4, january),
            "ON_TIME": (200 / 3, self.mo_set("m1", "m2", "m3")),
            "LEAD": (3, january),
            "CHAIRS": (19, self.mo_set("m1", "m2", "m4").move_finished_ids),
            "LOSSES": (1.5, self.logs[0]),
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
        self.assertEqual(self.oracle(self.months[0])["records"], january)
        self.assertEqual(self.scorecard._bsc_recompute(periods=self.months[:4]), 0)


@tagged("post_install", "-at_install")
class TestMrpParameters(BscMrpCase):
    def assert_refused(self, source_type, vals, *fragments):
        with self.assertRaises(ValidationError) as caught:
            self.make_kpi("BAD", source_type, name="Bad KPI", **vals)
        for fragment in ("Bad KPI", *fragments):
            self.assertIn(fragment, str(caught.exception))

    def test_work_centre_of_another_company_is_refused(self):
        self.assert_refused(
            "mrp_loss_hours", {"mrp_workcenter_id": self.wb.id}, "WB", "Mrp Link B"
        )

    def test_throughput_needs_a_product(self):
        self.assert_refused("mrp_throughput", {}, "product or the product category")

    def test_parameter_of_another_source_is_refused(self):
        self.assert_refused(
            "mrp_done", {"mrp_workcenter_id": self.w1.id}, "does not apply"
        )


@tagged("post_install", "-at_install")
class TestMrpScrapRate(BscMrpCase):
    """Scrapped quantity of the product made over the quantity produced.

    January's scraps of company A: 1 chair from m1 (WH1) at 23:30 local on
    9 January, a quarter dozen chairs (3) from m4 (WH2) at 00:30 local on
    1 February (February), a table scrapped from m1 (a component-like
    scrap of another product: not counted), 2 chairs from company B's mb.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dozen = cls.env.ref("uom.product_uom_dozen")
        cls.scraps = {
            "s1": cls.scrap(cls.mos["m1"], cls.chair, 1, utc(1, 9, 22, 30)),
            "s2": cls.scrap(cls.mos["m4"], cls.chair, 0.25, utc(1, 31, 23, 30),
                            uom=dozen),
            "s3": cls.scrap(cls.mos["m1"], cls.table, 1, utc(1, 10)),
            "sb": cls.scrap(cls.mos["mb"], cls.chair, 2, utc(1, 16)),
        }  # fmt: skip

    @classmethod
    def scrap(cls, production, product, qty, done, uom=None):
        scrap = (
            cls.env["stock.scrap"]
            .with_company(production.company_id)
            .create(
                {
                    "product_id": product.id,
                    "scrap_qty": qty,
                    "product_uom_id": (uom or product.uom_id).id,
                    "production_id": production.id,
                    "company_id": production.company_id.id,
                }
            )
        )
        scrap.action_validate()
        scrap.date_done = done
        return scrap

    def oracle_rate(self, period, product=None, warehouse=None):
        """Scrapped over produced in ``period``, read record by record."""
        tz = self.scorecard.tz

        def in_period(value):
            local = value.replace(tzinfo=utc_tz).astimezone(pytz.timezone(tz)).date()
            return period.date_start <= local <= period.date_end

        def selected(record, production):
            return (not product or record.product_id == product) and (
                not warehouse or production.picking_type_id.warehouse_id == warehouse
            )

        scraps = self.env["stock.scrap"].search(
            [("company_id", "=", self.company.id), ("state", "=", "done"),
             ("production_id", "!=", False)]
        ).filtered(
            lambda s: in_period(s.date_done)
            and s.product_id == s.production_id.product_id
            and selected(s, s.production_id)
        )  # fmt: skip
        moves = self.env["stock.move"].search(
            [("company_id", "=", self.company.id), ("state", "=", "done"),
             ("production_id", "!=", False),
             ("location_dest_id.usage", "=", "internal")]
        ).filtered(
            lambda m: in_period(m.date)
            and m.product_id == m.production_id.product_id
            and selected(m, m.production_id)
        )  # fmt: skip
        scrapped = sum(
            s.product_uom_id._compute_quantity(s.scrap_qty, s.product_id.uom_id)
            for s in scraps
        )
        produced = sum(moves.mapped("product_qty"))
        return scraps, (scrapped / produced * 100 if produced else None)

    def test_scrap_rate_in_the_product_unit(self):
        kpis = (
            self.make_kpi("RATE", "mrp_scrap_rate")
            | self.make_kpi("CHAIRS", "mrp_scrap_rate", mrp_product_id=self.chair.id)
            | self.make_kpi("WH2", "mrp_scrap_rate", mrp_warehouse_id=self.wh2.id)
            | self.make_kpi("FURNITURE", "mrp_scrap_rate",
                            mrp_product_categ_id=self.furniture.id)
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                # 1 chair of 21 produced (19 chairs, 2 tables) | 3 chairs
                # scrapped in February, nothing produced: no value | m5's 3
                # tables produced, nothing scrapped
                "RATE": [4.76, None, 0, None],
                "CHAIRS": [5.26, None, None, None],  # 1 of 19 chairs
                "WH2": [0, None, 0, None],  # m4's 4 chairs | m5
                "FURNITURE": [5.26, None, None, None],
            },
        )

    def test_scrap_rate_matches_the_orm_oracle(self):
        # one more month with scraps and production in both warehouses
        m7 = self.produce(self.wh1, self.chair, 8, utc(4, 1), utc(4, 2), None)
        m8 = self.produce(self.wh2, self.chair, 0.5, utc(4, 3), utc(4, 4), None,
                          uom=self.env.ref("uom.product_uom_dozen"))  # fmt: skip
        self.scrap(m7, self.chair, 2, utc(4, 5))
        self.scrap(m8, self.chair, 1, utc(4, 6))
        cases = [
            ("RATE", {}, {}),
            ("CHAIRS", {"mrp_product_id": self.chair.id}, {"product": self.chair}),
            ("WH2", {"mrp_warehouse_id": self.wh2.id}, {"warehouse": self.wh2}),
        ]
        kpis = self.env["bsc.kpi"].union(
            *(self.make_kpi(code, "mrp_scrap_rate", **vals) for code, vals, __ in cases)
        )
        for tz_name in ("Europe/Brussels", "Asia/Tokyo"):
            self.scorecard.tz = tz_name
            result = kpis._bsc_source_values(self.months[:4])
            checked = 0
            for period in self.months[:4]:
                for kpi, (__, __, oracle_args) in zip(kpis, cases, strict=True):
                    want = self.oracle_rate(period, **oracle_args)[1]
                    value, error = result[(kpi.id, period.id)]
                    self.assertFalse(error)
                    if want is None:
                        self.assertIsNone(value, (kpi.code, period.name, tz_name))
                    else:
                        self.assertAlmostEqual(
                            value, want, msg=(kpi.code, period.name, tz_name)
                        )
                        checked += bool(want)
            self.assertGreaterEqual(checked, 4, "the oracle compared real figures")

    def test_scrap_rate_drilldown_opens_the_scraps_counted(self):
        kpi = self.make_kpi("CHAIRS", "mrp_scrap_rate", mrp_product_id=self.chair.id)
        self.scorecard._bsc_recompute(periods=self.months[:2])
        for period, scraps in zip(
            self.months[:2],
            (self.scraps["s1"], self.scraps["s2"]),
            strict=True,
        ):
            measurement = kpi.measurement_ids.filtered(
                lambda m, p=period: m.period_id == p
            )
            action = measurement.action_drilldown()
            self.assertEqual(action["res_model"], "stock.scrap")
            found = self.env["stock.scrap"].search(action["domain"])
            self.assertEqual(found, scraps)
            self.assertEqual(found, self.oracle_rate(period, product=self.chair)[0])

    def test_scrap_rate_reads_two_shapes_in_two_queries(self):
        one = self.make_kpi("RATE", "mrp_scrap_rate")
        many = (
            one
            | self.make_kpi("CHAIRS", "mrp_scrap_rate", mrp_product_id=self.chair.id)
            | self.make_kpi("WH2", "mrp_scrap_rate", mrp_warehouse_id=self.wh2.id)
        )
        many._bsc_source_values(self.months)  # warm the caches
        for kpis, periods in ((one, self.months[:3]), (many, self.months)):
            # scraps, finished moves
            with self.assertQueryCount(__system__=2):
                values = kpis._bsc_source_values(periods)
            self.assertEqual(len(values), len(kpis) * len(periods))
