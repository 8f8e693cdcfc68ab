# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from werkzeug.urls import url_parse

from odoo.http import content_disposition, request, route

from odoo.addons.report_xlsx.controllers.main import ReportController

# the extension of each report type's download
EXTENSIONS = {"qweb-pdf": "pdf", "xlsx": "xlsx"}


class BscReportController(ReportController):
    """Downloads printed from the report wizard are named like those of the
    Print menu: "<scorecard> - <period>.<ext>".

    Odoo evaluates a report's ``print_report_name`` only for records given
    in the URL; the wizard sends its scorecard and periods as report data
    instead, and the file was named after the report ("Briefing Book
    (PDF).pdf").
    """

    @route()
    def report_download(self, data, context=None, token=None, readonly=True):
        response = super().report_download(
            data, context=context, token=token, readonly=readonly
        )
        filename = self._bsc_download_name(data)
        if filename and "Content-Disposition" in response.headers:
            response.headers["Content-Disposition"] = content_disposition(filename)
        return response

    def _bsc_download_name(self, data):
        """The file name of a wizard's download of a scorecard report, or None."""
        try:
            url, report_type = json.loads(data)[:2]
            options = json.loads(url_parse(url).decode_query().get("options") or "{}")
        except (TypeError, ValueError):
            return None
        extension = EXTENSIONS.get(report_type)
        reportname = url.split("?")[0].rsplit("/", 1)[-1]
        if not extension or not reportname.startswith("bsc_reports."):
            return None
        scorecards = request.env["bsc.scorecard"].browse(
            options.get("scorecard_ids") or []
        )
        period = request.env["bsc.period"].browse(options.get("period_id") or [])
        if len(scorecards) != 1 or not period:
            return None
        return f"{scorecards.name} - {period.name}.{extension}"
