# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import datetime

import pytz

from odoo import Command, _, api, fields, models
from odoo.tools import format_amount, format_date, formatLang

from .initiative_state import budget_share, derive_state

# what a change of these fields of an initiative asks to read again
SYNC_FIELDS = {
    "project_id",
    "progress_mode",
    "risk_margin",
    "date_start",
    "date_end",
    "budget_planned",
}


class BscInitiative(models.Model):
    """An initiative run as an Odoo project: its progress, cost, hours and
    milestones are read from the project (``_bsc_project_sync``, on link,
    by a button and daily), and its status follows from them unless a user
    sets it by hand.

    The figures land in bsc_core's own fields (``progress``,
    ``budget_spent``, ``state``), so the dashboard, the reports and an
    uninstalled addon keep the last values read."""

    _inherit = "bsc.initiative"

    project_id = fields.Many2one(
        "project.project",
        tracking=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The project that runs the initiative: its tasks give the "
        "progress, its analytic account the cost, its milestones the dates.",
    )
    progress_mode = fields.Selection(
        [("tasks", "Tasks done"), ("hours", "Allocated hours of tasks done")],
        string="Progress From",
        default="tasks",
        required=True,
        help="Tasks done over all tasks, or the allocated hours of the tasks "
        "done over those of all tasks (tasks done over all tasks while no "
        "task has allocated hours). Cancelled tasks count in neither.",
    )
    risk_margin = fields.Float(
        string="Progress Margin",
        default=10.0,
        help="How many points progress may lag behind the time elapsed (both "
        "in percent) before the initiative is at risk.",
    )

    # Facts read from the project, in the initiative's company and currency
    task_count = fields.Integer(string="Tasks", readonly=True)
    task_done_count = fields.Integer(string="Tasks Done", readonly=True)
    hours_planned = fields.Float(readonly=True)
    hours_logged = fields.Float(readonly=True)
    milestone_line_ids = fields.One2many(
        "bsc.initiative.milestone", "initiative_id", string="Milestones", readonly=True
    )
    project_synced_at = fields.Datetime(string="Read From Project", readonly=True)

    # The status the facts give, why, and whether a user overrides it
    derived_state = fields.Selection(
        [
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("late", "Late"),
            ("done", "Done"),
        ],
        string="Status From Project",
        readonly=True,
    )
    state_reason = fields.Selection(
        [
            ("done", "All tasks done"),
            ("deadline", "Deadline passed"),
            ("milestone", "Milestone overdue"),
            ("progress", "Progress behind time"),
            ("cost", "Cost over budget share"),
            ("on_track", "On track"),
        ],
        readonly=True,
    )
    state_date = fields.Date(
        string="Status Derived On", readonly=True, help="The day the rules used."
    )
    time_elapsed = fields.Float(string="Time Elapsed (%)", readonly=True)
    state_explanation = fields.Char(string="Why", compute="_compute_state_explanation")
    state_manual = fields.Boolean(
        string="Status Set by Hand",
        tracking=True,
        copy=False,
        help="A user chose the status: reading the project no longer changes "
        "it, until the status is given back to the project.",
    )

    @api.depends(
        "project_id",
        "derived_state",
        "state_reason",
        "state_date",
        "time_elapsed",
        "progress",
        "budget_spent",
        "budget_planned",
        "risk_margin",
        "task_count",
        "milestone_line_ids",
    )
    def _compute_state_explanation(self):
        for initiative in self:
            initiative.state_explanation = initiative._bsc_state_sentence()

    def _bsc_state_sentence(self):
        """One sentence saying why the project gives ``derived_state``."""
        self.ensure_one()
        if not self.project_id or not self.state_reason:
            return False
        env = self.env

        def percent(value):
            return formatLang(env, value or 0.0, digits=0)

        def money(value):
            return format_amount(env, value, self.currency_id)

        reason = self.state_reason
        if reason == "done":
            return _(
                "All %(count)s tasks of project %(project)s are done.",
                count=self.task_count,
                project=self.project_id.sudo().display_name,
            )
        if reason == "deadline":
            return _(
                "The deadline %(date)s has passed and the project is %(progress)s %% "
                "done.",
                date=format_date(env, self.date_end),
                progress=percent(self.progress),
            )
        if reason == "milestone":
            overdue = self.milestone_line_ids.filtered(
                lambda m: (
                    not m.is_reached and m.deadline and m.deadline < self.state_date
                )
            )[:1]
            return _(
                "Milestone '%(milestone)s' was due on %(date)s and is not reached.",
                milestone=overdue.name,
                date=format_date(env, overdue.deadline),
            )
        if reason == "progress":
            return _(
                "%(elapsed)s %% of the time has elapsed but progress is "
                "%(progress)s %%, more than %(margin)s points behind.",
                elapsed=percent(self.time_elapsed),
                progress=percent(self.progress),
                margin=formatLang(env, self.risk_margin),
            )
        if reason == "cost":
            elapsed = self.time_elapsed if self.date_start and self.date_end else None
            return _(
                "The cost so far, %(spent)s, exceeds %(share)s, the share of the "
                "planned budget %(planned)s that the time elapsed allows.",
                spent=money(self.budget_spent),
                share=money(budget_share(self.budget_planned, elapsed)),
                planned=money(self.budget_planned),
            )
        if not (self.date_start and self.date_end):
            return _(
                "No milestone is overdue and the cost is within the budget; "
                "without both dates, progress (%(progress)s %%) is not compared "
                "with the time elapsed.",
                progress=percent(self.progress),
            )
        return _(
            "Progress (%(progress)s %%) keeps up with the time elapsed "
            "(%(elapsed)s %%), no milestone is overdue and the cost is within "
            "the budget.",
            progress=percent(self.progress),
            elapsed=percent(self.time_elapsed),
        )

    def _bsc_report_values(self):
        """An initiative run as a project also shows its milestones (reached
        or not, deadline, reached date), the hours planned and logged, and
        why its status is what it is."""
        result = super()._bsc_report_values()
        env = self.env
        Milestone = env["bsc.initiative.milestone"]
        statuses = dict(Milestone._fields["status"]._description_selection(env))
        tones = {
            "overdue": "danger",
            "on_time": "success",
            "reached_late": "warning",
            "planned": "muted",
        }

        def date_text(value):
            return format_date(env, value) if value else ""

        for initiative in self.filtered("project_id"):
            values = result[initiative.id]
            values["explanation"] = initiative.state_explanation or ""
            values["manual"] = initiative.state_manual
            values["facts"].append(
                {
                    "label": _("Hours logged / planned"),
                    "value": "%s / %s"
                    % (
                        formatLang(env, initiative.hours_logged, digits=1),
                        formatLang(env, initiative.hours_planned, digits=1),
                    ),
                }
            )
            values["details"].extend(
                {
                    "key": f"milestone-{line.id}",
                    "name": line.name,
                    "date": date_text(line.deadline),
                    "done": line.is_reached,
                    "done_date": date_text(line.reached_date)
                    if line.is_reached
                    else "",
                    "status": line.status,
                    "status_label": statuses[line.status],
                    "tone": tones[line.status],
                }
                for line in initiative.milestone_line_ids
            )
        return result

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        initiatives = super().create(vals_list)
        initiatives.filtered("project_id")._bsc_project_sync()
        return initiatives

    def write(self, vals):
        syncing = self.env.context.get("bsc_project_sync")
        if "state" in vals and "state_manual" not in vals and not syncing:
            # a user chose the status of a linked initiative: it stays so
            linked = self.filtered(lambda i: i.project_id and not i.state_manual)
            result = super().write(vals)
            linked.write({"state_manual": True})
        else:
            result = super().write(vals)
        if not syncing and SYNC_FIELDS & set(vals):
            self.filtered("project_id")._bsc_project_sync()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_create_project(self):
        """Create a project named after the initiative, with its dates,
        owner and company, and link it."""
        self.ensure_one()
        project = self.env["project.project"].create(
            {
                "name": self.name,
                "company_id": self.company_id.id,
                "user_id": self.user_id.id,
                "date_start": self.date_start,
                "date": self.date_end,
            }
        )
        self.project_id = project
        return True

    def action_bsc_project_sync(self):
        self._bsc_project_sync()
        return True

    def action_follow_project_state(self):
        """Give the status back to the project's facts."""
        self.write({"state_manual": False})
        self._bsc_project_sync()
        return True

    def action_open_project_tasks(self):
        self.ensure_one()
        return self.project_id.action_view_tasks()

    # ------------------------------------------------------------------
    # Reading the project
    # ------------------------------------------------------------------

    @api.model
    def _cron_bsc_project_sync(self):
        self.search([("project_id", "!=", False)])._bsc_project_sync()

    def _bsc_project_sync(self):
        """Read the linked projects' facts, in a fixed number of queries
        for all initiatives, and write progress, cost, hours, milestones and
        the derived status (also into ``state`` unless set by hand)."""
        initiatives = self.filtered("project_id").sudo()
        if not initiatives:
            return
        facts = initiatives._bsc_project_facts()
        now = fields.Datetime.now()
        for initiative in initiatives:
            project = initiative.project_id
            tasks = facts["tasks"][project.id]
            progress = _progress(tasks, initiative.progress_mode)
            cost = facts["cost"][initiative.id]
            milestones = facts["milestones"][project.id]
            today = datetime.now(
                pytz.timezone(initiative.scorecard_id.tz or "UTC")
            ).date()
            derived = derive_state(
                today,
                initiative.date_start,
                initiative.date_end,
                progress=progress,
                task_count=tasks["count"],
                milestones=[(m.deadline, m.is_reached) for m in milestones],
                budget_planned=initiative.budget_planned,
                budget_spent=cost,
                margin=initiative.risk_margin,
            )
            vals = {
                "progress": progress,
                "budget_spent": cost,
                "task_count": tasks["count"],
                "task_done_count": tasks["done"],
                "hours_planned": project.allocated_hours or tasks["hours"],
                "hours_logged": facts["hours"][project.id],
                "derived_state": derived.state,
                "state_reason": derived.reason,
                "state_date": today,
                "time_elapsed": derived.elapsed or 0.0,
                "project_synced_at": now,
                "milestone_line_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "milestone_id": m.id,
                            "name": m.name,
                            "deadline": m.deadline,
                            "is_reached": m.is_reached,
                            "reached_date": m.reached_date,
                        }
                    )
                    for m in milestones
                ],
            }
            if not initiative.state_manual and initiative.state != "cancelled":
                vals["state"] = derived.state
            initiative.with_context(bsc_project_sync=True).write(vals)

    def _bsc_project_facts(self):
        """What the projects of ``self`` (sudo) say, in five queries:

        - ``tasks``: ``{project id: {count, done, hours, hours_done}}`` of the
          tasks not cancelled;
        - ``hours``: ``{project id: hours logged on timesheets}``;
        - ``cost``: ``{initiative id: cost}``, the costs (negative amounts)
          of the lines of the project's analytic account, each converted at
          its date from its company's currency into the initiative's;
        - ``milestones``: ``{project id: milestone records}``.
        """
        projects = self.project_id
        tasks = defaultdict(
            lambda: {"count": 0, "done": 0, "hours": 0.0, "hours_done": 0.0}
        )
        groups = self.env["project.task"]._read_group(
            [("project_id", "in", projects.ids), ("state", "!=", "1_canceled")],
            ["project_id", "state"],
            ["__count", "allocated_hours:sum"],
        )
        for project, state, count, hours in groups:
            figures = tasks[project.id]
            figures["count"] += count
            figures["hours"] += hours
            if state == "1_done":
                figures["done"] += count
                figures["hours_done"] += hours

        Line = self.env["account.analytic.line"]
        hours = defaultdict(float)
        for project, unit_amount in Line._read_group(
            [("project_id", "in", projects.ids)], ["project_id"], ["unit_amount:sum"]
        ):
            hours[project.id] = unit_amount

        accounts = projects.account_id
        spent = defaultdict(list)
        if accounts:
            for account, company, day, amount in Line._read_group(
                [("account_id", "in", accounts.ids), ("amount", "<", 0)],
                ["account_id", "company_id", "date:day"],
                ["amount:sum"],
            ):
                spent[account.id].append((company.currency_id, day, -amount))
        cost = {}
        for initiative in self:
            target, company = initiative.currency_id, initiative.company_id
            cost[initiative.id] = target.round(
                sum(
                    (currency or target)._convert(
                        amount, target, company, day, round=False
                    )
                    for currency, day, amount in spent[
                        initiative.project_id.account_id.id
                    ]
                )
            )

        milestones = defaultdict(lambda: self.env["project.milestone"])
        for milestone in self.env["project.milestone"].search(
            [("project_id", "in", projects.ids)], order="deadline, id"
        ):
            milestones[milestone.project_id.id] |= milestone
        return {"tasks": tasks, "hours": hours, "cost": cost, "milestones": milestones}


def _progress(tasks, mode):
    """Progress in percent of one project's task figures."""
    if mode == "hours" and tasks["hours"]:
        return 100.0 * tasks["hours_done"] / tasks["hours"]
    if not tasks["count"]:
        return 0.0
    return 100.0 * tasks["done"] / tasks["count"]
