# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestProjectTours(HttpCase):
    """An admin links a project to an initiative in the browser and sees its
    progress on the initiative and, with its milestones, budget used and
    status explanation, on the dashboard's objective panel (see
    static/tests/tours/bsc_project_tours.js). The scorecard is of 2025, so
    the tour depends neither on today nor on the demo data."""

    def test_link_project_tour(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        scorecard = env["bsc.scorecard"].create(
            {
                "name": "Project Tour Scorecard",
                "company_id": env.company.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "state": "active",
            }
        )
        objective = env["bsc.objective"].create(
            {
                "name": "Run tour projects",
                "scorecard_id": scorecard.id,
                "perspective_id": env.ref("bsc_core.perspective_internal").id,
            }
        )
        initiative = env["bsc.initiative"].create(
            {
                "name": "Tour rollout",
                "scorecard_id": scorecard.id,
                "date_start": date(2025, 1, 1),
                "date_end": date(2025, 12, 31),
                "budget_planned": 1000,
                "objective_ids": [Command.set(objective.ids)],
            }
        )
        project = env["project.project"].create({"name": "Tour rollout project"})
        env["project.milestone"].create(
            {"name": "Tour go-live", "project_id": project.id,
             "deadline": date(2025, 6, 30)}
        )  # fmt: skip
        env["project.task"].create(
            [
                {"name": f"Tour task {n}", "project_id": project.id, "state": state}
                for n, state in enumerate(["1_done"] * 3 + ["01_in_progress"])
            ]
        )
        self.start_tour(
            f"/odoo/action-bsc_core.bsc_initiative_action/{initiative.id}",
            "bsc_project_link_tour",
            login="admin",
        )
        self.assertEqual(initiative.project_id, project)
        self.assertEqual(initiative.progress, 75.0)
        period = scorecard.period_ids.filtered(lambda p: p.name == "2025-01")
        self.start_tour(
            f"/odoo/scorecard-dashboard?scorecard_id={scorecard.id}"
            f"&period_id={period.id}",
            "bsc_project_dashboard_tour",
            login="admin",
        )
