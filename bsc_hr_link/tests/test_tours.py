# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHrTours(HttpCase):
    """HR cascades an objective and scores an appraisal goal line with 0.

    A 2025 scorecard is built here, so that the tour does not depend on
    today's date (see static/tests/tours/bsc_hr_tours.js).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = env.company
        # an HR officer, appraisal officer and scorecard user, who manages Dana
        cls.hr_user = new_test_user(
            env,
            "bsc_tour_hr",
            groups="base.group_user,hr.group_hr_user,bsc_core.group_bsc_user,"
            "hr_appraisal_oca.group_appraisal_hr_officer",
            company_id=company.id,
        )
        manager = env["hr.employee"].create(
            {"name": "Tour Hana", "user_id": cls.hr_user.id, "company_id": company.id}
        )
        scorecard = env["bsc.scorecard"].create(
            {
                "name": "BSC HR Tour Scorecard",
                "company_id": company.id,
                "user_id": env.ref("base.user_admin").id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "state": "active",
            }
        )
        cls.objective = env["bsc.objective"].create(
            {
                "code": "HTI1",
                "name": "Cut tour rework",
                "scorecard_id": scorecard.id,
                "perspective_id": env.ref("bsc_core.perspective_internal").id,
            }
        )
        team = env["hr.department"].create(
            {"name": "Tour Rework Team", "company_id": company.id}
        )
        cls.dana = env["hr.employee"].create(
            {"name": "Tour Dana", "department_id": team.id, "company_id": company.id}
        )
        cls.appraisal = env["hr.appraisal"].create(
            {
                "employee_id": cls.dana.id,
                "manager_ids": [Command.set(manager.ids)],
                "date_close": date(2025, 12, 31),
            }
        )

    def test_cascade_and_appraise_tour(self):
        self.start_tour(
            f"/odoo/action-bsc_core.bsc_objective_action/{self.objective.id}",
            "bsc_hr_cascade_tour",
            login=self.hr_user.login,
        )
        goal = self.objective.goal_ids
        self.assertEqual(goal.employee_id, self.dana)
        self.assertEqual((goal.polarity, goal.red_flag_value), ("lower", 3))
        line = self.appraisal.goal_line_ids
        self.assertEqual((line.has_actual, line.actual_value), (True, 0))
        self.assertEqual((line.status, self.appraisal.goal_status), ("green", "green"))


@tagged("post_install", "-at_install")
class TestHrDemo(HttpCase):
    """HR's half of the suite shows in the demo (issue #13)."""

    def test_demo_admin_sees_appraisals_and_the_cascade_button(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("hr_appraisal_oca.group_appraisal_hr_officer"))
        # the objective's header offers "Cascade to Employees", on any tab
        arch = (
            self.env["bsc.objective"]
            .with_user(admin)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        header = arch[arch.index("<header") : arch.index("</header>")]
        self.assertIn('name="action_open_cascade_wizard"', header)
