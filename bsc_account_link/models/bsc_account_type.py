# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BscAccountType(models.Model):
    """One value of Odoo's account type (``account.account.account_type``)
    as a record, so that a KPI can select several types (shipped as data,
    one record per type)."""

    _name = "bsc.account.type"
    _description = "Account Type (Scorecard)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        selection=lambda self: (
            self.env["account.account"]._fields["account_type"].selection
        ),
        required=True,
    )
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "An account type is listed once."),
    ]
