# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo.tests import tagged

from .common import BscProjectCase

MONTHS = ("2026-08", "2026-09", "2026-10", "2026-11")


@tagged("post_install", "-at_install")
class TestProjectSources(BscProjectCase):
    """The project KPIs of company A's scorecard (Brussels time), on a
    project of A beside the shared one of BscProjectCase:

    ====  ======  =====================  ======================  ==========
    task  state   deadline (UTC)         closed (UTC)            created
    ====  ======  =====================  ======================  ==========
    k1    done    10 Sep 12:00           8 Sep 10:00             1 Aug
    k2    done    10 Sep 12:00           12 Sep 10:00 (late)     1 Aug
    k3    done    -                      5 Oct 10:00             1 Aug
    k4    done    1 Nov 08:00            31 Oct 23:30 (1 Nov     1 Aug
                                         00:30 in Brussels)
    o1    done    20 Sep 12:00           10 Nov 10:00            1 Sep
    o2    done    25 Sep 12:00           15 Oct 10:00            1 Sep
    o3    open    20 Oct 12:00           -                       1 Oct
    ====  ======  =====================  ======================  ==========

    Timesheets: Ann 3 h on 30 Sep on k1; and the shared project's (Ann 10 h
    on 15 Oct in A, Bob 5 h on 2 Nov in B). Milestones of A's project: due
    15 Sep reached 20 Sep (late), due 30 Nov reached 5 Nov; the shared
    project's "Design" was reached on time on 30 Oct.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Tasks and projects shared by all companies (Odoo's demo projects)
        # count in company A too: give the ones not made here to company B.
        cls.env.flush_all()
        company_b, shared = cls.company_b.id, cls.project.id
        cls.env.cr.execute(
            "UPDATE project_project SET company_id = %s"
            " WHERE company_id IS NULL AND id != %s",
            (company_b, shared),
        )
        cls.env.cr.execute(
            "UPDATE project_task SET company_id = %s WHERE company_id IS NULL"
            " AND project_id IS DISTINCT FROM %s",
            (company_b, shared),
        )
        cls.env.invalidate_all()
        cls.project_a = cls.env["project.project"].create(
            {"name": "Workshop", "company_id": cls.company.id}
        )
        Task = cls.env["project.task"]
        dt, aug, sep, oct_ = (
            datetime,
            date(2026, 8, 1),
            date(2026, 9, 1),
            date(2026, 10, 1),
        )
        done, todo = "1_done", "01_in_progress"
        specs = {
            "k1": (done, dt(2026, 9, 10, 12), dt(2026, 9, 8, 10), aug),
            "k2": (done, dt(2026, 9, 10, 12), dt(2026, 9, 12, 10), aug),
            "k3": (done, False, dt(2026, 10, 5, 10), aug),
            "k4": (done, dt(2026, 11, 1, 8), dt(2026, 10, 31, 23, 30), aug),
            "o1": (done, dt(2026, 9, 20, 12), dt(2026, 11, 10, 10), sep),
            "o2": (done, dt(2026, 9, 25, 12), dt(2026, 10, 15, 10), sep),
            "o3": (todo, dt(2026, 10, 20, 12), False, oct_),
        }  # fmt: skip
        cls.tasks = {}
        for name, (state, deadline, closed, __) in specs.items():
            task = Task.create(
                {"name": name, "project_id": cls.project_a.id, "state": state,
                 "date_deadline": deadline}
            )  # fmt: skip
            if closed:
                task.bsc_date_closed = closed
            cls.tasks[name] = task
        cls.env.flush_all()
        for name, spec in specs.items():
            cls.env.cr.execute(
                "UPDATE project_task SET create_date = %s WHERE id = %s",
                (spec[3], cls.tasks[name].id),
            )
        Task.invalidate_model(["create_date"])
        cls.env["account.analytic.line"].with_company(cls.company).create(
            {"name": "Frames", "project_id": cls.project_a.id,
             "task_id": cls.tasks["k1"].id, "employee_id": cls.ann.id,
             "unit_amount": 3, "date": date(2026, 9, 30)}
        )  # fmt: skip
        Milestone = cls.env["project.milestone"]
        late, on_time = Milestone.create(
            [
                {"name": "Frames", "project_id": cls.project_a.id,
                 "deadline": date(2026, 9, 15), "is_reached": True},
                {"name": "Legs", "project_id": cls.project_a.id,
                 "deadline": date(2026, 11, 30), "is_reached": True},
            ]
        )  # fmt: skip
        cls.set_reached_date(late, date(2026, 9, 20))
        cls.set_reached_date(on_time, date(2026, 11, 5))
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")

    def make_project_kpi(self, code, source_type, **vals):
        return self.make_kpi(code, source_type=source_type, **vals)

    def values(self, kpis):
        periods = self.months.filtered(lambda p: p.name in MONTHS)
        result = kpis._bsc_source_values(periods)
        by_name = {p.name: p for p in periods}
        return {
            kpi.code: [result[(kpi.id, by_name[m].id)][0] for m in MONTHS]
            for kpi in kpis
        }

    def period(self, name):
        return self.months.filtered(lambda p: p.name == name)

    def test_each_project_source(self):
        kpis = (
            self.make_project_kpi("ON_TIME", "project_tasks_on_time")
            | self.make_project_kpi("OVERDUE", "project_tasks_overdue")
            | self.make_project_kpi("HOURS", "project_hours")
            | self.make_project_kpi(
                "HOURS_A", "project_hours", project_project_id=self.project_a.id
            )
            | self.make_project_kpi("MILESTONES", "project_milestones_on_time")
            | self.make_project_kpi(
                "MILESTONES_A", "project_milestones_on_time",
                project_project_id=self.project_a.id,
            )
        )  # fmt: skip
        self.assertEqual(
            self.values(kpis),
            {
                # k1 in September; k4 closed on 1 November in Brussels; not
                # k2 (late), k3 (no deadline) nor the shared project's tasks
                "ON_TIME": [0.0, 1.0, 0.0, 1.0],
                # end of Sep: o1, o2; Oct: o1, o3; Nov: o3 (o1 closed)
                "OVERDUE": [0.0, 2.0, 2.0, 1.0],
                # Sep: 3 h; Oct: Ann's 10 h; Bob's 5 h are company B's
                "HOURS": [0.0, 3.0, 10.0, 0.0],
                "HOURS_A": [0.0, 3.0, 0.0, 0.0],
                # Design on time in Oct, Legs in Nov; not Frames (late)
                "MILESTONES": [0.0, 0.0, 1.0, 1.0],
                "MILESTONES_A": [0.0, 0.0, 0.0, 1.0],
            },
        )

    def test_drilldown_opens_the_records_behind_a_value(self):
        overdue = self.make_project_kpi("OVERDUE", "project_tasks_overdue")
        action = overdue._bsc_drilldown_action(self.period("2026-10"))
        tasks = self.env["project.task"].search(action["domain"])
        self.assertEqual(tasks, self.tasks["o1"] | self.tasks["o3"])
        on_time = self.make_project_kpi("ON_TIME", "project_tasks_on_time")
        action = on_time._bsc_drilldown_action(self.period("2026-11"))
        self.assertEqual(
            self.env["project.task"].search(action["domain"]), self.tasks["k4"]
        )
        hours = self.make_project_kpi("HOURS", "project_hours")
        action = hours._bsc_drilldown_action(self.period("2026-10"))
        self.assertEqual(action["res_model"], "account.analytic.line")
        self.assertEqual(
            self.env["account.analytic.line"].search(action["domain"]), self.sheet_a
        )
        # the list shown sums the hours logged, the KPI's measure (#13)
        view = self.env["ir.ui.view"].browse(action["views"][0][0])
        self.assertRegex(view.arch, r'name="unit_amount"[^>]*sum=')
        milestones = self.make_project_kpi("MS", "project_milestones_on_time")
        action = milestones._bsc_drilldown_action(self.period("2026-10"))
        self.assertEqual(
            self.env["project.milestone"].search(action["domain"]), self.design
        )

    def test_a_project_of_another_company_is_refused(self):
        project_b = self.env["project.project"].create(
            {"name": "B's project", "company_id": self.company_b.id}
        )
        with self.assertRaisesRegex(Exception, "belongs to"):
            self.make_project_kpi(
                "HOURS_B", "project_hours", project_project_id=project_b.id
            )

    def test_one_query_per_source_type_whatever_the_periods_and_kpis(self):
        """3 or 12 months, 1 or 2 KPIs per type: one query per type used."""
        four = (
            self.make_project_kpi("ON_TIME", "project_tasks_on_time")
            | self.make_project_kpi("OVERDUE", "project_tasks_overdue")
            | self.make_project_kpi("HOURS", "project_hours")
            | self.make_project_kpi("MILESTONES", "project_milestones_on_time")
        )
        project_a = {"project_project_id": self.project_a.id}
        eight = four | (
            self.make_project_kpi("ON_TIME_A", "project_tasks_on_time", **project_a)
            | self.make_project_kpi("OVERDUE_A", "project_tasks_overdue", **project_a)
            | self.make_project_kpi("HOURS_A", "project_hours", **project_a)
            | self.make_project_kpi("MS_A", "project_milestones_on_time", **project_a)
        )
        eight._bsc_source_values(self.months)  # warm the caches
        for kpis, periods in (
            (four, self.months[:3]),
            (four, self.months),
            (eight, self.months[:3]),
            (eight, self.months),
        ):
            with self.assertQueryCount(__system__=4):
                values = kpis._bsc_source_values(periods)
            self.assertEqual(len(values), len(kpis) * len(periods))
