# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engine import periods as period_engine

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

    @api.model
    def _bsc_generate(self, scorecards):
        """Create the months, quarters and years of each scorecard's span.

        Periods outside the span are removed unless they hold measurements.
        """
        Period = self.sudo()
        for scorecard in scorecards:
            existing = {
                (p.frequency, p.date_start): p for p in scorecard.sudo().period_ids
            }
            wanted = set()
            to_create = []
            for frequency, __ in FREQUENCIES:
                for period in period_engine.generate_periods(
                    scorecard.date_from, scorecard.date_to, frequency
                ):
                    key = (frequency, period.date_start)
                    wanted.add(key)
                    if key not in existing:
                        to_create.append(
                            {
                                "scorecard_id": scorecard.id,
                                "name": period.name,
                                "frequency": frequency,
                                "date_start": period.date_start,
                                "date_end": period.date_end,
                            }
                        )
            Period.create(to_create)
            stale = Period.browse(
                [p.id for key, p in existing.items() if key not in wanted]
            )
            used = (
                self.env["bsc.measurement"]
                .sudo()
                .search([("period_id", "in", stale.ids)])
            )
            (stale - used.period_id).unlink()

    # ------------------------------------------------------------------
    # Navigation: which periods a screen, a report or a formula reads
    # ------------------------------------------------------------------

    @api.model
    def _bsc_current(self, scorecard, frequency=None):
        """The period of ``scorecard`` chosen in the context, else the
        current one.

        The current period is the one of ``frequency`` (default: the
        scorecard's) containing today in the scorecard's time zone; before
        the span the first, after it the last; empty without periods.
        """
        scorecard.ensure_one()
        period_id = self.env.context.get("bsc_period_id")
        if period_id:
            period = self.browse(period_id).exists()
            if period.scorecard_id == scorecard:
                return period
        periods = scorecard.period_ids.filtered(
            lambda p: p.frequency == (frequency or scorecard.frequency)
        ).sorted("date_start")
        if not periods:
            return periods
        today = scorecard._bsc_today()
        for period in periods:
            if period.date_start <= today <= period.date_end:
                return period
        return periods[0] if today < periods[0].date_start else periods[-1]

    def _bsc_span(self):
        """This period as an engine value (:class:`periods.Period`)."""
        self.ensure_one()
        return period_engine.Period(
            self.date_start, self.date_end, self.frequency, self.name
        )

    def _bsc_previous(self):
        """The period of the same scorecard and frequency just before this
        one; empty for the first."""
        self.ensure_one()
        return self.scorecard_id.period_ids.filtered(
            lambda p: p.frequency == self.frequency and p.date_start < self.date_start
        ).sorted("date_start")[-1:]

    def _bsc_year_to_date(self):
        """1 January to the end of this period (:class:`periods.YearToDate`)."""
        self.ensure_one()
        return period_engine.YearToDate(
            self._bsc_span(), _("Year to date %s", self.name)
        )

    def _bsc_history(self, frequency, length):
        """The last ``length`` periods of ``frequency`` up to the one holding
        this period, oldest first.

        A period not over yet counts up to today, so that the current year's
        monthly history ends this month rather than in December.
        """
        self.ensure_one()
        today = self.scorecard_id._bsc_today()
        anchor = min(self.date_end, max(today, self.date_start))
        periods = self.scorecard_id.period_ids.filtered(
            lambda p: p.frequency == frequency and p.date_start <= anchor
        ).sorted("date_start")
        return periods[-length:]

    def _bsc_making(self, span, frequency):
        """The periods of ``self`` (a scorecard's) of ``frequency`` whose
        values make ``span`` (a period, or a year to date), oldest first.

        Those overlapping it: the finer ones inside it, or the one coarser
        period containing it; for a year to date, those started by its end.
        """
        return self.filtered(
            lambda p: (
                p.frequency == frequency
                and period_engine.overlaps(
                    p.date_start, p.date_end, span.date_start, span.date_end
                )
            )
        ).sorted("date_start")

    def _bsc_resolve(self, span):
        """The period of ``self`` (a scorecard's) with the frequency and start
        of ``span`` (a period of another scorecard, or an engine value)."""
        return self.filtered(
            lambda p: p.frequency == span.frequency and p.date_start == span.date_start
        )[:1]

    def _bsc_before(self, span):
        """What ``span``'s trends compare with, among ``self`` (a scorecard's
        periods): the previous period, or for a year to date the year to date
        of the previous period in the same year; None when there is none."""
        if isinstance(span, period_engine.YearToDate):
            until = self._bsc_resolve(span.until)
            previous = until._bsc_previous() if until else until
            if previous and previous.date_start.year == span.date_end.year:
                return previous._bsc_year_to_date()
            return None
        return span._bsc_previous() or None

    def _bsc_dict(self, span=None):
        """This period as the matrix and the dashboard send it; ``span``: the
        year to date of this period, shown under its own name and dates.

        ``in_progress``: today (in the scorecard's time zone) lies in it.
        """
        self.ensure_one()
        today = self.scorecard_id._bsc_today()
        result = {
            "id": self.id,
            "name": self.name,
            "frequency": self.frequency,
            "date_start": fields.Date.to_string(self.date_start),
            "date_end": fields.Date.to_string(self.date_end),
            "locked": self.locked,
            "mode": "period",
            "in_progress": self.date_start <= today <= self.date_end,
        }
        if isinstance(span, period_engine.YearToDate):
            result.update(
                name=span.name,
                date_start=fields.Date.to_string(span.date_start),
                mode="ytd",
                in_progress=span.date_start <= today <= span.date_end,
            )
        return result
