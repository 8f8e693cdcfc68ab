# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The reporting cycle: when manual values are due, reminders and escalation,
and the owners' "My updates" list."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .bsc_measurement import measurement_score

# Context key of the "My updates" list: a red value needs a comment there.
REQUIRE_COMMENT_CONTEXT = "bsc_require_comment"


class BscScorecard(models.Model):
    _inherit = "bsc.scorecard"  # pylint: disable=consider-merging-classes-inherited

    value_due_days = fields.Integer(
        string="Value Due (days after period end)",
        default=5,
        help="A manual KPI's value is due this many days after its period ends.",
    )
    send_reminders = fields.Boolean(
        default=True,
        help="Remind the owner of a missing value before it is due.",
    )
    reminder_days = fields.Integer(
        string="Reminder (days before due)",
        default=2,
        help="The owner of a missing value gets a reminder this many days "
        "before it is due.",
    )
    escalate = fields.Boolean(
        help="Ask the objective's owner for a value still missing some days "
        "after it was due."
    )
    escalation_days = fields.Integer(
        string="Escalation (days after due)",
        default=5,
        help="A value still missing this many days after it was due is "
        "escalated to the objective's owner.",
    )

    @api.constrains("value_due_days", "reminder_days", "escalation_days")
    def _check_reporting_days(self):
        for scorecard in self:
            if (
                min(
                    scorecard.value_due_days,
                    scorecard.reminder_days,
                    scorecard.escalation_days,
                )
                < 0
            ):
                raise ValidationError(
                    _(
                        "Scorecard '%s': the days of the reporting calendar are "
                        "counted forward; set them to 0 or more.",
                        scorecard.name,
                    )
                )

    def _bsc_schedule_activities(self):
        res = super()._bsc_schedule_activities()
        self._bsc_remind_and_escalate()
        return res

    def _bsc_remind_and_escalate(self):
        """Remind owners of values soon due and escalate those overdue.

        Each measurement is reminded and escalated at most once (its
        ``reminder_sent`` and ``escalated`` flags), so the daily job can run
        any number of times.
        """
        due_type = self.env.ref("bsc_core.mail_activity_type_bsc_value_due")
        Measurement = self.env["bsc.measurement"].with_context(
            mail_notrack=True, tracking_disable=True
        )
        for scorecard in self:
            today = scorecard._bsc_today()
            missing = Measurement.search(
                [
                    ("scorecard_id", "=", scorecard.id),
                    ("period_id.locked", "=", False),
                    ("kpi_id.source_type", "=", "manual"),
                    ("has_actual", "=", False),
                    ("date_end", "<", today),
                ]
            )
            if scorecard.send_reminders:
                limit = today + timedelta(days=scorecard.reminder_days)
                for measurement in missing.filtered(
                    lambda m, limit=limit: (
                        not m.reminder_sent and m.kpi_id.user_id and m.due_date <= limit
                    )
                ):
                    measurement.message_post(
                        body=_(
                            "Reminder: the value of %(kpi)s for %(period)s is due "
                            "on %(date)s.",
                            kpi=measurement.kpi_id.display_name,
                            period=measurement.period_id.name,
                            date=measurement.due_date,
                        ),
                        partner_ids=measurement.kpi_id.user_id.partner_id.ids,
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                    )
                    measurement.sudo().reminder_sent = True
            if not scorecard.escalate:
                continue
            limit = today - timedelta(days=scorecard.escalation_days)
            for measurement in missing.filtered(
                lambda m, limit=limit: not m.escalated and m.due_date < limit
            ):
                boss = measurement.objective_id.user_id
                if not boss or boss == measurement.kpi_id.user_id:
                    continue
                measurement.activity_schedule(
                    activity_type_id=due_type.id,
                    user_id=boss.id,
                    note=_(
                        "%(kpi)s of %(owner)s has no value for %(period)s; it was "
                        "due on %(date)s.",
                        kpi=measurement.kpi_id.display_name,
                        owner=measurement.kpi_id.user_id.name or _("no owner"),
                        period=measurement.period_id.name,
                        date=measurement.due_date,
                    ),
                    date_deadline=today,
                )
                measurement.sudo().escalated = True


