# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

import numpy as np

from odoo.tests import HttpCase, TransactionCase, tagged

from ..engine import evidence as evidence_engine
from ..engine import health as health_engine
from .common import TEST_NOW


@tagged("post_install", "-at_install")
class TestEvidence(TransactionCase):
    """A scorecard of 2024-2026 whose history carries one planted relation
    (Process -> Customer, two months later) and one contradicted arrow
    (Customer -> Financial, the opposite way a month later). Today is
    2026-11-20: 34 complete months and a running November."""

    freeze_time = TEST_NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        ref = cls.env.ref
        cls.scorecard = cls.env["bsc.scorecard"].create(
            {
                "name": "Evidence 2024-2026",
                "date_from": date(2024, 1, 1),
                "date_to": date(2026, 12, 31),
                "tz": "Europe/Brussels",
                "state": "active",
            }
        )
        Objective = cls.env["bsc.objective"]

        def objective(name, perspective):
            return Objective.create(
                {
                    "name": name,
                    "scorecard_id": cls.scorecard.id,
                    "perspective_id": ref(f"bsc_core.perspective_{perspective}").id,
                }
            )

        cls.fin = objective("Grow revenue", "financial")
        cls.cust = objective("Keep customers", "customer")
        cls.proc = objective("Deliver on time", "internal")
        cls.learn = objective("Train people", "learning")
        cls.orphan = objective("Be famous", "customer")
        cls.proc.effect_ids = cls.cust
        cls.cust.effect_ids = cls.fin

        def kpi(code, objective, **values):
            return cls.env["bsc.kpi"].create(
                {
                    "name": code,
                    "code": code,
                    "objective_id": objective.id,
                    "target_value": 100,
                    "red_flag_value": 80,
                    "user_id": cls.env.uid,
                    **values,
                }
            )

        cls.kpi_fin = kpi("FIN", cls.fin, aggregation="avg")
        cls.kpi_cust = kpi("CUST", cls.cust, aggregation="avg")
        cls.kpi_proc = kpi("PROC", cls.proc)
        # falling by 1 a month, last complete month (Oct 2026) 100.5: green,
        # November's forecast 99.5: yellow, so at risk
        cls.kpi_down = kpi("DOWN", cls.learn, aggregation="avg", user_id=False)
        cls.scorecard._bsc_recompute()
        months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month" and p.date_end < date(2026, 11, 1)
        ).sorted("date_start")
        rng = np.random.default_rng(42)
        size = len(months)
        drive = np.zeros(size + 3)
        for t in range(1, size + 3):
            drive[t] = 0.5 * drive[t - 1] + rng.normal(scale=8)
        proc = np.clip(90 + drive[3:], 62, 118)
        cust = np.clip(90 + 0.9 * drive[1:-2] + rng.normal(scale=2, size=size), 62, 118)
        fin = np.full(size, 90.0)
        fin[1:] = 90 - 0.9 * (cust[:-1] - 90) + rng.normal(scale=2, size=size - 1)
        fin = np.clip(fin, 62, 118)
        down = [100.5 + (size - 1 - t) for t in range(size)]
        by_kpi = {
            cls.kpi_proc: proc,
            cls.kpi_cust: cust,
            cls.kpi_fin: fin,
            cls.kpi_down: down,
        }
        for record, values in by_kpi.items():
            cells = {m.period_id: m for m in record.measurement_ids}
            for month, value in zip(months, values, strict=True):
                cells[month].actual_value = float(value)
        november = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month" and p.date_start == date(2026, 11, 1)
        )
        cls.november = november
        cls.kpi_proc.measurement_ids.filtered(
            lambda m: m.period_id == november
        ).actual_value = 60.0
        cls.Evidence = cls.env["bsc.evidence"]

    def test_numbers_in_the_readers_language(self):
        # r and p through the one formatter: a decimal comma in German
        self.env["res.lang"]._activate_lang("de_DE")
        result = self.Evidence.with_context(lang="de_DE")._bsc_evidence(
            self.scorecard, self.november
        )
        arrows = {(a["cause_id"], a["effect_id"]): a for a in result["arrows"]}
        contradicted = arrows[(self.cust.id, self.fin.id)]["tooltip"]
        self.assertRegex(contradicted, r"^r = -\d,\d\d .*, p = \d,\d\d$")

    def test_arrows_planted_and_contradicted(self):
        result = self.Evidence._bsc_evidence(self.scorecard, self.november)
        arrows = {(a["cause_id"], a["effect_id"]): a for a in result["arrows"]}
        self.assertEqual(
            set(arrows), {(self.proc.id, self.cust.id), (self.cust.id, self.fin.id)}
        )
        planted = arrows[(self.proc.id, self.cust.id)]
        self.assertEqual(planted["status"], evidence_engine.SUPPORTED)
        self.assertEqual(planted["lag"], 2)
        self.assertLess(planted["p"], 0.05)
        self.assertIn("at a 2-month lag", planted["tooltip"])
        self.assertRegex(planted["tooltip"], r"^r = \d\.\d\d at .*, p = \d\.\d\d$")
        contradicted = arrows[(self.cust.id, self.fin.id)]
        self.assertEqual(contradicted["status"], evidence_engine.CONTRADICTED)
        self.assertEqual(contradicted["lag"], 1)
        self.assertLess(contradicted["r"], 0)
        # Process drives Financial through Customer: strong evidence, no arrow
        consider = {(a["cause_id"], a["effect_id"]) for a in result["consider"]}
        self.assertNotIn((self.proc.id, self.cust.id), consider)
        self.assertEqual(result["periods"], 35)

    def test_short_history_is_too_little_data(self):
        self.scorecard.evidence_max_lag = 3
        early = self.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month" and p.date_start == date(2024, 12, 1)
        )
        result = self.Evidence._bsc_evidence(self.scorecard, early)
        self.assertEqual(
            {a["status"] for a in result["arrows"]}, {evidence_engine.TOO_LITTLE_DATA}
        )
        self.assertTrue(all(a["r"] is None for a in result["arrows"]))

    def test_forecasts_run_rate_and_at_risk(self):
        forecasts = self.Evidence._bsc_forecasts(self.scorecard, self.november)
        proc = forecasts[self.kpi_proc.id]
        # a sum KPI at 60 after 20 of November's 30 days: 90 at run rate
        self.assertAlmostEqual(proc["expected"], 90.0)
        self.assertEqual(proc["method"], "seasonal")
        self.assertEqual(proc["origins"], 10)
        down = forecasts[self.kpi_down.id]
        self.assertEqual(down["method"], "seasonal")
        self.assertAlmostEqual(down["expected"], 99.5, places=6)
        self.assertEqual((down["status"], down["expected_status"]), ("green", "yellow"))
        self.assertTrue(down["at_risk"])
        self.assertAlmostEqual(down["mae"], 0.0, places=6)
        self.assertEqual(
            [point["period"] for point in down["points"]][:2],
            [self.november.name, "2026-12"],
        )

    def test_needs_attention_lists_stale_kpis_from_the_matrix(self):
        # today (frozen) 2026-11-20: October ended 20 days ago. CUST's latest
        # value is October's (fresh); FIN's is cleared back to September, so
        # October's value was due by 10 November: stale, 51 days old.
        self.kpi_cust.expected_delay = 10
        self.kpi_fin.expected_delay = 10
        october = self.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month" and p.date_start == date(2026, 10, 1)
        )
        self.kpi_fin.measurement_ids.filtered(lambda m: m.period_id == october).write(
            {"actual_value": 0.0, "has_actual": False}
        )
        self.scorecard._bsc_recompute()
        data = self.env["bsc.dashboard"].get_dashboard_data(
            self.scorecard.id, self.november.id
        )
        stale = [i for i in data["needs_attention"] if i["kind"] == "stale"]
        self.assertEqual(
            [(i["model"], i["res_id"]) for i in stale], [("bsc.kpi", self.kpi_fin.id)]
        )
        self.assertIn("[FIN] FIN", stale[0]["message"])
        self.assertIn("51 days", stale[0]["message"])
        # the same items outside the dashboard, from the period's matrix
        matrix = self.scorecard._bsc_matrix_of(self.november)
        self.assertEqual(
            self.env["bsc.dashboard"]._bsc_needs_attention_of(
                self.scorecard, self.november, matrix
            ),
            data["needs_attention"],
        )

    def test_health_findings_link_to_the_record(self):
        findings = self.scorecard._bsc_health()
        codes = {(f["code"], f["model"], f["res_id"]) for f in findings}
        self.assertIn(
            (health_engine.OBJECTIVE_NO_KPI, "bsc.objective", self.orphan.id), codes
        )
        self.assertIn(
            (health_engine.NO_PATH_TO_TOP, "bsc.objective", self.orphan.id), codes
        )
        self.assertIn(
            (health_engine.NO_PATH_TO_TOP, "bsc.objective", self.learn.id), codes
        )
        self.assertIn((health_engine.KPI_NO_OWNER, "bsc.kpi", self.kpi_down.id), codes)
        self.assertNotIn(
            (health_engine.NO_PATH_TO_TOP, "bsc.objective", self.proc.id), codes
        )
        message = next(
            f["message"] for f in findings if f["res_id"] == self.kpi_down.id
        )
        self.assertIn("DOWN", message)


