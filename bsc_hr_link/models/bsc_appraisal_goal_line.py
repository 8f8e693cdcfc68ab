# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from odoo.addons.bsc_core.engine import explain, scoring
from odoo.addons.bsc_core.models.bsc_kpi import POLARITIES
from odoo.addons.bsc_core.models.bsc_measurement import (
    STATUSES,
    TARGET_FIELDS,
    actual_vals,
)
from odoo.addons.bsc_core.tools.fields import NullableFloat
from odoo.addons.bsc_core.tools.number_format import number_writer

# What a manager (without HR rights) may change on a line of their team.
MANAGER_FIELDS = {"actual_value", "has_actual", "manager_comment"}
ACTUAL_FIELDS = {"actual_value", "has_actual"}
# hr_appraisal_oca's state of a completed appraisal: its lines are frozen.
APPRAISAL_DONE = "3_done"


class BscAppraisalGoalLine(models.Model):
    """One goal of the employee, scored in an appraisal.

    Filled from the goal when the appraisal starts and on refresh: the
    objective, KPI, weight and targets, and for a goal with a KPI the actual
    taken from the KPI's measurements over the appraisal period. The score
    and status come from the core's scoring engine. A completed appraisal's
    lines are frozen.
    """

    _name = "bsc.appraisal.goal.line"
    _description = "Appraisal Goal Line"
    _order = "appraisal_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    appraisal_id = fields.Many2one(
        "hr.appraisal", required=True, index=True, ondelete="cascade"
    )
    appraisal_state = fields.Selection(
        related="appraisal_id.state", store=True, string="Appraisal Status"
    )
    appraisal_date = fields.Date(
        related="appraisal_id.date_close", store=True, string="Appraisal Date"
    )
    goal_id = fields.Many2one(
        "bsc.goal",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        check_company=True,
    )
    employee_id = fields.Many2one(
        related="appraisal_id.employee_id", store=True, index=True
    )
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True)

    # Copied from the goal when the line is filled or refreshed
    objective_id = fields.Many2one(
        "bsc.objective", readonly=True, ondelete="restrict", index=True
    )
    perspective_id = fields.Many2one(related="objective_id.perspective_id")
    kpi_id = fields.Many2one(
        "bsc.kpi", string="KPI", readonly=True, ondelete="set null"
    )
    weight = fields.Float(readonly=True)
    date_from = fields.Date(
        string="From", readonly=True, help="First day of the span measured."
    )
    date_to = fields.Date(string="To", readonly=True)
    polarity = fields.Selection(POLARITIES, default="higher", readonly=True)
    target_value = fields.Float(string="Target", readonly=True)
    red_flag_value = fields.Float(string="Red Flag", readonly=True)
    target_max_value = fields.Float(string="Target (high)", readonly=True)
    tolerance_value = fields.Float(string="Tolerance", readonly=True)

    # Actual: from the KPI, else entered by the manager
    # NULL without a value (as bsc.measurement's): blank in lists and
    # exports, left out of the averages of pivot and graph views
    actual_value = NullableFloat(string="Actual", aggregator="avg")
    has_actual = fields.Boolean(
        string="Has Value",
        help="Set once a value is entered or taken from the KPI; 0 is a value, "
        "empty is not.",
    )
    actual_note_data = fields.Json(
        string="Actual From (data)",
        readonly=True,
        help="How the actual was obtained from the KPI's measurements, as "
        "data: shown in the reader's language.",
    )
    actual_note = fields.Char(
        string="Actual From",
        compute="_compute_actual_note",
        help="How the actual was obtained from the KPI's measurements.",
    )
    manager_comment = fields.Text()

    # Result, by the core's scoring engine
    score = NullableFloat(
        compute="_compute_score", store=True, digits=(16, 2), aggregator="avg"
    )
    status = fields.Selection(STATUSES, compute="_compute_score", store=True)
    explanation_data = fields.Json(
        compute="_compute_score",
        store=True,
        help="How the score came, as data (engine.explain): rule, actual, "
        "targets, band. Shown as text in the reader's language.",
    )
    explanation = fields.Text(compute="_compute_explanation")

    _sql_constraints = [
        (
            "appraisal_goal_unique",
            "UNIQUE(appraisal_id, goal_id)",
            "An appraisal has one line per goal.",
        ),
    ]

    @api.depends("actual_value", "has_actual", "polarity", *TARGET_FIELDS)
    def _compute_score(self):
        for line in self:
            result = line._bsc_score()
            line.score = result.value  # None: no score, NULL
            line.status = result.status
            line.explanation_data = result.detail

    @api.depends("explanation_data")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for line in self:
            line.explanation = explain.render(
                line.explanation_data, self.env._, number_writer(self.env)
            )

    @api.depends("actual_note_data")
    @api.depends_context("lang")
    def _compute_actual_note(self):
        aggregations = dict(
            self.env["bsc.kpi"]._fields["aggregation"]._description_selection(self.env)
        )
        for line in self:
            line.actual_note = line._bsc_actual_note(aggregations)

    def _bsc_actual_note(self, aggregations):
        """``actual_note_data`` as a sentence in the reader's language:
        ``{"key": "no_period", "kpi", "start", "end"}`` or ``{"key":
        "aggregated", "aggregation", "measured", "kpi", "count", "first",
        "last"}`` (dates ISO); ``{"text": ...}`` (a note stored as text by
        18.0.1.0.0) is shown as it is."""
        data = self.actual_note_data
        if not data:
            return False
        key = data.get("key")
        if key == "no_period":
            return _(
                "No period of %(kpi)s lies within %(start)s – %(end)s",
                kpi=data["kpi"],
                start=format_date(self.env, data["start"]),
                end=format_date(self.env, data["end"]),
            )
        if key == "aggregated":
            return _(
                "%(aggregation)s of %(measured)s value(s) of %(kpi)s in %(count)s "
                "period(s), %(first)s to %(last)s",
                aggregation=aggregations.get(data["aggregation"], data["aggregation"]),
                measured=data["measured"],
                kpi=data["kpi"],
                count=data["count"],
                first=data["first"],
                last=data["last"],
            )
        return data.get("text") or False

    @api.depends("objective_id", "kpi_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = line._bsc_label()

    def _bsc_score(self):
        """The engine's score of this line (value, status, explanation)."""
        self.ensure_one()
        return scoring.score(
            self.actual_value if self.has_actual else None,
            self.polarity or scoring.HIGHER,
            self.target_value,
            red_flag=self.red_flag_value,
            target_max=self.target_max_value,
            tolerance=self.tolerance_value,
        )

    def _bsc_label(self):
        self.ensure_one()
        label = self.objective_id.name or ""
        if self.kpi_id:
            label = f"{label} [{self.kpi_id.code}]"
        return label

    # ------------------------------------------------------------------
    # CRUD: frozen once the appraisal is done; managers enter actuals only
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        appraisals = self.env["hr.appraisal"].browse(
            [vals["appraisal_id"] for vals in vals_list if vals.get("appraisal_id")]
        )
        appraisals._bsc_check_goal_lines_editable()
        return super().create([actual_vals(vals) for vals in vals_list])

    def write(self, vals):
        self.appraisal_id._bsc_check_goal_lines_editable()
        if not self.env.context.get("bsc_goal_refresh"):
            self._bsc_check_manager_write(vals)
        return super().write(actual_vals(vals))

    def unlink(self):
        self.appraisal_id._bsc_check_goal_lines_editable()
        return super().unlink()

    def _bsc_check_manager_write(self, vals):
        """Managers change the actual of goals without a KPI and comments;
        everything else comes from the goal and the KPI."""
        if ACTUAL_FIELDS & set(vals):
            from_kpi = self.filtered("kpi_id")
            if from_kpi:
                raise UserError(
                    _(
                        "The actual of '%(line)s' comes from the KPI %(kpi)s: "
                        "refresh the goal lines to update it.",
                        line=from_kpi[0]._bsc_label(),
                        kpi=from_kpi[0].kpi_id.display_name,
                    )
                )
        if self.env.su or self.env.user.has_group("hr.group_hr_user"):
            return
        other = set(vals) - MANAGER_FIELDS
        if other:
            raise AccessError(
                _(
                    "Managers enter the actual of goals without a KPI and their "
                    "comment; the other fields of an appraisal goal line (%s) come "
                    "from the goal. Ask an HR officer to change the goal.",
                    ", ".join(sorted(other)),
                )
            )
