# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import BscSaleCase


@tagged("post_install", "-at_install")
class TestSaleSources(BscSaleCase):
    """Each sales source on the orders of BscSaleCase (see its table)."""

    def test_orders_in_other_currencies_carry_their_rate(self):
        o = self.orders
        self.assertEqual(o["o2"].currency_rate, 1.25)  # 250 USD = 200 EUR
        self.assertEqual(o["o3"].currency_rate, 0.8)  # 80 GBP = 100 EUR
        self.assertEqual(o["o6"].amount_untaxed, 300)  # 1/4 dozen x 1200
        self.assertEqual(o["o1"].state, "sale")
        self.assertEqual((o["o4"].state, o["o5"].state), ("draft", "cancel"))

    def test_revenue_orders_and_average_order_value(self):
        kpis = (
            self.make_kpi("REVENUE", "sale_revenue")
            | self.make_kpi("ORDERS", "sale_orders")
            | self.make_kpi("AOV", "sale_aov")
        )
        self.assertEqual(
            self.values(kpis),
            {
                # Jan: o1 200 + o2 250 USD / 1.25 + o3 80 GBP / 0.8; not the
                # draft o4, the cancelled o5, company B's ob1, branch A1's oa1
                # Feb: o6 300 + o7 400 + o10 100; Mar: o8; Apr: nothing
                "REVENUE": [500, 800, 150, 0],
                "ORDERS": [3, 3, 1, 0],
                # 500 / 3, 800 / 3; no order in April: no value, no error
                "AOV": [166.67, 266.67, 150, None],
            },
        )
        result = kpis._bsc_source_values(self.months[3:4])
        self.assertEqual(result[(kpis[2].id, self.months[3].id)], (None, False))

    def test_new_customers_count_first_confirmed_orders_in_the_company(self):
        kpis = (
            self.make_kpi("NEW", "sale_new_customers")
            | self.make_kpi("NEW_T1", "sale_new_customers", sale_team_id=self.team_1.id)
            | self.make_kpi("NEW_T2", "sale_new_customers", sale_team_id=self.team_2.id)
        )
        self.assertEqual(
            self.values(kpis),
            {
                # Jan: be1 (o1; o3 by its contact is not a new customer) and fr
                # (o2; its earlier order ob1 is company B's). Feb: be2, whose
                # draft, cancelled and branch orders do not count. old ordered
                # in 2024 already; be1's o8 in March is not its first.
                "NEW": [2, 1, 0, 0],
                # The parameters apply to the first order: o1, o2 are T1's,
                # o6 is T2's; be1's later T2 order o8 does not make it new.
                "NEW_T1": [2, 0, 0, 0],
                "NEW_T2": [0, 1, 0, 0],
            },
        )

    def test_first_of_two_orders_at_the_same_instant_has_the_lowest_id(self):
        customer = self.env["res.partner"].create({"name": "Twin orders"})
        twins = self.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": self.alice.id,
                    "team_id": team.id,
                    "company_id": self.company.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.service.id, "price_unit": 10}
                        )
                    ],
                }
                for team in (self.team_2, self.team_1)
            ]
        )
        twins.action_confirm()
        twins.date_order = datetime(2025, 3, 5, 9, 0)
        kpis = (
            self.make_kpi("NEW", "sale_new_customers")
            | self.make_kpi("NEW_T1", "sale_new_customers", sale_team_id=self.team_1.id)
            | self.make_kpi("NEW_T2", "sale_new_customers", sale_team_id=self.team_2.id)
        )
        values = self.values(kpis)
        # one new customer in March, under the team of its first order
        self.assertEqual(
            [values[code][2] for code in ("NEW", "NEW_T1", "NEW_T2")], [1, 0, 1]
        )
        action = kpis[2]._bsc_drilldown_action(self.period("2025-03"))
        self.assertEqual(action["domain"], [("id", "in", twins[:1].ids)])

    def test_conversion_rate_of_quotations_created_in_the_period(self):
        kpis = (
            self.make_kpi("CONV", "sale_conversion")
            | self.make_kpi("CONV_T1", "sale_conversion", sale_team_id=self.team_1.id)
            | self.make_kpi("CONV_T2", "sale_conversion", sale_team_id=self.team_2.id)
        )
        self.assertEqual(
            self.values(kpis),
            {
                # Created in Jan: o1 o2 o3 o4 o5 o6, confirmed o1 o2 o3 o6: 4/6.
                # Feb: o7 o10 confirmed, o11 cancelled, o12 draft: 2/4.
                # Mar: o8 (created 1 March 00:30 local). Apr: none, no value.
                "CONV": [66.67, 50, 100, None],
                # T1: Jan o1 o2 of o1 o2 o4; Feb o7 o10 of o7 o10 o12
                "CONV_T1": [66.67, 66.67, None, None],
                # T2: Jan o3 o6 of o3 o5 o6; Feb o11 cancelled: 0 %
                "CONV_T2": [66.67, 0, 100, None],
            },
        )

    def test_parameters_filter_and_combine(self):
        be, fr = self.env.ref("base.be"), self.env.ref("base.fr")
        kpis = (
            self.make_kpi("T1", "sale_revenue", sale_team_id=self.team_1.id)
            | self.make_kpi("T2", "sale_revenue", sale_team_id=self.team_2.id)
            | self.make_kpi("ALICE", "sale_revenue", sale_user_id=self.alice.id)
            | self.make_kpi("BOB", "sale_revenue", sale_user_id=self.bob.id)
            | self.make_kpi(
                "T1_ALICE", "sale_revenue",
                sale_team_id=self.team_1.id, sale_user_id=self.alice.id,
            )
            | self.make_kpi("BE", "sale_revenue", sale_country_id=be.id)
            | self.make_kpi("FR", "sale_revenue", sale_country_id=fr.id)
            | self.make_kpi(
                "FR_T2", "sale_orders",
                sale_country_id=fr.id, sale_team_id=self.team_2.id,
            )
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                "T1": [400, 500, 0, 0],  # o1 o2 | o7 o10
                "T2": [100, 300, 150, 0],  # o3 | o6 | o8
                "ALICE": [300, 500, 0, 0],  # o1 o3 | o7 o10
                "BOB": [200, 300, 150, 0],  # o2 | o6 | o8
                "T1_ALICE": [200, 500, 0, 0],  # o1 | o7 o10
                # o3's customer is be1's contact, in Belgium too
                "BE": [300, 400, 150, 0],  # o1 o3 | o6 o10 | o8
                "FR": [200, 400, 0, 0],  # o2 | o7
                "FR_T2": [0, 0, 0, 0],  # fr's T2 order o11 was cancelled
            },
        )

    def test_product_category_counts_its_lines(self):
        chairs = self.chairs.id
        kpis = (
            self.make_kpi("CHAIRS", "sale_revenue", sale_product_categ_id=chairs)
            | self.make_kpi(
                "FURNITURE", "sale_revenue", sale_product_categ_id=self.furniture.id
            )
            | self.make_kpi(
                "SERVICES", "sale_revenue", sale_product_categ_id=self.services.id
            )
            | self.make_kpi(
                "SERVICE_ORDERS", "sale_orders", sale_product_categ_id=self.services.id
            )
            | self.make_kpi("CHAIR_QTY", "sale_quantity", sale_product_id=self.chair.id)
            | self.make_kpi(
                "SERVICE_QTY", "sale_quantity", sale_product_categ_id=self.services.id
            )
            | self.make_kpi(
                "CHAIR_QTY_BOB", "sale_quantity",
                sale_product_id=self.chair.id, sale_user_id=self.bob.id,
            )
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                # Chair lines: o1 200 + o3 80 GBP | o6 300 | o8's chair 100,
                # not its service line
                "CHAIRS": [300, 300, 100, 0],
                # Subcategories count: chairs are furniture
                "FURNITURE": [300, 300, 100, 0],
                "SERVICES": [200, 500, 50, 0],  # o2 | o7 o10 | o8's 50
                "SERVICE_ORDERS": [1, 2, 1, 0],
                # o1 2 + o3 1 | o6 1/4 dozen = 3 units | o8 1
                "CHAIR_QTY": [3, 3, 1, 0],
                "SERVICE_QTY": [1, 2, 1, 0],
                "CHAIR_QTY_BOB": [0, 3, 1, 0],
            },
        )

    def test_period_boundaries_in_the_scorecard_time_zone(self):
        """23:30 in Brussels on 31 January (22:30 UTC) is a January order."""
        revenue = self.make_kpi("REVENUE", "sale_revenue")
        # o1 (31 Dec 23:30 UTC = 1 Jan 00:30) and o3 (31 Jan 22:30 UTC =
        # 23:30) are January's; o6 (28 Feb 23:59) February's; o8 (28 Feb
        # 23:30 UTC = 1 March 00:30) March's.
        self.assertEqual(self.values(revenue)["REVENUE"], [500, 800, 150, 0])
        # Read in UTC, o1 falls in December 2024 and o8 in February.
        self.scorecard.tz = "UTC"
        self.assertEqual(self.values(revenue)["REVENUE"], [300, 950, 0, 0])
        # In Tokyo (UTC+9), o3 is a 1 February order, o6 and o8 1 March ones.
        self.scorecard.tz = "Asia/Tokyo"
        self.assertEqual(self.values(revenue)["REVENUE"], [400, 600, 450, 0])

    def test_quarters_and_years_are_read_directly(self):
        revenue = self.make_kpi("REVENUE_Q", "sale_revenue", frequency="quarter")
        conversion = self.make_kpi("CONV_Q", "sale_conversion", frequency="quarter")
        quarter = self.period("2025-Q1")
        self.assertTrue(quarter, "the scorecard has a first quarter")
        result = (revenue | conversion)._bsc_source_values(self.scorecard.period_ids)
        self.assertEqual(result[(revenue.id, quarter.id)], (1450.0, False))
        # 4 + 2 + 1 confirmed of 6 + 4 + 1 created
        self.assertAlmostEqual(result[(conversion.id, quarter.id)][0], 700 / 11)

    def test_companies_never_mix(self):
        """A's scorecard never counts B's orders; a branch is counted on demand."""
        branch = self.make_kpi("BRANCH", "sale_revenue", sale_company_id=self.branch.id)
        self.assertEqual(self.values(branch)["BRANCH"], [1000, 0, 0, 0])  # oa1
        scorecard_b = self.env["bsc.scorecard"].create(
            {
                "name": "Sales Link B 2025",
                "company_id": self.company_b.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "tz": "Europe/Brussels",
            }
        )
        objective_b = self.env["bsc.objective"].create(
            {
                "name": "Grow B",
                "scorecard_id": scorecard_b.id,
                "perspective_id": self.env.ref("bsc_core.perspective_financial").id,
            }
        )
        revenue_b = self.make_kpi("REVENUE", "sale_revenue", objective=objective_b)
        new_b = self.make_kpi("NEW", "sale_new_customers", objective=objective_b)
        january_b = self.period("2025-01", scorecard_b)
        result = (revenue_b | new_b)._bsc_source_values(january_b)
        self.assertEqual(result[(revenue_b.id, january_b.id)], (700.0, False))  # ob1
        self.assertEqual(result[(new_b.id, january_b.id)], (1.0, False))  # fr in B

    def test_one_query_per_shape_whatever_the_periods_and_kpis(self):
        """3 or 12 months, 1 or 7 KPIs: one query per shape used (confirmed
        orders, quotations, order lines) and one reading the category tree."""
        one = self.make_kpi("REVENUE", "sale_revenue")
        three = (
            one
            | self.make_kpi("AOV", "sale_aov", sale_team_id=self.team_1.id)
            | self.make_kpi(
                "QTY", "sale_quantity", sale_product_categ_id=self.chairs.id
            )
        )
        every_type = (
            three
            | self.make_kpi("ORDERS", "sale_orders")
            | self.make_kpi("NEW", "sale_new_customers", sale_user_id=self.bob.id)
            | self.make_kpi("CONV", "sale_conversion")
            | self.make_kpi("CONV_BE", "sale_conversion",
                            sale_country_id=self.env.ref("base.be").id)
        )  # fmt: skip
        every_type._bsc_source_values(self.months)  # warm the caches
        for kpis, periods, queries in (
            (one, self.months[:3], 1),
            (one, self.months, 1),
            (three, self.months[:3], 3),
            (three, self.months, 3),
            (every_type, self.months[:3], 4),
            (every_type, self.months, 4),
        ):
            with self.assertQueryCount(__system__=queries):
                values = kpis._bsc_source_values(periods)
            self.assertEqual(len(values), len(kpis) * len(periods))

    def test_locked_periods_in_between_do_not_shift_values(self):
        """January and March recomputed around a locked February."""
        revenue = self.make_kpi("REVENUE", "sale_revenue")
        periods = self.months[0] | self.months[2]
        result = revenue._bsc_source_values(periods)
        self.assertEqual(result[(revenue.id, self.months[0].id)], (500.0, False))
        self.assertEqual(result[(revenue.id, self.months[2].id)], (150.0, False))
        self.assertNotIn((revenue.id, self.months[1].id), result)

    def test_recompute_and_drilldown_open_exactly_the_counted_records(self):
        kpis = {
            kpi.code: kpi
            for kpi in (
                self.make_kpi("REVENUE", "sale_revenue")
                | self.make_kpi("ORDERS", "sale_orders")
                | self.make_kpi("AOV", "sale_aov")
                | self.make_kpi("NEW", "sale_new_customers")
                | self.make_kpi("CONV", "sale_conversion")
                | self.make_kpi("CHAIRS", "sale_revenue",
                                sale_product_categ_id=self.chairs.id)
                | self.make_kpi("QTY", "sale_quantity", sale_product_id=self.chair.id)
                | self.make_kpi("NEW_T2", "sale_new_customers",
                                sale_team_id=self.team_2.id)
            )
        }  # fmt: skip
        self.scorecard._bsc_recompute(periods=self.months[:4])
        expected = {
            # code: (value in January, records behind it)
            "REVENUE": (500, self.order_set("o1", "o2", "o3")),
            "ORDERS": (3, self.order_set("o1", "o2", "o3")),
            "AOV": (500 / 3, self.order_set("o1", "o2", "o3")),
            "NEW": (2, self.order_set("o1", "o2")),
            "CONV": (400 / 6, self.order_set("o1", "o2", "o3", "o4", "o5", "o6")),
            "CHAIRS": (300, (self.orders["o1"] | self.orders["o3"]).order_line),
            "QTY": (3, (self.orders["o1"] | self.orders["o3"]).order_line),
            "NEW_T2": (0, self.env["sale.order"]),
        }
        for code, (value, records) in expected.items():
            measurement = kpis[code].measurement_ids.filtered(
                lambda m: m.period_id.name == "2025-01"
            )
            self.assertAlmostEqual(measurement.actual_value, value, msg=code)
            self.assertFalse(measurement.error_text, code)
            action = measurement.action_drilldown()
            # as its company's user opens it: the analysis is in the
            # currency of the active company
            Model = self.env[action["res_model"]].with_company(kpis[code].company_id)
            found = Model.search(action["domain"])
            if code in ("REVENUE", "CHAIRS"):
                # the lines of the sales analysis, whose untaxed amounts in
                # the company currency add up to the value
                self.assertEqual(action["res_model"], "sale.report", code)
                lines = found.mapped("order_reference")
                orders = records if records._name == "sale.order" else records.order_id
                self.assertEqual(set(lines), set(orders), code)
                self.assertAlmostEqual(sum(found.mapped("price_subtotal")), value)
                continue
            self.assertEqual(action["res_model"], records._name, code)
            self.assertEqual(found, records, code)
        # New customers of February: be2's o6 only
        february = kpis["NEW"].measurement_ids.filtered(
            lambda m: m.period_id.name == "2025-02"
        )
        action = february.action_drilldown()
        self.assertEqual(
            self.env["sale.order"].search(action["domain"]), self.orders["o6"]
        )
        # A second run changes nothing.
        self.assertEqual(self.scorecard._bsc_recompute(periods=self.months[:4]), 0)


