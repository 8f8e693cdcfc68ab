# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The layout of a strategy map: plain functions over plain data, no ORM.

The one layout that the dashboard's map and the briefing book's PDF draw.

Perspectives are horizontal bands, the first on top. Inside a band an
objective that drives another objective of the same band sits one row
below it, so that arrows point up. A link over several rows goes through a
small virtual node in each row it crosses, so that it never runs over an
objective. Each row is ordered by the barycentre heuristic (the mean
position of the linked items of the row above, then of the row below, in
alternating sweeps), then neighbours are swapped while that removes
crossings; the ordering with the fewest crossings is kept. Last, every item
is pulled towards its linked items, keeping the order and a minimum gap, so
that arrows stay short and long ones straight. A row of many objectives is
staggered over several lines to stay readable.

An objective a manager dragged (``map_x`` > 0) stays where it was dropped,
node by node: the others keep their automatic place, and the dragged one's
``map_y`` is kept inside its band. Its links are drawn without virtual nodes.

Coordinates are SVG units; a node's ``x``/``y`` is its centre.
"""

import math

NODE_WIDTH = 184
NODE_HEIGHT = 64
LABEL_WIDTH = 170
DUMMY_WIDTH = 16
NODE_GAP = 40
DUMMY_GAP = 14
ROW_GAP = 48
LINE_GAP = 22
MAX_PER_ROW = 8
BAND_PADDING = 26
MARGIN = 24
SWEEPS = 12
PULL_ITERATIONS = 8
TRANSPOSE_PASSES = 4
ARROW_LENGTH = 9
ARROW_HALF_WIDTH = 4.5


def layout(perspectives, objectives):
    """Place the bands, nodes and links of a strategy map.

    :param perspectives: dicts with ``id``, in display order (first on top)
    :param objectives: dicts ``id, perspective_id, effect_ids`` (optional
        ``map_x, map_y``: where a manager dropped it), in display order; an
        objective of a perspective not given goes to a last band of id 0
    :return: dict ``nodes`` (``{id: {x, y, band, pinned}}``), ``bands``
        (``[{id, y, height}]``, top to bottom), ``edges`` (``[{from, to,
        points, path, middle, head, style, tooltip}]``: ``points`` are the
        virtual nodes the link goes through, ``path`` its SVG path from the
        cause to where the arrow head starts, ``head`` the arrow head's
        polygon, ``middle`` where its handle goes, ``style``/``tooltip``
        empty for callers to fill), ``width``, ``height``, ``crossings``, and
        the sizes ``node_width``, ``node_height``, ``label_width``
    """
    known = {o["id"] for o in objectives}
    links = [
        (objective["id"], effect_id)
        for objective in objectives
        for effect_id in objective.get("effect_ids") or ()
        if effect_id in known and effect_id != objective["id"]
    ]
    grid = _rows(perspectives, objectives)
    chains = _virtual_nodes(grid, links)
    order, crossings = _order(grid)
    x, y, bands = _coordinates(grid, order)
    if x:
        min_x = min(value - _width(item) / 2 for item, value in x.items())
        max_x = max(value + _width(item) / 2 for item, value in x.items())
    else:
        min_x = max_x = 0.0
    shift = LABEL_WIDTH + MARGIN - min_x

    def point(item):
        return {"x": _round(x[item] + shift), "y": _round(y[item])}

    band_by_id = {band["id"]: band for band in bands}
    nodes = {}
    for objective in objectives:
        item = _key(objective["id"])
        band = band_by_id[grid["row_band"][grid["row_of"][item]]]
        pinned = (objective.get("map_x") or 0) > 0
        if pinned:
            xy = {
                "x": max(LABEL_WIDTH + NODE_WIDTH / 2, objective["map_x"]),
                "y": clamp_to_band(objective.get("map_y"), band),
            }
        else:
            xy = point(item)
        nodes[objective["id"]] = dict(xy, band=band["id"], pinned=pinned)
    edges = []
    for (cause, effect), chain in zip(links, chains, strict=True):
        straight = nodes[cause]["pinned"] or nodes[effect]["pinned"]
        points = [] if straight else [point(item) for item in chain[1:-1]]
        edges.append(
            dict(
                {"from": cause, "to": effect, "points": points},
                **link_geometry(nodes[cause], nodes[effect], points),
                style=False,
                tooltip=False,
            )
        )
    width = max_x - min_x + LABEL_WIDTH + 2 * MARGIN
    for node in nodes.values():
        width = max(width, node["x"] + NODE_WIDTH / 2 + MARGIN)
    last = bands[-1] if bands else {"y": MARGIN, "height": 0}
    return {
        "nodes": nodes,
        "bands": bands,
        "edges": edges,
        "width": _round(max(width, LABEL_WIDTH + NODE_WIDTH + 2 * MARGIN)),
        "height": last["y"] + last["height"] + MARGIN,
        "crossings": crossings,
        "node_width": NODE_WIDTH,
        "node_height": NODE_HEIGHT,
        "label_width": LABEL_WIDTH,
    }


def _rows(perspectives, objectives):
    """Rows of items: per band, effects of the same band one row above their
    causes.

    :return: dict ``rows`` (item keys, top to bottom), ``row_band`` (the
        band of each row), ``row_of`` (item -> row), ``band_rows`` (``(band
        id, first row, row count)``)
    """
    grid = {"rows": [], "row_band": [], "row_of": {}, "band_rows": []}
    rows, row_of = grid["rows"], grid["row_of"]
    shown = {p["id"] for p in perspectives}
    groups = [
        (p["id"], [o for o in objectives if o.get("perspective_id") == p["id"]])
        for p in perspectives
    ]
    orphans = [o for o in objectives if o.get("perspective_id") not in shown]
    if orphans:
        groups.append((0, orphans))
    for band_id, members in groups:
        ranks = _same_band_ranks(members)
        count = max([1] + [r + 1 for r in ranks.values()])
        first = len(rows)
        for _r in range(count):
            rows.append([])
            grid["row_band"].append(band_id)
        for member in members:
            row = first + ranks[member["id"]]
            rows[row].append(_key(member["id"]))
            row_of[_key(member["id"])] = row
        grid["band_rows"].append((band_id, first, count))
    return grid


def _virtual_nodes(grid, links):
    """A chain of items per link, a virtual node in each row it crosses.

    Adds the virtual nodes to ``grid`` with the links between neighbouring
    rows: ``up``/``down`` (item -> linked items of the row above/below) and
    ``segments`` (``segments[r]``: ``(upper, lower)`` pairs of rows r, r+1).
    :return: the chains, one per link, from the cause to the effect
    """
    rows, row_of = grid["rows"], grid["row_of"]
    chains = []
    for index, (cause, effect) in enumerate(links):
        start, end = row_of[_key(cause)], row_of[_key(effect)]
        step = 1 if start < end else -1
        chain = [_key(cause)]
        if start != end:
            for r in range(start + step, end, step):
                dummy = f"d{index}_{r}"
                rows[r].append(dummy)
                row_of[dummy] = r
                chain.append(dummy)
        chain.append(_key(effect))
        chains.append(chain)
    up = grid["up"] = {item: [] for row in rows for item in row}
    down = grid["down"] = {item: [] for row in rows for item in row}
    segments = grid["segments"] = [[] for _row in rows]
    for chain in chains:
        for a, b in zip(chain, chain[1:], strict=False):
            if row_of[a] == row_of[b]:
                continue
            upper, lower = (a, b) if row_of[a] < row_of[b] else (b, a)
            segments[row_of[upper]].append((upper, lower))
            down[upper].append(lower)
            up[lower].append(upper)
    return chains


def _order(grid):
    """Barycentre sweeps, then transpositions; the best ordering seen.

    :return: ``(order, crossings)``
    """
    segments = grid["segments"]
    order = [list(row) for row in grid["rows"]]
    best = [list(row) for row in order]
    best_crossings = count_crossings(best, segments)
    for sweep in range(SWEEPS):
        if not best_crossings:
            break
        going_down = sweep % 2 == 0
        linked_of = grid["up"] if going_down else grid["down"]
        indexes = range(len(order)) if going_down else range(len(order) - 1, -1, -1)
        for r in indexes:
            position = _indexes_of(order)
            bary = {}
            for item in order[r]:
                linked = linked_of[item]
                bary[item] = (
                    sum(position[other] for other in linked) / len(linked)
                    if linked
                    else position[item]
                )
            order[r] = sorted(order[r], key=lambda i, b=bary, p=position: (b[i], p[i]))
        order = _transpose(order, segments)
        crossings = count_crossings(order, segments)
        if crossings < best_crossings:
            best_crossings = crossings
            best = [list(row) for row in order]
    return best, best_crossings


def _coordinates(grid, order):
    """x pulled towards linked items, rows and bands stacked.

    A row of more than MAX_PER_ROW objectives is staggered over lines (1st,
    3rd, 5th... on the first line, 2nd, 4th... on the next), which keeps
    their left-to-right order and the map about as wide as tall.

    :return: ``(x, y, bands)``: ``x`` centred on 0, to be shifted
    """
    lines = [
        max(1, -(-sum(1 for i in row if not _is_dummy(i)) // MAX_PER_ROW))
        for row in order
    ]
    line_of = {}
    for r, row in enumerate(order):
        real = 0
        for item in row:
            if _is_dummy(item):
                line_of[item] = -1
            else:
                line_of[item] = real % lines[r]
                real += 1

    def sequences(row, r):
        """What must keep its gaps: the whole row, or each of its lines."""
        if lines[r] == 1:
            return [row]
        return [
            [item for item in row if line_of[item] == line]
            for line in range(-1, lines[r])
        ]

    x = {}
    for r, row in enumerate(order):
        cursor = 0.0
        for i, item in enumerate(row):
            if i:
                cursor += _gap(row[i - 1], item) / lines[r]
            x[item] = cursor
        for item in row:
            x[item] -= cursor / 2
        for sequence in sequences(row, r):
            x.update(
                zip(
                    sequence,
                    _keep_gaps(sequence, [x[i] for i in sequence]),
                    strict=True,
                )
            )
    linked_of = {item: grid["up"][item] + grid["down"][item] for item in x}
    for _iteration in range(PULL_ITERATIONS):
        for r, row in enumerate(order):
            for sequence in sequences(row, r):
                wanted = [
                    sum(x[other] for other in linked_of[item]) / len(linked_of[item])
                    if linked_of[item]
                    else x[item]
                    for item in sequence
                ]
                x.update(zip(sequence, _keep_gaps(sequence, wanted), strict=True))
    y, bands = _stack(grid, order, lines, line_of)
    return x, y, bands


def _stack(grid, order, lines, line_of):
    """The rows' and bands' heights, top down: ``(y, bands)``."""
    y = {}
    bands = []
    cursor = MARGIN
    for band_id, first, count in grid["band_rows"]:
        top = cursor
        cursor += BAND_PADDING
        for r in range(first, first + count):
            block = lines[r] * NODE_HEIGHT + (lines[r] - 1) * LINE_GAP
            for item in order[r]:
                line = line_of[item]
                y[item] = (
                    cursor + block / 2
                    if line < 0
                    else cursor + line * (NODE_HEIGHT + LINE_GAP) + NODE_HEIGHT / 2
                )
            cursor += block + (ROW_GAP if r + 1 < first + count else 0)
        cursor += BAND_PADDING
        bands.append({"id": band_id, "y": top, "height": cursor - top})
    return y, bands


def clamp_to_band(y, band):
    """A node centre's ``y`` kept inside its band (its top when empty)."""
    low = band["y"] + NODE_HEIGHT / 2 + 4
    high = band["y"] + band["height"] - NODE_HEIGHT / 2 - 4
    return min(high, max(low, y or low))


