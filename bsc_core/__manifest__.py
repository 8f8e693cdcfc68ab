# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard",
    "summary": "Strategy as perspectives, objectives, KPIs and initiatives, "
    "scored from your ERP data",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": ["mail"],
    "data": [
        "security/bsc_security.xml",
        "security/ir.model.access.csv",
        "data/bsc_perspective_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/bsc_scorecard_templates.xml",
        "views/bsc_perspective_views.xml",
        "views/bsc_period_views.xml",
        "views/bsc_source_views.xml",
        "views/bsc_scorecard_views.xml",
        "views/bsc_objective_views.xml",
        "views/bsc_kpi_views.xml",
        "views/bsc_measurement_views.xml",
        "views/bsc_initiative_views.xml",
        "views/bsc_menus.xml",
        "views/bsc_dashboard_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "bsc_core/static/src/scss/bsc_core.scss",
            "bsc_core/static/src/components/**/*",
        ],
        "web.assets_tests": [
            "bsc_core/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/bsc_demo_users.xml",
        "demo/res_partner_demo.xml",
        "demo/mail_message_demo.xml",
        "demo/bsc_scorecard_demo.xml",
        "demo/bsc_measurement_demo.xml",
    ],
}
