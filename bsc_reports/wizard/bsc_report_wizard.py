# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.bsc_core.models.bsc_period import FREQUENCIES


class BscReportWizard(models.TransientModel):
    """Print a scorecard's workbook or briefing book for a chosen period."""

    _name = "bsc.report.wizard"
    _description = "Scorecard Reports"

    scorecard_id = fields.Many2one(
        "bsc.scorecard",
        required=True,
        ondelete="cascade",
        default=lambda self: self._default_scorecard_id(),
    )
    frequency = fields.Selection(
        FREQUENCIES,
        compute="_compute_frequency",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    period_to_id = fields.Many2one(
        "bsc.period",
        string="Period",
        compute="_compute_period_to_id",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        domain="[('scorecard_id', '=', scorecard_id), ('frequency', '=', frequency)]",
        help="The period of the summary, the briefing book and the trends.",
    )
    include_history = fields.Boolean(
        default=True,
        help="Add a History sheet to the workbook: every KPI's actual and every "
        "score for each period from 'History From' to the period.",
    )
    period_from_id = fields.Many2one(
        "bsc.period",
        string="History From",
        compute="_compute_period_from_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('scorecard_id', '=', scorecard_id), ('frequency', '=', frequency)]",
    )

    def _default_scorecard_id(self):
        context = self.env.context
        if context.get("active_model") == "bsc.scorecard" and context.get("active_id"):
            return context["active_id"]
        return self.env["bsc.scorecard"].search([("state", "=", "active")], limit=1)

    @api.depends("scorecard_id")
    def _compute_frequency(self):
        for wizard in self:
            wizard.frequency = wizard.scorecard_id.frequency or "month"

    @api.depends("scorecard_id", "frequency")
    def _compute_period_to_id(self):
        for wizard in self:
            period = wizard.period_to_id
            if not wizard._fits(period):
                scorecard = wizard.scorecard_id
                Period = self.env["bsc.period"]
                period = (
                    Period._bsc_current(scorecard, wizard.frequency)
                    if scorecard
                    else period
                )
                if not wizard._fits(period):
                    period = Period.with_context(bsc_period_id=False)._bsc_current(
                        scorecard, wizard.frequency
                    )
            wizard.period_to_id = period

    @api.depends("period_to_id")
    def _compute_period_from_id(self):
        for wizard in self:
            start = wizard.period_from_id
            end = wizard.period_to_id
            if end and not (wizard._fits(start) and start.date_start <= end.date_start):
                start = wizard.scorecard_id._bsc_report_history_start(end)
            wizard.period_from_id = start if end else False

    def _fits(self, period):
        """True when ``period`` is one of the scorecard's of the frequency."""
        self.ensure_one()
        return bool(
            period
            and period.scorecard_id == self.scorecard_id._origin
            and period.frequency == self.frequency
        )

    @api.constrains("scorecard_id", "frequency", "period_to_id", "period_from_id")
    def _check_periods(self):
        frequencies = dict(self._fields["frequency"]._description_selection(self.env))
        for wizard in self:
            for period in wizard.period_to_id | wizard.period_from_id:
                if not wizard._fits(period):
                    raise ValidationError(
                        _(
                            "Period %(period)s is not a %(frequency)s period of "
                            "scorecard '%(scorecard)s': choose one of its periods.",
                            period=period.name,
                            frequency=frequencies[wizard.frequency].lower(),
                            scorecard=wizard.scorecard_id.name,
                        )
                    )
            start, end = wizard.period_from_id, wizard.period_to_id
            if start and start.date_start > end.date_start:
                raise ValidationError(
                    _(
                        "The history cannot start (%(start)s) after the period "
                        "(%(end)s): choose an earlier 'History From'.",
                        start=start.name,
                        end=end.name,
                    )
                )

    def _report_data(self):
        """The report data both reports read their periods from."""
        self.ensure_one()
        return {
            "scorecard_ids": self.scorecard_id.ids,
            "period_id": self.period_to_id.id,
            "history_from_id": (
                self.period_from_id.id
                if self.include_history and self.period_from_id
                else False
            ),
        }

    def action_print_xlsx(self):
        self.ensure_one()
        report = self.env.ref("bsc_reports.action_report_scorecard_xlsx")
        return report.report_action(
            self.scorecard_id, data=self._report_data(), config=False
        )

    def action_print_pdf(self):
        self.ensure_one()
        report = self.env.ref("bsc_reports.action_report_briefing_book")
        return report.report_action(self.scorecard_id, data=self._report_data())
