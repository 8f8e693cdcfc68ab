# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The strategy map as SVG: a renderer of the one layout, no ORM.

The layout is bsc_core's (:mod:`odoo.addons.bsc_core.engine.map_layout`,
read through ``bsc.dashboard._bsc_map_layout``), the same coordinates the
dashboard's map draws, so that the printed map is the one on screen, boxes
a manager dragged included. :func:`render` turns it into an ``<svg>``
element (a string) that QWeb inlines in the briefing book.
"""

from xml.sax.saxutils import escape, quoteattr

MARGIN = 10
FONT_SIZE = 12
SMALL_FONT_SIZE = 10
LINE_HEIGHT = 14
NAME_LINE_HEIGHT = 16
# DejaVu Sans, the fallback font of wkhtmltopdf on Debian, averages a little
# over half an em: 0.6 em keeps wrapped lines inside their box.
CHAR_WIDTH = 0.6
EDGE_COLOR = "#6c757d"
NODE_STROKE = "#495057"
DEFAULT_FILL = {"fill": "#dee2e6", "font": "#212529"}
LEGEND_HEIGHT = 34


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


def render(drawing, bands, nodes, status_colors, legend=(), max_ratio=None):
    """The ``<svg>`` element of a laid out strategy map.

    :param drawing: the layout (``nodes, bands, edges, width, height`` and
        the sizes), as :func:`map_layout.layout` returns it
    :param bands: ``{perspective_id: {name, color, caption}}``: what a band
        shows (``caption``: a second line such as the score)
    :param nodes: ``{objective_id: {label, code, status, caption}}``
    :param status_colors: ``{status: {"fill": hex, "font": hex}}``
    :param legend: ``(status, label)`` pairs drawn under the map
    :param max_ratio: the highest height / width the map may take where it
        is drawn (a printed page): a taller map, such as the layout's few
        boxes per band make it, is drawn narrower, centred, so that it keeps
        to that height rather than spilling onto the next page
    :return: SVG markup (str), as wide as its container (or narrower, see
        ``max_ratio``); texts are escaped. Boxes, arrows and arrow heads sit
        at the layout's coordinates.
    """
    width = drawing["width"]
    height = drawing["height"] + (LEGEND_HEIGHT if legend else 0)
    share = 100
    if max_ratio and height > width * max_ratio:
        share = 100 * width * max_ratio / height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="o_bsc_strategy_map" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{share:.0f}%" '
        f'style="display: block; margin: 0 auto;" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="{FONT_SIZE}">',
    ]
    for band in drawing["bands"]:
        out.append(_band_svg(band, bands.get(band["id"]) or {}, drawing))
    for edge in drawing["edges"]:
        out.append(_edge_svg(edge))
    for objective_id, node in drawing["nodes"].items():
        info = nodes.get(objective_id) or {}
        colors = status_colors.get(info.get("status")) or DEFAULT_FILL
        out.append(_node_svg(objective_id, node, info, colors, drawing))
    if legend:
        out.append(_legend_svg(legend, status_colors, drawing))
    out.append("</svg>")
    return "".join(out)


def _edge_svg(edge):
    style = f" o_bsc_map_link_{edge['style']}" if edge.get("style") else ""
    title = f"<title>{escape(edge['tooltip'])}</title>" if edge.get("tooltip") else ""
    ids = f'data-cause-id="{edge["from"]}" data-effect-id="{edge["to"]}"'
    return (
        f'<g class="o_bsc_map_edge{style}" {ids}>{title}'
        f'<path class="o_bsc_map_link" d="{edge["path"]}" fill="none" '
        f'stroke="{EDGE_COLOR}" stroke-width="1.6"/>'
        f'<polygon points="{edge["head"]}" fill="{EDGE_COLOR}"/></g>'
    )


def _band_svg(band, info, drawing):
    y, h, w = band["y"], band["height"], drawing["width"]
    color = info.get("color") or "#a2a2a2"
    parts = [
        f'<g class="o_bsc_map_band" data-id="{band["id"]}">'
        f'<rect x="0" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
        f'fill="{color}" fill-opacity="0.12"/>'
        f'<rect x="0" y="{y:.1f}" width="6" height="{h:.1f}" fill="{color}"/>'
    ]
    max_chars = int((drawing["label_width"] - 30) / (FONT_SIZE * CHAR_WIDTH))
    lines = [("name", line) for line in wrap(info.get("name", ""), max_chars, 2)]
    if info.get("caption"):
        lines.append(("caption", info["caption"]))
    parts.append(f'<text x="18" y="{y + 30:.1f}" fill="#212529">')
    for index, (kind, line) in enumerate(lines):
        style = (
            ' font-weight="bold"'
            if kind == "name"
            else f' font-size="{SMALL_FONT_SIZE}"'
        )
        dy = 0 if index == 0 else LINE_HEIGHT + 2
        parts.append(f'<tspan x="18" dy="{dy}"{style}>{escape(line)}</tspan>')
    parts.append("</text></g>")
    return "".join(parts)


def _node_svg(objective_id, node, info, colors, drawing):
    """A box like the screen's: code and score on top, the name below."""
    w, h = drawing["node_width"], drawing["node_height"]
    x, y = node["x"] - w / 2, node["y"] - h / 2
    label = info.get("label", "")
    parts = [
        f'<g class="o_bsc_map_objective" data-id={quoteattr(str(objective_id))}>'
        f"<title>{escape(label)}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="8" ry="8" '
        f'fill="{colors["fill"]}" stroke="{NODE_STROKE}" stroke-width="0.8"/>'
        f'<text fill="{colors["font"]}">'
    ]
    if info.get("code"):
        parts.append(
            f'<tspan x="{x + 10:.1f}" y="{y + 17:.1f}" font-weight="bold" '
            f'font-size="{SMALL_FONT_SIZE}">{escape(info["code"])}</tspan>'
        )
    if info.get("caption"):
        parts.append(
            f'<tspan x="{x + w - 10:.1f}" y="{y + 17:.1f}" text-anchor="end" '
            f'font-weight="bold" font-size="{SMALL_FONT_SIZE}">'
            f"{escape(info['caption'])}</tspan>"
        )
    max_chars = int((w - 20) / (FONT_SIZE * CHAR_WIDTH))
    for index, line in enumerate(wrap(label, max_chars, 2)):
        line_y = y + 36 + index * NAME_LINE_HEIGHT
        parts.append(f'<tspan x="{x + 10:.1f}" y="{line_y:.1f}">{escape(line)}</tspan>')
    parts.append("</text></g>")
    return "".join(parts)


def _legend_svg(legend, status_colors, drawing):
    parts = ['<g class="o_bsc_map_legend">']
    x = drawing["label_width"]
    y = drawing["height"] + 4
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
