/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * How the dashboard's components show figures of the scorecard matrix:
 * values in the KPI's format, statuses and trends. The numbers themselves
 * all come from the server's matrix; nothing is computed here.
 */

import { _t } from "@web/core/l10n/translation";
import { formatCurrency } from "@web/core/currency";
import { formatFloat } from "@web/core/utils/numbers";

export const STATUSES = ["red", "yellow", "green", "none"];

export function statusLabel(status) {
    return (
        {
            red: _t("Red"),
            yellow: _t("Yellow"),
            green: _t("Green"),
        }[status] || _t("No data")
    );
}

/** The CSS class of a status, shared by cards, badges, map nodes and charts. */
export function statusClass(status) {
    return `o_bsc_status_${STATUSES.includes(status) ? status : "none"}`;
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
 * A score as text: two decimals, "–" without a score.
 * @param {number|null} score
 */
export function formatScore(score) {
    return score === null || score === undefined || score === false
        ? "–"
        : formatFloat(score, { digits: [16, 2] });
}

/**
 * A KPI value as the server's one formatter writes it
 * (bsc_core/tools/number_format.py ``format_kpi_value``): the KPI's decimals,
 * then " %", the KPI's unit, or the currency's symbol on its side. The
 * separators are the web client's localization, which is the user's
 * res.lang, as on the server; TestDashboardNumbersInBrowser checks that both
 * write the same text in English, French and German.
 * @param {number|null} value
 * @param {Object} kpi a KPI row of the matrix
 * @param {Object} [options]
 * @param {number} [options.currencyId]
 * @param {boolean} [options.compact] 412k rather than 412,000
 */
export function formatKpiValue(value, kpi, options = {}) {
    if (value === null || value === undefined || value === false) {
        return "–";
    }
    const decimals = Math.max(0, kpi.decimal_places ?? 2);
    const compact = options.compact && Math.abs(value) >= 10000;
    if (kpi.value_format === "monetary") {
        return formatCurrency(value, options.currencyId, {
            digits: [16, decimals],
            humanReadable: compact,
        });
    }
    const text = compact
        ? formatFloat(value, { humanReadable: true, decimals: 1 })
        : formatFloat(value, { digits: [16, decimals] });
    if (kpi.value_format === "percent") {
        return `${text} %`;
    }
    return kpi.unit ? `${text} ${kpi.unit}` : text;
}

/**
 * "actual / target" in little room: the unit once, at the end; a target
 * range as low–high.
 * @param {Object} kpi a KPI row of the matrix (or a history point with the
 *   KPI's format fields)
 * @param {Object} [options] as for {@link formatKpiValue}
 */
export function formatActualTarget(actual, target, kpi, options = {}) {
    const bare = { ...kpi, unit: "", value_format: kpi.value_format === "monetary" ? "monetary" : "number" };
    let targetText = formatKpiValue(target, bare, options);
    if (kpi.polarity === "range" && kpi.target_max) {
        targetText = `${targetText}–${formatKpiValue(kpi.target_max, bare, options)}`;
    }
    let suffix = "";
    if (kpi.value_format === "percent") {
        suffix = " %";
    } else if (kpi.value_format !== "monetary" && kpi.unit) {
        suffix = ` ${kpi.unit}`;
    }
    return {
        actual: formatKpiValue(actual, bare, options),
        target: `${targetText}${target === null || target === undefined ? "" : suffix}`,
    };
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
 * The status and score helpers the components' templates call as methods
 * (formatScore(row.score), statusClass(row.status)...): assigned to their
 * prototypes with Object.assign, so that no component repeats them.
 */
export const statusHelpers = { formatScore, statusBadgeClass, statusClass, statusLabel };
