# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The briefing books sent: one record per delivery."""

from odoo import fields, models


class BscBriefingDelivery(models.Model):
    """One briefing book sent: what was sent when, and the KPI statuses it
    showed (the next one tells what changed since). A scheduled delivery
    has one record per period or week, which keeps it from going twice."""

    _name = "bsc.briefing.delivery"
    _description = "Briefing Book Delivery"
    _order = "sent_at desc, id desc"

    scorecard_id = fields.Many2one(
        "bsc.scorecard", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True)
    period_id = fields.Many2one("bsc.period", ondelete="set null")
    key = fields.Char(
        required=True,
        help="What the delivery is for: a period, a week, or a 'send now'.",
    )
    sent_at = fields.Datetime(required=True, default=fields.Datetime.now)
    message_id = fields.Many2one("mail.message", ondelete="set null")
    partner_ids = fields.Many2many("res.partner", string="Recipients")
    score = fields.Float(digits=(16, 2))
    statuses = fields.Json(help="{kpi id: status} as the book showed them.")

    _sql_constraints = [
        (
            "scorecard_key_unique",
            "UNIQUE(scorecard_id, key)",
            "A briefing book is sent once per period of its schedule.",
        ),
    ]
