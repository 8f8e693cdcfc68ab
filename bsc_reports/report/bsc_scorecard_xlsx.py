# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo import _, fields, models

from odoo.addons.bsc_core.engine import matrix as matrix_engine
from odoo.addons.bsc_core.tools import number_format as number_format_tools

from . import palette

# Summary sheet columns
SUMMARY_COLUMNS = (
    ("code", 16),
    ("name", 44),
    ("owner", 20),
    ("unit", 10),
    ("actual", 15),
    ("target", 15),
    ("red_flag", 15),
    ("score", 8),
    ("status", 10),
    ("trend", 7),
    ("comment", 60),
    ("forecast_period", 12),
    ("forecast", 15),
    ("forecast_lower", 15),
    ("forecast_upper", 15),
    ("at_risk", 9),
)
COLUMN = {key: index for index, (key, _width) in enumerate(SUMMARY_COLUMNS)}
HEADER_ROW = 3
SCORE_FORMAT = number_format_tools.SCORE_EXCEL_FORMAT
DATE_FORMAT = "yyyy-mm-dd"
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def number_format(kpi_row, currency=None):
    """The Excel number format of a KPI's values: the rules of the suite's
    one formatter (:func:`bsc_core.tools.number_format.excel_number_format`).
    """
    return number_format_tools.excel_number_format(kpi_row, currency)


class _Formats:
    """xlsxwriter formats, created once per distinct set of properties."""

    BASE = {"valign": "vcenter"}

    def __init__(self, workbook):
        self.workbook = workbook
        self.cache = {}

    def get(self, **props):
        props = dict(self.BASE, **props)
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            self.cache[key] = self.workbook.add_format(props)
        return self.cache[key]

    def status(self, status, **props):
        colors = palette.status_colors(status)
        return self.get(
            bg_color=colors["fill"],
            font_color=colors["font"],
            pattern=1,
            border=1,
            border_color=palette.BORDER,
            **props,
        )


