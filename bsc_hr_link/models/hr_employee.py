# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class HrEmployeeBase(models.AbstractModel):
    """Employees' goals, on the private and the public employee form."""

    _inherit = "hr.employee.base"

    bsc_goal_count = fields.Integer(string="Goals", compute="_compute_bsc_goal_count")

    def _compute_bsc_goal_count(self):
        # Counted with the user's rights: the goals the user may open.
        groups = self.env["bsc.goal"]._read_group(
            [("employee_id", "in", self.ids), ("state", "!=", "cancel")],
            ["employee_id"],
            ["__count"],
        )
        counts = {employee.id: count for employee, count in groups}
        for employee in self:
            employee.bsc_goal_count = counts.get(employee.id, 0)

    def action_view_bsc_goals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bsc_hr_link.bsc_goal_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action
