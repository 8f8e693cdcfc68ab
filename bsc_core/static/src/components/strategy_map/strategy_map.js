/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component, onMounted, useEffect, useExternalListener, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { RPCError } from "@web/core/network/rpc";
import { useService } from "@web/core/utils/hooks";
import { bandClass, statusClass, statusHelpers } from "../dashboard/bsc_format";

const MIN_SCALE = 0.15;
const MAX_SCALE = 2.5;
// Below this, the first view keeps the objectives readable and lets the user pan
const READABLE_SCALE = 0.6;
const DRAG_THRESHOLD = 4;
const NAME_LINE_LENGTH = 24;

let nextMapId = 1;

/** A node centre's y kept inside its band while it is dragged. */
function clampToBand(y, band, nodeHeight) {
    const low = band.y + nodeHeight / 2 + 4;
    const high = band.y + band.height - nodeHeight / 2 - 4;
    return Math.min(high, Math.max(low, y || low));
}

/**
 * The strategy map: perspectives as bands, objectives as nodes coloured by
 * status with their score, cause-and-effect links as arrows pointing up.
 *
 * It draws the layout the server computed (``layout``: the dashboard
 * payload's ``strategy_map``, see bsc_core/engine/map_layout.py), the same
 * one the briefing book prints. While a node is dragged its links are drawn
 * straight; once dropped, its position is saved and the layout read again.
 *
 * Zoom with the mouse wheel, pan by dragging the background, fit to the
 * screen with a button. A manager drags objectives to place them (saved on
 * the objective), and in edit mode adds a link by dragging from the cause
 * to its effect, or removes one by clicking it; the server checks that the
 * links form no cycle and its message is shown as a notification.
 */
export class BscStrategyMap extends Component {
    static template = "bsc_core.StrategyMap";
    static props = {
        perspectives: Array, // matrix perspective rows, objectives inside
        layout: Object, // the server's layout: nodes, bands, edges, width, height
        isManager: Boolean,
        selectedId: { type: [Number, Boolean], optional: true },
        onSelect: Function, // (objectiveId)
        onChanged: Function, // async, after a link was added or removed
        evidence: { type: Object, optional: true }, // {"from_to": {status, tooltip}}
    };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.dialog = useService("dialog");
        this.rootRef = useRef("root");
        this.svgRef = useRef("svg");
        this.mapId = `o_bsc_map_${nextMapId++}`;
        this.state = useState({
            scale: 1,
            tx: 0,
            ty: 0,
            editMode: false,
            moved: {}, // {objectiveId: {x, y}}: dragged, saved or being saved
            draft: null, // {from, x, y, target}: a link being drawn
            busy: false,
        });
        this.gesture = null;

