/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component, onMounted, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { router } from "@web/core/browser/router";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { makeErrorFromResponse } from "@web/core/network/rpc";
import { user } from "@web/core/user";
import { Layout } from "@web/search/layout";
import { useSetupAction } from "@web/search/action_hook";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { BscCascade } from "../cascade/cascade";
import { BscHypotheses } from "../hypotheses/hypotheses";
import { BscNeedsAttention } from "../needs_attention/needs_attention";
import { BscObjectiveCard } from "../objective_card/objective_card";
import { BscObjectivePanel } from "../objective_panel/objective_panel";
import { BscStrategyMap } from "../strategy_map/strategy_map";
import { bandClass, setStatuses, statusHelpers, trendInfo } from "./bsc_format";

// The period selector: a frequency, or the year to date of a month
const SCOPES = [
    { key: "month", frequency: "month", mode: "period", label: _t("Month") },
    { key: "quarter", frequency: "quarter", mode: "period", label: _t("Quarter") },
    { key: "ytd", frequency: "month", mode: "ytd", label: _t("Year to date") },
    { key: "year", frequency: "year", mode: "period", label: _t("Year") },
];
const VIEWS = [
    { key: "scorecard", icon: "fa-th-large", label: _t("Scorecard") },
    { key: "map", icon: "fa-sitemap fa-rotate-180", label: _t("Strategy Map") },
    { key: "cascade", icon: "fa-indent", label: _t("Cascade") },
];

/**
 * ``bsc.dashboard.get_dashboard_data``'s payload through the dashboard's own
 * route (``GET /bsc/dashboard/data``, bsc_core/controllers/dashboard.py):
 * the cached payload's JSON bytes, without JSON-RPC's decoding and encoding
 * on the server. The browser revalidates it with its ETag (a 304 when
 * nothing changed). An error is raised as ``orm.call`` raises it.
 */
