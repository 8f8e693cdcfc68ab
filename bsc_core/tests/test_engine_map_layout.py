# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine import map_layout as ml

PERSPECTIVES = [{"id": key} for key in ("F", "C", "P", "L")]


def objective(objective_id, perspective_id, effects=(), **vals):
    return dict(
        {"id": objective_id, "perspective_id": perspective_id},
        effect_ids=list(effects),
        **vals,
    )


def numbers(path):
    return [float(n) for n in re.findall(r"-?\d+\.?\d*", path)]


def boxes_overlap(a, b):
    return (
        abs(a["x"] - b["x"]) < ml.NODE_WIDTH and abs(a["y"] - b["y"]) < ml.NODE_HEIGHT
    )


def visible_crossings(drawing):
    """Pairs of arrows between the same two rows whose ends swap sides."""
    nodes = drawing["nodes"]
    count = 0
    edges = drawing["edges"]
    for i, e1 in enumerate(edges):
        for e2 in edges[i + 1 :]:
            a1, b1 = nodes[e1["from"]], nodes[e1["to"]]
            a2, b2 = nodes[e2["from"]], nodes[e2["to"]]
            same_rows = (a1["y"], b1["y"]) == (a2["y"], b2["y"])
            if same_rows and (a1["x"] - a2["x"]) * (b1["x"] - b2["x"]) < 0:
                count += 1
    return count


