# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: Sales KPIs",
    "summary": "KPIs computed from confirmed sale orders: revenue, orders, "
    "average order value, new customers, conversion rate, quantity sold",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["bsc_core", "sale_management"],
    "data": [
        "security/ir.model.access.csv",
        "wizard/bsc_sale_kpi_wizard_views.xml",
        "views/bsc_kpi_views.xml",
        "views/bsc_objective_views.xml",
        "views/sale_report_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "bsc_sale_link/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/bsc_sale_history_demo.xml",
        "demo/bsc_sale_demo.xml",
        "demo/bsc_sale_snapshot_demo.xml",
    ],
}
