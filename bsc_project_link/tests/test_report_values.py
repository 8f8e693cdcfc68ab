# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tools import format_amount

from .common import BscProjectCase


@tagged("post_install", "-at_install")
class TestReportValues(BscProjectCase):
    """``bsc.initiative._bsc_report_values()`` of an initiative run as a
    project: what the dashboard's objective panel and the briefing book show
    (the initiative of BscProjectCase, on 20 November 2026)."""

    def test_milestones_budget_hours_and_why(self):
        initiative = self.initiative
        values = initiative._bsc_report_values()[initiative.id]
        self.assertEqual(
            (values["state"], values["progress"], values["manual"]),
            ("on_track", 50.0, False),
        )
        eur = self.env.ref("base.EUR")
        # 1,000 EUR of the 2,000 planned
        self.assertEqual(
            values["budget"],
            "%s / %s (50 %%)"
            % (format_amount(self.env, 1000, eur), format_amount(self.env, 2000, eur)),
        )
        self.assertEqual(
            values["facts"],
            [{"label": "Hours logged / planned", "value": "15.0 / 100.0"}],
        )
        self.assertEqual(values["explanation"], initiative.state_explanation)
        self.assertIn("keeps up with the time elapsed", values["explanation"])
        self.assertEqual(
            [
                (d["name"], d["date"], d["done"], d["done_date"])
                + (d["status"], d["tone"])
                for d in values["details"]
            ],
            [
                ("Design", "10/31/2026", True, "10/30/2026", "on_time", "success"),
                ("Pilot", "11/20/2026", False, "", "planned", "muted"),
            ],
        )
        self.assertEqual(values["details"][0]["status_label"], "Reached on time")

    def test_an_overdue_milestone_and_a_status_set_by_hand(self):
        initiative = self.initiative
        initiative.write({"state": "late"})  # by hand
        self.pilot.deadline = "2026-11-19"
        initiative._bsc_project_sync()
        values = initiative._bsc_report_values()[initiative.id]
        self.assertEqual((values["state"], values["manual"]), ("late", True))
        pilot = values["details"][1]
        self.assertEqual(
            (pilot["name"], pilot["status"], pilot["tone"]),
            ("Pilot", "overdue", "danger"),
        )
        self.assertIn("'Pilot' was due on 11/19/2026", values["explanation"])

    def test_the_dashboard_payload_carries_them(self):
        data = self.env["bsc.dashboard"].get_dashboard_data(self.scorecard.id)
        payload = data["initiatives"][self.initiative.id]
        values = self.initiative._bsc_report_values()[self.initiative.id]
        self.assertEqual(payload, dict(values, objective_ids=self.objective.ids))
        self.assertEqual([d["name"] for d in payload["details"]], ["Design", "Pilot"])

    def test_an_initiative_without_project_has_no_project_values(self):
        other = self.env["bsc.initiative"].create(
            {"name": "By hand", "scorecard_id": self.scorecard.id, "progress": 30}
        )
        values = other._bsc_report_values()[other.id]
        self.assertEqual(
            [values[key] for key in ("details", "facts", "explanation", "budget")],
            [[], [], "", ""],
        )
        self.assertEqual(values["progress"], 30)
