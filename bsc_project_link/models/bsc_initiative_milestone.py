# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class BscInitiativeMilestone(models.Model):
    """A milestone of an initiative's project, as last read from the project.

    A copy rather than a link, so that scorecard users without project
    rights see an initiative's milestones."""

    _name = "bsc.initiative.milestone"
    _description = "Initiative Milestone"
    _order = "deadline, id"

    initiative_id = fields.Many2one(
        "bsc.initiative", required=True, ondelete="cascade", index=True
    )
    milestone_id = fields.Many2one("project.milestone", ondelete="set null")
    name = fields.Char(required=True)
    deadline = fields.Date()
    is_reached = fields.Boolean(string="Reached")
    reached_date = fields.Date()
    status = fields.Selection(
        [
            ("planned", "Planned"),
            ("overdue", "Overdue"),
            ("on_time", "Reached on time"),
            ("reached_late", "Reached late"),
        ],
        compute="_compute_status",
    )

    @api.depends("deadline", "is_reached", "reached_date", "initiative_id.state_date")
    def _compute_status(self):
        for line in self:
            deadline = line.deadline
            if line.is_reached:
                late = deadline and line.reached_date and line.reached_date > deadline
                line.status = "reached_late" if late else "on_time"
            elif deadline and deadline < (
                line.initiative_id.state_date or fields.Date.today()
            ):
                line.status = "overdue"
            else:
                line.status = "planned"
