/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * Layered layout of a strategy map, in plain functions over plain data.
 *
 * Perspectives are horizontal bands, the first on top. Inside a band an
 * objective that drives another objective of the same band sits one row
 * below it, so that arrows point up. A link over several rows goes through
 * a small virtual node in each row it crosses, so that it never runs over an
 * objective. Each row is ordered by the barycenter heuristic (the mean
 * position of the linked items of the row above, then of the row below, in
 * alternating sweeps), then neighbours are swapped while that removes
 * crossings; the ordering with the fewest crossings is kept. Last, every
 * item is pulled towards its linked items, keeping the order and a minimum
 * gap, so that arrows stay short and long ones straight. A row of many
 * objectives is staggered over several lines to stay readable.
 */

export const NODE_WIDTH = 184;
export const NODE_HEIGHT = 64;
export const LABEL_WIDTH = 170;
const DUMMY_WIDTH = 16;
const NODE_GAP = 40;
const DUMMY_GAP = 14;
const ROW_GAP = 48;
const LINE_GAP = 22;
const MAX_PER_ROW = 8;
const BAND_PADDING = 26;
const MARGIN = 24;
const SWEEPS = 12;
const PULL_ITERATIONS = 8;

/**
 * @param {Array<{id: number}>} perspectives in display order (first on top)
 * @param {Array<{id: number, perspective_id: number, effect_ids: number[],
 *   map_x?: number, map_y?: number}>} objectives in display order
 * @returns {{nodes: Object<number, {x: number, y: number, band: number,
 *   pinned: boolean}>, bands: Array<{id: number, y: number, height: number}>,
 *   links: Array<{from: number, to: number, points: Array<{x, y}>}>,
 *   width: number, height: number, crossings: number}}
 *   ``x``/``y`` are node centres; ``points`` are the virtual nodes a link
 *   goes through, from its cause to its effect. ``map_x`` > 0 places a node
 *   where a manager dragged it (``map_y`` kept inside the node's band).
 */
