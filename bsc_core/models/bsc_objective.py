# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine import formula as formula_engine
from ..engine import scoring
from ..tools.fields import NullableFloat


class BscObjective(models.Model):
    """A strategic objective of a scorecard, under one perspective.

    Objectives are linked by cause and effect ("A drives B") within their
    scorecard, which makes the strategy map, and may be aligned to an
    objective of the parent scorecard (cascading).
    """

    _name = "bsc.objective"
    _description = "Strategic Objective"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "scorecard_id, perspective_sequence, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=True)
    code = fields.Char(help="Short reference shown on the strategy map, e.g. F1.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Html()
    scorecard_id = fields.Many2one(
        "bsc.scorecard", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True)
    perspective_id = fields.Many2one(
        "bsc.perspective",
        required=True,
        ondelete="restrict",
        tracking=True,
        domain="[('id', 'in', allowed_perspective_ids)]",
    )
    allowed_perspective_ids = fields.Many2many(
        "bsc.perspective", compute="_compute_allowed_perspective_ids"
    )
    perspective_sequence = fields.Integer(
        related="perspective_id.sequence", store=True, string="Perspective Sequence"
    )
    color = fields.Integer(related="perspective_id.color")
    user_id = fields.Many2one(
        "res.users", string="Owner", default=lambda self: self.env.user, tracking=True
    )
    weight = fields.Float(default=1.0, required=True, tracking=True)

    # Cascading
    parent_objective_id = fields.Many2one(
        "bsc.objective",
        string="Supports",
        ondelete="set null",
        tracking=True,
        domain="[('scorecard_id', '=', parent_scorecard_id)]",
        help="The objective of the parent scorecard this objective contributes to.",
    )
    parent_scorecard_id = fields.Many2one(related="scorecard_id.parent_id")
    child_objective_ids = fields.One2many(
        "bsc.objective", "parent_objective_id", string="Aligned Objectives"
    )
    aligned_weight = fields.Float(
        string="Weight of Aligned Objectives",
        help="When positive, the mean score of the aligned objectives of child "
        "scorecards counts as one more input of this objective's score, "
        "with this weight.",
    )

    # Cause and effect
    effect_ids = fields.Many2many(
        "bsc.objective",
        "bsc_objective_cause_effect_rel",
        "cause_id",
        "effect_id",
        string="Drives",
        domain="[('scorecard_id', '=', scorecard_id), ('id', '!=', id)]",
        help="Objectives this one drives (arrows up the strategy map).",
    )
    cause_ids = fields.Many2many(
        "bsc.objective",
        "bsc_objective_cause_effect_rel",
        "effect_id",
        "cause_id",
        string="Driven By",
        domain="[('scorecard_id', '=', scorecard_id), ('id', '!=', id)]",
    )
    map_x = fields.Integer(help="Position on the strategy map, set by dragging.")
    map_y = fields.Integer()

    kpi_ids = fields.One2many("bsc.kpi", "objective_id", string="KPIs")
    kpi_count = fields.Integer(compute="_compute_kpi_count")
    initiative_ids = fields.Many2many(
        "bsc.initiative",
        "bsc_initiative_objective_rel",
        "objective_id",
        "initiative_id",
        string="Initiatives",
    )

    # Current state, from the scorecard matrix
    score = NullableFloat(compute="_compute_score", digits=(16, 2))
    status = fields.Selection(
        scoring.STATUS_SELECTION,
        compute="_compute_score",
    )
    score_explanation = fields.Text(compute="_compute_score")

    _sql_constraints = [
        ("weight_positive", "CHECK(weight >= 0)", "Weights cannot be negative."),
    ]

    @api.depends("scorecard_id.scorecard_perspective_ids.perspective_id")
    def _compute_allowed_perspective_ids(self):
        for objective in self:
            objective.allowed_perspective_ids = (
                objective.scorecard_id.scorecard_perspective_ids.perspective_id
            )

    @api.depends("kpi_ids")
    def _compute_kpi_count(self):
        for objective in self:
            objective.kpi_count = len(objective.kpi_ids)

    @api.depends_context("bsc_period_id", "lang")
    def _compute_score(self):
        rows = {}
        for scorecard in self.scorecard_id:
            matrix = scorecard._bsc_matrix_of(
                self.env["bsc.period"]._bsc_current(scorecard)
            )
            for perspective in matrix.get("perspectives", []):
                for row in perspective["objectives"]:
                    rows[row["id"]] = row
        for objective in self:
            row = rows.get(objective.id) or {}
            objective.score = row.get("score")
            objective.status = row.get("status") or "none"
            objective.score_explanation = row.get("explanation") or False

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("perspective_id", "scorecard_id")
    def _check_perspective(self):
        for objective in self:
            if objective.perspective_id not in objective.allowed_perspective_ids:
                raise ValidationError(
                    _(
                        "Objective '%(objective)s': scorecard '%(scorecard)s' does not "
                        "use the perspective '%(perspective)s'. Add it to the "
                        "scorecard's perspectives first.",
                        objective=objective.name,
                        scorecard=objective.scorecard_id.name,
                        perspective=objective.perspective_id.name,
                    )
                )

    @api.constrains("parent_objective_id", "scorecard_id")
    def _check_parent_objective(self):
        for objective in self:
            parent = objective.parent_objective_id
            if parent and parent.scorecard_id != objective.scorecard_id.parent_id:
                raise ValidationError(
                    _(
                        "Objective '%(objective)s' can only support an objective of "
                        "the parent scorecard, not of '%(scorecard)s'.",
                        objective=objective.name,
                        scorecard=parent.scorecard_id.name,
                    )
                )

    @api.constrains("effect_ids", "cause_ids", "scorecard_id")
    def _check_cause_effect(self):
        for objective in self:
            linked = objective.effect_ids | objective.cause_ids
            if objective in linked:
                raise ValidationError(
                    _("Objective '%s' cannot drive itself.", objective.name)
                )
            other = linked.filtered(
                lambda o, s=objective: o.scorecard_id != s.scorecard_id
            )
            if other:
                raise ValidationError(
                    _(
                        "Objective '%(objective)s' can only be linked to objectives of "
                        "its own scorecard, not to '%(other)s'.",
                        objective=objective.name,
                        other=other[0].name,
                    )
                )
        for scorecard in self.scorecard_id:
            scorecard._bsc_check_strategy_map()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_kpis(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bsc_core.bsc_kpi_action"
        )
        action["domain"] = [("objective_id", "=", self.id)]
        action["context"] = {"default_objective_id": self.id}
        return action

    def _bsc_cause_effect_cycle(self):
        """The first cause-effect cycle among ``self`` as a list of names, or None."""
        graph = {str(o.id): [str(i) for i in o.effect_ids.ids] for o in self}
        try:
            formula_engine.evaluation_order(graph)
        except formula_engine.FormulaError as e:
            names = {str(o.id): o.name for o in self}
            return [names.get(i, i) for i in e.cycle]
        return None
