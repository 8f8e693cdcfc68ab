# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import calendar
from datetime import date
from typing import NamedTuple

from odoo.tests import TransactionCase, tagged

from odoo.addons.bsc_core import query
from odoo.addons.bsc_core.query import Filtered, Grouped, Shape


class Period(NamedTuple):
    """The query library needs no ``bsc.period``: any id and two days do."""

    id: int
    date_start: date
    date_end: date


MONTHS_2026 = [
    Period(month, date(2026, month, 1), date(2026, month, last))
    for month, last in ((m, calendar.monthrange(2026, m)[1]) for m in range(1, 13))
]
RATES = "res.currency.rate"


@tagged("post_install", "-at_install")
class TestQuerySql(TransactionCase):
    """The SQL that the query library builds from its specs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "BSC Query Co"})

    def test_grouped_sets_sql(self):
        specs = [
            Grouped("count"),
            Grouped("sum", "rate", (("currency_id", (1, 2)),)),
            Grouped("max", "rate", (("currency_id", (2,)),)),  # same set, same sum
            Grouped("sum", "rate", conditions=(("company_id", (None,)),)),
        ]
        sql, __ = query.grouped_sets_sql(
            self.env, Shape(RATES, "name"), MONTHS_2026[:2], self.company, "UTC", specs
        )
        table = '"res_currency_rate"'
        self.assertTrue(
            sql.code.startswith(
                'SELECT b, "d0", GROUPING("d0"), COUNT(*), SUM("m0"), MAX("m0"), '
                'SUM("m1") FROM (SELECT width_bucket('
                f'{table}."name", %s::date[]) AS b, {table}."currency_id" AS "d0", '
                f'{table}."rate" AS "m0", CASE WHEN ({table}."company_id" IS NULL) '
                f'THEN {table}."rate" END AS "m1" FROM {table} WHERE '
            ),
            sql.code,
        )
        self.assertTrue(
            sql.code.endswith(') AS rows GROUP BY GROUPING SETS ((b), (b, "d0"))'),
            sql.code,
        )
        # bounds: both starts and the day after the last end
        self.assertIn(["2026-01-01", "2026-02-01", "2026-03-01"], sql.params)
        self.assertIn(f'{table}."name" >= %s AND {table}."name" < %s', sql.code)
        self.assertIn("2026-01-01", sql.params)
        self.assertIn("2026-03-01", sql.params)

    def test_several_values_need_a_decomposable_aggregate(self):
        with self.assertRaisesRegex(ValueError, "avg of several dimension values"):
            query.grouped_sets_sql(
                self.env,
                Shape(RATES, "name"),
                MONTHS_2026[:1],
                self.company,
                "UTC",
                [Grouped("avg", "rate", (("currency_id", (1, 2)),))],
            )

    def test_percentile_sql(self):
        """An ordered-set aggregate, in a grouping-sets query (over a folded
        condition) and in a filter column."""
        p90 = query.percentile(0.9)
        self.assertEqual(p90, "percentile:0.9")
        table = '"res_currency_rate"'
        sql, __ = query.grouped_sets_sql(
            self.env,
            Shape(RATES, "name"),
            MONTHS_2026[:1],
            self.company,
            "UTC",
            [
                Grouped(p90, "rate", (("currency_id", (1,)),)),
                Grouped(
                    query.percentile(0.5),
                    "rate",
                    conditions=(("company_id", (None,)),),
                ),
            ],
        )
        self.assertTrue(
            sql.code.startswith(
                'SELECT b, "d0", GROUPING("d0"), percentile_cont(%s::float8) WITHIN '
                'GROUP (ORDER BY "m0"), percentile_cont(%s::float8) WITHIN GROUP '
                f'(ORDER BY "m1") FROM (SELECT width_bucket({table}."name", '
                f'%s::date[]) AS b, {table}."currency_id" AS "d0", {table}."rate" '
                f'AS "m0", CASE WHEN ({table}."company_id" IS NULL) THEN '
                f'{table}."rate" END AS "m1" FROM {table} WHERE '
            ),
            sql.code,
        )
        self.assertEqual(sql.params[:2], [0.9, 0.5])
        sql, __ = query.filter_columns_sql(
            self.env,
            Shape(RATES, "name"),
            MONTHS_2026[:1],
            self.company,
            "UTC",
            [Filtered(p90, "rate", [("currency_id", "=", 1)])],
        )
        self.assertIn(
            f'percentile_cont(%s::float8) WITHIN GROUP (ORDER BY {table}."rate") '
            "FILTER (WHERE ",
            sql.code,
        )
        with self.assertRaisesRegex(ValueError, "percentile:0.9 of several"):
            query.grouped_sets_sql(
                self.env, Shape(RATES, "name"), MONTHS_2026[:1], self.company,
                "UTC", [Grouped(p90, "rate", (("currency_id", (1, 2)),))],
            )  # fmt: skip
        with self.assertRaisesRegex(ValueError, "a percentile needs a measure"):
            query.filter_columns_sql(
                self.env, Shape(RATES, "name"), MONTHS_2026[:1], self.company,
                "UTC", [Filtered(p90)],
            )  # fmt: skip
        with self.assertRaisesRegex(ValueError, "from 0 to 1"):
            query.percentile(90)

    def test_datetimes_are_bucketed_by_the_utc_instants_of_local_days(self):
        """Brussels: UTC+1 in March, UTC+2 from 29 March, UTC+1 from 25
        October; each bound is the UTC instant of a local midnight."""
        sql, __ = query.grouped_sets_sql(
            self.env,
            Shape("res.partner", "create_date"),
            MONTHS_2026[2:4] + MONTHS_2026[9:11],  # a gap: May to September
            self.company,
            "Europe/Brussels",
            [Grouped("count")],
        )
        self.assertIn(
            'width_bucket("res_partner"."create_date", %s::timestamp[])', sql.code
        )
        self.assertNotIn("AT TIME ZONE", sql.code)
        self.assertIn(
            [
                "2026-02-28 23:00:00",  # 1 March, CET
                "2026-03-31 22:00:00",  # 1 April, CEST
                "2026-04-30 22:00:00",  # 1 May: the end of the first part
                "2026-09-30 22:00:00",  # 1 October, CEST
                "2026-10-31 23:00:00",  # 1 November, CET
                "2026-11-30 23:00:00",  # 1 December
            ],
            sql.params,
        )

    def test_filter_columns_sql(self):
        currency = self.env.ref("base.EUR").id
        sql, __ = query.filter_columns_sql(
            self.env,
            Shape(RATES, "name", (("rate", ">", 0),)),
            MONTHS_2026[:1],
            self.company,
            "UTC",
            [
                Filtered("count"),
                Filtered("sum", "rate", [("currency_id", "!=", currency)]),
            ],
        )
        table = '"res_currency_rate"'
        self.assertTrue(
            sql.code.startswith(
                f'SELECT width_bucket({table}."name", %s::date[]), '
                f'COUNT({table}."id"), SUM({table}."rate") FILTER (WHERE '
            ),
            sql.code,
        )
        self.assertTrue(sql.code.endswith(" GROUP BY 1"), sql.code)

    def test_domain_condition_inlines_what_needs_no_join(self):
        Rate = self.env[RATES]
        rows = Rate._search([])
        inline = query.domain_condition(Rate, rows, [("currency_id.name", "=", "EUR")])
        self.assertNotIn('"res_currency_rate"."id" IN', inline.code)
        self.assertIsNone(query.domain_condition(Rate, rows, []))
        # res.users.partner_id is auto_join: its path joins, so a subquery
        Users = self.env["res.users"]
        users = Users._search([])
        joined = query.domain_condition(Users, users, [("partner_id.name", "=", "x")])
        self.assertTrue(joined.code.startswith('"res_users"."id" IN (SELECT'))

    def test_path_sql_joins_each_many2one_once(self):
        Lines = self.env["res.partner"]
        rows = Lines._search([])
        first = query.path_sql(Lines, rows, "country_id.currency_id.name")
        again = query.path_sql(Lines, rows, "country_id.code")
        self.assertEqual(rows.from_clause.code.count("LEFT JOIN"), 2)
        self.assertIn("res_partner__country_id", again.code)
        self.assertIn("res_partner__country_id__currency_id", first.code)

    def test_converted_amount(self):
        Rate = self.env[RATES]
        rows = Rate._search([])
        key, build = query.converted("rate", "currency_id.rounding")
        self.assertEqual(key, "rate/currency_id.rounding")
        self.assertEqual(
            build(Rate, rows).code,
            '"res_currency_rate"."rate" / COALESCE(NULLIF('
            '"res_currency_rate__currency_id"."rounding", 0), 1)',
        )


@tagged("post_install", "-at_install")
class TestQueryOracle(TransactionCase):
    """The values of the grouped queries are those of the ORM's
    ``_read_group`` over the same domains, spec by spec, month by month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "BSC Oracle A"})
        cls.company_b = cls.env["res.company"].create({"name": "BSC Oracle B"})
        Currency = cls.env["res.currency"]
        cls.xqa = Currency.create({"name": "XQA", "symbol": "qa"})
        cls.xqb = Currency.create({"name": "XQB", "symbol": "qb"})
        rows = [
            (cls.xqa, cls.company, date(2026, 1, 3), 3.0),
            (cls.xqa, cls.company, date(2026, 1, 31), 5.0),
            (cls.xqb, cls.company, date(2026, 2, 1), 11.0),
            (cls.xqb, cls.company, date(2026, 2, 7), 13.0),
            (cls.xqb, cls.env["res.company"], date(2026, 2, 9), 17.0),
            (cls.xqa, cls.company, date(2026, 3, 31), 2.0),
            (cls.xqa, cls.company_b, date(2026, 1, 10), 50.0),
        ]
        cls.env[RATES].create(
            [
                {"currency_id": c.id, "company_id": co.id, "name": d, "rate": r}
                for c, co, d, r in rows
            ]
        )
        # partners created at chosen UTC instants around Brussels' DST changes
        Partner = cls.env["res.partner"]
        cls.partners = Partner.create(
            [{"name": f"Oracle {i}", "ref": "BSCQ", "company_id": cls.company.id}
             for i in range(6)]
        )  # fmt: skip
        instants = [
            "2026-03-31 21:30:00",  # 23:30 on 31 March in Brussels
            "2026-03-31 22:30:00",  # 00:30 on 1 April
            "2026-10-31 22:30:00",  # 23:30 on 31 October (CET again)
            "2026-10-31 23:30:00",  # 00:30 on 1 November
            "2026-02-28 22:59:59",  # 23:59:59 on 28 February
            "2026-02-28 23:00:00",  # midnight, 1 March
        ]
        for partner, instant in zip(cls.partners, instants, strict=True):
            cls.env.cr.execute(
                "UPDATE res_partner SET create_date = %s WHERE id = %s",
                (instant, partner.id),
            )
        cls.env.invalidate_all()

    def oracle(self, model_name, date_fname, domain, aggregate, measure, period, tz):
        Model = self.env[model_name].with_context(active_test=False)
        full = (
            list(domain)
            + query.period_domain(
                Model, date_fname, period.date_start, period.date_end, tz
            )
            + query.company_domain(Model, self.company)
        )
        spec = "__count" if aggregate == "count" else f"{measure}:{aggregate}"
        if aggregate == "count_distinct":
            spec = f"{measure}:count_distinct"
        return Model._read_group(full, [], [spec])[0][0]

    def grouped_domain(self, spec):
        domain = []
        for path, values in spec.dims + spec.conditions:
            domain.append((path, "in", [v if v is not None else False for v in values]))
        return domain

    def assert_same(self, found, expected, what):
        # No rows: the query has no group, the ORM a sum or count of 0.
        self.assertAlmostEqual(found or 0, expected or 0, msg=what)

    def test_grouped_sets_equal_the_orm(self):
        xqa, xqb = self.xqa.id, self.xqb.id
        specs = [
            Grouped("count"),
            Grouped("count", None, (("currency_id", (xqa,)),)),
            Grouped("sum", "rate", (("currency_id", (xqa, xqb)),)),
            Grouped("max", "rate", (("currency_id", (xqa, xqb)),)),
            Grouped("min", "rate", (("currency_id", (xqb,)),)),
            Grouped("avg", "rate", (("currency_id", (xqb,)),)),
            Grouped("count", None, (("currency_id.name", ("XQB",)),)),
            Grouped("sum", "rate", conditions=(("company_id", (None,)),)),
            Grouped("count_distinct", "currency_id"),
        ]
        values = query.grouped_sets(
            self.env, Shape(RATES, "name"), MONTHS_2026, self.company, "UTC", specs
        )
        for period in MONTHS_2026:
            row = values.get(period.id, (None,) * len(specs))
            for spec, found in zip(specs, row, strict=True):
                expected = self.oracle(
                    RATES, "name", self.grouped_domain(spec),
                    spec.aggregate, spec.measure, period, "UTC",
                )  # fmt: skip
                self.assert_same(found, expected, f"{spec} in {period}")
        # by hand: January's XQA and XQB rates of company A: 3 + 5
        self.assertEqual(values[1][2], 8.0)
        self.assertEqual(values[2][7], 17.0)  # the shared rate, February

    def test_filter_columns_equal_the_orm(self):
        xqa = self.xqa.id
        specs = [
            Filtered("count"),
            Filtered("sum", "rate", ["|", ("rate", "=", 3.0), ("rate", "=", 13.0)]),
            Filtered("count", None, [("currency_id", "!=", xqa)]),
            Filtered("avg", "rate", [("currency_id.name", "in", ["XQA", "XQB"])]),
        ]
        values = query.filter_columns(
            self.env, Shape(RATES, "name"), MONTHS_2026, self.company, "UTC", specs
        )
        for period in MONTHS_2026:
            row = values.get(period.id, (None,) * len(specs))
            for spec, found in zip(specs, row, strict=True):
                expected = self.oracle(
                    RATES, "name", spec.domain, spec.aggregate, spec.measure,
                    period, "UTC",
                )  # fmt: skip
                self.assert_same(found, expected, f"{spec} in {period}")

    def test_percentiles_equal_the_interpolated_rank(self):
        """``percentile_cont``: the value at rank ``fraction * (n - 1)`` of
        the sorted values, interpolated; checked against the ORM's values
        sorted in Python, month by month, and by hand."""

        def oracle(values, fraction):
            if not values:
                return None
            values = sorted(values)
            rank = fraction * (len(values) - 1)
            low = int(rank)
            high = min(low + 1, len(values) - 1)
            return values[low] + (values[high] - values[low]) * (rank - low)

        xqb = self.xqb.id
        specs = [
            Grouped(query.percentile(0.9), "rate"),
            Grouped(query.percentile(0.5), "rate", (("currency_id", (xqb,)),)),
            Filtered(query.percentile(0.9), "rate", [("currency_id", "=", xqb)]),
        ]
        shape = Shape(RATES, "name")
        grouped = query.grouped_sets(
            self.env, shape, MONTHS_2026, self.company, "UTC", specs[:2]
        )
        filtered = query.filter_columns(
            self.env, shape, MONTHS_2026, self.company, "UTC", specs[2:]
        )
        Rate = self.env[RATES]
        for period in MONTHS_2026:
            found = grouped.get(period.id, (None, None)) + filtered.get(
                period.id, (None,)
            )
            base = query.period_domain(
                Rate, "name", period.date_start, period.date_end, "UTC"
            ) + query.company_domain(Rate, self.company)
            rates = Rate.search(base)
            xqb_rates = rates.filtered(lambda r: r.currency_id == self.xqb)
            expected = [
                oracle(rates.mapped("rate"), 0.9),
                oracle(xqb_rates.mapped("rate"), 0.5),
                oracle(xqb_rates.mapped("rate"), 0.9),
            ]
            for spec, value, wanted in zip(specs, found, expected, strict=True):
                if wanted is None:
                    self.assertIsNone(value, f"{spec} in {period}")
                else:
                    self.assertAlmostEqual(value, wanted, msg=f"{spec} in {period}")
        # by hand: January 3 and 5 (company B's 50 left out): 3 + 0.9 * 2;
        # February 11, 13 and the shared 17 (all XQB): 13 + 0.8 * 4, median 13
        self.assertAlmostEqual(grouped[1][0], 4.8)
        self.assertAlmostEqual(grouped[2][0], 16.2)
        self.assertAlmostEqual(grouped[2][1], 13.0)
        self.assertAlmostEqual(filtered[2][0], 16.2)

    def test_local_periods_across_daylight_saving_changes(self):
        spec = Grouped("count", None, (("ref", ("BSCQ",)),))
        for tz in ("Europe/Brussels", "UTC", "America/New_York"):
            values = query.grouped_sets(
                self.env,
                Shape("res.partner", "create_date"),
                MONTHS_2026,
                self.company,
                tz,
                [spec],
            )
            for period in MONTHS_2026:
                found = values.get(period.id, (None,))[0]
                expected = self.oracle(
                    "res.partner", "create_date", [("ref", "=", "BSCQ")],
                    "count", None, period, tz,
                )  # fmt: skip
                self.assert_same(found, expected, f"{tz} {period}")
        brussels = query.grouped_sets(
            self.env,
            Shape("res.partner", "create_date"),
            MONTHS_2026,
            self.company,
            "Europe/Brussels",
            [spec],
        )
        counts = {month: row[0] for month, row in brussels.items() if row[0]}
        # Feb: 28th 23:59:59; Mar: 1st 00:00, 31st 23:30; Apr: 1st; Oct; Nov
        self.assertEqual(counts, {2: 1, 3: 2, 4: 1, 10: 1, 11: 1})
