# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import xml.etree.ElementTree as ET

from lxml import html as lxml_html

from odoo.tests import BaseCase, TransactionCase, tagged

from odoo.addons.bsc_core.engine import map_layout
from odoo.addons.bsc_reports.report import palette
from odoo.addons.bsc_reports.report import strategy_map_svg as smap

SVG = "{http://www.w3.org/2000/svg}"
PERSPECTIVES = [{"id": key} for key in ("F", "C", "P", "L")]
BANDS = {
    "F": {"name": "Financial", "color": "#61c36e", "caption": "Score 7.50"},
    "C": {"name": "Customer", "color": "#5794dd"},
    "P": {"name": "Internal Processes", "color": "#dc8534"},
    "L": {"name": "Learning & Growth", "color": "#41a9a2"},
}


@tagged("post_install", "-at_install", "bsc_engine")
class TestStrategyMapSvg(BaseCase):
    """The PDF's map draws the engine's layout; no database."""

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

    def test_render(self):
        drawing = map_layout.layout(
            PERSPECTIVES,
            [
                {"id": 1, "perspective_id": "F", "effect_ids": []},
                {"id": 2, "perspective_id": "C", "effect_ids": [1]},
                {"id": 3, "perspective_id": "C", "effect_ids": []},
            ],
        )
        drawing["edges"][0].update(style="supported", tooltip="Evidence: strong")
        nodes = {
            1: {"label": "Grow revenue", "code": "F1", "status": "green"},
            2: {"label": "Win <big> & loyal", "status": "red", "caption": "2.50"},
            3: {"label": "Objective C2"},
        }
        svg = smap.render(
            drawing,
            BANDS,
            nodes,
            palette.STATUS_COLORS,
            legend=[("green", "Green"), ("none", "No data")],
        )
        root = ET.fromstring(svg)  # well-formed, texts escaped
        self.assertEqual(root.tag, f"{SVG}svg")
        self.assertNotIn("url(#", svg)  # no marker: <base href> would break it
        groups = list(root.iter(f"{SVG}g"))
        rects = {
            g.find(f"{SVG}title").text: g.find(f"{SVG}rect").get("fill")
            for g in groups
            if g.get("class") == "o_bsc_map_objective"
        }
        self.assertEqual(
            rects,
            {
                "Grow revenue": "#28a745",
                "Win <big> & loyal": "#dc3545",
                "Objective C2": palette.STATUS_COLORS["none"]["fill"],
            },
        )
        (edge,) = [g for g in groups if "o_bsc_map_edge" in (g.get("class") or "")]
        self.assertIn("o_bsc_map_link_supported", edge.get("class"))
        self.assertEqual(edge.find(f"{SVG}title").text, "Evidence: strong")
        self.assertEqual(edge.find(f"{SVG}path").get("d"), drawing["edges"][0]["path"])
        self.assertEqual(
            edge.find(f"{SVG}polygon").get("points"), drawing["edges"][0]["head"]
        )
        texts = " ".join(t.strip() for t in root.itertext())
        for text in ("Financial", "Learning & Growth", "Green", "No data", "2.50"):
            self.assertIn(text, texts)
        # the boxes are where the layout put them
        box = next(g for g in groups if g.get("data-id") == "2").find(f"{SVG}rect")
        node = drawing["nodes"][2]
        self.assertEqual(
            (float(box.get("x")), float(box.get("y"))),
            (
                node["x"] - map_layout.NODE_WIDTH / 2,
                node["y"] - map_layout.NODE_HEIGHT / 2,
            ),
        )

    def test_large_map(self):
        objectives = [
            {"id": i, "perspective_id": PERSPECTIVES[i % 4]["id"], "effect_ids": []}
            for i in range(200)
        ]
        for i in range(300):
            cause, effect = i % 200, (i * 7 + 3) % 200
            if cause % 4 > effect % 4:
                objectives[cause]["effect_ids"].append(effect)
        drawing = map_layout.layout(PERSPECTIVES, objectives)
        root = ET.fromstring(smap.render(drawing, BANDS, {}, palette.STATUS_COLORS))
        self.assertEqual(len(root.findall(f".//{SVG}polygon")), len(drawing["edges"]))

    def test_tall_map_kept_to_the_page(self):
        """A map of one box per band is taller than wide: with ``max_ratio``
        it is drawn narrower, so that its height stays within the page's."""
        objectives = [
            {"id": i, "perspective_id": p["id"], "effect_ids": []}
            for i, p in enumerate(PERSPECTIVES)
        ]
        drawing = map_layout.layout(PERSPECTIVES, objectives)
        legend = [("green", "Green")]
        full = ET.fromstring(smap.render(drawing, BANDS, {}, {}, legend=legend))
        self.assertEqual(full.get("width"), "100%")
        root = ET.fromstring(
            smap.render(drawing, BANDS, {}, {}, legend=legend, max_ratio=1.0)
        )
        _x, _y, width, height = map(float, root.get("viewBox").split())
        self.assertGreater(height, width)
        share = float(root.get("width").rstrip("%")) / 100
        self.assertLess(share, 1)
        self.assertLessEqual(height / width * share, 1.01)


