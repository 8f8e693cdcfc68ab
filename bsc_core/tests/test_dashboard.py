# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import BscCase


@tagged("post_install", "-at_install")
class TestDashboard(BscCase):
    """get_dashboard_data: one call with everything the dashboard and the map show."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Customer objective: A (weight 1, sum) and B (weight 3, average, owned
        # by the user); Financial: C (lower is better). C1 drives F1.
        cls.kpi_a = cls.make_kpi("A", target_value=100, red_flag_value=80)
        cls.kpi_b = cls.make_kpi(
            "B", target_value=100, red_flag_value=80, weight=3,
            aggregation="avg", user_id=cls.user.id,
        )  # fmt: skip
        cls.kpi_c = cls.make_kpi(
            "C", objective=cls.objective_fin, polarity="lower",
            target_value=10, red_flag_value=20,
        )  # fmt: skip
        cls.objective.effect_ids = cls.objective_fin
        cls.scorecard._bsc_recompute()
        for kpi, values in (
            (cls.kpi_a, {"2026-01": 90, "2026-02": 110, "2026-03": 100}),
            (cls.kpi_b, {"2026-01": 70, "2026-02": 100}),
            (cls.kpi_c, {"2026-01": 15, "2026-02": 5}),
        ):
            for period_name, value in values.items():
                m = kpi.measurement_ids.filtered(
                    lambda m, p=period_name: m.period_id.name == p
                )
                m.actual_value = value
        cls.initiative = cls.env["bsc.initiative"].create(
            {
                "name": "Customer days",
                "scorecard_id": cls.scorecard.id,
                "objective_ids": [Command.set(cls.objective.ids)],
                "progress": 40,
            }
        )
        cls.Dashboard = cls.env["bsc.dashboard"]

    def data(self, period_name, mode="period", user=None):
        Dashboard = self.Dashboard.with_user(user) if user else self.Dashboard
        return Dashboard.get_dashboard_data(
            self.scorecard.id, self.period(period_name).id, mode
        )

    def rows(self, matrix):
        objectives = {
            o["name"]: o for p in matrix["perspectives"] for o in p["objectives"]
        }
        kpis = {k["code"]: k for o in objectives.values() for k in o["kpis"]}
        return objectives, kpis

    def test_matrix_is_the_period_matrix(self):
        data = self.data("2026-02")
        self.assertEqual(data["scorecard"]["id"], self.scorecard.id)
        self.assertEqual(data["period"]["name"], "2026-02")
        self.assertEqual(data["mode"], "period")
        single = self.scorecard._bsc_matrix_of(self.period("2026-02"))
        self.assertEqual(data["matrix"]["score"], single["score"])
        objectives, kpis = self.rows(data["matrix"])
        # February: A 110 -> 8.33, B 100 -> 6.67; (8.33 + 3 * 6.67) / 4 = 7.085
        self.assertAlmostEqual(
            objectives["Win new customers"]["score"], 7.085, delta=0.006
        )
        self.assertEqual(objectives["Win new customers"]["status"], "green")
        self.assertEqual(kpis["A"]["trend"], "up")
        self.assertEqual(kpis["C"]["trend"], "down")
        # Financial on top: perspectives in their sequence
        self.assertEqual(data["matrix"]["perspectives"][0]["name"], "Financial")
        # The links of the strategy map are in the rows
        self.assertEqual(
            objectives["Win new customers"]["effect_ids"], self.objective_fin.ids
        )
        self.assertEqual(objectives["Grow revenue"]["cause_ids"], self.objective.ids)

    def test_history_series_for_sparklines(self):
        data = self.data("2026-03")
        periods = {p["id"]: p["name"] for p in data["periods"]}
        history = data["history"]["kpis"][self.kpi_a.id]
        self.assertEqual(
            [periods[p["period_id"]] for p in history],
            ["2026-01", "2026-02", "2026-03"],
        )
        self.assertEqual([p["actual"] for p in history], [90, 110, 100])
        self.assertEqual([p["status"] for p in history], ["yellow", "green", "green"])
        b = data["history"]["kpis"][self.kpi_b.id]
        self.assertEqual([p["actual"] for p in b], [70, 100, None])
        self.assertTrue(all(p["measurement_id"] for p in b))
        objective = data["history"]["objectives"][self.objective.id]
        self.assertEqual(len(objective), 3)
        self.assertEqual(objective[0]["status"], "red")
        # December: at most HISTORY_LENGTH (12) months, ending with December
        december = self.data("2026-12")["history"]["kpis"][self.kpi_a.id]
        self.assertEqual(len(december), 12)
        self.assertEqual(december[-1]["period_id"], self.period("2026-12").id)

    def test_year_to_date_aggregates_january_to_the_month(self):
        data = self.data("2026-03", mode="ytd")
        self.assertEqual(data["mode"], "ytd")
        self.assertEqual(data["period"]["date_start"], "2026-01-01")
        self.assertEqual(data["period"]["date_end"], "2026-03-31")
        __, kpis = self.rows(data["matrix"])
        # sum: 90 + 110 + 100 against 3 x 100; average of the months with a value
        self.assertEqual(kpis["A"]["actual"], 300)
        self.assertEqual(kpis["A"]["target"], 300)
        self.assertEqual(kpis["B"]["actual"], 85)
        # January to March is the first quarter: same figures
        q1 = self.scorecard.period_ids.filtered(
            lambda p: p.frequency == "quarter" and p.name.endswith("Q1")
        )
        self.assertEqual(
            data["matrix"]["score"], self.scorecard._bsc_matrix_of(q1)["score"]
        )
        # February's year to date is not the year: A = 90 + 110
        february = self.data("2026-02", mode="ytd")
        __, kpis = self.rows(february["matrix"])
        self.assertEqual(kpis["A"]["actual"], 200)
        self.assertEqual(kpis["A"]["target"], 200)
        # trend against January's year to date (90)
        self.assertEqual(kpis["A"]["trend"], "up")
        # the year holds March too
        year = self.scorecard.period_ids.filtered(lambda p: p.frequency == "year")
        __, kpis = self.rows(self.scorecard._bsc_matrix_of(year))
        self.assertEqual(kpis["A"]["actual"], 300)

    def test_switcher_periods_and_rights(self):
        data = self.data("2026-02", user=self.user)
        self.assertFalse(data["is_manager"])
        self.assertIn(self.scorecard.id, [s["id"] for s in data["scorecards"]])
        self.assertEqual(
            {p["frequency"] for p in data["periods"]}, {"month", "quarter", "year"}
        )
        self.assertTrue(self.data("2026-02", user=self.manager)["is_manager"])

    def test_kpis_waiting_for_a_value(self):
        # B is the user's, manual; today is 2026-11-20: the last closed month,
        # 2026-10, is asked for whatever month is shown, never the running one
        for shown in ("2026-03", "2026-11"):
            data = self.data(shown, user=self.user)
            self.assertEqual(
                [(k["code"], k["period"]) for k in data["kpis_to_enter"]],
                [("B", "2026-10")],
            )
        self.assertEqual(
            data["kpis_to_enter"][0]["measurement_id"],
            self.measurement(self.kpi_b, "2026-10").id,
        )
        # nothing is asked of the manager, who owns no KPI here
        self.assertEqual(self.data("2026-03", user=self.manager)["kpis_to_enter"], [])
        # a 0 entered is a value
        self.measurement(self.kpi_b, "2026-10").write(
            {"actual_value": 0, "has_actual": True}
        )
        self.assertEqual(self.data("2026-03", user=self.user)["kpis_to_enter"], [])
        # a locked period asks for nothing
        self.measurement(self.kpi_b, "2026-10").has_actual = False
        self.assertEqual(len(self.data("2026-03", user=self.user)["kpis_to_enter"]), 1)
        self.period("2026-10").locked = True
        self.assertEqual(self.data("2026-03", user=self.user)["kpis_to_enter"], [])

    def test_objectives_initiatives_notes_and_positions(self):
        self.objective.write({"map_x": 420, "map_y": 310})
        self.objective.message_post(
            body="Visit the ten largest accounts", message_type="comment"
        )
        data = self.data("2026-02", user=self.user)
        info = data["objectives"][self.objective.id]
        self.assertEqual((info["map_x"], info["map_y"]), (420, 310))
        self.assertEqual(
            [n["body"] for n in info["notes"]], ["Visit the ten largest accounts"]
        )
        initiative = data["initiatives"][self.initiative.id]
        self.assertEqual(initiative["objective_ids"], self.objective.ids)
        self.assertEqual(initiative["progress"], 40)

    def test_cascade_and_aligned_objectives(self):
        kpi = self.make_aligned_kpi(
            "Visit more prospects", "VISITS", target_value=10, red_flag_value=5
        )
        child = kpi.scorecard_id
        self.measurement(kpi, "2026-02").actual_value = 4  # red: 0 at 0, 3.33 at 5
        data = self.data("2026-02")
        root = data["cascade"]
        self.assertEqual(root["id"], self.scorecard.id)
        self.assertTrue(root["current"])
        self.assertEqual([c["name"] for c in root["children"]], ["Sales team 2026"])
        self.assertEqual(root["children"][0]["status"], "red")
        self.assertEqual(root["children"][0]["score"], 2.67)
        info = data["objectives"][self.objective.id]
        self.assertFalse(info["parent"])
        self.assertEqual([a["name"] for a in info["aligned"]], ["Visit more prospects"])
        self.assertEqual(info["aligned"][0]["status"], "red")
        # From the child, the tree starts at the parent; its period has the same dates
        child_data = self.Dashboard.get_dashboard_data(
            child.id, self.period("2026-02").id
        )
        self.assertEqual(child_data["period"]["name"], "2026-02")
        self.assertEqual(child_data["period"]["id"], self.period("2026-02", child).id)
        self.assertEqual(child_data["cascade"]["id"], self.scorecard.id)
        self.assertTrue(child_data["cascade"]["children"][0]["current"])
        self.assertEqual(
            child_data["objectives"][kpi.objective_id.id]["parent"]["name"],
            "Win new customers",
        )

    def test_other_company_is_refused(self):
        with self.assertRaises(AccessError):
            self.Dashboard.with_user(self.user_b).get_dashboard_data(self.scorecard.id)
        # without a scorecard of their own, an empty dashboard
        data = self.Dashboard.with_user(self.user_b).get_dashboard_data()
        self.assertFalse(data["scorecard"])

    def test_default_scorecard_and_period(self):
        """The user's last scorecard, else their own, else the top-level one;
        on the last closed period (today is 2026-11-20: 2026-10)."""
        Scorecard = self.env["bsc.scorecard"]
        child = Scorecard.create(
            {
                "name": "A team 2026",  # listed before "Company A 2026"
                "company_id": self.company.id,
                "parent_id": self.scorecard.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
                "state": "active",
            }
        )
        owner = new_test_user(
            self.env,
            "test_bsc_team_owner",
            groups="bsc_core.group_bsc_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        team_objective = self.env["bsc.objective"].create(
            {
                "name": "Serve the team's customers",
                "scorecard_id": child.id,
                "perspective_id": self.customer.id,
            }
        )
        self.make_kpi("TEAM", objective=team_objective, user_id=owner.id)

        def default(user):
            data = self.Dashboard.with_user(user).get_dashboard_data()
            return data["scorecard"]["name"], data["period"]["name"]

        # the manager owns nothing: the top-level scorecard
        self.assertEqual(default(self.manager), ("Company A 2026", "2026-10"))
        # B's owner: the scorecard of their KPI; the team's KPI owner: theirs
        self.assertEqual(default(self.user), ("Company A 2026", "2026-10"))
        self.assertEqual(default(owner), ("A team 2026", "2026-10"))
        # a scorecard chosen is the next default
        self.Dashboard.with_user(self.manager).get_dashboard_data(child.id)
        self.assertEqual(default(self.manager), ("A team 2026", "2026-10"))
        self.Dashboard.with_user(owner).get_dashboard_data(self.scorecard.id)
        self.assertEqual(default(owner), ("Company A 2026", "2026-10"))
        data = self.Dashboard.with_user(owner).get_dashboard_data()
        self.assertFalse(data["period"]["in_progress"])

    def test_running_period_is_in_progress_and_sums_wait(self):
        """2026-11 runs until the 30th: marked in progress, its sum KPI (A)
        has its actual but no score; the average (B) is scored."""
        self.measurement(self.kpi_a, "2026-11").actual_value = 20
        self.measurement(self.kpi_b, "2026-11").actual_value = 100
        data = self.data("2026-11")
        self.assertTrue(data["period"]["in_progress"])
        __, kpis = self.rows(data["matrix"])
        self.assertEqual(kpis["A"]["actual"], 20)
        self.assertIsNone(kpis["A"]["score"])
        self.assertEqual(kpis["A"]["status"], "none")
        self.assertIn("In progress", kpis["A"]["explanation"])
        self.assertEqual(kpis["B"]["status"], "green")
        # once closed (2026-10), a sum is scored: 20 against 100 is red
        self.measurement(self.kpi_a, "2026-10").actual_value = 20
        data = self.data("2026-10")
        self.assertFalse(data["period"]["in_progress"])
        __, kpis = self.rows(data["matrix"])
        self.assertEqual(kpis["A"]["status"], "red")

    def test_drilldown_of_the_year_to_date(self):
        self.make_rates(
            [
                (date(2026, 1, 10), 1.1),
                (date(2026, 3, 20), 1.2),
                (date(2026, 4, 2), 1.3),
            ]
        )
        kpi = self.make_kpi(
            "RATES", source_type="source", source_id=self.make_source("Rates").id
        )
        march = self.period("2026-03")
        ytd = self.Dashboard.get_dashboard_drilldown(kpi.id, march.id, "ytd")
        month = self.Dashboard.get_dashboard_drilldown(kpi.id, march.id)
        Rate = self.env["res.currency.rate"]
        mine = [("currency_id", "=", self.currency.id)]
        self.assertEqual(
            sorted(Rate.search(ytd["domain"] + mine).mapped("rate")), [1.1, 1.2]
        )
        self.assertEqual(Rate.search(month["domain"] + mine).mapped("rate"), [1.2])
        self.assertIn("Year to date", ytd["name"])

    def test_map_links_and_positions_rights(self):
        # What the map's edit mode sends: a link, refused when it closes a cycle
        objective = self.objective_fin.with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "cycle: .*Grow revenue"):
            objective.write({"effect_ids": [Command.link(self.objective.id)]})
        # A plain user can neither move a node nor change a link
        with self.assertRaises(AccessError):
            self.objective.with_user(self.user).write({"map_x": 10, "map_y": 10})
        self.objective.with_user(self.manager).write({"map_x": 10, "map_y": 20})
        self.assertEqual(self.objective.map_x, 10)

    def test_open_actions(self):
        action = self.scorecard.action_open_dashboard()
        self.assertEqual(action["tag"], "bsc_core.dashboard")
        self.assertEqual(action["params"]["scorecard_id"], self.scorecard.id)
        self.assertEqual(
            self.scorecard.action_open_strategy_map()["params"]["view"], "map"
        )
        # both are header buttons of the form, never folded under "More" as
        # the button box folds its extra buttons (#13)
        arch = (
            self.env["bsc.scorecard"]
            .with_user(self.user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        header = arch[arch.index("<header") : arch.index("</header>")]
        for name in ("action_open_dashboard", "action_open_strategy_map"):
            self.assertIn(f'name="{name}"', header)

    def _count_queries(self, period, mode):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        # the payload's own queries, not a hit of the payload cache
        self.Dashboard.with_user(self.user).with_context(
            bsc_dashboard_cache=False
        ).get_dashboard_data(self.scorecard.id, period.id, mode)
        return self.env.cr.sql_log_count - before

    def test_queries_do_not_grow_with_objectives(self):
        period = self.period("2026-03")
        self.objective.message_post(body="First note", message_type="comment")
        small = {}
        for mode in ("period", "ytd"):
            self._count_queries(period, mode)  # warm the caches of access rules
            small[mode] = self._count_queries(period, mode)
        for index in range(10):
            objective = self.env["bsc.objective"].create(
                {
                    "name": f"Objective {index}",
                    "scorecard_id": self.scorecard.id,
                    "perspective_id": self.financial.id,
                    "effect_ids": [Command.link(self.objective_fin.id)],
                    "map_x": 100 + index,
                }
            )
            objective.message_post(body=f"Note {index}", message_type="comment")
            self.env["bsc.initiative"].create(
                {
                    "name": f"Initiative {index}",
                    "scorecard_id": self.scorecard.id,
                    "objective_ids": [Command.set(objective.ids)],
                }
            )
            for letter in "XY":
                self.make_kpi(
                    f"{letter}{index}", objective=objective, user_id=self.user.id
                )
        self.scorecard._bsc_recompute()
        for mode in ("period", "ytd"):
            self.assertEqual(self._count_queries(period, mode), small[mode], mode)
        # and the call stays small: a few dozen queries, not one per row
        self.assertLess(small["ytd"], 50)
