# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import json
from datetime import date
from urllib.parse import unquote, urlencode

from openpyxl import load_workbook

from odoo import http
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, tagged

from .common import BscReportsCase


@tagged("post_install", "-at_install")
class TestReportWizard(BscReportsCase):
    """The wizard: a period range of one frequency of the scorecard."""

    def wizard(self, **vals):
        Wizard = self.env["bsc.report.wizard"].with_user(self.user)
        return Wizard.with_context(
            active_model="bsc.scorecard", active_id=self.scorecard.id
        ).create(vals)

    def test_defaults_from_the_scorecard(self):
        wizard = self.wizard()
        self.assertEqual(wizard.scorecard_id, self.scorecard)
        self.assertEqual(wizard.frequency, "month")
        self.assertEqual(
            wizard.period_to_id, self.env["bsc.period"]._bsc_current(self.scorecard)
        )
        # the history starts with the first month of the period's year
        self.assertEqual(wizard.period_from_id.date_start, date(2026, 1, 1))
        self.assertTrue(wizard.include_history)

    def test_frequency_change_picks_a_period_of_it(self):
        with Form(
            self.wizard(period_to_id=self.feb.id, period_from_id=self.jan.id)
        ) as form:
            form.frequency = "quarter"
            self.assertEqual(form.period_to_id.frequency, "quarter")
            self.assertEqual(form.period_from_id.frequency, "quarter")

    def test_report_actions_carry_the_periods(self):
        wizard = self.wizard(period_to_id=self.feb.id, period_from_id=self.jan.id)
        action = wizard.action_print_xlsx()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(action["report_name"], "bsc_reports.scorecard_xlsx")
        self.assertEqual(action["data"], self.data)
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_type"], "qweb-pdf")
        self.assertEqual(action["data"], self.data)
        wizard.include_history = False
        self.assertFalse(wizard.action_print_xlsx()["data"]["history_from_id"])

    def test_wizard_data_render_without_docids(self):
        """The web client sends the wizard's data without record ids."""
        content, kind = self.env["ir.actions.report"]._render(
            "bsc_reports.action_report_scorecard_xlsx", None, self.data
        )
        self.assertEqual(kind, "xlsx")
        self.assertTrue(content.startswith(b"PK"))
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "bsc_reports.action_report_briefing_book", None, self.data
        )
        self.assertIn(b"Company A 2026", html)

    def test_bad_periods_are_refused(self):
        quarter = self.scorecard.period_ids.filtered(
            lambda p: p.frequency == "quarter"
        )[:1]
        with self.assertRaisesRegex(ValidationError, "is not a monthly period"):
            self.wizard(period_to_id=quarter.id, period_from_id=self.jan.id)
        with self.assertRaisesRegex(ValidationError, "cannot start"):
            self.wizard(period_to_id=self.jan.id, period_from_id=self.feb.id)
        other = self.make_empty_scorecard().period_ids.filtered(
            lambda p: p.frequency == "month"
        )[:1]
        with self.assertRaisesRegex(ValidationError, "scorecard 'Company A 2026'"):
            self.wizard(period_to_id=self.feb.id, period_from_id=other.id)


@tagged("post_install", "-at_install")
class TestReportRoutes(BscReportsCase, HttpCase):
    """What the web client downloads after the wizard's buttons."""

    def url(self, converter, report_name, data):
        query = urlencode(
            {"options": json.dumps(data), "context": json.dumps({"lang": "en_US"})}
        )
        return f"/report/{converter}/{report_name}?{query}"

    def test_wizard_downloads(self):
        self.authenticate(self.user.login, self.user.login)
        wizard = (
            self.env["bsc.report.wizard"]
            .with_user(self.user)
            .create(
                {
                    "scorecard_id": self.scorecard.id,
                    "period_to_id": self.feb.id,
                    "period_from_id": self.jan.id,
                }
            )
        )
        action = wizard.action_print_xlsx()
        response = self.url_open(
            self.url("xlsx", action["report_name"], action["data"])
        )
        self.assertEqual(response.status_code, 200)
        workbook = load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook.sheetnames, ["Summary", "History", "Initiatives"])
        self.assertEqual(workbook["Summary"]["B5"].value, "Company A 2026 – 2026-02")
        action = wizard.action_print_pdf()
        response = self.url_open(
            self.url("html", action["report_name"], action["data"])
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Net promoter score", response.text)

    def download(self, report_type, url):
        """What the web client's download of ``url`` is named."""
        response = self.url_open(
            "/report/download",
            data={
                "data": json.dumps([url, report_type]),
                "context": json.dumps({"lang": "en_US"}),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return unquote(response.headers["Content-Disposition"])

    def test_downloads_are_named_with_scorecard_and_period(self):
        """Both reports, from the wizard (data) and from the Print menu
        (record ids): "<scorecard> - <period>.<ext>", not the report's name."""
        self.authenticate(self.user.login, self.user.login)
        data = dict(self.data, history_from_id=False)
        for report_type, converter, name, extension in (
            ("xlsx", "xlsx", "bsc_reports.scorecard_xlsx", "xlsx"),
            ("qweb-pdf", "pdf", "bsc_reports.briefing_book", "pdf"),
        ):
            with self.subTest(report=name):
                disposition = self.download(
                    report_type, self.url(converter, name, data)
                )
                self.assertIn(f"Company A 2026 - 2026-02.{extension}", disposition)
                current = self.env["bsc.period"]._bsc_current(self.scorecard)
                disposition = self.download(
                    report_type, f"/report/{converter}/{name}/{self.scorecard.id}"
                )
                self.assertIn(
                    f"Company A 2026 - {current.name}.{extension}", disposition
                )


@tagged("post_install", "-at_install")
class TestDemoPrint(TransactionCase):
    """The demo's first print goes straight to the PDF."""

    def test_first_pdf_print_needs_no_layout_configuration(self):
        admin = self.env.ref("base.user_admin")
        scorecard = self.env.ref("bsc_core.demo_scorecard")
        report = self.env.ref("bsc_reports.action_report_briefing_book")
        action = report.with_user(admin).report_action(scorecard)
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "bsc_reports.briefing_book")