class BscScorecardXlsx(models.AbstractModel):
    """The scorecard workbook: Summary, History and Initiatives sheets.

    Every figure comes from the scorecard matrix (``bsc.matrix``) that the
    screen renders; nothing is computed here.
    """

    _name = "report.bsc_reports.scorecard_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Scorecard Workbook (XLSX)"

    def _get_objs_for_report(self, docids, data):
        if not docids and data and data.get("scorecard_ids"):
            return self.env["bsc.scorecard"].browse(data["scorecard_ids"])
        return super()._get_objs_for_report(docids, data)

    def generate_xlsx_report(self, workbook, data, scorecards):
        formats = _Formats(workbook)
        for scorecard in scorecards:
            matrix, history = scorecard._bsc_report_matrices(data)
            suffix = f" ({scorecard.name})" if len(scorecards) > 1 else ""
            self._write_summary(
                workbook.add_worksheet(self._sheet_name(_("Summary"), suffix)),
                formats,
                scorecard,
                matrix,
            )
            if history:
                self._write_history(
                    workbook,
                    workbook.add_worksheet(self._sheet_name(_("History"), suffix)),
                    formats,
                    scorecard,
                    history,
                )
            self._write_initiatives(
                workbook.add_worksheet(self._sheet_name(_("Initiatives"), suffix)),
                formats,
                scorecard,
                matrix,
            )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @staticmethod
    def _sheet_name(name, suffix):
        return SHEET_NAME_FORBIDDEN.sub(" ", f"{name}{suffix}")[:31]

    def _labels(self):
        Scorecard = self.env["bsc.scorecard"]
        return {
            "status": dict(
                Scorecard._fields["status"]._description_selection(self.env)
            ),
        }

    @staticmethod
    def _escape_header(text):
        return (text or "").replace("&", "&&")

    def _print_setup(self, sheet, scorecard, subtitle, header_row):
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.repeat_rows(header_row)
        sheet.set_header(
            f"&L&B{self._escape_header(scorecard.name)}"
            f"&R{self._escape_header(subtitle)}"
        )
        sheet.set_footer(
            f"&L{self._escape_header(scorecard.company_id.name)}&RPage &P / &N"
        )

    def _write_title(self, sheet, formats, title, subtitle):
        sheet.write(0, 0, title, formats.get(bold=True, font_size=14))
        sheet.write(1, 0, subtitle, formats.get(font_color=palette.MUTED))
        sheet.set_row(0, 22)

    def _write_header(self, sheet, formats, row, titles):
        header = formats.get(
            bold=True,
            bg_color=palette.ROW_FILLS["scorecard"],
            pattern=1,
            bottom=2,
            border_color=palette.BORDER,
            text_wrap=True,
        )
        for col, title in enumerate(titles):
            sheet.write(row, col, title, header)

    def _period_text(self, matrix):
        period = matrix.get("period") or {}
        if not period:
            return ""
        return _(
            "%(period)s (%(start)s – %(end)s)",
            period=period["name"],
            start=period["date_start"],
            end=period["date_end"],
        )

    # ------------------------------------------------------------------
    # Summary
    # ------------------------------------------------------------------

    def _write_summary(self, sheet, formats, scorecard, matrix):
        labels = self._labels()
        period_text = self._period_text(matrix)
        self._write_title(
            sheet,
            formats,
            scorecard.name,
            " · ".join(filter(None, [period_text, scorecard.company_id.name])),
        )
        self._write_header(
            sheet,
            formats,
            HEADER_ROW,
            [
                _("Code"),
                _("Name"),
                _("Owner"),
                _("Unit"),
                _("Actual"),
                _("Target"),
                _("Red Flag"),
                _("Score"),
                _("Status"),
                _("Trend"),
                _("Comment"),
                _("Forecast For"),
                _("Forecast"),
                _("Forecast Low"),
                _("Forecast High"),
                _("At Risk"),
            ],
        )
        for col, (_key, width) in enumerate(SUMMARY_COLUMNS):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(HEADER_ROW + 1, 2)
        self._print_setup(sheet, scorecard, period_text, HEADER_ROW)
        row = HEADER_ROW + 1
        empty = formats.get(italic=True, font_color=palette.MUTED)
        if not matrix:
            sheet.write(
                row,
                1,
                _(
                    "No period to show yet: set the scorecard's span to create "
                    "its periods."
                ),
                empty,
            )
            return
        self._write_rollup_row(sheet, formats, row, "scorecard", matrix, labels)
        row += 1
        if not matrix["perspectives"]:
            sheet.write(row, 1, _("No perspective yet"), empty)
        currency = scorecard.currency_id
        forecasts = self.env["report.bsc_reports.briefing_book"]._bsc_report_forecasts(
            scorecard, self.env["bsc.period"].browse(matrix["period"]["id"])
        )
        for perspective in matrix["perspectives"]:
            self._write_rollup_row(
                sheet, formats, row, "perspective", perspective, labels
            )
            row += 1
            if not perspective["objectives"]:
                sheet.write(
                    row,
                    1,
                    _("No objective yet"),
                    formats.get(indent=1, italic=True, font_color=palette.MUTED),
                )
                row += 1
            for objective in perspective["objectives"]:
                self._write_rollup_row(
                    sheet, formats, row, "objective", objective, labels
                )
                row += 1
                if not objective["kpis"]:
                    sheet.write(
                        row,
                        1,
                        _("No KPI yet"),
                        formats.get(indent=2, italic=True, font_color=palette.MUTED),
                    )
                    row += 1
                for kpi in objective["kpis"]:
                    self._write_kpi_row(
                        sheet, formats, row, scorecard, kpi, labels, currency
                    )
                    self._write_forecast(
                        sheet, formats, row, kpi, forecasts.get(kpi["id"]), currency
                    )
                    row += 1

    def _write_rollup_row(self, sheet, formats, row, level, item, labels):
        """A scorecard, perspective or objective row: name, score, status."""
        fill = {"bg_color": palette.ROW_FILLS[level], "pattern": 1}
        bold = level != "objective"
        text = formats.get(bold=bold, **fill)
        for col in range(len(SUMMARY_COLUMNS)):
            sheet.write_blank(row, col, None, text)
        if level == "perspective":
            sheet.write(
                row,
                COLUMN["code"],
                "",
                formats.get(
                    left=5, left_color=palette.band_color(item.get("color")), **fill
                ),
            )
        elif level == "objective":
            sheet.write(
                row,
                COLUMN["code"],
                item.get("code") or "",
                formats.get(font_color=palette.MUTED, **fill),
            )
            sheet.write(row, COLUMN["owner"], item.get("user") or "", text)
        name = item["name"]
        if level == "scorecard" and item.get("period"):
            name = f"{name} – {item['period']['name']}"
        sheet.write(
            row,
            COLUMN["name"],
            name,
            formats.get(bold=bold, indent=1 if level == "objective" else 0, **fill),
        )
        self._write_result(sheet, formats, row, item, labels, None, bold=bold, **fill)

    def _write_kpi_row(self, sheet, formats, row, scorecard, kpi, labels, currency):
        sheet.write(
            row, COLUMN["code"], kpi["code"], formats.get(font_color=palette.MUTED)
        )
        sheet.write(row, COLUMN["name"], kpi["name"], formats.get(indent=2))
        sheet.write(row, COLUMN["owner"], kpi.get("user") or "", formats.get())
        unit = {"percent": "%", "monetary": currency.symbol or ""}.get(
            kpi.get("value_format"), kpi.get("unit") or ""
        )
        sheet.write(row, COLUMN["unit"], unit, formats.get())
        value = formats.get(num_format=number_format(kpi, currency))
        self._write_number(
            sheet,
            row,
            COLUMN["actual"],
            kpi.get("actual"),
            formats.get(num_format=number_format(kpi, currency), bold=True),
        )
        if kpi.get("polarity") == "range":
            # a range shows as on screen: "low – high" and "± tolerance"
            text = formats.get(align="right")
            sheet.write(
                row,
                COLUMN["target"],
                f"{scorecard._bsc_format_value(kpi.get('target'), kpi)} – "
                f"{scorecard._bsc_format_value(kpi.get('target_max'), kpi)}",
                text,
            )
            sheet.write(
                row,
                COLUMN["red_flag"],
                f"± {scorecard._bsc_format_value(kpi.get('tolerance'), kpi)}",
                text,
            )
        else:
            self._write_number(sheet, row, COLUMN["target"], kpi.get("target"), value)
            self._write_number(
                sheet, row, COLUMN["red_flag"], kpi.get("red_flag"), value
            )
        self._write_result(sheet, formats, row, kpi, labels, kpi.get("polarity"))
        comment = "\n".join(
            filter(None, [kpi.get("error") or "", kpi.get("comment") or ""])
        )
        sheet.write(
            row, COLUMN["comment"], comment, formats.get(text_wrap=True, valign="top")
        )
        # xlsxwriter cannot autofit: give a wrapped comment the lines it needs
        width = SUMMARY_COLUMNS[COLUMN["comment"]][1] - 2
        lines = sum(-(-len(part) // width) or 1 for part in comment.split("\n"))
        if lines > 1:
            sheet.set_row(row, 15 * lines)

    def _write_forecast(self, sheet, formats, row, kpi, forecast, currency):
        """The forecast columns of a KPI row (see
        ``report.bsc_reports.briefing_book._bsc_report_forecasts``)."""
        if not forecast:
            return
        value = formats.get(num_format=number_format(kpi, currency))
        sheet.write(row, COLUMN["forecast_period"], forecast["period"], formats.get())
        for key, col in (
            ("expected", "forecast"),
            ("lower", "forecast_lower"),
            ("upper", "forecast_upper"),
        ):
            self._write_number(sheet, row, COLUMN[col], forecast[key], value)
        if forecast["at_risk"]:
            sheet.write(
                row,
                COLUMN["at_risk"],
                _("At risk"),
                formats.status("yellow", align="center"),
            )

    @staticmethod
    def _write_number(sheet, row, col, value, cell_format):
        if value is None:
            sheet.write_blank(row, col, None, cell_format)
        else:
            sheet.write_number(row, col, value, cell_format)

    def _write_result(self, sheet, formats, row, item, labels, polarity, **props):
        """Score, status (as the cell's fill) and trend arrow of a row."""
        self._write_number(
            sheet,
            row,
            COLUMN["score"],
            item.get("score"),
            formats.get(num_format=SCORE_FORMAT, **props),
        )
        status = item.get("status") or "none"
        label = labels["status"].get(status, status)
        if item.get("stale"):
            # never a confident colour on an old value: grey, with its age
            status = "none"
            label = _(
                "%(status)s, stale %(days)s d", status=label, days=item["stale_days"]
            )
        elif item.get("approval_state") == "submitted":
            label = _("Pending approval")
        elif item.get("stale_share"):
            label = _(
                "%(status)s (%(share)s%% stale)",
                status=label,
                share=round(item["stale_share"] * 100),
            )
        sheet.write(
            row,
            COLUMN["status"],
            label,
            formats.status(status, align="center", bold=props.get("bold", False)),
        )
        trend = item.get("trend")
        props.pop("bold", None)
        sheet.write(
            row,
            COLUMN["trend"],
            palette.TREND_ARROWS.get(trend, ""),
            formats.get(
                align="center",
                bold=True,
                font_color=palette.trend_color(trend, polarity),
                **props,
            ),
        )

    # ------------------------------------------------------------------
    # History
    # ------------------------------------------------------------------

    def _write_history(self, workbook, sheet, formats, scorecard, matrices):
        first_col = 3
        last = matrices[-1]
        periods = [m["period"] for m in matrices]
        subtitle = _(
            "%(start)s to %(end)s", start=periods[0]["name"], end=periods[-1]["name"]
        )
        self._write_title(sheet, formats, _("%s: history", scorecard.name), subtitle)
        self._write_header(
            sheet,
            formats,
            HEADER_ROW,
            [_("Code"), _("Name"), _("Unit")] + [p["name"] for p in periods],
        )
        sheet.set_column(0, 0, 16)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 2, 10)
        sheet.set_column(first_col, first_col + len(periods) - 1, 12)
        sheet.freeze_panes(HEADER_ROW + 1, first_col)
        self._print_setup(sheet, scorecard, subtitle, HEADER_ROW)
        currency = scorecard.currency_id

        # the rows of the last matrix give the order; every matrix has them all
        indexes = [matrix_engine.index_rows(matrix) for matrix in matrices]

        def cells(row, key, value_key, **props):
            """One cell per period, filled with the row's status then."""
            for offset, index in enumerate(indexes):
                item = index.get(key) or {}
                style = formats.status(item.get("status"), **props)
                self._write_number(
                    sheet, row, first_col + offset, item.get(value_key), style
                )

        row = HEADER_ROW + 1
        sheet.write(row, 1, last["name"], formats.get(bold=True))
        cells(
            row, ("scorecard", last["id"]), "score", num_format=SCORE_FORMAT, bold=True
        )
        row += 1
        series = []
        for perspective in last["perspectives"]:
            sheet.write(
                row,
                0,
                "",
                formats.get(
                    left=5, left_color=palette.band_color(perspective.get("color"))
                ),
            )
            sheet.write(row, 1, perspective["name"], formats.get(bold=True))
            cells(
                row,
                ("perspective", perspective["id"]),
                "score",
                num_format=SCORE_FORMAT,
                bold=True,
            )
            series.append((perspective, row))
            row += 1
            for objective in perspective["objectives"]:
                sheet.write(
                    row,
                    0,
                    objective.get("code") or "",
                    formats.get(font_color=palette.MUTED),
                )
                sheet.write(row, 1, objective["name"], formats.get(indent=1))
                cells(
                    row,
                    ("objective", objective["id"]),
                    "score",
                    num_format=SCORE_FORMAT,
                )
                row += 1
                for kpi in objective["kpis"]:
                    sheet.write(
                        row, 0, kpi["code"], formats.get(font_color=palette.MUTED)
                    )
                    sheet.write(row, 1, kpi["name"], formats.get(indent=2))
                    unit = {"percent": "%", "monetary": currency.symbol or ""}.get(
                        kpi.get("value_format"), kpi.get("unit") or ""
                    )
                    sheet.write(row, 2, unit, formats.get())
                    cells(
                        row,
                        ("kpi", kpi["id"]),
                        "actual",
                        num_format=number_format(kpi, currency),
                    )
                    row += 1
        if series:
            self._insert_score_chart(
                workbook, sheet, series, first_col, len(periods), row + 2
            )

    def _insert_score_chart(self, workbook, sheet, series, first_col, count, row):
        """One line per perspective: its score over the history's periods."""
        chart = workbook.add_chart({"type": "line"})
        last_col = first_col + count - 1
        for perspective, data_row in series:
            color = palette.band_color(perspective.get("color"))
            chart.add_series(
                {
                    "name": [sheet.name, data_row, 1],
                    "categories": [
                        sheet.name,
                        HEADER_ROW,
                        first_col,
                        HEADER_ROW,
                        last_col,
                    ],
                    "values": [sheet.name, data_row, first_col, data_row, last_col],
                    "line": {"color": color, "width": 2.25},
                    "marker": {
                        "type": "circle",
                        "size": 6,
                        "fill": {"color": color},
                        "border": {"color": color},
                    },
                }
            )
        chart.set_title({"name": _("Perspective scores")})
        chart.set_y_axis({"min": 0, "max": 10, "major_unit": 2, "name": _("Score")})
        chart.set_x_axis({"name": _("Period")})
        chart.set_legend({"position": "bottom"})
        chart.show_blanks_as("gap")
        chart.set_size({"width": 760, "height": 360})
        sheet.insert_chart(row, 1, chart)

    # ------------------------------------------------------------------
    # Initiatives
    # ------------------------------------------------------------------

    def _write_initiatives(self, sheet, formats, scorecard, matrix):
        Initiative = self.env["bsc.initiative"]
        states = dict(Initiative._fields["state"]._description_selection(self.env))
        period_text = self._period_text(matrix)
        self._write_title(
            sheet, formats, _("%s: initiatives", scorecard.name), period_text
        )
        columns = [
            (_("Initiative"), 36),
            (_("Objectives"), 40),
            (_("Owner"), 20),
            (_("Start"), 12),
            (_("Deadline"), 12),
            (_("Planned Budget"), 15),
            (_("Spent"), 15),
            (_("Budget Used"), 12),
            (_("Progress"), 10),
            (_("Status"), 12),
        ]
        self._write_header(
            sheet, formats, HEADER_ROW, [title for title, _width in columns]
        )
        for col, (_title, width) in enumerate(columns):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(HEADER_ROW + 1, 1)
        self._print_setup(sheet, scorecard, period_text, HEADER_ROW)
        initiatives = scorecard.initiative_ids
        row = HEADER_ROW + 1
        if not initiatives:
            sheet.write(
                row,
                0,
                _("No initiative yet"),
                formats.get(italic=True, font_color=palette.MUTED),
            )
            return
        money = formats.get(
            num_format=self._report_xlsx_currency_format(scorecard.currency_id)
        )
        date = formats.get(num_format=DATE_FORMAT, align="left")
        percent = formats.get(num_format='0" %"')
        for initiative in initiatives:
            objectives = ", ".join(
                " ".join(filter(None, [o.code, o.name]))
                for o in initiative.objective_ids
            )
            sheet.write(row, 0, initiative.name, formats.get(bold=True, text_wrap=True))
            sheet.write(row, 1, objectives, formats.get(text_wrap=True))
            sheet.write(row, 2, initiative.user_id.name or "")
            for col, day in ((3, initiative.date_start), (4, initiative.date_end)):
                if day:
                    sheet.write_datetime(
                        row, col, fields.Datetime.to_datetime(day), date
                    )
                else:
                    sheet.write_blank(row, col, None, date)
            sheet.write_number(row, 5, initiative.budget_planned, money)
            sheet.write_number(row, 6, initiative.budget_spent, money)
            if initiative.budget_planned:
                sheet.write_number(row, 7, initiative.budget_used_percent, percent)
            else:
                sheet.write_blank(row, 7, None, percent)
            sheet.write_number(row, 8, initiative.progress, percent)
            colors = palette.INITIATIVE_STATE_COLORS.get(
                initiative.state, palette.STATUS_COLORS["none"]
            )
            sheet.write(
                row,
                9,
                states.get(initiative.state, initiative.state),
                formats.get(
                    bg_color=colors["fill"],
                    font_color=colors["font"],
                    pattern=1,
                    border=1,
                    border_color=palette.BORDER,
                    align="center",
                ),
            )
            row += 1
