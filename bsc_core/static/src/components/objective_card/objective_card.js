/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component } from "@odoo/owl";
import { BscSparkline } from "../sparkline/sparkline";
import { statusHelpers, trendInfo } from "../dashboard/bsc_format";

/**
 * An objective of the dashboard: score, status colour and trend, and its
 * KPIs inline with actual / target and the sparkline of their last periods.
 */
export class BscObjectiveCard extends Component {
    static template = "bsc_core.ObjectiveCard";
    static components = { BscSparkline };
    static props = {
        objective: Object, // an objective row of the matrix
        history: Object, // {kpi_id: [point]}
        currencyId: { type: [Number, Boolean], optional: true },
        selected: { type: Boolean, optional: true },
        onSelect: Function, // (objectiveId, kpiId?)
    };

    /** "actual / target" in little room: the server's text (``card``). */
    values(kpi) {
        return kpi.card;
    }

    sparkPoints(kpi) {
        return (this.props.history[kpi.id] || []).map((p) => ({
            value: p.actual,
            status: p.status,
        }));
    }

    trend(row, polarity) {
        return trendInfo(row.trend, polarity);
    }

    onKpiClick(ev, kpi) {
        ev.stopPropagation();
        this.props.onSelect(this.props.objective.id, kpi.id);
    }
}

Object.assign(BscObjectiveCard.prototype, statusHelpers);
