/** @odoo-module */
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
/**
 * A manager adds inventory KPIs with the "Add Operations KPIs" wizard (issue
 * #17), run by tests/test_wizard_tours.py: from the Objectives menu, the objective
 * the test made, the wizard, a template unticked, two targets adjusted;
 * then a recompute from the dashboard, which shows them. The test checks the
 * values computed from its deliveries.
 */

import { registry } from "@web/core/registry";
import { addKpisWithWizard } from "@bsc_core/../tests/tours/bsc_tour_utils";

registry.category("web_tour.tours").add("bsc_stock_kpi_wizard_tour", {
    url: "/odoo",
    steps: () =>
        addKpisWithWizard({
            scorecard: "Tour Operations 2025",
            objective: "Deliver on time (tour)",
            button: "Add Operations KPIs",
            targets: [
                ["On-time delivery rate", "90", "80"],
                ["Delivery lead time", "4", "8"],
            ],
            untick: "Backorder rate",
            codes: ["STOCK_OTD", "STOCK_LEAD_TIME"],
        }),
});
