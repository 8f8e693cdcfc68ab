# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, format_date, formatLang


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

    # ------------------------------------------------------------------
    # What the dashboard's objective panel and the PDF briefing book show
    # ------------------------------------------------------------------

    def _bsc_report_values(self):
        """The figures of each initiative as every picture of it shows them:
        the dashboard's objective panel and the PDF briefing book both render
        this, and nothing else, so that they cannot disagree. Addons that
        know more of an initiative (a project, a budget line) override it,
        call ``super()`` and add to the values; see DEVELOP.md.

        :return: ``{initiative id: dict}``, JSON-serializable, of

            - ``id``, ``name``, ``state`` (the key) and ``state_label``;
            - ``progress``: 0 to 100;
            - ``user``: the owner's name, ``""`` without one;
            - ``date_end``: the deadline, ISO (``False`` without one), and
              ``date_end_text`` in the reader's language;
            - ``budget_planned``, ``budget_spent``, ``budget_used_percent``
              (numbers, the initiative's currency) and ``budget``: the text
              "spent / planned (n %)", ``""`` without a planned budget;
            - ``explanation``: why the status is what it is, one sentence,
              ``""`` when nothing says; ``manual``: the status was set by hand
              over one derived from facts;
            - ``facts``: more labelled figures, ``[{"label", "value"}]``
              (texts), e.g. hours planned and logged;
            - ``details``: the rows under the initiative, e.g. milestones:
              ``[{"key", "name", "date", "done", "done_date", "status",
              "status_label", "tone"}]``, the dates as texts (``""`` when
              none), ``tone`` one of ``success``, ``warning``, ``danger``,
              ``muted``.
        """
        env = self.env
        states = dict(self._fields["state"]._description_selection(env))
        result = {}
        for initiative in self:
            currency = initiative.currency_id
            budget = ""
            if initiative.budget_planned:
                budget = "%s / %s (%s %%)" % (
                    format_amount(env, initiative.budget_spent, currency),
                    format_amount(env, initiative.budget_planned, currency),
                    formatLang(env, initiative.budget_used_percent, digits=0),
                )
            result[initiative.id] = {
                "id": initiative.id,
                "name": initiative.name,
                "state": initiative.state,
                "state_label": states.get(initiative.state, ""),
                "progress": initiative.progress,
                "user": initiative.user_id.name or "",
                "date_end": fields.Date.to_string(initiative.date_end),
                "date_end_text": format_date(env, initiative.date_end)
                if initiative.date_end
                else "",
                "budget_planned": initiative.budget_planned,
                "budget_spent": initiative.budget_spent,
                "budget_used_percent": initiative.budget_used_percent,
                "budget": budget,
                "explanation": "",
                "manual": False,
                "facts": [],
                "details": [],
            }
        return result
