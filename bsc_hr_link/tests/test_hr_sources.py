# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import BscHrCase


@tagged("post_install", "-at_install")
class TestHrSources(BscHrCase):
    """HR KPIs of company A against the employees of BscHrCase.

    Q1 2026, whole company (Gus has no departure date, Ivy left in 2025 and
    Hal works for company B: none of them counts):

    - opening headcount (end of 2025-12-31): Ann, Bob, Cid, Eve = 4
    - hires: Dan (02-10) = 1; Fay is hired on 04-01 in Brussels time
    - departures: Cid (02-15), Eve (03-31) = 2
    - closing headcount (end of 03-31): Ann, Bob, Dan = 3 = 4 + 1 - 2
      (Eve leaves on 03-31: she no longer counts that evening)
    - turnover: 2 / ((4 + 3) / 2) x 100 = 57.142857...%
    - tenure at 03-31: Ann 2281 days, Bob 638, Dan 49:
      (2281 + 638 + 49) / 3 / 365.25 = 2.7086... years
    """

    def values(self, kpi, *period_names):
        periods = self.scorecard.period_ids.filtered(lambda p: p.name in period_names)
        values = kpi._bsc_source_values(periods)
        return {p.name: values[(kpi.id, p.id)] for p in periods}

    def test_company_figures_of_the_first_quarter(self):
        kpis = {
            code: self.make_hr_kpi(code, source_type, frequency="quarter")
            for code, source_type in (
                ("HEADCOUNT", "hr_headcount"),
                ("HIRES", "hr_hires"),
                ("DEPARTURES", "hr_departures"),
                ("TURNOVER", "hr_turnover"),
                ("TENURE", "hr_tenure"),
            )
        }
        q1 = {
            code: self.values(kpi, "2026-Q1")["2026-Q1"] for code, kpi in kpis.items()
        }
        self.assertEqual(q1["HEADCOUNT"], (3.0, False))
        self.assertEqual(q1["HIRES"], (1.0, False))
        self.assertEqual(q1["DEPARTURES"], (2.0, False))
        self.assertAlmostEqual(q1["TURNOVER"][0], 2 / 3.5 * 100)
        self.assertAlmostEqual(q1["TENURE"][0], 2968 / 3 / 365.25)

    def test_monthly_figures_and_time_zone(self):
        headcount = self.make_hr_kpi("HEADCOUNT", "hr_headcount")
        hires = self.make_hr_kpi("HIRES", "hr_hires")
        departures = self.make_hr_kpi("DEPARTURES", "hr_departures")
        months = ("2026-01", "2026-02", "2026-03", "2026-04")
        # January: nobody comes or goes, 4 at the end of the month.
        # February: Dan comes, Cid goes: 4 + 1 - 1 = 4.
        # March: Eve goes: 3. April: Fay comes (01:30 on 1 April local): 4.
        self.assertEqual(
            {m: v for m, (v, __) in self.values(headcount, *months).items()},
            {"2026-01": 4, "2026-02": 4, "2026-03": 3, "2026-04": 4},
        )
        self.assertEqual(
            {m: v for m, (v, __) in self.values(hires, *months).items()},
            {"2026-01": 0, "2026-02": 1, "2026-03": 0, "2026-04": 1},
        )
        self.assertEqual(
            {m: v for m, (v, __) in self.values(departures, *months).items()},
            {"2026-01": 0, "2026-02": 1, "2026-03": 1, "2026-04": 0},
        )

    def test_department_and_job_parameters(self):
        # Operations with Workshop: Ann, Bob, Cid, Dan (and Fay from April).
        # Q1: opening Ann, Bob, Cid = 3; closing Ann, Bob, Dan = 3; Cid left:
        # turnover 1 / 3 x 100 = 33.33%.
        operations = self.make_hr_kpi(
            "OPS", "hr_turnover", "quarter", hr_department_id=self.operations.id
        )
        self.assertAlmostEqual(
            self.values(operations, "2026-Q1")["2026-Q1"][0], 100 / 3
        )
        # Operations alone: Ann.
        ops_only = self.make_hr_kpi(
            "OPS_ONLY",
            "hr_headcount",
            "quarter",
            hr_department_id=self.operations.id,
            hr_include_subdepartments=False,
        )
        self.assertEqual(self.values(ops_only, "2026-Q1")["2026-Q1"], (1.0, False))
        # Joiners: Bob and Cid; Cid left in February: 1 at the end of Q1.
        joiners = self.make_hr_kpi(
            "JOINERS", "hr_headcount", "quarter", hr_job_id=self.joiner.id
        )
        self.assertEqual(self.values(joiners, "2026-Q1")["2026-Q1"], (1.0, False))

    def test_appraisal_rate(self):
        # Ann's appraisal is completed on 2026-03-20, Cid's on 2026-02-01 but
        # he has left by the end of Q1, Bob's is only confirmed: 1 of the 3
        # employees at the end of Q1 = 33.33%.
        done = self.make_appraisal(self.ann, self.bob) | self.make_appraisal(
            self.cid, self.ann
        )
        done.write({"state": "3_done"})
        done[0].date_close = date(2026, 3, 20)
        done[1].date_close = date(2026, 2, 1)
        self.make_appraisal(self.bob, self.ann, state="2_pending").date_close = date(
            2026, 3, 25
        )
        rate = self.make_hr_kpi("APPRAISED", "hr_appraisal_rate", "quarter")
        value, error = self.values(rate, "2026-Q1")["2026-Q1"]
        self.assertFalse(error)
        self.assertAlmostEqual(value, 100 / 3)
        action = rate._bsc_drilldown_action(self.period("2026-Q1"))
        self.assertEqual(self.env["hr.appraisal"].search(action["domain"]), done[0])

    def test_no_employee_gives_no_value_with_a_reason(self):
        empty = self.env["hr.department"].create(
            {"name": "Empty", "company_id": self.company.id}
        )
        turnover = self.make_hr_kpi(
            "EMPTY", "hr_turnover", "quarter", hr_department_id=empty.id
        )
        value, error = self.values(turnover, "2026-Q1")["2026-Q1"]
        self.assertIsNone(value)
        self.assertIn("#DIV/0", error)

    def test_recompute_stores_measurements_and_drills_down(self):
        headcount = self.make_hr_kpi("HEADCOUNT", "hr_headcount", "quarter")
        self.scorecard._bsc_recompute(kpis=headcount)
        self.assertEqual(self.measurement(headcount, "2026-Q1").actual_value, 3)
        self.assertEqual(self.measurement(headcount, "2026-Q2").actual_value, 4)
        action = headcount._bsc_drilldown_action(self.period("2026-Q1"))
        employees = (
            self.env["hr.employee"]
            .with_context(**action["context"])
            .search(action["domain"])
        )
        self.assertEqual(employees, self.ann | self.bob | self.dan)

    def test_query_count_does_not_grow_with_periods_or_kpis(self):
        def count(kpis, names):
            periods = self.scorecard.period_ids.filtered(lambda p: p.name in names)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            kpis._bsc_source_values(periods)
            return self.env.cr.sql_log_count - before

        headcount = self.make_hr_kpi(
            "HEADCOUNT", "hr_headcount", hr_department_id=self.operations.id
        )
        months = [f"2026-{m:02d}" for m in range(1, 13)]
        count(headcount, months[:1])  # warm the caches of groups and rules
        few = count(headcount, months[:2])
        self.assertEqual(count(headcount, months), few)
        more = headcount | self.make_hr_kpi(
            "HEADCOUNT_JOB", "hr_headcount", hr_job_id=self.joiner.id
        )
        more |= self.make_hr_kpi(
            "HEADCOUNT_SALES", "hr_headcount", hr_department_id=self.sales.id
        )
        self.assertEqual(count(more, months), few)

    def test_parameters_of_another_company_are_refused(self):
        other = self.env["hr.department"].create(
            {"name": "B's", "company_id": self.company_b.id}
        )
        with self.assertRaisesRegex(ValidationError, "belongs to BSC Company B"):
            self.make_hr_kpi("WRONG", "hr_headcount", hr_department_id=other.id)
