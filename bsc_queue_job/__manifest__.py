# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Balanced Scorecard: Daily Recompute as Queue Jobs",
    "summary": "The daily recompute of the scorecards split into one OCA "
    "queue_job job per scorecard",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/bsc-odoo/balanced-scorecard",
    "author": "BSC developers",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["bsc_core", "queue_job"],
}
