# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import xml.etree.ElementTree as ET

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_reports.report import palette
from odoo.addons.bsc_reports.report import strategy_map_svg as smap

SVG = "{http://www.w3.org/2000/svg}"
BANDS = [
    {"id": "F", "name": "Financial", "color": "#61c36e"},
    {"id": "C", "name": "Customer", "color": "#5794dd"},
    {"id": "P", "name": "Internal Processes", "color": "#dc8534"},
    {"id": "L", "name": "Learning & Growth", "color": "#41a9a2"},
]


def node(node_id, band_id, **vals):
    return dict(
        {"id": node_id, "band_id": band_id, "label": f"Objective {node_id}"}, **vals
    )


def overlap(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def arrow_crossings(drawing):
    """Pairs of arrows between the same two rows whose ends swap sides."""
    boxes = {n["id"]: n for n in drawing["nodes"]}
    count = 0
    edges = drawing["edges"]
    for i, e1 in enumerate(edges):
        for e2 in edges[i + 1 :]:
            a1, b1 = boxes[e1["cause"]], boxes[e1["effect"]]
            a2, b2 = boxes[e2["cause"]], boxes[e2["effect"]]
            if (a1["y"], b1["y"]) == (a2["y"], b2["y"]) and (a1["x"] - a2["x"]) * (
                b1["x"] - b2["x"]
            ) < 0:
                count += 1
    return count


@tagged("post_install", "-at_install", "bsc_engine")
class TestStrategyMapSvg(BaseCase):
    """Geometry of the strategy map: bands, boxes, arrows; no database."""

    def test_wrap(self):
        self.assertEqual(smap.wrap("Grow revenue", 20, 3), ["Grow revenue"])
        self.assertEqual(
            smap.wrap("Increase customer retention", 12, 3),
            ["Increase", "customer", "retention"],
        )
        lines = smap.wrap("one two three four five six seven", 9, 2)
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[-1].endswith("…"))
        self.assertEqual(
            smap.wrap("Supercalifragilistic", 8, 3), ["Superca-", "lifragi-", "listic"]
        )
        self.assertEqual(smap.wrap("", 10, 2), [])

    def test_bands_top_down_and_boxes_inside_their_band(self):
        nodes = [node(i, band["id"]) for i, band in enumerate(BANDS * 3)]
        drawing = smap.layout(BANDS, nodes, [])
        ys = [band["y"] for band in drawing["bands"]]
        self.assertEqual(
            [b["name"] for b in drawing["bands"]], [b["name"] for b in BANDS]
        )
        self.assertEqual(ys, sorted(ys))
        bands = {band["id"]: band for band in drawing["bands"]}
        for box in drawing["nodes"]:
            band = bands[box["band_id"]]
            self.assertGreaterEqual(box["y"], band["y"])
            self.assertLessEqual(box["y"] + box["height"], band["y"] + band["height"])
            self.assertGreaterEqual(box["x"], smap.MARGIN + smap.LABEL_WIDTH)
            self.assertLessEqual(
                box["x"] + box["width"], drawing["width"] - smap.MARGIN
            )
        self.assertEqual(
            drawing["height"],
            drawing["bands"][-1]["y"] + drawing["bands"][-1]["height"] + smap.MARGIN,
        )

    def test_crowded_band_wraps_into_rows_without_overlap(self):
        nodes = [node(i, "C") for i in range(11)]
        drawing = smap.layout(BANDS, nodes, [])
        boxes = drawing["nodes"]
        per_row = smap._per_row(drawing["width"] - 2 * smap.MARGIN - smap.LABEL_WIDTH)
        self.assertEqual(max(box["row"] for box in boxes) + 1, -(-11 // per_row))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                self.assertFalse(overlap(a, b), (a["id"], b["id"]))

    def test_automatic_order_uncrosses_arrows(self):
        # given order: F1 F2 over C1 C2, but C1 drives F2 and C2 drives F1
        nodes = [node("F1", "F"), node("F2", "F"), node("C1", "C"), node("C2", "C")]
        edges = [("C1", "F2"), ("C2", "F1")]
        drawing = smap.layout(BANDS, nodes, edges)
        self.assertEqual(arrow_crossings(drawing), 0)

    def test_arrows_go_from_cause_to_effect(self):
        nodes = [node("F1", "F"), node("L1", "L"), node("L2", "L")]
        drawing = smap.layout(
            BANDS, nodes, [("L1", "F1"), ("L1", "L2"), ("L1", "nowhere")]
        )
        boxes = {n["id"]: n for n in drawing["nodes"]}
        self.assertEqual(len(drawing["edges"]), 2)
        up, side = drawing["edges"]
        numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", up["path"])]
        # leaves the top of the cause, reaches the bottom of the effect
        self.assertAlmostEqual(numbers[1], boxes["L1"]["y"], places=1)
        self.assertAlmostEqual(
            numbers[-1], boxes["F1"]["y"] + boxes["F1"]["height"], places=1
        )
        tip = [float(n) for n in up["head"].split()[0].split(",")]
        self.assertAlmostEqual(tip[0], numbers[-2], places=1)
        self.assertAlmostEqual(tip[1], numbers[-1], places=1)
        # same row: from the facing side of the cause to the effect's
        numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", side["path"])]
        left, right = sorted((boxes["L1"], boxes["L2"]), key=lambda b: b["x"])
        self.assertIn(
            round(numbers[0], 1),
            (round(left["x"] + left["width"], 1), round(right["x"], 1)),
        )

    def test_saved_positions(self):
        nodes = [
            node("F1", "F", map_x=600, map_y=40),
            node("F2", "F", map_x=100, map_y=40),
            node("C1", "C", map_x=100, map_y=200),
            node("C2", "C", map_x=110, map_y=180),
        ]
        drawing = smap.layout(BANDS, nodes, [])
        boxes = {n["id"]: n for n in drawing["nodes"]}
        self.assertLess(boxes["F2"]["x"], boxes["F1"]["x"])
        # C1 and C2 would overlap: C2 (higher on the saved map) takes the top row
        self.assertEqual((boxes["C2"]["row"], boxes["C1"]["row"]), (0, 1))
        self.assertFalse(overlap(boxes["C1"], boxes["C2"]))

    def test_positions_are_used_only_when_all_are_saved(self):
        nodes = [node("F1", "F", map_x=900, map_y=10), node("F2", "F")]
        drawing = smap.layout(BANDS, nodes, [])
        boxes = {n["id"]: n for n in drawing["nodes"]}
        self.assertLess(boxes["F1"]["x"], boxes["F2"]["x"])  # automatic: given order

    def test_unknown_band_is_left_out(self):
        drawing = smap.layout(
            BANDS, [node("X", "nope"), node("F1", "F")], [("X", "F1")]
        )
        self.assertEqual([n["id"] for n in drawing["nodes"]], ["F1"])
        self.assertEqual(drawing["edges"], [])

    def test_render(self):
        nodes = [
            node("F1", "F", code="F1", status="green", caption="7.50"),
            node("C1", "C", code="C1", status="red", label="Win <big> & loyal"),
            node("C2", "C"),
        ]
        drawing = smap.layout(BANDS, nodes, [("C1", "F1")])
        svg = smap.render(
            drawing,
            palette.STATUS_COLORS,
            legend=[("green", "Green"), ("none", "No data")],
        )
        root = ET.fromstring(svg)  # well-formed, texts escaped
        self.assertEqual(root.tag, f"{SVG}svg")
        self.assertNotIn("url(#", svg)  # no marker: <base href> would break it
        rects = {
            g.find(f"{SVG}title").text: g.find(f"{SVG}rect").get("fill")
            for g in root.iter(f"{SVG}g")
            if g.get("class") == "o_bsc_map_objective"
        }
        self.assertEqual(
            rects,
            {
                "Objective F1": "#28a745",
                "Win <big> & loyal": "#dc3545",
                "Objective C2": palette.STATUS_COLORS["none"]["fill"],
            },
        )
        self.assertEqual(len(root.findall(f".//{SVG}polygon")), 1)
        texts = " ".join(t.strip() for t in root.itertext())
        for text in ("Financial", "Learning & Growth", "Green", "No data", "7.50"):
            self.assertIn(text, texts)

    def test_large_map(self):
        """200 objectives and 300 links: laid out without overlaps."""
        nodes = [node(i, BANDS[i % 4]["id"]) for i in range(200)]
        edges = [(i % 200, (i * 7 + 3) % 200) for i in range(300)]
        drawing = smap.layout(BANDS, nodes, edges)
        rows = {}
        for box in drawing["nodes"]:
            rows.setdefault((box["band_id"], box["row"]), []).append(box["x"])
        for xs in rows.values():
            xs.sort()
            for a, b in zip(xs, xs[1:], strict=False):
                self.assertGreaterEqual(b - a, smap.NODE_WIDTH)
        ET.fromstring(smap.render(drawing, palette.STATUS_COLORS))
