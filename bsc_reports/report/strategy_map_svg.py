# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The strategy map as SVG: pure geometry, no ORM.

Perspectives are horizontal bands, the first one on top (Financial) and the
last at the bottom (Learning & Growth). Each objective is a box in the band of
its perspective, filled with the colour of its status; each cause-and-effect
link is an arrow from the cause to the effect, so arrows mostly point up.

:func:`layout` places everything in a coordinate space ``width`` units wide;
:func:`render` turns a layout into an ``<svg>`` element (a string) that QWeb
inlines in the briefing book.
"""

from itertools import combinations
from xml.sax.saxutils import escape, quoteattr

WIDTH = 1000
MARGIN = 10
LABEL_WIDTH = 150  # the band's name, left of its boxes
BAND_GAP = 6
BAND_PADDING = 16
BAND_MIN_HEIGHT = 96
NODE_WIDTH = 170
NODE_HEIGHT = 74
GAP_X = 22
GAP_Y = 18
FONT_SIZE = 12
SMALL_FONT_SIZE = 10
LINE_HEIGHT = 14
# DejaVu Sans, the fallback font of wkhtmltopdf on Debian, averages a little
# over half an em: 0.6 em keeps wrapped lines inside their box.
CHAR_WIDTH = 0.6
SWEEPS = 4
TRANSPOSE_PASSES = 8
# Above this many links, swapping neighbours costs more than it brings
TRANSPOSE_MAX_LINKS = 80
ARROW_LENGTH = 9
ARROW_HALF_WIDTH = 4.5
EDGE_COLOR = "#6c757d"
NODE_STROKE = "#495057"
DEFAULT_FILL = {"fill": "#dee2e6", "font": "#212529"}


def wrap(text, max_chars, max_lines):
    """Cut ``text`` into at most ``max_lines`` lines of at most ``max_chars``.

    Words stay whole unless one alone is too long; text that does not fit
    ends with an ellipsis on the last line.
    """
    max_chars = max(max_chars, 2)
    lines = []
    current = ""
    for word in (text or "").split():
        while len(word) > max_chars:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: max_chars - 1] + "-")
            word = word[max_chars - 1 :]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [last[: max_chars - 1].rstrip() + "…"]
    return lines


def has_position(node):
    """True when the node was placed by hand (map_x/map_y not both empty)."""
    return bool(node.get("map_x") or node.get("map_y"))


def layout(bands, nodes, edges, width=WIDTH):
    """Place the bands, boxes and arrows of a strategy map.

    :param bands: dicts ``id, name, color`` (optional ``caption``: a second
        line such as the score), top to bottom
    :param nodes: dicts ``id, band_id, label`` (optional ``code``,
        ``status``, ``caption``, ``map_x``, ``map_y``), in display order;
        nodes of an unknown band are left out
    :param edges: ``(cause_id, effect_id)`` pairs; links to nodes left out
        are ignored
    :param width: width of the drawing, in SVG units
    :return: dict ``width, height, bands, nodes, edges``: each band dict
        gains ``x, y, width, height``; each node dict ``x, y, width, height, row``
        (top-left corner) and ``lines``; each edge is a dict ``cause,
        effect, path`` (an SVG path from the cause to the effect)

    A box always lies in the band of its perspective. When every box has a
    saved position (map_x, map_y), map_x places it across the map, scaled to
    the width, and boxes that would overlap go to a lower row of the band in
    order of map_y. Otherwise the layout is automatic: bands are the layers,
    the boxes of each band are ordered by the mean position of their linked
    boxes (barycentre sweeps) and improved by swapping neighbours; the order
    that is easiest to read wins (fewest crossings, then fewest arrows over
    boxes, then shortest arrows). Boxes are spread evenly over their row.
    """
    left = MARGIN + LABEL_WIDTH
    usable = max(width - left - MARGIN, NODE_WIDTH)
    band_ids = [band["id"] for band in bands]
    placed = [dict(node) for node in nodes if node.get("band_id") in band_ids]
    by_id = {node["id"]: node for node in placed}
    links = [
        (cause, effect)
        for cause, effect in edges
        if cause in by_id and effect in by_id and cause != effect
    ]
    if placed and all(has_position(node) for node in placed):
        rows_by_band = _manual_rows(placed, band_ids, left, usable)
    else:
        rows_by_band = _AutoLayout(placed, band_ids, links, left, usable).rows()

    band_rows = []
    y = MARGIN
    for band in bands:
        rows = rows_by_band.get(band["id"], [])
        content = len(rows) * NODE_HEIGHT + max(len(rows) - 1, 0) * GAP_Y
        height = max(content + 2 * BAND_PADDING, BAND_MIN_HEIGHT)
        top = y + (height - content) / 2
        for index, row in enumerate(rows):
            for node in row:
                node["y"] = top + index * (NODE_HEIGHT + GAP_Y)
                node["row"] = index
        band_rows.append(
            dict(band, x=MARGIN, y=y, width=width - 2 * MARGIN, height=height)
        )
        y += height + BAND_GAP
    for node in placed:
        node["width"] = NODE_WIDTH
        node["height"] = NODE_HEIGHT
        node["lines"] = _node_lines(node)
    return {
        "width": width,
        "height": y - BAND_GAP + MARGIN,
        "bands": band_rows,
        "nodes": placed,
        "edges": _edge_paths(links, by_id),
    }


def _per_row(usable):
    return max(1, int((usable + GAP_X) // (NODE_WIDTH + GAP_X)))


def _spread(ordered, left, usable):
    """Cut a band's ordered boxes into rows and spread each row evenly."""
    per_row = _per_row(usable)
    rows = [ordered[i : i + per_row] for i in range(0, len(ordered), per_row)]
    for row in rows:
        for index, node in enumerate(row):
            centre = left + usable * (index + 0.5) / len(row)
            node["x"] = centre - NODE_WIDTH / 2
    return rows


