# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..engine import map_layout
from ..engine import matrix as matrix_engine
from ..engine.numeric import is_number
from ..tools import number_format

# Points of the sparklines and history charts
HISTORY_LENGTH = 12
# Chatter notes shown per objective in the dashboard's objective panel
NOTES_PER_OBJECTIVE = 5
MODES = ("period", "ytd")


class BscDashboard(models.AbstractModel):
    """The dashboard payload: what the dashboard, the strategy map and the
    cascade view read.

    :meth:`get_dashboard_data` answers one screen in one call: the scorecard
    matrix of the chosen period (or year to date), the history behind the
    sparklines, the objectives' map positions, initiatives and notes, the
    cascade of scorecards, and what the user may do. The matrices all come
    from ``bsc.matrix`` in one read of the measurements.
    """

    _name = "bsc.dashboard"
    _description = "Scorecard Dashboard"

    # ------------------------------------------------------------------
    # RPC
    # ------------------------------------------------------------------

    @api.model
    def get_dashboard_data(self, scorecard_id=None, period_id=None, mode="period"):
        """Everything the dashboard, the strategy map and the cascade show.

        :param scorecard_id: default: the one the user chose last, else
            their own, else the top-level one (see
            :meth:`_bsc_dashboard_default`); a scorecard given is remembered
            as the user's last one
        :param period_id: a period of the scorecard; a period of another
            scorecard stands for the one with the same dates; default: the
            last closed period of the scorecard's frequency (see
            :meth:`_bsc_dashboard_default_period`)
        :param mode: ``"period"`` for the figures of the period itself,
            ``"ytd"`` for the year to date: the periods from January to the
            end of the chosen one, aggregated like a quarter is
        :return: dict, or ``{"scorecard": False, "scorecards": []}`` when the
            user has no scorecard
        """
        Scorecard = self.env["bsc.scorecard"]
        scorecards = Scorecard.search([("company_id", "in", self.env.companies.ids)])
        scorecard = Scorecard.browse(scorecard_id).exists() if scorecard_id else None
        if not scorecard:
            scorecard = self._bsc_dashboard_default(scorecards)
        if not scorecard:
            return {
                "scorecard": False,
                "scorecards": [],
                "is_manager": self._bsc_is_manager(),
            }
        scorecard.check_access("read")
        if scorecard_id:
            self._bsc_dashboard_remember(scorecard)
        mode = mode if mode in MODES else "period"
        return self._bsc_dashboard_texts(
            scorecard, self._bsc_dashboard_data(scorecard, period_id, mode, scorecards)
        )

    @api.model
    def _bsc_dashboard_texts(self, scorecard, payload):
        """The payload's numbers as the reader reads them, next to the raw
        values, in place: the dashboard's components show these texts, the
        one formatter's (``tools.number_format``), in the reader's language.

        - every dict with a ``score`` (matrix rows, history points, cascade
          nodes, aligned objectives): ``score_text``;
        - the matrix's KPI rows: ``actual_text``, ``target_text`` and
          ``card`` (``{actual, target}`` in little room, compact);
        - the KPIs' history points: ``actual_text``, ``target_text``;
        - the forecasts: ``expected_text``, ``mae_text``, ``mape_text`` and
          each point's ``value_text``;
        - ``statuses``: ``[{value, label}]``, the one status list
          (``engine.scoring.STATUS_SELECTION``) in the reader's language.
        """
        env = self.env
        currency = scorecard.currency_id
        self._bsc_score_texts(payload)
        kpis = {
            key[1]: row
            for key, row in matrix_engine.index_rows(payload.get("matrix")).items()
            if key[0] == "kpi"
        }
        for row in kpis.values():
            row["actual_text"] = number_format.format_kpi_value(
                env, row["actual"], row, currency
            )
            row["target_text"] = number_format.format_kpi_value(
                env, row["target"], row, currency
            )
            row["card"] = number_format.format_actual_target(env, row, currency)
        for kpi_id, points in (payload.get("history") or {}).get("kpis", {}).items():
            row = kpis.get(kpi_id)
            if not row:
                continue
            for point in points:
                point["actual_text"] = number_format.format_kpi_value(
                    env, point["actual"], row, currency
                )
                point["target_text"] = number_format.format_kpi_value(
                    env, point["target"], row, currency
                )
        for kpi_id, forecast in (payload.get("forecasts") or {}).items():
            row = kpis.get(kpi_id)
            if not row or not forecast:
                continue
            forecast["expected_text"] = number_format.format_kpi_value(
                env, forecast.get("expected"), row, currency
            )
            forecast["mae_text"] = number_format.format_kpi_value(
                env, forecast.get("mae"), row, currency
            )
            forecast["mape_text"] = number_format.format_number(
                env, forecast.get("mape"), 1
            )
            for point in forecast.get("points") or []:
                point["value_text"] = number_format.format_kpi_value(
                    env, point.get("value"), row, currency
                )
        labels = (
            self.env["bsc.measurement"]._fields["status"]._description_selection(env)
        )
        payload["statuses"] = [
            {"value": value, "label": label} for value, label in labels
        ]
        return payload

    @api.model
    def _bsc_score_texts(self, node):
        """``score_text`` next to every ``score`` in ``node``, at any depth."""
        if isinstance(node, dict):
            score = node.get("score", "")
            if score is None or score is False or is_number(score):
                node["score_text"] = number_format.format_score(self.env, score)
            for value in node.values():
                self._bsc_score_texts(value)
        elif isinstance(node, list):
            for value in node:
                self._bsc_score_texts(value)

    @api.model
    def get_dashboard_drilldown(self, kpi_id, period_id, mode="period"):
        """The action opening the ERP records behind a KPI's value.

        For the year to date, the records of January to the end of the period.
        """
        kpi = self.env["bsc.kpi"].browse(kpi_id)
        kpi.check_access("read")
        period = self.env["bsc.period"].browse(period_id)
        period.check_access("read")
        if mode == "ytd":
            period = period._bsc_year_to_date()
        return kpi._bsc_drilldown_action(period)

    # ------------------------------------------------------------------
    # Gathering
    # ------------------------------------------------------------------

    def _bsc_dashboard_default(self, scorecards):
        """The scorecard the dashboard opens on, among ``scorecards``.

        The one the user chose last; else their own (they are its
        responsible, or own one of its objectives or KPIs); else the
        top-level one (no parent among ``scorecards``); else any. Among
        several, an active one spanning today (in its own time zone: at
        00:30 on 1 January in Brussels a UTC scorecard is still in 31
        December), then an active one, then the first.
        """
        last = self.env.user.sudo().res_users_settings_id.bsc_scorecard_id
        if last and last in scorecards:
            return last
        uid = self.env.uid
        own = scorecards.filtered(
            lambda s: (
                s.user_id.id == uid
                or uid in s.sudo().objective_ids.user_id.ids
                or uid in s.sudo().kpi_ids.user_id.ids
            )
        )
        top = scorecards.filtered(lambda s: s.parent_id not in scorecards)
        for candidates in (own, top, scorecards):
            if candidates:
                return self._bsc_dashboard_running(candidates)
        return scorecards

    def _bsc_dashboard_running(self, scorecards):
        """The first active scorecard spanning today, else the first active,
        else the first of ``scorecards``."""
        active = scorecards.filtered(lambda s: s.state == "active")
        for scorecard in active:
            if scorecard.date_from <= scorecard._bsc_today() <= scorecard.date_to:
                return scorecard
        return active[:1] or scorecards[:1]

    def _bsc_dashboard_remember(self, scorecard):
        """Keep ``scorecard`` as the user's last one (written only on change)."""
        user = self.env.user.sudo()
        if user.res_users_settings_id.bsc_scorecard_id != scorecard:
            settings = self.env["res.users.settings"]._find_or_create_for_user(user)
            settings.bsc_scorecard_id = scorecard

    def _bsc_dashboard_default_period(self, scorecard):
        """The period the dashboard opens on: the last closed one.

        The last period of the scorecard's frequency ended before today (in
        the scorecard's time zone): its figures are complete. Before the end
        of the first period, that running one; without periods, none. A
        period chosen in the context (``bsc_period_id``) wins.
        """
        Period = self.env["bsc.period"]
        if self.env.context.get("bsc_period_id"):
            return Period._bsc_current(scorecard)
        closed = self._bsc_dashboard_last_closed(scorecard, scorecard.frequency)
        return closed or Period._bsc_current(scorecard)

    def _bsc_dashboard_last_closed(self, scorecard, frequency):
        """The last period of ``frequency`` ended before today, or empty."""
        today = scorecard._bsc_today()
        return scorecard.period_ids.filtered(
            lambda p: p.frequency == frequency and p.date_end < today
        ).sorted("date_start")[-1:]

    def _bsc_is_manager(self):
        return self.env.user.has_group("bsc_core.group_bsc_manager")

    def _bsc_dashboard_period(self, scorecard, period_id):
        """The chosen period of this scorecard (see :meth:`get_dashboard_data`)."""
        scorecard.ensure_one()
        period = (
            self.env["bsc.period"].browse(period_id).exists() if period_id else None
        )
        # a period of another scorecard (the one the user comes from) stands
        # for its dates: only its frequency and start are read
        other = period and period.sudo()
        if other and other.scorecard_id != scorecard:
            period = scorecard.period_ids.filtered(
                lambda p: (
                    p.frequency == other.frequency and p.date_start == other.date_start
                )
            )
        return period or self._bsc_dashboard_default_period(scorecard)

    def _bsc_dashboard_data(self, scorecard, period_id, mode, scorecards):
        scorecard.ensure_one()
        period = self._bsc_dashboard_period(scorecard, period_id)
        result = {
            "scorecard": self._bsc_dashboard_scorecard_dict(scorecard),
            "scorecards": [
                {
                    "id": s.id,
                    "name": s.name,
                    "state": s.state,
                    "parent_id": s.parent_id.id,
                }
                for s in scorecards
            ],
            "is_manager": self._bsc_is_manager(),
            "user_id": self.env.uid,
            "mode": mode,
            "periods": [
                p._bsc_dict() for p in scorecard.period_ids.sorted("date_start")
            ],
            "period": False,
            "matrix": {},
            "history": {"kpis": {}, "objectives": {}},
            "objectives": {},
            "initiatives": {},
            "kpis_to_enter": [],
        }
        if not period:
            result["cascade"] = self._bsc_dashboard_cascade(scorecard, None, mode, {})
            return result
        matrix, history = self._bsc_dashboard_matrices(scorecard, period, mode)
        objectives = scorecard.sudo().objective_ids
        cascade_matrices = {scorecard.id: matrix}
        result.update(
            period=matrix["period"],
            matrix=matrix,
            history=self._bsc_dashboard_history(scorecard, history),
            kpis_to_enter=self._bsc_dashboard_kpis_to_enter(scorecard),
            initiatives=self._bsc_dashboard_initiatives(scorecard),
            cascade=self._bsc_dashboard_cascade(
                scorecard, period, mode, cascade_matrices
            ),
        )
        result["objectives"] = self._bsc_dashboard_objectives(
            scorecard, objectives, cascade_matrices
        )
        result["strategy_map"] = self._bsc_map_layout(scorecard, matrix)
        return result

    def _bsc_dashboard_scorecard_dict(self, scorecard):
        return {
            "id": scorecard.id,
            "name": scorecard.name,
            "state": scorecard.state,
            "frequency": scorecard.frequency,
            "date_from": fields.Date.to_string(scorecard.date_from),
            "date_to": fields.Date.to_string(scorecard.date_to),
            "company": scorecard.company_id.name,
            "currency_id": scorecard.currency_id.id,
            "user": scorecard.user_id.name or "",
            "parent_id": scorecard.parent_id.id,
        }

    def _bsc_dashboard_matrices(self, scorecard, period, mode):
        """The matrix shown and the history series, from one read.

        :return: ``(matrix, {frequency: [matrix, ...]})``: the matrix of
            ``period`` (or its year to date) with trends, and for every KPI
            frequency the last :data:`HISTORY_LENGTH` matrices up to the one
            holding ``period`` (or today, when the period is not over)
        """
        scorecard.ensure_one()
        frequencies = {kpi.frequency for kpi in scorecard.sudo().kpi_ids} | {
            scorecard.frequency
        }
        series = {f: period._bsc_history(f, HISTORY_LENGTH) for f in frequencies}
        span = period._bsc_year_to_date() if mode == "ytd" else period
        matrices = self.env["bsc.matrix"]._bsc_matrices(
            scorecard, [span, *(p for periods in series.values() for p in periods)]
        )
        matrix = matrices.pop(0)
        history = {}
        for frequency, periods in series.items():
            history[frequency] = matrices[: len(periods)]
            matrices = matrices[len(periods) :]
        return matrix, history

    def _bsc_dashboard_history(self, scorecard, history):
        """Sparkline series: per KPI in its frequency, per objective in the scorecard's.

        :return: ``{"kpis": {kpi_id: [point]}, "objectives": {objective_id:
            [point]}}``, oldest first; a point holds ``period_id``, ``score``,
            ``status`` and for KPIs ``actual, target, comment, measurement_id``
        """
        kpis = {}
        objectives = {}
        frequency_of = {kpi.id: kpi.frequency for kpi in scorecard.sudo().kpi_ids}
        for frequency, matrices in history.items():
            for matrix in matrices:
                period_id = matrix["period"]["id"]
                for perspective in matrix["perspectives"]:
                    for objective in perspective["objectives"]:
                        if frequency == scorecard.frequency:
                            objectives.setdefault(objective["id"], []).append(
                                {
                                    "period_id": period_id,
                                    "score": objective["score"],
                                    "status": objective["status"],
                                }
                            )
                        for kpi in objective["kpis"]:
                            if frequency_of.get(kpi["id"]) != frequency:
                                continue
                            kpis.setdefault(kpi["id"], []).append(
                                {
                                    "period_id": period_id,
                                    "actual": kpi["actual"],
                                    "target": kpi["target"],
                                    "score": kpi["score"],
                                    "status": kpi["status"],
                                    "comment": kpi["comment"],
                                    "measurement_id": kpi["measurement_id"],
                                }
                            )
        return {"kpis": kpis, "objectives": objectives}

    def _bsc_dashboard_kpis_to_enter(self, scorecard):
        """The user's manual KPIs without a value in their last closed period.

        Whatever period is shown: a value is due once its period has ended
        (the running one is not asked for), and a locked period asks for
        nothing.
        """
        mine = scorecard.sudo().kpi_ids.filtered(
            lambda k: k.user_id.id == self.env.uid and k.source_type == "manual"
        )
        due = {
            frequency: self._bsc_dashboard_last_closed(scorecard, frequency)
            for frequency in set(mine.mapped("frequency"))
        }
        periods = self.env["bsc.period"].union(*due.values())
        values = self.env["bsc.measurement"]._bsc_rows(mine, periods, ["has_actual"])
        result = []
        for kpi in mine:
            period = due[kpi.frequency]
            if not period or period.locked:
                continue
            row = values.get((kpi.id, period.id))
            if row and row["has_actual"]:
                continue
            result.append(
                {
                    "kpi_id": kpi.id,
                    "code": kpi.code,
                    "name": kpi.name,
                    "objective_id": kpi.objective_id.id,
                    "period_id": period.id,
                    "period": period.name,
                    "measurement_id": row["id"] if row else False,
                }
            )
        return result

    def _bsc_dashboard_initiatives(self, scorecard):
        """The initiatives of the objective panel: each one's
        ``bsc.initiative._bsc_report_values()`` (the briefing book shows the
        same) and the objectives it moves."""
        initiatives = self.env["bsc.initiative"].search(
            [("scorecard_id", "=", scorecard.id)]
        )
        values = initiatives._bsc_report_values()
        for initiative in initiatives:
            values[initiative.id]["objective_ids"] = initiative.objective_ids.ids
        return values

    def _bsc_dashboard_objectives(self, scorecard, objectives, cascade_matrices):
        """Per objective: map position, alignment and its latest notes."""
        rows = {}
        for matrix in cascade_matrices.values():
            for perspective in matrix.get("perspectives", []):
                for row in perspective["objectives"]:
                    rows[row["id"]] = row
        children = self.env["bsc.objective"].search(
            [("parent_objective_id", "in", objectives.ids)]
        )
        aligned = {}
        for child in children:
            row = rows.get(child.id) or {}
            aligned.setdefault(child.parent_objective_id.id, []).append(
                {
                    "id": child.id,
                    "name": child.name,
                    "code": child.code or "",
                    "scorecard_id": child.scorecard_id.id,
                    "scorecard": child.scorecard_id.name,
                    "score": row.get("score"),
                    "status": row.get("status") or "none",
                }
            )
        notes = {}
        messages = self.env["mail.message"].search_read(
            [
                ("model", "=", "bsc.objective"),
                ("res_id", "in", objectives.ids),
                ("message_type", "=", "comment"),
            ],
            ["res_id", "author_id", "date", "body"],
            order="date desc, id desc",
            limit=NOTES_PER_OBJECTIVE * max(len(objectives), 1),
        )
        for message in messages:
            kept = notes.setdefault(message["res_id"], [])
            if len(kept) < NOTES_PER_OBJECTIVE:
                kept.append(
                    {
                        "id": message["id"],
                        "author": message["author_id"]
                        and message["author_id"][1]
                        or "",
                        "date": fields.Datetime.to_string(message["date"]),
                        "body": html2plaintext(message["body"] or ""),
                    }
                )
        return {
            objective.id: {
                "id": objective.id,
                "map_x": objective.map_x,
                "map_y": objective.map_y,
                "parent": {
                    "id": objective.parent_objective_id.id,
                    "name": objective.parent_objective_id.name,
                    "scorecard": objective.parent_objective_id.scorecard_id.name,
                }
                if objective.parent_objective_id
                else False,
                "aligned": aligned.get(objective.id, []),
                "notes": notes.get(objective.id, []),
            }
            for objective in objectives
        }

    # ------------------------------------------------------------------
    # Strategy map
    # ------------------------------------------------------------------

    @api.model
    def _bsc_map_layout(self, scorecard, matrix):
        """The strategy map of a matrix, laid out: what the dashboard's map
        and the briefing book's PDF both draw (see :mod:`..engine.map_layout`).

        Objectives a manager dragged stay where they were dropped.
        """
        perspectives = matrix.get("perspectives") or []
        objectives = [o for p in perspectives for o in p["objectives"]]
        positions = {
            o.id: (o.map_x, o.map_y)
            for o in self.env["bsc.objective"]
            .sudo()
            .browse([o["id"] for o in objectives])
        }
        return map_layout.layout(
            [{"id": p["id"]} for p in perspectives],
            [
                {
                    "id": o["id"],
                    "perspective_id": o["perspective_id"],
                    "effect_ids": o.get("effect_ids") or [],
                    "map_x": positions[o["id"]][0],
                    "map_y": positions[o["id"]][1],
                }
                for o in objectives
            ],
        )

    @api.model
    def bsc_map_add_link(self, cause_id, effect_id, positions=None):
        """Add "cause drives effect" from the map, keeping the boxes in place.

        :param positions: ``{objective_id: [x, y]}``, the boxes as the map
            draws them; those not placed by hand yet are pinned there, so
            that the new link does not lay the whole map out again (the
            "Reset" button of the map unpins them all)
        :raise ValidationError: when the link closes a cycle; nothing is
            saved then, the pins neither
        """
        cause = self.env["bsc.objective"].browse(cause_id).exists()
        effect = self.env["bsc.objective"].browse(effect_id).exists()
        if not cause or not effect:
            raise UserError(_("This objective no longer exists: reload the map."))
        for key, (x, y) in (positions or {}).items():
            objective = self.env["bsc.objective"].browse(int(key)).exists()
            if objective.scorecard_id == cause.scorecard_id and not objective.map_x:
                objective.write({"map_x": max(1, round(x)), "map_y": round(y)})
        cause.write({"effect_ids": [Command.link(effect.id)]})
        return True

    def _bsc_dashboard_cascade(self, current, period, mode, matrices):
        """The tree of scorecards around ``current``, scored for the same dates.

        :param matrices: ``{scorecard_id: matrix}`` known already; filled
            with the matrices computed here (one per scorecard of the tree)
        :return: the root node ``{id, name, state, score, status, current,
            children}``: the top of this scorecard's parents, down to every
            scorecard aligned to it, directly or not
        """
        root = current
        while root.parent_id and root.parent_id.has_access("read"):
            root = root.parent_id
        tree = current.search([("id", "child_of", root.id)])
        same_dates = self.env["bsc.period"]
        if period:
            same_dates = self.env["bsc.period"].search(
                [
                    ("scorecard_id", "in", tree.ids),
                    ("frequency", "=", period.frequency),
                    ("date_start", "=", period.date_start),
                ]
            )
        for scorecard in tree:
            if scorecard.id in matrices:
                continue
            other = same_dates.filtered(lambda p, s=scorecard: p.scorecard_id == s)
            if not other:
                matrices[scorecard.id] = {}
                continue
            span = other._bsc_year_to_date() if mode == "ytd" else other
            matrices[scorecard.id] = self.env["bsc.matrix"]._bsc_matrices(
                scorecard, [span], with_trend=False
            )[0]

        def node(scorecard):
            matrix = matrices.get(scorecard.id) or {}
            return {
                "id": scorecard.id,
                "name": scorecard.name,
                "state": scorecard.state,
                "score": matrix.get("score"),
                "status": matrix.get("status") or "none",
                "current": scorecard == current,
                "children": [
                    node(child)
                    for child in tree
                    if child.parent_id == scorecard and child != scorecard
                ],
            }

        return node(root)