@tagged("post_install", "-at_install")
class TestSameMapOnScreenAndInPrint(TransactionCase):
    """The dashboard's map and the briefing book's map: same coordinates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scorecard = cls.env.ref("bsc_core.demo_scorecard")
        cls.period = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == cls.scorecard.frequency
        ).sorted("date_start")[0]

    def screen(self):
        data = self.env["bsc.dashboard"].get_dashboard_data(
            self.scorecard.id, self.period.id
        )
        # what the browser receives
        return json.loads(json.dumps(data["strategy_map"]))

    def printed(self):
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "bsc_reports.action_report_briefing_book",
            self.scorecard.ids,
            {"scorecard_ids": self.scorecard.ids, "period_id": self.period.id},
        )
        (svg,) = lxml_html.fromstring(content).xpath("//svg")
        boxes = {}
        for box in svg.xpath(".//g[@class='o_bsc_map_objective']"):
            rect = box.xpath("./rect")[0]
            boxes[box.get("data-id")] = {
                "x": round(float(rect.get("x")) + map_layout.NODE_WIDTH / 2, 1),
                "y": round(float(rect.get("y")) + map_layout.NODE_HEIGHT / 2, 1),
            }
        edges = {
            (g.get("data-cause-id"), g.get("data-effect-id")): (
                g.xpath("./path")[0].get("d"),
                g.xpath("./polygon")[0].get("points"),
            )
            for g in svg.xpath(".//g[contains(@class, 'o_bsc_map_edge')]")
        }
        return boxes, edges

    def assertSameMap(self):
        screen = self.screen()
        boxes, edges = self.printed()
        self.assertTrue(screen["nodes"])
        self.assertEqual(
            boxes,
            {
                key: {"x": round(node["x"], 1), "y": round(node["y"], 1)}
                for key, node in screen["nodes"].items()
            },
        )
        self.assertTrue(screen["edges"])
        self.assertEqual(
            edges,
            {
                (str(e["from"]), str(e["to"])): (e["path"], e["head"])
                for e in screen["edges"]
            },
        )
        return screen

    def test_demo_map(self):
        self.assertFalse(any(self.scorecard.objective_ids.mapped("map_x")))
        self.assertSameMap()

    def test_map_with_dragged_boxes(self):
        first, second = self.scorecard.objective_ids[:2]
        first.write({"map_x": 1234, "map_y": 60})
        second.write({"map_x": 420, "map_y": 5000})
        screen = self.assertSameMap()
        self.assertEqual(screen["nodes"][str(first.id)]["x"], 1234)
        self.assertTrue(screen["nodes"][str(second.id)]["pinned"])
        # only the dragged boxes are pinned; the others keep their place
        pinned = {key for key, n in screen["nodes"].items() if n["pinned"]}
        self.assertEqual(pinned, {str(first.id), str(second.id)})
