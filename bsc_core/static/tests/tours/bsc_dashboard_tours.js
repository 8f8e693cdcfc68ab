/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * Tours of the dashboard and the strategy map, run by tests/test_tours.py on
 * the small scorecard it builds ("BSC Tour Scorecard", 2025): Grow tour
 * revenue (TF1) is green in 2025-01 and red in 2025-02; Delight tour
 * customers (TC1) drives TF1, Ship tour orders fast (TI1) drives TC1, Train
 * tour staff (TL1) drives TI1 and Automate tour billing (TI2).
 */

import { registry } from "@web/core/registry";
import { openScorecardApp } from "@bsc_core/../tests/tours/bsc_tour_utils";

const SCORECARD = "BSC Tour Scorecard";

function assertCount(selector, expected, what) {
    const found = document.querySelectorAll(selector).length;
    if (found !== expected) {
        throw new Error(`${what}: expected ${expected}, found ${found}`);
    }
}

function openTourScorecard() {
    return [
        {
            content: "Open the scorecard switcher",
            trigger: ".o_bsc_scorecard_switcher",
            run: "click",
        },
        {
            content: "Switch to the tour scorecard",
            trigger: `.o_bsc_scorecard_item:contains(${SCORECARD})`,
            run: "click",
        },
        {
            content: "The dashboard shows the tour scorecard",
            trigger: `.o_bsc_scorecard_switcher:contains(${SCORECARD})`,
        },
    ];
}

function selectPeriod(name) {
    return [
        {
            content: `Choose the period ${name}`,
            trigger: ".o_bsc_period_select",
            run: `selectByLabel ${name}`,
        },
        {
            content: `The dashboard shows ${name}`,
            trigger: `.o_bsc_summary:contains(${name})`,
        },
    ];
}

registry.category("web_tour.tours").add("bsc_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        ...openScorecardApp(),
        {
            content: "Open the dashboard from the app's menu",
            trigger: '.o_main_navbar [data-menu-xmlid="bsc_core.bsc_menu_dashboard"]',
            run: "click",
        },
        {
            content: "The dashboard shows perspectives as bands",
            trigger: ".o_bsc_dashboard .o_bsc_band",
        },
        ...openTourScorecard(),
        ...selectPeriod("2025-01"),
        {
            content: "In January, Grow tour revenue is green",
            trigger: ".o_bsc_objective_card.o_bsc_status_green:contains(Grow tour revenue)",
        },
        ...selectPeriod("2025-02"),
        {
            content: "In February, Grow tour revenue is red",
            trigger: ".o_bsc_objective_card.o_bsc_status_red:contains(Grow tour revenue)",
        },
        {
            content: "The URL keeps the scorecard and the period",
            trigger: ".o_bsc_dashboard",
            run() {
                const params = new URLSearchParams(window.location.search);
                const period = document.querySelector(".o_bsc_period_select").value;
                if (!params.get("scorecard_id") || params.get("period_id") !== period) {
                    throw new Error(`URL without the scorecard and period: ${window.location}`);
                }
            },
        },
        {
            content: "A KPI shows its actual and target inline, with a sparkline",
            trigger:
                ".o_bsc_objective_card:contains(Grow tour revenue) .o_bsc_kpi_line:contains(Tour revenue) .o_bsc_sparkline",
        },
        {
            content: "Open the red objective",
            trigger: ".o_bsc_objective_card.o_bsc_status_red:contains(Grow tour revenue)",
            run: "click",
        },
        {
            content: "Its panel lists its KPIs, initiatives and comments",
            trigger:
                ".o_bsc_objective_panel:contains(Grow tour revenue):contains(Tour roadshow):contains(Two large orders slipped to March)",
        },
        {
            content: "Drill to its KPI",
            trigger: ".o_bsc_panel_kpi:contains(Tour revenue)",
            run: "click",
        },
        {
            content: "The KPI's history chart is drawn",
            trigger: ".o_bsc_kpi_panel .o_bsc_history_chart canvas",
        },
        {
            content: "Its measurements are listed, February's value among them",
            trigger: ".o_bsc_kpi_panel .o_bsc_measurement_row:contains(2025-02):contains(50)",
        },
        {
            content: "Show the year to date",
            trigger: ".o_bsc_scope_ytd",
            run: "click",
        },
        {
            content: "The figures are the year to date's",
            trigger: ".o_bsc_summary:contains(Year to date 2025-02)",
        },
        {
            content: "Managers see the Recompute button",
            trigger: ".o_bsc_recompute",
        },
    ],
});