@tagged("post_install", "-at_install")
class TestSaleParameters(BscSaleCase):
    """Parameters that cannot fit the scorecard are refused, saying why."""

    def assert_refused(self, vals, *fragments):
        with self.assertRaises(ValidationError) as caught:
            self.make_kpi(
                "BAD", vals.pop("source_type", "sale_revenue"), name="Bad KPI", **vals
            )
        message = str(caught.exception)
        for fragment in ("Bad KPI", *fragments):
            self.assertIn(fragment, message)

    def test_team_of_another_company_is_refused(self):
        self.assert_refused(
            {"sale_team_id": self.team_b.id},
            "TB Direct", "Sales Link B", "leave Sales Team empty",
        )  # fmt: skip

    def test_salesperson_of_another_company_is_refused(self):
        self.assert_refused(
            {"sale_user_id": self.carol.id}, "does not work for Sales Link A"
        )

    def test_product_of_another_company_is_refused(self):
        product_b = self.env["product.product"].create(
            {"name": "B only", "company_id": self.company_b.id}
        )
        self.assert_refused(
            {"sale_product_id": product_b.id, "source_type": "sale_quantity"},
            "B only", "leave Product empty",
        )  # fmt: skip

    def test_company_outside_the_scorecard_company_is_refused(self):
        self.assert_refused(
            {"sale_company_id": self.company_b.id}, "nor one of its branches"
        )

    def test_team_must_be_of_the_company_counted(self):
        kpi = self.make_kpi(
            "BRANCH_TEAM", "sale_revenue",
            sale_company_id=self.branch.id, sale_team_id=self.team_a1.id,
        )  # fmt: skip
        self.assertEqual(self.values(kpi)["BRANCH_TEAM"], [1000, 0, 0, 0])  # oa1
        # Without the branch as sales company, the branch's team does not fit.
        with self.assertRaisesRegex(ValidationError, "TA1 Ghent.*Sales Link A Ghent"):
            kpi.sale_company_id = False

    def test_quantity_needs_a_product_or_a_category(self):
        self.assert_refused({"source_type": "sale_quantity"}, "product or the product")

    def test_parameters_made_wrong_later_give_an_error_value(self):
        team = self.env["crm.team"].create(
            {"name": "Moving team", "company_id": self.company.id}
        )
        kpi = self.make_kpi("MOVING", "sale_revenue", sale_team_id=team.id)
        team.company_id = self.company_b
        value, error = kpi._bsc_source_values(self.months[:1])[
            (kpi.id, self.months[0].id)
        ]
        self.assertIsNone(value)
        self.assertIn("Moving team", error)
