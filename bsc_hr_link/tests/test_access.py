# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import BscHrCase


@tagged("post_install", "-at_install")
class TestAccess(BscHrCase):
    """Dan (employee), Bob (his manager), an HR officer and a scorecard user
    without HR rights, each acting for real.

    Ann, Bob, Dan and Fay (who has no user) have a goal on "Develop skills"
    with its own target (10, red flag 5). Dan's appraisal (manager Bob) is
    done with 10: score 6.67; Bob's (manager Ann) and Fay's (manager Bob) are
    started.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.skills = cls.env["bsc.objective"].create(
            {
                "name": "Develop skills",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.learning.id,
            }
        )
        cls.goals = cls.env["bsc.goal"].create(
            [
                {
                    "employee_id": employee.id,
                    "objective_id": cls.skills.id,
                    "target_value": 10,
                    "red_flag_value": 5,
                }
                for employee in (cls.ann, cls.bob, cls.dan, cls.fay)
            ]
        )
        cls.goal_ann, cls.goal_bob, cls.goal_dan, cls.goal_fay = cls.goals
        cls.appraisal_dan = cls.make_appraisal(cls.dan, cls.bob, state="2_pending")
        cls.line_dan = cls.appraisal_dan.goal_line_ids
        cls.line_dan.with_user(cls.user_bob).write({"actual_value": 10})
        cls.appraisal_dan.with_user(cls.user_bob).action_done()
        cls.appraisal_bob = cls.make_appraisal(cls.bob, cls.ann, state="2_pending")
        cls.line_bob = cls.appraisal_bob.goal_line_ids
        appraisal_fay = cls.make_appraisal(cls.fay, cls.bob, state="2_pending")
        cls.line_fay = appraisal_fay.goal_line_ids
        cls.lines = cls.line_dan | cls.line_bob | cls.line_fay

    def test_employee_sees_their_own_goals_and_lines(self):
        Goal = self.env["bsc.goal"].with_user(self.user_dan)
        Line = self.env["bsc.appraisal.goal.line"].with_user(self.user_dan)
        self.assertEqual(Goal.search([]), self.goal_dan)
        self.assertEqual(Line.search([]), self.line_dan)
        self.assertEqual(self.dan.with_user(self.user_dan).bsc_goal_count, 1)
        appraisal = self.appraisal_dan.with_user(self.user_dan)
        self.assertEqual(appraisal.goal_line_ids, self.line_dan)
        self.assertEqual(appraisal.goal_score, 6.67)
        with self.assertRaises(AccessError):
            self.goal_bob.with_user(self.user_dan).read(["weight"])
        with self.assertRaises(AccessError):
            self.line_bob.with_user(self.user_dan).read(["score"])
        with self.assertRaises(AccessError):
            self.appraisal_bob.with_user(self.user_dan).read(["goal_score"])
        with self.assertRaises(AccessError):
            self.line_bob.with_user(self.user_dan).write({"manager_comment": "Hi"})

    def test_manager_sees_and_enters_their_teams_lines(self):
        Goal = self.env["bsc.goal"].with_user(self.user_bob)
        Line = self.env["bsc.appraisal.goal.line"].with_user(self.user_bob)
        self.assertEqual(Goal.search([]), self.goal_bob | self.goal_dan | self.goal_fay)
        self.assertEqual(Line.search([]), self.lines)
        self.line_fay.with_user(self.user_bob).write({"actual_value": 10})
        # Not his own line, nor another field than the actual and comment.
        with self.assertRaises(AccessError):
            self.line_bob.with_user(self.user_bob).write({"actual_value": 10})
        # Ann, Bob's manager, enters his; Dan's appraisal is done.
        self.line_bob.with_user(self.user_ann).write(
            {"actual_value": 7.5, "manager_comment": "Halfway"}
        )
        self.assertEqual(self.line_bob.score, 5.0)
        with self.assertRaises(AccessError):
            self.line_bob.with_user(self.user_ann).write({"weight": 9})
        # Managers see their direct reports' goals, not those further down.
        self.assertEqual(
            self.env["bsc.goal"].with_user(self.user_ann).search([]),
            self.goal_ann | self.goal_bob,
        )

    def test_hr_officer_sees_and_manages_everything(self):
        Goal = self.env["bsc.goal"].with_user(self.hr_officer)
        Line = self.env["bsc.appraisal.goal.line"].with_user(self.hr_officer)
        self.assertEqual(Goal.search([]) & self.goals, self.goals)
        self.assertEqual(Line.search([]) & self.lines, self.lines)
        self.goal_ann.with_user(self.hr_officer).weight = 2
        self.line_bob.with_user(self.hr_officer).write({"target_value": 8})
        self.assertEqual(self.line_bob.target_value, 8)

    def test_scorecard_user_sees_aggregates_only(self):
        objective = self.skills.with_user(self.user)
        # Dan's 6.67 is the only completed appraisal of the four goals.
        self.assertEqual(objective.goal_count, 4)
        self.assertEqual(objective.goal_employee_count, 4)
        self.assertEqual(objective.goal_score, 6.67)
        self.assertEqual(objective.goal_status, "green")
        self.assertEqual(objective.goal_score_info, "1 of 4 goals appraised")
        self.assertFalse(objective.goal_ids)
        self.assertFalse(self.env["bsc.goal"].with_user(self.user).search([]))
        Line = self.env["bsc.appraisal.goal.line"].with_user(self.user)
        self.assertFalse(Line.search([]))
        with self.assertRaises(AccessError):
            self.line_dan.with_user(self.user).read(["score"])
        with self.assertRaises(AccessError):
            self.appraisal_dan.with_user(self.user).read(["goal_score"])

    def test_other_company_sees_nothing(self):
        self.assertFalse(self.env["bsc.goal"].with_user(self.user_b).search([]))
        with self.assertRaises(AccessError):
            self.goal_dan.with_user(self.user_b).read(["weight"])
