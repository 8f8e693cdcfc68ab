# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    """The dashboard and the strategy map in headless Chromium.

    The tours run on a small scorecard of 2025 built here, so that they do
    not depend on today's date nor on the demo data (see
    static/tests/tours/bsc_dashboard_tours.js for what they check).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user = env.ref("bsc_core.demo_user_bsc", raise_if_not_found=False)
        if not cls.user:
            cls.user = new_test_user(
                env,
                "bsc_user",
                groups="base.group_user,bsc_core.group_bsc_user",
                company_id=env.company.id,
            )
        perspective = {
            key: env.ref(f"bsc_core.perspective_{key}")
            for key in ("financial", "customer", "internal", "learning")
        }
        cls.scorecard = env["bsc.scorecard"].create(
            {
                "name": "BSC Tour Scorecard",
                "company_id": env.company.id,
                "user_id": env.ref("base.user_admin").id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "state": "active",
            }
        )

        def objective(code, name, key, effects=()):
            return env["bsc.objective"].create(
                {
                    "code": code,
                    "name": name,
                    "scorecard_id": cls.scorecard.id,
                    "perspective_id": perspective[key].id,
                    "effect_ids": [Command.set([e.id for e in effects])],
                }
            )

        cls.revenue = objective("TF1", "Grow tour revenue", "financial")
        cls.customers = objective(
            "TC1", "Delight tour customers", "customer", [cls.revenue]
        )
        cls.ship = objective(
            "TI1", "Ship tour orders fast", "internal", [cls.customers]
        )
        cls.billing = objective("TI2", "Automate tour billing", "internal")
        cls.staff = objective(
            "TL1", "Train tour staff", "learning", [cls.ship, cls.billing]
        )

        def kpi(code, name, target, red_flag, owner=None, **vals):
            return env["bsc.kpi"].create(
                dict(
                    code=code,
                    name=name,
                    target_value=target,
                    red_flag_value=red_flag,
                    user_id=(owner or env.ref("base.user_admin")).id,
                    **vals,
                )
            )

        revenue = kpi("TREV", "Tour revenue", 100, 80, objective_id=cls.revenue.id)
        satisfaction = kpi(
            "TSAT",
            "Tour satisfaction",
            8,
            6,
            owner=cls.user,
            objective_id=cls.customers.id,
        )
        shipping = kpi(
            "TSHIP", "Tour shipments on time", 95, 90, objective_id=cls.ship.id
        )
        cls.scorecard._bsc_recompute()
        values = {
            revenue: {"2025-01": 120, "2025-02": 50, "2025-03": 90},
            satisfaction: {"2025-01": 8.5},
            shipping: {"2025-01": 96, "2025-02": 93},
        }
        for record, by_period in values.items():
            for name, value in by_period.items():
                measurement = record.measurement_ids.filtered(
                    lambda m, n=name: m.period_id.name == n
                )
                measurement.actual_value = value
        revenue.measurement_ids.filtered(
            lambda m: m.period_id.name == "2025-02"
        ).comment = "Two large orders slipped to March."
        env["bsc.initiative"].create(
            {
                "name": "Tour roadshow",
                "scorecard_id": cls.scorecard.id,
                "objective_ids": [Command.set(cls.revenue.ids)],
                "progress": 30,
                "state": "at_risk",
            }
        )
        env["bsc.scorecard"].create(
            {
                "name": "BSC Tour Team",
                "company_id": env.company.id,
                "parent_id": cls.scorecard.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
            }
        )
        cls.february = cls.scorecard.period_ids.filtered(lambda p: p.name == "2025-02")

    def url(self, path="scorecard-dashboard"):
        scorecard, period = self.scorecard.id, self.february.id
        return f"/odoo/{path}?scorecard_id={scorecard}&period_id={period}"

    def test_dashboard_tour(self):
        self.start_tour("/odoo", "bsc_dashboard_tour", login="admin")

    def test_strategy_map_tour(self):
        self.start_tour(
            self.url("strategy-map"), "bsc_strategy_map_tour", login="admin"
        )

    def test_map_edit_tour(self):
        self.assertFalse(self.billing.map_x)
        self.start_tour(self.url("strategy-map"), "bsc_map_edit_tour", login="admin")
        # the dragged objective keeps its place
        self.assertGreater(self.billing.map_x, 0)
        self.assertGreater(self.billing.map_y, 0)
        # the link drawn in edit mode is saved, the one removed is gone, and
        # the one closing a cycle was refused
        self.assertIn(self.customers, self.billing.effect_ids)
        self.assertEqual(self.staff.effect_ids, self.ship)
        self.assertFalse(self.revenue.effect_ids)

    def test_map_user_tour(self):
        self.start_tour(self.url(), "bsc_map_user_tour", login=self.user.login)
        self.assertFalse(self.staff.map_x)


@tagged("post_install", "-at_install")
class TestEntryTour(HttpCase):
    """An owner enters a 0 and a value with a comment; someone imports a
    sheet with bad rows (issue #13).

    "Tour defects" is a manual KPI of a 2025 scorecard built here: lower is
    better, target 0, red flag 5 (see static/tests/tours/bsc_entry_tours.js).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.owner = new_test_user(
            env,
            "bsc_tour_owner",
            groups="base.group_user,bsc_core.group_bsc_user",
            company_id=env.company.id,
        )
        scorecard = env["bsc.scorecard"].create(
            {
                "name": "BSC Entry Scorecard",
                "company_id": env.company.id,
                "user_id": env.ref("base.user_admin").id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "state": "active",
            }
        )
        objective = env["bsc.objective"].create(
            {
                "code": "EI1",
                "name": "Ship without defects",
                "scorecard_id": scorecard.id,
                "perspective_id": env.ref("bsc_core.perspective_internal").id,
            }
        )
        cls.kpi = env["bsc.kpi"].create(
            {
                "code": "TDEFECTS",
                "name": "Tour defects",
                "objective_id": objective.id,
                "user_id": cls.owner.id,
                "polarity": "lower",
                "target_value": 0,
                "red_flag_value": 5,
                "unit": "defects",
            }
        )
        cls.other_kpi = env["bsc.kpi"].create(
            {
                "code": "TRETURNS",
                "name": "Tour returns",
                "objective_id": objective.id,
                "user_id": env.ref("base.user_admin").id,
                "target_value": 10,
                "red_flag_value": 20,
                "polarity": "lower",
            }
        )
        scorecard._bsc_recompute()

    def test_entry_tour(self):
        self.start_tour("/odoo", "bsc_entry_tour", login=self.owner.login)
        by_period = {m.period_id.name: m for m in self.kpi.measurement_ids}
        january, february = by_period["2025-01"], by_period["2025-02"]
        self.assertEqual((january.has_actual, january.actual_value), (True, 0))
        self.assertEqual(january.status, "green")
        self.assertEqual((february.actual_value, february.status), (7, "red"))
        self.assertEqual(february.comment, "A supplier batch failed.")
        self.assertFalse(by_period["2025-03"].has_actual)

    def test_import_tour(self):
        """An import with three bad rows shows three reasons (issue #13);
        tested only, it writes nothing."""
        self.start_tour("/odoo", "bsc_import_tour", login="admin")
        january = self.kpi.measurement_ids.filtered(
            lambda m: m.period_id.name == "2025-01"
        )
        self.assertFalse(january.has_actual)