export function computeLayout(perspectives, objectives) {
    const known = new Set(objectives.map((o) => o.id));
    const links = [];
    for (const objective of objectives) {
        for (const effectId of objective.effect_ids || []) {
            if (known.has(effectId) && effectId !== objective.id) {
                links.push({ from: objective.id, to: effectId });
            }
        }
    }

    // 1. Rows: per band, effects of the same band one row above their causes
    const rows = []; // item keys, top to bottom
    const rowBand = [];
    const rowOf = new Map();
    const bandRows = [];
    const shown = new Set(perspectives.map((p) => p.id));
    const groups = perspectives.map((p) => ({
        id: p.id,
        members: objectives.filter((o) => o.perspective_id === p.id),
    }));
    const orphans = objectives.filter((o) => !shown.has(o.perspective_id));
    if (orphans.length) {
        groups.push({ id: 0, members: orphans });
    }
    for (const { id, members } of groups) {
        const ranks = sameBandRanks(members);
        const count = Math.max(1, ...[...ranks.values()].map((r) => r + 1));
        const first = rows.length;
        for (let r = 0; r < count; r++) {
            rows.push([]);
            rowBand.push(id);
        }
        for (const member of members) {
            const row = first + ranks.get(member.id);
            rows[row].push(key(member.id));
            rowOf.set(key(member.id), row);
        }
        bandRows.push({ id, first, count });
    }

    // 2. Virtual nodes: a chain of items per link, one per row crossed
    const chains = links.map((link, index) => {
        const start = rowOf.get(key(link.from));
        const end = rowOf.get(key(link.to));
        const step = start < end ? 1 : -1;
        const chain = [key(link.from)];
        for (let r = start + step; start !== end && r !== end; r += step) {
            const dummy = `d${index}_${r}`;
            rows[r].push(dummy);
            rowOf.set(dummy, r);
            chain.push(dummy);
        }
        chain.push(key(link.to));
        return chain;
    });
    const up = new Map(); // item -> linked items of the row above
    const down = new Map();
    for (const row of rows) {
        for (const item of row) {
            up.set(item, []);
            down.set(item, []);
        }
    }
    const segments = rows.map(() => []); // segments[r]: [upper, lower] between r and r+1
    for (const chain of chains) {
        for (let i = 0; i + 1 < chain.length; i++) {
            const [a, b] = [chain[i], chain[i + 1]];
            if (rowOf.get(a) === rowOf.get(b)) {
                continue;
            }
            const [upper, lower] = rowOf.get(a) < rowOf.get(b) ? [a, b] : [b, a];
            segments[rowOf.get(upper)].push([upper, lower]);
            down.get(upper).push(lower);
            up.get(lower).push(upper);
        }
    }

    // 3. Order: barycenter sweeps, then transpositions; keep the best
    let order = rows.map((row) => [...row]);
    let best = order.map((row) => [...row]);
    let bestCrossings = countCrossings(best, segments);
    for (let sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
        const goingDown = sweep % 2 === 0;
        const indexes = [...order.keys()];
        if (!goingDown) {
            indexes.reverse();
        }
        for (const r of indexes) {
            const position = indexesOf(order);
            const bary = new Map();
            for (const item of order[r]) {
                const linked = (goingDown ? up : down).get(item);
                bary.set(
                    item,
                    linked.length
                        ? linked.reduce((sum, other) => sum + position.get(other), 0) /
                              linked.length
                        : position.get(item)
                );
            }
            order[r] = [...order[r]].sort(
                (a, b) => bary.get(a) - bary.get(b) || position.get(a) - position.get(b)
            );
        }
        order = transpose(order, segments);
        const crossings = countCrossings(order, segments);
        if (crossings < bestCrossings) {
            bestCrossings = crossings;
            best = order.map((row) => [...row]);
        }
    }
    order = best;

    // 4. Coordinates: x pulled towards linked items, rows and bands stacked.
    // A row of more than MAX_PER_ROW objectives is staggered over lines
    // (1st, 3rd, 5th... on the first line, 2nd, 4th... on the next), which
    // keeps their left-to-right order and the map about as wide as tall.
    const isDummy = (item) => item.startsWith("d");
    const width = (item) => (isDummy(item) ? DUMMY_WIDTH : NODE_WIDTH);
    const gap = (a, b) =>
        (width(a) + width(b)) / 2 + (isDummy(a) || isDummy(b) ? DUMMY_GAP : NODE_GAP);
    const lines = order.map((row) =>
        Math.max(1, Math.ceil(row.filter((item) => !isDummy(item)).length / MAX_PER_ROW))
    );
    const lineOf = new Map();
    order.forEach((row, r) => {
        let real = 0;
        for (const item of row) {
            lineOf.set(item, isDummy(item) ? -1 : real++ % lines[r]);
        }
    });
    // the sequences that must keep their gaps: the whole row, or each line
    const sequences = (row, r) =>
        lines[r] === 1
            ? [row]
            : [-1, ...Array(lines[r]).keys()].map((line) =>
                  row.filter((item) => lineOf.get(item) === line)
              );
    const x = new Map();
    order.forEach((row, r) => {
        let cursor = 0;
        row.forEach((item, i) => {
            if (i) {
                cursor += lines[r] === 1 ? gap(row[i - 1], item) : gap(row[i - 1], item) / lines[r];
            }
            x.set(item, cursor);
        });
        row.forEach((item) => x.set(item, x.get(item) - cursor / 2));
        for (const sequence of sequences(row, r)) {
            const placed = keepGaps(sequence, sequence.map((item) => x.get(item)), gap);
            sequence.forEach((item, i) => x.set(item, placed[i]));
        }
    });
    for (let iteration = 0; iteration < PULL_ITERATIONS; iteration++) {
        order.forEach((row, r) => {
            for (const sequence of sequences(row, r)) {
                const wanted = sequence.map((item) => {
                    const linked = [...up.get(item), ...down.get(item)];
                    if (!linked.length) {
                        return x.get(item);
                    }
                    return linked.reduce((sum, other) => sum + x.get(other), 0) / linked.length;
                });
                const placed = keepGaps(sequence, wanted, gap);
                sequence.forEach((item, i) => x.set(item, placed[i]));
            }
        });
    }
    let minX = Infinity;
    let maxX = -Infinity;
    for (const [item, value] of x.entries()) {
        minX = Math.min(minX, value - width(item) / 2);
        maxX = Math.max(maxX, value + width(item) / 2);
    }
    if (!Number.isFinite(minX)) {
        minX = maxX = 0;
    }
    const shift = LABEL_WIDTH + MARGIN - minX;
    const y = new Map();
    const bands = [];
    let cursor = MARGIN;
    for (const { id, first, count } of bandRows) {
        const top = cursor;
        cursor += BAND_PADDING;
        for (let r = first; r < first + count; r++) {
            const block = lines[r] * NODE_HEIGHT + (lines[r] - 1) * LINE_GAP;
            for (const item of order[r]) {
                const line = lineOf.get(item);
                y.set(
                    item,
                    line < 0
                        ? cursor + block / 2
                        : cursor + line * (NODE_HEIGHT + LINE_GAP) + NODE_HEIGHT / 2
                );
            }
            cursor += block + (r + 1 < first + count ? ROW_GAP : 0);
        }
        cursor += BAND_PADDING;
        bands.push({ id, y: top, height: cursor - top });
    }
    const point = (item) => ({ x: x.get(item) + shift, y: y.get(item) });
    const nodes = {};
    for (const objective of objectives) {
        const item = key(objective.id);
        const band = bands.find((b) => b.id === rowBand[rowOf.get(item)]);
        const pinned = objective.map_x > 0;
        nodes[objective.id] = {
            ...(pinned
                ? {
                      x: Math.max(LABEL_WIDTH + NODE_WIDTH / 2, objective.map_x),
                      y: clampToBand(objective.map_y, band),
                  }
                : point(item)),
            band: band.id,
            pinned,
        };
    }
    const drawn = links.map((link, index) => ({
        ...link,
        points:
            nodes[link.from].pinned || nodes[link.to].pinned
                ? []
                : chains[index].slice(1, -1).map(point),
    }));
    let mapWidth = maxX - minX + LABEL_WIDTH + 2 * MARGIN;
    for (const node of Object.values(nodes)) {
        mapWidth = Math.max(mapWidth, node.x + NODE_WIDTH / 2 + MARGIN);
    }
    return {
        nodes,
        bands,
        links: drawn,
        width: Math.max(mapWidth, LABEL_WIDTH + NODE_WIDTH + 2 * MARGIN),
        height: cursor + MARGIN,
        crossings: bestCrossings,
    };
}

