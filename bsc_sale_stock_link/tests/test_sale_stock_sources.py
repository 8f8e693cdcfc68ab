# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

import pytz

from odoo import Command
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import float_compare

from odoo.addons.bsc_core.tests.common import TEST_NOW

BRUSSELS = "Europe/Brussels"


def utc(month, day, hour=9, minute=0):
    return datetime(2025, month, day, hour, minute)


def percentile(values, fraction):
    """``percentile_cont``, by hand: the interpolated value at rank
    ``fraction * (n - 1)`` of the sorted values."""
    if not values:
        return None
    values = sorted(values)
    rank = fraction * (len(values) - 1)
    low = int(rank)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (rank - low)


@tagged("post_install", "-at_install")
class TestSaleStockSources(TransactionCase):
    """OTIF and lead time from sale confirmation on sales the test makes.

    Company A has two warehouses, WH1 and WH2; its scorecard reads dates in
    Europe/Brussels (UTC+1 in winter). Times are UTC as stored.

    ===  ===  ===  ==========  ============  ============================
    s    wh   qty  confirmed   deadline      delivered (UTC)
    ===  ===  ===  ==========  ============  ============================
    s1   WH1  10   6 Jan 9:00  10 Jan 12:00  10 on 9 Jan: OTIF
    s2   WH1  10   13 Jan      17 Jan 12:00  6 on 15 Jan, backorder 4 on
                                             17 Jan 10:00: OTIF
    s3   WH1  5    13 Jan      17 Jan 12:00  3 on 16 Jan, 2 on 20 Jan: late
    s4   WH1  2    20 Jan      22 Jan 12:00  22 Jan 23:01 = 23 Jan 00:01
                                             local: late (on time in UTC)
    s5   WH1  3    21 Jan      24 Jan 12:00  cancelled: not delivered
    s6   WH1  4    7 Jan       14 Jan 12:00  4 on 10 Jan, 1 returned on
                                             12 Jan: 3 by the deadline
    s7   WH2  1    27 Jan      31 Jan 22:00  31 Jan 22:30 (23:30 local)
    s8   WH1  2    3 Feb       5 Feb 12:00   4 Feb: OTIF
    b1   B    3    6 Jan       10 Jan 12:00  8 Jan: company B
    ===  ===  ===  ==========  ============  ============================
    """

    freeze_time = TEST_NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True)
        )
        Company = cls.env["res.company"]
        cls.company = Company.create({"name": "Sale Stock A"})
        cls.company_b = Company.create({"name": "Sale Stock B"})
        cls.env.user.company_ids |= cls.company | cls.company_b
        Warehouse = cls.env["stock.warehouse"]
        cls.wh1 = Warehouse.search([("company_id", "=", cls.company.id)])
        cls.wh2 = Warehouse.create(
            {"name": "Sale Stock A Ghent", "code": "SSAG", "company_id": cls.company.id}
        )
        cls.wh_b = Warehouse.search([("company_id", "=", cls.company_b.id)])
        Partner = cls.env["res.partner"]
        cls.be1 = Partner.create({"name": "Brasserie Lambiek", "is_company": True})
        cls.be2 = Partner.create({"name": "Atelier Gent", "is_company": True})
        cls.fr = Partner.create({"name": "Maison Dupont", "is_company": True})
        cls.frame = cls.env["product.product"].create(
            {"name": "Test Frame", "type": "consu", "list_price": 10}
        )
        cls.sales = s = {}
        s["s1"] = cls.sell(cls.wh1, cls.be1, 10, utc(1, 6), utc(1, 10, 12),
                           [(10, utc(1, 9))])  # fmt: skip
        s["s2"] = cls.sell(cls.wh1, cls.fr, 10, utc(1, 13), utc(1, 17, 12),
                           [(6, utc(1, 15)), (4, utc(1, 17, 10))])  # fmt: skip
        s["s3"] = cls.sell(cls.wh1, cls.fr, 5, utc(1, 13), utc(1, 17, 12),
                           [(3, utc(1, 16)), (2, utc(1, 20))])  # fmt: skip
        s["s4"] = cls.sell(cls.wh1, cls.be2, 2, utc(1, 20), utc(1, 22, 12),
                           [(2, utc(1, 22, 23, 1))])  # fmt: skip
        s["s5"] = cls.sell(cls.wh1, cls.be2, 3, utc(1, 21), utc(1, 24, 12), [],
                           cancel=True)  # fmt: skip
        s["s6"] = cls.sell(cls.wh1, cls.be1, 4, utc(1, 7), utc(1, 14, 12),
                           [(4, utc(1, 10))], returned=(1, utc(1, 12)))  # fmt: skip
        s["s7"] = cls.sell(cls.wh2, cls.be1, 1, utc(1, 27), utc(1, 31, 22),
                           [(1, utc(1, 31, 22, 30))])  # fmt: skip
        s["s8"] = cls.sell(cls.wh1, cls.fr, 2, utc(2, 3), utc(2, 5, 12),
                           [(2, utc(2, 4))])  # fmt: skip
        s["b1"] = cls.sell(cls.wh_b, cls.fr, 3, utc(1, 6), utc(1, 10, 12),
                           [(3, utc(1, 8))])  # fmt: skip
        cls.env.invalidate_all()
        cls.scorecard = cls.env["bsc.scorecard"].create(
            {
                "name": "Sale Stock A 2025",
                "company_id": cls.company.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "tz": BRUSSELS,
            }
        )
        cls.objective = cls.env["bsc.objective"].create(
            {
                "name": "Deliver what was promised",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.env.ref("bsc_core.perspective_internal").id,
            }
        )
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")

    @classmethod
    def sell(cls, warehouse, partner, qty, confirmed, deadline, deliveries,
             cancel=False, returned=None):  # fmt: skip
        """A confirmed sale of ``qty`` frames, delivered in ``deliveries``
        (``(qty, done)``, the rest going into a backorder each time)."""
        company = warehouse.company_id
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "warehouse_id": warehouse.id,
                    "commitment_date": deadline,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.frame.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        order.date_order = confirmed
        for sent, done in deliveries:
            picking = order.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            picking.move_ids.quantity = sent
            picking.move_ids.picked = True
            picking._action_done()
            cls.set_done(picking, done)
        if cancel:
            order.picking_ids.action_cancel()
        if returned:
            qty_back, done = returned
            delivery = order.picking_ids.filtered(lambda p: p.state == "done")
            wizard = (
                cls.env["stock.return.picking"]
                .with_context(active_id=delivery.id, active_ids=delivery.ids,
                              active_model="stock.picking")
                .create({})
            )  # fmt: skip
            wizard.product_return_moves.write({"quantity": qty_back, "to_refund": True})
            back = cls.env["stock.picking"].browse(
                wizard.action_create_returns()["res_id"]
            )
            back.move_ids.quantity = qty_back
            back.move_ids.picked = True
            back._action_done()
            cls.set_done(back, done)
        return order

    @classmethod
    def set_done(cls, picking, done):
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE stock_picking SET date_done = %s WHERE id = %s", (done, picking.id)
        )
        cls.env.cr.execute(
            "UPDATE stock_move SET date = %s WHERE picking_id = %s", (done, picking.id)
        )
        cls.env.invalidate_all()

    def make_kpi(self, code, source_type, **vals):
        return self.env["bsc.kpi"].create(
            dict(
                name=code.title(),
                code=code,
                objective_id=self.objective.id,
                source_type=source_type,
                target_value=10,
                red_flag_value=5,
                **vals,
            )
        )

    def kpis(self, suffix="", **params):
        return (
            self.make_kpi("OTIF" + suffix, "sale_stock_otif", **params)
            | self.make_kpi("LEAD" + suffix, "sale_stock_lead_time", **params)
            | self.make_kpi("P90" + suffix, "sale_stock_lead_time_p90", **params)
        )

    def values(self, kpis, count=3):
        periods = self.months[:count]
        result = kpis._bsc_source_values(periods)
        return {
            kpi.code: [
                None if result[(kpi.id, p.id)][0] is None
                else round(result[(kpi.id, p.id)][0], 2)
                for p in periods
            ]
            for kpi in kpis
        }  # fmt: skip

    # ------------------------------------------------------------------
    # The oracle: the same figures read record by record with the ORM
    # ------------------------------------------------------------------

    def oracle(self, period, tz_name=BRUSSELS, warehouse=None, keep=None):
        tz = pytz.timezone(tz_name)

        def local_day(value):
            return pytz.utc.localize(value).astimezone(tz).date()

        def inside(value):
            return period.date_start <= local_day(value) <= period.date_end

        lines = self.env["sale.order.line"].search(
            [("company_id", "=", self.company.id), ("state", "=", "sale")]
        )
        if warehouse:
            lines = lines.filtered(lambda line: line.order_id.warehouse_id == warehouse)
        lines = lines.filtered(lambda line: inside(line.bsc_date_deadline))
        otif = lines.browse()
        for line in lines:
            outgoing, incoming = line._get_outgoing_incoming_moves()
            due = local_day(line.bsc_date_deadline)

            def by_deadline(moves, due=due):
                return moves.filtered(
                    lambda move: move.state == "done" and local_day(move.date) <= due
                )

            delivered = sum(
                m.product_uom._compute_quantity(m.quantity, line.product_uom)
                for m in by_deadline(outgoing)
            ) - sum(
                m.product_uom._compute_quantity(m.quantity, line.product_uom)
                for m in by_deadline(incoming)
            )
            rounding = line.product_uom.rounding
            if (
                float_compare(
                    delivered, line.product_uom_qty, precision_rounding=rounding
                )
                >= 0
            ):
                otif |= line
        deliveries = self.env["stock.picking"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "done"),
                ("picking_type_code", "=", "outgoing"),
                ("return_id", "=", False),
                ("sale_id", "!=", False),
            ]
        )
        if warehouse:
            deliveries = deliveries.filtered(
                lambda p: p.picking_type_id.warehouse_id == warehouse
            )
        deliveries = deliveries.filtered(lambda p: inside(p.date_done))
        if keep:
            deliveries = deliveries.filtered(keep)
        days = [
            (p.date_done - p.sale_id.date_order).total_seconds() / 86400
            for p in deliveries
        ]
        return {
            "lines": lines,
            "otif": otif,
            "deliveries": deliveries,
            "OTIF": round(len(otif) / len(lines) * 100, 2) if lines else None,
            "LEAD": round(sum(days) / len(days), 2) if days else None,
            "P90": round(percentile(days, 0.9), 2) if days else None,
        }

    # ------------------------------------------------------------------

    def test_fixtures_are_what_the_table_says(self):
        s = self.sales
        self.assertEqual(len(s["s2"].picking_ids), 2, "a backorder")
        self.assertEqual(s["s2"].order_line.qty_delivered, 10)
        self.assertEqual(s["s5"].picking_ids.state, "cancel")
        self.assertEqual(s["s6"].order_line.qty_delivered, 3, "one returned")
        self.assertEqual(s["s1"].order_line.bsc_date_deadline, utc(1, 10, 12))
        self.assertEqual(s["s7"].picking_ids.picking_type_id.warehouse_id, self.wh2)
        self.assertEqual(s["b1"].company_id, self.company_b)

    def test_otif_and_lead_time_by_hand(self):
        values = self.values(self.kpis())
        # Jan: s1, s2 (its backorder on time) and s7 of s1..s7: s3 late, s4
        # at 00:01 local the day after, s5 cancelled, s6 one returned
        self.assertEqual(values["OTIF"], [42.86, 100, None])
        # Feb: s8 confirmed 3 Feb 09:00, delivered 4 Feb 09:00; no
        # delivery in March: no value, not 0
        self.assertEqual(values["LEAD"][1:], [1, None])
        self.assertEqual(values["P90"][1:], [1, None])
        # Jan: 8 deliveries (s1, s2 twice, s3 twice, s4, s6, s7; not the
        # return nor company B's): the slowest, s3's backorder, 7 days
        jan = self.oracle(self.months[0])
        self.assertEqual(len(jan["deliveries"]), 8)
        self.assertEqual(values["LEAD"][0], jan["LEAD"])
        self.assertEqual(values["P90"][0], jan["P90"])
        self.assertLess(values["P90"][0], 7)
        self.assertGreater(values["P90"][0], values["LEAD"][0])

    def test_deadline_day_in_the_scorecard_time_zone(self):
        """s4, delivered at 00:01 local the day after its deadline, is late
        in Brussels and on time in UTC."""
        otif = self.make_kpi("OTIF", "sale_stock_otif")
        self.assertEqual(self.values(otif)["OTIF"][0], 42.86)
        self.scorecard.tz = "UTC"
        self.assertEqual(self.values(otif)["OTIF"][0], 57.14)

    def test_values_match_the_orm_oracle(self):
        kpis = self.kpis() | self.kpis("_WH2", stock_warehouse_id=self.wh2.id)
        for tz_name in (BRUSSELS, "UTC"):
            self.scorecard.tz = tz_name
            values = self.values(kpis)
            for position, period in enumerate(self.months[:3]):
                for suffix, warehouse in (("", None), ("_WH2", self.wh2)):
                    expected = self.oracle(period, tz_name, warehouse)
                    for code in ("OTIF", "LEAD", "P90"):
                        self.assertEqual(
                            values[code + suffix][position],
                            expected[code],
                            f"{code}{suffix} {period.name} {tz_name}",
                        )
        self.assertEqual(self.values(kpis)["OTIF_WH2"][0], 100)  # s7

    def test_one_query_per_shape_whatever_the_kpis_and_periods(self):
        """1 or 3 months, 3 or 9 KPIs: one query for the sale lines due, one
        for the deliveries (averages and 90th percentiles together); one more
        for deliveries narrowed to a product (a filter column)."""
        few = self.kpis()
        many = (
            few
            | self.kpis("_WH1", stock_warehouse_id=self.wh1.id)
            | self.kpis("_BE1", stock_partner_id=self.be1.id)
        )
        product = many | self.kpis("_FRAME", stock_product_id=self.frame.id)
        product._bsc_source_values(self.months)  # warm the caches
        for kpis, periods, queries in (
            (few, self.months[:1], 2),
            (few, self.months[:3], 2),
            (many, self.months[:1], 2),
            (many, self.months, 2),
            (product, self.months[:1], 3),
            (product, self.months, 3),
        ):
            with self.assertQueryCount(__system__=queries):
                values = kpis._bsc_source_values(periods)
            self.assertEqual(len(values), len(kpis) * len(periods))

    def test_product_and_category_kpis_match_the_orm_oracle(self):
        """Lead times of the deliveries with a move of a product or of a
        category (subcategories included), each delivery once however many
        of its moves match, against the ORM's ``move_ids``."""
        lights = self.env["product.category"].create({"name": "Test Lights"})
        lamp = self.env["product.product"].create(
            {"name": "Test Lamp", "type": "consu", "categ_id": lights.id}
        )
        order = self.sell(self.wh1, self.be2, 2, utc(1, 8), utc(1, 12, 12), [])
        order.order_line = [
            Command.create({"product_id": lamp.id, "product_uom_qty": 1}),
            Command.create({"product_id": self.frame.id, "product_uom_qty": 1}),
        ]
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.move_ids.product_id, self.frame | lamp)
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        self.set_done(picking, utc(1, 12, 18))
        everything = self.frame.categ_id.parent_path.split("/")[0]
        selections = {
            "_FRAME": ({"stock_product_id": self.frame.id}, self.frame),
            "_LAMP": ({"stock_product_id": lamp.id}, lamp),
            "_LIGHTS": ({"stock_product_categ_id": lights.id}, lamp),
            "_ALL": ({"stock_product_categ_id": int(everything)},
                     self.frame | lamp),
            "_LAMP_LIGHTS": ({"stock_product_id": lamp.id,
                              "stock_product_categ_id": lights.id}, lamp),
        }  # fmt: skip
        kpis = self.env["bsc.kpi"]
        for suffix, (params, __) in selections.items():
            kpis |= self.kpis(suffix, **params)
        values = self.values(kpis)
        checked = 0
        for position, period in enumerate(self.months[:3]):
            for suffix, (__, products) in selections.items():
                expected = self.oracle(
                    period, keep=lambda p, s=products: p.move_ids.product_id & s
                )
                for code in ("LEAD", "P90"):
                    self.assertEqual(
                        values[code + suffix][position],
                        expected[code],
                        f"{code}{suffix} {period.name}",
                    )
                    checked += expected[code] is not None
        self.assertGreaterEqual(checked, 12, "the oracle compared real figures")
        # January: the lamp's one delivery, 4 days and 9 hours after the sale
        self.assertEqual(values["LEAD_LAMP"][0], 4.38)

    def test_drilldown_opens_exactly_the_records_counted(self):
        kpis = self.kpis()
        january = self.months[0]
        jan = self.oracle(january)
        for kpi in kpis:
            action = kpi._bsc_drilldown_action(january)
            records = self.env[action["res_model"]].search(action["domain"])
            if kpi.code == "OTIF":
                self.assertEqual(records, jan["lines"])
            else:
                self.assertEqual(records, jan["deliveries"])

    def test_operation_type_is_refused(self):
        with self.assertRaisesRegex(Exception, "operation type"):
            self.make_kpi(
                "OTIF", "sale_stock_otif", stock_picking_type_id=self.wh1.out_type_id.id
            )

    def test_wizard_offers_the_sales_templates(self):
        wizard_form = Form(
            self.env["bsc.stock.kpi.wizard"].with_context(
                default_objective_id=self.objective.id
            )
        )
        wizard = wizard_form.save()
        templates = wizard.line_ids.mapped("template")
        self.assertIn("otif", templates)
        self.assertIn("otd", templates, "the inventory templates stay")
        wizard.line_ids.filtered(
            lambda line: line.template not in ("otif", "sale_lead_time_p90")
        ).selected = False
        wizard.action_create_kpis()
        kpis = self.objective.kpi_ids
        self.assertEqual(
            sorted(kpis.mapped("source_type")),
            ["sale_stock_lead_time_p90", "sale_stock_otif"],
        )
        self.assertEqual(self.values(kpis.filtered("code"))["SALE_OTIF"][0], 42.86)
