/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component } from "@odoo/owl";

const ICONS = {
    red: "fa-exclamation-circle text-danger",
    at_risk: "fa-line-chart text-warning",
    contradicted: "fa-random text-danger",
    stale: "fa-clock-o text-muted",
};

/**
 * "Needs attention": red KPIs without a comment or an initiative, KPIs at
 * risk, arrows contradicted by the data (and stale KPIs, see #19); each
 * item opens the record to act on.
 */
export class BscNeedsAttention extends Component {
    static template = "bsc_core.NeedsAttention";
    static props = {
        items: Array, // [{kind, model, res_id, message}]
        onOpenRecord: Function, // (model, id)
    };

    icon(item) {
        return ICONS[item.kind] || "fa-flag";
    }
}
