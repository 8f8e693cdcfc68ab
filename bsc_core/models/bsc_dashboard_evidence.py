# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, models

from ..engine import evidence as evidence_engine
from ..engine import matrix as matrix_engine


class BscDashboard(models.AbstractModel):
    """The dashboard's evidence, forecasts, health check and "Needs
    attention" (``bsc.evidence`` and ``bsc.scorecard._bsc_health``)."""

    _inherit = "bsc.dashboard"  # pylint: disable=consider-merging-classes-inherited

    def _bsc_dashboard_data(self, scorecard, period_id, mode, scorecards):
        """Adds ``evidence`` (``arrows``, ``consider``), ``forecasts``
        (``{kpi_id: dict}``), ``health`` and ``needs_attention`` (lists)."""
        result = super()._bsc_dashboard_data(scorecard, period_id, mode, scorecards)
        result.update(
            evidence={"arrows": [], "consider": [], "periods": 0},
            forecasts={},
            health=scorecard._bsc_health(),
            needs_attention=[],
        )
        period = self._bsc_dashboard_period(scorecard, period_id)
        if not period or not result["matrix"]:
            return result
        Evidence = self.env["bsc.evidence"]
        result["evidence"] = Evidence._bsc_evidence(scorecard, period)
        result["forecasts"] = Evidence._bsc_forecasts(scorecard, period)
        result["needs_attention"] = self._bsc_needs_attention(scorecard, period, result)
        return result

    def _bsc_needs_attention_of(self, scorecard, period, matrix):
        """ "Needs attention" of ``scorecard`` in ``period`` outside the
        dashboard (the briefing book's mail): the same items as the
        dashboard's, from ``matrix`` (``bsc.matrix``'s of ``period``)."""
        if not period or not matrix:
            return []
        Evidence = self.env["bsc.evidence"]
        data = {
            "matrix": matrix,
            "evidence": Evidence._bsc_evidence(scorecard, period),
            "forecasts": Evidence._bsc_forecasts(scorecard, period),
        }
        return self._bsc_needs_attention(scorecard, period, data)

    def _bsc_needs_attention(self, scorecard, period, data):
        """What a reviewer should look at first, each item a dict with
        ``kind``, ``message`` and the record to open (``model``, ``res_id``):
        red KPIs without a comment or an initiative, KPIs at risk, arrows the
        data contradict, and the stale KPIs of :meth:`_bsc_needs_attention_stale`.
        """
        items = []
        rows = matrix_engine.index_rows(data["matrix"])
        sudo = scorecard.sudo()
        for kpi in sudo.kpi_ids:
            row = rows.get(("kpi", kpi.id))
            if (
                row
                and row["status"] == "red"
                and not row["comment"]
                and not kpi.objective_id.initiative_ids
            ):
                items.append(
                    {
                        "kind": "red",
                        "model": "bsc.kpi",
                        "res_id": kpi.id,
                        "message": _(
                            "%(kpi)s is red with no comment and no initiative.",
                            kpi=kpi.display_name,
                        ),
                    }
                )
        for kpi in sudo.kpi_ids:
            forecast = data["forecasts"].get(kpi.id) or {}
            if forecast.get("at_risk"):
                items.append(
                    {
                        "kind": "at_risk",
                        "model": "bsc.kpi",
                        "res_id": kpi.id,
                        "message": _(
                            "%(kpi)s is forecast to end the period %(status)s.",
                            kpi=kpi.display_name,
                            status=forecast["expected_status"],
                        ),
                    }
                )
        for arrow in data["evidence"]["arrows"]:
            if arrow["status"] == evidence_engine.CONTRADICTED:
                items.append(
                    {
                        "kind": "contradicted",
                        "model": "bsc.objective",
                        "res_id": arrow["cause_id"],
                        "message": _(
                            "The data contradict the arrow %(cause)s -> "
                            "%(effect)s (%(tooltip)s).",
                            cause=arrow["cause"],
                            effect=arrow["effect"],
                            tooltip=arrow["tooltip"],
                        ),
                    }
                )
        return items + self._bsc_needs_attention_stale(scorecard, period, data)

    def _bsc_needs_attention_stale(self, scorecard, period, data):
        """Stale KPIs for "Needs attention", items of kind ``stale`` in the
        format of :meth:`_bsc_needs_attention`: the KPI rows of the matrix
        flagged ``stale`` by the reporting cycle's freshness (their
        ``stale_days`` is the age of the latest value)."""
        items = []
        for perspective in data["matrix"].get("perspectives", []):
            for objective in perspective["objectives"]:
                for row in objective["kpis"]:
                    if not row.get("stale"):
                        continue
                    name = (
                        f"[{row['code']}] {row['name']}" if row["code"] else row["name"]
                    )
                    items.append(
                        {
                            "kind": "stale",
                            "model": "bsc.kpi",
                            "res_id": row["id"],
                            "message": _(
                                "%(kpi)s is stale: its latest value is "
                                "%(days)s days old.",
                                kpi=name,
                                days=row["stale_days"],
                            ),
                        }
                    )
        return items
