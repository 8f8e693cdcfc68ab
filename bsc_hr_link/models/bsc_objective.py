# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models

from odoo.addons.bsc_core.engine import rollup
from odoo.addons.bsc_core.models.bsc_measurement import STATUSES
from odoo.addons.bsc_core.tools.fields import NullableFloat

from .bsc_goal import APPRAISED_STATES


class BscObjective(models.Model):
    """Objectives cascaded to employees as goals.

    The counts and the goal score are aggregates computed as superuser, so
    that scorecard users without HR rights see how people contribute to an
    objective without seeing anyone's appraisal lines.
    """

    _inherit = "bsc.objective"

    goal_ids = fields.One2many("bsc.goal", "objective_id", string="Goals")
    goal_count = fields.Integer(compute="_compute_goal_figures")
    goal_employee_count = fields.Integer(
        string="Contributors", compute="_compute_goal_figures"
    )
    contributing_employee_ids = fields.Many2many(
        "hr.employee",
        string="Contributing Employees",
        compute="_compute_goal_figures",
        help="Employees with a goal in progress or closed on this objective.",
    )
    goal_score = NullableFloat(
        string="Appraised Goal Score",
        compute="_compute_goal_figures",
        digits=(16, 2),
        help="Weighted mean of the goals' scores in their latest completed "
        "appraisal; goals not appraised yet are left out.",
    )
    goal_status = fields.Selection(
        STATUSES, string="Appraised Goal Status", compute="_compute_goal_figures"
    )
    goal_score_info = fields.Char(
        string="Goal Score Basis", compute="_compute_goal_figures"
    )

    @api.depends("goal_ids.state", "goal_ids.employee_id", "goal_ids.weight")
    def _compute_goal_figures(self):
        goals = (
            self.env["bsc.goal"]
            .sudo()
            .search(
                [("objective_id", "in", self.ids), ("state", "in", APPRAISED_STATES)]
            )
        )
        last_lines = goals._bsc_last_lines(completed_only=True)
        for objective in self:
            own = goals.filtered(lambda g, o=objective: g.objective_id.id == o.id)
            objective.goal_count = len(own)
            objective.contributing_employee_ids = own.employee_id
            objective.goal_employee_count = len(own.employee_id)
            result = rollup.weighted_mean(
                (
                    str(goal.id),
                    last_lines[goal.id].score if goal.id in last_lines else None,
                    goal.weight,
                )
                for goal in own
            )
            objective.goal_score = result.value  # None: no goal appraised
            objective.goal_status = result.status
            appraised = sum(1 for goal in own if goal.id in last_lines)
            objective.goal_score_info = (
                _(
                    "%(appraised)s of %(count)s goals appraised",
                    appraised=appraised,
                    count=len(own),
                )
                if own
                else False
            )

    def action_view_goals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bsc_hr_link.bsc_goal_action"
        )
        action["domain"] = [("objective_id", "=", self.id)]
        action["context"] = {"default_objective_id": self.id}
        return action

    def action_open_cascade_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bsc_hr_link.bsc_cascade_wizard_action"
        )
        action["context"] = {"default_objective_id": self.id}
        return action