@tagged("post_install", "-at_install")
class TestDemoEvidence(TransactionCase):
    """The demo's history shows one supported and one contradicted arrow,
    whatever today is (nothing frozen: see TestDemoToday)."""

    def test_demo_map_shows_a_supported_and_a_contradicted_arrow(self):
        if not self.env["ir.module.module"]._get("bsc_core").demo:
            self.skipTest("bsc_core is installed without demo data")
        ref = self.env.ref
        admin = ref("base.user_admin")
        data = self.env["bsc.dashboard"].with_user(admin).get_dashboard_data()
        arrows = {
            (a["cause_id"], a["effect_id"]): a for a in data["evidence"]["arrows"]
        }
        skills = ref("bsc_core.demo_objective_develop_skills").id
        quality = ref("bsc_core.demo_objective_improve_quality").id
        digital = ref("bsc_core.demo_objective_digitise_processes").id
        delivery = ref("bsc_core.demo_objective_speed_up_delivery").id
        planted = arrows[(skills, quality)]
        self.assertEqual((planted["status"], planted["lag"]), ("supported", 2))
        contradicted = arrows[(digital, delivery)]
        self.assertEqual(
            (contradicted["status"], contradicted["lag"]), ("contradicted", 1)
        )
        self.assertIn(
            ("contradicted", "bsc.objective", digital),
            {(i["kind"], i["model"], i["res_id"]) for i in data["needs_attention"]},
        )


@tagged("post_install", "-at_install")
class TestEvidenceTour(HttpCase):
    def test_evidence_tour(self):
        if not self.env["ir.module.module"]._get("bsc_core").demo:
            self.skipTest("bsc_core is installed without demo data")
        scorecard = self.env.ref("bsc_core.demo_scorecard")
        self.start_tour(
            f"/odoo/strategy-map?scorecard_id={scorecard.id}",
            "bsc_evidence_tour",
            login="admin",
        )
