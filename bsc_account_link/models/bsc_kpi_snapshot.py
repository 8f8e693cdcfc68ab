# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..snapshot_family import (
    OVERDUE_SOURCE_TYPES,
    OVERDUE_TYPES,
    OverdueInvoicesFamily,
)


class BscKpi(models.Model):
    """Open overdue invoices, a period-end snapshot (``snapshot_family.py``)."""

    _inherit = "bsc.kpi"  # pylint: disable=consider-merging-classes-inherited

    source_type = fields.Selection(
        selection_add=OVERDUE_SOURCE_TYPES,
        ondelete=dict.fromkeys(OVERDUE_TYPES, "set default"),
    )

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [OverdueInvoicesFamily]
