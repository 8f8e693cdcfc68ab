# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The project source family: KPIs computed from tasks, timesheets and
milestones."""

from datetime import timedelta

from odoo import _, fields
from odoo.tools import SQL

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, SourceFamily
from odoo.addons.bsc_core.query import Grouped, Shape

PROJECT_SOURCE_TYPES = [
    ("project_tasks_on_time", "Projects: tasks closed on time"),
    ("project_tasks_overdue", "Projects: overdue open tasks at period end"),
    ("project_hours", "Projects: hours logged"),
    ("project_milestones_on_time", "Projects: milestones reached on time"),
]
PROJECT_TYPES = tuple(key for key, __ in PROJECT_SOURCE_TYPES)

# Tasks done, placed in a period by the day they were closed
# (of a project: a private task is no project's)
DONE_TASKS = Shape(
    "project.task",
    "bsc_date_closed",
    (("state", "=", "1_done"), ("project_id", "!=", False)),
)
# Timesheets: the analytic lines of a project, by their date
TIMESHEETS = Shape("account.analytic.line", "date", (("project_id", "!=", False),))


def _reached_milestones(company):
    """Milestones reached, by the day they were; a milestone has no company
    of its own: its project's says whose it is."""
    return Shape(
        "project.milestone",
        "reached_date",
        (
            ("is_reached", "=", True),
            ("project_id.company_id", "in", [company.id, False]),
        ),
    )


def _before(first, second):
    """A condition ``first <= second`` on two fields of the rows."""

    def build(model, query):
        return SQL(
            "(%s <= %s)",
            model._field_to_sql(query.table, first, query),
            model._field_to_sql(query.table, second, query),
        )

    return (f"{first}<={second}", build)


TASK_ON_TIME = _before("bsc_date_closed", "date_deadline")
MILESTONE_ON_TIME = _before("reached_date", "deadline")


