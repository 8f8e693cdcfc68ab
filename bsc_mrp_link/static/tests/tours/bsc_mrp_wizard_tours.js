/** @odoo-module */
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
/**
 * A manager adds manufacturing KPIs with the "Add Manufacturing KPIs" wizard (issue
 * #17), run by tests/test_tours.py: from the Objectives menu, the objective
 * the test made, the wizard, a template unticked, two targets adjusted;
 * then a recompute from the dashboard, which shows them. The test checks the
 * values computed from its manufacturing orders.
 */

import { registry } from "@web/core/registry";
import { openScorecardApp } from "@bsc_core/../tests/tours/bsc_tour_utils";

const SCORECARD = "Tour Manufacturing 2025";
const OBJECTIVE = "Make on time (tour)";

function templateLine(template) {
    return `.modal .o_data_row:has(td[name=template]:contains(/^\\s*${template}\\s*$/))`;
}

function setTargets(template, target, redFlag) {
    const line = templateLine(template);
    return [
        {
            content: `Edit the line ${template}`,
            trigger: `${line} td[name=code]`,
            run: "click",
        },
        {
            content: `Its target: ${target}`,
            trigger: `${line}.o_selected_row td[name=target_value] input`,
            run: `edit ${target}`,
        },
        {
            content: `Its red flag: ${redFlag}`,
            trigger: `${line}.o_selected_row td[name=red_flag_value] input`,
            run: `edit ${redFlag}`,
        },
    ];
}

registry.category("web_tour.tours").add("bsc_mrp_kpi_wizard_tour", {
    url: "/odoo",
    steps: () => [
        ...openScorecardApp(),
        {
            content: "Open the objectives",
            trigger: '.o_main_navbar [data-menu-xmlid="bsc_core.bsc_menu_objective"]',
            run: "click",
        },
        {
            content: "Open the objective",
            trigger: `.o_list_view .o_data_row:contains(${OBJECTIVE}) td[name=name]`,
            run: "click",
        },
        {
            content: "Add Manufacturing KPIs",
            trigger: `.o_form_view:contains(${OBJECTIVE}) .o_form_statusbar button:contains(Add Manufacturing KPIs)`,
            run: "click",
        },
        ...setTargets("Manufacturing orders on time", "90", "80"),
        ...setTargets("Production lead time", "4", "8"),
        {
            content: "Untick Work-centre losses",
            trigger: `${templateLine("Work-centre losses")} td[name=selected] input:checked`,
            run: "click",
        },
        {
            content: "Work-centre losses is not ticked",
            trigger: `${templateLine("Work-centre losses")} td[name=selected] input:not(:checked)`,
        },
        {
            content: "Add the KPIs",
            trigger: ".modal button[name=action_create_kpis]",
            run: "click",
        },
        {
            content: "No dialog left (no error): the objective's new KPIs are listed",
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:contains(MRP_ON_TIME)",
        },
        {
            content: "The lead time too",
            trigger: ".o_list_view .o_data_row:contains(MRP_LEAD_TIME)",
        },
        {
            content: "Open the dashboard",
            trigger: '.o_main_navbar [data-menu-xmlid="bsc_core.bsc_menu_dashboard"]',
            run: "click",
        },
        {
            content: "Open the scorecard switcher",
            trigger: ".o_bsc_scorecard_switcher",
            run: "click",
        },
        {
            content: "Switch to the tour's scorecard",
            trigger: `.o_bsc_scorecard_item:contains(${SCORECARD})`,
            run: "click",
        },
        {
            content: "Recompute it",
            trigger: `.o_bsc_dashboard:has(.o_bsc_scorecard_switcher:contains(${SCORECARD})) .o_bsc_recompute`,
            run: "click",
        },
        {
            content: "The values are recomputed",
            trigger: ".o_notification:contains(values recomputed)",
        },
        {
            content: "The dashboard shows the new on-time KPI",
            trigger: `.o_bsc_objective_card:contains(${OBJECTIVE}) .o_bsc_kpi_line:contains(Manufacturing orders on time)`,
        },
        {
            content: "And the lead time",
            trigger: `.o_bsc_objective_card:contains(${OBJECTIVE}) .o_bsc_kpi_line:contains(Production lead time)`,
        },
    ],
});
