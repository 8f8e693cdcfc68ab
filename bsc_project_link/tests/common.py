# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command

from odoo.addons.bsc_core.tests.common import BscCase


class BscProjectCase(BscCase):
    """A shared project (no company) run by employees of two companies,
    whose figures can be checked by hand. The clock stands still at
    ``TEST_NOW``: 20 November 2026, 11:00 in Brussels.

    Company A works in EUR, company B in USD; A's rate is 1 EUR = 1.25 USD.

    ==========  =========  ======  =====================================
    task        state      alloc.  timesheets
    ==========  =========  ======  =====================================
    done_1      done       10 h    Ann (A, 50 EUR/h): 10 h on 15 Oct
    done_2      done       30 h
    open_1      open       20 h    Bob (B, 100 USD/h): 5 h on 2 Nov
    open_2      open       40 h
    cancel_1/2  cancelled  60+40
    ==========  =========  ======  =====================================

    Cost: 10 h x 50 = 500 EUR, 5 h x 100 = 500 USD = 400 EUR, and another
    line of A of -100 EUR (a revenue line of +300 is no cost): 1,000 EUR.
    Progress: 2 tasks done of 4 = 50 %; allocated hours 40 of 100 = 40 %.

    Milestones: "Design" due 31 Oct, reached 30 Oct; "Pilot" due 20 Nov
    (today), not reached.

    The initiative runs from 11 October to 30 December (80 days): on
    20 November 40 days, 50 %, have elapsed; its planned budget is 2,000 EUR,
    of which the time elapsed allows 1,000.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        eur, usd = cls.env.ref("base.EUR"), cls.env.ref("base.USD")
        (eur | usd).active = True
        cls.company.currency_id = eur
        cls.company_b.currency_id = usd
        cls.env["res.currency.rate"].create(
            [
                {"name": date(2024, 1, 1), "currency_id": currency.id,
                 "rate": rate, "company_id": cls.company.id}
                for currency, rate in ((eur, 1.0), (usd, 1.25))
            ]
        )  # fmt: skip
        plan, __ = cls.env["account.analytic.plan"]._get_all_plans()
        cls.account = cls.env["account.analytic.account"].create(
            {"name": "Portal (shared)", "plan_id": plan.id, "company_id": False}
        )
        cls.project = cls.env["project.project"].create(
            {
                "name": "Customer portal",
                "company_id": False,
                "account_id": cls.account.id,
                "allow_timesheets": True,
                "privacy_visibility": "followers",
            }
        )
        Task = cls.env["project.task"]

        def task(name, hours, state="01_in_progress"):
            return Task.create(
                {"name": name, "project_id": cls.project.id,
                 "allocated_hours": hours, "state": state}
            )  # fmt: skip

        cls.done_1 = task("Done 1", 10, "1_done")
        cls.done_2 = task("Done 2", 30, "1_done")
        cls.open_1 = task("Open 1", 20)
        cls.open_2 = task("Open 2", 40)
        cls.cancel_1 = task("Cancelled 1", 60, "1_canceled")
        cls.cancel_2 = task("Cancelled 2", 40, "1_canceled")

        Employee = cls.env["hr.employee"]
        cls.ann = Employee.create(
            {"name": "Ann", "company_id": cls.company.id, "hourly_cost": 50}
        )
        cls.bob = Employee.create(
            {"name": "Bob", "company_id": cls.company_b.id, "hourly_cost": 100}
        )
        Line = cls.env["account.analytic.line"]
        cls.sheet_a = Line.with_company(cls.company).create(
            {"name": "Build", "project_id": cls.project.id,
             "task_id": cls.done_1.id, "employee_id": cls.ann.id,
             "unit_amount": 10, "date": date(2026, 10, 15)}
        )  # fmt: skip
        cls.sheet_b = Line.with_company(cls.company_b).create(
            {"name": "Test", "project_id": cls.project.id,
             "task_id": cls.open_1.id, "employee_id": cls.bob.id,
             "unit_amount": 5, "date": date(2026, 11, 2)}
        )  # fmt: skip
        Line.create(
            [
                {"name": "Licences", "account_id": cls.account.id,
                 "company_id": cls.company.id, "amount": -100,
                 "date": date(2026, 11, 3)},
                {"name": "Re-invoiced", "account_id": cls.account.id,
                 "company_id": cls.company.id, "amount": 300,
                 "date": date(2026, 11, 4)},
            ]
        )  # fmt: skip

        Milestone = cls.env["project.milestone"]
        cls.design = Milestone.create(
            {"name": "Design", "project_id": cls.project.id,
             "deadline": date(2026, 10, 31), "is_reached": True}
        )  # fmt: skip
        cls.pilot = Milestone.create(
            {"name": "Pilot", "project_id": cls.project.id,
             "deadline": date(2026, 11, 20)}
        )  # fmt: skip
        cls.set_reached_date(cls.design, date(2026, 10, 30))

        cls.initiative = cls.env["bsc.initiative"].create(
            {
                "name": "Open the customer portal",
                "scorecard_id": cls.scorecard.id,
                "objective_ids": [Command.set(cls.objective.ids)],
                "date_start": date(2026, 10, 11),
                "date_end": date(2026, 12, 30),
                "budget_planned": 2000,
                "project_id": cls.project.id,
            }
        )

    @classmethod
    def set_reached_date(cls, milestone, day):
        """Date a reached milestone (Odoo dates it the day it is reached)."""
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE project_milestone SET reached_date = %s WHERE id = %s",
            (day, milestone.id),
        )
        milestone.invalidate_recordset(["reached_date"])