        useExternalListener(window, "pointermove", this.onPointerMove);
        useExternalListener(window, "pointerup", this.onPointerUp);
        useEffect(
            (svg) => {
                const onWheel = (ev) => this.onWheel(ev);
                svg.addEventListener("wheel", onWheel, { passive: false });
                return () => svg.removeEventListener("wheel", onWheel);
            },
            () => [this.svgRef.el]
        );
        onMounted(() => this.fit(READABLE_SCALE));
        // the objective panel opening narrows the map: keep the opened
        // objective in view rather than under where the panel now is
        useEffect(
            (selectedId) => this.reveal(selectedId),
            () => [this.props.selectedId]
        );
    }

    // ------------------------------------------------------------------
    // Data
    // ------------------------------------------------------------------

    get objectives() {
        return this.props.perspectives.flatMap((p) => p.objectives);
    }

    get layout() {
        return this.props.layout;
    }

    get size() {
        return { width: this.layout.node_width, height: this.layout.node_height };
    }

    /** Node positions: the layout's, or where a manager dropped the node. */
    get positions() {
        const positions = { ...this.layout.nodes };
        for (const [id, xy] of Object.entries(this.state.moved)) {
            if (positions[id]) {
                positions[id] = { ...positions[id], ...xy, pinned: true };
            }
        }
        return positions;
    }

    get nodes() {
        const positions = this.positions;
        return this.objectives.map((objective) => ({
            objective,
            ...positions[objective.id],
            lines: this.nameLines(objective.name),
            className: `${statusClass(objective.status)}${
                objective.stale_share >= 0.5 ? " o_bsc_stale" : ""
            }${
                objective.id === this.props.selectedId ? " o_bsc_selected" : ""
            }${this.state.draft?.target === objective.id ? " o_bsc_link_target" : ""}`,
        }));
    }

    /**
     * The server's links; one of a node being dragged is a straight line
     * between the two centres until the layout is read again.
     */
    get links() {
        const positions = this.positions;
        const moved = this.state.moved;
        return this.layout.edges.map((link) => {
            const result = { ...link, key: `${link.from}_${link.to}` };
            if (moved[link.from] || moved[link.to]) {
                const from = positions[link.from];
                const to = positions[link.to];
                Object.assign(result, {
                    path: `M ${from.x} ${from.y} L ${to.x} ${to.y}`,
                    head: false,
                    middle: { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 },
                    preview: true,
                });
            }
            return result;
        });
    }

    get bands() {
        return this.layout.bands.map((band) => {
            const perspective = this.props.perspectives.find((p) => p.id === band.id) || {
                name: _t("Other"),
                color: 0,
                status: "none",
                score: null,
            };
            return { ...band, perspective, className: bandClass(perspective.color) };
        });
    }

    get transform() {
        const { tx, ty, scale } = this.state;
        return `translate(${tx} ${ty}) scale(${scale})`;
    }

    get objectiveCodes() {
        return Object.fromEntries(this.objectives.map((o) => [o.id, o.code]));
    }

    get objectiveNames() {
        return Object.fromEntries(this.objectives.map((o) => [o.id, o.name]));
    }

    nameLines(name) {
        const words = (name || "").split(/\s+/);
        const lines = [""];
        for (const word of words) {
            const line = lines[lines.length - 1];
            if (!line || (line + " " + word).length <= NAME_LINE_LENGTH) {
                lines[lines.length - 1] = line ? `${line} ${word}` : word;
            } else if (lines.length < 2) {
                lines.push(word);
            } else {
                lines[1] = `${lines[1]} ${word}`;
            }
        }
        return lines.map((line) =>
            line.length > NAME_LINE_LENGTH + 2 ? `${line.slice(0, NAME_LINE_LENGTH)}…` : line
        );
    }

    // ------------------------------------------------------------------
    // Zoom and pan
    // ------------------------------------------------------------------

    /**
     * Show the whole map; with ``minScale``, never smaller than that (the
     * map then starts at its top left corner and can be panned).
     */
    fit(minScale = 0) {
        const el = this.svgRef.el;
        if (!el) {
            return;
        }
        const { width, height } = this.layout;
        const available = {
            width: el.clientWidth || 800,
            height: (el.clientHeight || 600) - 8,
        };
        let scale = Math.min(available.width / width, available.height / height, 1.2);
        scale = Math.max(MIN_SCALE, Math.max(scale, Math.min(minScale, 1)));
        this.state.scale = scale;
        // centred across, from the top down
        this.state.tx = Math.max(0, (available.width - width * scale) / 2);
        this.state.ty = 0;
    }

    /** Pan, if needed, so that the objective's node is in view, centred. */
    reveal(objectiveId) {
        const node = objectiveId && this.positions[objectiveId];
        const el = this.svgRef.el;
        if (!node || !el) {
            return;
        }
        const { scale, tx, ty } = this.state;
        const halfWidth = (this.layout.node_width / 2) * scale;
        const halfHeight = (this.layout.node_height / 2) * scale;
        const x = tx + node.x * scale;
        const y = ty + node.y * scale;
        if (x - halfWidth < 0 || x + halfWidth > el.clientWidth) {
            this.state.tx = el.clientWidth / 2 - node.x * scale;
        }
        if (y - halfHeight < 0 || y + halfHeight > el.clientHeight) {
            this.state.ty = el.clientHeight / 2 - node.y * scale;
        }
    }

    zoom(factor, clientX, clientY) {
        const rect = this.svgRef.el.getBoundingClientRect();
        const px = clientX === undefined ? rect.width / 2 : clientX - rect.left;
        const py = clientY === undefined ? rect.height / 2 : clientY - rect.top;
        const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.state.scale * factor));
        const ratio = scale / this.state.scale;
        this.state.tx = px - (px - this.state.tx) * ratio;
        this.state.ty = py - (py - this.state.ty) * ratio;
        this.state.scale = scale;
    }

    onWheel(ev) {
        ev.preventDefault();
        this.zoom(Math.exp(-ev.deltaY * 0.0015), ev.clientX, ev.clientY);
    }

    /** Client coordinates to map coordinates. */
    toMap(clientX, clientY) {
        const rect = this.svgRef.el.getBoundingClientRect();
        return {
            x: (clientX - rect.left - this.state.tx) / this.state.scale,
            y: (clientY - rect.top - this.state.ty) / this.state.scale,
        };
    }

    nodeAt(ev) {
        let el = ev.target?.closest?.(".o_bsc_map_node");
        if (!el && document.elementFromPoint) {
            el = document.elementFromPoint(ev.clientX, ev.clientY)?.closest(".o_bsc_map_node");
        }
        return el && this.rootRef.el?.contains(el) ? parseInt(el.dataset.objectiveId) : null;
    }

    // ------------------------------------------------------------------
    // Gestures: pan, move a node, draw a link, select
    // ------------------------------------------------------------------

    onBackgroundPointerDown(ev) {
        if (ev.button !== 0 || this.nodeAt(ev)) {
            return;
        }
        this.gesture = {
            type: "pan",
            startX: ev.clientX,
            startY: ev.clientY,
            tx: this.state.tx,
            ty: this.state.ty,
            moved: false,
        };
    }

    onNodePointerDown(ev, objectiveId) {
        if (ev.button !== 0) {
            return;
        }
        ev.stopPropagation();
        ev.preventDefault();
        const position = this.positions[objectiveId];
        let type = "select";
        if (this.props.isManager) {
            type = this.state.editMode ? "link" : "move";
        }
        this.gesture = {
            type,
            id: objectiveId,
            startX: ev.clientX,
            startY: ev.clientY,
            origin: { x: position.x, y: position.y },
            moved: false,
        };
    }

    onPointerMove(ev) {
        const gesture = this.gesture;
        if (!gesture) {
            return;
        }
        const dx = ev.clientX - gesture.startX;
        const dy = ev.clientY - gesture.startY;
        if (!gesture.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) {
            return;
        }
        gesture.moved = true;
        if (gesture.type === "pan") {
            this.state.tx = gesture.tx + dx;
            this.state.ty = gesture.ty + dy;
        } else if (gesture.type === "move") {
            const band = this.layout.bands.find((b) => b.id === this.layout.nodes[gesture.id].band);
            const { label_width: labelWidth, node_width: nodeWidth } = this.layout;
            this.state.moved[gesture.id] = {
                x: Math.max(labelWidth + nodeWidth / 2, gesture.origin.x + dx / this.state.scale),
                y: clampToBand(
                    gesture.origin.y + dy / this.state.scale,
                    band,
                    this.layout.node_height
                ),
            };
        } else if (gesture.type === "link") {
            const target = this.nodeAt(ev);
            this.state.draft = {
                from: gesture.id,
                ...this.toMap(ev.clientX, ev.clientY),
                target: target !== gesture.id ? target : null,
            };
        }
    }

    async onPointerUp(ev) {
        const gesture = this.gesture;
        if (!gesture) {
            return;
        }
        this.gesture = null;
        if (gesture.type === "pan") {
            return;
        }
        if (!gesture.moved || gesture.type === "select") {
            this.state.draft = null;
            this.props.onSelect(gesture.id);
            return;
        }
        if (gesture.type === "move") {
            await this.savePosition(gesture.id);
        } else if (gesture.type === "link") {
            const target = this.nodeAt(ev) ?? this.state.draft?.target;
            this.state.draft = null;
            if (target && target !== gesture.id) {
                await this.addLink(gesture.id, target);
            }
        }
    }

    // ------------------------------------------------------------------
    // Changes (managers)
    // ------------------------------------------------------------------

    async savePosition(objectiveId) {
        const { x, y } = this.state.moved[objectiveId];
        await this.orm.write("bsc.objective", [objectiveId], {
            map_x: Math.round(x),
            map_y: Math.round(y),
        });
        await this.props.onChanged();
        delete this.state.moved[objectiveId];
    }

    async resetLayout() {
        const pinned = this.objectives
            .filter((o) => this.positions[o.id].pinned)
            .map((o) => o.id);
        if (pinned.length) {
            await this.orm.write("bsc.objective", pinned, { map_x: 0, map_y: 0 });
        }
        this.state.moved = {};
        await this.props.onChanged();
        this.fit(READABLE_SCALE);
    }

    toggleEditMode() {
        this.state.editMode = !this.state.editMode;
        this.state.draft = null;
    }

    /** "cause drives effect", refused by the server when it closes a cycle. */
    async addLink(causeId, effectId) {
        const cause = this.objectives.find((o) => o.id === causeId);
        const names = this.objectiveNames;
        if (cause.effect_ids.includes(effectId)) {
            this.notification.add(
                _t("%(cause)s already drives %(effect)s.", {
                    cause: names[causeId],
                    effect: names[effectId],
                }),
                { type: "info" }
            );
            return;
        }
        this.state.busy = true;
        try {
            // the boxes stay where they are: the server pins them there
            const positions = Object.fromEntries(
                Object.entries(this.positions).map(([id, p]) => [id, [p.x, p.y]])
            );
            await this.orm.call("bsc.dashboard", "bsc_map_add_link", [
                causeId,
                effectId,
                positions,
            ]);
        } catch (error) {
            if (error instanceof RPCError) {
                this.notification.add(error.data?.message || error.message, {
                    title: _t("This link cannot be added"),
                    type: "danger",
                    className: "o_bsc_map_link_refused",
                });
                return;
            }
            throw error;
        } finally {
            this.state.busy = false;
        }
        this.notification.add(
            _t("%(cause)s now drives %(effect)s.", {
                cause: names[causeId],
                effect: names[effectId],
            }),
            { type: "success" }
        );
        await this.props.onChanged();
    }

    onLinkClick(ev, link) {
        if (!this.state.editMode) {
            return;
        }
        ev.stopPropagation();
        const names = this.objectiveNames;
        this.dialog.add(ConfirmationDialog, {
            title: _t("Remove this link?"),
            body: _t("%(cause)s will no longer drive %(effect)s on the strategy map.", {
                cause: names[link.from],
                effect: names[link.to],
            }),
            confirmLabel: _t("Remove"),
            confirmClass: "btn-danger",
            confirm: () => this.removeLink(link),
            cancel: () => {},
        });
    }

    async removeLink(link) {
        await this.orm.write("bsc.objective", [link.from], { effect_ids: [[3, link.to]] });
        await this.props.onChanged();
    }

    get draftPath() {
        const draft = this.state.draft;
        if (!draft) {
            return "";
        }
        const from = this.positions[draft.from];
        return `M ${from.x} ${from.y - this.layout.node_height / 2} L ${draft.x} ${draft.y}`;
    }
}

Object.assign(BscStrategyMap.prototype, statusHelpers);
