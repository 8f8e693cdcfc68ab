# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import BscHrCase


@tagged("post_install", "-at_install")
class TestCascade(BscHrCase):
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
        cls.training = cls.make_kpi(
            "TRAINING", objective=cls.skills, target_value=4, red_flag_value=2
        )

    def cascade(self, **vals):
        """Run the wizard as an HR officer; return how many goals its preview
        announced."""
        wizard = (
            self.env["bsc.cascade.wizard"]
            .with_user(self.hr_officer)
            .with_context(default_objective_id=self.skills.id)
            .create(vals)
        )
        announced = wizard.new_goal_count
        wizard.action_cascade()
        return announced

    def test_department_and_sub_departments_once(self):
        # Operations and Workshop: Ann, Bob, Dan and Fay are active (Cid and
        # Gus are archived).
        announced = self.cascade(
            department_id=self.operations.id, kpi_id=self.training.id, weight=2
        )
        self.assertEqual(announced, 4)
        goals = self.skills.goal_ids
        self.assertEqual(goals.employee_id, self.ann | self.bob | self.dan | self.fay)
        self.assertEqual(set(goals.mapped("weight")), {2})
        self.assertEqual(goals.kpi_id, self.training)
        self.assertEqual(set(goals.mapped("date_from")), {date(2026, 1, 1)})
        self.assertEqual(set(goals.mapped("date_to")), {date(2026, 12, 31)})
        # Again, and then Workshop alone: nothing new.
        announced = self.cascade(
            department_id=self.operations.id, kpi_id=self.training.id, weight=2
        )
        self.assertEqual(announced, 0)
        self.cascade(department_id=self.workshop.id, kpi_id=self.training.id)
        self.assertEqual(self.skills.goal_ids, goals)
        self.assertEqual(self.skills.goal_count, 4)
        self.assertEqual(self.skills.goal_employee_count, 4)
        self.assertEqual(self.skills.contributing_employee_ids, goals.employee_id)
        self.assertEqual(self.bob.with_user(self.hr_officer).bsc_goal_count, 1)

    def test_department_without_sub_departments(self):
        self.cascade(
            department_id=self.operations.id,
            include_subdepartments=False,
            kpi_id=self.training.id,
        )
        self.assertEqual(self.skills.goal_ids.employee_id, self.ann)

    def test_chosen_employees_with_an_own_target_for_a_period(self):
        # Eve is archived: only Bob gets the goal, for the first quarter.
        self.cascade(
            cascade_to="employees",
            employee_ids=[(6, 0, (self.bob | self.eve).ids)],
            period_id=self.period("2026-Q1").id,
            name="Run two toolbox talks",
            polarity="higher",
            target_value=2,
            red_flag_value=1,
        )
        goal = self.skills.goal_ids
        self.assertEqual(goal.employee_id, self.bob)
        self.assertFalse(goal.kpi_id)
        self.assertEqual(
            (goal.date_from, goal.date_to), (date(2026, 1, 1), date(2026, 3, 31))
        )
        self.assertEqual((goal.target_value, goal.red_flag_value), (2, 1))
        # An own-target goal for the whole year is another goal.
        self.cascade(
            cascade_to="employees",
            employee_ids=[(6, 0, self.bob.ids)],
            target_value=8,
            red_flag_value=4,
        )
        self.assertEqual(len(self.skills.goal_ids), 2)

    def test_goal_without_kpi_needs_a_valid_target(self):
        with self.assertRaisesRegex(ValidationError, "needs its own target"):
            self.cascade(
                department_id=self.workshop.id, target_value=5, red_flag_value=5
            )
        other = self.make_kpi("OTHER")
        with self.assertRaisesRegex(ValidationError, "measures the objective"):
            self.env["bsc.goal"].create(
                {
                    "employee_id": self.bob.id,
                    "objective_id": self.skills.id,
                    "kpi_id": other.id,
                }
            )
