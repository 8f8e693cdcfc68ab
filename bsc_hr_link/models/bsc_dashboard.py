# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

# Models whose record rules are per person (their own, their team's) and
# which the dashboard's payload never reads as the reader: the objectives'
# goal figures are computed as superuser (bsc_objective.py)
PERSONAL_MODELS = {"bsc.goal", "bsc.appraisal.goal.line"}


class BscDashboard(models.AbstractModel):
    _inherit = "bsc.dashboard"

    @api.model
    def _bsc_cache_rule_models(self):
        # Left in, their rules (on user.id) would make every internal user a
        # reader of their own, and no two users would share a payload. Their
        # tables stay watched (bsc_core's _bsc_cache_tables): a change to a
        # goal still makes a new payload.
        return super()._bsc_cache_rule_models() - PERSONAL_MODELS
