# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The HR source family: KPIs computed from employees and appraisals."""

from collections import defaultdict

import pytz

from odoo import _
from odoo.osv import expression

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, SourceFamily

from .engine import workforce

HR_SOURCE_TYPES = [
    ("hr_headcount", "HR: headcount at period end"),
    ("hr_hires", "HR: hires in the period"),
    ("hr_departures", "HR: departures in the period"),
    ("hr_turnover", "HR: turnover rate (%)"),
    ("hr_tenure", "HR: average tenure (years)"),
    ("hr_appraisal_rate", "HR: employees appraised in the period (%)"),
]
# Source type -> figure of the workforce engine
HR_KINDS = {
    "hr_headcount": workforce.HEADCOUNT,
    "hr_hires": workforce.HIRES,
    "hr_departures": workforce.DEPARTURES,
    "hr_turnover": workforce.TURNOVER,
    "hr_tenure": workforce.TENURE,
    "hr_appraisal_rate": workforce.APPRAISAL_RATE,
}
# hr_appraisal_oca's state of a completed appraisal; its date_close is then
# the day it was completed.
APPRAISAL_DONE = "3_done"


class HrFamily(SourceFamily):
    """All HR KPIs are answered for all periods by one read of the employees
    of their companies (and one of the completed appraisals for the
    appraisal rate); the figures of every period then come from the
    workforce engine, so that the closing headcount of a period is always
    its opening headcount plus its hires minus its departures.

    The parameters select employees in Python (``_Population``), not in SQL:
    they declare no query paths, only which company their records belong to.
    """

    source_types = tuple(HR_KINDS)
    company_field = "hr_company_id"
    # The figures use the parameters' ids only: checking them at each
    # recompute would read departments and jobs, a query for each.
    check_on_compute = False
    parameters = (
        Parameter("hr_department_id", {}, company_field="company_id"),
        Parameter("hr_job_id", {}, company_field="company_id"),
    )

    def counted(self):
        return _("employees")

    def parameter_fields(self):
        return super().parameter_fields() + ["hr_include_subdepartments"]

    def compute(self, kpis, periods):
        """Values of the HR ``kpis`` for ``periods``.

        :return: ``{(kpi_id, period_id): (value or None, error or False)}``

        A fixed number of queries whatever the number of KPIs and periods:
        one for the employees, one for the departments (only with
        sub-departments) and one for the appraisals (only for the rate).
        """
        result = {}
        if not kpis or not periods:
            return result
        population = self.population(
            kpis, min(periods.mapped("date_start")), max(periods.mapped("date_end"))
        )
        for kpi in kpis:
            kind = HR_KINDS[kpi.source_type]
            employments = population.employments(kpi)
            for period in periods.filtered(lambda p, k=kpi: p.frequency == k.frequency):
                figure = workforce.figure(
                    kind,
                    employments,
                    period.date_start,
                    period.date_end,
                    population.completed,
                )
                result[(kpi.id, period.id)] = (figure.value, figure.error)
        return result

    def population(self, kpis, date_from, date_to):
        """Employees (and completed appraisals) that ``kpis`` may
        count between two days, read once.

        Active employees, and archived ones whose ``departure_date`` is on or
        after ``date_from``; archived employees without a departure date are
        left out, since nothing says when they left.
        """
        # HR figures are aggregates over the whole company, whoever computes
        # them: read as superuser, like the core's sources.
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        companies = kpis.sudo().mapped(self.company)
        company_domain = expression.OR(
            [bsc_query.company_domain(Employee, company) for company in companies]
        )
        contract_field = Employee._fields.get("first_contract_date")
        fnames = ["company_id", "department_id", "job_id", "create_date"]
        fnames += ["departure_date", "active"]
        # With hr_contract, the first contract's start is the hire date.
        with_contracts = bool(contract_field and contract_field.store)
        if with_contracts:
            fnames.append("first_contract_date")
        employees = Employee.search_fetch(
            expression.AND(
                [
                    company_domain,
                    ["|", ("active", "=", True), ("departure_date", ">=", date_from)],
                ]
            ),
            fnames,
            order="id",
        )
        department_paths = {}
        parents = kpis.filtered("hr_include_subdepartments").hr_department_id
        if parents:
            departments = (
                self.env["hr.department"]
                .sudo()
                .with_context(active_test=False)
                .search_fetch([("id", "child_of", parents.ids)], ["parent_path"])
            )
            department_paths = {d.id: d.parent_path for d in departments}
        completed = {}
        if any(kpi.source_type == "hr_appraisal_rate" for kpi in kpis):
            completed = self.completed_appraisals(companies, date_from, date_to)
        return _Population(self, employees, with_contracts, department_paths, completed)

    def completed_appraisals(self, companies, date_from, date_to):
        """``{employee_id: [completion dates]}`` of appraisals completed
        between two days, in one query."""
        Appraisal = self.env["hr.appraisal"].sudo()
        domain = expression.AND(
            [
                [("state", "=", APPRAISAL_DONE)],
                bsc_query.period_domain(
                    Appraisal, "date_close", date_from, date_to, "UTC"
                ),
                expression.OR(
                    [bsc_query.company_domain(Appraisal, c) for c in companies]
                ),
            ]
        )
        completed = defaultdict(list)
        for appraisal in Appraisal.search_fetch(domain, ["employee_id", "date_close"]):
            completed[appraisal.employee_id.id].append(appraisal.date_close)
        return dict(completed)

    def drilldown(self, kpi, period):
        """The employees behind the value of ``period`` (the departures for a
        turnover, the appraisals for the appraisal rate)."""
        population = self.population(kpi, period.date_start, period.date_end)
        figure = workforce.figure(
            HR_KINDS[kpi.source_type],
            population.employments(kpi),
            period.date_start,
            period.date_end,
            population.completed,
        )
        name = f"{kpi.name} · {period.name}"
        if kpi.source_type == "hr_appraisal_rate":
            return {
                "type": "ir.actions.act_window",
                "name": name,
                "res_model": "hr.appraisal",
                "views": [(False, "list"), (False, "form")],
                "domain": [
                    ("employee_id", "in", list(figure.employee_ids)),
                    ("state", "=", APPRAISAL_DONE),
                    ("date_close", ">=", period.date_start),
                    ("date_close", "<=", period.date_end),
                ],
                "context": {"create": False},
            }
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "hr.employee",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", list(figure.employee_ids))],
            "context": {"create": False, "active_test": False},
        }


