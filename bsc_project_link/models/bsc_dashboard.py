# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class BscDashboard(models.AbstractModel):
    """The objective panel shows ``bsc.initiative._bsc_report_values()``,
    which this addon extends with the project's figures; the payload's cache
    also depends on the projects (their names are in the explanations)."""

    _inherit = "bsc.dashboard"

    @api.model
    def _bsc_cache_tables(self):
        # the project's name in the initiatives' explanations
        return super()._bsc_cache_tables() | {"project_project"}
