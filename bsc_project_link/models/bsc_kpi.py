# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..family import PROJECT_SOURCE_TYPES, PROJECT_TYPES, ProjectFamily


class BscKpi(models.Model):
    """KPIs computed from projects: the source types and parameter of the
    project family (``bsc_project_link/family.py``), which computes them."""

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=PROJECT_SOURCE_TYPES,
        ondelete=dict.fromkeys(PROJECT_TYPES, "set default"),
    )
    is_project_source = fields.Boolean(compute="_compute_is_project_source")
    project_project_id = fields.Many2one(
        "project.project",
        string="Project",
        domain="[('company_id', 'in', [False, company_id])]",
        help="Only the tasks, timesheets or milestones of this project; empty: "
        "those of every project of the company.",
    )

    @api.depends("source_type")
    def _compute_is_project_source(self):
        for kpi in self:
            kpi.is_project_source = kpi.source_type in PROJECT_TYPES

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [ProjectFamily]
