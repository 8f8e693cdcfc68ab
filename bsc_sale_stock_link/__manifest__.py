# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: Sales Delivery KPIs",
    "summary": "KPIs from sales and their deliveries: OTIF of sale lines, lead "
    "time from sale confirmation to delivery (average and 90th percentile)",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["bsc_stock_link", "bsc_sale_link", "sale_stock"],
    "data": [
        "views/bsc_kpi_views.xml",
    ],
    "demo": [
        "demo/bsc_sale_stock_demo.xml",
    ],
}