class _AutoLayout:
    """Bands are the layers; each band's order of boxes is what is chosen."""

    def __init__(self, placed, band_ids, links, left, usable):
        self.band_ids = band_ids
        self.links = links
        self.left = left
        self.usable = usable
        self.order = {
            band_id: [n for n in placed if n["band_id"] == band_id]
            for band_id in band_ids
        }
        self.level = {band_id: index for index, band_id in enumerate(band_ids)}
        self.by_id = {node["id"]: node for node in placed}
        self.neighbours = {node["id"]: [] for node in placed}
        for cause, effect in links:
            self.neighbours[cause].append(effect)
            self.neighbours[effect].append(cause)

    def rows(self):
        """Sweep, keep the best order seen, return ``{band_id: rows}``."""
        for band_id in self.band_ids:
            self.arrange(band_id)
        best = self.cost()
        best_order = self.snapshot()
        sequence = self.band_ids[1:] + self.band_ids[-2::-1]
        for _sweep in range(SWEEPS if self.links else 0):
            for band_id in sequence:
                self.barycentre(band_id)
            cost = self.cost()
            if len(self.links) <= TRANSPOSE_MAX_LINKS:
                cost = self.transpose(cost)
            if cost < best:
                best, best_order = cost, self.snapshot()
        self.order.update(best_order)
        return {band_id: self.arrange(band_id) for band_id in self.band_ids}

    def snapshot(self):
        return {band_id: list(nodes) for band_id, nodes in self.order.items()}

    def cost(self):
        return _cost(self.links, self.by_id)

    def arrange(self, band_id):
        """Place a band's boxes in their order; ``level`` ranks their rows."""
        rows = _spread(self.order[band_id], self.left, self.usable)
        for index, row in enumerate(rows):
            for node in row:
                node["level"] = self.level[band_id] * 10 + index
        return rows

    def barycentre(self, band_id):
        """Order a band by the mean position of the boxes linked to each."""
        keys = {}
        for rank, node in enumerate(self.order[band_id]):
            xs = [
                self.by_id[other]["x"]
                for other in self.neighbours[node["id"]]
                if self.by_id[other]["band_id"] != band_id
            ]
            keys[node["id"]] = (sum(xs) / len(xs) if xs else node["x"], rank)
        self.order[band_id].sort(key=lambda n: keys[n["id"]])
        self.arrange(band_id)

    def transpose(self, current):
        """Swap neighbours in a band while that lowers the cost."""
        for _pass in range(TRANSPOSE_PASSES):
            improved = False
            for band_id in self.band_ids:
                nodes = self.order[band_id]
                for i in range(len(nodes) - 1):
                    nodes[i], nodes[i + 1] = nodes[i + 1], nodes[i]
                    self.arrange(band_id)
                    cost = self.cost()
                    if cost < current:
                        current, improved = cost, True
                    else:
                        nodes[i], nodes[i + 1] = nodes[i + 1], nodes[i]
                        self.arrange(band_id)
            if not improved:
                break
        return current


