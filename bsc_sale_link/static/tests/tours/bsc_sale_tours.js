/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * An admin builds a scorecard from scratch (issue #13), run by
 * tests/test_tours.py: a scorecard over this year (the default span), an
 * objective, a generic ERP source over sale orders (Configuration > ERP
 * Sources), a KPI on it created from the KPIs menu, the sales KPIs of the
 * Add Sales KPIs wizard; then a recompute from the dashboard, which shows
 * them. No value is checked: they depend on today's demo orders.
 */

import { registry } from "@web/core/registry";
import { openScorecardApp } from "@bsc_core/../tests/tours/bsc_tour_utils";

const SCORECARD = "Tour Built Scorecard";
const OBJECTIVE = "Grow tour-built sales";

function openMenu(xmlid, what) {
    return [
        {
            content: `Open ${what}`,
            trigger: `.o_main_navbar [data-menu-xmlid="${xmlid}"]`,
            run: "click",
        },
    ];
}

function openConfigMenu(xmlid, what) {
    return [
        {
            // The app has more sections than a 1366 px navbar shows since the
            // reporting cycle's My Updates and Reporting Completion (#19): the
            // last of them, Configuration, then moves into Odoo's "More" (+)
            // dropdown, where its items are listed under its name. Whichever
            // of the two is shown opens them.
            content: "Open the Configuration menu (or the More menu holding it)",
            trigger: [
                '.o_main_navbar .o_menu_sections [data-menu-xmlid="bsc_core.bsc_menu_config"]',
                ".o_main_navbar .o_menu_sections_more > button",
            ].join(", "),
            run: "click",
        },
        {
            content: `Open ${what}`,
            trigger: `.dropdown-item[data-menu-xmlid="${xmlid}"]`,
            run: "click",
        },
    ];
}

function pick(field, text, item, shown = item, scope = ".o_form_view") {
    return [
        {
            content: `Type ${text} in ${field}`,
            trigger: `${scope} .o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${item}`,
            trigger: `.o-autocomplete--dropdown-item:contains(${item})`,
            run: "click",
        },
        {
            content: `${shown} is chosen`,
            trigger: `${scope} .o_field_widget[name=${field}] input:value(${shown})`,
        },
    ];
}

function type(field, text, scope = ".o_form_view") {
    return {
        content: `Type ${text} in ${field}`,
        trigger: `${scope} .o_field_widget[name=${field}] input`,
        run: `edit ${text}`,
    };
}

function save() {
    return [
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ];
}

function setTargets(template, target, redFlag) {
    const line = `.modal .o_data_row:has(td[name=template]:contains(/^\\s*${template}\\s*$/))`;
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

registry.category("web_tour.tours").add("bsc_build_scorecard_tour", {
    url: "/odoo",
    steps: () => [
        ...openScorecardApp(),
        // the scorecard
        ...openMenu("bsc_core.bsc_menu_scorecard", "the scorecards"),
        {
            content: "A new scorecard",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: `edit ${SCORECARD}`,
        },
        {
            content: "Activate it (which saves it)",
            trigger: ".o_form_view button[name=action_activate]",
            run: "click",
        },
        {
            content: "It is active",
            trigger: ".o_form_saved .o_statusbar_status .o_arrow_button_current:contains(Active)",
        },
        // an objective
        ...openMenu("bsc_core.bsc_menu_objective", "the objectives"),
        {
            content: "A new objective",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        type("name", OBJECTIVE),
        ...pick("scorecard_id", "Tour Built", SCORECARD),
        ...pick("perspective_id", "Financial", "Financial"),
        type("code", "TB1"),
        ...save(),
        // a generic ERP source
        ...openConfigMenu("bsc_core.bsc_menu_source", "the ERP sources"),
        {
            content: "A new ERP source",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        type("name", "Tour confirmed orders"),
        ...pick("model_id", "sale.order", "/^\\s*Sales Order\\s*$/", "Sales Order"),
        ...pick("date_field_id", "Order Date", "Order Date"),
        ...save(),
        // a KPI on it, from the KPIs menu
        ...openMenu("bsc_core.bsc_menu_kpi", "the KPIs"),
        {
            content: "A new KPI",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        type("name", "Tour orders"),
        type("code", "TB_ORDERS"),
        ...pick("objective_id", "tour-built", OBJECTIVE),
        {
            content: "Computed from an ERP source",
            trigger: ".o_field_widget[name=source_type] select",
            run: 'select "source"',
        },
        ...pick("source_id", "Tour confirmed", "Tour confirmed orders"),
        type("target_value", "40"),
        type("red_flag_value", "20"),
        ...save(),
        // the sales KPIs of the wizard
        ...openMenu("bsc_core.bsc_menu_objective", "the objectives"),
        {
            content: "Open the objective",
            trigger: `.o_list_view .o_data_row:contains(${OBJECTIVE}) td[name=name]`,
            run: "click",
        },
        {
            content: "Add Sales KPIs",
            trigger: `.o_form_view:contains(${OBJECTIVE}) .o_form_statusbar button:contains(Add Sales KPIs)`,
            run: "click",
        },
        ...setTargets("Sales revenue", "50000", "30000"),
        ...setTargets("Average order value", "500", "300"),
        ...setTargets("New customers", "5", "2"),
        {
            content: "Add the KPIs",
            trigger: ".modal button[name=action_create_kpis]",
            run: "click",
        },
        {
            content: "No dialog left (no error): the objective's KPIs are listed, "
                + "the sales ones among them",
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:contains(SALES_REVENUE)",
        },
        // recompute and look
        ...openMenu("bsc_core.bsc_menu_dashboard", "the dashboard"),
        {
            content: "Open the scorecard switcher",
            trigger: ".o_bsc_scorecard_switcher",
            run: "click",
        },
        {
            content: "Switch to the new scorecard",
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
            content: "The dashboard shows the objective with its KPIs",
            trigger: `.o_bsc_objective_card:contains(${OBJECTIVE}) .o_bsc_kpi_line:contains(Tour orders)`,
        },
        {
            content: "The sales revenue among them",
            trigger: `.o_bsc_objective_card:contains(${OBJECTIVE}) .o_bsc_kpi_line:contains(Sales revenue)`,
        },
    ],
});

/**
 * A revenue KPI's drill-down adds up to the KPI, run by tests/test_tours.py
 * (TestRevenueDrilldownTour) on the measurement of "Tour revenue" for March
 * 2025: two confirmed orders of 400.00 and 249.50 untaxed (15% tax: 746.93
 * with it). The value is 649.50; the list of the lines behind it shows the
 * untaxed amounts, 649.50 at its foot.
 */
registry.category("web_tour.tours").add("bsc_revenue_drilldown_tour", {
    steps: () => [
        {
            content: "The revenue of March: 649.50",
            trigger: ".o_form_view .o_field_widget[name=actual_value] input",
            run({ anchor }) {
                if (anchor.value !== "649.50") {
                    throw new Error(`the KPI shows ${anchor.value}, not 649.50`);
                }
            },
        },
        {
            content: "Drill down to the records behind it",
            trigger: ".o_form_view .o_form_statusbar button[name=action_drilldown]",
            run: "click",
        },
        {
            content: "Both orders' lines are listed",
            trigger: ".o_list_renderer:contains(Tour order A):contains(Tour order B)",
        },
        {
            content: "Their sum at the foot of the list equals the KPI",
            trigger: ".o_list_renderer tfoot:contains(649.50)",
        },
    ],
});
