/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * The reporting cycle, run by tests/test_reporting_cycle_tours.py on "Cycle
 * defects" (lower is better, target 0, red flag 5) of a 2025 scorecard that
 * asks for approval, whose 12 months have ended.
 *
 * bsc_my_updates_tour: the owner opens My Updates, enters January's value
 * and sees the share done move from 0 to 1 in 12.
 * bsc_approval_tour: the approver opens the submitted value, approves it,
 * and its colour appears.
 */

import { registry } from "@web/core/registry";
import { openScorecardApp } from "@bsc_core/../tests/tours/bsc_tour_utils";

function row(period) {
    return `.o_list_renderer .o_data_row:contains(Cycle defects):contains(${period})`;
}

registry.category("web_tour.tours").add("bsc_my_updates_tour", {
    url: "/odoo",
    steps: () => [
        ...openScorecardApp(),
        {
            content: "Open My Updates",
            trigger: '.o_main_navbar [data-menu-xmlid="bsc_core.bsc_menu_my_updates"]',
            run: "click",
        },
        {
            content: "The instructions say where the number comes from",
            trigger: `${row("2025-01")} td[name=instructions]:contains(Quality log)`,
        },
        {
            content: "Nothing is done yet",
            trigger: ".o_list_footer span[data-tooltip='Share done']:contains(0.00)",
        },
        {
            content: "Edit January's value",
            trigger: `${row("2025-01")} td[name=actual_value]`,
            run: "click",
        },
        {
            content: "Type 0 defects for January",
            trigger: `${row("2025-01")} td[name=actual_value] input`,
            run: "edit 0",
        },
        {
            content: "Save the row",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "January waits for approval",
            trigger: `${row("2025-01")}:not(.o_selected_row) td[name=approval_state]:contains(Submitted)`,
        },
        {
            content: "One value of twelve is done",
            trigger: ".o_list_footer span[data-tooltip='Share done']:contains(8.33)",
        },
    ],
});

registry.category("web_tour.tours").add("bsc_approval_tour", {
    steps: () => [
        {
            content: "The submitted value is not scored yet",
            trigger: ".o_form_view .o_field_widget[name=status]:contains(No data)",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "Its colour appears",
            trigger: ".o_form_view .o_field_widget[name=status] .text-bg-success:contains(Green)",
        },
        {
            content: "It is approved",
            trigger: ".o_form_view .o_field_widget[name=approval_state] .active:contains(Approved), .o_form_view .o_field_widget[name=approval_state] [aria-current]:contains(Approved)",
        },
    ],
});
