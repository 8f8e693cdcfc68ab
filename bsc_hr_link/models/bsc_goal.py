# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.bsc_core.engine import scoring
from odoo.addons.bsc_core.models.bsc_kpi import POLARITIES
from odoo.addons.bsc_core.tools.fields import NullableFloat
from odoo.addons.bsc_core.tools.number_format import number_writer

GOAL_STATES = [
    ("draft", "Draft"),
    ("active", "In Progress"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]
# Goals in these states are scored by appraisals.
APPRAISED_STATES = ("active", "closed")
OWN_TARGET_FIELDS = (
    "polarity",
    "target_value",
    "red_flag_value",
    "target_max_value",
    "tolerance_value",
)


class BscGoal(models.Model):
    """A strategic objective cascaded to one employee.

    The employee contributes to the objective over a span of days: measured
    by a KPI of the objective (the team's measure: its values over the
    appraisal period) or, without a KPI, by the goal's own target, against
    which the manager enters the actual in the appraisal.
    """

    _name = "bsc.goal"
    _description = "Employee Goal"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, employee_id, objective_id, id"
    _check_company_auto = True

    name = fields.Char(
        string="Description",
        tracking=True,
        help="What the employee commits to, e.g. 'Follow the lean training'.",
    )
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    department_id = fields.Many2one(
        related="employee_id.department_id", store=True, string="Department"
    )
    objective_id = fields.Many2one(
        "bsc.objective",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    scorecard_id = fields.Many2one(
        related="objective_id.scorecard_id", store=True, index=True
    )
    perspective_id = fields.Many2one(related="objective_id.perspective_id", store=True)
    company_id = fields.Many2one(
        related="objective_id.company_id", store=True, index=True
    )
    kpi_id = fields.Many2one(
        "bsc.kpi",
        string="KPI",
        ondelete="set null",
        tracking=True,
        domain="[('objective_id', '=', objective_id)]",
        help="The team measure the employee contributes to: the appraisal takes "
        "its values over the appraisal period. Leave empty to give the goal its "
        "own target, against which the manager enters the actual.",
    )
    weight = fields.Float(default=1.0, required=True, tracking=True)
    state = fields.Selection(
        GOAL_STATES, default="active", required=True, tracking=True, index=True
    )

    # When
    period_id = fields.Many2one(
        "bsc.period",
        domain="[('scorecard_id', '=', scorecard_id)]",
        help="A period of the scorecard; it sets the dates.",
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )

    # Own target, used when the goal has no KPI
    polarity = fields.Selection(POLARITIES, default="higher", required=True)
    target_value = fields.Float(string="Target", tracking=True)
    red_flag_value = fields.Float(string="Red Flag", tracking=True)
    target_max_value = fields.Float(string="Target (high)")
    tolerance_value = fields.Float(string="Tolerance")

    # Appraisals
    appraisal_line_ids = fields.One2many(
        "bsc.appraisal.goal.line", "goal_id", string="Appraisal Lines"
    )
    last_score = NullableFloat(compute="_compute_last_score", digits=(16, 2))
    last_status = fields.Selection(
        scoring.STATUS_SELECTION,
        compute="_compute_last_score",
    )

    _sql_constraints = [
        (
            "goal_unique",
            "UNIQUE NULLS NOT DISTINCT "
            "(employee_id, objective_id, kpi_id, date_from, date_to)",
            "An employee has one goal per objective, KPI and dates.",
        ),
        ("dates_order", "CHECK(date_from <= date_to)", "A goal ends after it starts."),
        ("weight_positive", "CHECK(weight >= 0)", "Weights cannot be negative."),
    ]

    @api.depends("period_id", "objective_id")
    def _compute_dates(self):
        for goal in self:
            if goal.period_id:
                goal.date_from = goal.period_id.date_start
                goal.date_to = goal.period_id.date_end
            else:
                goal.date_from = goal.date_from or goal.scorecard_id.date_from
                goal.date_to = goal.date_to or goal.scorecard_id.date_to

    @api.depends("appraisal_line_ids.score", "appraisal_line_ids.status")
    def _compute_last_score(self):
        lines = self._bsc_last_lines()
        for goal in self:
            line = lines.get(goal.id)
            goal.last_score = line.score if line else False
            goal.last_status = line.status if line else "none"

    @api.depends("employee_id", "objective_id", "name")
    def _compute_display_name(self):
        for goal in self:
            goal.display_name = " · ".join(
                part
                for part in (
                    goal.employee_id.name,
                    goal.name or goal.objective_id.name,
                )
                if part
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("kpi_id", "objective_id")
    def _check_kpi(self):
        for goal in self:
            if goal.kpi_id and goal.kpi_id.objective_id != goal.objective_id:
                raise ValidationError(
                    _(
                        "Goal '%(goal)s': the KPI '%(kpi)s' measures the objective "
                        "'%(other)s', not '%(objective)s'. Choose a KPI of the "
                        "goal's objective, or none to give the goal its own target.",
                        goal=goal.display_name,
                        kpi=goal.kpi_id.name,
                        other=goal.kpi_id.objective_id.name,
                        objective=goal.objective_id.name,
                    )
                )

    @api.constrains("kpi_id", *OWN_TARGET_FIELDS)
    def _check_own_target(self):
        for goal in self.filtered(lambda g: not g.kpi_id):
            try:
                scoring.check_thresholds(
                    goal.polarity,
                    goal.target_value,
                    red_flag=goal.red_flag_value,
                    target_max=goal.target_max_value,
                    tolerance=goal.tolerance_value,
                )
            except scoring.ThresholdError as e:
                raise ValidationError(
                    _(
                        "Goal '%(goal)s' has no KPI, so it needs its own target: "
                        "%(error)s.",
                        goal=goal.display_name,
                        error=e.text(self.env._, number_writer(self.env)),
                    )
                ) from e

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_activate(self):
        self.state = "active"

    def action_close(self):
        self.state = "closed"

    def action_cancel(self):
        self.state = "cancel"

    def action_draft(self):
        self.state = "draft"

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _bsc_last_lines(self, completed_only=False):
        """Each goal's line of its latest appraisal that has a score.

        Read as superuser: callers show it on a goal the user may read (its
        own line) or only as an aggregate (the objective's goal score).
        """
        domain = [("goal_id", "in", self.ids), ("status", "!=", "none")]
        if completed_only:
            domain.append(("appraisal_state", "=", "3_done"))
        lines = (
            self.env["bsc.appraisal.goal.line"]
            .sudo()
            .search(domain, order="appraisal_date asc, id asc")
        )
        return {line.goal_id.id: line for line in lines}
