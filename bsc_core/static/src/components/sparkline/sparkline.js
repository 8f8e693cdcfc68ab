/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component } from "@odoo/owl";
import { statusClass } from "../dashboard/bsc_format";

/**
 * A small line of a KPI's last values, the latest dot in its status colour.
 * Periods without a value leave a gap.
 */
export class BscSparkline extends Component {
    static template = "bsc_core.Sparkline";
    static props = {
        points: Array, // [{value: number|null, status}]
        width: { type: Number, optional: true },
        height: { type: Number, optional: true },
        title: { type: String, optional: true },
    };
    static defaultProps = { width: 96, height: 24 };

    get geometry() {
        const { points, width, height } = this.props;
        const values = points.map((p) => p.value).filter((v) => v !== null && v !== undefined);
        if (!values.length) {
            return { segments: [], last: null };
        }
        const min = Math.min(...values);
        const max = Math.max(...values);
        const pad = 3;
        const stepX = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
        const scaleY = (v) =>
            max === min ? height / 2 : height - pad - ((v - min) / (max - min)) * (height - 2 * pad);
        const segments = [];
        let current = [];
        let last = null;
        points.forEach((p, i) => {
            if (p.value === null || p.value === undefined) {
                if (current.length) {
                    segments.push(current);
                }
                current = [];
                return;
            }
            const xy = { x: pad + i * stepX, y: scaleY(p.value) };
            current.push(xy);
            last = { ...xy, className: statusClass(p.status) };
        });
        if (current.length) {
            segments.push(current);
        }
        return {
            segments: segments.map((s) => s.map((xy) => `${xy.x.toFixed(1)},${xy.y.toFixed(1)}`).join(" ")),
            last,
        };
    }
}
