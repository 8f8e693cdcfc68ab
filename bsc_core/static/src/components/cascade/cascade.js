/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component } from "@odoo/owl";
import { statusHelpers } from "../dashboard/bsc_format";

/**
 * The cascade: the tree of scorecards (parent -> aligned children) with
 * each one's score and status for the same dates, and for each objective of
 * the current scorecard the child objectives aligned to it.
 */
export class BscCascade extends Component {
    static template = "bsc_core.Cascade";
    static props = {
        root: Object, // {id, name, state, score, status, current, children}
        perspectives: Array, // matrix perspective rows of the current scorecard
        objectivesInfo: Object, // {id: {parent, aligned}}
        onOpenScorecard: Function,
        onSelectObjective: Function,
    };

    get alignedObjectives() {
        const rows = [];
        for (const perspective of this.props.perspectives) {
            for (const objective of perspective.objectives) {
                const info = this.props.objectivesInfo[objective.id] || {};
                if (info.aligned?.length || info.parent) {
                    rows.push({ objective, perspective, info });
                }
            }
        }
        return rows;
    }
}

Object.assign(BscCascade.prototype, statusHelpers);
