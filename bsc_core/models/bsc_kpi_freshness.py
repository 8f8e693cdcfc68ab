# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Freshness: a KPI whose latest value is older than expected is "stale".

Staleness is a flag next to the status (``is_stale``, ``stale_days``), never
a status of its own: the matrix rows carry ``stale`` and ``stale_days``, and
each roll-up row ``stale_share``, the share (0..1) of its score that rests
on stale KPIs.
"""

from odoo import api, fields, models

from .bsc_measurement_approval import PENDING_STATES


class BscKpi(models.Model):
    _inherit = "bsc.kpi"  # pylint: disable=consider-merging-classes-inherited

    expected_delay = fields.Integer(
        string="Expected Delay (days)",
        help="Days after a period ends by which its value is expected. When "
        "the value of the period after the latest one is later than that, the "
        "KPI is stale: shown greyed with the age of its value, never as a "
        "confident colour. 0: freshness is not checked.",
    )
    is_stale = fields.Boolean(
        string="Stale", compute="_compute_stale", search="_search_is_stale"
    )
    stale_days = fields.Integer(
        string="Age of Latest Value (days)", compute="_compute_stale"
    )

    @api.depends("expected_delay", "measurement_ids.has_actual")
    def _compute_stale(self):
        freshness = self._bsc_freshness()
        for kpi in self:
            kpi.is_stale, kpi.stale_days, __ = freshness.get(kpi.id, (False, 0, None))

    def _search_is_stale(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        watched = self.search([("expected_delay", ">", 0)])
        stale = [kpi_id for kpi_id, (s, *__) in watched._bsc_freshness().items() if s]
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", stale)]

    def _bsc_latest_ends(self):
        """``{kpi_id: date_end}`` of each KPI's latest period with a scored
        value (one waiting for approval does not count)."""
        if not self:
            return {}
        groups = (
            self.env["bsc.measurement"]
            .sudo()
            ._read_group(
                [
                    ("kpi_id", "in", self.ids),
                    ("has_actual", "=", True),
                    ("error_text", "=", False),
                    "|",
                    ("approval_state", "=", False),
                    ("approval_state", "not in", PENDING_STATES),
                ],
                ["kpi_id"],
                ["date_end:max"],
            )
        )
        return {kpi.id: date_end for kpi, date_end in groups}

    def _bsc_freshness(self, today=None):
        """``{kpi_id: (is_stale, age in days, date_end of latest value)}``.

        A KPI with an expected delay is stale when today is past the end of
        the period after its latest value plus the delay; its age is the days
        since that latest period ended. Without any value a KPI is "no data",
        not stale.
        """
        watched = self.filtered(lambda k: k.expected_delay > 0)
        ends = watched.sudo()._bsc_latest_ends()
        result = {}
        for kpi in watched:
            latest = ends.get(kpi.id)
            if not latest:
                continue
            day = today or kpi.scorecard_id._bsc_today()
            following = kpi.scorecard_id.sudo().period_ids.filtered(
                lambda p, k=kpi, d=latest: p.frequency == k.frequency and p.date_end > d
            )
            stale = bool(following) and (
                (day - min(following.mapped("date_end"))).days > kpi.expected_delay
            )
            result[kpi.id] = (stale, (day - latest).days if stale else 0, latest)
        return result


class BscMatrix(models.AbstractModel):
    _inherit = "bsc.matrix"

    @api.model
    def _bsc_matrices(self, scorecard, spans, with_trend=True):
        matrices = super()._bsc_matrices(scorecard, spans, with_trend=with_trend)
        if matrices:
            freshness = scorecard.sudo().kpi_ids._bsc_freshness()
            for matrix in matrices:
                add_staleness(matrix, freshness)
            self._bsc_add_approval_states(matrices)
        return matrices

    @api.model
    def _bsc_add_approval_states(self, matrices):
        """Each KPI row's ``approval_state``: its measurement's, when the row
        is exactly one measurement (``submitted`` shows as pending)."""
        rows = [
            kpi
            for matrix in matrices
            for perspective in matrix.get("perspectives", [])
            for objective in perspective["objectives"]
            for kpi in objective["kpis"]
        ]
        ids = {row["measurement_id"] for row in rows if row.get("measurement_id")}
        states = dict(
            self.env["bsc.measurement"]
            .sudo()
            .search_fetch(
                [("id", "in", list(ids)), ("approval_state", "!=", False)],
                ["approval_state"],
            )
            .mapped(lambda m: (m.id, m.approval_state))
        )
        for row in rows:
            row["approval_state"] = states.get(row.get("measurement_id"), False)


def add_staleness(matrix, freshness):
    """Flag the stale KPI rows of ``matrix`` and say how much of each score
    rests on them.

    :param freshness: ``bsc.kpi._bsc_freshness()``
    A KPI is stale in a span that ends after its latest value's period (the
    span is shown with an old value or none); earlier spans have their value.
    """
    span_end = matrix.get("period", {}).get("date_end")
    if isinstance(span_end, str):
        span_end = fields.Date.to_date(span_end)

    def share(rows, stale_of):
        scored = [
            (r["weight"] or 0.0, stale_of(r)) for r in rows if r["score"] is not None
        ]
        total = sum(weight for weight, __ in scored)
        if not total:
            return 0.0
        return round(sum(weight * s for weight, s in scored) / total, 4)

    for perspective in matrix.get("perspectives", []):
        for objective in perspective["objectives"]:
            for kpi in objective["kpis"]:
                stale, age, latest = freshness.get(kpi["id"], (False, 0, None))
                stale = stale and (span_end is None or span_end > latest)
                kpi["stale"] = stale
                kpi["stale_days"] = age if stale else 0
            objective["stale_share"] = share(
                objective["kpis"], lambda r: 1.0 if r["stale"] else 0.0
            )
        perspective["stale_share"] = share(
            perspective["objectives"], lambda r: r["stale_share"]
        )
    matrix["stale_share"] = share(
        matrix.get("perspectives", []), lambda r: r["stale_share"]
    )
    return matrix
