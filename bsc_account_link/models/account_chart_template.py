# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import datetime, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, models

# The demo story, month by month from 14 months ago: revenue grows 3% a
# month from 20,000, cost of revenue is 55% of it, rent and salaries are
# fixed; customers pay 25 to 45 days after the invoice date, one invoice in
# five 80 days after it. Every date is relative to today in Brussels.
# The books may already hold other income in these months: Odoo's own demo
# posts invoices and credit notes of about 31,750 each in the current and the
# previous month, the credit notes without their invoice (which would take
# the previous month's revenue to about zero, its gross margin to -13,000 %
# and its DSO to 12,000 days). The story re-bills a customer whose credit
# notes of a month exceed its invoices (credit and re-bill), and counts the
# other income in the month's cost of revenue.
DEMO_MONTHS = 15
INVOICE_DAYS = (1, 9, 16, 23)
INVOICE_AMOUNTS = (4200.0, 6100.0, 3900.0, 5800.0)
PAYMENT_DELAYS = (25, 45, 30, 35)
DEMO_CUSTOMERS = tuple(f"base.res_partner_{number}" for number in (1, 2, 3, 4, 10, 12))
DEMO_SUPPLIER = "base.res_partner_18"


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @api.model
    def _bsc_account_demo(self, company_id):
        """Posted invoices, bills and payments of the last 15 months for the
        demo scorecard's Financial perspective, generated relative to today
        (the books of the company ``company_id``, given Odoo's generic chart
        of accounts when it has none yet: Odoo installs the chart only once
        every module is loaded)."""
        company = self.env["res.company"].browse(company_id)
        if not company.chart_template:
            self.try_loading("generic_coa", company, install_demo=False)
        self = self.with_company(company).with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        today = datetime.now(pytz.timezone("Europe/Brussels")).date()
        first = today.replace(day=1) - relativedelta(months=DEMO_MONTHS - 1)
        Move = self.env["account.move"]
        customers = [self.env.ref(xmlid) for xmlid in DEMO_CUSTOMERS]
        supplier = self.env.ref(DEMO_SUPPLIER)
        bank = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        misc = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        account = self.ref
        # {(month start, partner): income of the month already in the books}
        other_income = defaultdict(float)
        for month, partner, balance in self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "income"),
                ("date", ">=", first),
                ("date", "<=", today),
            ],
            ["date:month", "partner_id"],
            ["balance:sum"],
        ):
            other_income[(month, partner)] -= balance

        def invoice(move_type, partner, day, due, lines):
            return {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": name,
                            "account_id": account(account_xmlid).id,
                            "quantity": 1,
                            "price_unit": round(amount, 2),
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for name, account_xmlid, amount in lines
                ],
            }

        self._bsc_account_demo_match(company)
        opening = Move.create(
            {
                "move_type": "entry",
                "journal_id": misc.id,
                "date": first - timedelta(days=1),
                "ref": "Capital paid in",
                "line_ids": [
                    Command.create(
                        {"account_id": bank.default_account_id.id, "debit": 40000.0}
                    ),
                    Command.create(
                        {"account_id": account("capital").id, "credit": 40000.0}
                    ),
                ],
            }
        )
        vals_list, payments = [], []
        for month in range(DEMO_MONTHS):
            start = first + relativedelta(months=month)
            growth = 1.03**month
            revenue = 0.0
            for position, day in enumerate(INVOICE_DAYS):
                date = start.replace(day=day)
                if date > today:
                    break
                amount = INVOICE_AMOUNTS[position] * growth
                revenue += amount
                customer = customers[(month + position) % len(customers)]
                vals_list.append(
                    invoice(
                        "out_invoice", customer, date, date + timedelta(days=30),
                        [("Furniture and services", "income", amount)],
                    )
                )  # fmt: skip
                late = (month * len(INVOICE_DAYS) + position) % 5 == 4
                paid = date + timedelta(days=80 if late else PAYMENT_DELAYS[position])
                payments.append(None if paid > today else paid)
            for (month_start, partner), amount in other_income.items():
                if month_start != start:
                    continue
                if amount < -0.005:
                    # re-billed at the month's end (today in the current one)
                    date = min(start + relativedelta(day=31), today)
                    vals_list.append(
                        invoice("out_invoice", partner or customers[0], date,
                                date + timedelta(days=30),
                                [("Re-billed after a credit note", "income", -amount)])
                    )  # fmt: skip
                    paid = date + timedelta(days=30)
                    payments.append(paid if paid <= today else None)
                else:
                    revenue += amount
            for day, lines in (
                (1, [("Rent", "expense_rent", 2500.0)]),
                # the month's materials, billed on the 26th (today before it)
                (26, [("Materials", "cost_of_goods_sold", 0.55 * revenue),
                      ("Services", "expense", 1800.0 * growth)]),
            ):  # fmt: skip
                date = min(start.replace(day=day), today)
                if not all(amount for __, __, amount in lines):
                    continue
                vals_list.append(
                    invoice("in_invoice", supplier, date, date + timedelta(days=30),
                            lines)
                )  # fmt: skip
                paid = date + timedelta(days=30)
                payments.append(paid if paid <= today else None)
        moves = Move.create(vals_list)
        (opening | moves).action_post()
        # Payments booked on the bank account itself (Odoo books them on the
        # outstanding receipts and payments accounts until a bank statement
        # matches them: the story's cash would never move)
        method_lines = {
            payment_type: self.env["account.payment.method.line"].create(
                {
                    "name": "Bank transfer (demo books)",
                    "journal_id": bank.id,
                    "payment_method_id": self.env.ref(method).id,
                    "payment_account_id": bank.default_account_id.id,
                    "sequence": 100,
                }
            )
            for payment_type, method in (
                ("inbound", "account.account_payment_method_manual_in"),
                ("outbound", "account.account_payment_method_manual_out"),
            )
        }
        for move, day in zip(moves, payments, strict=True):
            if day:
                payment_type = "inbound" if move.is_inbound() else "outbound"
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=move.ids
                ).create(
                    {
                        "payment_date": day,
                        "journal_id": bank.id,
                        "payment_method_line_id": method_lines[payment_type].id,
                    }
                )._create_payments()
        return moves

    @api.model
    def _bsc_account_demo_match(self, company):
        """Reconcile the credit notes and payments Odoo's own demo leaves
        open with its invoices and bills of the same partner (its
        ``demo_move_auto_reconcile_*`` moves, made to be matched): left
        unmatched, they lower the receivables but not the overdue ones,
        which showed twice the receivables. A credit first goes with an
        open item of the same amount, the rest of a partner's together."""
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                (
                    "account_id.account_type",
                    "in",
                    ("asset_receivable", "liability_payable"),
                ),
                ("reconciled", "=", False),
                ("amount_residual", "!=", 0),
            ],
            order="date, id",
        )
        for __, group in lines.grouped(
            lambda line: (line.account_id, line.partner_id)
        ).items():
            debits = group.filtered(lambda line: line.amount_residual > 0)
            credits = group - debits
            for credit in credits:
                same = debits.filtered(
                    lambda line, c=credit: line.company_currency_id.is_zero(
                        line.amount_residual + c.amount_residual
                    )
                )[:1]
                if same:
                    (credit | same).reconcile()
                    debits -= same
                    credits -= credit
            if debits and credits:
                (debits | credits).reconcile()
