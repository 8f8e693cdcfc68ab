# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class MrpWorkcenterProductivity(models.Model):
    _inherit = "mrp.workcenter.productivity"

    bsc_duration_hours = fields.Float(
        string="Duration (Hours)",
        compute="_compute_bsc_duration_hours",
        aggregator="sum",
        help="The time logged, in hours: the unit of a work-centre losses KPI.",
    )

    @api.depends("duration")
    def _compute_bsc_duration_hours(self):
        for log in self:
            log.bsc_duration_hours = log.duration / 60.0

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # not stored, yet summed by pivots and grouped lists: the stored
        # duration, in minutes, over 60
        if fname == "bsc_duration_hours":
            return SQL(
                "(%s / 60.0)", super()._field_to_sql(alias, "duration", query, flush)
            )
        return super()._field_to_sql(alias, fname, query, flush)
