# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # the dashboard opens where the user left it (bsc.dashboard)
    bsc_scorecard_id = fields.Many2one(
        "bsc.scorecard",
        string="Last Scorecard",
        ondelete="set null",
        help="The scorecard this user last chose on the dashboard.",
    )
