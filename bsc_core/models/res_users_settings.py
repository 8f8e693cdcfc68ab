# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResUsersSettings(models.Model):
    """The dashboard opens where the user left it (bsc.dashboard).

    Kept with the user's other interface settings rather than on res.users:
    choosing a scorecard is no change of the data a dashboard shows, and the
    payload cache watches res_users (rights, companies) for those.
    """

    _inherit = "res.users.settings"

    bsc_scorecard_id = fields.Many2one(
        "bsc.scorecard",
        string="Last Scorecard",
        ondelete="set null",
        help="The scorecard this user last chose on the dashboard.",
    )

    def _get_fields_blacklist(self):
        # not sent to the web client with the other settings (reading its
        # name there would need scorecard rights)
        return super()._get_fields_blacklist() + ["bsc_scorecard_id"]
