# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The briefing book by email: the delivery schedule of a scorecard."""

import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

BOOK = "bsc_reports.action_report_briefing_book"
WORKBOOK = "bsc_reports.action_report_scorecard_xlsx"
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class BscScorecard(models.Model):
    _inherit = "bsc.scorecard"  # pylint: disable=consider-merging-classes-inherited

    briefing_schedule = fields.Selection(
        [
            ("none", "Not sent"),
            ("period", "After each period"),
            ("week", "Weekly"),
        ],
        default="none",
        required=True,
        string="Send the Briefing Book",
        help="After each period: on day N after the end of each period of "
        "the scorecard's frequency, the book of that period. Weekly: on the "
        "chosen weekday, the book of the current period.",
    )
    briefing_day = fields.Integer(
        string="Days After Period End",
        default=3,
        help="The book of a period is sent this many days after it ends, "
        "once its values are in.",
    )
    briefing_weekday = fields.Selection(WEEKDAYS, string="Weekday", default="0")
    briefing_recipients = fields.Selection(
        [("followers", "Followers"), ("partners", "Named recipients")],
        string="Recipients",
        default="followers",
        required=True,
    )
    briefing_partner_ids = fields.Many2many(
        "res.partner",
        "bsc_scorecard_briefing_partner_rel",
        "scorecard_id",
        "partner_id",
        string="Send To",
    )
    briefing_xlsx = fields.Boolean(
        string="Attach the Workbook",
        help="Attach the XLSX workbook to the PDF briefing book.",
    )
    briefing_delivery_ids = fields.One2many(
        "bsc.briefing.delivery", "scorecard_id", string="Briefing Books Sent"
    )

    @api.constrains("briefing_day")
    def _check_briefing_day(self):
        for scorecard in self:
            if not 0 <= scorecard.briefing_day <= 60:
                raise ValidationError(
                    _(
                        "Scorecard '%s': the briefing book is sent between 0 "
                        "and 60 days after the end of a period.",
                        scorecard.name,
                    )
                )

    # ------------------------------------------------------------------
    # Schedule
    # ------------------------------------------------------------------

    def _bsc_briefing_period(self, today):
        """The period whose book goes out on ``today``: the last one ended
        (after each period), the current one (weekly)."""
        self.ensure_one()
        if self.briefing_schedule == "period":
            ended = self.period_ids.filtered(
                lambda p: p.frequency == self.frequency and p.date_end < today
            ).sorted("date_start")
            if ended:
                return ended[-1]
        return self.env["bsc.period"]._bsc_current(self)

    def _bsc_briefing_due(self, today):
        """``(period, key)`` of the scheduled book due on ``today``, or
        ``None``; ``key`` names the period or the week it is sent for."""
        self.ensure_one()
        if self.briefing_schedule == "period":
            period = self._bsc_briefing_period(today)
            if (
                period
                and period.date_end < today
                and (today >= period.date_end + timedelta(days=self.briefing_day))
            ):
                return period, f"period:{period.id}"
        elif self.briefing_schedule == "week":
            if today.weekday() >= int(self.briefing_weekday or 0):
                year, week, __ = today.isocalendar()
                period = self._bsc_briefing_period(today)
                if period:
                    return period, f"week:{year}-W{week:02d}"
        return None

    @api.model
    def _cron_send_briefing_books(self):
        """The scheduled action: the books due today, each once."""
        scorecards = self.search(
            [("state", "=", "active"), ("briefing_schedule", "!=", "none")]
        )
        for scorecard in scorecards:
            due = scorecard._bsc_briefing_due(scorecard._bsc_today())
            if not due or self.env["bsc.briefing.delivery"].search_count(
                [("scorecard_id", "=", scorecard.id), ("key", "=", due[1])]
            ):
                continue
            try:
                with self.env.cr.savepoint():
                    scorecard._bsc_send_briefing_book(*due)
            except (UserError, ValidationError) as e:
                _logger.warning(
                    "Scorecard %s: briefing book not sent: %s", scorecard.name, e
                )
            except Exception:
                _logger.exception(
                    "Scorecard %s: briefing book not sent", scorecard.name
                )

    def action_send_briefing_book(self):
        """Send the briefing book now, whatever the schedule."""
        self._bsc_check_manager(_("send the briefing book"))
        for scorecard in self:
            today = scorecard._bsc_today()
            period = scorecard._bsc_briefing_period(today)
            if not period:
                raise UserError(
                    _(
                        "Scorecard '%s' has no period yet: generate its periods first.",
                        scorecard.name,
                    )
                )
            scorecard._bsc_send_briefing_book(
                period, f"now:{fields.Datetime.now().isoformat()}"
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("The briefing book is in the outgoing mail queue."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def _bsc_briefing_recipients(self):
        """The partners the book goes to; a UserError when none can get it."""
        self.ensure_one()
        partners = (
            self.message_partner_ids
            if self.briefing_recipients == "followers"
            else self.briefing_partner_ids
        )
        partners = partners.filtered("email")
        if not partners:
            # not nested in the sentence's _(): the .pot would miss them
            who = (
                _("followers")
                if self.briefing_recipients == "followers"
                else _("recipients")
            )
            raise UserError(
                _(
                    "Scorecard '%(scorecard)s': no recipient of the briefing "
                    "book has an email address. Add %(who)s with an email "
                    "address on the scorecard's Briefing Book tab.",
                    scorecard=self.name,
                    who=who,
                )
            )
        return partners

    def _bsc_briefing_summary(self, matrix, previous, period=None):
        """What the mail says: score, status changes since ``previous``
        (the last delivery), red KPIs without a comment, and the dashboard's
        "Needs attention" of ``period`` (``needs_attention``, the items of
        ``bsc.dashboard._bsc_needs_attention_of``)."""
        self.ensure_one()
        labels = dict(
            self.env["bsc.measurement"]
            ._fields["status"]
            ._description_selection(self.env)
        )
        before = (previous and previous.statuses) or {}
        kpis = [
            kpi
            for perspective in matrix.get("perspectives", [])
            for objective in perspective["objectives"]
            for kpi in objective["kpis"]
        ]
        changes = [
            {
                "kpi": f"[{kpi['code']}] {kpi['name']}",
                "before": labels.get(before[str(kpi["id"])], ""),
                "after": labels.get(kpi["status"], ""),
            }
            for kpi in kpis
            if str(kpi["id"]) in before and before[str(kpi["id"])] != kpi["status"]
        ]
        book = self.env["report.bsc_reports.briefing_book"]
        return {
            "score": book._bsc_score_text(matrix.get("score")),
            "status": labels.get(matrix.get("status"), ""),
            "previous": previous,
            "changes": changes,
            "red_uncommented": [
                f"[{kpi['code']}] {kpi['name']}"
                for kpi in kpis
                if kpi["status"] == "red" and not kpi.get("comment")
            ],
            "statuses": {str(kpi["id"]): kpi["status"] for kpi in kpis},
            "needs_attention": self.env["bsc.dashboard"]._bsc_needs_attention_of(
                self, period, matrix
            ),
        }

    def _bsc_send_briefing_book(self, period, key):
        """Queue the briefing book of ``period`` for the recipients.

        :return: the delivery record (``bsc.briefing.delivery``)
        """
        self.ensure_one()
        partners = self._bsc_briefing_recipients()
        previous = self.env["bsc.briefing.delivery"].search(
            [("scorecard_id", "=", self.id)], limit=1
        )
        delivery = self.env["bsc.briefing.delivery"].create(
            {
                "scorecard_id": self.id,
                "period_id": period.id,
                "key": key,
                "partner_ids": partners.ids,
            }
        )
        matrix = self._bsc_matrix_of(period)
        summary = self._bsc_briefing_summary(matrix, previous, period)
        data = {"scorecard_ids": self.ids, "period_id": period.id}
        Report = self.env["ir.actions.report"].sudo()
        name = f"{self.name} - {period.name}"
        files = [
            (f"{name}.pdf", Report._render_qweb_pdf(BOOK, self.ids, data)[0], "pdf")
        ]
        if self.briefing_xlsx:
            files.append(
                (f"{name}.xlsx", Report._render_xlsx(WORKBOOK, self.ids, data)[0], "")
            )
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": filename,
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for filename, content, __ in files
            ]
        )
        body = self.env["ir.qweb"]._render(
            "bsc_reports.briefing_mail_body",
            {"scorecard": self, "period": period, **summary},
        )
        template = self.env.ref("bsc_reports.mail_template_briefing_book")
        mail_id = template.send_mail(
            self.id,
            email_values={
                "body_html": body,
                "recipient_ids": [(6, 0, partners.ids)],
                "attachment_ids": [(6, 0, attachments.ids)],
            },
        )
        mail = self.env["mail.mail"].sudo().browse(mail_id)
        delivery.write(
            {
                "message_id": mail.mail_message_id.id,
                "score": matrix.get("score") or 0.0,
                "statuses": summary["statuses"],
            }
        )
        self.message_post(
            body=_(
                "Briefing book of %(period)s queued for %(recipients)s.",
                period=period.name,
                recipients=", ".join(partners.mapped("display_name")),
            ),
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
        )
        return delivery