def link_geometry(start_node, end_node, points=()):
    """A link's SVG path, arrow head and middle (where its handle goes).

    Vertical S-curves from the cause's edge through the virtual nodes to the
    effect's edge; side by side (a dragged node: the boxes overlap
    vertically), a straight line between the facing sides. The head is a
    polygon, not an SVG marker: a report's ``<base href>`` makes WebKit look
    for ``url(#marker)`` elsewhere.

    :return: dict ``path, head, middle``
    """
    going_up = end_node["y"] < start_node["y"]
    sign = -1 if going_up else 1
    start = (start_node["x"], start_node["y"] + sign * NODE_HEIGHT / 2)
    tip = (end_node["x"], end_node["y"] - sign * NODE_HEIGHT / 2)
    if abs(start_node["y"] - end_node["y"]) < NODE_HEIGHT:
        right = 1 if end_node["x"] > start_node["x"] else -1
        a = (start_node["x"] + right * NODE_WIDTH / 2, start_node["y"])
        tip = (end_node["x"] - right * NODE_WIDTH / 2, end_node["y"])
        b = _back(a, tip)
        return {
            "path": f"M {_fmt(a[0])} {_fmt(a[1])} L {_fmt(b[0])} {_fmt(b[1])}",
            "head": _arrow_head(a, tip),
            "middle": _middle(a, b),
        }
    end = (tip[0], tip[1] - sign * ARROW_LENGTH)
    chain = [start, *((p["x"], p["y"]) for p in points), end]
    path = f"M {_fmt(start[0])} {_fmt(start[1])}"
    for a, b in zip(chain, chain[1:], strict=False):
        middle = (a[1] + b[1]) / 2
        path += (
            f" C {_fmt(a[0])} {_fmt(middle)} {_fmt(b[0])} {_fmt(middle)}"
            f" {_fmt(b[0])} {_fmt(b[1])}"
        )
    half = (len(chain) - 1) / 2
    a, b = chain[math.floor(half)], chain[math.ceil(half)]
    return {
        "path": path,
        "head": _arrow_head((tip[0], tip[1] - sign * 2 * ARROW_LENGTH), tip),
        "middle": _middle(a, b),
    }


