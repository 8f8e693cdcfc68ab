# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: Financial KPIs",
    "summary": "KPIs computed from posted journal items: revenue, margins, "
    "operating result, net profit, cash, receivables, payables, DSO, DPO, "
    "current ratio",
    "version": "18.0.1.1.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": ["bsc_core", "account"],
    "data": [
        "security/ir.model.access.csv",
        "data/bsc_account_type_data.xml",
        "wizard/bsc_account_kpi_wizard_views.xml",
        "views/bsc_kpi_views.xml",
        "views/bsc_objective_views.xml",
        "views/account_move_line_views.xml",
    ],
    "demo": [
        "demo/bsc_account_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "bsc_account_link/static/tests/tours/*.js",
        ],
    },
}
