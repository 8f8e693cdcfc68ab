# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class BscScorecard(models.Model):
    _inherit = "bsc.scorecard"

    def _bsc_report_periods(self, data=None):
        """The period a report shows and the periods of its history.

        :param data: report data from the wizard: ``period_id`` and
            ``history_from_id`` (False: no history). Without them (the Print
            menu), or when they are periods of another scorecard, the report
            shows the period of the context or the current one, with the
            periods of its year up to it as history.
        :return: ``(period, history)``: history is the periods of the
            period's frequency from the start to the period, oldest first;
            empty without history, both empty when the scorecard has no period
        """
        self.ensure_one()
        data = data or {}
        Period = self.env["bsc.period"]
        period = Period.browse(data.get("period_id") or []).exists()
        if period.scorecard_id != self:
            period = Period._bsc_current(self)
        if not period:
            return period, Period
        if "history_from_id" in data and not data["history_from_id"]:
            return period, Period
        start = Period.browse(data.get("history_from_id") or []).exists()
        if start.scorecard_id != self or start.frequency != period.frequency:
            start = self._bsc_report_history_start(period)
        history = self.period_ids.filtered(
            lambda p: (
                p.frequency == period.frequency
                and start.date_start <= p.date_start <= period.date_start
            )
        ).sorted("date_start")
        return period, history or period

    def _bsc_report_history_start(self, period):
        """Where a report's history starts by default: the first period of
        ``period``'s frequency in the same year (the first year for years)."""
        self.ensure_one()
        same = self.period_ids.filtered(lambda p: p.frequency == period.frequency)
        if period.frequency != "year":
            same = same.filtered(lambda p: p.date_start.year == period.date_start.year)
        return same.sorted("date_start")[:1] or period

    def _bsc_report_matrices(self, data=None):
        """The scorecard matrix a report shows and the matrices of its history.

        :return: ``(matrix, history)``: the matrix of the report's period
            (``{}`` without a period) and the list of matrices of the history
            periods, oldest first (the last one is ``matrix``), all from
            ``bsc.matrix`` in one read, with the screen's trends
        """
        self.ensure_one()
        period, history = self._bsc_report_periods(data)
        if not period:
            return {}, []
        matrices = self.env["bsc.matrix"]._bsc_matrices(self, history or period)
        return matrices[-1], matrices if history else []
