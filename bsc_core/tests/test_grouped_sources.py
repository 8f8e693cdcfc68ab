# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.bsc_core import query

from .common import BscCase


@tagged("post_install", "-at_install")
class TestGroupedSources(BscCase):
    """Sources whose domain compares fields with values are groups of one
    GROUPING SETS query; their values are those of the ORM, record by record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xbb = cls.env["res.currency"].create({"name": "XBB", "symbol": "xb"})
        Rate = cls.env["res.currency.rate"]
        rows = [
            (cls.currency, cls.company, date(2026, 1, 3), 3.0),
            (cls.currency, cls.company, date(2026, 1, 20), 5.0),
            (cls.xbb, cls.company, date(2026, 1, 7), 11.0),
            (cls.xbb, cls.company, date(2026, 2, 7), 13.0),
            (cls.xbb, cls.env["res.company"], date(2026, 2, 9), 17.0),  # shared
            (cls.currency, cls.company, date(2026, 3, 31), 2.0),
            (cls.currency, cls.company_b, date(2026, 1, 10), 50.0),  # never
        ]
        Rate.create(
            [
                {
                    "currency_id": currency.id,
                    "company_id": company.id,
                    "name": day,
                    "rate": rate,
                }
                for currency, company, day, rate in rows
            ]
        )
        xba, xbb = cls.currency.id, cls.xbb.id
        rate = cls.rate_field
        currency_field = cls.env["ir.model.fields"]._get(
            "res.currency.rate", "currency_id"
        )
        # (aggregate, measure, domain, computed by the grouped-sets query?)
        cls.definitions = [
            ("count", None, [("currency_id", "=", xba)], True),
            ("sum", rate, [("currency_id", "in", [xba, xbb])], True),
            ("max", rate, [("currency_id", "in", [xba, xbb])], True),
            ("avg", rate, [("currency_id", "=", xbb)], True),
            ("count", None, [("currency_id.name", "=", "XBA")], True),
            ("count", None, [("company_id", "=", False)], True),
            ("min", rate, [("currency_id.active", "=", True)], True),
            ("count", None, [], True),
            ("count_distinct", currency_field, [], True),
            # an average over several groups cannot be added up
            ("avg", rate, [("currency_id", "in", [xba, xbb])], False),
            # or, not-equal, a name compared with a many2one
            ("count", None, ["|", ("rate", "=", 3.0), ("rate", "=", 13.0)], False),
            ("count", None, [("currency_id", "!=", xba)], False),
            ("count", None, [("currency_id", "=", "XBB")], False),
            ("count", None, [("currency_id.name", "=", False)], False),
        ]
        cls.sources = cls.env["bsc.source"]
        for position, (aggregate, measure, domain, __) in enumerate(cls.definitions):
            cls.sources |= cls.make_source(
                f"Source {position}", aggregate, measure, repr(domain)
            )
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")

    def expected(self, source, period):
        """The source's value for a period, from the ORM's records."""
        Rate = self.env["res.currency.rate"]
        records = Rate.search(
            source._bsc_domain()
            + [
                ("name", ">=", period.date_start),
                ("name", "<=", period.date_end),
                ("company_id", "in", [self.company.id, False]),
            ]
        )
        measure = source.measure_field_id.name
        values = [record[measure] for record in records] if measure else []
        if source.aggregate == "count":
            return float(len(records))
        if source.aggregate == "count_distinct":
            return float(len({value.id for value in values}))
        if source.aggregate == "sum":
            return float(sum(values))
        if not values:
            return None
        return {
            "avg": sum(values) / len(values),
            "min": min(values),
            "max": max(values),
        }[source.aggregate]

    def test_which_domains_are_dimensions(self):
        Rate = self.env["res.currency.rate"]
        for source, definition in zip(self.sources, self.definitions, strict=True):
            with self.subTest(domain=source.domain, aggregate=source.aggregate):
                spec = source._bsc_grouped_spec(Rate)
                self.assertEqual(bool(spec), definition[3])

    def test_grouped_values_equal_the_orm_for_every_month(self):
        values = self.sources._bsc_read_values(
            self.months, self.company, self.scorecard.tz
        )
        checked = 0
        for source in self.sources:
            for period in self.months:
                with self.subTest(domain=source.domain, period=period.name):
                    self.assertAlmostEqual(
                        values[(source.id, period.id)], self.expected(source, period)
                    )
                    checked += 1
        self.assertEqual(checked, len(self.definitions) * 12)
        january = self.months[0]
        # XBA and XBB in January: 3 + 5 + 11; the highest 11; not company B's
        self.assertEqual(values[(self.sources[1].id, january.id)], 19.0)
        self.assertEqual(values[(self.sources[2].id, january.id)], 11.0)
        # the shared rate (no company) in February
        self.assertEqual(values[(self.sources[5].id, self.months[1].id)], 1.0)

    def test_grouped_and_filter_queries_agree(self):
        """Each grouped source read alone through the filter-column query."""
        tz = self.scorecard.tz
        together = self.sources._bsc_read_values(self.months, self.company, tz)
        for source in self.sources:
            rows = query.filter_columns(
                self.env,
                query.Shape("res.currency.rate", "name"),
                self.months,
                self.company,
                tz,
                [source._bsc_filtered_spec()],
            )
            for period in self.months:
                row = rows.get(period.id)
                alone = row[0] if row else None
                if alone is None and source.aggregate in (
                    "sum",
                    "count",
                    "count_distinct",
                ):
                    alone = 0.0
                with self.subTest(domain=source.domain, period=period.name):
                    self.assertAlmostEqual(
                        together[(source.id, period.id)],
                        None if alone is None else float(alone),
                    )

    def test_one_query_whatever_the_number_of_grouped_sources(self):
        grouped = self.sources.filtered(
            lambda s: s._bsc_grouped_spec(self.env["res.currency.rate"])
        )
        company, tz = self.company, self.scorecard.tz
        self.sources._bsc_read_values(self.months, company, tz)  # warm the caches
        for subset, queries in (
            (grouped[:1], 1),
            (grouped, 1),
            (self.sources, 2),  # plus one filter-column query for the others
        ):
            with self.assertQueryCount(__system__=queries):
                values = subset._bsc_read_values(self.months, company, tz)
            self.assertEqual(len(values), len(subset) * 12)

    def test_recompute_queries_do_not_grow_with_kpis_or_periods(self):
        """A recompute that changes nothing: the same number of queries for 3
        or 14 KPIs sharing a shape (a grouped and a filter-column query),
        and for 3 or 12 months."""
        months = self.months

        def second_run_queries(periods):
            self.scorecard._bsc_recompute(periods=periods)  # creates what is new
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            changed = self.scorecard._bsc_recompute(periods=periods)
            self.env.flush_all()
            self.assertEqual(changed, 0)
            return self.env.cr.sql_log_count - before

        def add_kpis(sources):
            for source in sources:
                self.make_kpi(
                    f"G{source.id}", source_type="source", source_id=source.id
                )

        # a count, a sum (its measure field is read too), a filter column
        add_kpis(self.sources[:2] | self.sources[-1:])
        few = second_run_queries(months)
        add_kpis(self.sources[2:-1])
        many = second_run_queries(months)
        fewer_months = second_run_queries(months[:3])
        self.assertEqual(len(self.scorecard.kpi_ids), len(self.sources))
        self.assertEqual(many, few)
        self.assertEqual(fewer_months, many)

    def test_archived_records_count_as_odoo_domains_say(self):
        """Only active records count, unless the domain mentions ``active``:
        the same as Odoo's search, whether the source is a group or a filter
        column."""
        Partner = self.env["res.partner"]
        partners = Partner.create(
            [
                {"name": f"BSC archive test {i}", "ref": "BSCT", "company_id": x}
                for i, x in enumerate([self.company.id] * 3 + [self.company_b.id])
            ]
        )
        partners[0].active = False
        # create_date is PostgreSQL's clock, not the frozen one: set it inside
        # the scorecard's year, whatever the real date is
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET create_date = %s WHERE id IN %s",
                datetime(2026, 3, 10, 12, 0),
                tuple(partners.ids),
            )
        )
        partners.invalidate_recordset(["create_date"])
        model = self.env.ref("base.model_res_partner")
        date_field = self.env["ir.model.fields"]._get("res.partner", "create_date")
        or_nope = ["|", ("ref", "=", "BSCT"), ("ref", "=", "nope")]
        domains = [
            [("ref", "=", "BSCT")],
            [("ref", "=", "BSCT"), ("active", "=", False)],
            [("ref", "=", "BSCT"), ("active", "in", [True, False])],
            or_nope,
            or_nope + [("active", "=", False)],
        ]
        sources = self.env["bsc.source"].create(
            [
                {
                    "name": f"Partners {i}",
                    "model_id": model.id,
                    "date_field_id": date_field.id,
                    "domain": repr(domain),
                }
                for i, domain in enumerate(domains)
            ]
        )
        Partner = Partner.with_company(self.company)
        self.assertEqual(
            [bool(s._bsc_grouped_spec(Partner)) for s in sources],
            [True, True, True, False, False],
        )
        month = self.months.filtered(
            lambda p: p.date_start <= partners[0].create_date.date() <= p.date_end
        )
        values = sources._bsc_read_values(month, self.company, "UTC")
        found = [values[(source.id, month.id)] for source in sources]
        expected = [
            float(
                Partner.search_count(
                    domain + [("company_id", "in", [self.company.id, False])]
                )
            )
            for domain in domains
        ]
        self.assertEqual(expected, [2.0, 1.0, 3.0, 2.0, 1.0])
        self.assertEqual(found, expected)
