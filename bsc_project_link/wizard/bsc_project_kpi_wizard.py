# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models

TEMPLATES = [
    ("tasks_on_time", "Tasks closed on time"),
    ("tasks_overdue", "Overdue open tasks"),
    ("hours", "Hours logged"),
    ("milestones_on_time", "Milestones reached on time"),
]
# How each template measures, displays and scores, with default targets an
# admin adjusts
TEMPLATE_SETTINGS = {
    "tasks_on_time": {
        "code": "PROJ_TASKS_ON_TIME",
        "source_type": "project_tasks_on_time",
        "indicator_type": "lagging",
        "unit": "tasks",
        "decimal_places": 0,
        "aggregation": "sum",
        "polarity": "higher",
        "target_value": 20.0,
        "red_flag_value": 10.0,
    },
    "tasks_overdue": {
        "code": "PROJ_TASKS_OVERDUE",
        "source_type": "project_tasks_overdue",
        "indicator_type": "leading",
        "unit": "tasks",
        "decimal_places": 0,
        "aggregation": "last",
        "polarity": "lower",
        "target_value": 2.0,
        "red_flag_value": 5.0,
    },
    "hours": {
        "code": "PROJ_HOURS",
        "source_type": "project_hours",
        "indicator_type": "leading",
        "unit": "h",
        "decimal_places": 1,
        "aggregation": "sum",
        "polarity": "higher",
        "target_value": 500.0,
        "red_flag_value": 300.0,
    },
    "milestones_on_time": {
        "code": "PROJ_MILESTONES_ON_TIME",
        "source_type": "project_milestones_on_time",
        "indicator_type": "lagging",
        "unit": "milestones",
        "decimal_places": 0,
        "aggregation": "sum",
        "polarity": "higher",
        "target_value": 2.0,
        "red_flag_value": 1.0,
    },
}


class BscProjectKpiWizard(models.TransientModel):
    """Add ready-made project KPIs to an objective (bsc.kpi.template.wizard).

    A code suffix adds the same KPIs once more, e.g. for another project.
    """

    _name = "bsc.project.kpi.wizard"
    _inherit = ["bsc.kpi.template.wizard"]
    _description = "Add Project KPIs"
    _bsc_templates = TEMPLATES
    _bsc_template_settings = TEMPLATE_SETTINGS

    code_suffix = fields.Char(
        help="Appended to every code, e.g. _PORTAL, to add the same KPIs again "
        "for another project.",
    )
    project_project_id = fields.Many2one(
        "project.project",
        string="Project",
        domain="[('company_id', 'in', [False, company_id])]",
        help="Only this project's tasks, timesheets and milestones; empty: "
        "those of every project of the company.",
    )
    line_ids = fields.One2many(
        "bsc.project.kpi.wizard.line",
        "wizard_id",
        string="KPIs",
        default=lambda self: self._default_line_ids(),
    )

    def _manager_action_label(self):
        return _("add project KPIs")

    def _kpi_source_values(self, line):
        return {"project_project_id": self.project_project_id.id}


class BscProjectKpiWizardLine(models.TransientModel):
    _name = "bsc.project.kpi.wizard.line"
    _inherit = ["bsc.kpi.template.wizard.line"]
    _description = "Project KPI Template"

    wizard_id = fields.Many2one("bsc.project.kpi.wizard")
    template = fields.Selection(TEMPLATES)

    def _description_texts(self):
        return {
            "tasks_on_time": _(
                "Tasks done in the period by their deadline (tasks without a "
                "deadline do not count)."
            ),
            "tasks_overdue": _(
                "Tasks still open at the end of the period whose deadline had "
                "passed by then."
            ),
            "hours": _("Hours logged on project timesheets dated in the period."),
            "milestones_on_time": _(
                "Milestones reached in the period by their deadline (milestones "
                "without a deadline do not count)."
            ),
        }
