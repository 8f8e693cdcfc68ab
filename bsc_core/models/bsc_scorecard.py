# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

import pytz

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..engine import formula as formula_engine
from ..engine import scoring
from ..tools import number_format
from ..tools.fields import NullableFloat
from .bsc_period import FREQUENCIES, FREQUENCY_RANK


class BscScorecard(models.Model):
    """One organisation unit's strategy for a span of time.

    This file holds its fields, constraints, CRUD and actions. The rest
    lives in its own units: the recompute (``bsc_scorecard_recompute.py``),
    the periods and their navigation (``bsc.period``), the matrix every
    screen and report renders (``bsc.matrix``) and the dashboard payload
    (``bsc_dashboard.py``).
    """

    _name = "bsc.scorecard"
    _description = "Balanced Scorecard"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, name, id"
    _check_company_auto = True
    _parent_name = "parent_id"

    name = fields.Char(required=True, tracking=True, translate=True)
    active = fields.Boolean(default=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Owner", default=lambda self: self.env.user, tracking=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
        help="Only active scorecards are recomputed by the daily job.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.today().replace(month=1, day=1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.today().replace(month=12, day=31),
    )
    frequency = fields.Selection(
        FREQUENCIES,
        string="Default Frequency",
        default="month",
        required=True,
        help="Frequency of new KPIs and of the period shown by default.",
    )
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        required=True,
        default=lambda self: self.env.user.tz or "UTC",
        help="Places ERP records dated with a time into periods.",
    )
    parent_id = fields.Many2one(
        "bsc.scorecard",
        string="Aligned To",
        index=True,
        ondelete="set null",
        check_company=True,
        tracking=True,
    )
    child_ids = fields.One2many(
        "bsc.scorecard", "parent_id", string="Aligned Scorecards"
    )

    scorecard_perspective_ids = fields.One2many(
        "bsc.scorecard.perspective", "scorecard_id", string="Perspectives", copy=True
    )
    objective_ids = fields.One2many(
        "bsc.objective", "scorecard_id", string="Objectives"
    )
    kpi_ids = fields.One2many("bsc.kpi", "scorecard_id", string="KPIs")
    initiative_ids = fields.One2many("bsc.initiative", "scorecard_id")
    period_ids = fields.One2many("bsc.period", "scorecard_id", string="Periods")
    objective_count = fields.Integer(compute="_compute_counts")
    kpi_count = fields.Integer(compute="_compute_counts")
    initiative_count = fields.Integer(compute="_compute_counts")

    # The chosen (context bsc_period_id) or current period and its figures
    period_id = fields.Many2one("bsc.period", compute="_compute_score")
    score = NullableFloat(compute="_compute_score", digits=(16, 2))
    status = fields.Selection(
        scoring.STATUS_SELECTION,
        compute="_compute_score",
    )
    trend = fields.Selection(
        [("up", "Up"), ("down", "Down"), ("flat", "Flat")], compute="_compute_score"
    )
    score_explanation = fields.Text(compute="_compute_score")

    # The form's period selector and the matrix it shows
    selected_period_id = fields.Many2one(
        "bsc.period",
        string="Show Period",
        compute="_compute_selected_period_id",
        readonly=False,
        domain="[('scorecard_id', '=', id)]",
    )
    matrix_html = fields.Html(
        compute="_compute_matrix_html", sanitize=False, string="Scorecard"
    )
    # The evidence of the map's arrows and its health check (#20,
    # bsc.evidence and bsc.scorecard.health)
    evidence_max_lag = fields.Integer(
        string="Largest Lag Tested",
        default=3,
        required=True,
        help="The strategy map's arrows are tested against the history with "
        "the effect 0 to this many periods after the cause.",
    )
    health_max_objectives = fields.Integer(
        string="Objectives per Perspective",
        default=6,
        required=True,
        help="The health check reports a perspective with more objectives.",
    )
    health_html = fields.Html(
        string="Map Health",
        compute="_compute_health_html",
        sanitize=False,
        help="The strategy map's structural faults, each linking to the record to fix.",
    )

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_from <= date_to)",
            "A scorecard ends after it starts.",
        ),
    ]

    @api.depends("objective_ids", "kpi_ids", "initiative_ids")
    def _compute_counts(self):
        for scorecard in self:
            scorecard.objective_count = len(scorecard.objective_ids)
            scorecard.kpi_count = len(scorecard.kpi_ids)
            scorecard.initiative_count = len(scorecard.initiative_ids)

    @api.depends_context("bsc_period_id", "lang")
    def _compute_score(self):
        for scorecard in self:
            period = self.env["bsc.period"]._bsc_current(scorecard)
            matrix = scorecard._bsc_matrix_of(period)
            scorecard.period_id = period
            scorecard.score = matrix.get("score")
            scorecard.status = matrix.get("status") or "none"
            scorecard.trend = matrix.get("trend") or False
            scorecard.score_explanation = matrix.get("explanation") or False

    @api.depends("period_ids")
    @api.depends_context("bsc_period_id")
    def _compute_selected_period_id(self):
        for scorecard in self:
            origin = scorecard._origin
            scorecard.selected_period_id = (
                self.env["bsc.period"]._bsc_current(origin) if origin else False
            )

    @api.depends("selected_period_id")
    @api.depends_context("lang")
    def _compute_matrix_html(self):
        for scorecard in self:
            origin = scorecard._origin
            period = scorecard.selected_period_id._origin
            if not origin or not period:
                scorecard.matrix_html = False
                continue
            scorecard.matrix_html = self.env["ir.qweb"]._render(
                "bsc_core.bsc_scorecard_matrix_table",
                {"matrix": origin._bsc_matrix_of(period), "scorecard": origin},
            )

    def _bsc_format_value(self, value, kpi_row, unit=True):
        """A KPI value of this scorecard as shown everywhere, in the reader's
        language (:func:`~odoo.addons.bsc_core.tools.number_format.format_kpi_value`).
        """
        return number_format.format_kpi_value(
            self.env, value, kpi_row, self.currency_id, unit=unit
        )

    def _bsc_format_score(self, score):
        """A score as shown everywhere: two decimals, "–" without a score."""
        return number_format.format_score(self.env, score)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    def _compute_health_html(self):
        self.env["bsc.scorecard.health"]._bsc_health_html(self)

    def _bsc_health(self):
        return self.env["bsc.scorecard.health"]._bsc_health(self)

    @api.constrains("evidence_max_lag", "health_max_objectives")
    def _check_health_settings(self):
        self.env["bsc.scorecard.health"]._bsc_check_settings(self)

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(
                _("A scorecard cannot be aligned to itself or to one of its children.")
            )

    def _bsc_check_formulas(self):
        """Refuse formulas that do not parse, use unknown codes or form a cycle."""
        for scorecard in self:
            kpis = scorecard.kpi_ids
            by_code = {kpi.code: kpi for kpi in kpis}
            deps = {}
            for kpi in kpis.filtered(lambda k: k.source_type == "formula"):
                parsed = kpi._bsc_parsed_formula()
                try:
                    formula_engine.check_codes(parsed, by_code, kpi_label=kpi.name)
                except formula_engine.FormulaError as e:
                    raise ValidationError(e.render(self.env._)) from e
                for code in sorted(parsed.codes):
                    if (
                        FREQUENCY_RANK[by_code[code].frequency]
                        > FREQUENCY_RANK[kpi.frequency]
                    ):
                        raise ValidationError(
                            _(
                                "KPI '%(kpi)s' is %(freq)s but its formula uses "
                                "'%(code)s', which has fewer periods (%(other)s). A "
                                "formula may use KPIs of its own frequency or finer.",
                                kpi=kpi.name,
                                freq=kpi.frequency,
                                code=code,
                                other=by_code[code].frequency,
                            )
                        )
                deps[kpi.code] = parsed.same_period_codes
            try:
                formula_engine.evaluation_order(deps)
            except formula_engine.FormulaError as e:
                raise ValidationError(
                    _(
                        "Scorecard '%(scorecard)s': the KPI formulas form a %(error)s. "
                        "Change one of these formulas.",
                        scorecard=scorecard.name,
                        error=e.render(self.env._),
                    )
                ) from e

    def _bsc_check_strategy_map(self):
        """Refuse cause-and-effect links that go round in a circle."""
        for scorecard in self:
            cycle = scorecard.objective_ids._bsc_cause_effect_cycle()
            if cycle:
                raise ValidationError(
                    _(
                        "These cause-and-effect links form a cycle: %(cycle)s. An "
                        "objective cannot, through others, drive itself; remove one "
                        "of these links.",
                        cycle=" → ".join(cycle),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        defaults = self.env["bsc.perspective"].search([])
        for vals in vals_list:
            if not vals.get("scorecard_perspective_ids"):
                vals["scorecard_perspective_ids"] = [
                    Command.create({"perspective_id": p.id, "weight": p.default_weight})
                    for p in defaults
                ]
        scorecards = super().create(vals_list)
        self.env["bsc.period"]._bsc_generate(scorecards)
        return scorecards

    def write(self, vals):
        res = super().write(vals)
        if "date_from" in vals or "date_to" in vals:
            self.env["bsc.period"]._bsc_generate(self)
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_activate(self):
        self.state = "active"

    def action_close(self):
        self.state = "closed"

    def action_draft(self):
        self.state = "draft"

    def action_recompute(self):
        self._bsc_check_manager(_("recompute a scorecard"))
        count = 0
        for scorecard in self:
            count += scorecard._bsc_recompute()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%s values recomputed.", count),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_open_dashboard(self, view="scorecard"):
        """The dashboard client action on this scorecard."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "bsc_core.bsc_dashboard_action"
        )
        action["params"] = {"scorecard_id": self.id, "view": view}
        period = self.env["bsc.period"]._bsc_current(self)
        if period:
            action["params"]["period_id"] = period.id
        return action

    def action_open_strategy_map(self):
        return self.action_open_dashboard(view="map")

    def _bsc_check_manager(self, what):
        if not (self.env.su or self.env.user.has_group("bsc_core.group_bsc_manager")):
            raise AccessError(_("Only scorecard managers can %(what)s.", what=what))

    def action_generate_periods(self):
        self.env["bsc.period"]._bsc_generate(self)

    def _bsc_action(self, xmlid, **context):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("scorecard_id", "=", self.id)]
        action["context"] = dict(default_scorecard_id=self.id, **context)
        return action

    def action_view_objectives(self):
        return self._bsc_action("bsc_core.bsc_objective_action")

    def action_view_kpis(self):
        return self._bsc_action("bsc_core.bsc_kpi_action")

    def action_view_initiatives(self):
        return self._bsc_action("bsc_core.bsc_initiative_action")

    def action_view_measurements(self):
        action = self._bsc_action("bsc_core.bsc_measurement_action")
        period = self.env["bsc.period"]._bsc_current(self)
        if period:
            action["context"]["search_default_period_id"] = period.id
        return action

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------

    def _bsc_today(self):
        """Today in the scorecard's time zone."""
        self.ensure_one()
        return datetime.now(pytz.timezone(self.tz or "UTC")).date()

    # ------------------------------------------------------------------
    # The matrix (bsc.matrix)
    # ------------------------------------------------------------------

    @api.model
    def get_matrix(self, scorecard_id, period_id=None):
        """RPC entry point: the scorecard matrix for a period (default: current)."""
        scorecard = self.browse(scorecard_id)
        scorecard.check_access("read")
        Period = self.env["bsc.period"]
        period = Period.browse(period_id) if period_id else None
        if period is None or period.scorecard_id != scorecard:
            period = Period._bsc_current(scorecard)
        return scorecard._bsc_matrix_of(period)

    def _bsc_matrix_of(self, period):
        """The matrix of one period (``{}`` for none): ``bsc.matrix``'s."""
        self.ensure_one()
        if not period:
            return {}
        return self.env["bsc.matrix"]._bsc_matrices(self, period)[0]
