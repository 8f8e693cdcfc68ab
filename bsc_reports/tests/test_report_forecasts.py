# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
from datetime import date

from lxml import html as lxml_html
from openpyxl import load_workbook

from odoo.tests import tagged

from .common import BscReportsCase

BOOK = "bsc_reports.action_report_briefing_book"
XLSX = "bsc_reports.action_report_scorecard_xlsx"


@tagged("post_install", "-at_install")
class TestReportForecasts(BscReportsCase):
    """The KPIs' forecasts (``bsc.evidence``, as on the dashboard) in the PDF
    briefing book and the workbook.

    MARGIN (percent, 1 decimal, target 12, red flag 8) falls by 1 a month
    from 17.5 in January to 12.5 in June: green in June, and its trend
    forecasts 11.5 for July, yellow, so at risk. NPS has no value: no
    forecast. The reports show June (today is frozen in November).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month" and p.date_end <= date(2026, 6, 30)
        ).sorted("date_start")
        cls.scorecard._bsc_recompute(periods=months)
        for index, month in enumerate(months):
            cls.measurement_of(cls.kpi_margin, month).actual_value = 17.5 - index
        cls.june = months[-1]
        cls.data = {
            "scorecard_ids": cls.scorecard.ids,
            "period_id": cls.june.id,
            "history_from_id": months[0].id,
        }

    def test_forecast_of_the_dashboard(self):
        forecasts = self.env["report.bsc_reports.briefing_book"]._bsc_report_forecasts(
            self.scorecard, self.june
        )
        margin = forecasts[self.kpi_margin.id]
        self.assertEqual(margin["period"], "2026-07")
        self.assertAlmostEqual(margin["expected"], 11.5, places=6)
        self.assertTrue(margin["at_risk"])
        self.assertNotIn(self.kpi_nps.id, forecasts)
        dashboard = self.env["bsc.evidence"]._bsc_forecasts(self.scorecard, self.june)
        self.assertEqual(margin["expected"], dashboard[self.kpi_margin.id]["expected"])
        self.assertEqual(
            margin["lower"], dashboard[self.kpi_margin.id]["points"][0]["lower"]
        )

    def test_pdf_kpi_rows(self):
        content, __ = self.env["ir.actions.report"]._render_qweb_html(
            BOOK, self.scorecard.ids, self.data
        )
        page = lxml_html.fromstring(content)
        rows = {
            row.xpath("./td[1]")[0].text_content().strip(): row
            for row in page.xpath("//tr[contains(@class, 'o_bsc_kpi')]")
        }
        margin = rows["MARGIN"].xpath(".//div[contains(@class, 'o_bsc_forecast')]")
        self.assertEqual(len(margin), 1)
        text = " ".join(margin[0].text_content().split())
        forecast = self.env["report.bsc_reports.briefing_book"]._bsc_report_forecasts(
            self.scorecard, self.june
        )[self.kpi_margin.id]
        kpi = {"decimal_places": 1, "value_format": "percent"}
        fmt = self.scorecard._bsc_format_value
        expected = (
            f"Forecast 2026-07: {fmt(11.5, kpi)} "
            f"({fmt(forecast['lower'], kpi)} – {fmt(forecast['upper'], kpi)})"
        )
        self.assertEqual(
            text.replace("\xa0", " "), expected.replace("\xa0", " ") + " At risk"
        )
        self.assertIn("11.5 %", text)
        self.assertFalse(
            rows["NPS"].xpath(".//div[contains(@class, 'o_bsc_forecast')]")
        )

    def test_xlsx_columns(self):
        content, __ = self.env["ir.actions.report"]._render(
            XLSX, self.scorecard.ids, self.data
        )
        sheet = load_workbook(io.BytesIO(content))["Summary"]
        header = [c.value for c in sheet[4]]
        self.assertEqual(
            header[-5:],
            ["Forecast For", "Forecast", "Forecast Low", "Forecast High", "At Risk"],
        )
        first = header.index("Forecast For")
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=5)}
        margin = [c.value for c in rows["MARGIN"][first : first + 5]]
        self.assertEqual(margin[0], "2026-07")
        self.assertAlmostEqual(margin[1], 11.5, places=6)
        self.assertLessEqual(margin[2], margin[1])
        self.assertGreaterEqual(margin[3], margin[1])
        self.assertEqual(margin[4], "At risk")
        self.assertEqual(rows["MARGIN"][first + 1].number_format, '#,##0.0" %"')
        self.assertEqual([c.value for c in rows["NPS"][first : first + 5]], [None] * 5)
