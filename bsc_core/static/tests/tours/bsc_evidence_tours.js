/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

/**
 * The evidence of the demo scorecard (tests/test_evidence.py): its history
 * supports Develop skills -> Improve product quality two months later and
 * contradicts Digitise processes -> Speed up delivery.
 */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("bsc_evidence_tour", {
    steps: () => [
        {
            content: "The strategy map draws the supported arrow as supported",
            trigger: ".o_bsc_strategy_map .o_bsc_map_link.o_bsc_map_link_supported",
        },
        {
            content: "Its tooltip gives r, the lag, the periods and p",
            trigger:
                ".o_bsc_map_link_supported[data-evidence-tooltip*='at a 2-month lag'][data-evidence-tooltip*='p = ']",
        },
        {
            content: "The contradicted arrow has its own style",
            trigger: ".o_bsc_map_link.o_bsc_map_link_contradicted",
        },
        {
            content: "The dashboard lists the strategy hypotheses",
            trigger:
                ".o_bsc_hypotheses_table tr[data-status=supported]:contains(Develop skills):contains(Improve product quality)",
        },
        {
            content: "and what needs attention",
            trigger: ".o_bsc_needs_attention li[data-kind=contradicted]:contains(Digitise processes)",
        },
    ],
});