class ProjectFamily(SourceFamily):
    """Every project KPI of a scorecard and frequency is answered by at most
    one grouped-sets query per shape (tasks done, timesheets, milestones
    reached), the project being a dimension, and one read of the tasks open
    at some period end for the overdue tasks: a number of queries that
    grows neither with the KPIs nor with the periods."""

    source_types = PROJECT_TYPES
    parameters = (
        Parameter(
            "project_project_id",
            {"tasks": "project_id", "lines": "project_id", "milestones": "project_id"},
            company_field="company_id",
        ),
    )

    def counted(self):
        return _("projects")

    def compute(self, kpis, periods):
        result = {}
        expanded = self.expanded(kpis)
        groups = kpis.grouped(lambda kpi: (kpi.scorecard_id, kpi.frequency))
        for (scorecard, frequency), group in groups.items():
            wanted = periods.filtered(
                lambda p, s=scorecard, f=frequency: (
                    (p.scorecard_id, p.frequency) == (s, f)
                )
            )
            if not wanted:
                continue
            company, tz = scorecard.company_id, scorecard.tz
            by_type = group.grouped("source_type")
            for source_type, shape, spec in (
                ("project_tasks_on_time", DONE_TASKS, self._on_time_spec("tasks")),
                ("project_hours", TIMESHEETS, self._hours_spec),
                (
                    "project_milestones_on_time",
                    _reached_milestones(company),
                    self._on_time_spec("milestones"),
                ),
            ):
                typed = by_type.get(source_type)
                if not typed:
                    continue
                specs = [spec(kpi, expanded) for kpi in typed]
                rows = bsc_query.grouped_sets(
                    self.env, shape, wanted, company, tz, specs
                )
                for position, kpi in enumerate(typed):
                    for period in wanted:
                        value = (rows.get(period.id) or (None,) * len(typed))[position]
                        result[(kpi.id, period.id)] = (float(value or 0), False)
            overdue = by_type.get("project_tasks_overdue")
            if overdue:
                counts = self._overdue_counts(overdue, wanted, company, tz)
                for kpi in overdue:
                    for period in wanted:
                        result[(kpi.id, period.id)] = (
                            float(counts[(kpi.id, period.id)]),
                            False,
                        )
        return result

    def _on_time_spec(self, shape):
        condition = TASK_ON_TIME if shape == "tasks" else MILESTONE_ON_TIME

        def spec(kpi, expanded):
            return Grouped(
                "count",
                None,
                self.leaves(kpi, shape, expanded),
                conditions=((condition, (True,)),),
            )

        return spec

    def _hours_spec(self, kpi, expanded):
        return Grouped("sum", "unit_amount", self.leaves(kpi, "lines", expanded))

    # ------------------------------------------------------------------
    # Overdue open tasks: a state at each period end, not an event dated in
    # a period; one read of the tasks that may count at some period end
    # ------------------------------------------------------------------

    @staticmethod
    def _period_end(period, tz):
        """The UTC instant at which ``period`` ends (its next local midnight)."""
        return bsc_query.local_midnight_utc(period.date_end + timedelta(days=1), tz)

    def _open_tasks(self, company, first_end, last_end, domain=()):
        """Tasks with a deadline that may be open and overdue at an instant
        from ``first_end`` to ``last_end``."""
        Task = self.env["project.task"].sudo().with_company(company)
        return Task.search_fetch(
            list(domain)
            + bsc_query.company_domain(Task, company)
            + [
                ("project_id", "!=", False),
                ("date_deadline", "<", last_end),
                ("create_date", "<", last_end),
                "|",
                ("bsc_date_closed", "=", False),
                ("bsc_date_closed", ">=", first_end),
            ],
            ["project_id", "date_deadline", "create_date", "bsc_date_closed"],
        )

    @staticmethod
    def _overdue_at(task, end):
        """Whether ``task`` is open and past its deadline at the instant ``end``."""
        return (
            task.create_date < end
            and task.date_deadline < end
            and (not task.bsc_date_closed or task.bsc_date_closed >= end)
        )

    def _overdue_counts(self, kpis, periods, company, tz):
        ends = {period.id: self._period_end(period, tz) for period in periods}
        tasks = self._open_tasks(company, min(ends.values()), max(ends.values()))
        counts = {}
        for kpi in kpis:
            project = kpi.project_project_id
            mine = tasks.filtered(lambda t, p=project: not p or t.project_id == p)
            for period in periods:
                end = ends[period.id]
                counts[(kpi.id, period.id)] = sum(
                    1 for task in mine if self._overdue_at(task, end)
                )
        return counts

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------

    def drilldown(self, kpi, period):
        tz, company = kpi.scorecard_id.tz, kpi.company_id
        expanded = self.expanded(kpi)
        source_type = kpi.source_type
        if source_type == "project_hours":
            Line = self.env["account.analytic.line"]
            domain = (
                list(TIMESHEETS.domain)
                + self.domain(kpi, "lines", expanded)
                + bsc_query.period_domain(
                    Line, "date", period.date_start, period.date_end, tz
                )
                + bsc_query.company_domain(Line, company)
            )
            # the timesheets' list: the hours logged, their total at its foot
            # (the analytic lines' own list hides the quantity)
            view = self.env.ref(
                "hr_timesheet.hr_timesheet_line_tree", raise_if_not_found=False
            )
            return self.records_action(
                kpi,
                period,
                "account.analytic.line",
                domain,
                views=[(view.id if view else False, "list"), (False, "form")],
            )
        if source_type == "project_tasks_overdue":
            end = self._period_end(period, tz)
            tasks = self._open_tasks(
                company, end, end, self.domain(kpi, "tasks", expanded)
            ).filtered(lambda t: self._overdue_at(t, end))
            return self.records_action(
                kpi, period, "project.task", [("id", "in", tasks.ids)]
            )
        if source_type == "project_tasks_on_time":
            Task = self.env["project.task"].sudo()
            tasks = Task.search(
                list(DONE_TASKS.domain)
                + [("date_deadline", "!=", False)]
                + self.domain(kpi, "tasks", expanded)
                + bsc_query.period_domain(
                    Task, "bsc_date_closed", period.date_start, period.date_end, tz
                )
                + bsc_query.company_domain(Task, company)
            ).filtered(lambda t: t.bsc_date_closed <= t.date_deadline)
            return self.records_action(
                kpi, period, "project.task", [("id", "in", tasks.ids)]
            )
        Milestone = self.env["project.milestone"].sudo()
        milestones = Milestone.search(
            list(_reached_milestones(company).domain)
            + [("deadline", "!=", False)]
            + self.domain(kpi, "milestones", expanded)
            + [
                ("reached_date", ">=", fields.Date.to_string(period.date_start)),
                ("reached_date", "<=", fields.Date.to_string(period.date_end)),
            ]
        ).filtered(lambda m: m.reached_date <= m.deadline)
        return self.records_action(
            kpi, period, "project.milestone", [("id", "in", milestones.ids)]
        )
