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
 * The forecast as Chart.js datasets over ``labels`` (extended in place with
 * the periods after the history): a dashed line from the last actual
 * through the forecast values, and its interval as a shaded band.
 */
function forecastDatasets(labels, points, forecast) {
    if (!forecast || !forecast.points || !forecast.points.length) {
        return [];
    }
    const index = {};
    for (const point of forecast.points) {
        let at = point.period ? labels.indexOf(point.period) : -1;
        if (at < 0) {
            labels.push(point.period || "");
            at = labels.length - 1;
        }
        index[at] = point;
    }
    const value = labels.map((_, i) => (index[i] ? index[i].value : null));
    const lower = labels.map((_, i) => (index[i] ? index[i].lower : null));
    const upper = labels.map((_, i) => (index[i] ? index[i].upper : null));
    // join the forecast to the last actual before it
    const first = Math.min(...Object.keys(index).map(Number));
    for (let i = Math.min(first, points.length) - 1; i >= 0; i--) {
        if (points[i] && points[i].actual !== null && points[i].actual !== undefined) {
            value[i] = points[i].actual;
            break;
        }
    }
    const color = getColor(1, "light", "odoo");
    return [
        {
            label: _t("Forecast"),
            data: value,
            borderColor: color,
            backgroundColor: color,
            borderDash: [4, 4],
            pointRadius: 3,
            spanGaps: true,
            fill: false,
        },
        {
            label: _t("Forecast low"),
            data: lower,
            borderColor: "transparent",
            pointRadius: 0,
            fill: false,
        },
        {
            label: _t("Forecast high"),
            data: upper,
            borderColor: "transparent",
            backgroundColor: "rgba(128, 128, 128, 0.15)",
            pointRadius: 0,
            fill: "-1",
        },
    ];
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
        // the KPI's forecast (bsc.evidence): {points: [{period, value, lower, upper}]}
        forecast: { type: Object, optional: true },
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
        const { points, formatValue } = this.props;
        const labels = [...this.props.labels];
        const line = getColor(0, "light", "odoo");
        const STATUS_COLORS = statusColors();
        const extra = forecastDatasets(labels, points, this.props.forecast);
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
                    ...extra,
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
                            // the payload's own text for the actual and the
                            // target; the forecast band in the KPI's format
                            label: (item) => {
                                const point = item.datasetIndex < 2 && points[item.dataIndex];
                                const text = point
                                    ? point[item.datasetIndex ? "target_text" : "actual_text"]
                                    : formatValue(item.raw);
                                return `${item.dataset.label}: ${text ?? formatValue(item.raw)}`;
                            },
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
