# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, TransactionCase, tagged

COLOURS = ("red", "yellow", "green")


@tagged("post_install", "-at_install")
class TestDemoToday(TransactionCase):
    """The demo data follows today, whatever today is.

    Nothing is frozen here: scripts/test runs these tests at the real date
    and again with the clock of Odoo and PostgreSQL shifted to the last and
    the first half hour of a year, a leap day and a year ahead (README,
    "Testing"), each time on a database whose demo data was loaded at that
    date.
    """

    def setUp(self):
        super().setUp()
        if not self.env["ir.module.module"]._get("bsc_core").demo:
            self.skipTest("bsc_core is installed without demo data")
        self.scorecard = self.env.ref("bsc_core.demo_scorecard")
        self.today = self.scorecard._bsc_today()

    def test_twelve_months_of_history_up_to_today(self):
        """Revenue has a value for the current month (in the scorecard's time
        zone) and each of the 12 before it: a year of history, and the month
        before it that the first month's growth needs."""
        months = self.scorecard.period_ids.filtered(lambda p: p.frequency == "month")
        current = months.filtered(lambda p: p.date_start <= self.today <= p.date_end)
        self.assertEqual(len(current), 1, f"no month of the demo holds {self.today}")
        first = current.date_start - relativedelta(months=12)
        expected = months.filtered(
            lambda p: first <= p.date_start <= current.date_start
        ).mapped("name")
        self.assertEqual(len(expected), 13)
        revenue = self.env.ref("bsc_core.demo_kpi_revenue")
        entered = revenue.measurement_ids.filtered("has_actual")
        self.assertEqual(sorted(entered.period_id.mapped("name")), sorted(expected))

    def test_dashboard_opens_on_the_last_closed_period_in_colour(self):
        admin = self.env.ref("base.user_admin")
        data = self.env["bsc.dashboard"].with_user(admin).get_dashboard_data()
        self.assertEqual(data["scorecard"]["id"], self.scorecard.id)
        period = data["period"]
        last_month = self.today.replace(day=1) - relativedelta(days=1)
        self.assertEqual(period["date_end"], str(last_month))
        self.assertFalse(period["in_progress"])
        matrix = data["matrix"]
        self.assertIn(matrix["status"], COLOURS, "the scorecard has a colour")
        self.assertEqual(
            {p["name"]: p["status"] in COLOURS for p in matrix["perspectives"]},
            {p["name"]: True for p in matrix["perspectives"]},
            "every perspective has a colour",
        )

    def test_cascade_shows_the_sales_team_in_colour(self):
        admin = self.env.ref("base.user_admin")
        data = self.env["bsc.dashboard"].with_user(admin).get_dashboard_data()
        children = {c["name"]: c["status"] for c in data["cascade"]["children"]}
        self.assertIn(children.get("Sales Team Scorecard"), COLOURS, children)
        aligned = data["objectives"][
            self.env.ref("bsc_core.demo_objective_win_customers").id
        ]["aligned"]
        self.assertEqual([a["name"] for a in aligned], ["Visit more prospects"])


@tagged("post_install", "-at_install")
class TestDemoDashboardInBrowser(HttpCase):
    """What the demo dashboard shows when it opens, in Chromium.

    The browser keeps the real clock in the date runs (libfaketime crashes
    it); the server chooses the scorecard and the period, from its clock.
    """

    def test_demo_dashboard_shows_the_last_closed_period_in_colour(self):
        if not self.env["ir.module.module"]._get("bsc_core").demo:
            self.skipTest("bsc_core is installed without demo data")
        scorecard = self.env.ref("bsc_core.demo_scorecard")
        current = self.env["bsc.period"]._bsc_current(scorecard)._bsc_previous()
        self.assertEqual(
            current.date_end,
            scorecard._bsc_today().replace(day=1) - relativedelta(days=1),
        )
        code = """
            const want = %s, name = %s, colours = ["red", "yellow", "green"];
            const deadline = Date.now() + 30000;
            (function check() {
                const summary = document.querySelector(".o_bsc_summary_score");
                const text = summary ? summary.textContent : "";
                if (text.includes(want) && text.includes(name)) {
                    if (colours.includes(summary.dataset.status)) {
                        console.log("test successful");
                    } else {
                        const status = summary.dataset.status;
                        console.error(`${want} shows without a colour: ${status}`);
                    }
                } else if (Date.now() > deadline) {
                    console.error(`never showed ${name}, ${want}: "${text}"`);
                } else {
                    setTimeout(check, 200);
                }
            })();
        """ % (json.dumps(current.name), json.dumps(scorecard.name))
        self.browser_js("/odoo/scorecard-dashboard", code, login="admin")
