# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BscScorecardPerspective(models.Model):
    """A perspective as used by one scorecard, with its weight in the roll-up."""

    _name = "bsc.scorecard.perspective"
    _description = "Scorecard Perspective Weight"
    _order = "sequence, id"
    _check_company_auto = True

    scorecard_id = fields.Many2one(
        "bsc.scorecard", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True)
    perspective_id = fields.Many2one(
        "bsc.perspective", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="perspective_id.sequence", store=True)
    color = fields.Integer(related="perspective_id.color")
    question = fields.Char(related="perspective_id.question")
    weight = fields.Float(default=1.0, required=True)

    _sql_constraints = [
        (
            "perspective_unique",
            "UNIQUE(scorecard_id, perspective_id)",
            "A perspective can be used only once per scorecard.",
        ),
        ("weight_positive", "CHECK(weight >= 0)", "Weights cannot be negative."),
    ]
