/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * The scrapped quantity's drill-down adds up to the KPI (issue #13), run by
 * tests/test_tours.py: May 2025's scraps of 2 frames, half a dozen and 1
 * frame are 9 frames; the list of the scrapped moves sums, at its foot,
 * the quantity the KPI counts (the scraps' own quantities sum 3.5).
 */

import { registry } from "@web/core/registry";
import { drilldownAddsUp } from "@bsc_core/../tests/tours/bsc_tour_utils";

registry.category("web_tour.tours").add("bsc_scrap_drilldown_tour", {
    url: "/odoo",
    steps: () =>
        drilldownAddsUp({
            scorecard: "Tour Stock Scorecard",
            period: "2025-05",
            objective: "Waste fewer tour frames",
            kpi: "Tour frames scrapped",
            value: 9,
        }),
});
