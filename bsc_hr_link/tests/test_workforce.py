# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_hr_link.engine import workforce
from odoo.addons.bsc_hr_link.engine.workforce import Employment

# Three people: A since 2020, B from 2026-02-01 until 2026-03-15, C left on
# the last day of January.
PEOPLE = [
    Employment(1, date(2020, 1, 1)),
    Employment(2, date(2026, 2, 1), date(2026, 3, 15)),
    Employment(3, date(2021, 6, 1), date(2026, 1, 31)),
]


@tagged("post_install", "-at_install", "bsc_engine")
class TestWorkforce(BaseCase):
    def test_departure_day_no_longer_counts(self):
        self.assertEqual(workforce.headcount(PEOPLE, None, date(2026, 1, 30)).value, 2)
        self.assertEqual(workforce.headcount(PEOPLE, None, date(2026, 1, 31)).value, 1)

    def test_closing_is_opening_plus_hires_minus_departures(self):
        for start, end in (
            (date(2026, 1, 1), date(2026, 1, 31)),
            (date(2026, 2, 1), date(2026, 2, 28)),
            (date(2026, 1, 1), date(2026, 3, 31)),
        ):
            opening = workforce.headcount(PEOPLE, None, start - timedelta(days=1)).value
            closing = workforce.headcount(PEOPLE, start, end).value
            hires = workforce.hires(PEOPLE, start, end).value
            departures = workforce.departures(PEOPLE, start, end).value
            self.assertEqual(closing, opening + hires - departures)

    def test_turnover_and_tenure(self):
        # Q1 2026: opening A, C = 2; closing A = 1; B and C left: 2 / 1.5 = 133%.
        q1 = (date(2026, 1, 1), date(2026, 3, 31))
        turnover = workforce.turnover(PEOPLE, *q1)
        self.assertAlmostEqual(turnover.value, 2 / 1.5 * 100)
        self.assertEqual(sorted(turnover.employee_ids), [2, 3])
        # A on 2026-03-31: 2281 days.
        self.assertAlmostEqual(workforce.tenure(PEOPLE, *q1).value, 2281 / 365.25)

    def test_nobody_gives_no_value_and_a_reason(self):
        q1 = (date(2019, 1, 1), date(2019, 3, 31))
        self.assertEqual(workforce.headcount(PEOPLE, *q1).value, 0)
        for kind in (workforce.TURNOVER, workforce.TENURE, workforce.APPRAISAL_RATE):
            result = workforce.figure(kind, PEOPLE, *q1)
            self.assertIsNone(result.value)
            self.assertTrue(result.error)

    def test_appraisal_rate_counts_the_closing_headcount_only(self):
        # Q1: only A is employed at the end; C (gone) was appraised too.
        completed = {1: [date(2026, 2, 10)], 3: [date(2026, 1, 5)]}
        q1 = (date(2026, 1, 1), date(2026, 3, 31))
        self.assertEqual(workforce.appraisal_rate(PEOPLE, *q1, completed).value, 100)
        self.assertEqual(
            workforce.appraisal_rate(
                PEOPLE, date(2026, 4, 1), date(2026, 6, 30), completed
            ).value,
            0,
        )

    def test_unknown_kind_is_refused(self):
        with self.assertRaisesRegex(ValueError, "unknown workforce figure"):
            workforce.figure("salary", PEOPLE, date(2026, 1, 1), date(2026, 1, 31))
