# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

from ..family import AccountFamily


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
    bsc_counted_amount = fields.Float(
        string="Counted by the KPI",
        compute="_compute_bsc_counted_amount",
        aggregator="sum",
        help="In a KPI's drill-down: the amount of the item its value counts, "
        "in the scorecard company's currency and with the KPI's sign: the "
        "item's analytic share of it, converted at the rate the KPI uses for "
        "its company (the period's last day for balances, the mean of its "
        "days otherwise). Their sum is the KPI's value.",
    )

    @api.depends("balance")
    def _compute_bsc_credit_balance(self):
        for line in self:
            line.bsc_credit_balance = -line.balance

    @api.depends_context(
        "bsc_counted_kpi_id", "bsc_counted_date_start", "bsc_counted_date_end"
    )
    @api.depends("balance", "debit", "credit", "analytic_distribution", "company_id")
    def _compute_bsc_counted_amount(self):
        # the SQL of _field_to_sql, line by line: one rule for lines and sums
        lines = self.filtered("id")
        counted = {
            line.id: amount
            for line, amount in lines._read_group(
                [("id", "in", lines.ids)], ["id"], ["bsc_counted_amount:sum"]
            )
        }
        for line in self:
            line.bsc_counted_amount = counted.get(line.id) or 0.0

    def _bsc_counted_amount_sql(self, alias, query):
        """The counted amount's SQL for the KPI and span (first and last
        day) of the context, 0 without them (outside a drill-down)."""
        context = self.env.context
        kpi = self.env["bsc.kpi"].browse(context.get("bsc_counted_kpi_id")).exists()
        date_start = fields.Date.to_date(context.get("bsc_counted_date_start"))
        date_end = fields.Date.to_date(context.get("bsc_counted_date_end"))
        if not (kpi and date_start and date_end):
            return SQL("0.0")
        family = AccountFamily(self.env)
        return family.counted_amount_sql(self, alias, query, kpi, date_start, date_end)

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # not stored, yet summed by pivots and grouped lists: the opposite
        # of the stored balance
        if fname == "bsc_credit_balance":
            return SQL("(-%s)", super()._field_to_sql(alias, "balance", query, flush))
        if fname == "bsc_counted_amount":
            return self._bsc_counted_amount_sql(alias, query)
        return super()._field_to_sql(alias, fname, query, flush)