class _Population:
    """Employees read once, filtered per KPI into workforce employments."""

    def __init__(self, family, employees, with_contracts, department_paths, completed):
        self.family = family
        self.employees = employees
        self.with_contracts = with_contracts
        self.department_paths = department_paths
        self.completed = completed
        self._by_tz = {}

    def employments(self, kpi):
        """The :class:`workforce.Employment` of the employees ``kpi`` counts."""
        company = self.family.company(kpi)
        departments = None
        if kpi.hr_department_id:
            departments = {kpi.hr_department_id.id}
            prefix = self.department_paths.get(kpi.hr_department_id.id)
            if kpi.hr_include_subdepartments and prefix:
                departments = {
                    dept_id
                    for dept_id, path in self.department_paths.items()
                    if path.startswith(prefix)
                }
        job_id = kpi.hr_job_id.id
        return [
            employment
            for employee, employment in self._rows(kpi.scorecard_id.tz)
            if employee.company_id.id == company.id
            and (departments is None or employee.department_id.id in departments)
            and (not job_id or employee.job_id.id == job_id)
        ]

    def _rows(self, tz_name):
        """(employee, employment) pairs, hire dates read in ``tz_name``."""
        if tz_name not in self._by_tz:
            tz = pytz.timezone(tz_name or "UTC")
            rows = []
            for employee in self.employees:
                hire = self.with_contracts and employee.first_contract_date
                if not hire:
                    hire = pytz.utc.localize(employee.create_date).astimezone(tz).date()
                departure = None if employee.active else employee.departure_date
                rows.append(
                    (employee, workforce.Employment(employee.id, hire, departure))
                )
            self._by_tz[tz_name] = rows
        return self._by_tz[tz_name]
