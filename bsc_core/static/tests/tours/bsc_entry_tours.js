/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * An owner enters the actuals of a manual KPI in the Measurements list, run
 * by tests/test_tours.py (TestEntryTour) on "Tour defects" (lower is better,
 * target 0, red flag 5) of a 2025 scorecard: 0 defects in 2025-01 is a value
 * and green; 7 in 2025-02, with a comment, is red. The unit has its column,
 * and "Tour returns", the administrator's KPI, is read-only for this owner.
 */

import { registry } from "@web/core/registry";
import { openScorecardApp } from "@bsc_core/../tests/tours/bsc_tour_utils";

function row(period) {
    return `.o_list_renderer .o_data_row:contains(Tour defects):contains(${period})`;
}

function otherRow(period) {
    return `.o_list_renderer .o_data_row:contains(Tour returns):contains(${period})`;
}

registry.category("web_tour.tours").add("bsc_entry_tour", {
    url: "/odoo",
    steps: () => [
        ...openScorecardApp(),
        {
            content: "Open the measurements to enter",
            trigger: '.o_main_navbar [data-menu-xmlid="bsc_core.bsc_menu_measurement"]',
            run: "click",
        },
        {
            content: "January has no value yet: its box is empty, not 0.00",
            trigger: `${row("2025-01")} td[name=actual_value]:empty`,
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
            content: "0 defects is a value, and green",
            trigger: `${row("2025-01")}:not(.o_selected_row) td[name=status] .text-bg-success`,
        },
        {
            content: "January now shows 0.00",
            trigger: `${row("2025-01")} td[name=actual_value]:contains(0.00)`,
        },
        {
            content: "Edit February's value",
            trigger: `${row("2025-02")} td[name=actual_value]`,
            run: "click",
        },
        {
            content: "Type 7 defects for February",
            trigger: `${row("2025-02")} td[name=actual_value] input`,
            run: "edit 7",
        },
        {
            content: "Explain it in the comment",
            trigger: `${row("2025-02")} td[name=comment] textarea, ${row("2025-02")} td[name=comment] input`,
            run: "edit A supplier batch failed.",
        },
        {
            content: "Save the row",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "7 defects is red, and the comment is kept",
            trigger: `${row("2025-02")}:not(.o_selected_row):contains(A supplier batch failed.) td[name=status] .text-bg-danger`,
        },
        {
            content: "The unit has its column",
            trigger: `${row("2025-02")} td[name=unit]:contains(defects)`,
        },
        {
            content: "Show every KPI, not only mine",
            trigger: ".o_searchview_facet:contains(My KPIs) .o_facet_remove",
            run: "click",
        },
        {
            content: "Look for the administrator's KPI",
            trigger: ".o_searchview_input",
            run: "edit Tour returns",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Click a value of another owner's KPI",
            trigger: `${otherRow("2025-01")} td[name=actual_value]`,
            run: "click",
        },
        {
            content: "It is read-only for this user, and so is its comment",
            trigger: `${otherRow("2025-01")}.o_selected_row td[name=actual_value].o_readonly_modifier:not(:has(input))`,
        },
        {
            trigger: `${otherRow("2025-01")}.o_selected_row td[name=comment].o_readonly_modifier`,
        },
    ],
});
