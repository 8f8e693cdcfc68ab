# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import Counter

from markupsafe import Markup

from odoo import _, api, fields, models

from odoo.addons.bsc_core.engine import scoring
from odoo.addons.bsc_core.tools import number_format

from . import palette, strategy_map_svg

# The legend's order, best first
STATUSES = (scoring.GREEN, scoring.YELLOW, scoring.RED, scoring.NONE)
# The printed map's highest height / width: the A4 page of the book
# (paperformat_bsc_briefing_book: 194 x 239 mm inside its margins) less the
# map's heading; the layout makes a map of few boxes per band taller than
# wide, which at the page's full width spilled its legend onto a page of its own.
MAP_MAX_RATIO = 1.0


class BscBriefingBook(models.AbstractModel):
    """The PDF briefing book of a scorecard for one period.

    Cover, one-page summary, the strategy map, then a page per perspective.
    The figures are the scorecard matrix of the period, read once; the
    template formats them like the screen does.
    """

    _name = "report.bsc_reports.briefing_book"
    _description = "Scorecard Briefing Book"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        Scorecard = self.env["bsc.scorecard"]
        scorecards = Scorecard.browse(docids or data.get("scorecard_ids") or [])
        status_labels = dict(
            Scorecard._fields["status"]._description_selection(self.env)
        )
        Initiative = self.env["bsc.initiative"]
        return {
            "doc_ids": scorecards.ids,
            "doc_model": "bsc.scorecard",
            "docs": scorecards,
            "books": [
                self._bsc_book(scorecard, data, status_labels)
                for scorecard in scorecards
            ],
            "statuses": STATUSES,
            "status_labels": status_labels,
            "initiative_states": dict(
                Initiative._fields["state"]._description_selection(self.env)
            ),
            "status_style": _status_style,
            "initiative_style": _initiative_style,
            "trend_arrow": lambda trend: palette.TREND_ARROWS.get(trend, ""),
            "trend_style": lambda trend, polarity=None: (
                f"color: {palette.trend_color(trend, polarity)};"
            ),
            "objective_codes": lambda initiative: ", ".join(
                o.code or o.name for o in initiative.objective_ids
            ),
            "today": fields.Date.context_today(self),
            "band_style": lambda color: (
                f"border-left: 6px solid {palette.band_color(color)};"
            ),
        }

    def _bsc_book(self, scorecard, data, status_labels):
        """Everything the template shows of one scorecard."""
        period, _history = scorecard._bsc_report_periods(data)
        matrix = scorecard._bsc_matrix_of(period)
        perspectives = matrix.get("perspectives", [])
        initiatives = scorecard.initiative_ids
        by_perspective = {}
        for perspective in perspectives:
            objective_ids = {o["id"] for o in perspective["objectives"]}
            by_perspective[perspective["id"]] = initiatives.filtered(
                lambda i, ids=objective_ids: set(i.objective_ids.ids) & ids
            )
        return {
            "scorecard": scorecard,
            "period": period,
            "matrix": matrix,
            "rag": self._bsc_rag_counts(matrix),
            "initiatives": by_perspective,
            "unlinked_initiatives": initiatives.filtered(lambda i: not i.objective_ids),
            # what the dashboard's objective panel shows of them too
            "initiative_values": initiatives._bsc_report_values(),
            "comments": {
                p["id"]: [
                    kpi
                    for objective in p["objectives"]
                    for kpi in objective["kpis"]
                    if kpi.get("comment") or kpi.get("error")
                ]
                for p in perspectives
            },
            "strategy_map": self._bsc_strategy_map(scorecard, matrix, status_labels),
            "evidence": self._bsc_hypotheses(scorecard, period, matrix),
            "forecasts": self._bsc_report_forecasts(scorecard, period),
        }

    @api.model
    def _bsc_report_forecasts(self, scorecard, period):
        """The KPIs' forecasts as the reports show them, from the dashboard's
        ``bsc.evidence._bsc_forecasts`` (the PDF's KPI rows and the
        workbook's columns).

        :return: ``{kpi_id: dict}`` of the KPIs with a forecast: ``period``
            (the name of the period forecast: ``period`` itself while it
            runs, else the next one), ``expected``, ``lower`` and ``upper``
            (the interval, None without one), ``at_risk``, ``method``
        """
        if not period:
            return {}
        result = {}
        forecasts = self.env["bsc.evidence"]._bsc_forecasts(scorecard, period)
        for kpi_id, forecast in forecasts.items():
            if forecast["expected"] is None:
                continue
            points = forecast["points"]
            first = points[0] if points else {}
            name = first.get("period") or (
                self.env["bsc.period"].browse(forecast["running_period_id"]).name
            )
            result[kpi_id] = {
                "period": name or "",
                "expected": forecast["expected"],
                "lower": first.get("lower"),
                "upper": first.get("upper"),
                "at_risk": forecast["at_risk"],
                "method": forecast["method"],
            }
        return result

    def _bsc_hypotheses(self, scorecard, period, matrix):
        """The arrows' evidence (``bsc.evidence``) when the history tests at
        least one of them, else False (no table of "too little data")."""
        if not period or not matrix:
            return False
        evidence = self.env["bsc.evidence"]._bsc_evidence(scorecard, period)
        if (
            all(a["status"] == "too_little_data" for a in evidence["arrows"])
            and not (evidence["consider"])
        ):
            return False
        return evidence

    @api.model
    def _bsc_rag_counts(self, matrix):
        """Objectives and KPIs per status, overall and per perspective."""
        counts = {"objectives": Counter(), "kpis": Counter(), "perspectives": {}}
        for perspective in matrix.get("perspectives", []):
            kpis = Counter()
            for objective in perspective["objectives"]:
                counts["objectives"][objective["status"] or "none"] += 1
                for kpi in objective["kpis"]:
                    kpis[kpi["status"] or "none"] += 1
            counts["perspectives"][perspective["id"]] = kpis
            counts["kpis"].update(kpis)
        return counts

    def _bsc_strategy_map(self, scorecard, matrix, status_labels):
        """The strategy map of the matrix as inline SVG markup, or False.

        The dashboard's layout (``bsc.dashboard._bsc_map_layout``): the
        printed map is the one on screen, dragged boxes included.
        """
        perspectives = matrix.get("perspectives", [])
        objectives = [o for p in perspectives for o in p["objectives"]]
        if not objectives:
            return False
        drawing = self.env["bsc.dashboard"]._bsc_map_layout(scorecard, matrix)
        bands = {
            p["id"]: {
                "name": p["name"],
                "color": palette.band_color(p.get("color")),
                "caption": _("Score %s", self._bsc_score_text(p["score"])),
            }
            for p in perspectives
        }
        bands[0] = {"name": _("Other")}
        nodes = {
            o["id"]: {
                "label": o["name"],
                "code": o.get("code"),
                "status": o["status"] or "none",
                "caption": self._bsc_score_text(o["score"]),
            }
            for o in objectives
        }
        svg = strategy_map_svg.render(
            drawing,
            bands,
            nodes,
            palette.STATUS_COLORS,
            legend=[(status, status_labels.get(status, status)) for status in STATUSES],
            max_ratio=MAP_MAX_RATIO,
        )
        return Markup(svg)

    def _bsc_score_text(self, score):
        return number_format.format_score(self.env, score)


def _status_style(status):
    colors = palette.status_colors(status)
    return f"background-color: {colors['fill']}; color: {colors['font']};"


def _initiative_style(state):
    colors = palette.INITIATIVE_STATE_COLORS.get(state, palette.STATUS_COLORS["none"])
    return f"background-color: {colors['fill']}; color: {colors['font']};"
