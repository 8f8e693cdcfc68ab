/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * The journal items' drill-down adds up to the KPI (issue #13), run by
 * tests/test_tours.py: an expense of 1,000.00 in March 2025 split 60/40
 * between the Tour Shop and Tour Web analytic accounts; the Shop's
 * expenses are 600.00, and the pivot of the journal items sums the 60% the
 * KPI counts, not the item's 1,000.00.
 */

import { registry } from "@web/core/registry";
import { drilldownAddsUp } from "@bsc_core/../tests/tours/bsc_tour_utils";

registry.category("web_tour.tours").add("bsc_journal_drilldown_tour", {
    url: "/odoo",
    steps: () =>
        drilldownAddsUp({
            scorecard: "Tour Accounting Scorecard",
            period: "2025-03",
            objective: "Keep tour shop costs down",
            kpi: "Tour shop expenses",
            value: 600,
        }),
});
