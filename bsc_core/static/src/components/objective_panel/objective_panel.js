/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { BscKpiPanel } from "../kpi_panel/kpi_panel";
import { BscSparkline } from "../sparkline/sparkline";
import { statusHelpers, trendInfo } from "../dashboard/bsc_format";

const INITIATIVE_STATES = {
    on_track: [_t("On Track"), "text-bg-success"],
    at_risk: [_t("At Risk"), "text-bg-warning"],
    late: [_t("Late"), "text-bg-danger"],
    done: [_t("Done"), "text-bg-info"],
    cancelled: [_t("Cancelled"), "text-bg-secondary"],
};

/**
 * The side panel of an objective: its KPIs, the initiatives that move it,
 * the comments on its KPIs and the notes on it, and its alignment; a KPI
 * opens its own panel in place.
 */
export class BscObjectivePanel extends Component {
    static template = "bsc_core.ObjectivePanel";
    static components = { BscKpiPanel, BscSparkline };
    static props = {
        objective: Object, // an objective row of the matrix
        info: Object, // the objective's entry of get_dashboard_data()["objectives"]
        perspective: Object,
        initiatives: Array,
        history: Object, // {kpis: {}, objectives: {}}
        periodsById: Object,
        period: Object,
        kpiId: { type: [Number, Boolean], optional: true },
        currencyId: { type: [Number, Boolean], optional: true },
        onSelectKpi: Function, // (kpiId | false)
        onClose: Function,
        onDrilldown: Function,
        onOpenRecord: Function,
        onOpenScorecard: Function,
        forecasts: { type: Object, optional: true }, // {kpiId: forecast} (bsc.evidence)
    };

    get kpi() {
        return this.props.objective.kpis.find((k) => k.id === this.props.kpiId);
    }

    get comments() {
        const comments = [];
        for (const kpi of this.props.objective.kpis) {
            const points = this.props.history.kpis[kpi.id] || [];
            for (const point of [...points].reverse()) {
                if (point.comment) {
                    comments.push({
                        key: `${kpi.id}_${point.period_id}`,
                        kpi: kpi.name,
                        period: this.props.periodsById[point.period_id]?.name || "",
                        text: point.comment,
                        status: point.status,
                    });
                }
            }
        }
        return comments.slice(0, 8);
    }

    initiativeState(state) {
        return INITIATIVE_STATES[state] || [state, "text-bg-secondary"];
    }

    scorePoints() {
        return (this.props.history.objectives[this.props.objective.id] || []).map((p) => ({
            value: p.score,
            status: p.status,
        }));
    }

    trend(row, polarity) {
        return trendInfo(row.trend, polarity);
    }
}

Object.assign(BscObjectivePanel.prototype, statusHelpers);
