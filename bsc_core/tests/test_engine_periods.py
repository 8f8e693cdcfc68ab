# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine.formula import ErrorValue
from odoo.addons.bsc_core.engine.periods import (
    Period,
    aggregate,
    contains,
    generate_periods,
    period_containing,
    ytd_slice,
)


@tagged("post_install", "-at_install", "bsc_engine")
class TestGeneratePeriods(BaseCase):
    def test_fourteen_months(self):
        periods = generate_periods(date(2025, 11, 15), date(2026, 12, 3), "month")
        self.assertEqual(len(periods), 14)
        self.assertEqual(
            [p.name for p in periods],
            ["2025-11", "2025-12"] + [f"2026-{month:02d}" for month in range(1, 13)],
        )
        # Whole calendar months, never cut at the given dates.
        self.assertEqual(
            periods[0],
            Period(date(2025, 11, 1), date(2025, 11, 30), "month", "2025-11"),
        )
        self.assertEqual(periods[-1].date_start, date(2026, 12, 1))
        self.assertEqual(periods[-1].date_end, date(2026, 12, 31))
        self.assertEqual(periods[3].date_end, date(2026, 2, 28))
        # Each period starts the day after the previous one ends.
        for before, after in zip(periods, periods[1:], strict=False):
            self.assertEqual((after.date_start - before.date_end).days, 1)

    def test_february_of_a_leap_year(self):
        (february,) = generate_periods(date(2028, 2, 10), date(2028, 2, 10), "month")
        self.assertEqual(february.date_end, date(2028, 2, 29))

    def test_quarters(self):
        periods = generate_periods(date(2025, 12, 31), date(2026, 11, 1), "quarter")
        self.assertEqual(
            [(p.name, p.date_start, p.date_end) for p in periods],
            [
                ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
                ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
                ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
                ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
                ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
            ],
        )
        self.assertEqual({p.frequency for p in periods}, {"quarter"})

    def test_years(self):
        periods = generate_periods(date(2024, 6, 1), date(2026, 1, 1), "year")
        self.assertEqual(
            [(p.name, p.date_start, p.date_end) for p in periods],
            [
                ("2024", date(2024, 1, 1), date(2024, 12, 31)),
                ("2025", date(2025, 1, 1), date(2025, 12, 31)),
                ("2026", date(2026, 1, 1), date(2026, 12, 31)),
            ],
        )

    def test_single_day_and_datetimes(self):
        self.assertEqual(
            [
                p.name
                for p in generate_periods(date(2026, 3, 5), date(2026, 3, 5), "year")
            ],
            ["2026"],
        )
        periods = generate_periods(
            datetime(2026, 1, 31, 23, 59), datetime(2026, 2, 1, 0, 1), "month"
        )
        self.assertEqual([p.name for p in periods], ["2026-01", "2026-02"])
        # The last day there is: no stepping past it.
        periods = generate_periods(date(9999, 11, 2), date(9999, 12, 31), "month")
        self.assertEqual([p.name for p in periods], ["9999-11", "9999-12"])

    def test_bad_input(self):
        with self.assertRaises(ValueError) as caught:
            generate_periods(date(2026, 3, 1), date(2026, 1, 1), "month")
        self.assertEqual(
            str(caught.exception),
            "the end date (2026-01-01) is before the start date (2026-03-01)",
        )
        with self.assertRaises(ValueError) as caught:
            generate_periods(date(2026, 1, 1), date(2026, 3, 1), "week")
        self.assertEqual(
            str(caught.exception),
            "unknown frequency 'week'; use month, quarter or year",
        )
        with self.assertRaises(ValueError):
            generate_periods("2026-01-01", date(2026, 3, 1), "month")

    def test_period_containing_and_order(self):
        self.assertEqual(
            period_containing(date(2026, 8, 15), "quarter").name, "2026-Q3"
        )
        self.assertEqual(period_containing(date(2026, 8, 15), "month").name, "2026-08")
        shuffled = [
            period_containing(date(2026, 3, 1), "month"),
            period_containing(date(2025, 12, 1), "month"),
            period_containing(date(2026, 1, 1), "month"),
        ]
        self.assertEqual(
            [p.name for p in sorted(shuffled)], ["2025-12", "2026-01", "2026-03"]
        )


@tagged("post_install", "-at_install", "bsc_engine")
class TestAggregation(BaseCase):
    def test_aggregate(self):
        values = [1.0, None, 2.0, 4.0]
        self.assertEqual(aggregate(values, "sum"), 7.0)
        self.assertEqual(aggregate(values, "avg"), 7.0 / 3)
        self.assertEqual(aggregate(values, "last"), 4.0)
        # "last" is the latest value there is, not the latest period.
        self.assertEqual(aggregate([3.0, 5.0, None], "last"), 5.0)
        self.assertEqual(aggregate([0.1] * 10, "sum"), 1.0)
        error = ErrorValue("#DIV/0", "#DIV/0 in A / B")
        self.assertEqual(aggregate([2, error, 4], "avg"), 3.0)

    def test_aggregate_without_numbers(self):
        for method in ("sum", "avg", "last"):
            with self.subTest(method=method):
                self.assertIsNone(aggregate([None, None], method))
                self.assertIsNone(aggregate([], method))
        with self.assertRaises(ValueError) as caught:
            aggregate([1.0], "median")
        self.assertEqual(
            str(caught.exception), "unknown aggregation 'median'; use sum, avg or last"
        )

    def test_contains(self):
        q1 = (date(2026, 1, 1), date(2026, 3, 31))
        self.assertTrue(contains(*q1, date(2026, 1, 1), date(2026, 1, 31)))
        self.assertTrue(contains(*q1, date(2026, 3, 1), date(2026, 3, 31)))
        self.assertTrue(contains(*q1, *q1))
        self.assertFalse(contains(*q1, date(2026, 3, 1), date(2026, 4, 30)))
        self.assertFalse(contains(*q1, date(2025, 12, 1), date(2025, 12, 31)))

    def test_ytd_slice(self):
        periods = generate_periods(date(2025, 11, 1), date(2026, 3, 31), "month")
        self.assertEqual([p.name for p in periods][2], "2026-01")
        self.assertEqual(list(ytd_slice(periods, 4)), [2, 3, 4])
        self.assertEqual(list(ytd_slice(periods, 2)), [2])
        self.assertEqual(list(ytd_slice(periods, 1)), [0, 1])
        quarters = generate_periods(date(2025, 7, 1), date(2026, 6, 30), "quarter")
        self.assertEqual(list(ytd_slice(quarters, 3)), [2, 3])
        with self.assertRaises(IndexError):
            ytd_slice(periods, 5)
