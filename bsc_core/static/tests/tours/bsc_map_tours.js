/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * The strategy map's journeys of issue #13, run by tests/test_map_tours.py
 * on the tour scorecard of tests/test_tours.py ("BSC Tour Scorecard", 2025,
 * monthly; Train tour staff TL1 drives Ship tour orders fast TI1 and
 * Automate tour billing TI2; TI1 drives Delight tour customers TC1, which
 * drives Grow tour revenue TF1).
 */

import { registry } from "@web/core/registry";

function nodePositions() {
    const positions = {};
    for (const node of document.querySelectorAll(".o_bsc_map_node")) {
        const [x, y] = node
            .getAttribute("transform")
            .match(/-?[\d.]+/g)
            .map(Number);
        positions[node.dataset.code] = { x, y };
    }
    return positions;
}

function rectOf(selector) {
    const el = document.querySelector(selector);
    if (!el) {
        throw new Error(`${selector} not found`);
    }
    return el.getBoundingClientRect();
}

registry.category("web_tour.tours").add("bsc_map_keeps_boxes_tour", {
    steps: () => [
        {
            content: "The strategy map is drawn",
            trigger: '.o_bsc_map_node[data-code="TI2"]',
            run() {
                window.bscPositionsBefore = nodePositions();
            },
        },
        {
            trigger: ".o_bsc_map_edit_toggle",
            run: "click",
        },
        {
            trigger: ".o_bsc_strategy_map.o_bsc_map_edit_mode",
        },
        {
            content: "Add a link: Automate tour billing drives Delight tour customers",
            trigger: '.o_bsc_map_node[data-code="TI2"]',
            run: 'drag_and_drop .o_bsc_map_node[data-code="TC1"]',
        },
        {
            content: "The new link is drawn",
            trigger:
                '.o_bsc_strategy_map:has(.o_bsc_map_link[data-cause-code="TI2"][data-effect-code="TC1"])',
        },
        {
            content: "Every box is where it was",
            trigger: ".o_bsc_strategy_map:not(.o_bsc_map_busy)",
            run() {
                const before = window.bscPositionsBefore;
                const after = nodePositions();
                for (const [code, position] of Object.entries(before)) {
                    const now = after[code];
                    if (Math.abs(now.x - position.x) > 1 || Math.abs(now.y - position.y) > 1) {
                        throw new Error(
                            `${code} moved from ${JSON.stringify(position)} to ${JSON.stringify(now)}`
                        );
                    }
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("bsc_map_zoom_tour", {
    steps: () => [
        {
            content: "The strategy map is drawn",
            trigger: '.o_bsc_map_node[data-code="TF1"]',
        },
        ...[1, 2, 3].map(() => ({
            content: "Zoom in",
            trigger: ".o_bsc_map_zoom_in",
            run: "click",
        })),
        {
            content: "Zoomed in, the toolbar is above the drawing, not over its nodes",
            trigger: ".o_bsc_map_toolbar",
            run() {
                const toolbar = rectOf(".o_bsc_map_toolbar");
                const svg = rectOf(".o_bsc_map_svg");
                if (toolbar.bottom > svg.top + 0.5) {
                    throw new Error(
                        `the toolbar (bottom ${toolbar.bottom}) covers the map (top ${svg.top})`
                    );
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("bsc_map_panel_tour", {
    steps: () => [
        {
            content: "The strategy map is drawn",
            trigger: '.o_bsc_map_node[data-code="TF1"]',
        },
        {
            content: "Open the objective on the right of the map",
            trigger: ".o_bsc_map_node",
            run() {
                const nodes = [...document.querySelectorAll(".o_bsc_map_node")];
                const right = (el) => el.getBoundingClientRect().right;
                const rightmost = nodes.reduce((a, b) => (right(b) > right(a) ? b : a));
                window.bscOpened = rightmost.dataset.code;
                rightmost.dispatchEvent(
                    new PointerEvent("pointerdown", { bubbles: true, button: 0 })
                );
                window.dispatchEvent(new PointerEvent("pointerup", { bubbles: true }));
            },
        },
        {
            content: "Its panel opens",
            trigger: ".o_bsc_objective_panel",
        },
        {
            content: "The panel is beside the map, and the opened objective is in view",
            trigger: ".o_bsc_map_node.o_bsc_selected",
            run() {
                const panel = rectOf(".o_bsc_objective_panel");
                const svg = rectOf(".o_bsc_map_svg");
                if (panel.left < svg.right - 0.5) {
                    throw new Error("the side panel covers the map");
                }
                const node = rectOf(`.o_bsc_map_node[data-code="${window.bscOpened}"]`);
                if (node.left < svg.left || node.right > svg.right) {
                    throw new Error(
                        `${window.bscOpened} is out of view (${node.left}-${node.right}, map ${svg.left}-${svg.right})`
                    );
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("bsc_map_period_arrows_tour", {
    steps: () => [
        {
            trigger: '.o_bsc_map_node[data-code="TF1"]',
        },
        {
            content: "Show the last period of the scorecard",
            trigger: ".o_bsc_period_select",
            run: "selectByLabel 2025-12",
        },
        {
            content: "The next-period arrow is disabled and says why",
            trigger:
                '.o_bsc_period_next[aria-disabled="true"][data-tooltip*="2025-12 is the last period"]',
        },
        {
            content: "The previous-period arrow still works",
            trigger: '.o_bsc_period_prev[aria-disabled="false"]',
            run: "click",
        },
        {
            trigger: ".o_bsc_summary:contains(2025-11)",
        },
        {
            content: "Show the first period",
            trigger: ".o_bsc_period_select",
            run: "selectByLabel 2025-01",
        },
        {
            content: "The previous-period arrow is disabled and says why",
            trigger:
                '.o_bsc_period_prev[aria-disabled="true"][data-tooltip*="2025-01 is the first period"]',
        },
        {
            trigger: '.o_bsc_period_next[aria-disabled="false"]',
        },
    ],
});

registry.category("web_tour.tours").add("bsc_map_back_tour", {
    url: "/odoo/action-bsc_core.bsc_initiative_action",
    steps: () => [
        {
            content: "The initiatives",
            trigger: ".o_view_controller:contains(Tour roadshow)",
        },
        {
            content: "Open the strategy map from a link",
            trigger: ".o_view_controller:contains(Tour roadshow)",
            run() {
                window.location.href = "/odoo/strategy-map";
            },
        },
        {
            content: "Open an objective from the map",
            trigger: ".o_bsc_map_node",
            run: "click",
        },
        {
            content: "Go back with the browser",
            trigger: ".o_bsc_objective_panel",
            run() {
                history.back();
            },
        },
        {
            content: "Back leaves the map for the initiatives the user came from",
            trigger: ".o_view_controller:contains(Tour roadshow)",
        },
        {
            trigger: "body:not(:has(.o_bsc_strategy_map))",
        },
    ],
});
