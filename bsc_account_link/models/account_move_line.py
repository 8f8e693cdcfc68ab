# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    bsc_credit_balance = fields.Monetary(
        string="Credit Balance",
        compute="_compute_bsc_credit_balance",
        currency_field="company_currency_id",
        aggregator="sum",
        help="Credit minus debit, in the company currency: the balance of an "
        "income, liability or equity account shown positive, as a KPI on "
        "those accounts counts it.",
    )

    @api.depends("balance")
    def _compute_bsc_credit_balance(self):
        for line in self:
            line.bsc_credit_balance = -line.balance

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # not stored, yet summed by pivots and grouped lists: the opposite
        # of the stored balance
        if fname == "bsc_credit_balance":
            return SQL("(-%s)", super()._field_to_sql(alias, "balance", query, flush))
        return super()._field_to_sql(alias, fname, query, flush)
