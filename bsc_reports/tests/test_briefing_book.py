# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
import os
import subprocess
import tempfile
from datetime import date

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfReader

from .common import BscReportsCase

BOOK = "bsc_reports.action_report_briefing_book"
# cover, summary, strategy map, one page per perspective of the scorecard (4)
PAGES = 7


def cell_texts(row):
    return [_spaces(td.text_content()) for td in row.xpath("./td")]


def _spaces(text):
    """``text`` with runs of spaces (no-break ones too) as one space."""
    return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestBriefingBookHtml(BscReportsCase):
    """The briefing book's HTML: the matrix of the period, as on screen."""

    def render_html(self, scorecards, data):
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            BOOK, scorecards.ids, data
        )
        return lxml_html.fromstring(content)

    def kpi_rows(self, page):
        return {
            cell_texts(row)[0]: row
            for row in page.xpath("//tr[contains(@class, 'o_bsc_kpi')]")
        }

    def test_objectives_and_kpis_with_their_values(self):
        page = self.render_html(self.scorecard, self.data)
        text = " ".join(page.text_content().split())
        matrix = self.feb_matrix_rows()
        for name in ("Win new customers", "Grow revenue", "Referral programme"):
            self.assertIn(name, text)
        rows = self.kpi_rows(page)
        self.assertEqual(set(rows), {"REVENUE", "MARGIN", "ACCOUNTS", "NPS"})
        for code, row in rows.items():
            kpi = matrix[code]
            cells = cell_texts(row)
            with self.subTest(code=code):
                self.assertTrue(cells[1].startswith(kpi["name"]))
                self.assertEqual(
                    cells[2],
                    _spaces(self.scorecard._bsc_format_value(kpi["actual"], kpi)),
                )
                self.assertEqual(
                    cells[3],
                    _spaces(self.scorecard._bsc_format_value(kpi["target"], kpi)),
                )
        currency = self.scorecard.currency_id

        def money(text):  # the currency's symbol on its side
            if currency.position == "before":
                return f"{currency.symbol} {text}"
            return f"{text} {currency.symbol}"

        self.assertEqual(
            cell_texts(rows["REVENUE"])[2:6],
            [money("110,000"), money("100,000"), money("80,000"), "8.33"],
        )
        self.assertEqual(cell_texts(rows["REVENUE"])[6:], ["Green", "↑"])
        self.assertEqual(cell_texts(rows["MARGIN"])[2], "10.5 %")
        self.assertEqual(cell_texts(rows["ACCOUNTS"])[2], "3 accounts")
        self.assertEqual(cell_texts(rows["NPS"])[2], "–")
        self.assertIn("No measurement for this period", cell_texts(rows["NPS"])[1])
        badge = rows["ACCOUNTS"].xpath(".//span[hasclass('badge')]")[0]
        self.assertIn("#dc3545", badge.get("style"))
        self.assertIn("Two deals slipped to March", text)

    def test_summary_counts(self):
        page = self.render_html(self.scorecard, self.data)
        summary = page.xpath("//table[hasclass('o_bsc_summary')]")[0]
        first = cell_texts(summary.xpath(".//tbody/tr")[0])
        matrix = self.feb_matrix_rows()["scorecard"]
        self.assertEqual(first[0], "Company A 2026")
        self.assertEqual(first[1], f"{matrix['score']:.2f}")
        # KPIs green, yellow, red, no data
        self.assertEqual(first[4:], ["1", "1", "1", "1"])

    def test_strategy_map(self):
        page = self.render_html(self.scorecard, self.data)
        svg = page.xpath("//svg")
        self.assertEqual(len(svg), 1)
        boxes = {
            " ".join(box.xpath("./title")[0].text_content().split()): box
            for box in svg[0].xpath(".//g[@class='o_bsc_map_objective']")
        }
        self.assertEqual(set(boxes), {"Win new customers", "Grow revenue"})
        status = self.feb_matrix_rows()["Win new customers"]["status"]
        colour = {"green": "#28a745", "yellow": "#ffac00", "red": "#dc3545"}[status]
        self.assertEqual(
            boxes["Win new customers"].xpath("./rect")[0].get("fill"), colour
        )
        # one cause-and-effect arrow, pointing up from Customer to Financial
        self.assertEqual(len(svg[0].xpath(".//path[@class='o_bsc_map_link']")), 1)
        cause_y = float(boxes["Win new customers"].xpath("./rect")[0].get("y"))
        effect_y = float(boxes["Grow revenue"].xpath("./rect")[0].get("y"))
        self.assertLess(effect_y, cause_y)

    def test_empty_states(self):
        page = self.render_html(self.make_empty_scorecard(), {})
        text = " ".join(page.text_content().split())
        self.assertIn("Happy customers", text)
        self.assertIn("No measurement for this period", text)
        self.assertIn("No initiative", text)
        self.assertIn("No objective yet", text)  # the perspectives without
        bare = self.env["bsc.scorecard"].create(
            {
                "name": "Bare 2026",
                "company_id": self.company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        page = self.render_html(bare, {})
        self.assertFalse(page.xpath("//svg"))
        self.assertIn("Bare 2026", page.text_content())


@tagged("post_install", "-at_install")
class TestBriefingBookPdf(BscReportsCase, HttpCase):
    """The PDF through wkhtmltopdf (the HTTP server serves the report's CSS)."""

    def render_pdf(self, scorecards, data):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        content, kind = report._render_qweb_pdf(BOOK, scorecards.ids, data)
        self.assertEqual(kind, "pdf")
        return content

    def pdf_text(self, content):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "book.pdf")
            with open(path, "wb") as f:
                f.write(content)
            result = subprocess.run(
                ["pdftotext", "-layout", path, "-"],
                check=True,
                capture_output=True,
                text=True,
            )
        return result.stdout

    def test_pdf(self):
        content = self.render_pdf(self.scorecard, self.data)
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(len(PdfReader(io.BytesIO(content)).pages), PAGES)
        text = self.pdf_text(content)
        for name in (
            "Revenue",
            "Operating margin",
            "New accounts",
            "Net promoter score",
        ):
            self.assertIn(name, text)
        for heading in ("Summary", "Strategy Map", "Financial", "Learning & Growth"):
            self.assertIn(heading, text)
        self.assertIn("Two deals slipped to March", text)

    def test_pdf_of_two_scorecards_one_without_measurements(self):
        """One book after the other, in one PDF, empty states included."""
        empty = self.make_empty_scorecard()
        content = self.render_pdf(self.scorecard | empty, {})
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(len(PdfReader(io.BytesIO(content)).pages), 2 * PAGES)
        text = self.pdf_text(content)
        pages = text.split("\f")
        self.assertIn("Company A 2026", pages[0])
        self.assertIn("Empty 2026", pages[PAGES])
        self.assertIn("Net promoter score", text)
        self.assertIn("Happy customers", text)
        self.assertIn("No measurement for this period", text)
