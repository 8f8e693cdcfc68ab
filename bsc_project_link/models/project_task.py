# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from odoo.addons.project.models.project_task import CLOSED_STATES


class ProjectTask(models.Model):
    """When a task was closed: Odoo 18 stores a task's state but not the
    day it became done or cancelled, which the project KPIs count by."""

    _inherit = "project.task"

    bsc_date_closed = fields.Datetime(
        string="Closed On",
        compute="_compute_bsc_date_closed",
        store=True,
        readonly=False,
        copy=False,
        index=True,
        help="When the task was last marked done or cancelled; empty while open.",
    )

    @api.depends("state")
    def _compute_bsc_date_closed(self):
        now = fields.Datetime.now()
        for task in self:
            if task.state in CLOSED_STATES:
                task.bsc_date_closed = task.bsc_date_closed or now
            else:
                task.bsc_date_closed = False
