# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.bsc_core.engine import explain, rollup
from odoo.addons.bsc_core.engine import matrix as matrix_engine
from odoo.addons.bsc_core.models.bsc_measurement import CELL_COLUMNS, STATUSES
from odoo.addons.bsc_core.tools.fields import NullableFloat
from odoo.addons.bsc_core.tools.number_format import number_writer

from .bsc_goal import APPRAISED_STATES, OWN_TARGET_FIELDS

# hr_appraisal_oca's states: to confirm, confirmed (started), done.
APPRAISAL_NEW = "1_new"
APPRAISAL_STARTED = "2_pending"
APPRAISAL_DONE = "3_done"
# matrix_engine.kpi_cell keys -> line fields
CELL_TARGETS = {
    "target": "target_value",
    "red_flag": "red_flag_value",
    "target_max": "target_max_value",
    "tolerance": "tolerance_value",
}


class HrAppraisal(models.Model):
    """hr_appraisal_oca's appraisal, scored against the employee's goals.

    When the appraisal starts (confirmed) it gets one line per goal of the
    employee overlapping its goal period; the lines can be refreshed until
    the appraisal is done, then they are frozen. The overall goal score is
    the weighted roll-up of the lines' scores by the core's engine.
    """

    _inherit = "hr.appraisal"

    goal_date_from = fields.Date(
        string="Goals From",
        help="First day of the span the goals are appraised over. Defaults to "
        "the calendar year of the appraisal date.",
    )
    goal_date_to = fields.Date(string="Goals To")
    goal_line_ids = fields.One2many(
        "bsc.appraisal.goal.line", "appraisal_id", string="Goal Lines"
    )
    goal_score = NullableFloat(
        compute="_compute_goal_score", store=True, digits=(16, 2), aggregator="avg"
    )
    goal_status = fields.Selection(STATUSES, compute="_compute_goal_score", store=True)
    goal_score_explanation_data = fields.Json(
        compute="_compute_goal_score",
        store=True,
        help="How the goal score came, as data (engine.explain): the lines' "
        "scores and weights. Shown as text in the reader's language.",
    )
    goal_score_explanation = fields.Text(compute="_compute_goal_score_explanation")

    _sql_constraints = [
        (
            "goal_dates_order",
            "CHECK(goal_date_from IS NULL OR goal_date_to IS NULL "
            "OR goal_date_from <= goal_date_to)",
            "The goal period of an appraisal ends after it starts.",
        ),
    ]

    @api.depends(
        "goal_line_ids.score",
        "goal_line_ids.status",
        "goal_line_ids.weight",
        "goal_line_ids.objective_id",
    )
    def _compute_goal_score(self):
        for appraisal in self:
            result = rollup.weighted_mean(
                (
                    line._bsc_label(),
                    line.score if line.status != "none" else None,
                    line.weight,
                )
                for line in appraisal.goal_line_ids
            )
            appraisal.goal_score = result.value  # None: no line scored, NULL
            appraisal.goal_status = result.status
            appraisal.goal_score_explanation_data = result.detail

    @api.depends("goal_score_explanation_data")
    @api.depends_context("lang")
    def _compute_goal_score_explanation(self):
        for appraisal in self:
            appraisal.goal_score_explanation = explain.render(
                appraisal.goal_score_explanation_data,
                self.env._,
                number_writer(self.env),
            )

    @api.onchange("date_close")
    def _onchange_date_close_goal_dates(self):
        if self.date_close and not (self.goal_date_from or self.goal_date_to):
            self.goal_date_from, self.goal_date_to = _year_of(self.date_close)

    # ------------------------------------------------------------------
    # CRUD: hooks on hr_appraisal_oca's states
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_close") and not (
                vals.get("goal_date_from") or vals.get("goal_date_to")
            ):
                start, end = _year_of(fields.Date.to_date(vals["date_close"]))
                vals.update(goal_date_from=start, goal_date_to=end)
        appraisals = super().create(vals_list)
        appraisals.filtered(
            lambda a: a.state == APPRAISAL_STARTED
        )._bsc_fill_goal_lines()
        return appraisals

    def write(self, vals):
        starting = self.browse()
        if vals.get("state") == APPRAISAL_STARTED:
            starting = self.filtered(lambda a: a.state == APPRAISAL_NEW)
        if {"goal_date_from", "goal_date_to", "employee_id"} & set(vals):
            self._bsc_check_goal_lines_editable()
        res = super().write(vals)
        moved = self.browse()
        if {"goal_date_from", "goal_date_to"} & set(vals):
            moved = self.filtered(lambda a: a.state == APPRAISAL_STARTED)
        (starting | moved)._bsc_fill_goal_lines()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_refresh_goal_lines(self):
        """Add the lines of new goals, drop those of goals no longer
        appraised, and take the KPIs' latest values; entered actuals and
        comments stay."""
        self.check_access("write")
        self._bsc_check_goal_lines_editable()
        self._bsc_fill_goal_lines()
        return True

    def action_view_goals(self):
        self.ensure_one()
        return self.employee_id.action_view_bsc_goals()

    # ------------------------------------------------------------------
    # Goal lines
    # ------------------------------------------------------------------

    def _bsc_check_goal_lines_editable(self):
        done = self.filtered(lambda a: a.state == APPRAISAL_DONE)
        if done:
            raise UserError(
                _(
                    "The appraisal of %(employee)s is done: its goal lines are "
                    "frozen. Reopen it to change them.",
                    employee=done[0].employee_id.name,
                )
            )

    def _bsc_goal_period(self):
        """(first day, last day) the goals are appraised over."""
        self.ensure_one()
        default_from, default_to = _year_of(self.date_close or fields.Date.today())
        return self.goal_date_from or default_from, self.goal_date_to or default_to

    def _bsc_fill_goal_lines(self):
        """Create, update and remove goal lines to match the employees' goals.

        Runs as superuser once the caller may write the appraisal: starting
        an appraisal fills its lines whoever starts it. The goals and the
        KPIs' measurements are read once for all appraisals in ``self``.
        """
        if not self:
            return
        appraisals = self.sudo().with_context(bsc_goal_refresh=True)
        goals = (
            self.env["bsc.goal"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", appraisals.employee_id.ids),
                    ("state", "in", APPRAISED_STATES),
                ],
                order="objective_id, kpi_id, id",
            )
        )
        plan = {}
        for appraisal in appraisals:
            start, end = appraisal._bsc_goal_period()
            plan[appraisal] = [
                (goal, max(start, goal.date_from), min(end, goal.date_to))
                for goal in goals
                if goal.employee_id == appraisal.employee_id
                and goal.date_from <= end
                and goal.date_to >= start
            ]
        cells = self._bsc_kpi_cells(
            [
                (goal.kpi_id, span_from, span_to)
                for items in plan.values()
                for goal, span_from, span_to in items
                if goal.kpi_id
            ]
        )
        for appraisal, items in plan.items():
            existing = {line.goal_id: line for line in appraisal.goal_line_ids}
            commands = []
            for sequence, (goal, span_from, span_to) in enumerate(items):
                vals = appraisal._bsc_line_values(goal, span_from, span_to, cells)
                vals["sequence"] = sequence
                line = existing.pop(goal, None)
                if not line:
                    commands.append(Command.create(dict(vals, goal_id=goal.id)))
                    continue
                if line.kpi_id and not goal.kpi_id:
                    # The KPI's value is not the manager's: start empty.
                    vals.update(actual_value=False, has_actual=False)
                diff = {
                    fname: value
                    for fname, value in vals.items()
                    if _differs(
                        line._fields[fname].convert_to_write(line[fname], line), value
                    )
                }
                if diff:
                    commands.append(Command.update(line.id, diff))
            commands += [Command.delete(line.id) for line in existing.values()]
            if commands:
                appraisal.write({"goal_line_ids": commands})

    def _bsc_kpi_cells(self, spans):
        """The KPIs' figures over spans of days, from their measurements.

        :param spans: ``(kpi, first day, last day)`` triples
        :return: ``{(kpi_id, first day, last day): kpi_cell dict}``; the
            cell aggregates the KPI's measurements whose period lies within
            the span, by the KPI's aggregation (actuals and targets), as the
            scorecard does for a quarter of a monthly KPI
        """
        if not spans:
            return {}
        kpis = self.env["bsc.kpi"].sudo().browse({kpi.id for kpi, _f, _t in spans})
        first = min(f for _k, f, _t in spans)
        last = max(t for _k, _f, t in spans)
        periods = kpis.scorecard_id.period_ids.filtered(
            lambda p: p.date_start >= first and p.date_end <= last
        )
        Measurement = self.env["bsc.measurement"]
        rows = Measurement._bsc_rows(kpis, periods, CELL_COLUMNS)
        cells = {}
        for kpi, span_from, span_to in spans:
            made_of = [
                (period, rows[(kpi.id, period.id)])
                for period in periods
                if period.scorecard_id == kpi.scorecard_id
                and period.frequency == kpi.frequency
                and period.date_start >= span_from
                and period.date_end <= span_to
                and (kpi.id, period.id) in rows
            ]
            cell = matrix_engine.kpi_cell(
                {"polarity": kpi.polarity, "aggregation": kpi.aggregation},
                [Measurement._bsc_cell_input(row) for __, row in made_of],
                exact=False,
            )
            cell["periods"] = made_of
            cells[(kpi.id, span_from, span_to)] = cell
        return cells

    def _bsc_line_values(self, goal, span_from, span_to, cells):
        """What the line of ``goal`` holds: the goal's objective, KPI and
        weight, and its own target or its KPI's figures over the span."""
        vals = {
            "objective_id": goal.objective_id.id,
            "kpi_id": goal.kpi_id.id,
            "weight": goal.weight,
            "date_from": span_from,
            "date_to": span_to,
        }
        if not goal.kpi_id:
            vals.update({fname: goal[fname] for fname in OWN_TARGET_FIELDS})
            vals["actual_note_data"] = False
            return vals
        kpi = goal.kpi_id
        cell = cells[(kpi.id, span_from, span_to)]
        vals["polarity"] = kpi.polarity
        vals.update({fname: cell[key] or 0.0 for key, fname in CELL_TARGETS.items()})
        vals["has_actual"] = cell["actual"] is not None
        vals["actual_value"] = cell["actual"] if cell["actual"] is not None else False
        periods = cell["periods"]
        # how the actual came, as data: the line says it in the reader's
        # language (bsc.appraisal.goal.line.actual_note)
        if not periods:
            vals["actual_note_data"] = {
                "key": "no_period",
                "kpi": kpi.code,
                "start": fields.Date.to_string(span_from),
                "end": fields.Date.to_string(span_to),
            }
            return vals
        vals["actual_note_data"] = {
            "key": "aggregated",
            "aggregation": kpi.aggregation,
            "measured": sum(
                1 for __, m in periods if m["has_actual"] and not m["error_text"]
            ),
            "kpi": kpi.code,
            "count": len(periods),
            "first": periods[0][0].name,
            "last": periods[-1][0].name,
        }
        return vals


def _differs(old, new):
    """Whether a line's field changes from ``old`` to ``new`` (as written):
    in Python 0.0 == False, but an actual of 0 is a value and False none."""
    return old != new or (old is False) != (new is False)


def _year_of(day):
    return date(day.year, 1, 1), date(day.year, 12, 31)
