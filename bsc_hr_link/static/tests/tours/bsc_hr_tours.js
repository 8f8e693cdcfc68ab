/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * HR cascades an objective to a department and scores the goal in an
 * appraisal, run by tests/test_tours.py on a 2025 scorecard built there:
 * "Cut tour rework" is cascaded to the Tour Rework Team (Tour Dana) with its
 * own target, lower is better: target 0 reworks, red flag 3. Dana's
 * appraisal is confirmed, her goal line gets 0 reworks: her best result,
 * green.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const LINE = ".o_field_widget[name=goal_line_ids] .o_data_row:contains(Cut tour rework)";

registry.category("web_tour.tours").add("bsc_hr_cascade_tour", {
    steps: () => [
        {
            content: "Cascade it to employees, from the objective's header",
            trigger: ".o_form_view .o_form_statusbar button[name=action_open_cascade_wizard]",
            run: "click",
        },
        {
            content: "To the Tour Rework Team",
            trigger: ".modal .o_field_widget[name=department_id] input",
            run: "edit Tour Rework",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Rework Team)",
            run: "click",
        },
        {
            content: "Tour Dana is reached",
            trigger: ".modal .o_field_widget[name=reached_employee_ids]:contains(Tour Dana)",
        },
        {
            content: "Describe the goal",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit No rework in 2025",
        },
        {
            content: "Lower is better",
            trigger: ".modal .o_field_widget[name=polarity] select",
            run: 'select "lower"',
        },
        {
            content: "Target: no rework",
            trigger: ".modal .o_field_widget[name=target_value] input",
            run: "edit 0",
        },
        {
            content: "Red flag: 3 reworks",
            trigger: ".modal .o_field_widget[name=red_flag_value] input",
            run: "edit 3",
        },
        {
            content: "Cascade",
            trigger: ".modal button[name=action_cascade]",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Appraisals app",
            trigger: '.o_app[data-menu-xmlid="hr_appraisal_oca.menu_hr_appraisal_root"]',
            run: "click",
        },
        {
            content: "Open Tour Dana's appraisal",
            trigger: ".o_kanban_record:contains(Tour Dana)",
            run: "click",
        },
        {
            content: "Confirm it: the goal lines are filled from her goals",
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The appraisal's Goals tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Goals)",
            run: "click",
        },
        {
            content: "Her goal line has no value yet: an empty box, not 0.00",
            trigger: `${LINE} td[name=actual_value]:empty`,
            run: "click",
        },
        {
            content: "No rework at all: type 0",
            trigger: `${LINE} td[name=actual_value] input`,
            run: "edit 0",
        },
        {
            content: "Save the appraisal",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "0 reworks is her best result: green",
            trigger: `.o_form_saved ${LINE} td[name=status] .text-bg-success`,
        },
        {
            content: "The overall goal score is green too",
            trigger: ".o_field_widget[name=goal_status] .text-bg-success",
        },
    ],
});