/** A node centre's y kept inside its band. */
export function clampToBand(y, band) {
    if (!band) {
        return y;
    }
    const low = band.y + NODE_HEIGHT / 2 + 4;
    const high = band.y + band.height - NODE_HEIGHT / 2 - 4;
    return Math.min(high, Math.max(low, y || low));
}

/**
 * The SVG path of a link: vertical S-curves from the cause's edge through
 * the virtual nodes to the effect's edge, ending where the arrow head goes.
 */
export function linkPath(from, to, points = []) {
    return linkGeometry(from, to, points).path;
}

/**
 * A link's path and the point halfway along it, where its handle goes.
 * @returns {{path: string, middle: {x: number, y: number}}}
 */
export function linkGeometry(from, to, points = []) {
    const goingUp = to.y < from.y;
    const start = { x: from.x, y: from.y + (goingUp ? -1 : 1) * (NODE_HEIGHT / 2) };
    const end = { x: to.x, y: to.y + (goingUp ? 1 : -1) * (NODE_HEIGHT / 2 + 2) };
    if (Math.abs(start.y - end.y) < 8) {
        // side by side (a dragged node): a straight line between the sides
        const right = to.x > from.x ? 1 : -1;
        const a = { x: from.x + (right * NODE_WIDTH) / 2, y: from.y };
        const b = { x: to.x - right * (NODE_WIDTH / 2 + 2), y: to.y };
        return {
            path: `M ${round(a.x)} ${round(a.y)} L ${round(b.x)} ${round(b.y)}`,
            middle: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
        };
    }
    const all = [start, ...points, end];
    let path = `M ${round(start.x)} ${round(start.y)}`;
    for (let i = 1; i < all.length; i++) {
        const a = all[i - 1];
        const b = all[i];
        const middle = (a.y + b.y) / 2;
        path += ` C ${round(a.x)} ${round(middle)} ${round(b.x)} ${round(middle)} ${round(b.x)} ${round(b.y)}`;
    }
    // halfway: the middle virtual node, or the middle of the middle curve
    const half = (all.length - 1) / 2;
    const a = all[Math.floor(half)];
    const b = all[Math.ceil(half)];
    return { path, middle: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
}

function round(value) {
    return Math.round(value * 10) / 10;
}

function key(objectiveId) {
    return `o${objectiveId}`;
}

/**
 * Rank of each objective in its band: 0 on top; a cause is one row below
 * the lowest of its same-band effects. The server refuses cycles; one met
 * anyway only stops the ranking.
 */
function sameBandRanks(members) {
    const ids = new Set(members.map((m) => m.id));
    const byId = new Map(members.map((m) => [m.id, m]));
    const ranks = new Map();
    const visiting = new Set();
    const rank = (id) => {
        if (ranks.has(id)) {
            return ranks.get(id);
        }
        if (visiting.has(id)) {
            return 0;
        }
        visiting.add(id);
        const effects = (byId.get(id).effect_ids || []).filter((e) => ids.has(e) && e !== id);
        const value = effects.length ? 1 + Math.max(...effects.map(rank)) : 0;
        visiting.delete(id);
        ranks.set(id, value);
        return value;
    };
    members.forEach((m) => rank(m.id));
    return ranks;
}

function indexesOf(order) {
    const position = new Map();
    for (const row of order) {
        row.forEach((item, i) => position.set(item, i));
    }
    return position;
}

/**
 * Crossings of an ordering: two segments between the same two rows cross
 * when their ends are in opposite orders.
 */
export function countCrossings(order, segments) {
    const position = indexesOf(order);
    let crossings = 0;
    for (const between of segments) {
        for (let i = 0; i < between.length; i++) {
            const [a1, a2] = between[i];
            for (let j = i + 1; j < between.length; j++) {
                const [b1, b2] = between[j];
                const upper = position.get(a1) - position.get(b1);
                const lower = position.get(a2) - position.get(b2);
                if (upper * lower < 0) {
                    crossings++;
                }
            }
        }
    }
    return crossings;
}

/** Swap neighbours in a row while that removes crossings, a few passes at most. */
function transpose(order, segments) {
    let crossings = countCrossings(order, segments);
    let improved = crossings > 0;
    for (let pass = 0; pass < 4 && improved; pass++) {
        improved = false;
        for (const row of order) {
            for (let i = 0; i + 1 < row.length; i++) {
                [row[i], row[i + 1]] = [row[i + 1], row[i]];
                const swapped = countCrossings(order, segments);
                if (swapped < crossings) {
                    crossings = swapped;
                    improved = true;
                } else {
                    [row[i], row[i + 1]] = [row[i + 1], row[i]];
                }
            }
        }
    }
    return order;
}

/**
 * Positions as close as possible to ``wanted`` that keep the row's order and
 * gaps: the mean of a left-to-right and a right-to-left placement, made
 * valid again.
 */
function keepGaps(row, wanted, gap) {
    const forward = [...wanted];
    for (let i = 1; i < row.length; i++) {
        forward[i] = Math.max(forward[i], forward[i - 1] + gap(row[i - 1], row[i]));
    }
    const backward = [...wanted];
    for (let i = row.length - 2; i >= 0; i--) {
        backward[i] = Math.min(backward[i], backward[i + 1] - gap(row[i], row[i + 1]));
    }
    const placed = forward.map((value, i) => (value + backward[i]) / 2);
    for (let i = 1; i < row.length; i++) {
        placed[i] = Math.max(placed[i], placed[i - 1] + gap(row[i - 1], row[i]));
    }
    return placed;
}
