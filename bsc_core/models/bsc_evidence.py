# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import random

import numpy as np

from odoo import _, api, models

from ..engine import evidence as evidence_engine
from ..engine import forecast as forecast_engine
from ..engine import scoring
from ..tools.number_format import format_number
from .bsc_measurement import TARGET_FIELDS, measurement_score

# Periods of history the evidence and the forecasts read (3 years monthly)
HISTORY_PERIODS = 36
# Periods forecast after the last complete one
FORECAST_HORIZON = 3
# |r| from which a pair of objectives without an arrow is tested as a
# "link to consider" (the permutation test then decides)
CONSIDER_MIN_R = 0.5
CONSIDER_LIMIT = 5
SEASON = {"month": 12, "quarter": 4, "year": 0}
FORECAST_COLUMNS = (
    "actual_value",
    "has_actual",
    "error_text",
    "status",
    *TARGET_FIELDS,
)


class BscEvidence(models.AbstractModel):
    """Evidence for the strategy map's arrows and forecasts of the KPIs.

    Both read the stored history in bulk (the objectives' scores from
    ``bsc.matrix``, the KPIs' values from ``bsc.measurement._bsc_rows``, one
    read each for the whole scorecard) and leave the statistics to
    ``engine.evidence`` and ``engine.forecast``.
    """

    _name = "bsc.evidence"
    _description = "Scorecard Evidence and Forecasts"

    # ------------------------------------------------------------------
    # Evidence for the arrows
    # ------------------------------------------------------------------

    @api.model
    def _bsc_objective_series(self, scorecard, period):
        """``(periods, {objective_id: [score or None]})``: the objectives'
        scores over the last :data:`HISTORY_PERIODS` periods of the
        scorecard's frequency up to ``period``, oldest first.

        One read of the stored measurements: each objective's score is the
        weighted mean of the stored scores of its KPIs of the scorecard's
        frequency, as the matrix rolls them up (KPIs without a score or with
        a weight of 0 left out). KPIs of another frequency and the scores of
        aligned child objectives are not part of it.
        """
        sudo = scorecard.sudo()
        periods = period._bsc_history(sudo.frequency, HISTORY_PERIODS)
        objectives = sudo.objective_ids
        kpis = sudo.kpi_ids.filtered(
            lambda k: k.frequency == sudo.frequency and k.weight > 0
        )
        rows = self.env["bsc.measurement"]._bsc_rows(kpis, periods, ("score", "status"))
        series = {}
        for objective in objectives:
            own = kpis.filtered(lambda k, o=objective: k.objective_id == o)
            if not own:
                series[objective.id] = [None] * len(periods)
                continue
            scores = np.full((len(own), len(periods)), np.nan)
            for row_index, kpi in enumerate(own):
                for column, past in enumerate(periods):
                    row = rows.get((kpi.id, past.id))
                    if row and row["status"] != "none":
                        scores[row_index, column] = row["score"]
            weights = np.array(own.mapped("weight"))[:, None] * ~np.isnan(scores)
            total = weights.sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = np.nansum(scores * weights, axis=0) / total
            series[objective.id] = [
                None if weight == 0 else float(value)
                for value, weight in zip(mean, total, strict=True)
            ]
        return periods, series

    @api.model
    def _bsc_evidence(self, scorecard, period):
        """Evidence for every arrow of ``scorecard`` and the links to consider.

        :return: ``{"arrows": [dict], "consider": [dict], "periods": n}``;
            each dict has ``cause_id``, ``effect_id``, the engine's
            ``status``, ``lag``, ``r``, ``n``, ``p`` and a ``tooltip``
        """
        scorecard.ensure_one()
        sudo = scorecard.sudo()
        max_lag = sudo.evidence_max_lag
        periods, series = self._bsc_objective_series(sudo, period)
        word = self._bsc_period_word(sudo.frequency)
        arrows = []
        linked = set()
        for objective in sudo.objective_ids:
            for effect in objective.effect_ids:
                if effect.id not in series:
                    continue
                linked.add((objective.id, effect.id))
                found = evidence_engine.lagged_evidence(
                    series[objective.id],
                    series[effect.id],
                    max_lag=max_lag,
                    seed=self._bsc_seed(objective.id, effect.id),
                )
                arrows.append(self._bsc_evidence_dict(objective, effect, found, word))
        return {
            "arrows": arrows,
            "consider": self._bsc_links_to_consider(sudo, series, linked, word),
            "periods": len(periods),
        }

    @api.model
    def _bsc_links_to_consider(self, scorecard, series, linked, word):
        """Pairs of objectives without an arrow whose history supports one:
        screened on the strongest lagged r, then tested like an arrow."""
        objectives = scorecard.objective_ids
        residuals = {
            oid: evidence_engine.prewhiten(evidence_engine.as_array(values))
            for oid, values in series.items()
        }
        candidates = []
        for cause in objectives:
            for effect in objectives:
                if cause == effect or (cause.id, effect.id) in linked:
                    continue
                if (effect.id, cause.id) in linked:
                    continue
                strongest = evidence_engine.strongest_lag(
                    residuals[cause.id],
                    residuals[effect.id],
                    max_lag=scorecard.evidence_max_lag,
                    prewhitened=True,
                )
                if strongest and strongest[0] >= CONSIDER_MIN_R:
                    candidates.append((strongest[0], cause, effect))
        result = []
        for _r, cause, effect in sorted(candidates, key=lambda c: -c[0]):
            found = evidence_engine.lagged_evidence(
                series[cause.id],
                series[effect.id],
                max_lag=scorecard.evidence_max_lag,
                seed=self._bsc_seed(cause.id, effect.id),
            )
            if found.status == evidence_engine.SUPPORTED:
                result.append(self._bsc_evidence_dict(cause, effect, found, word))
            if len(result) >= CONSIDER_LIMIT:
                break
        return result

    @api.model
    def _bsc_seed(self, *ids):
        """A seed of the permutations that depends on the pair only, so that
        one history always gives one p-value."""
        digest = hashlib.sha256(repr(ids).encode()).digest()
        return int.from_bytes(digest[:8], "big")

    @api.model
    def _bsc_period_word(self, frequency):
        return {
            "month": _("month"),
            "quarter": _("quarter"),
            "year": _("year"),
        }.get(frequency, _("period"))

    @api.model
    def _bsc_evidence_dict(self, cause, effect, found, word):
        labels = {
            evidence_engine.SUPPORTED: _("Supported"),
            evidence_engine.NOT_SUPPORTED: _("Not supported"),
            evidence_engine.CONTRADICTED: _("Contradicted"),
            evidence_engine.TOO_LITTLE_DATA: _("Too little data"),
        }
        if found.tested:
            tooltip = _(
                "r = %(r)s at a %(lag)s-%(word)s lag, %(n)s periods, p = %(p)s",
                r=format_number(self.env, found.r, 2),
                lag=found.lag,
                word=word,
                n=found.n,
                p=format_number(self.env, found.p, 2),
            )
        else:
            tooltip = _(
                "Too little data: %(n)s paired periods",
                n=found.n,
            )
        return {
            "cause_id": cause.id,
            "cause": cause.display_name,
            "effect_id": effect.id,
            "effect": effect.display_name,
            "status": found.status,
            "label": labels[found.status],
            "lag": found.lag,
            "r": found.r,
            "n": found.n,
            "p": found.p,
            "tooltip": tooltip,
        }

    # ------------------------------------------------------------------
    # Forecasts
    # ------------------------------------------------------------------

    @api.model
    def _bsc_forecasts(self, scorecard, period):
        """A forecast for every KPI of ``scorecard`` from its own history.

        One read of the measurements and one least-squares solve per group
        of KPIs with histories of one length and method.

        :return: ``{kpi_id: dict}`` with ``method`` (False: too little data),
            ``expected`` (the value expected at the end of the KPI's period
            holding ``period``'s end or today), ``expected_status``,
            ``status`` (today's), ``at_risk``, the next periods
            (``points``: ``period``, ``value``, ``lower``, ``upper``) and
            the backtest (``mae``, ``mape``, ``origins``)
        """
        scorecard.ensure_one()
        sudo = scorecard.sudo()
        kpis = sudo.kpi_ids
        today = sudo._bsc_today()
        frames = {}
        needed = self.env["bsc.period"]
        for frequency in set(kpis.mapped("frequency")):
            history = period._bsc_history(frequency, HISTORY_PERIODS + 1)
            running = (
                history[-1:] if history and history[-1].date_end >= today else None
            )
            later = sudo.period_ids.filtered(
                lambda p, f=frequency, h=history: (
                    p.frequency == f and h and p.date_start > h[-1].date_end
                )
            ).sorted("date_start")
            frames[frequency] = {
                "history": history,
                "running": running,
                "complete": (history[:-1] if running else history)[-HISTORY_PERIODS:],
                "names": ([running.name] if running else [])
                + later[:FORECAST_HORIZON].mapped("name"),
            }
            needed |= history
        rows = self.env["bsc.measurement"]._bsc_rows(kpis, needed, FORECAST_COLUMNS)
        values = [
            [
                self._bsc_actual(rows.get((kpi.id, past.id)))
                for past in frames[kpi.frequency]["complete"]
            ]
            for kpi in kpis
        ]
        found = {}
        tested = {}
        for frequency, season in SEASON.items():
            positions = [i for i, kpi in enumerate(kpis) if kpi.frequency == frequency]
            histories = [values[i] for i in positions]
            for i, result in zip(
                positions,
                forecast_engine.forecast_many(
                    histories, horizon=FORECAST_HORIZON, season=season
                ),
                strict=True,
            ):
                found[i] = result
            for i, result in zip(
                positions,
                forecast_engine.backtest_many(histories, season=season),
                strict=True,
            ):
                tested[i] = result
        return {
            kpi.id: self._bsc_kpi_forecast(
                kpi, frames[kpi.frequency], rows, today, found.get(i), tested.get(i)
            )
            for i, kpi in enumerate(kpis)
        }

    @api.model
    def _bsc_kpi_forecast(self, kpi, frame, rows, today, found, tested):
        running = frame["running"]
        expected = found.values[0] if found else None
        if running and kpi.aggregation == "sum":
            current = self._bsc_actual(rows.get((kpi.id, running.id)))
            if current is not None:
                start = running.date_start
                expected = forecast_engine.run_rate(
                    current,
                    (today - start).days + 1,
                    (running.date_end - start).days + 1,
                )
        # today's value: the latest one known, in the running period or before
        last_row = None
        for past in reversed(frame["history"]):
            row = rows.get((kpi.id, past.id))
            if self._bsc_actual(row) is not None:
                last_row = row
                break
        status = last_row["status"] if last_row else "none"
        expected_status = "none"
        if expected is not None and last_row:
            expected_status = measurement_score(
                dict(last_row, actual_value=expected, has_actual=True, error_text=""),
                kpi.polarity,
            ).status
        names = frame["names"]
        points = []
        if found:
            for index, (value, low, high) in enumerate(
                zip(found.values, found.lower, found.upper, strict=True)
            ):
                name = names[index] if index < len(names) else f"+{index + 1}"
                points.append(
                    {"period": name, "value": value, "lower": low, "upper": high}
                )
        return {
            "kpi_id": kpi.id,
            "method": found.method if found else False,
            "expected": expected,
            "expected_status": expected_status,
            "status": status,
            "at_risk": forecast_engine.at_risk(status, expected_status),
            "running_period_id": running.id if running else False,
            "points": points,
            "level": found.level if found else None,
            "mae": tested.mae if tested else None,
            "mape": tested.mape if tested else None,
            "origins": tested.origins if tested else 0,
        }

    @api.model
    def _bsc_actual(self, row):
        if not row or not row["has_actual"] or row["error_text"]:
            return None
        return row["actual_value"]

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------

    @api.model
    def _bsc_demo_evidence_history(self):
        """Give the demo scorecard's history one planted relation and one
        contradicted arrow (bsc_core/demo/bsc_evidence_demo.xml).

        The effects' KPIs (defect rate; lead time and on-time delivery) get
        values for the months before the demo's year, within the range of
        their demo values; then the causes' KPIs follow the effects' scores:
        training hours (Develop skills) lead product quality by two months,
        and e-orders (Digitise processes) move against delivery a month
        later. Seeded, so every database gets the same story.
        """
        ref = self.env.ref
        scorecard = ref("bsc_core.demo_scorecard")
        env_kpis = self.with_context(tracking_disable=True).env["bsc.kpi"]
        today = scorecard._bsc_today()
        months = scorecard.period_ids.filtered(
            lambda p: p.frequency == "month" and p.date_start <= today
        ).sorted("date_start")
        if not months:
            return
        # the history before the demo's go-live, imported into its locked
        # periods: unlocked for the time of the writing
        locked = months.filtered("locked")
        locked.action_unlock()
        # imported values, not entries to approve (the reporting cycle's demo
        # asks for approval); the last three months are left as that demo
        # set them (a late owner, a stale KPI, a value waiting for approval)
        approval = scorecard.require_approval
        scorecard.require_approval = False
        recent = months[-3:]
        rng = random.Random(20)
        for xmlid in ("demo_kpi_defect_rate", "demo_kpi_lead_time", "demo_kpi_otd"):
            kpi = env_kpis.browse(ref(f"bsc_core.{xmlid}").id)
            known = kpi.measurement_ids.filtered("has_actual").mapped("actual_value")
            if known:
                self._bsc_demo_fill(
                    kpi,
                    months - recent,
                    lambda _period, k=known: round(rng.uniform(min(k), max(k)), 2),
                )
        periods, series = self._bsc_objective_series(scorecard, months[-1])
        plans = (
            ("demo_objective_improve_quality", "demo_kpi_training_hours", 2, 1),
            ("demo_objective_speed_up_delivery", "demo_kpi_e_orders", 1, -1),
        )
        for effect_xmlid, cause_xmlid, lag, sign in plans:
            effect = series.get(ref(f"bsc_core.{effect_xmlid}").id) or []
            kpi = env_kpis.browse(ref(f"bsc_core.{cause_xmlid}").id)
            values = {}
            for index, period in enumerate(periods[: len(periods) - lag]):
                score = effect[index + lag] if index + lag < len(effect) else None
                if score is None:
                    continue
                if sign < 0:
                    score = scoring.MAX_SCORE - score
                score = min(max(score + rng.gauss(0, 0.3), 0.5), 9.5)
                values[period] = self._bsc_value_for_score(kpi, score)
            self._bsc_demo_fill(
                kpi,
                [p for p in periods if p not in recent],
                values.get,
                overwrite=True,
            )
        scorecard.require_approval = approval
        locked.action_lock()

    @api.model
    def _bsc_demo_fill(self, kpi, periods, value_of, overwrite=False):
        """Write ``value_of(period)`` (None: leave) on ``kpi``'s measurements
        of ``periods``, creating the missing ones; existing values stay
        unless ``overwrite``."""
        existing = {m.period_id: m for m in kpi.measurement_ids}
        create = []
        for period in periods:
            measurement = existing.get(period)
            if measurement and measurement.has_actual and not overwrite:
                continue
            value = value_of(period)
            if value is None:
                continue
            if measurement:
                measurement.actual_value = value
            else:
                create.append(
                    {"kpi_id": kpi.id, "period_id": period.id, "actual_value": value}
                )
        self.env["bsc.measurement"].create(create)

    @api.model
    def _bsc_value_for_score(self, kpi, score):
        """The actual that scores ``score`` against ``kpi``'s targets (the
        straight line of ``engine.scoring``; higher or lower is better)."""
        target, red_flag = kpi.target_value, kpi.red_flag_value
        span = abs(target - red_flag)
        step = span * (score / scoring.RED_MAX - 1)
        value = red_flag + step if kpi.polarity == "higher" else red_flag - step
        return round(value, 2)
