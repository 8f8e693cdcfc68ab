/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * Steps the tours of the suite share (import them from
 * "@bsc_core/../tests/tours/bsc_tour_utils").
 */

import { stepUtils } from "@web_tour/tour_service/tour_utils";

/** From the home menu, open the Scorecard app. */
export function openScorecardApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Scorecard app",
            trigger: '.o_app[data-menu-xmlid="bsc_core.bsc_menu_root"]',
            run: "click",
        },
    ];
}

/**
 * The number a formatted figure shows ("$ 1,234.50", "12 units", "-55.00"),
 * in the en_US format of the tours' admin.
 */
export function shownNumber(text) {
    const match = text.replace(/[\u2212\u2013]/g, "-").match(/-?[\d,]*\.?\d+/);
    if (!match) {
        throw new Error(`no number in "${text}"`);
    }
    return parseFloat(match[0].replace(/,/g, ""));
}

/**
 * A KPI's drill-down adds up (issue #13): open the dashboard on
 * ``scorecard`` and ``period``, open ``objective``'s panel, then its KPI
 * ``kpi``, whose actual must show ``value``; drill down, and the total the
 * drill-down shows (its pivot's grand total, or its list's sum footer) must
 * be the value shown.
 */
export function drilldownAddsUp({ scorecard, period, objective, kpi, value }) {
    let shown = null;
    return [
        ...openScorecardApp(),
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
            content: `Switch to ${scorecard}`,
            trigger: `.o_bsc_scorecard_item:contains(${scorecard})`,
            run: "click",
        },
        {
            content: `Choose the period ${period}`,
            trigger: `.o_bsc_dashboard:has(.o_bsc_scorecard_switcher:contains(${scorecard})) .o_bsc_period_select`,
            run: `selectByLabel ${period}`,
        },
        {
            content: `Open the objective ${objective}`,
            trigger: `.o_bsc_dashboard:has(.o_bsc_summary:contains(${period})) .o_bsc_objective_card:contains(${objective})`,
            run: "click",
        },
        {
            content: `Open its KPI ${kpi}`,
            trigger: `.o_bsc_objective_panel .o_bsc_panel_kpi:contains(${kpi})`,
            run: "click",
        },
        {
            content: `The KPI shows ${value}`,
            trigger: `.o_bsc_kpi_panel:contains(${kpi}):contains(${period}) .o_bsc_kpi_actual`,
            run({ anchor }) {
                shown = shownNumber(anchor.textContent);
                if (Math.abs(shown - value) > 0.005) {
                    throw new Error(`the KPI shows ${anchor.textContent}, not ${value}`);
                }
            },
        },
        {
            content: "Drill down to the records behind it",
            trigger: ".o_bsc_kpi_panel .o_bsc_drilldown",
            run: "click",
        },
        {
            // a pivot's grand total (its first row), or a list's one sum
            content: "The drill-down's total is the value the KPI shows",
            trigger: [
                ".o_pivot table tbody tr:first-child td.o_pivot_cell_value .o_value",
                ".o_list_renderer tfoot td.o_list_number span",
            ].join(", "),
            run({ anchor }) {
                const total = shownNumber(anchor.textContent);
                if (Math.abs(total - shown) > 0.005) {
                    throw new Error(
                        `the drill-down's total is ${anchor.textContent}, the KPI ${shown}`
                    );
                }
            },
        },
    ];
}

function wizardTemplateLine(template) {
    return `.modal .o_data_row:has(td[name=template]:contains(/^\\s*${template}\\s*$/))`;
}

function setWizardTargets(template, target, redFlag) {
    const line = wizardTemplateLine(template);
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

/**
 * From the Objectives menu, open ``objective``, its wizard ``button``, set
 * the ``targets`` ([template, target, red flag]) of some template lines,
 * untick the template ``untick``, add the KPIs (their ``codes`` listed),
 * then recompute ``scorecard`` from the dashboard, which shows the KPIs of
 * the targets set. The "Add ... KPIs" wizards of the link addons share it.
 */
export function addKpisWithWizard({ scorecard, objective, button, targets, untick, codes }) {
    return [
        ...openScorecardApp(),
        {
            content: "Open the objectives",
            trigger: '.o_main_navbar [data-menu-xmlid="bsc_core.bsc_menu_objective"]',
            run: "click",
        },
        {
            content: "Open the objective",
            trigger: `.o_list_view .o_data_row:contains(${objective}) td[name=name]`,
            run: "click",
        },
        {
            content: button,
            trigger: `.o_form_view:contains(${objective}) .o_form_statusbar button:contains(${button})`,
            run: "click",
        },
        ...targets.flatMap(([template, target, redFlag]) =>
            setWizardTargets(template, target, redFlag)
        ),
        {
            content: `Untick ${untick}`,
            trigger: `${wizardTemplateLine(untick)} td[name=selected] input:checked`,
            run: "click",
        },
        {
            content: `${untick} is not ticked`,
            trigger: `${wizardTemplateLine(untick)} td[name=selected] input:not(:checked)`,
        },
        {
            content: "Add the KPIs",
            trigger: ".modal button[name=action_create_kpis]",
            run: "click",
        },
        {
            content: "No dialog left (no error): the objective's new KPIs are listed",
            trigger: `body:not(:has(.modal)) .o_list_view .o_data_row:contains(${codes[0]})`,
        },
        ...codes.slice(1).map((code) => ({
            content: `${code} too`,
            trigger: `.o_list_view .o_data_row:contains(${code})`,
        })),
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
            trigger: `.o_bsc_scorecard_item:contains(${scorecard})`,
            run: "click",
        },
        {
            content: "Recompute it",
            trigger: `.o_bsc_dashboard:has(.o_bsc_scorecard_switcher:contains(${scorecard})) .o_bsc_recompute`,
            run: "click",
        },
        {
            content: "The values are recomputed",
            trigger: ".o_notification:contains(values recomputed)",
        },
        ...targets.map(([template]) => ({
            content: `The dashboard shows ${template}`,
            trigger: `.o_bsc_objective_card:contains(${objective}) .o_bsc_kpi_line:contains(${template})`,
        })),
    ];
}
