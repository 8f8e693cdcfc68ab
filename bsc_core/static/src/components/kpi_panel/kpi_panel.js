/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component } from "@odoo/owl";
import { BscHistoryChart } from "../history_chart/history_chart";
import { formatKpiValue, statusHelpers, trendInfo } from "../dashboard/bsc_format";

/**
 * A KPI of the dashboard: its figures for the chosen period, its history
 * chart and the measurements behind it; computed values drill down to the
 * ERP records.
 */
export class BscKpiPanel extends Component {
    static template = "bsc_core.KpiPanel";
    static components = { BscHistoryChart };
    static props = {
        kpi: Object, // a KPI row of the matrix
        points: Array, // its history points, oldest first
        periodsById: Object,
        period: Object, // the matrix's period
        currencyId: { type: [Number, Boolean], optional: true },
        onBack: Function,
        onDrilldown: Function, // (kpi, periodId | null): null = the chosen period
        onOpenRecord: Function, // (model, id)
        forecast: { type: [Object, Boolean], optional: true }, // bsc.evidence
    };

    get isComputed() {
        return this.props.kpi.source_type !== "manual";
    }

    get labels() {
        return this.props.points.map((p) => this.props.periodsById[p.period_id]?.name || "");
    }

    get rows() {
        return [...this.props.points].reverse();
    }

    /** The history chart's axis and forecast band: numbers Chart.js draws. */
    formatValue(value) {
        return formatKpiValue(value, this.props.kpi, { currencyId: this.props.currencyId });
    }

    get trend() {
        return trendInfo(this.props.kpi.trend, this.props.kpi.polarity);
    }
}

Object.assign(BscKpiPanel.prototype, statusHelpers);
