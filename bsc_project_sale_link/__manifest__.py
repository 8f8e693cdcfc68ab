# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: Projects and Sales Timesheets",
    "summary": "Billable share of the hours logged on projects, as Sales "
    "Timesheets bills them",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["bsc_project_link", "sale_timesheet"],
    "data": [
        "views/bsc_kpi_views.xml",
    ],
}