def count_crossings(order, segments):
    """Crossings of an ordering: two segments between the same two rows
    cross when their ends are in opposite orders."""
    position = _indexes_of(order)
    crossings = 0
    for between in segments:
        for i, (a1, a2) in enumerate(between):
            for b1, b2 in between[i + 1 :]:
                upper = position[a1] - position[b1]
                lower = position[a2] - position[b2]
                if upper * lower < 0:
                    crossings += 1
    return crossings


def _round(value):
    return round(value * 10) / 10


def _fmt(value):
    return f"{value:.1f}"


def _middle(a, b):
    return {"x": _round((a[0] + b[0]) / 2), "y": _round((a[1] + b[1]) / 2)}


def _back(a, tip):
    """The point ARROW_LENGTH before ``tip`` on the way from ``a``."""
    dx, dy = tip[0] - a[0], tip[1] - a[1]
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    return tip[0] - dx / norm * ARROW_LENGTH, tip[1] - dy / norm * ARROW_LENGTH


def _arrow_head(control, tip):
    """The triangle at the end of an arrow, pointing from ``control`` to ``tip``."""
    dx, dy = tip[0] - control[0], tip[1] - control[1]
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / norm, dy / norm
    bx, by = tip[0] - ux * ARROW_LENGTH, tip[1] - uy * ARROW_LENGTH
    corners = (
        tip,
        (bx - uy * ARROW_HALF_WIDTH, by + ux * ARROW_HALF_WIDTH),
        (bx + uy * ARROW_HALF_WIDTH, by - ux * ARROW_HALF_WIDTH),
    )
    return " ".join(f"{_fmt(cx)},{_fmt(cy)}" for cx, cy in corners)


