/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * How the dashboard's components show figures of the scorecard matrix:
 * statuses and trends. The numbers themselves all come from the server's
 * matrix, and so does their text: every value and score of the payload of
 * ``bsc.dashboard.get_dashboard_data`` has its ``*_text`` written by the one
 * formatter (bsc_core/tools/number_format.py) in the user's language, which
 * the components show as is; nothing is formatted here.
 */

import { _t } from "@web/core/l10n/translation";
import { formatCurrency } from "@web/core/currency";
import { formatFloat } from "@web/core/utils/numbers";

/**
 * The status list of the server (engine.scoring.STATUS_SELECTION), as the
 * payload's ``statuses`` gives it in the user's language: set by the
 * dashboard each time it reads a payload (setStatuses).
 */
const statuses = new Map();

/** @param {{value: string, label: string}[]} list the payload's statuses */
export function setStatuses(list) {
    statuses.clear();
    for (const { value, label } of list || []) {
        statuses.set(value, label);
    }
}

export function statusLabel(status) {
    return statuses.get(status) || statuses.get("none") || _t("No data");
}

/** The CSS class of a status, shared by cards, badges, map nodes and charts. */
export function statusClass(status) {
    return `o_bsc_status_${statuses.has(status) ? status : "none"}`;
}

/** Bootstrap badge classes of a status, like the matrix template's badges. */
export function statusBadgeClass(status) {
    return (
        {
            red: "text-bg-danger",
            yellow: "text-bg-warning",
            green: "text-bg-success",
        }[status] || "text-bg-secondary"
    );
}

/**
 * A number the browser computes itself, in a KPI's format: only the history
 * chart's axis ticks and the forecast band of its tooltip (Chart.js picks
 * the ticks). The rules are the server formatter's
 * (bsc_core/tools/number_format.py ``format_kpi_value``) with the web
 * client's localization, which is the user's res.lang;
 * TestDashboardNumbersInBrowser checks that both write the same text.
 * Every figure of the payload comes with its server text instead.
 * @param {number|null} value
 * @param {Object} kpi a KPI row of the matrix
 * @param {Object} [options]
 * @param {number} [options.currencyId]
 */
export function formatKpiValue(value, kpi, options = {}) {
    if (value === null || value === undefined || value === false) {
        return "–";
    }
    const decimals = Math.max(0, kpi.decimal_places ?? 2);
    if (kpi.value_format === "monetary") {
        return formatCurrency(value, options.currencyId, { digits: [16, decimals] });
    }
    const text = formatFloat(value, { digits: [16, decimals] });
    if (kpi.value_format === "percent") {
        return `${text} %`;
    }
    return kpi.unit ? `${text} ${kpi.unit}` : text;
}

/**
 * The arrow of a trend, coloured by what is good for the row: for a KPI
 * where lower is better, down is good.
 * @param {string|false} trend up, down, flat
 * @param {string} [polarity] a KPI's; none for roll-ups
 * @returns {{icon: string, className: string, label: string}|null}
 */
export function trendInfo(trend, polarity) {
    if (trend === "up") {
        return {
            icon: "fa-arrow-up",
            className:
                { lower: "text-danger", range: "text-muted" }[polarity] || "text-success",
            label: _t("Up against the previous period"),
        };
    }
    if (trend === "down") {
        return {
            icon: "fa-arrow-down",
            className:
                { lower: "text-success", range: "text-muted" }[polarity] || "text-danger",
            label: _t("Down against the previous period"),
        };
    }
    if (trend === "flat") {
        return {
            icon: "fa-arrow-right",
            className: "text-muted",
            label: _t("Flat against the previous period"),
        };
    }
    return null;
}

/** The colour class of a perspective band (bsc_core.scss). */
export function bandClass(color) {
    return `o_bsc_band_color_${color || 0}`;
}

/**
 * The status helpers the components' templates call as methods
 * (statusClass(row.status)...): assigned to their prototypes with
 * Object.assign, so that no component repeats them.
 */
export const statusHelpers = { statusBadgeClass, statusClass, statusLabel };
