# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: Inventory KPIs",
    "summary": "KPIs computed from done transfers and scraps: on-time delivery, "
    "delivery and receipt lead time, receipts on time, backorder rate, scrap",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["bsc_core", "stock"],
    "data": [
        "security/ir.model.access.csv",
        "wizard/bsc_stock_kpi_wizard_views.xml",
        "views/bsc_kpi_views.xml",
        "views/bsc_objective_views.xml",
        "views/stock_move_views.xml",
    ],
    "demo": [
        "demo/bsc_stock_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "bsc_stock_link/static/tests/tours/*.js",
        ],
    },
}
