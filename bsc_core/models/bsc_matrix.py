# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, models

from ..engine import explain
from ..engine import matrix as matrix_engine
from ..engine import periods as period_engine
from ..tools.number_format import number_writer
from .bsc_measurement import CELL_COLUMNS


class BscMatrix(models.AbstractModel):
    """The scorecard matrix: every figure of a scorecard for a span of time.

    :meth:`_bsc_matrices` is the one way to get it: the form's table, the
    objectives' scores, the dashboard and its history, the cascade, the
    XLSX workbook and the PDF briefing book all call it, and render what it
    returns. It reads the stored measurements once for all the spans asked
    and leaves the arithmetic (roll-up, scoring, trends) to
    ``engine.matrix``.
    """

    _name = "bsc.matrix"
    _description = "Scorecard Matrix"

    @api.model
    def _bsc_matrices(self, scorecard, spans, with_trend=True):
        """The matrix of ``scorecard`` for each of ``spans``, from one read.

        :param spans: periods of the scorecard (records, in any order) or
            years to date (``bsc.period._bsc_year_to_date()``)
        :param with_trend: give each row its trend against the span before
            (``bsc.period._bsc_before``); without, no earlier period is read
        :return: one matrix per span, in the order given:
            ``engine.matrix.build`` output plus ``period``
            (``bsc.period._bsc_dict``), explanations as text in the reader's
            language; ``[]`` for no span
        """
        scorecard.ensure_one()
        spans = list(spans)
        if not spans:
            return []
        periods = scorecard.period_ids
        befores = [periods._bsc_before(span) if with_trend else None for span in spans]
        data = self._bsc_read(scorecard, [*spans, *filter(None, befores)])
        built = {}
        matrices = []
        for span, before in zip(spans, befores, strict=True):
            matrix = self._bsc_build(scorecard, span, data)
            built.setdefault(period_engine.span_key(span), matrix)
            if with_trend:
                if before is not None:
                    key = period_engine.span_key(before)
                    if key not in built:
                        built[key] = self._bsc_build(scorecard, before, data)
                    before = built[key]
                matrix_engine.add_trends(matrix, before)
            record = span if isinstance(span, models.BaseModel) else None
            if record is None:
                record = periods._bsc_resolve(span.until)
            matrix["period"] = record._bsc_dict(span)
            matrices.append(matrix)
        for matrix in matrices:
            self._bsc_render_explanations(matrix)
        return matrices

    @api.model
    def _bsc_render_explanations(self, matrix):
        """Turn every row's explanation data into text in the reader's
        language (``engine.explain.render`` with ``env._``), in place."""
        number = number_writer(self.env)
        for row in matrix_engine.index_rows(matrix).values():
            row["explanation"] = explain.render(
                row.get("explanation"), self.env._, number
            )
        return matrix

    @api.model
    def _bsc_read(self, scorecard, spans):
        """What the matrices of ``spans`` need, in a few queries."""
        sudo = scorecard.sudo()
        kpis = sudo.kpi_ids
        periods = sudo.period_ids
        making = {}
        needed = self.env["bsc.period"]
        for span in spans:
            for frequency in {kpi.frequency for kpi in kpis}:
                found = periods._bsc_making(span, frequency)
                making[(period_engine.span_key(span), frequency)] = found
                needed |= found
        return {
            "spans": spans,
            "kpis": kpis,
            "objectives": sudo.objective_ids,
            "making": making,
            "measurements": self.env["bsc.measurement"]._bsc_rows(
                kpis, needed, CELL_COLUMNS
            ),
            "child_scores": {},
        }

    @api.model
    def _bsc_build(self, scorecard, span, data):
        sudo = scorecard.sudo()
        perspectives = [
            {
                "id": line.perspective_id.id,
                "name": line.perspective_id.name,
                "question": line.perspective_id.question or "",
                "color": line.perspective_id.color,
                "sequence": line.sequence,
                "weight": line.weight,
            }
            for line in sudo.scorecard_perspective_ids
        ]
        objectives = [
            {
                "id": objective.id,
                "name": objective.name,
                "code": objective.code or "",
                "perspective_id": objective.perspective_id.id,
                "user": objective.user_id.name or "",
                "weight": objective.weight,
                "aligned_weight": objective.aligned_weight,
                "cause_ids": objective.cause_ids.ids,
                "effect_ids": objective.effect_ids.ids,
            }
            for objective in data["objectives"]
        ]
        key = period_engine.span_key(span)
        Measurement = self.env["bsc.measurement"]
        kpis = []
        cells = {}
        for kpi in data["kpis"]:
            row = {
                "id": kpi.id,
                "code": kpi.code,
                "name": kpi.name,
                "objective_id": kpi.objective_id.id,
                "user": kpi.user_id.name or "",
                "unit": kpi.unit or "",
                "value_format": kpi.value_format,
                "decimal_places": kpi.decimal_places,
                "weight": kpi.weight,
                "polarity": kpi.polarity,
                "aggregation": kpi.aggregation,
                "frequency": kpi.frequency,
                "source_type": kpi.source_type,
            }
            kpis.append(row)
            making = data["making"].get((key, kpi.frequency), ())
            rows = (data["measurements"].get((kpi.id, p.id)) for p in making)
            stored = [Measurement._bsc_cell_input(row) for row in rows if row]
            exact = len(making) == 1 and making.frequency == span.frequency
            cells[kpi.id] = matrix_engine.kpi_cell(row, stored, exact)
        self._bsc_unscore_running_sums(scorecard, span, kpis, cells)
        aligned = self._bsc_aligned_scores(span, data)
        return matrix_engine.build(
            {"id": scorecard.id, "name": scorecard.name},
            perspectives,
            objectives,
            kpis,
            cells,
            aligned,
        )

    @api.model
    def _bsc_unscore_running_sums(self, scorecard, span, kpis, cells):
        """A sum KPI is not scored in a span that is not over yet.

        Its actual so far (4 days of sales) would be judged against the
        target of the whole span (a month of sales) and turn red every
        morning: until the span ends, the cell keeps its actual and target
        but has no score (status "none"), and the roll-up leaves it out.
        Averages and last values are scored as they stand. The rule is
        described in bsc_core/readme/USAGE.md.
        """
        if span.date_end < scorecard._bsc_today():
            return
        for kpi in kpis:
            cell = cells[kpi["id"]]
            if kpi["aggregation"] == "sum" and cell["actual"] is not None:
                cell.update(
                    score=None,
                    status="none",
                    explanation=_(
                        "In progress until %(end)s: a sum is scored once its "
                        "period is over.",
                        end=span.date_end,
                    ),
                )

    @api.model
    def _bsc_aligned_scores(self, span, data):
        """Mean score of child objectives aligned to each objective, same dates.

        Each child scorecard's matrices are built once for all the spans of
        ``data`` (one read of its measurements), whatever the number of
        aligned objectives.
        """
        result = {}
        cache = data["child_scores"]
        for objective in data["objectives"].filtered("aligned_weight"):
            scores = []
            for child in objective.child_objective_ids:
                child_scorecard = child.scorecard_id
                if child_scorecard.id not in cache:
                    cache[child_scorecard.id] = self._bsc_child_scores(
                        child_scorecard, data["spans"]
                    )
                score = cache[child_scorecard.id].get(
                    (span.frequency, span.date_start, child.id)
                )
                if score is not None:
                    scores.append(score)
            result[objective.id] = (
                round(sum(scores) / len(scores), 2) if scores else None
            )
        return result

    @api.model
    def _bsc_child_scores(self, scorecard, spans):
        """``{(frequency, date_start, objective_id): score}`` of ``scorecard``
        for its periods matching ``spans`` (same frequency and start)."""
        wanted = {(s.frequency, s.date_start) for s in spans}
        mine = scorecard.period_ids.filtered(
            lambda p: (p.frequency, p.date_start) in wanted
        )
        result = {}
        for matrix, period in zip(
            self._bsc_matrices(scorecard, mine, with_trend=False), mine, strict=True
        ):
            for perspective in matrix.get("perspectives", []):
                for row in perspective["objectives"]:
                    result[(period.frequency, period.date_start, row["id"])] = row[
                        "score"
                    ]
        return result