export async function fetchDashboardData({ scorecard_id, period_id, mode }) {
    const params = new URLSearchParams({ mode });
    if (scorecard_id) {
        params.set("scorecard_id", scorecard_id);
    }
    if (period_id) {
        params.set("period_id", period_id);
    }
    const companies = user.context.allowed_company_ids;
    if (companies?.length) {
        params.set("cids", companies.join("-"));
    }
    const response = await fetch(`/bsc/dashboard/data?${params}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
    });
    const type = response.headers.get("Content-Type") || "";
    if (!type.startsWith("application/json")) {
        // not a JSON answer: the session expired (the login page) or a
        // server failure
        throw new Error(`${response.status} ${response.statusText}`);
    }
    const data = await response.json();
    if (!response.ok) {
        throw makeErrorFromResponse(data.error);
    }
    return data;
}

/**
 * The scorecard dashboard (client action ``bsc_core.dashboard``).
 *
 * One call to ``bsc.dashboard.get_dashboard_data`` feeds a whole screen:
 * perspectives as bands of objective cards, the strategy map and the
 * cascade. The scorecard, the period, the year-to-date mode and the view are
 * kept in the URL, so a link opens the same screen.
 */
export class BscDashboard extends Component {
    static template = "bsc_core.Dashboard";
    static components = {
        BscCascade,
        BscHypotheses,
        BscNeedsAttention,
        BscObjectiveCard,
        BscObjectivePanel,
        BscStrategyMap,
        Dropdown,
        DropdownItem,
        Layout,
    };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.scopes = SCOPES;
        this.views = VIEWS;
        // the action's defaults, then the URL, then the breadcrumbs' state
        const params = {
            ...(this.props.action.params || {}),
            ...(this.props.action.context?.params || {}),
            ...(this.props.state || {}),
        };
        this.state = useState({
            data: null,
            loading: false,
            view: VIEWS.some((v) => v.key === params.view) ? params.view : "scorecard",
            objectiveId: false,
            kpiId: false,
        });
        this.request = {
            scorecardId: parseInt(params.scorecard_id) || null,
            periodId: parseInt(params.period_id) || null,
            mode: params.mode === "ytd" ? "ytd" : "period",
        };
        useSetupAction({
            getLocalState: () => ({
                scorecard_id: this.request.scorecardId,
                period_id: this.request.periodId,
                mode: this.request.mode,
                view: this.state.view,
            }),
        });
        onWillStart(() => this.load());
        onMounted(() => this.replaceLoadedEntry());
    }

    // ------------------------------------------------------------------
    // Data
    // ------------------------------------------------------------------

    /** Read the screen's data in one call and keep the choice in the URL. */
    async load(changes = {}) {
        Object.assign(this.request, changes);
        this.state.loading = true;
        try {
            const data = await fetchDashboardData({
                scorecard_id: this.request.scorecardId,
                period_id: this.request.periodId,
                mode: this.request.mode,
            });
            this.request.scorecardId = data.scorecard?.id || null;
            this.request.periodId = data.period?.id || null;
            setStatuses(data.statuses);
            this.state.data = data;
            if (!this.findObjective(this.state.objectiveId)) {
                this.state.objectiveId = false;
                this.state.kpiId = false;
            }
        } finally {
            this.state.loading = false;
        }
        this.pushState();
    }

    /**
     * Opened from its URL (a link, a reload), the screen completes that URL
     * with the scorecard, period and view it chose: that is the same page,
     * so it replaces the browser's history entry rather than adding one.
     * Otherwise the first Back would only show the same screen again (and
     * close the open objective panel, which is not a history entry, as in
     * Odoo's own views), and a second Back be needed to leave.
     */
    replaceLoadedEntry() {
        const action = this.props.action;
        const current = router.current.action;
        if (current && [action.path, action.id, action.tag].includes(current)) {
            // after the action service's push, scheduled by its own mount
            Promise.resolve().then(() => router.replaceState({}));
        }
    }

    pushState() {
        if (this.state.data?.scorecard) {
            this.env.config.setDisplayName(this.state.data.scorecard.name);
        }
        this.props.updateActionState?.({
            scorecard_id: this.request.scorecardId || undefined,
            period_id: this.request.periodId || undefined,
            mode: this.request.mode,
            view: this.state.view,
        });
    }

    get data() {
        return this.state.data;
    }

    get matrix() {
        return this.data.matrix;
    }

    get periodsById() {
        return Object.fromEntries(this.data.periods.map((p) => [p.id, p]));
    }

    get currentScope() {
        const period = this.data.period;
        if (!period) {
            return SCOPES[0];
        }
        if (this.data.mode === "ytd") {
            return SCOPES.find((s) => s.key === "ytd");
        }
        return SCOPES.find((s) => s.mode === "period" && s.frequency === period.frequency);
    }

    get periodChoices() {
        const frequency = this.currentScope.frequency;
        return this.data.periods.filter((p) => p.frequency === frequency);
    }

    /** {"causeId_effectId": arrow evidence} for the strategy map's arrows */
    get arrowEvidence() {
        const result = {};
        for (const arrow of this.data.evidence?.arrows || []) {
            result[`${arrow.cause_id}_${arrow.effect_id}`] = arrow;
        }
        return result;
    }

    get perspectives() {
        return this.matrix.perspectives || [];
    }

    findObjective(objectiveId) {
        if (!objectiveId || !this.data?.matrix?.perspectives) {
            return null;
        }
        for (const perspective of this.data.matrix.perspectives) {
            const objective = perspective.objectives.find((o) => o.id === objectiveId);
            if (objective) {
                return { objective, perspective };
            }
        }
        return null;
    }

    get selected() {
        return this.findObjective(this.state.objectiveId);
    }

    initiativesOf(objectiveId) {
        return Object.values(this.data.initiatives).filter((i) =>
            i.objective_ids.includes(objectiveId)
        );
    }

    get kpisToEnter() {
        return this.data.kpis_to_enter || [];
    }

    // ------------------------------------------------------------------
    // Choices: scorecard, period, view, objective
    // ------------------------------------------------------------------

    async selectScorecard(scorecardId) {
        // the server finds the period with the same dates in that scorecard
        this.state.objectiveId = false;
        await this.load({ scorecardId });
    }

    async selectPeriod(periodId) {
        await this.load({ periodId: parseInt(periodId) });
    }

    /** Switch scope: the period of the new frequency around the current one. */
    async selectScope(scope) {
        const current = this.data.period;
        const candidates = this.data.periods.filter((p) => p.frequency === scope.frequency);
        if (!candidates.length || !current) {
            return;
        }
        const today = luxon.DateTime.local().toISODate();
        const end = current.date_end < today ? current.date_end : today;
        const inside = candidates.filter(
            (p) => p.date_start <= current.date_end && p.date_end >= current.date_start
        );
        const target =
            inside.find((p) => p.date_start <= end && end <= p.date_end) ||
            inside[0] ||
            candidates.find((p) => p.date_start <= end && end <= p.date_end) ||
            candidates[candidates.length - 1];
        await this.load({ periodId: target.id, mode: scope.mode });
    }

    async shiftPeriod(step) {
        const target = this.neighbourPeriod(step);
        if (target) {
            await this.load({ periodId: target.id });
        }
    }

    /** The period before (``step`` -1) or after (1) the one shown, if any. */
    neighbourPeriod(step) {
        const choices = this.periodChoices;
        const index = choices.findIndex((p) => p.id === this.data.period.id);
        return index < 0 ? null : choices[index + step] || null;
    }

    /**
     * The arrows' tooltips: where they go, or why they are disabled (the
     * first or last period of the scorecard's span).
     */
    periodArrowTitle(step) {
        const period = this.data.period.name;
        if (this.neighbourPeriod(step)) {
            return step < 0 ? _t("Previous period") : _t("Next period");
        }
        return step < 0
            ? _t("%(period)s is the first period of this scorecard.", { period })
            : _t(
                  "%(period)s is the last period of this scorecard: extend its dates to score later periods.",
                  { period }
              );
    }

    selectView(view) {
        this.state.view = view;
        this.pushState();
    }

    selectObjective(objectiveId, kpiId = false) {
        this.state.objectiveId = objectiveId;
        this.state.kpiId = kpiId;
    }

    closePanel() {
        this.state.objectiveId = false;
        this.state.kpiId = false;
    }

    // ------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------

    async recompute() {
        const result = await this.orm.call("bsc.scorecard", "action_recompute", [
            [this.data.scorecard.id],
        ]);
        const message = result?.params?.message;
        if (message) {
            this.notification.add(message, { type: "success" });
        }
        await this.load();
    }

    async drilldown(kpi, periodId) {
        const action = await this.orm.call("bsc.dashboard", "get_dashboard_drilldown", [], {
            kpi_id: kpi.id,
            period_id: periodId || this.data.period.id,
            mode: periodId ? "period" : this.data.mode,
        });
        await this.action.doAction(action);
    }

    async openRecord(model, resId) {
        // back through the breadcrumbs, the dashboard reads its data again
        await this.action.doAction({
            type: "ir.actions.act_window",
            res_model: model,
            res_id: resId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    async openKpiToEnter(item) {
        if (item.measurement_id) {
            await this.openRecord("bsc.measurement", item.measurement_id);
        } else {
            this.selectObjective(item.objective_id, item.kpi_id);
        }
    }

    // ------------------------------------------------------------------
    // Display helpers
    // ------------------------------------------------------------------

    bandClass(perspective) {
        return bandClass(perspective.color);
    }

    trend(row) {
        return trendInfo(row.trend);
    }
}

Object.assign(BscDashboard.prototype, statusHelpers);

registry.category("actions").add("bsc_core.dashboard", BscDashboard);
