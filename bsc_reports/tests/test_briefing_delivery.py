# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import zipfile

from markupsafe import escape

from odoo.exceptions import UserError
from odoo.tests import HttpCase, freeze_time, tagged

from .common import BscReportsCase

try:
    import openpyxl
except ImportError:  # pragma: no cover - the zip signature is checked then
    openpyxl = None


@tagged("post_install", "-at_install")
class TestBriefingDelivery(BscReportsCase, HttpCase):
    """The briefing book by email, through the mail queue (the HTTP server
    serves the report's CSS to wkhtmltopdf).

    February (see BscReportsCase) is sent 3 days after it ends, on 3 March
    2026 (Europe/Brussels).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.board = Partner.create(
            {"name": "Board Member", "email": "board@example.com"}
        )
        cls.no_email = Partner.create({"name": "Board Member Without Email"})
        cls.scorecard.write(
            {
                "briefing_schedule": "period",
                "briefing_day": 3,
                "briefing_recipients": "partners",
                "briefing_partner_ids": [(6, 0, (cls.board | cls.no_email).ids)],
                "briefing_xlsx": True,
            }
        )

    def mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "bsc.scorecard"), ("res_id", "=", self.scorecard.id)],
            order="id",
        )

    def cron(self):
        self.env["bsc.scorecard"].with_context(
            force_report_rendering=True
        )._cron_send_briefing_books()

    def check_attachments(self, mail, names):
        attachments = {a.name: a.raw for a in mail.attachment_ids}
        self.assertEqual(sorted(attachments), sorted(names))
        for name, raw in attachments.items():
            if name.endswith(".pdf"):
                self.assertTrue(raw.startswith(b"%PDF"))
            else:
                self.assertTrue(raw.startswith(b"PK"))
                self.assertTrue(zipfile.is_zipfile(io.BytesIO(raw)))
                if openpyxl:
                    workbook = openpyxl.load_workbook(io.BytesIO(raw))
                    self.assertTrue(workbook.sheetnames)

    def test_scheduled_once_then_send_now(self):
        self.measurement_of(self.kpi_accounts, self.feb).comment = False
        # without its initiative the red ACCOUNTS needs attention
        self.objective.initiative_ids = False
        with freeze_time("2026-03-02 10:00:00"):
            self.cron()
        self.assertFalse(self.mails())
        with freeze_time("2026-03-03 07:00:00"):
            self.cron()
            self.cron()
        mail = self.mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.board)
        self.assertIn(self.feb.name, mail.subject + mail.body_html)
        self.check_attachments(
            mail, [f"Company A 2026 - {self.feb.name}.pdf",
                   f"Company A 2026 - {self.feb.name}.xlsx"],
        )  # fmt: skip
        score = self.env["report.bsc_reports.briefing_book"]._bsc_score_text(
            self.scorecard._bsc_matrix_of(self.feb)["score"]
        )
        self.assertIn(score, mail.body_html)
        self.assertIn("first briefing book", mail.body_html)
        self.assertIn("Red KPIs without a comment", mail.body_html)
        self.assertIn("[ACCOUNTS] New accounts", mail.body_html)
        # "Needs attention" as the dashboard has it (one source of truth)
        self.assertIn("Needs attention:", mail.body_html)
        with freeze_time("2026-03-03 07:00:00"):
            items = self.env["bsc.dashboard"]._bsc_needs_attention_of(
                self.scorecard, self.feb, self.scorecard._bsc_matrix_of(self.feb)
            )
        self.assertIn(
            ("red", self.kpi_accounts.id), [(i["kind"], i["res_id"]) for i in items]
        )
        for item in items:
            self.assertIn(str(escape(item["message"])), mail.body_html)
        self.assertIn(
            "[ACCOUNTS] New accounts is red with no comment and no initiative.",
            mail.body_html,
        )
        delivery = self.scorecard.briefing_delivery_ids
        self.assertRecordValues(delivery, [{"period_id": self.feb.id}])
        # never twice for the same period, whatever day the job runs
        with freeze_time("2026-03-20 07:00:00"):
            self.cron()
        self.assertEqual(len(self.mails()), 1)

        # the margin turns green, the red KPI gets its comment: sent now
        self.measurement_of(self.kpi_margin, self.feb).actual_value = 13
        self.measurement_of(self.kpi_accounts, self.feb).comment = "Deals slipped"
        with freeze_time("2026-03-20 08:00:00"):
            self.scorecard.with_user(self.manager).with_context(
                force_report_rendering=True
            ).action_send_briefing_book()
        mail = self.mails()[1:]
        self.assertEqual(len(mail), 1)
        self.assertIn("[MARGIN] Operating margin: Yellow → Green", mail.body_html)
        self.assertNotIn("Red KPIs without a comment", mail.body_html)
        self.assertNotIn("is red with no comment", mail.body_html)
        self.assertEqual(len(self.scorecard.briefing_delivery_ids), 2)

    def test_weekly_to_followers(self):
        follower = self.env["res.partner"].create(
            {"name": "Follower", "email": "follower@example.com"}
        )
        self.scorecard.write(
            {
                "briefing_schedule": "week",
                "briefing_weekday": "2",  # Wednesday
                "briefing_recipients": "followers",
                "briefing_xlsx": False,
            }
        )
        self.scorecard.message_unsubscribe(self.scorecard.message_partner_ids.ids)
        with (
            freeze_time("2026-03-04 10:00:00"),
            self.assertRaisesRegex(UserError, "no recipient"),
        ):
            self.scorecard.action_send_briefing_book()
        self.scorecard.message_subscribe(follower.ids)
        # Tuesday 3 March, Wednesday 4, Thursday 5, Monday 9, Wednesday 11
        for day in ("03", "04", "05", "09", "11"):
            with freeze_time(f"2026-03-{day} 10:00:00"):
                self.cron()
        mails = self.mails()
        self.assertEqual(len(mails), 2)
        self.assertEqual(mails.recipient_ids, follower)
        self.assertEqual(
            self.scorecard.briefing_delivery_ids.sorted("sent_at").mapped("key"),
            ["week:2026-W10", "week:2026-W11"],
        )
        for mail in mails:
            self.check_attachments(mail, ["Company A 2026 - 2026-03.pdf"])
