# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import BscProjectCase


@tagged("post_install", "-at_install")
class TestInitiativeProject(BscProjectCase):
    """An initiative linked to the project of BscProjectCase (see its table)."""

    def test_progress_from_tasks_and_from_allocated_hours(self):
        initiative = self.initiative
        # 2 done of 4; with the cancelled tasks it would be 2 of 6
        self.assertEqual((initiative.task_done_count, initiative.task_count), (2, 4))
        self.assertEqual(initiative.progress, 50.0)
        initiative.progress_mode = "hours"
        # 10 + 30 h done of 100 h; with the cancelled tasks 40 of 200
        self.assertEqual(initiative.progress, 40.0)
        self.open_1.state = "1_done"
        initiative._bsc_project_sync()
        self.assertEqual(initiative.progress, 60.0)

    def test_cost_from_timesheets_of_two_companies_in_two_currencies(self):
        # Odoo costs each timesheet in its employee's company currency
        self.assertEqual(self.sheet_a.amount, -500.0)
        self.assertEqual(self.sheet_a.company_id, self.company)
        self.assertEqual(self.sheet_b.amount, -500.0)
        self.assertEqual(self.sheet_b.company_id, self.company_b)
        self.assertEqual(self.sheet_b.currency_id, self.env.ref("base.USD"))
        # 500 EUR + 500 USD / 1.25 + 100 EUR of licences; not the revenue
        self.assertEqual(self.initiative.budget_spent, 1000.0)
        self.assertEqual(self.initiative.hours_logged, 15.0)
        self.assertEqual(self.initiative.hours_planned, 100.0)  # tasks' hours
        self.project.allocated_hours = 120
        self.initiative._bsc_project_sync()
        self.assertEqual(self.initiative.hours_planned, 120.0)

    def test_milestones_are_shown_on_the_initiative(self):
        lines = self.initiative.milestone_line_ids
        self.assertEqual(lines.mapped("name"), ["Design", "Pilot"])
        self.assertEqual(
            [(m.deadline, m.is_reached, m.reached_date, m.status) for m in lines],
            [
                (date(2026, 10, 31), True, date(2026, 10, 30), "on_time"),
                (date(2026, 11, 20), False, False, "planned"),
            ],
        )

    def test_on_track_on_every_boundary(self):
        """Progress 50 % after 50 % of the time (margin 10), cost 1,000 of
        the 1,000 allowed, the pilot due today: on track."""
        initiative = self.initiative
        self.assertEqual(initiative.time_elapsed, 50.0)
        self.assertEqual(
            (initiative.state, initiative.derived_state, initiative.state_reason),
            ("on_track", "on_track", "on_track"),
        )
        self.assertIn("50", initiative.state_explanation)
        self.assertIn("no milestone is overdue", initiative.state_explanation)

    def test_late_the_day_after_the_deadline(self):
        initiative = self.initiative
        initiative.date_end = date(2026, 11, 20)  # today: not late yet
        self.assertNotEqual(initiative.state, "late")
        initiative.date_end = date(2026, 11, 19)
        self.assertEqual(
            (initiative.state, initiative.state_reason), ("late", "deadline")
        )
        self.assertIn("has passed", initiative.state_explanation)
        self.assertIn("50", initiative.state_explanation)

    def test_at_risk_the_day_after_a_milestone_deadline(self):
        initiative = self.initiative
        self.pilot.deadline = date(2026, 11, 19)
        initiative._bsc_project_sync()
        self.assertEqual(
            (initiative.state, initiative.state_reason), ("at_risk", "milestone")
        )
        self.assertIn("Pilot", initiative.state_explanation)
        self.assertEqual(initiative.milestone_line_ids[1].status, "overdue")
        self.pilot.is_reached = True
        initiative._bsc_project_sync()
        self.assertEqual(initiative.state, "on_track")

    def test_at_risk_when_progress_lags_by_more_than_the_margin(self):
        initiative = self.initiative
        initiative.progress_mode = "hours"  # 40 % after 50 % of the time
        self.assertEqual((initiative.progress, initiative.state), (40.0, "on_track"))
        initiative.risk_margin = 9.5
        self.assertEqual(
            (initiative.state, initiative.state_reason), ("at_risk", "progress")
        )
        self.assertIn("9.5", initiative.state_explanation)

    def test_at_risk_when_cost_exceeds_the_budget_share(self):
        initiative = self.initiative
        initiative.budget_planned = 1999.98  # allows 999.99 of the 1,000 spent
        self.assertEqual(
            (initiative.state, initiative.state_reason), ("at_risk", "cost")
        )
        self.assertIn("999.99", initiative.state_explanation)

    def test_done_when_every_task_not_cancelled_is(self):
        (self.open_1 | self.open_2).state = "1_done"
        self.initiative._bsc_project_sync()
        self.assertEqual(
            (self.initiative.state, self.initiative.progress), ("done", 100.0)
        )

    def test_a_user_override_stays_and_is_tracked(self):
        # as if the initiative had been created in an earlier transaction:
        # creating it discards its tracking until the commit
        self.env.cr.precommit.run()
        initiative = self.initiative.with_context(tracking_disable=False)
        initiative.with_user(self.manager).state = "at_risk"
        self.assertTrue(initiative.state_manual)
        initiative._bsc_project_sync()
        self.assertEqual(
            (initiative.state, initiative.derived_state), ("at_risk", "on_track")
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # mail tracking is written at commit
        tracked = (
            self.env["mail.tracking.value"]
            .search(
                [
                    ("mail_message_id.model", "=", "bsc.initiative"),
                    ("mail_message_id.res_id", "=", initiative.id),
                ]
            )
            .field_id.mapped("name")
        )
        self.assertIn("state_manual", tracked)
        self.assertIn("state", tracked)
        initiative.action_follow_project_state()
        self.assertEqual(
            (initiative.state, initiative.state_manual), ("on_track", False)
        )

    def test_create_project_from_the_initiative(self):
        initiative = self.env["bsc.initiative"].create(
            {"name": "Lean workshop", "scorecard_id": self.scorecard.id,
             "date_start": date(2026, 11, 18), "date_end": date(2026, 12, 31)}
        )  # fmt: skip
        initiative.action_create_project()
        project = initiative.project_id
        self.assertEqual(
            (project.name, project.company_id, project.date),
            ("Lean workshop", self.company, date(2026, 12, 31)),
        )
        # no task yet: progress 0 after 2 days of 43 (4.7 %) is within the margin
        self.assertEqual(initiative.state_reason, "on_track")
        self.assertEqual((initiative.task_count, initiative.progress), (0, 0.0))
        initiative.date_start = date(2026, 11, 15)  # 5 days of 46: 10.9 %
        self.assertEqual(initiative.state_reason, "progress")

    def test_scorecard_user_sees_the_figures_but_not_the_tasks(self):
        """The project is private (followers only): a scorecard user reads
        the initiative's figures, milestones and status, not the tasks."""
        initiative = self.initiative.with_user(self.user)
        data = initiative.web_read(
            {
                "progress": {},
                "budget_spent": {},
                "hours_logged": {},
                "state_explanation": {},
                "project_id": {"fields": {"display_name": {}}},
                "milestone_line_ids": {"fields": {"name": {}, "status": {}}},
            }
        )[0]
        self.assertEqual((data["progress"], data["budget_spent"]), (50.0, 1000.0))
        self.assertEqual(data["hours_logged"], 15.0)
        self.assertTrue(data["state_explanation"])
        self.assertEqual(
            [line["name"] for line in data["milestone_line_ids"]], ["Design", "Pilot"]
        )
        with self.assertRaises(AccessError):
            self.open_1.with_user(self.user).check_access("read")
        with self.assertRaises(AccessError):
            self.open_1.with_user(self.user).read(["name"])
        # the milestones copied onto the initiative stay in its company
        with self.assertRaises(AccessError):
            self.initiative.milestone_line_ids.with_user(self.user_b).read(["name"])

    def test_figures_land_in_the_core_fields_an_uninstall_keeps(self):
        """progress, budget_spent and state are bsc_core's columns: they hold
        the last values read once the project is unlinked (or the addon
        uninstalled)."""
        self.initiative.project_id = False
        self.initiative.invalidate_recordset()
        self.assertEqual(
            (self.initiative.progress, self.initiative.budget_spent,
             self.initiative.state),
            (50.0, 1000.0, "on_track"),
        )  # fmt: skip
        self.env.cr.execute(
            "SELECT progress, budget_spent, state FROM bsc_initiative WHERE id = %s",
            (self.initiative.id,),
        )
        self.assertEqual(self.env.cr.fetchone(), (50.0, 1000.0, "on_track"))

    def test_reading_projects_costs_the_same_queries_for_one_or_three(self):
        """The facts of several initiatives come from one query per kind
        (tasks, hours, cost lines, milestones), not one per initiative."""
        others = self.env["bsc.initiative"].create(
            [
                {
                    "name": name,
                    "scorecard_id": self.scorecard.id,
                    "project_id": self.env["project.project"]
                    .create({"name": name, "company_id": self.company.id})
                    .id,
                }
                for name in ("Second", "Third")
            ]
        )

        def queries(initiatives):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            facts = initiatives.sudo()._bsc_project_facts()
            return self.cr.sql_log_count - before, facts

        one, facts = queries(self.initiative)
        three, facts_three = queries(self.initiative | others)
        # 11 with a cold cache: the four reads of facts, the records they
        # name (initiatives, projects, accounts, companies) and the USD rate
        self.assertEqual(one, three)
        self.assertLessEqual(one, 11)
        self.assertEqual(facts["cost"][self.initiative.id], 1000.0)
        self.assertEqual(
            [facts_three["cost"][i.id] for i in self.initiative | others],
            [1000.0, 0.0, 0.0],
        )
