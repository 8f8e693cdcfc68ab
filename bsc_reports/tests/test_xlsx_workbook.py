# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

from openpyxl import load_workbook

from odoo.tests import tagged

from .common import BscReportsCase

XLSX = "bsc_reports.action_report_scorecard_xlsx"
GREEN, YELLOW, RED, NO_DATA = "FF28A745", "FFFFAC00", "FFDC3545", "FFDEE2E6"


@tagged("post_install", "-at_install")
class TestXlsxWorkbook(BscReportsCase):
    """The workbook renders the scorecard matrix, coloured like the screen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workbook = cls.render(cls.env, cls.scorecard, cls.data)

    @staticmethod
    def render(env, scorecards, data):
        content, kind = env["ir.actions.report"]._render(XLSX, scorecards.ids, data)
        assert kind == "xlsx"
        return load_workbook(io.BytesIO(content))

    @staticmethod
    def rows_by_code(sheet, first_row=5):
        """``{value of column A or B: row number}`` below the header."""
        rows = {}
        for row in sheet.iter_rows(min_row=first_row):
            key = row[0].value or row[1].value
            if key:
                rows.setdefault(key, row[0].row)
        return rows

    @staticmethod
    def fill(cell):
        return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None

    def money_format(self):
        """Amounts of 0 decimals with the currency's symbol on its side."""
        currency = self.scorecard.currency_id
        if currency.position == "before":
            return f'"{currency.symbol} "#,##0'
        return f'#,##0" {currency.symbol}"'

    def test_sheets(self):
        self.assertEqual(
            self.workbook.sheetnames, ["Summary", "History", "Initiatives"]
        )

    def test_summary_kpi_values_formats_and_fills(self):
        sheet = self.workbook["Summary"]
        rows = self.rows_by_code(sheet)
        money = self.money_format()
        # code, actual, target, red flag, number format, status label, fill
        expected = {
            "REVENUE": (110000, 100000, 80000, money, "Green", GREEN),
            "MARGIN": (10.5, 12, 8, '#,##0.0" %"', "Yellow", YELLOW),
            "ACCOUNTS": (3, 10, 5, '#,##0" accounts"', "Red", RED),
            "NPS": (None, 40, 20, '#,##0" pts"', "No data", NO_DATA),
        }
        for code, (actual, target, red_flag, number, label, fill) in expected.items():
            row = rows[code]
            with self.subTest(code=code):
                self.assertEqual(sheet[f"E{row}"].value, actual)
                self.assertEqual(sheet[f"F{row}"].value, target)
                self.assertEqual(sheet[f"G{row}"].value, red_flag)
                for col in "EFG":
                    self.assertEqual(sheet[f"{col}{row}"].number_format, number)
                self.assertEqual(sheet[f"I{row}"].value, label)
                self.assertEqual(self.fill(sheet[f"I{row}"]), fill)
        revenue = rows["REVENUE"]
        self.assertEqual(sheet[f"H{revenue}"].value, 8.33)
        self.assertEqual(sheet[f"H{revenue}"].number_format, "0.00")
        self.assertEqual(sheet[f"J{revenue}"].value, "↑")  # 90,000 -> 110,000
        self.assertEqual(
            sheet[f"K{rows['ACCOUNTS']}"].value, "Two deals slipped to March"
        )
        self.assertIsNone(sheet[f"H{rows['NPS']}"].value)

    def test_summary_rollups_are_the_matrix(self):
        """Perspective, objective and scorecard rows: the screen's numbers."""
        sheet = self.workbook["Summary"]
        rows = self.rows_by_code(sheet)
        matrix = self.feb_matrix_rows()
        colours = {"green": GREEN, "yellow": YELLOW, "red": RED, "none": NO_DATA}
        for name in ("Financial", "Customer", "F1", "C1"):
            row = rows[name]
            item = matrix[sheet[f"B{row}"].value if len(name) == 2 else name]
            with self.subTest(row=name):
                self.assertEqual(sheet[f"H{row}"].value, item["score"])
                self.assertEqual(self.fill(sheet[f"I{row}"]), colours[item["status"]])
        self.assertEqual(sheet["B5"].value, "Company A 2026 – 2026-02")
        self.assertEqual(sheet["H5"].value, matrix["scorecard"]["score"])
        self.assertIsNotNone(matrix["scorecard"]["score"])

    def test_summary_layout(self):
        sheet = self.workbook["Summary"]
        self.assertEqual(sheet["A1"].value, "Company A 2026")
        self.assertEqual(
            [c.value for c in sheet[4]][:4], ["Code", "Name", "Owner", "Unit"]
        )
        self.assertEqual(sheet.freeze_panes, "C5")
        self.assertEqual(sheet.page_setup.orientation, "landscape")
        self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
        self.assertEqual(sheet.page_setup.fitToHeight, 0)
        self.assertEqual(sheet.print_title_rows, "$4:$4")
        self.assertGreater(sheet.column_dimensions["B"].width, 30)

    def test_history(self):
        sheet = self.workbook["History"]
        self.assertEqual(
            [c.value for c in sheet[4]], ["Code", "Name", "Unit", "2026-01", "2026-02"]
        )
        rows = self.rows_by_code(sheet)
        revenue = rows["REVENUE"]
        self.assertEqual(
            [sheet[f"D{revenue}"].value, sheet[f"E{revenue}"].value], [90000, 110000]
        )
        # January 90,000 is between red flag and target: yellow; February green
        self.assertEqual(self.fill(sheet[f"D{revenue}"]), YELLOW)
        self.assertEqual(self.fill(sheet[f"E{revenue}"]), GREEN)
        self.assertEqual(sheet[f"D{revenue}"].number_format, self.money_format())
        self.assertEqual(sheet["D5"].number_format, "0.00")
        accounts = rows["ACCOUNTS"]
        self.assertEqual(self.fill(sheet[f"D{accounts}"]), YELLOW)  # 6: yellow
        self.assertEqual(self.fill(sheet[f"E{accounts}"]), RED)  # 3: red
        january = self.scorecard._bsc_matrix_of(self.jan)
        self.assertEqual(sheet["D5"].value, january["score"])
        self.assertEqual(len(sheet._charts), 1)

    def test_initiatives(self):
        sheet = self.workbook["Initiatives"]
        rows = self.rows_by_code(sheet)
        row = rows["Referral programme"]
        values = [c.value for c in sheet[row]]
        self.assertEqual(values[1], "C1 Win new customers")
        self.assertEqual(values[2], self.user.name)
        self.assertEqual(values[3].date().isoformat(), "2026-01-15")
        self.assertEqual(values[5:9], [5000, 2000, 40, 40])
        self.assertEqual(values[9], "At Risk")
        self.assertEqual(self.fill(sheet.cell(row, 10)), YELLOW)

    def test_without_history(self):
        workbook = self.render(
            self.env, self.scorecard, dict(self.data, history_from_id=False)
        )
        self.assertEqual(workbook.sheetnames, ["Summary", "Initiatives"])
        rows = self.rows_by_code(workbook["Summary"])
        self.assertEqual(workbook["Summary"][f"E{rows['REVENUE']}"].value, 110000)

    def test_print_menu_as_user(self):
        """From the Print menu (no data): the current period, with history."""
        report = self.env["ir.actions.report"].with_user(self.user)
        content, _kind = report._render(XLSX, self.scorecard.ids, {})
        workbook = load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames, ["Summary", "History", "Initiatives"])
        period = self.env["bsc.period"]._bsc_current(self.scorecard)
        self.assertEqual(
            workbook["Summary"]["B5"].value, f"Company A 2026 – {period.name}"
        )

    def test_empty_scorecard(self):
        """No measurement, no initiative: empty states, no crash."""
        scorecard = self.make_empty_scorecard()
        workbook = self.render(self.env, scorecard, {})
        summary = workbook["Summary"]
        rows = self.rows_by_code(summary)
        self.assertEqual(summary[f"I{rows['HAPPY']}"].value, "No data")
        self.assertIsNone(summary[f"E{rows['HAPPY']}"].value)
        self.assertIn("No objective yet", rows)
        self.assertIn("No initiative yet", self.rows_by_code(workbook["Initiatives"]))

    def test_two_scorecards(self):
        workbook = self.render(
            self.env, self.scorecard | self.make_empty_scorecard(), {}
        )
        self.assertEqual(
            workbook.sheetnames,
            [
                "Summary (Company A 2026)",
                "History (Company A 2026)",
                "Initiatives (Company A 2026)",
                "Summary (Empty 2026)",
                "History (Empty 2026)",
                "Initiatives (Empty 2026)",
            ],
        )
