# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user
from odoo.tools import SQL

from odoo.addons.bsc_core.tests.common import BscCase


class BscHrCase(BscCase):
    """Company A's people, with known hire and departure dates.

    Hire dates are creation dates (no contracts), set in SQL at 10:00 UTC
    unless said otherwise; the scorecard reads them in Europe/Brussels.

    ==========  ==========  ======  ===========  ==========  ==================
    employee    department  job     hired        departure   note
    ==========  ==========  ======  ===========  ==========  ==================
    Ann         Operations          2020-01-01               manager of Bob
    Bob         Workshop    Joiner  2024-07-01               manager of Dan, Fay
    Cid         Workshop    Joiner  2025-01-01   2026-02-15  archived
    Dan         Workshop            2026-02-10
    Eve         Sales               2023-01-01   2026-03-31  archived
    Fay         Workshop            2026-04-01   (created 2026-03-31 23:30 UTC)
    Gus         Operations          2022-01-01   none        archived: left out
    Ivy         Sales               2019-01-01   2025-06-30  archived
    Hal         (company B)         2020-01-01               other company
    ==========  ==========  ======  ===========  ==========  ==================

    Workshop is a sub-department of Operations.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        cls.learning = cls.env.ref("bsc_core.perspective_learning")
        cls.internal = cls.env.ref("bsc_core.perspective_internal")
        Department = cls.env["hr.department"]
        cls.operations = Department.create(
            {"name": "Operations", "company_id": company.id}
        )
        cls.workshop = Department.create(
            {
                "name": "Workshop",
                "parent_id": cls.operations.id,
                "company_id": company.id,
            }
        )
        cls.sales = Department.create({"name": "Sales", "company_id": company.id})
        cls.joiner = cls.env["hr.job"].create(
            {"name": "Joiner", "company_id": company.id}
        )
        users = {}
        for login, groups in (
            ("test_hr_ann", "base.group_user"),
            ("test_hr_bob", "base.group_user"),
            ("test_hr_dan", "base.group_user"),
            ("test_hr_officer", "hr.group_hr_user,bsc_core.group_bsc_user"),
        ):
            users[login] = new_test_user(
                cls.env,
                login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
        cls.user_ann = users["test_hr_ann"]
        cls.user_bob = users["test_hr_bob"]
        cls.user_dan = users["test_hr_dan"]
        cls.hr_officer = users["test_hr_officer"]

        cls.ann = cls.make_employee(
            "Ann", cls.operations, datetime(2020, 1, 1, 10), user=cls.user_ann
        )
        cls.bob = cls.make_employee(
            "Bob",
            cls.workshop,
            datetime(2024, 7, 1, 10),
            job=cls.joiner,
            manager=cls.ann,
            user=cls.user_bob,
        )
        cls.cid = cls.make_employee(
            "Cid",
            cls.workshop,
            datetime(2025, 1, 1, 10),
            job=cls.joiner,
            departure=date(2026, 2, 15),
        )
        cls.dan = cls.make_employee(
            "Dan",
            cls.workshop,
            datetime(2026, 2, 10, 10),
            manager=cls.bob,
            user=cls.user_dan,
        )
        cls.eve = cls.make_employee(
            "Eve", cls.sales, datetime(2023, 1, 1, 10), departure=date(2026, 3, 31)
        )
        # 23:30 UTC on 31 March is 01:30 on 1 April in Brussels (CEST).
        cls.fay = cls.make_employee(
            "Fay", cls.workshop, datetime(2026, 3, 31, 23, 30), manager=cls.bob
        )
        cls.gus = cls.make_employee(
            "Gus", cls.operations, datetime(2022, 1, 1, 10), archived=True
        )
        cls.ivy = cls.make_employee(
            "Ivy", cls.sales, datetime(2019, 1, 1, 10), departure=date(2025, 6, 30)
        )
        cls.hal = cls.make_employee(
            "Hal", cls.env["hr.department"], datetime(2020, 1, 1, 10), cls.company_b
        )
        cls.env.invalidate_all()

    @classmethod
    def make_employee(
        cls,
        name,
        department,
        created,
        company=None,
        job=None,
        manager=None,
        user=None,
        departure=None,
        archived=False,
    ):
        """An employee created at ``created`` (UTC), archived when it has a
        departure date or ``archived``."""
        employee = cls.env["hr.employee"].create(
            {
                "name": name,
                "company_id": (company or cls.company).id,
                "department_id": department.id,
                "job_id": job.id if job else False,
                "parent_id": manager.id if manager else False,
                "user_id": user.id if user else False,
            }
        )
        if departure or archived:
            employee.write({"active": False, "departure_date": departure or False})
        cls.env.cr.execute(
            SQL(
                "UPDATE hr_employee SET create_date = %s WHERE id = %s",
                created,
                employee.id,
            )
        )
        return employee

    @classmethod
    def make_hr_kpi(cls, code, source_type, frequency="month", **vals):
        vals.setdefault("target_value", 10)
        vals.setdefault("red_flag_value", 5)
        return cls.make_kpi(code, source_type=source_type, frequency=frequency, **vals)

    @classmethod
    def make_appraisal(cls, employee, manager, state="1_new", **vals):
        return cls.env["hr.appraisal"].create(
            dict(
                employee_id=employee.id,
                manager_ids=[Command.set(manager.ids)],
                date_close=date(2026, 6, 30),
                state=state,
                **vals,
            )
        )
