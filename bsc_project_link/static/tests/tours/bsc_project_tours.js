/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * Run by tests/test_tours.py: on the form of the initiative "Tour rollout",
 * an admin picks the project "Tour rollout project" (3 of its 4 tasks done)
 * and saves; the initiative shows 75 % progress and why its status is what
 * it is. Then the dashboard's objective panel shows the initiative at 75 %,
 * its milestone, its budget used and why it is late.
 */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("bsc_project_link_tour", {
    steps: () => [
        {
            content: "Type the project's name",
            trigger: ".o_form_view .o_field_widget[name=project_id] input",
            run: "edit Tour rollout project",
        },
        {
            content: "Choose the project",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour rollout project)",
            run: "click",
        },
        {
            content: "Save the initiative",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The progress is read from the project: 3 tasks done of 4",
            trigger: ".o_form_saved .o_field_widget[name=progress]:contains(75)",
        },
        {
            content: "The status says why",
            trigger: ".o_bsc_state_explanation:contains(deadline)",
        },
    ],
});

registry.category("web_tour.tours").add("bsc_project_dashboard_tour", {
    steps: () => [
        {
            content: "Open the objective of the initiative",
            trigger: ".o_bsc_objective_card:contains(Run tour projects)",
            run: "click",
        },
        {
            content: "Its panel shows the initiative at 75 %",
            trigger:
                ".o_bsc_panel_initiatives li:contains(Tour rollout) [aria-valuenow='75']",
        },
        {
            content: "with its milestone, budget used and why it is late",
            trigger:
                ".o_bsc_panel_initiative_values:has(.o_bsc_panel_detail:contains(Tour go-live)):has(.o_bsc_panel_budget:contains(Budget used)):has(.o_bsc_panel_explanation:contains(deadline))",
        },
    ],
});
