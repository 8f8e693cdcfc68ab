# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReportingCycleTours(HttpCase):
    """My Updates and approval in the browser (bsc_reporting_cycle_tours.js).

    "Cycle defects" is a manual KPI of a 2025 scorecard that asks for
    approval; all of its periods have ended, whatever today is.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.owner = new_test_user(
            env,
            "bsc_cycle_owner",
            groups="base.group_user,bsc_core.group_bsc_user",
            company_id=env.company.id,
        )
        cls.approver = new_test_user(
            env,
            "bsc_cycle_approver",
            groups="base.group_user,bsc_core.group_bsc_user",
            company_id=env.company.id,
        )
        scorecard = env["bsc.scorecard"].create(
            {
                "name": "BSC Cycle Scorecard",
                "company_id": env.company.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "state": "active",
                "require_approval": True,
                "approver_id": cls.approver.id,
            }
        )
        objective = env["bsc.objective"].create(
            {
                "code": "CY1",
                "name": "Ship without defects",
                "scorecard_id": scorecard.id,
                "perspective_id": env.ref("bsc_core.perspective_internal").id,
            }
        )
        cls.kpi = env["bsc.kpi"].create(
            {
                "code": "CDEFECTS",
                "name": "Cycle defects",
                "objective_id": objective.id,
                "user_id": cls.owner.id,
                "polarity": "lower",
                "target_value": 0,
                "red_flag_value": 5,
                "instructions": "Quality log, count of the month",
            }
        )
        scorecard._bsc_recompute()

    def january(self):
        return self.kpi.measurement_ids.filtered(
            lambda m: m.period_id.name == "2025-01"
        )

    def test_my_updates_tour(self):
        self.start_tour("/odoo", "bsc_my_updates_tour", login=self.owner.login)
        january = self.january()
        self.assertEqual((january.has_actual, january.actual_value), (True, 0))
        self.assertEqual(january.approval_state, "submitted")

    def test_approval_tour(self):
        january = self.january()
        january.with_user(self.owner).actual_value = 0
        self.assertEqual(january.status, "none")
        action = self.env.ref("bsc_core.bsc_measurement_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{january.id}",
            "bsc_approval_tour",
            login=self.approver.login,
        )
        self.assertEqual(january.approval_state, "approved")
        self.assertEqual(january.status, "green")
