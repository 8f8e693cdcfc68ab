# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BscPerspective(models.Model):
    """One of the lenses a strategy is looked through (Financial, Customer...).

    Perspectives are shared by all scorecards of all companies; each scorecard
    says which ones it uses and with what weight (``bsc.scorecard.perspective``).
    """

    _name = "bsc.perspective"
    _description = "Scorecard Perspective"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    question = fields.Char(
        translate=True,
        help="The guiding question of the perspective, e.g. 'How do customers see us?'",
    )
    description = fields.Html(translate=True)
    sequence = fields.Integer(
        default=10,
        help="Order of the bands on the strategy map: the lowest sequence is on top.",
    )
    color = fields.Integer(help="Colour index of the perspective's band.")
    default_weight = fields.Float(
        default=1.0,
        help="Weight given to this perspective when it is added to a scorecard.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "default_weight_positive",
            "CHECK(default_weight >= 0)",
            "A perspective's default weight cannot be negative.",
        ),
    ]
