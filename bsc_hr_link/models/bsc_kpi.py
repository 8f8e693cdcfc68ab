# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..family import HR_KINDS, HR_SOURCE_TYPES, HrFamily


class BscKpi(models.Model):
    """KPIs computed from employees and their appraisals: the source types
    and parameters of the HR family (``bsc_hr_link/family.py``), which
    computes them."""

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=HR_SOURCE_TYPES,
        ondelete=dict.fromkeys(HR_KINDS, "set default"),
    )
    is_hr_source = fields.Boolean(compute="_compute_is_hr_source")

    # Parameters of the HR sources, all optional and combinable
    hr_company_id = fields.Many2one(
        "res.company",
        string="Employees Of",
        domain="[('id', 'child_of', company_id)]",
        help="Whose employees count: the scorecard's company (when empty) or "
        "one of its branches.",
    )
    hr_department_id = fields.Many2one(
        "hr.department",
        string="Department",
        domain="[('company_id', 'in', [False, hr_company_id or company_id])]",
        help="Only employees of this department.",
    )
    hr_include_subdepartments = fields.Boolean(
        string="Include Sub-departments",
        default=True,
        help="Also count the employees of the department's sub-departments.",
    )
    hr_job_id = fields.Many2one(
        "hr.job",
        string="Job Position",
        domain="[('company_id', 'in', [False, hr_company_id or company_id])]",
        help="Only employees holding this job position.",
    )

    @api.depends("source_type")
    def _compute_is_hr_source(self):
        for kpi in self:
            kpi.is_hr_source = kpi.source_type in HR_KINDS

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [HrFamily]
