# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

FREQUENCIES = [("month", "Monthly"), ("quarter", "Quarterly"), ("year", "Yearly")]
# Finest first: a period of a finer frequency lies inside one of a coarser one.
FREQUENCY_RANK = {"month": 0, "quarter": 1, "year": 2}


class BscPeriod(models.Model):
    """A month, quarter or year of a scorecard's span.

    Periods are generated from the scorecard's span (see
    ``bsc.scorecard.action_generate_periods``). A locked period freezes its
    measurements: no recompute, no manual entry, no deletion.
    """

    _name = "bsc.period"
    _description = "Scorecard Period"
    _order = "scorecard_id, date_start, frequency desc"
    _check_company_auto = True

    name = fields.Char(required=True)
    scorecard_id = fields.Many2one(
        "bsc.scorecard", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True)
    frequency = fields.Selection(FREQUENCIES, required=True)
    date_start = fields.Date(required=True)
    date_end = fields.Date(required=True)
    locked = fields.Boolean(
        copy=False,
        help="A locked period's measurements cannot change anymore.",
    )

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE(scorecard_id, frequency, date_start)",
            "A scorecard has one period per frequency and start date.",
        ),
        (
            "dates_order",
            "CHECK(date_start <= date_end)",
            "A period ends after it starts.",
        ),
    ]

    @api.depends("name", "frequency")
    def _compute_display_name(self):
        for period in self:
            period.display_name = period.name

    def action_lock(self):
        self.locked = True

    def action_unlock(self):
        self.locked = False

    def action_open_scorecard(self):
        """Open the scorecard showing this period's figures."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "bsc.scorecard",
            "res_id": self.scorecard_id.id,
            "views": [(False, "form")],
            "context": {"bsc_period_id": self.id},
        }

    def _check_not_locked(self):
        """Raise a UserError naming the first locked period of ``self``."""
        locked = self.filtered("locked")
        if locked:
            raise UserError(
                _(
                    "Period %(period)s of scorecard '%(scorecard)s' is locked: its "
                    "values cannot change. Ask a scorecard manager to unlock it.",
                    period=locked[0].name,
                    scorecard=locked[0].scorecard_id.name,
                )
            )

    def _contains(self, other):
        """Whether ``other``'s dates lie within this period's dates."""
        self.ensure_one()
        return self.date_start <= other.date_start and other.date_end <= self.date_end