def _cost(links, by_id):
    """How hard a placement is to read: crossings first, then arrows running
    over boxes, then the arrows' horizontal length."""
    segments = [
        (cause, effect, _centre(by_id[cause]), _centre(by_id[effect]))
        for cause, effect in links
    ]
    crossings = 0
    for (c1, e1, p1, q1), (c2, e2, p2, q2) in combinations(segments, 2):
        if {c1, e1} & {c2, e2}:
            continue
        if _intersect(p1, q1, p2, q2):
            crossings += 1
    jumps = 0
    length = 0.0
    for _cause, _effect, p, q in segments:
        length += abs(p[0] - q[0]) / NODE_WIDTH
        jumps += sum(1 for node in by_id.values() if _passes_through(p, q, node))
    return crossings * 10 + jumps * 6 + length


def _passes_through(p, q, node):
    """True when the arrow p-q runs over the box ``node`` (not one of its ends).

    Within a row, the box lies between the ends; across rows, the box is on
    a row in between and the arrow's straight line meets it there.
    """
    x, level = _centre(node)
    if p[1] == q[1]:
        return level == p[1] and min(p[0], q[0]) < x < max(p[0], q[0])
    if not min(p[1], q[1]) < level < max(p[1], q[1]):
        return False
    at = p[0] + (q[0] - p[0]) * (level - p[1]) / (q[1] - p[1])
    return abs(at - x) < NODE_WIDTH / 2


def _centre(node):
    return node["x"] + NODE_WIDTH / 2, node["level"]


def _intersect(p1, q1, p2, q2):
    """True when segments p1-q1 and p2-q2 cross (touching does not count)."""

    def side(a, b, c):
        value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (value > 1e-9) - (value < -1e-9)

    return (
        side(p1, q1, p2) * side(p1, q1, q2) < 0
        and side(p2, q2, p1) * side(p2, q2, q1) < 0
    )


def _manual_rows(placed, band_ids, left, usable):
    xs = [node.get("map_x") or 0 for node in placed]
    low, high = min(xs), max(xs)
    span = usable - NODE_WIDTH
    rows_by_band = {}
    for band_id in band_ids:
        nodes = [n for n in placed if n["band_id"] == band_id]
        rows = []
        for node in sorted(
            nodes, key=lambda n: (n.get("map_y") or 0, n.get("map_x") or 0)
        ):
            share = (
                ((node.get("map_x") or 0) - low) / (high - low) if high > low else 0.5
            )
            node["x"] = left + share * span
            for row in rows:
                if all(
                    abs(other["x"] - node["x"]) >= NODE_WIDTH + GAP_X for other in row
                ):
                    row.append(node)
                    break
            else:
                rows.append([node])
        rows_by_band[band_id] = rows
    return rows_by_band


