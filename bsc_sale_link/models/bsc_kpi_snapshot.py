# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..snapshot_family import PIPELINE_SOURCE_TYPES, PIPELINE_TYPES, SalePipelineFamily


class BscKpi(models.Model):
    """The open pipeline, a period-end snapshot (``snapshot_family.py``)."""

    _inherit = "bsc.kpi"  # pylint: disable=consider-merging-classes-inherited

    source_type = fields.Selection(
        selection_add=PIPELINE_SOURCE_TYPES,
        ondelete=dict.fromkeys(PIPELINE_TYPES, "set default"),
    )

    @api.depends("source_type")
    def _compute_is_sale_source(self):
        # the sales parameters select the quotations of the pipeline too
        res = super()._compute_is_sale_source()
        for kpi in self.filtered(lambda k: k.source_type in PIPELINE_TYPES):
            kpi.is_sale_source = True
        return res

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [SalePipelineFamily]
