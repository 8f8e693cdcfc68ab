# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import html as lxml_html

from odoo.tests import tagged

from . import test_xlsx_workbook as xlsx
from .common import BscReportsCase
from .test_briefing_book import BOOK, cell_texts


@tagged("post_install", "-at_install")
class TestReportsCycle(BscReportsCase):
    """Stale and pending KPIs in the XLSX workbook and the PDF briefing book.

    REVENUE expects its value 5 days after a period: on 20 November its
    latest value is February's, so the first quarter shows it stale (265 days
    since 28 February), grey rather than green.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi_revenue.expected_delay = 5
        cls.q1 = cls.scorecard.period_ids.filtered(lambda p: p.name == "2026-Q1")
        cls.q1_data = {"scorecard_ids": cls.scorecard.ids, "period_id": cls.q1.id}

    def html_rows(self, data):
        content, __ = self.env["ir.actions.report"]._render_qweb_html(
            BOOK, self.scorecard.ids, data
        )
        page = lxml_html.fromstring(content)
        return {
            cell_texts(row)[0]: row
            for row in page.xpath("//tr[contains(@class, 'o_bsc_kpi')]")
        }

    def xlsx_row(self, data, code):
        sheet = xlsx.TestXlsxWorkbook.render(self.env, self.scorecard, data)["Summary"]
        row = xlsx.TestXlsxWorkbook.rows_by_code(sheet)[code]
        return sheet[f"I{row}"]

    def test_stale_kpi_is_grey_with_its_age(self):
        cell = self.xlsx_row(self.q1_data, "REVENUE")
        self.assertEqual(cell.value, "Green, stale 265 d")
        self.assertEqual(xlsx.TestXlsxWorkbook.fill(cell), xlsx.NO_DATA)
        margin = self.xlsx_row(self.q1_data, "MARGIN")
        self.assertNotIn("stale", margin.value)
        row = self.html_rows(self.q1_data)["REVENUE"]
        self.assertIn("stale, 265 d", " ".join(cell_texts(row)))
        badge = row.xpath(".//span[hasclass('badge')]")[0]
        self.assertNotIn("#28a745", badge.get("style"), "not a confident green")
        # February holds the latest value: not stale there
        self.assertEqual(self.xlsx_row(self.data, "REVENUE").value, "Green")

    def test_pending_value(self):
        self.scorecard.require_approval = True
        self.measurement_of(self.kpi_accounts, self.feb).actual_value = 12
        self.assertEqual(self.xlsx_row(self.data, "ACCOUNTS").value, "Pending approval")
        row = self.html_rows(self.data)["ACCOUNTS"]
        self.assertIn("Value waiting for approval", cell_texts(row)[1])
