/** @odoo-module */
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
/**
 * A manager adds manufacturing KPIs with the "Add Manufacturing KPIs" wizard (issue
 * #17), run by tests/test_wizard_tours.py: from the Objectives menu, the objective
 * the test made, the wizard, a template unticked, two targets adjusted;
 * then a recompute from the dashboard, which shows them. The test checks the
 * values computed from its manufacturing orders.
 */

import { registry } from "@web/core/registry";
import { addKpisWithWizard } from "@bsc_core/../tests/tours/bsc_tour_utils";

registry.category("web_tour.tours").add("bsc_mrp_kpi_wizard_tour", {
    url: "/odoo",
    steps: () =>
        addKpisWithWizard({
            scorecard: "Tour Manufacturing 2025",
            objective: "Make on time (tour)",
            button: "Add Manufacturing KPIs",
            targets: [
                ["Manufacturing orders on time", "90", "80"],
                ["Production lead time", "4", "8"],
            ],
            untick: "Work-centre losses",
            codes: ["MRP_ON_TIME", "MRP_LEAD_TIME"],
        }),
});
