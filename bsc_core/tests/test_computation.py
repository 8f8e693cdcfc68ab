# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo.tests import tagged
from odoo.tools import SQL

from .common import BscCase


@tagged("post_install", "-at_install")
class TestComputation(BscCase):
    """KPIs computed from ERP records, formulas, and what a recompute keeps."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rates = cls.make_rates(
            [
                (date(2026, 1, 1), 3),  # first day of January
                (date(2026, 1, 31), 5),  # last day of January
                (date(2026, 2, 14), 7),
                (date(2026, 3, 31), 2),
                (date(2025, 12, 31), 100),  # before the span
            ]
        )
        # Company B's rates are never counted by company A's scorecard.
        cls.make_rates([(date(2026, 1, 10), 50)], company=cls.company_b)
        only_xba = "[('currency_id.name', '=', 'XBA')]"
        cls.count_source = cls.make_source("Rates set", domain=only_xba)
        cls.color_source = cls.make_source("Rate sum", "sum", cls.rate_field, only_xba)
        cls.new = cls.make_kpi(
            "NEW",
            source_type="source",
            source_id=cls.count_source.id,
            target_value=2,
            red_flag_value=1,
        )
        cls.colors = cls.make_kpi(
            "COLORS", source_type="source", source_id=cls.color_source.id
        )
        cls.per_contact = cls.make_kpi(
            "PER_CONTACT",
            source_type="formula",
            formula="COLORS / NEW",
            target_value=4,
            red_flag_value=2,
        )
        cls.growth = cls.make_kpi(
            "GROWTH",
            source_type="formula",
            formula="100 * (COLORS - prev(COLORS)) / prev(COLORS)",
            target_value=0,
            red_flag_value=-10,
        )
        cls.ytd_colors = cls.make_kpi(
            "YTD_COLORS", source_type="formula", formula="ytd(COLORS)"
        )
        cls.manual = cls.make_kpi("SURVEY", target_value=80, red_flag_value=60)

    def test_generic_source_counts_and_sums_per_month(self):
        self.scorecard._bsc_recompute()
        # January: 1 Jan (3) and 31 Jan (5); not company B's 10 Jan (50).
        self.assertEqual(self.measurement(self.new, "2026-01").actual_value, 2)
        self.assertEqual(self.measurement(self.colors, "2026-01").actual_value, 8)
        self.assertEqual(self.measurement(self.new, "2026-02").actual_value, 1)
        self.assertEqual(self.measurement(self.new, "2026-03").actual_value, 1)
        # A month without records counts 0, a real value.
        april = self.measurement(self.new, "2026-04")
        self.assertTrue(april.has_actual)
        self.assertEqual(april.actual_value, 0)
        # Scored by the primer's table: 2 >= target 2 -> green 6.67.
        january = self.measurement(self.new, "2026-01")
        self.assertEqual((january.status, january.score), ("green", 6.67))
        self.assertEqual(self.measurement(self.new, "2026-02").status, "yellow")

    def test_formulas_prev_ytd(self):
        self.scorecard._bsc_recompute()
        self.assertEqual(self.measurement(self.per_contact, "2026-01").actual_value, 4)
        self.assertEqual(self.measurement(self.per_contact, "2026-02").actual_value, 7)
        # (7 - 8) / 8 = -12.5 %
        self.assertAlmostEqual(
            self.measurement(self.growth, "2026-02").actual_value, -12.5
        )
        # No January before January: no data, with the reason.
        january = self.measurement(self.growth, "2026-01")
        self.assertFalse(january.has_actual)
        self.assertEqual(january.status, "none")
        self.assertIn("COLORS", january.error_text)
        self.assertEqual(self.measurement(self.ytd_colors, "2026-03").actual_value, 17)

    def test_division_by_zero_gives_error_value_not_traceback(self):
        self.scorecard._bsc_recompute()
        april = self.measurement(self.per_contact, "2026-04")  # 0 / 0
        self.assertFalse(april.has_actual)
        self.assertEqual(april.status, "none")
        self.assertIn("#DIV/0", april.error_text)
        # The rest of the scorecard still computed.
        self.assertEqual(self.measurement(self.new, "2026-04").actual_value, 0)

    def test_recompute_rows_equal_orm_rows(self):
        """What the recompute inserts in bulk is what the ORM's create stores:
        each row is deleted and created again through create, field by field
        equal (related copies, defaults, score, status, explanation)."""
        self.scorecard._bsc_recompute()
        Measurement = self.env["bsc.measurement"].with_context(
            tracking_disable=True, bsc_compute=True
        )
        skip = {"id", "create_uid", "create_date", "write_uid", "write_date"}
        stored = [
            name
            for name, field in Measurement._fields.items()
            if field.store and field.column_type and name not in skip
        ]
        given = [
            name
            for name in stored
            if not Measurement._fields[name].compute
            and not Measurement._fields[name].related
        ]
        rows = (
            self.measurement(self.new, "2026-01")  # a value, green
            | self.measurement(self.colors, "2026-02")
            | self.measurement(self.per_contact, "2026-04")  # #DIV/0
            | self.measurement(self.manual, "2026-03")  # to enter
        )
        self.assertEqual(len(rows), 4)
        self.assertIn("none", rows.mapped("status"))
        for row in rows:
            code = row.kpi_id.code
            inserted = row.read(stored, load=False)[0]
            vals = {name: inserted[name] for name in given}
            row.unlink()
            created = Measurement.create(vals).read(stored, load=False)[0]
            del inserted["id"], created["id"]
            with self.subTest(kpi=code):
                self.assertEqual(inserted, created)
                self.assertTrue(created["scorecard_id"] and created["date_start"])

    def test_bulk_insert_stores_text_as_create(self):
        """The bulk insert (one COPY) stores what create stores, column by
        column as PostgreSQL has it: tabs, newlines, backslashes, quotes and
        accents in an error (also in its explanation) and a comment, a -0.0,
        and values several rows share (converted once)."""
        self.maxDiff = None
        Measurement = self.env["bsc.measurement"].with_context(
            tracking_disable=True, bsc_compute=True
        )
        months = self.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")[:4]
        tricky = "a\tb\nc\r\\d \\N 'e' \"q\" \u00e9\u2211 %s"
        targets = {
            fname: self.new[fname]
            for fname in ("target_value", "red_flag_value", "target_max_value")
        }
        common = dict(targets, tolerance_value=0.0, origin="computed")
        vals_list = [
            dict(common, actual_value=-0.0, has_actual=True, comment=tricky),
            dict(common, actual_value=0.0, has_actual=False, error_text=tricky),
            dict(common, actual_value=2.0, has_actual=True, comment=tricky),
            dict(common, actual_value=2.0, has_actual=True, origin="manual"),
        ]
        for vals, month in zip(vals_list, months, strict=True):
            vals.update(kpi_id=self.new.id, period_id=month.id)

        def rows():
            # every column as PostgreSQL stores it, but the id
            return self.env.execute_query(
                SQL(
                    """SELECT to_jsonb(m) - 'id' FROM bsc_measurement m
                       WHERE kpi_id = %s AND period_id IN %s
                       ORDER BY date_start""",
                    self.new.id,
                    tuple(months.ids),
                )
            )

        self.assertEqual(Measurement._bsc_insert([dict(vals) for vals in vals_list]), 4)
        inserted = rows()
        self.assertEqual(inserted[1][0]["error_text"], tricky)
        self.assertEqual(inserted[0][0]["comment"], tricky)
        self.assertIn(tricky, inserted[1][0]["explanation_data"]["text"])
        self.assertEqual(inserted[2][0]["status"], "green")
        self.new.measurement_ids.filtered(lambda m: m.period_id in months).unlink()
        Measurement.create([dict(vals) for vals in vals_list])
        self.env.flush_all()
        for vals, (row,), (created,) in zip(vals_list, inserted, rows(), strict=True):
            with self.subTest(actual=vals["actual_value"], origin=vals["origin"]):
                self.assertEqual(row, created)

    def test_trends_against_the_previous_period(self):
        """Stored trends: set on the rows a first recompute inserts, then kept
        in step with a typed value (the previous month's)."""
        self.scorecard._bsc_recompute()
        trends = {
            month: self.measurement(self.new, month).trend
            for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05")
        }
        # counts 2, 1, 1, 0, 0; January has no previous period
        self.assertEqual(
            trends,
            {
                "2026-01": False,
                "2026-02": "down",
                "2026-03": "flat",
                "2026-04": "down",
                "2026-05": "flat",
            },
        )
        # SURVEY is typed: 70 in March then 90 in April goes up; May (empty)
        self.measurement(self.manual, "2026-03").actual_value = 70
        self.measurement(self.manual, "2026-04").actual_value = 90
        self.assertEqual(self.measurement(self.manual, "2026-04").trend, "up")
        self.assertFalse(self.measurement(self.manual, "2026-05").trend)
        self.measurement(self.manual, "2026-03").actual_value = 95
        self.assertEqual(self.measurement(self.manual, "2026-04").trend, "down")

    def test_stored_trend_is_the_matrix_trend(self):
        """The trend stored on measurements (lists, kanban, reports) is the
        one the matrix shows, month by month: up, flat, down, no trend next
        to a month without a value, and none next to a month without a
        measurement at all (not a comparison with the month before it)."""
        self.scorecard._bsc_recompute()
        self.measurement(self.manual, "2026-07").unlink()
        typed = {
            "2026-01": 70,
            "2026-02": 80,
            "2026-03": 80,
            "2026-04": 60,
            "2026-06": 65,
            "2026-08": 50,
            "2026-09": 55,
        }
        for month, value in typed.items():
            self.measurement(self.manual, month).actual_value = value
        months = [f"2026-{month:02d}" for month in range(1, 10)]
        periods = [self.period(month) for month in months]
        matrices = self.env["bsc.matrix"]._bsc_matrices(self.scorecard, periods)
        shown = {}
        for month, matrix in zip(months, matrices, strict=True):
            for perspective in matrix["perspectives"]:
                for objective in perspective["objectives"]:
                    for kpi in objective["kpis"]:
                        if kpi["id"] == self.manual.id:
                            shown[month] = kpi["trend"]
        stored = {
            month: self.measurement(self.manual, month).trend or False
            for month in months
        }
        stored["2026-07"] = False  # no measurement: nothing stored
        expected = {
            "2026-01": False,
            "2026-02": "up",
            "2026-03": "flat",
            "2026-04": "down",
            "2026-05": False,  # no value
            "2026-06": False,  # May has none
            "2026-07": False,  # no measurement
            "2026-08": False,  # July has none: not compared with June
            "2026-09": "up",
        }
        self.assertEqual(shown, expected)
        self.assertEqual(stored, expected)

    def test_recompute_is_idempotent(self):
        first = self.scorecard._bsc_recompute()
        self.assertTrue(first)
        ids = self.scorecard.kpi_ids.measurement_ids.ids
        stamps = self.scorecard.kpi_ids.measurement_ids.mapped("computed_at")
        self.assertEqual(self.scorecard._bsc_recompute(), 0)
        self.assertEqual(self.scorecard.kpi_ids.measurement_ids.ids, ids)
        self.assertEqual(
            self.scorecard.kpi_ids.measurement_ids.mapped("computed_at"), stamps
        )

    def test_recompute_never_overwrites_manual_values(self):
        self.scorecard._bsc_recompute()
        january = self.measurement(self.new, "2026-01")
        january.actual_value = 9
        self.assertEqual(january.origin, "manual")
        self.scorecard._bsc_recompute()
        self.assertEqual(january.actual_value, 9)
        # Formulas follow the typed value at once: COLORS 8 / NEW 9.
        self.assertAlmostEqual(
            self.measurement(self.per_contact, "2026-01").actual_value, 8 / 9, places=6
        )
        january.action_reset_to_computed()
        self.assertEqual((january.origin, january.actual_value), ("computed", 2))

    def test_locked_period_is_not_recomputed(self):
        self.scorecard._bsc_recompute()
        january = self.period("2026-01")
        january.action_lock()
        self.make_rates([(date(2026, 1, 15), 1)])
        self.scorecard._bsc_recompute()
        self.assertEqual(self.measurement(self.new, "2026-01").actual_value, 2)
        january.action_unlock()
        self.scorecard._bsc_recompute()
        self.assertEqual(self.measurement(self.new, "2026-01").actual_value, 3)

    def test_a_locked_period_between_others_does_not_shift_values(self):
        self.period("2026-02").action_lock()
        self.make_rates([(date(2026, 2, 20), 1)])
        self.scorecard._bsc_recompute()
        self.assertEqual(self.measurement(self.new, "2026-01").actual_value, 2)
        self.assertEqual(self.measurement(self.new, "2026-03").actual_value, 1)
        self.assertFalse(self.measurement(self.new, "2026-02"))

    def test_future_periods_are_not_computed(self):
        self.scorecard._bsc_recompute()
        today = self.scorecard._bsc_today()
        future = self.scorecard.kpi_ids.measurement_ids.filtered(
            lambda m: m.date_start > today
        )
        self.assertFalse(future)

    def test_one_query_per_source_shape_whatever_the_periods(self):
        """Twelve months or three, one source or two: one query."""
        months = self.scorecard.period_ids.filtered(lambda p: p.frequency == "month")
        sources = self.count_source | self.color_source
        company, tz = self.scorecard.company_id, self.scorecard.tz
        sources._bsc_read_values(months, company, tz)  # warm the caches
        for subset, periods in (
            (sources, months),
            (sources, months[:3]),
            (self.count_source, months),
        ):
            with self.assertQueryCount(__system__=1):
                values = subset._bsc_read_values(periods, company, tz)
            self.assertEqual(len(values), len(subset) * len(periods))

    def test_drilldown_opens_exactly_the_counted_records(self):
        self.scorecard._bsc_recompute()
        january = self.measurement(self.new, "2026-01")
        action = january.action_drilldown()
        self.assertEqual(action["res_model"], "res.currency.rate")
        records = self.env["res.currency.rate"].search(action["domain"])
        self.assertEqual(records, self.rates[:2])
        self.assertEqual(len(records), january.actual_value)
        # a count opens first in a pivot whose total is the value (#13)
        self.assertEqual(action["views"][0], (False, "pivot"))
        self.assertEqual(action["context"]["pivot_measures"], ["__count"])
        total = self.env["res.currency.rate"]._read_group(
            action["domain"], [], ["__count"]
        )[0][0]
        self.assertEqual(total, january.actual_value)
        # a sum of a field Odoo averages (the rate) would not add up: a list
        source = self.make_source("Rate sum", "sum", self.rate_field)
        kpi = self.make_kpi("RATE_SUM", source_type="source", source_id=source.id)
        action = kpi._bsc_drilldown_action(self.period("2026-01"))
        self.assertNotIn("pivot", [view for __, view in action["views"]])

    def test_datetime_sources_use_the_scorecard_time_zone(self):
        """A record at 23:30 in Brussels on 31 January is a January record."""
        source = self.env["bsc.source"].create(
            {
                "name": "Contacts created",
                "model_id": self.env.ref("base.model_res_partner").id,
                "date_field_id": self.env["ir.model.fields"]
                ._get("res.partner", "create_date")
                .id,
                "aggregate": "count",
                "domain": "[('name', '=', 'bsc-night')]",
            }
        )
        partner = self.env["res.partner"].create({"name": "bsc-night"})
        # 22:30 UTC = 23:30 in Brussels (UTC+1 in winter)
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id = %s",
            (datetime(2026, 1, 31, 22, 30), partner.id),
        )
        self.env.invalidate_all()
        months = self.scorecard.period_ids.filtered(lambda p: p.frequency == "month")
        values = source._bsc_read_values(months, self.company, "Europe/Brussels")
        self.assertEqual(values[(source.id, self.period("2026-01").id)], 1)
        self.assertEqual(values[(source.id, self.period("2026-02").id)], 0)
        values = source._bsc_read_values(months, self.company, "UTC")
        self.assertEqual(values[(source.id, self.period("2026-01").id)], 1)
        values = source._bsc_read_values(months, self.company, "Asia/Tokyo")
        self.assertEqual(values[(source.id, self.period("2026-02").id)], 1)

    def test_ratio_of_two_sources(self):
        big = self.make_source(
            "High rates", domain="[('currency_id.name', '=', 'XBA'), ('rate', '>=', 5)]"
        )
        ratio = self.make_kpi(
            "COLOURFUL_SHARE",
            source_type="ratio",
            source_id=big.id,
            denominator_source_id=self.count_source.id,
            target_value=50,
            red_flag_value=25,
        )
        self.scorecard._bsc_recompute()
        self.assertEqual(self.measurement(ratio, "2026-01").actual_value, 50)  # 1 of 2
        self.assertEqual(self.measurement(ratio, "2026-02").actual_value, 100)
        april = self.measurement(ratio, "2026-04")
        self.assertFalse(april.has_actual)
        self.assertIn("#DIV/0", april.error_text)

    def test_manual_kpis_get_rows_to_fill(self):
        self.scorecard._bsc_recompute()
        january = self.measurement(self.manual, "2026-01")
        self.assertEqual(january.origin, "manual")
        self.assertFalse(january.has_actual)
        self.assertEqual(january.status, "none")
        self.assertEqual(january.target_value, 80)
        january.actual_value = 0
        self.assertTrue(january.has_actual, "0 is a value")
        self.assertEqual(january.status, "red")

    def test_zero_typed_in_the_form_is_a_value_and_empty_is_none(self):
        # What the bsc_actual widget sends: the value with has_actual, True
        # for a number typed (0 included), False for an emptied box.
        self.scorecard._bsc_recompute()
        january = self.measurement(self.manual, "2026-01")
        january.write({"actual_value": 0, "has_actual": True})
        self.assertEqual((january.has_actual, january.status), (True, "red"))
        january.write({"actual_value": 0, "has_actual": False})
        self.assertEqual((january.has_actual, january.status), (False, "none"))
        # the onchange marks a number typed in a plain float field, and
        # leaves a 0 as the widget sent it
        for value, sent, expected in ((85, False, True), (0, False, False)):
            row = january.new(
                {"actual_value": value, "has_actual": sent}, origin=january
            )
            row._onchange_actual_value()
            self.assertEqual(row.has_actual, expected, value)

    def test_a_typed_value_refreshes_formulas_from_its_period_on(self):
        march = self.period("2026-03")
        self.env["bsc.measurement"].create(
            {"kpi_id": self.manual.id, "period_id": march.id, "actual_value": 70}
        )
        # Formulas were evaluated from March on (their sources are not
        # computed yet, hence no value), never before.
        self.assertFalse(self.measurement(self.per_contact, "2026-02"))
        self.assertIn(
            "COLORS", self.measurement(self.per_contact, "2026-03").error_text
        )
        self.assertTrue(self.measurement(self.per_contact, "2026-04"))
