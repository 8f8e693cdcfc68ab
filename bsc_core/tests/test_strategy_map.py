# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import BscCase


@tagged("post_install", "-at_install")
class TestStrategyMapPayload(BscCase):
    """The dashboard payload carries the map's layout; links added from the
    map keep the boxes where they are."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal = cls.env.ref("bsc_core.perspective_internal")
        cls.objective_int = cls.env["bsc.objective"].create(
            {
                "name": "Ship fast",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.internal.id,
                "effect_ids": [(4, cls.objective.id)],
            }
        )
        cls.objective.effect_ids = cls.objective_fin
        cls.period = cls.scorecard.period_ids.sorted("date_start")[0]

    def payload(self, user=None):
        dashboard = self.env["bsc.dashboard"].with_user(user or self.manager)
        return dashboard.get_dashboard_data(self.scorecard.id, self.period.id)

    def test_payload_carries_the_layout(self):
        drawing = self.payload(self.user)["strategy_map"]
        objectives = self.scorecard.objective_ids
        self.assertEqual(set(drawing["nodes"]), set(objectives.ids))
        nodes = drawing["nodes"]
        # arrows point up: internal drives customer drives financial
        self.assertLess(
            nodes[self.objective_fin.id]["y"], nodes[self.objective.id]["y"]
        )
        self.assertLess(
            nodes[self.objective.id]["y"], nodes[self.objective_int.id]["y"]
        )
        self.assertEqual(
            {(e["from"], e["to"]) for e in drawing["edges"]},
            {
                (self.objective.id, self.objective_fin.id),
                (self.objective_int.id, self.objective.id),
            },
        )
        for edge in drawing["edges"]:
            self.assertTrue(edge["path"].startswith("M "))
        self.assertEqual(drawing["node_width"], 184)

    def test_dragged_box_is_in_the_payload(self):
        self.objective_int.write({"map_x": 800, "map_y": 10})
        nodes = self.payload()["strategy_map"]["nodes"]
        self.assertEqual(nodes[self.objective_int.id]["x"], 800)
        self.assertTrue(nodes[self.objective_int.id]["pinned"])
        self.assertFalse(nodes[self.objective.id]["pinned"])

    def test_adding_a_link_keeps_the_boxes_in_place(self):
        before = self.payload()["strategy_map"]["nodes"]
        positions = {str(k): [n["x"], n["y"]] for k, n in before.items()}
        dashboard = self.env["bsc.dashboard"].with_user(self.manager)
        dashboard.bsc_map_add_link(
            self.objective_int.id, self.objective_fin.id, positions
        )
        self.assertIn(self.objective_fin, self.objective_int.effect_ids)
        after = self.payload()["strategy_map"]["nodes"]
        for key, node in before.items():
            self.assertAlmostEqual(after[key]["x"], node["x"], delta=0.5)
            self.assertAlmostEqual(after[key]["y"], node["y"], delta=0.5)

    def test_refused_link_saves_no_position(self):
        before = self.payload()["strategy_map"]["nodes"]
        positions = {str(k): [n["x"], n["y"]] for k, n in before.items()}
        dashboard = self.env["bsc.dashboard"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            dashboard.bsc_map_add_link(
                self.objective_fin.id, self.objective_int.id, positions
            )
        self.assertFalse(any(self.scorecard.objective_ids.mapped("map_x")))
        self.assertNotIn(self.objective_int, self.objective_fin.effect_ids)