def _key(objective_id):
    return f"o{objective_id}"


def _is_dummy(item):
    return item.startswith("d")


def _width(item):
    return DUMMY_WIDTH if _is_dummy(item) else NODE_WIDTH


def _gap(a, b):
    """The distance between the centres of two neighbours of a row."""
    spacing = DUMMY_GAP if _is_dummy(a) or _is_dummy(b) else NODE_GAP
    return (_width(a) + _width(b)) / 2 + spacing


def _same_band_ranks(members):
    """Rank of each objective in its band: 0 on top; a cause is one row below
    the lowest of its same-band effects. The server refuses cycles; one met
    anyway only stops the ranking."""
    by_id = {m["id"]: m for m in members}
    ranks = {}
    visiting = set()

    def rank(objective_id):
        if objective_id in ranks:
            return ranks[objective_id]
        if objective_id in visiting:
            return 0
        visiting.add(objective_id)
        effects = [
            e
            for e in by_id[objective_id].get("effect_ids") or ()
            if e in by_id and e != objective_id
        ]
        value = 1 + max(rank(e) for e in effects) if effects else 0
        visiting.discard(objective_id)
        ranks[objective_id] = value
        return value

    for member in members:
        rank(member["id"])
    return ranks


def _indexes_of(order):
    return {item: i for row in order for i, item in enumerate(row)}


def _transpose(order, segments):
    """Swap neighbours in a row while that removes crossings, a few passes."""
    crossings = count_crossings(order, segments)
    improved = crossings > 0
    for _pass in range(TRANSPOSE_PASSES):
        if not improved:
            break
        improved = False
        for row in order:
            for i in range(len(row) - 1):
                row[i], row[i + 1] = row[i + 1], row[i]
                swapped = count_crossings(order, segments)
                if swapped < crossings:
                    crossings, improved = swapped, True
                else:
                    row[i], row[i + 1] = row[i + 1], row[i]
    return order


def _keep_gaps(row, wanted):
    """Positions as close as possible to ``wanted`` that keep the row's order
    and gaps: the mean of a left-to-right and a right-to-left placement,
    made valid again."""
    forward = list(wanted)
    for i in range(1, len(row)):
        forward[i] = max(forward[i], forward[i - 1] + _gap(row[i - 1], row[i]))
    backward = list(wanted)
    for i in range(len(row) - 2, -1, -1):
        backward[i] = min(backward[i], backward[i + 1] - _gap(row[i], row[i + 1]))
    placed = [(f + b) / 2 for f, b in zip(forward, backward, strict=True)]
    for i in range(1, len(row)):
        placed[i] = max(placed[i], placed[i - 1] + _gap(row[i - 1], row[i]))
    return placed
