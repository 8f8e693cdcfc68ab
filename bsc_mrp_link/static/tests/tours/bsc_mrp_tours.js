/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * The work-centre losses' drill-down adds up to the KPI (issue #13), run by
 * tests/test_tours.py: May 2025's losses of 45 and 75 minutes on the tour
 * press are 2 hours; the pivot of the time logs sums them in hours.
 */

import { registry } from "@web/core/registry";
import { drilldownAddsUp } from "@bsc_core/../tests/tours/bsc_tour_utils";

registry.category("web_tour.tours").add("bsc_loss_drilldown_tour", {
    url: "/odoo",
    steps: () =>
        drilldownAddsUp({
            scorecard: "Tour Manufacturing Scorecard",
            period: "2025-05",
            objective: "Keep the tour press running",
            kpi: "Tour press losses",
            value: 2,
        }),
});
