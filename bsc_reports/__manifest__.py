# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard Reports",
    "summary": "The scorecard as an XLSX workbook and a PDF briefing book "
    "with its strategy map",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "depends": ["bsc_core", "report_xlsx", "mail"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "report/bsc_reports.xml",
        "report/bsc_briefing_templates.xml",
        "wizard/bsc_report_wizard_views.xml",
        "security/bsc_briefing_security.xml",
        "data/bsc_briefing_mail_data.xml",
        "data/bsc_briefing_delivery_data.xml",
        "views/bsc_briefing_delivery_views.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
    ],
}
