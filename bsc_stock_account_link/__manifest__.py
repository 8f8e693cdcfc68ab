# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: Inventory Valuation KPIs",
    "summary": "KPIs computed from the stock valuation history: inventory value "
    "at period end, inventory turnover, scrapped value",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["bsc_stock_link", "stock_account"],
    "data": [
        "views/stock_valuation_layer_views.xml",
    ],
    "demo": [
        "demo/bsc_stock_account_demo.xml",
    ],
}
