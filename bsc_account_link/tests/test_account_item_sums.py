# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from ..models.account_move_line import uninstall_hook
from .common import BscAccountCase

SUM_TABLE = "bsc_account_item_sum"


class RollbackError(Exception):
    """Raised to roll a savepoint back."""


@tagged("post_install", "-at_install")
class TestAccountItemSums(BscAccountCase):
    """The summary of posted journal items (``bsc_account_item_sum``) that
    triggers keep exact, and the KPIs reading it."""

    def companies(self):
        return (self.company | self.company_b).ids

    def summary_totals(self):
        """``{(company id, account id): (debit, credit, balance)}`` of the
        summary's rows, the non-zero ones."""
        self.env.flush_all()
        self.env.cr.execute(
            f"""SELECT company_id, account_id, SUM(debit), SUM(credit),
                       SUM(balance)
                  FROM {SUM_TABLE} WHERE company_id = ANY(%s)
                 GROUP BY 1, 2
                HAVING SUM(debit) != 0 OR SUM(credit) != 0 OR SUM(balance) != 0""",
            [self.companies()],
        )
        return {
            (company, account): tuple(round(float(x), 2) for x in amounts)
            for company, account, *amounts in self.env.cr.fetchall()
        }

    def item_totals(self):
        """The same sums of the posted journal items, through the ORM."""
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("parent_state", "=", "posted"),
                    ("company_id", "in", self.companies()),
                ],
                ["company_id", "account_id"],
                ["debit:sum", "credit:sum", "balance:sum"],
            )
        )
        return {
            (company.id, account.id): tuple(round(x, 2) for x in amounts)
            for company, account, *amounts in groups
            if any(round(x, 2) for x in amounts)
        }

    def row_count(self):
        self.env.flush_all()
        self.env.cr.execute(f"SELECT count(*) FROM {SUM_TABLE}")
        return self.env.cr.fetchone()[0]

    def assert_exact(self):
        Line = self.env["account.move.line"]
        self.assertEqual(Line._bsc_item_sums_check(), [])
        self.assertEqual(self.summary_totals(), self.item_totals())

    def income_total(self):
        return self.summary_totals().get(
            (self.company.id, self.accounts["income"].id), (0, 0, 0)
        )

    def test_summary_follows_posting_draft_redating_and_cancel(self):
        self.assert_exact()
        before = self.income_total()
        invoice = self.make_invoice(
            self.company, "out_invoice", self.be1, date(2025, 5, 10),
            date(2025, 6, 10), [(self.accounts["income"], 400, None),
                                (self.accounts["other_income"], 50, None)],
        )  # fmt: skip
        self.assertEqual(self.income_total()[1], before[1] + 400)
        self.assert_exact()
        invoice.button_draft()
        self.assertEqual(self.income_total(), before)
        self.assert_exact()
        # a draft line deleted, the entry posted again at another date
        other = invoice.invoice_line_ids.filtered(
            lambda line: line.account_id == self.accounts["other_income"]
        )
        invoice.write(
            {
                "invoice_line_ids": [Command.delete(other.id)],
                "invoice_date": date(2025, 6, 3),
                "date": date(2025, 6, 3),
            }
        )
        invoice.action_post()
        self.assert_exact()
        self.env.cr.execute(
            f"""SELECT date, SUM(credit) FROM {SUM_TABLE}
                 WHERE account_id = %s AND date IN ('2025-05-10', '2025-06-03')
                 GROUP BY date HAVING SUM(credit) != 0""",
            [self.accounts["income"].id],
        )
        self.assertEqual(self.env.cr.fetchall(), [(date(2025, 6, 3), 400)])
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(self.income_total(), before)
        self.assert_exact()

    def test_reconciliation_adds_no_row(self):
        invoice = self.make_invoice(
            self.company, "out_invoice", self.fr, date(2025, 5, 10),
            date(2025, 6, 10), [(self.accounts["income"], 300, None)],
        )  # fmt: skip
        payment = self.make_entry(
            self.company, date(2025, 5, 20),
            [(self.accounts["bank"], 300, None),
             (self.accounts["receivable"], -300, self.fr)],
        )  # fmt: skip
        rows = self.row_count()
        receivables = (invoice.line_ids | payment.line_ids).filtered(
            lambda line: line.account_id == self.accounts["receivable"]
        )
        receivables.reconcile()
        self.env.flush_all()
        self.assertTrue(all(receivables.mapped("reconciled")))
        self.assertEqual(receivables.mapped("amount_residual"), [0, 0])
        self.assertEqual(self.row_count(), rows)
        self.assert_exact()

    def test_raw_sql_and_rolled_back_savepoint(self):
        line = self.moves["m1"].line_ids.filtered(
            lambda line: line.account_id == self.accounts["income"]
        )
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE account_move_line
                  SET credit = credit + 11, balance = balance - 11 WHERE id = %s""",
            [line.id],
        )
        self.assert_exact()
        self.env.cr.execute("DELETE FROM account_move_line WHERE id = %s", [line.id])
        self.env.invalidate_all()
        self.assert_exact()
        rows, totals = self.row_count(), self.summary_totals()
        with self.assertRaises(RollbackError), self.env.cr.savepoint():
            self.make_invoice(
                self.company, "out_invoice", self.be1, date(2025, 5, 10),
                date(2025, 6, 10), [(self.accounts["income"], 400, None)],
            )  # fmt: skip
            self.assertGreater(self.row_count(), rows)
            raise RollbackError()
        self.env.invalidate_all()
        self.assertEqual((self.row_count(), self.summary_totals()), (rows, totals))
        self.assert_exact()

    def spoil(self, account, amount):
        """A row in the summary that no journal item backs: ``amount`` more
        balance on ``account`` of company A on 10 January 2025."""
        journal = self.moves["m1"].journal_id
        self.env.flush_all()
        self.env.cr.execute(
            f"""INSERT INTO {SUM_TABLE}
                (company_id, account_id, journal_id, date, debit, credit, balance)
                VALUES (%s, %s, %s, '2025-01-10', %s, %s, %s)""",
            [self.company.id, account.id, journal.id, max(amount, 0),
             max(-amount, 0), amount],
        )  # fmt: skip

    def test_kpis_read_the_summary_unless_narrowed_by_partner_or_analytic(self):
        """Spoiling the summary changes the KPIs that read it, not those
        narrowed by a partner or an analytic account (read from the items
        in the same computation, not counted twice); a rebuild restores it."""
        a = self.accounts
        kpis = (
            self.make_kpi("REVENUE", "account_movement", types=["income"])
            | self.make_kpi("AR", "account_balance", types=["asset_receivable"])
            | self.make_kpi("BE1", "account_balance", types=["asset_receivable"],
                            account_partner_id=self.be1.id)
            | self.make_kpi("SHOP", "account_movement", types=["expense"],
                            account_analytic_id=self.shop.id)
            | self.make_kpi("OPEX", "account_movement", types=["expense"])
        )  # fmt: skip
        exact = {
            "REVENUE": [1200, -100, 0, 0],
            "AR": [1200, 200, 200, 200],
            "BE1": [1000, 0, 0, 0],
            "SHOP": [0, 0, 600, 0],
            "OPEX": [0, 200, 1000, 0],
        }
        self.assertEqual(self.values(kpis), exact)
        self.spoil(a["income"], -50)
        self.spoil(a["receivable"], 70)
        self.spoil(a["expense"], 1000)
        self.assertEqual(len(self.env["account.move.line"]._bsc_item_sums_check()), 3)
        self.assertEqual(
            self.values(kpis),
            {
                **exact,
                "REVENUE": [1250, -100, 0, 0],
                "AR": [1270, 270, 270, 270],
                "OPEX": [1000, 200, 1000, 0],
            },
        )
        self.env["account.move.line"]._bsc_item_sums_rebuild()
        self.assert_exact()
        self.assertEqual(self.values(kpis), exact)

    def test_compaction_folds_rows_and_keeps_sums(self):
        invoice = self.make_invoice(
            self.company, "out_invoice", self.be1, date(2025, 5, 10),
            date(2025, 6, 10), [(self.accounts["income"], 400, None)],
        )  # fmt: skip
        for __ in range(2):
            invoice.button_draft()
            invoice.action_post()
        self.env.flush_all()
        keys = "company_id, account_id, journal_id, date"
        query = f"""SELECT {keys}, SUM(debit), SUM(credit), SUM(balance)
                      FROM {SUM_TABLE} GROUP BY {keys}
                    HAVING SUM(debit) != 0 OR SUM(credit) != 0 OR SUM(balance) != 0
                     ORDER BY {keys}"""
        self.env.cr.execute(query)
        sums = self.env.cr.fetchall()
        rows = self.row_count()
        self.env["account.move.line"]._bsc_item_sums_compact()
        self.env.cr.execute(query)
        self.assertEqual(self.env.cr.fetchall(), sums)
        self.assertEqual(self.row_count(), len(sums))
        self.assertLess(self.row_count(), rows)
        self.assert_exact()

    def trigger_objects(self):
        self.env.cr.execute(
            """SELECT (SELECT count(*) FROM pg_trigger
                        WHERE tgname LIKE 'bsc_account_item_sum%%'),
                      (SELECT count(*) FROM pg_proc
                        WHERE proname LIKE 'bsc_account_item_sum%%'),
                      to_regclass(%s) IS NOT NULL""",
            [SUM_TABLE],
        )
        return self.env.cr.fetchone()

    def test_uninstall_drops_all_and_setup_fills_again(self):
        """The uninstall hook leaves no trigger, function or table; the
        setup an upgrade runs (``init``) makes them again and fills the
        table from the posted items."""
        self.assertEqual(self.trigger_objects(), (4, 4, True))
        totals = self.summary_totals()
        uninstall_hook(self.env)
        self.assertEqual(self.trigger_objects(), (0, 0, False))
        self.env["account.move.line"]._bsc_item_sums_setup()
        self.assertEqual(self.trigger_objects(), (4, 4, True))
        self.assertEqual(self.summary_totals(), totals)
        self.assert_exact()
