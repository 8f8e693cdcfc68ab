/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * Someone imports a sheet of values with three bad rows into the
 * Measurements list, run by tests/test_tours.py (TestImportTour) on the 2025
 * scorecard of "Tour defects" (code TDEFECTS): an unknown KPI, a misspelt
 * one and a month that does not exist. Odoo's import screen shows each
 * row's reason, the KPIs' under the KPI column and the period's under the
 * period column.
 */

import { registry } from "@web/core/registry";
import { openScorecardApp } from "@bsc_core/../tests/tours/bsc_tour_utils";

const CSV = [
    "kpi_id,period_id,actual_value,comment",
    "TDEFECTS,2025-01,3,Fine",
    "NOPE,2025-02,1,",
    "Tour defect,2025-03,2,",
    "TDEFECTS,2025-13,4,",
].join("\n");

function columnErrors(column) {
    return `.o_import_data_content tr:has(.o_import_file_column_cell:contains(${column})) .o_import_report`;
}

registry.category("web_tour.tours").add("bsc_import_tour", {
    url: "/odoo",
    steps: () => [
        ...openScorecardApp(),
        {
            content: "Open the measurements",
            trigger: '.o_main_navbar [data-menu-xmlid="bsc_core.bsc_menu_measurement"]',
            run: "click",
        },
        {
            content: "Open the actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Import records",
            trigger: ".o_import_menu",
            run: "click",
        },
        {
            content: "Upload the sheet (as the file dialog would)",
            trigger: ".o_control_panel .o_file_input:has(button.o_import_file)",
            async run({ anchor }) {
                const input = anchor.querySelector("input[type=file]");
                const file = new File([CSV], "values.csv", { type: "text/csv" });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Test the import",
            trigger: ".o_control_panel button:contains(Test)",
            run: "click",
        },
        {
            content: "The unknown KPI's reason, under the KPI column",
            trigger: `${columnErrors("kpi_id")}:contains(No KPI has the code or name 'NOPE')`,
        },
        {
            content: "The misspelt KPI's reason, under the KPI column",
            trigger: `${columnErrors("kpi_id")}:contains(No KPI has the code or name 'Tour defect')`,
        },
        {
            content: "The month that does not exist, under the period column",
            trigger: `${columnErrors("period_id")}:contains(period '2025-13')`,
        },
    ],
});
