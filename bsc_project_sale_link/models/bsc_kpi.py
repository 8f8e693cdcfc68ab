# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..family import SALE_SOURCE_TYPES, SALE_TYPES, ProjectSaleFamily


class BscKpi(models.Model):
    """The billable share of hours, a project KPI source
    (``bsc_project_sale_link/family.py``)."""

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=SALE_SOURCE_TYPES,
        ondelete=dict.fromkeys(SALE_TYPES, "set default"),
    )

    @api.depends("source_type")
    def _compute_is_project_source(self):
        result = super()._compute_is_project_source()
        for kpi in self.filtered(lambda k: k.source_type in SALE_TYPES):
            kpi.is_project_source = True
        return result

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [ProjectSaleFamily]
