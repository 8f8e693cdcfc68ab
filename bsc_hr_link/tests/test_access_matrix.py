# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.bsc_core.tests import test_access_matrix as core_matrix
from odoo.addons.bsc_core.tests.common import (
    ACCESS_ROLES,
    access_matrix_users,
    assert_access_matrix,
)

from .common import BscHrCase

NONE = ("----", "----")
# The employee is Dan (a user with an employee record); the HR manager has
# Employees / Administrator. Goal and line "of the employee" are Dan's; "of
# another" are Ann's (Dan's manager's manager); the other company's are Hal's.
EXPECTED = {
    "goal of the employee": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": NONE,
        "bsc_manager": NONE,
        "employee": ("r---", "----"),
        "hr_manager": ("rwcu", "----"),
    },
    "goal of another": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": NONE,
        "bsc_manager": NONE,
        "employee": NONE,
        "hr_manager": ("rwcu", "----"),
    },
    "appraisal goal line of the employee": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": NONE,
        "bsc_manager": NONE,
        "employee": ("r---", "----"),
        "hr_manager": ("rwcu", "----"),
    },
    "appraisal goal line of another": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": NONE,
        "bsc_manager": NONE,
        "employee": NONE,
        "hr_manager": ("rwcu", "----"),
    },
}


@tagged("post_install", "-at_install")
class TestHrAccessMatrix(BscHrCase):
    """bsc_hr_link's models x every role x two companies x every operation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = access_matrix_users(cls.env, cls.company, ACCESS_ROLES)
        cls.users["employee"] = cls.user_dan
        cls.users["hr_manager"] = new_test_user(
            cls.env,
            "test_matrix_hr_manager",
            groups="hr.group_hr_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        skills = cls.make_objective(cls.scorecard)
        scorecard_b = cls.env["bsc.scorecard"].create(
            {
                "name": "Company B 2026",
                "company_id": cls.company_b.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        skills_b = cls.make_objective(scorecard_b)
        goals = {}
        lines = {}
        for employee, manager, objective in (
            (cls.dan, cls.bob, skills),
            (cls.ann, cls.bob, skills),
            (cls.hal, cls.hal, skills_b),
        ):
            goals[employee] = cls.env["bsc.goal"].create(
                {
                    "employee_id": employee.id,
                    "objective_id": objective.id,
                    "target_value": 10,
                    "red_flag_value": 5,
                }
            )
            appraisal = cls.make_appraisal(employee, manager, state="2_pending")
            lines[employee] = appraisal.goal_line_ids
        cls.records = {
            ("goal of the employee", "own"): goals[cls.dan],
            ("goal of another", "own"): goals[cls.ann],
            ("goal of another", "other"): goals[cls.hal],
            ("appraisal goal line of the employee", "own"): lines[cls.dan],
            ("appraisal goal line of another", "own"): lines[cls.ann],
            ("appraisal goal line of another", "other"): lines[cls.hal],
        }

    @classmethod
    def make_objective(cls, scorecard):
        return cls.env["bsc.objective"].create(
            {
                "name": "Develop skills",
                "scorecard_id": scorecard.id,
                "perspective_id": cls.learning.id,
            }
        )

    def test_access_matrix(self):
        self.assertEqual({label for label, __ in self.records}, set(EXPECTED))
        for record in self.records.values():
            self.assertEqual(len(record), 1)
        assert_access_matrix(self, self.users, self.records, EXPECTED)


@tagged("post_install", "-at_install")
class TestCoreAccessMatrixHrRoles(core_matrix.TestAccessMatrix):
    """bsc_core's models for the two roles HR adds.

    An employee (a user with an employee record) and an HR manager hold no
    scorecard right: for every bsc_core model they get exactly what a plain
    internal user gets, whatever HR lets them do elsewhere.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        employee = new_test_user(
            cls.env,
            "test_core_matrix_employee",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.env["hr.employee"].create(
            {
                "name": "Matrix Employee",
                "user_id": employee.id,
                "company_id": cls.company.id,
            }
        )
        cls.users["employee"] = employee
        cls.users["hr_manager"] = new_test_user(
            cls.env,
            "test_core_matrix_hr_manager",
            groups="hr.group_hr_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def test_access_matrix(self):
        expected = {
            label: dict(row, employee=row["internal"], hr_manager=row["internal"])
            for label, row in core_matrix.EXPECTED.items()
        }
        assert_access_matrix(self, self.users, self.records, expected)
