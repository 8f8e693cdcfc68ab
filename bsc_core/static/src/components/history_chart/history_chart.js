/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component, onWillStart, onWillUnmount, useEffect, useRef } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { loadBundle } from "@web/core/assets";
import { getColor } from "@web/core/colors/colors";

/**
 * The status colours of the stylesheets (Bootstrap's danger, warning and
 * success, as everywhere in the suite), as values for Chart.js.
 */
function statusColors() {
    const style = getComputedStyle(document.body);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
        red: read("--bs-danger", "#d44c59"),
        yellow: read("--bs-warning", "#e99d00"),
        green: read("--bs-success", "#28a745"),
        none: read("--bs-gray-400", "#adb5bd"),
    };
}

/**
 * A KPI's history: its actual per period as a line whose points take the
 * status colour, and its target as a dashed line. Chart.js is loaded on
 * first use only, like the graph view does.
 */
export class BscHistoryChart extends Component {
    static template = "bsc_core.HistoryChart";
    static props = {
        labels: Array,
        points: Array, // [{actual, target, status}]
        formatValue: Function,
    };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(() => this.renderChart());
        onWillUnmount(() => this.chart?.destroy());
    }

    renderChart() {
        this.chart?.destroy();
        const { labels, points, formatValue } = this.props;
        const line = getColor(0, "light", "odoo");
        const STATUS_COLORS = statusColors();
        this.chart = new Chart(this.canvasRef.el, {
            type: "line",
            data: {
                labels,
                datasets: [
                    {
                        label: _t("Actual"),
                        data: points.map((p) => p.actual),
                        borderColor: line,
                        backgroundColor: line,
                        pointBackgroundColor: points.map((p) => STATUS_COLORS[p.status] || STATUS_COLORS.none),
                        pointBorderColor: points.map((p) => STATUS_COLORS[p.status] || STATUS_COLORS.none),
                        pointRadius: 5,
                        pointHoverRadius: 7,
                        spanGaps: false,
                        tension: 0.2,
                    },
                    {
                        label: _t("Target"),
                        data: points.map((p) => p.target),
                        borderColor: STATUS_COLORS.none,
                        borderDash: [6, 4],
                        pointRadius: 0,
                        fill: false,
                        stepped: "middle",
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                interaction: { mode: "index", intersect: false },
                plugins: {
                    legend: { position: "bottom", labels: { boxWidth: 12 } },
                    tooltip: {
                        callbacks: {
                            label: (item) =>
                                `${item.dataset.label}: ${formatValue(item.raw)}`,
                        },
                    },
                },
                scales: {
                    y: {
                        ticks: { callback: (value) => formatValue(value) },
                    },
                },
            },
        });
    }
}
