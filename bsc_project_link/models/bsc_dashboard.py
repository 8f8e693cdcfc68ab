# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import format_amount, format_date, formatLang


class BscDashboard(models.AbstractModel):
    """The dashboard's objective panel shows, for an initiative run as a
    project, its budget used, its milestones and why its status is what it
    is, formatted here in the reader's language and currency."""

    _inherit = "bsc.dashboard"

    @api.model
    def _bsc_cache_tables(self):
        # the project's name in the initiatives' explanations
        return super()._bsc_cache_tables() | {"project_project"}

    def _bsc_dashboard_initiatives(self, scorecard):
        result = super()._bsc_dashboard_initiatives(scorecard)
        linked = self.env["bsc.initiative"].browse(list(result)).filtered("project_id")
        statuses = dict(
            self.env["bsc.initiative.milestone"]
            ._fields["status"]
            ._description_selection(self.env)
        )
        for initiative in linked:
            currency = initiative.currency_id
            budget = False
            if initiative.budget_planned:
                budget = "%s / %s (%s %%)" % (
                    format_amount(self.env, initiative.budget_spent, currency),
                    format_amount(self.env, initiative.budget_planned, currency),
                    formatLang(self.env, initiative.budget_used_percent, digits=0),
                )
            result[initiative.id]["project"] = {
                "budget": budget,
                "explanation": initiative.state_explanation or "",
                "manual": initiative.state_manual,
                "milestones": [
                    {
                        "id": line.id,
                        "name": line.name,
                        "deadline": format_date(self.env, line.deadline)
                        if line.deadline
                        else "",
                        "status": line.status,
                        "status_label": statuses[line.status],
                    }
                    for line in initiative.milestone_line_ids
                ],
            }
        return result
