# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The billable share of the hours logged on projects: a source of the
project KPIs that needs Sales Timesheets (``sale_timesheet``)."""

from odoo import _

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, ShapedFamily
from odoo.addons.bsc_core.query import Grouped
from odoo.addons.bsc_project_link.family import TIMESHEETS

SALE_SOURCE_TYPES = [
    ("project_billable_share", "Projects: billable share of hours"),
]
SALE_TYPES = tuple(key for key, __ in SALE_SOURCE_TYPES)

# The values of ``account.analytic.line.timesheet_invoice_type`` (Sales
# Timesheets' "Billable Type") of hours a customer pays for: billed on
# timesheets, at a fixed price, on milestones or by hand; the four Odoo's
# project profitability counts as billed timesheets. Not "non_billable" (no
# sales order item) nor "timesheet_revenues", which count in the denominator
# (all hours of project timesheets, as the "hours logged" source) only; the
# other revenue and cost types are given to analytic lines of no project.
BILLABLE_TYPES = (
    "billable_time",
    "billable_fixed",
    "billable_milestones",
    "billable_manual",
)


class ProjectSaleFamily(ShapedFamily):
    """The billable share: billable hours over all hours logged on the
    timesheets of the period, in %, both sums of one grouped-sets query for
    every KPI and period (the project being a dimension, the billable type a
    condition folded into the sum). No hours logged: no value."""

    source_types = SALE_TYPES
    shapes = {"lines": TIMESHEETS}
    parameters = (
        Parameter(
            "project_project_id",
            {"lines": "project_id"},
            company_field="company_id",
        ),
    )

    def counted(self):
        return _("projects")

    def ratio_scale(self, kpi):
        return 100.0

    def parts(self, kpi, scorecard, company, expanded):
        dims = self.leaves(kpi, "lines", expanded)
        return [
            (
                "lines",
                Grouped(
                    "sum",
                    "unit_amount",
                    dims,
                    conditions=(("timesheet_invoice_type", BILLABLE_TYPES),),
                ),
            ),
            ("lines", Grouped("sum", "unit_amount", dims)),
        ]

    def drilldown(self, kpi, period):
        """The timesheet lines of the period, all of them (the denominator),
        grouped by billable type: the billable ones are the numerator."""
        Line = self.env["account.analytic.line"]
        domain = (
            list(TIMESHEETS.domain)
            + self.domain(kpi, "lines", self.expanded(kpi))
            + bsc_query.period_domain(
                Line, "date", period.date_start, period.date_end, kpi.scorecard_id.tz
            )
            + bsc_query.company_domain(Line, kpi.company_id)
        )
        view = self.env.ref(
            "hr_timesheet.hr_timesheet_line_tree", raise_if_not_found=False
        )
        return self.records_action(
            kpi,
            period,
            "account.analytic.line",
            domain,
            views=[(view.id if view else False, "list"), (False, "form")],
            context={"create": False, "group_by": ["timesheet_invoice_type"]},
        )
