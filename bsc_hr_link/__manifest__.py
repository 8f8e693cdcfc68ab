# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: HR KPIs, Goals and Appraisals",
    "summary": "HR KPIs (headcount, hires, departures, turnover, tenure, "
    "appraisals), objectives cascaded to employees as goals, appraisals "
    "scored against them",
    "version": "18.0.1.0.1",
    "category": "Human Resources/Appraisals",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["bsc_core", "hr", "hr_appraisal_oca"],
    "data": [
        "security/bsc_hr_security.xml",
        "security/ir.model.access.csv",
        "views/bsc_goal_views.xml",
        "views/bsc_appraisal_goal_line_views.xml",
        "wizard/bsc_cascade_wizard_views.xml",
        "views/bsc_objective_views.xml",
        "views/bsc_kpi_views.xml",
        "views/hr_appraisal_views.xml",
        "views/hr_employee_views.xml",
        "views/bsc_hr_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "bsc_hr_link/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/bsc_goal_demo.xml",
        "demo/res_users_demo.xml",
    ],
}