def _node_lines(node):
    """The text lines of a box: code (bold), the name, then the caption."""
    max_chars = int((NODE_WIDTH - 12) / (FONT_SIZE * CHAR_WIDTH))
    head = [("code", node["code"])] if node.get("code") else []
    tail = [("caption", node["caption"])] if node.get("caption") else []
    room = max(1, (NODE_HEIGHT - 10) // LINE_HEIGHT - len(head) - len(tail))
    label = [("label", line) for line in wrap(node.get("label", ""), max_chars, room)]
    return head + label + tail


def _edge_paths(links, by_id):
    """An arrow per link, ends spread along the box sides they leave from."""
    ends = {}  # (node id, side) -> [(x of the other end, link index)]
    shapes = []
    for index, (cause, effect) in enumerate(links):
        a, b = by_id[cause], by_id[effect]
        if a["y"] == b["y"]:  # same row: from side to side, arching over
            a_side, b_side = ("right", "left") if a["x"] < b["x"] else ("left", "right")
        elif b["y"] < a["y"]:
            a_side, b_side = "top", "bottom"
        else:
            a_side, b_side = "bottom", "top"
        shapes.append((a_side, b_side))
        ends.setdefault((cause, a_side), []).append((b["x"], index))
        ends.setdefault((effect, b_side), []).append((a["x"], index))
    offsets = {}
    for (node_id, side), items in ends.items():
        items.sort()
        for rank, (_x, index) in enumerate(items):
            share = (rank + 1) / (len(items) + 1) - 0.5
            offsets[(node_id, side, index)] = share * (
                0.6 if side in ("top", "bottom") else 0.5
            )
    paths = []
    for index, (cause, effect) in enumerate(links):
        a_side, b_side = shapes[index]
        sx, sy = _port(by_id[cause], a_side, offsets[(cause, a_side, index)])
        ex, ey = _port(by_id[effect], b_side, offsets[(effect, b_side, index)])
        if a_side in ("left", "right"):
            # arch over the boxes in between: higher the farther it goes
            lift = NODE_HEIGHT / 2 + 20 + abs(ex - sx) * 0.08
            c1, c2 = (sx, sy - lift), (ex, ey - lift)
        else:
            middle = (sy + ey) / 2
            c1, c2 = (sx, middle), (ex, middle)
        path = (
            f"M {sx:.1f} {sy:.1f} C {c1[0]:.1f} {c1[1]:.1f} "
            f"{c2[0]:.1f} {c2[1]:.1f} {ex:.1f} {ey:.1f}"
        )
        head = _arrow_head(c2, (ex, ey))
        paths.append({"cause": cause, "effect": effect, "path": path, "head": head})
    return paths


def _arrow_head(control, tip):
    """The triangle at the end of an arrow, pointing from ``control`` to ``tip``.

    Drawn as a polygon rather than an SVG marker: a report's ``<base href>``
    makes WebKit look for ``url(#marker)`` in another document.
    """
    dx, dy = tip[0] - control[0], tip[1] - control[1]
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / norm, dy / norm
    bx, by = tip[0] - ux * ARROW_LENGTH, tip[1] - uy * ARROW_LENGTH
    points = (
        tip,
        (bx - uy * ARROW_HALF_WIDTH, by + ux * ARROW_HALF_WIDTH),
        (bx + uy * ARROW_HALF_WIDTH, by - ux * ARROW_HALF_WIDTH),
    )
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _port(node, side, offset):
    """The point where an arrow leaves or reaches a side of a box."""
    x, y, w, h = node["x"], node["y"], NODE_WIDTH, NODE_HEIGHT
    if side == "top":
        return x + w / 2 + offset * w, y
    if side == "bottom":
        return x + w / 2 + offset * w, y + h
    return (x + w if side == "right" else x), y + h / 2 + offset * h


def render(drawing, status_colors, legend=()):
    """The ``<svg>`` element of a layout.

    :param drawing: :func:`layout` output
    :param status_colors: ``{status: {"fill": hex, "font": hex}}``
    :param legend: ``(status, label)`` pairs drawn under the map
    :return: SVG markup (str), as wide as its container; texts are escaped
    """
    width = drawing["width"]
    legend_height = 34 if legend else 0
    height = drawing["height"] + legend_height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="o_bsc_strategy_map" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="{FONT_SIZE}">',
    ]
    for band in drawing["bands"]:
        out.append(_band_svg(band))
    for edge in drawing["edges"]:
        out.append(
            f'<path class="o_bsc_map_link" d="{edge["path"]}" fill="none" '
            f'stroke="{EDGE_COLOR}" stroke-width="1.6"/>'
            f'<polygon points="{edge["head"]}" fill="{EDGE_COLOR}"/>'
        )
    for node in drawing["nodes"]:
        out.append(
            _node_svg(node, status_colors.get(node.get("status")) or DEFAULT_FILL)
        )
    if legend:
        out.append(_legend_svg(legend, status_colors, drawing["height"]))
    out.append("</svg>")
    return "".join(out)


