# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class BscInitiative(models.Model):
    """A project that moves one or more objectives of a scorecard."""

    _name = "bsc.initiative"
    _description = "Strategic Initiative"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, date_end, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    priority = fields.Selection([("0", "Normal"), ("1", "High")], default="0")
    color = fields.Integer()
    scorecard_id = fields.Many2one(
        "bsc.scorecard", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    objective_ids = fields.Many2many(
        "bsc.objective",
        "bsc_initiative_objective_rel",
        "initiative_id",
        "objective_id",
        string="Objectives",
        domain="[('scorecard_id', '=', scorecard_id)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", default=lambda self: self.env.user, tracking=True
    )
    date_start = fields.Date(tracking=True)
    date_end = fields.Date(string="Deadline", tracking=True)
    budget_planned = fields.Monetary(string="Planned Budget", tracking=True)
    budget_spent = fields.Monetary(string="Spent", tracking=True)
    budget_used_percent = fields.Float(
        compute="_compute_budget_used_percent", string="Budget Used (%)"
    )
    progress = fields.Float(tracking=True, help="Progress in percent, 0 to 100.")
    state = fields.Selection(
        [
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("late", "Late"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="on_track",
        required=True,
        tracking=True,
        group_expand=True,
    )

    _sql_constraints = [
        (
            "progress_range",
            "CHECK(progress >= 0 AND progress <= 100)",
            "Progress is a percentage between 0 and 100.",
        ),
        (
            "budget_positive",
            "CHECK(budget_planned >= 0 AND budget_spent >= 0)",
            "Budgets cannot be negative.",
        ),
    ]

    @api.depends("budget_planned", "budget_spent")
    def _compute_budget_used_percent(self):
        for initiative in self:
            planned = initiative.budget_planned
            initiative.budget_used_percent = (
                100.0 * initiative.budget_spent / planned if planned else 0.0
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for initiative in self:
            if (
                initiative.date_start
                and initiative.date_end
                and initiative.date_end < initiative.date_start
            ):
                raise ValidationError(
                    _(
                        "Initiative '%(name)s' ends (%(end)s) before it starts "
                        "(%(start)s).",
                        name=initiative.name,
                        end=initiative.date_end,
                        start=initiative.date_start,
                    )
                )

    @api.constrains("objective_ids", "scorecard_id")
    def _check_objectives(self):
        for initiative in self:
            other = initiative.objective_ids.filtered(
                lambda o, i=initiative: o.scorecard_id != i.scorecard_id
            )
            if other:
                raise ValidationError(
                    _(
                        "Initiative '%(name)s' can only move objectives of its "
                        "scorecard; '%(objective)s' belongs to another one.",
                        name=initiative.name,
                        objective=other[0].name,
                    )
                )
