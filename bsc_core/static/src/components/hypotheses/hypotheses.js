/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component } from "@odoo/owl";

const BADGES = {
    supported: "text-bg-success",
    contradicted: "text-bg-danger",
    not_supported: "text-bg-secondary",
    too_little_data: "text-bg-light",
};

/**
 * "Strategy hypotheses": every arrow of the strategy map with what the
 * history says about it (bsc.evidence), then the links to consider.
 */
export class BscHypotheses extends Component {
    static template = "bsc_core.Hypotheses";
    static props = {
        evidence: Object, // {arrows: [...], consider: [...], periods}
        onSelect: Function, // (objectiveId)
    };

    badge(row) {
        return BADGES[row.status] || "text-bg-light";
    }
}