def _band_svg(band):
    x, y, w, h = band["x"], band["y"], band["width"], band["height"]
    color = band.get("color") or "#a2a2a2"
    parts = [
        f'<g class="o_bsc_map_band">'
        f'<rect x="{x}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
        f'fill="{color}" fill-opacity="0.12"/>'
        f'<rect x="{x}" y="{y:.1f}" width="6" height="{h:.1f}" fill="{color}"/>'
    ]
    max_chars = int((LABEL_WIDTH - 20) / (FONT_SIZE * CHAR_WIDTH))
    lines = [("name", line) for line in wrap(band.get("name", ""), max_chars, 3)]
    if band.get("caption"):
        lines.append(("caption", band["caption"]))
    text_y = y + h / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE / 3
    parts.append(f'<text x="{x + 14}" y="{text_y:.1f}" fill="#212529">')
    for index, (kind, line) in enumerate(lines):
        style = (
            ' font-weight="bold"'
            if kind == "name"
            else f' font-size="{SMALL_FONT_SIZE}"'
        )
        dy = 0 if index == 0 else LINE_HEIGHT
        parts.append(f'<tspan x="{x + 14}" dy="{dy}"{style}>{escape(line)}</tspan>')
    parts.append("</text></g>")
    return "".join(parts)


def _node_svg(node, colors):
    x, y, w, h = node["x"], node["y"], node["width"], node["height"]
    title = node.get("label", "")
    parts = [
        f'<g class="o_bsc_map_objective" data-id={quoteattr(str(node["id"]))}>'
        f"<title>{escape(title)}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="8" ry="8" '
        f'fill="{colors["fill"]}" stroke="{NODE_STROKE}" stroke-width="0.8"/>'
    ]
    lines = node["lines"]
    centre = x + w / 2
    first = y + h / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE / 3
    parts.append(
        f'<text x="{centre:.1f}" y="{first:.1f}" text-anchor="middle" '
        f'fill="{colors["font"]}">'
    )
    for index, (kind, line) in enumerate(lines):
        style = {
            "code": ' font-weight="bold"',
            "caption": f' font-size="{SMALL_FONT_SIZE}"',
        }.get(kind, "")
        dy = 0 if index == 0 else LINE_HEIGHT
        parts.append(f'<tspan x="{centre:.1f}" dy="{dy}"{style}>{escape(line)}</tspan>')
    parts.append("</text></g>")
    return "".join(parts)


def _legend_svg(legend, status_colors, top):
    parts = ['<g class="o_bsc_map_legend">']
    x = MARGIN + LABEL_WIDTH
    y = top + 8
    for status, label in legend:
        colors = status_colors.get(status) or DEFAULT_FILL
        parts.append(
            f'<rect x="{x}" y="{y}" width="18" height="14" rx="3" '
            f'fill="{colors["fill"]}" stroke="{NODE_STROKE}" stroke-width="0.6"/>'
            f'<text x="{x + 24}" y="{y + 11}" fill="#212529">{escape(label)}</text>'
        )
        x += 24 + int(len(label) * FONT_SIZE * CHAR_WIDTH) + 26
    parts.append("</g>")
    return "".join(parts)
