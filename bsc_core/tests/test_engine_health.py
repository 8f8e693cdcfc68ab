# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine import health

# Four perspective lines, top (financial) first.
LINES = [
    {"id": 1, "weight": 1.0},
    {"id": 2, "weight": 1.0},
    {"id": 3, "weight": 1.0},
    {"id": 4, "weight": 1.0},
]


def _kpi(kid, objective, **values):
    return {
        "id": kid,
        "objective_id": objective,
        "weight": 1.0,
        "has_owner": True,
        "has_target": True,
        **values,
    }


def _codes(findings):
    return sorted((finding.code, finding.model, finding.res_id) for finding in findings)


@tagged("post_install", "-at_install", "bsc_engine")
class TestHealth(BaseCase):
    def setUp(self):
        super().setUp()
        # F10 <- C20 <- P30 <- L40: a healthy chain, one KPI each
        self.objectives = [
            {"id": 10, "perspective_id": 1, "weight": 1.0},
            {"id": 20, "perspective_id": 2, "weight": 1.0},
            {"id": 30, "perspective_id": 3, "weight": 1.0},
            {"id": 40, "perspective_id": 4, "weight": 1.0},
        ]
        self.kpis = [_kpi(100 + oid, oid) for oid in (10, 20, 30, 40)]
        self.links = [(20, 10), (30, 20), (40, 30)]

    def check(self, **overrides):
        values = {
            "perspectives": LINES,
            "objectives": self.objectives,
            "kpis": self.kpis,
            "links": self.links,
        }
        values.update(overrides)
        return health.check_map(**values)

    def test_healthy_map_has_no_finding(self):
        self.assertEqual(self.check(), [])

    def test_objective_without_kpi_and_without_path(self):
        self.objectives.append({"id": 41, "perspective_id": 4, "weight": 1.0})
        self.assertEqual(
            _codes(self.check()),
            [
                (health.NO_PATH_TO_TOP, "bsc.objective", 41),
                (health.OBJECTIVE_NO_KPI, "bsc.objective", 41),
            ],
        )

    def test_broken_chain_cuts_every_objective_below(self):
        self.links = [(30, 20), (40, 30)]
        codes = _codes(self.check())
        self.assertEqual(
            codes,
            [(health.NO_PATH_TO_TOP, "bsc.objective", oid) for oid in (20, 30, 40)],
        )

    def test_empty_and_crowded_perspectives(self):
        self.objectives = [o for o in self.objectives if o["id"] != 20]
        self.objectives += [
            {"id": 31 + i, "perspective_id": 3, "weight": 1.0} for i in range(3)
        ]
        self.kpis += [_kpi(200 + i, 31 + i) for i in range(3)]
        self.links = [(30, 10), (31, 10), (32, 10), (33, 10), (40, 30)]
        findings = self.check(max_objectives=3)
        crowded = [f for f in findings if f.code == health.PERSPECTIVE_CROWDED]
        self.assertEqual([(f.res_id, f.subject) for f in crowded], [(3, (4, 3))])
        self.assertIn(
            (health.PERSPECTIVE_EMPTY, "bsc.scorecard.perspective", 2), _codes(findings)
        )
        # the arrows from process straight to financial skip customer
        skips = [f.subject for f in findings if f.code == health.ARROW_SKIPS]
        self.assertEqual(skips, [(30, 10), (31, 10), (32, 10), (33, 10)])

    def test_kpi_without_owner_or_target(self):
        self.kpis[0]["has_owner"] = False
        self.kpis[1]["has_target"] = False
        self.assertEqual(
            _codes(self.check()),
            [
                (health.KPI_NO_OWNER, "bsc.kpi", 110),
                (health.KPI_NO_TARGET, "bsc.kpi", 120),
            ],
        )

    def test_weights_that_leave_an_objective_without_effect(self):
        self.objectives[1]["weight"] = 0.0
        self.kpis[2]["weight"] = 0.0
        lines = [dict(line) for line in LINES]
        lines[3]["weight"] = 0.0
        findings = [
            f
            for f in self.check(perspectives=lines)
            if f.code == health.WEIGHT_NO_EFFECT
        ]
        self.assertEqual(
            [(f.model, f.res_id, f.subject) for f in findings],
            [
                ("bsc.objective", 20, ("objective",)),
                ("bsc.objective", 30, ("kpis",)),
                ("bsc.scorecard.perspective", 4, ("perspective", 40)),
            ],
        )

    def test_arrows_downward_and_skipping(self):
        self.links += [(10, 30), (40, 20)]
        findings = self.check()
        self.assertEqual(
            [
                (f.code, f.subject)
                for f in findings
                if f.code in (health.ARROW_DOWNWARD, health.ARROW_SKIPS)
            ],
            [(health.ARROW_DOWNWARD, (10, 30)), (health.ARROW_SKIPS, (40, 20))],
        )