registry.category("web_tour.tours").add("bsc_strategy_map_tour", {
    steps: () => [
        {
            content: "The strategy map is shown",
            trigger: ".o_bsc_strategy_map .o_bsc_map_node",
        },
        {
            content: "One node per objective, one arrow per cause-and-effect link",
            trigger: ".o_bsc_strategy_map",
            run() {
                assertCount(".o_bsc_map_band", 4, "perspective bands");
                assertCount(".o_bsc_map_node", 5, "objective nodes");
                assertCount(".o_bsc_map_link", 4, "arrows");
            },
        },
        {
            content: "Nodes are coloured by status for the chosen period, with their score",
            trigger: '.o_bsc_map_node.o_bsc_status_red[data-code="TF1"] .o_bsc_map_node_score:contains(0.00)',
        },
        {
            content: "Show another period",
            trigger: ".o_bsc_period_select",
            run: "selectByLabel 2025-01",
        },
        {
            content: "The node takes the colour of that period",
            trigger: '.o_bsc_map_node.o_bsc_status_green[data-code="TF1"]',
        },
        {
            content: "Zoom in and fit to the screen",
            trigger: ".o_bsc_map_zoom_in",
            run: "click",
        },
        {
            trigger: ".o_bsc_map_fit",
            run: "click",
        },
        {
            content: "Open an objective from the map",
            trigger: '.o_bsc_map_node[data-code="TC1"]',
            run: "click",
        },
        {
            content: "Its panel opens beside the map",
            trigger: ".o_bsc_objective_panel:contains(Delight tour customers)",
        },
        {
            content: "The cascade view shows the scorecard tree",
            trigger: ".o_bsc_view_cascade",
            run: "click",
        },
        {
            trigger: `.o_bsc_cascade_current:contains(${SCORECARD})`,
        },
        {
            trigger: ".o_bsc_cascade_node .o_bsc_cascade_node:contains(BSC Tour Team)",
        },
    ],
});

registry.category("web_tour.tours").add("bsc_map_edit_tour", {
    steps: () => [
        {
            content: "The strategy map is shown",
            trigger: '.o_bsc_map_node[data-code="TI2"]',
        },
        {
            content: "A manager moves an objective: its position is saved",
            trigger: '.o_bsc_map_node[data-code="TI2"]',
            run: 'drag_and_drop .o_bsc_map_node[data-code="TL1"]',
        },
        {
            trigger: ".o_bsc_map_edit_toggle",
            run: "click",
        },
        {
            content: "Edit mode is on",
            trigger: ".o_bsc_strategy_map.o_bsc_map_edit_mode",
        },
        {
            content: "Drag from Automate tour billing to Delight tour customers",
            trigger: '.o_bsc_map_node[data-code="TI2"]',
            run: 'drag_and_drop .o_bsc_map_node[data-code="TC1"]',
        },
        {
            content: "The new link is drawn",
            trigger:
                '.o_bsc_strategy_map:has(.o_bsc_map_link[data-cause-code="TI2"][data-effect-code="TC1"])',
        },
        {
            content: "A link closing a cycle: Grow tour revenue would drive Train tour staff",
            trigger: '.o_bsc_map_node[data-code="TF1"]',
            run: 'drag_and_drop .o_bsc_map_node[data-code="TL1"]',
        },
        {
            content: "The server's cycle check explains why it is refused",
            trigger: ".o_notification:contains(cycle):contains(Grow tour revenue)",
        },
        {
            trigger: ".o_bsc_strategy_map",
            run() {
                assertCount(".o_bsc_map_link", 5, "arrows after the refused link");
            },
        },
        {
            content: "Click a link's handle to remove it",
            trigger: '.o_bsc_map_link_handle[data-cause-code="TL1"][data-effect-code="TI2"]',
            run: "click",
        },
        {
            trigger: ".modal .btn-danger:contains(Remove)",
            run: "click",
        },
        {
            content: "The link is gone",
            trigger:
                '.o_bsc_strategy_map:not(:has(.o_bsc_map_link[data-cause-code="TL1"][data-effect-code="TI2"]))',
        },
        {
            trigger: ".o_bsc_strategy_map",
            run() {
                assertCount(".o_bsc_map_link", 4, "arrows after the removal");
            },
        },
    ],
});

registry.category("web_tour.tours").add("bsc_map_user_tour", {
    steps: () => [
        {
            content: "The dashboard of a plain user",
            trigger: `.o_bsc_dashboard .o_bsc_scorecard_switcher:contains(${SCORECARD})`,
        },
        {
            content: "They see which of their KPIs need a value this period",
            trigger: ".o_bsc_todo .o_bsc_todo_kpi:contains(Tour satisfaction)",
        },
        {
            content: "They do not see the Recompute button",
            trigger: ".o_control_panel:not(:has(.o_bsc_recompute))",
        },
        {
            content: "Open the strategy map",
            trigger: ".o_bsc_view_map",
            run: "click",
        },
        {
            trigger: '.o_bsc_map_node[data-code="TF1"]',
        },
        {
            content: "No edit mode for a plain user",
            trigger: ".o_bsc_strategy_map:not(:has(.o_bsc_map_edit_toggle))",
        },
        {
            content: "Clicking a node opens it rather than moving it",
            trigger: '.o_bsc_map_node[data-code="TI1"]',
            run: "click",
        },
        {
            trigger: ".o_bsc_objective_panel:contains(Ship tour orders fast)",
        },
    ],
});
