# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: Manufacturing KPIs",
    "summary": "KPIs computed from done manufacturing orders and work-centre "
    "time logs: orders on time, production lead time, throughput, losses",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["bsc_core", "mrp"],
    "data": [
        "security/ir.model.access.csv",
        "wizard/bsc_mrp_kpi_wizard_views.xml",
        "views/bsc_kpi_views.xml",
        "views/bsc_objective_views.xml",
        "views/stock_move_views.xml",
    ],
    "demo": [
        "demo/bsc_mrp_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "bsc_mrp_link/static/tests/tours/*.js",
        ],
    },
}
