# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..engine import workforce

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
HR_PARAMETER_FIELDS = (
    "hr_company_id",
    "hr_department_id",
    "hr_include_subdepartments",
    "hr_job_id",
)
# hr_appraisal_oca's state of a completed appraisal; its date_close is then
# the day it was completed.
APPRAISAL_DONE = "3_done"


class BscKpi(models.Model):
    """KPIs computed from employees and their appraisals.

    All HR KPIs of a source type are answered for all periods by one read of
    the employees of their companies (and one of the completed appraisals for
    the appraisal rate); the figures of every period then come from the
    workforce engine, so that the closing headcount of a period is always its
    opening headcount plus its hires minus its departures.
    """

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=HR_SOURCE_TYPES,
        ondelete=dict.fromkeys(HR_KINDS, "set default"),
    )
    is_hr_source = fields.Boolean(compute="_compute_is_hr_source")

    # Parameters of the HR sources, all optional and combinable
    hr_company_id = fields.Many2one(
        "res.company",
        string="Employees Of",
        domain="[('id', 'child_of', company_id)]",
        help="Whose employees count: the scorecard's company (when empty) or "
        "one of its branches.",
    )
    hr_department_id = fields.Many2one(
        "hr.department",
        string="Department",
        domain="[('company_id', 'in', [False, hr_company_id or company_id])]",
        help="Only employees of this department.",
    )
    hr_include_subdepartments = fields.Boolean(
        string="Include Sub-departments",
        default=True,
        help="Also count the employees of the department's sub-departments.",
    )
    hr_job_id = fields.Many2one(
        "hr.job",
        string="Job Position",
        domain="[('company_id', 'in', [False, hr_company_id or company_id])]",
        help="Only employees holding this job position.",
    )

    @api.depends("source_type")
    def _compute_is_hr_source(self):
        for kpi in self:
            kpi.is_hr_source = kpi.source_type in HR_KINDS

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("source_type", "objective_id", *HR_PARAMETER_FIELDS)
    def _check_hr_parameters(self):
        for kpi in self.sudo().filtered("is_hr_source"):
            company = kpi._bsc_hr_company()
            if kpi.hr_company_id and kpi.company_id not in company.parent_ids:
                raise ValidationError(
                    _(
                        "KPI '%(kpi)s': %(other)s is neither the scorecard's company "
                        "%(company)s nor one of its branches. Choose one of these, "
                        "or leave it empty to count the employees of %(company)s.",
                        kpi=kpi.name,
                        other=company.name,
                        company=kpi.company_id.name,
                    )
                )
            for record, label in (
                (kpi.hr_department_id, _("department")),
                (kpi.hr_job_id, _("job position")),
            ):
                if record.company_id and record.company_id != company:
                    raise ValidationError(
                        _(
                            "KPI '%(kpi)s': the %(label)s '%(record)s' belongs to "
                            "%(other)s, but the KPI counts the employees of "
                            "%(company)s. Choose one of %(company)s, or leave it "
                            "empty.",
                            kpi=kpi.name,
                            label=label,
                            record=record.display_name,
                            other=record.company_id.name,
                            company=company.name,
                        )
                    )

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------

    def _bsc_source_values_hr_headcount(self, periods):
        return self._bsc_hr_values(periods)

    def _bsc_source_values_hr_hires(self, periods):
        return self._bsc_hr_values(periods)

    def _bsc_source_values_hr_departures(self, periods):
        return self._bsc_hr_values(periods)

    def _bsc_source_values_hr_turnover(self, periods):
        return self._bsc_hr_values(periods)

    def _bsc_source_values_hr_tenure(self, periods):
        return self._bsc_hr_values(periods)

    def _bsc_source_values_hr_appraisal_rate(self, periods):
        return self._bsc_hr_values(periods)

    def _bsc_hr_values(self, periods):
        """Values of the HR KPIs in ``self`` for ``periods``.

        :return: ``{(kpi_id, period_id): (value or None, error or False)}``

        A fixed number of queries whatever the number of KPIs and periods:
        one for the employees, one for the departments (only with
        sub-departments) and one for the appraisals (only for the rate).
        """
        result = {}
        if not self or not periods:
            return result
        population = self._bsc_hr_population(
            min(periods.mapped("date_start")), max(periods.mapped("date_end"))
        )
        for kpi in self:
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

    def _bsc_hr_company(self):
        self.ensure_one()
        return self.hr_company_id or self.company_id

    def _bsc_hr_population(self, date_from, date_to):
        """Employees (and completed appraisals) that the KPIs of ``self`` may
        count between two days, read once.

        Active employees, and archived ones whose ``departure_date`` is on or
        after ``date_from``; archived employees without a departure date are
        left out, since nothing says when they left.
        """
        Source = self.env["bsc.source"]
        # HR figures are aggregates over the whole company, whoever computes
        # them: read as superuser, like the core's sources.
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        companies = self.sudo().mapped(lambda kpi: kpi._bsc_hr_company())
        company_domain = expression.OR(
            [Source._bsc_company_domain(Employee, company) for company in companies]
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
        parents = self.filtered("hr_include_subdepartments").hr_department_id
        if parents:
            departments = (
                self.env["hr.department"]
                .sudo()
                .with_context(active_test=False)
                .search_fetch([("id", "child_of", parents.ids)], ["parent_path"])
            )
            department_paths = {d.id: d.parent_path for d in departments}
        completed = {}
        if any(kpi.source_type == "hr_appraisal_rate" for kpi in self):
            completed = self._bsc_hr_completed_appraisals(companies, date_from, date_to)
        return _Population(employees, with_contracts, department_paths, completed)

    def _bsc_hr_completed_appraisals(self, companies, date_from, date_to):
        """``{employee_id: [completion dates]}`` of appraisals completed
        between two days, in one query."""
        Source = self.env["bsc.source"]
        Appraisal = self.env["hr.appraisal"].sudo()
        domain = expression.AND(
            [
                [("state", "=", APPRAISAL_DONE)],
                Source._bsc_period_domain(
                    Appraisal, "date_close", date_from, date_to, "UTC"
                ),
                expression.OR(
                    [Source._bsc_company_domain(Appraisal, c) for c in companies]
                ),
            ]
        )
        completed = defaultdict(list)
        for appraisal in Appraisal.search_fetch(domain, ["employee_id", "date_close"]):
            completed[appraisal.employee_id.id].append(appraisal.date_close)
        return dict(completed)

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------

    def _bsc_drilldown_hr_headcount(self, period):
        return self._bsc_hr_drilldown(period)

    def _bsc_drilldown_hr_hires(self, period):
        return self._bsc_hr_drilldown(period)

    def _bsc_drilldown_hr_departures(self, period):
        return self._bsc_hr_drilldown(period)

    def _bsc_drilldown_hr_turnover(self, period):
        return self._bsc_hr_drilldown(period)

    def _bsc_drilldown_hr_tenure(self, period):
        return self._bsc_hr_drilldown(period)

    def _bsc_drilldown_hr_appraisal_rate(self, period):
        return self._bsc_hr_drilldown(period)

    def _bsc_hr_drilldown(self, period):
        """The employees behind the value of ``period`` (the departures for a
        turnover, the appraisals for the appraisal rate)."""
        self.ensure_one()
        population = self._bsc_hr_population(period.date_start, period.date_end)
        figure = workforce.figure(
            HR_KINDS[self.source_type],
            population.employments(self),
            period.date_start,
            period.date_end,
            population.completed,
        )
        name = f"{self.name} · {period.name}"
        if self.source_type == "hr_appraisal_rate":
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

    def __init__(self, employees, with_contracts, department_paths, completed):
        self.employees = employees
        self.with_contracts = with_contracts
        self.department_paths = department_paths
        self.completed = completed
        self._by_tz = {}

    def employments(self, kpi):
        """The :class:`workforce.Employment` of the employees ``kpi`` counts."""
        company = kpi._bsc_hr_company()
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