class BscKpi(models.Model):
    _inherit = "bsc.kpi"  # pylint: disable=consider-merging-classes-inherited

    instructions = fields.Text(
        help="Where the number comes from and how to enter it; shown to the "
        "owner in My Updates."
    )


class BscMeasurement(models.Model):
    _inherit = "bsc.measurement"  # pylint: disable=consider-merging-classes-inherited

    instructions = fields.Text(related="kpi_id.instructions")
    due_date = fields.Date(
        compute="_compute_due_date",
        store=True,
        help="When the value is due: the scorecard's days after period end.",
    )
    entry_done = fields.Float(
        string="Done",
        compute="_compute_entry_done",
        store=True,
        aggregator="avg",
        help="100 when the period has a value, 0 when not: its average is the "
        "share done.",
    )
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    escalated = fields.Boolean(readonly=True, copy=False)
    previous_value = fields.Char(string="Last Value", compute="_compute_previous_value")

    @api.depends("date_end", "kpi_id.scorecard_id.value_due_days")
    def _compute_due_date(self):
        for measurement in self:
            measurement.due_date = measurement._bsc_due_date(
                measurement.date_end, measurement.scorecard_id
            )

    @api.model
    def _bsc_due_date(self, date_end, scorecard):
        if not date_end:
            return False
        return date_end + timedelta(days=scorecard.value_due_days or 0)

    @api.depends("has_actual")
    def _compute_entry_done(self):
        for measurement in self:
            measurement.entry_done = 100.0 if measurement.has_actual else 0.0

    @api.depends("kpi_id", "date_start")
    @api.depends_context("lang")
    def _compute_previous_value(self):
        for measurement in self:
            previous = self.search(
                [
                    ("kpi_id", "=", measurement.kpi_id.id),
                    ("date_start", "<", measurement.date_start),
                    ("has_actual", "=", True),
                ],
                order="date_start desc",
                limit=1,
            )
            measurement.previous_value = (
                f"{previous._bsc_actual_text()} ({previous.period_id.name})"
                if previous
                else False
            )

    def _bsc_actual_text(self):
        """This measurement's actual as every screen shows it: the KPI's
        decimals, unit or currency, in the reader's language ("–" without a
        value), for the sentences that quote it (chatter, errors)."""
        self.ensure_one()
        actual = self.actual_value if self.has_actual else None
        return self.scorecard_id._bsc_format_value(actual, self.kpi_id)

    @api.model
    def _bsc_insert(self, vals_list):
        # The bulk insert writes stored columns as given: give it those of
        # this file, as create would compute them.
        periods = self.env["bsc.period"].browse(
            {vals["period_id"] for vals in vals_list}
        )
        due = {
            period.id: self._bsc_due_date(period.date_end, period.scorecard_id)
            for period in periods
        }
        for vals in vals_list:
            vals.setdefault("due_date", due[vals["period_id"]])
            vals.setdefault("entry_done", 100.0 if vals.get("has_actual") else 0.0)
        return super()._bsc_insert(vals_list)

    @api.model_create_multi
    def create(self, vals_list):
        measurements = super().create(vals_list)
        measurements._bsc_check_red_commented()
        return measurements

    def write(self, vals):
        res = super().write(vals)
        if {"actual_value", "comment", "has_actual"} & set(vals):
            self._bsc_check_red_commented()
        return res

    def _bsc_check_red_commented(self):
        """In My Updates, a red value is saved only with a comment."""
        if not self.env.context.get(REQUIRE_COMMENT_CONTEXT):
            return
        for measurement in self:
            if measurement.comment or not measurement.has_actual:
                continue
            result = measurement_score(measurement, measurement.kpi_id.polarity)
            if result.status == "red":
                raise ValidationError(
                    _(
                        "%(kpi)s is red for %(period)s with %(value)s: explain why "
                        "in the comment, then save.",
                        kpi=measurement.kpi_id.display_name,
                        period=measurement.period_id.name,
                        value=measurement._bsc_actual_text(),
                    )
                )