@tagged("post_install", "-at_install", "bsc_engine")
class TestMapLayout(BaseCase):
    """The one strategy-map layout (the dashboard's map and the PDF's)."""

    def test_bands_top_down_and_nodes_inside_their_band(self):
        objectives = [objective(i, PERSPECTIVES[i % 4]["id"]) for i in range(12)]
        drawing = ml.layout(PERSPECTIVES, objectives)
        self.assertEqual([b["id"] for b in drawing["bands"]], ["F", "C", "P", "L"])
        ys = [b["y"] for b in drawing["bands"]]
        self.assertEqual(ys, sorted(ys))
        bands = {b["id"]: b for b in drawing["bands"]}
        for node in drawing["nodes"].values():
            band = bands[node["band"]]
            self.assertGreaterEqual(node["y"] - ml.NODE_HEIGHT / 2, band["y"])
            self.assertLessEqual(
                node["y"] + ml.NODE_HEIGHT / 2, band["y"] + band["height"]
            )
            self.assertGreaterEqual(node["x"] - ml.NODE_WIDTH / 2, ml.LABEL_WIDTH)
            self.assertLessEqual(node["x"] + ml.NODE_WIDTH / 2, drawing["width"])
        last = drawing["bands"][-1]
        self.assertEqual(drawing["height"], last["y"] + last["height"] + ml.MARGIN)

    def test_same_band_effect_sits_a_row_above_its_cause(self):
        drawing = ml.layout(PERSPECTIVES, [objective(1, "P", [2]), objective(2, "P")])
        cause, effect = drawing["nodes"][1], drawing["nodes"][2]
        self.assertLess(effect["y"], cause["y"])
        self.assertEqual(len(drawing["bands"]), 4)
        band = drawing["bands"][2]
        self.assertGreater(band["height"], drawing["bands"][0]["height"])

    def test_long_link_goes_through_virtual_nodes(self):
        """Learning drives Financial: one virtual node per band crossed, none
        over an objective."""
        objectives = [
            objective(1, "F"),
            objective(2, "C"),
            objective(3, "P"),
            objective(4, "L", [1]),
        ]
        drawing = ml.layout(PERSPECTIVES, objectives)
        (edge,) = drawing["edges"]
        self.assertEqual(len(edge["points"]), 2)
        for point, blocker in zip(edge["points"], (3, 2), strict=True):
            node = drawing["nodes"][blocker]
            self.assertEqual(point["y"], node["y"])
            self.assertGreaterEqual(
                abs(point["x"] - node["x"]), ml.NODE_WIDTH / 2 + ml.DUMMY_WIDTH / 2
            )
        # the path runs through both virtual nodes
        path = numbers(edge["path"])
        for point in edge["points"]:
            self.assertIn(point["y"], path)

    def test_order_uncrosses_arrows(self):
        # given order F1 F2 over C1 C2, but C1 drives F2 and C2 drives F1
        objectives = [
            objective(1, "F"),
            objective(2, "F"),
            objective(3, "C", [2]),
            objective(4, "C", [1]),
        ]
        drawing = ml.layout(PERSPECTIVES, objectives)
        self.assertEqual(drawing["crossings"], 0)
        self.assertEqual(visible_crossings(drawing), 0)

    def test_count_crossings(self):
        order = [["a", "b"], ["c", "d"]]
        self.assertEqual(ml.count_crossings(order, [[("a", "d"), ("b", "c")], []]), 1)
        self.assertEqual(ml.count_crossings(order, [[("a", "c"), ("b", "d")], []]), 0)

    def test_arrows_go_from_cause_to_effect(self):
        drawing = ml.layout(
            PERSPECTIVES,
            [objective(1, "F"), objective(2, "L", [1, 99]), objective(3, "C")],
        )
        (edge,) = drawing["edges"]  # the unknown effect 99 is ignored
        cause, effect = drawing["nodes"][2], drawing["nodes"][1]
        path = numbers(edge["path"])
        # leaves the top of the cause, ends under the bottom of the effect
        self.assertEqual(path[:2], [cause["x"], cause["y"] - ml.NODE_HEIGHT / 2])
        self.assertEqual(path[-2], effect["x"])
        bottom = effect["y"] + ml.NODE_HEIGHT / 2
        self.assertEqual(path[-1], bottom + ml.ARROW_LENGTH)
        # the arrow head's tip touches the effect
        tip = [float(n) for n in edge["head"].split()[0].split(",")]
        self.assertEqual(tip, [effect["x"], bottom])
        self.assertEqual((edge["style"], edge["tooltip"]), (False, False))

    def test_crowded_row_is_staggered_without_overlap(self):
        objectives = [objective(i, "C") for i in range(11)]
        drawing = ml.layout(PERSPECTIVES, objectives)
        nodes = list(drawing["nodes"].values())
        self.assertEqual(len({n["y"] for n in nodes}), 2)
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                self.assertFalse(boxes_overlap(a, b))
        # the order is kept left to right
        xs = [drawing["nodes"][i]["x"] for i in range(11)]
        self.assertEqual(xs, sorted(xs))

    def test_dragged_node_stays_where_dropped_the_others_do_not_move(self):
        objectives = [
            objective(1, "F"),
            objective(2, "F"),
            objective(3, "C", [1]),
            objective(4, "L", [3]),
        ]
        automatic = ml.layout(PERSPECTIVES, objectives)
        objectives[1]["map_x"], objectives[1]["map_y"] = 900, 70
        drawing = ml.layout(PERSPECTIVES, objectives)
        self.assertEqual(
            drawing["nodes"][2], {"x": 900, "y": 70, "band": "F", "pinned": True}
        )
        for objective_id in (1, 3, 4):
            self.assertEqual(
                drawing["nodes"][objective_id], automatic["nodes"][objective_id]
            )
            self.assertFalse(drawing["nodes"][objective_id]["pinned"])
        self.assertGreaterEqual(drawing["width"], 900 + ml.NODE_WIDTH / 2)

    def test_dragged_node_is_kept_in_its_band_and_right_of_the_labels(self):
        objectives = [objective(1, "F"), objective(2, "C", map_x=5, map_y=9999)]
        drawing = ml.layout(PERSPECTIVES, objectives)
        node, band = drawing["nodes"][2], drawing["bands"][1]
        self.assertEqual(node["x"], ml.LABEL_WIDTH + ml.NODE_WIDTH / 2)
        self.assertEqual(node["y"], band["y"] + band["height"] - ml.NODE_HEIGHT / 2 - 4)

    def test_link_of_a_dragged_node_is_direct(self):
        objectives = [
            objective(1, "F"),
            objective(2, "C"),
            objective(3, "L", [1], map_x=700, map_y=400),
        ]
        drawing = ml.layout(PERSPECTIVES, objectives)
        (edge,) = drawing["edges"]
        self.assertEqual(edge["points"], [])
        self.assertEqual(edge["path"].count(" C "), 1)

    def test_side_by_side_link_is_straight(self):
        objectives = [
            objective(1, "F", [2], map_x=300, map_y=80),
            objective(2, "F", map_x=700, map_y=80),
        ]
        drawing = ml.layout(PERSPECTIVES, objectives)
        (edge,) = drawing["edges"]
        path = numbers(edge["path"])
        self.assertIn(" L ", edge["path"])
        self.assertEqual(path[0], 300 + ml.NODE_WIDTH / 2)
        tip = [float(n) for n in edge["head"].split()[0].split(",")]
        self.assertEqual(tip, [700 - ml.NODE_WIDTH / 2, 80])

    def test_objective_of_an_unknown_perspective_goes_to_a_last_band(self):
        drawing = ml.layout(PERSPECTIVES, [objective(1, "F"), objective(2, "X")])
        self.assertEqual(drawing["bands"][-1]["id"], 0)
        self.assertEqual(drawing["nodes"][2]["band"], 0)

    def test_cycle_does_not_hang(self):
        drawing = ml.layout(
            PERSPECTIVES, [objective(1, "P", [2]), objective(2, "P", [1])]
        )
        self.assertEqual(len(drawing["edges"]), 2)

    def test_empty_map(self):
        drawing = ml.layout(PERSPECTIVES, [])
        self.assertEqual(drawing["nodes"], {})
        self.assertEqual(len(drawing["bands"]), 4)
        self.assertGreater(drawing["width"], ml.LABEL_WIDTH)

    def test_large_map(self):
        """200 objectives and 300 links: no overlaps, deterministic."""
        objectives = [objective(i, PERSPECTIVES[i % 4]["id"]) for i in range(200)]
        for i in range(300):
            cause, effect = i % 200, (i * 7 + 3) % 200
            if cause % 4 > effect % 4:  # causes below their effects: no cycle
                objectives[cause]["effect_ids"].append(effect)
        drawing = ml.layout(PERSPECTIVES, objectives)
        rows = {}
        for node in drawing["nodes"].values():
            rows.setdefault(node["y"], []).append(node["x"])
        for xs in rows.values():
            xs.sort()
            for a, b in zip(xs, xs[1:], strict=False):
                self.assertGreaterEqual(b - a, ml.NODE_WIDTH)
        self.assertEqual(drawing, ml.layout(PERSPECTIVES, objectives))
