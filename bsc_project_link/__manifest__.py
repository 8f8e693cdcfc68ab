# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: Projects",
    "summary": "Initiatives run as Odoo projects: progress, milestones, actual "
    "cost and a status derived from facts; project KPIs",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["bsc_core", "project", "hr_timesheet"],
    "data": [
        "security/ir.model.access.csv",
        "security/bsc_project_security.xml",
        "data/bsc_project_cron.xml",
        "views/bsc_initiative_views.xml",
        "views/bsc_kpi_views.xml",
        "wizard/bsc_project_kpi_wizard_views.xml",
        "views/bsc_objective_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "bsc_project_link/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/bsc_project_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
}
