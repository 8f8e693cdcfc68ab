# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.bsc_core.tests.common import drilldown_total

from .common import BscAccountCase, overdue_oracle


@tagged("post_install", "-at_install")
class TestAccountOverdue(BscAccountCase):
    """Overdue receivables and payables as an accountant reads them: the
    open amount at the period's end of the items due before its last day.

    On top of BscAccountCase's entries, for the customer "Overdue Client"
    of company A (EUR, no taxes):

    ===  ==========================================  ======  =========
    mv   what                                        date    due
    ===  ==========================================  ======  =========
    i1   invoice 1000, never paid                    5 Jan   20 Jan
    i2   invoice 600, 200 paid on 15 Feb             10 Jan  25 Jan
    i3   invoice 500, paid on 10 Feb                 12 Jan  28 Jan
    i4   invoice 300, paid early on 25 Jan           20 Jan  15 Mar
    i5   invoice 400, credit note 150 on 20 Feb      1 Feb   10 Feb
    r6   credit note 80, not reconciled              5 Feb
    p7   payment 70, not reconciled                  3 Feb
    i8   invoice 90, due on the month's last day     3 Mar   31 Mar
    ===  ==========================================  ======  =========

    Overdue at the end of Jan, Feb, Mar, Apr: 2100 (i1 i2 i3), 1650 (i1,
    400 of i2, 250 of i5), 1650 (i8 is due on 31 March: not overdue that
    day), 1740. Receivables: 2100, 1500, 1590, 1590: in February overdue
    exceeds receivables by the unmatched credits r6 and p7 (150).

    Supplier "Overdue Supplier": a bill of 500 on 10 Jan due 30 Jan, 100
    paid on 10 Feb, and an unmatched advance of 40 on 5 Feb: overdue
    payables 500, 400, 400, 400.

    Company B (USD): an invoice of 100 USD to Overdue Client on 10 Jan due
    20 Jan, 40 paid on 10 Feb: 100, 60, 60, 60 USD, in A's EUR at the
    month's last day's rate (0.8 in January, 0.4 from 15 February): 80,
    24, 24, 24.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "Overdue Client", "is_company": True})
        cls.vendor = Partner.create({"name": "Overdue Supplier", "is_company": True})
        a, b = cls.accounts, cls.accounts_b
        A, B = cls.company, cls.company_b

        def invoice(company, move_type, partner, day, due, amount, account):
            return cls.make_invoice(
                company, move_type, partner, day, due, [(account, amount, None)]
            )

        def payment(company, accounts, partner, day, amount, account="receivable"):
            """Money in (positive) or out on ``account`` of ``partner``."""
            return cls.make_entry(
                company, day,
                [(accounts["bank"], amount, None),
                 (accounts[account], -amount, partner)],
            )  # fmt: skip

        c, v = cls.client, cls.vendor
        cls.overdue_moves = m = {
            "i1": invoice(A, "out_invoice", c, date(2025, 1, 5), date(2025, 1, 20),
                          1000, a["income"]),
            "i2": invoice(A, "out_invoice", c, date(2025, 1, 10), date(2025, 1, 25),
                          600, a["income"]),
            "i2p": payment(A, a, c, date(2025, 2, 15), 200),
            "i3": invoice(A, "out_invoice", c, date(2025, 1, 12), date(2025, 1, 28),
                          500, a["income"]),
            "i3p": payment(A, a, c, date(2025, 2, 10), 500),
            "i4": invoice(A, "out_invoice", c, date(2025, 1, 20), date(2025, 3, 15),
                          300, a["income"]),
            "i4p": payment(A, a, c, date(2025, 1, 25), 300),
            "i5": invoice(A, "out_invoice", c, date(2025, 2, 1), date(2025, 2, 10),
                          400, a["income"]),
            "i5r": invoice(A, "out_refund", c, date(2025, 2, 20), date(2025, 2, 20),
                           150, a["income"]),
            "r6": invoice(A, "out_refund", c, date(2025, 2, 5), date(2025, 2, 5),
                          80, a["income"]),
            "p7": payment(A, a, c, date(2025, 2, 3), 70),
            "i8": invoice(A, "out_invoice", c, date(2025, 3, 3), date(2025, 3, 31),
                          90, a["income"]),
            "bill": invoice(A, "in_invoice", v, date(2025, 1, 10), date(2025, 1, 30),
                            500, a["expense"]),
            "billp": payment(A, a, v, date(2025, 2, 10), -100, "payable"),
            "advance": payment(A, a, v, date(2025, 2, 5), -40, "payable"),
            "b1": invoice(B, "out_invoice", c, date(2025, 1, 10), date(2025, 1, 20),
                          100, b["income"]),
            "b1p": payment(B, b, c, date(2025, 2, 10), 40),
        }  # fmt: skip
        for invoice_name, paid_by in (
            ("i2", "i2p"), ("i3", "i3p"), ("i4", "i4p"), ("i5", "i5r"),
            ("bill", "billp"), ("b1", "b1p"),
        ):  # fmt: skip
            (m[invoice_name] | m[paid_by]).line_ids.filtered(
                lambda line: (
                    line.account_id.account_type
                    in ("asset_receivable", "liability_payable")
                )
            ).reconcile()

    def kpi(self, code, types=("asset_receivable",), partner=None, **vals):
        return self.make_kpi(
            code, "account_overdue", types=list(types),
            account_partner_id=(partner or self.client).id, **vals,
        )  # fmt: skip

    def oracle(self, types, period, partner=None, credit=False):
        return round(
            overdue_oracle(
                self.env,
                [
                    ("company_id", "=", self.company.id),
                    ("account_id.account_type", "in", list(types)),
                    *([("partner_id", "=", partner.id)] if partner else []),
                ],
                period.date_end,
                credit=credit,
            ),
            2,
        )

    def test_fixtures_are_reconciled_as_the_table_says(self):
        m = self.overdue_moves
        self.assertEqual(m["i2"].amount_residual, 400)
        self.assertEqual(m["i3"].payment_state, "paid")
        self.assertEqual(m["i5"].amount_residual, 250)
        self.assertEqual(m["r6"].amount_residual, 80)
        self.assertEqual(m["bill"].amount_residual, 400)
        self.assertEqual(m["b1"].amount_residual, 60)

    def test_open_amounts_by_hand_and_against_the_oracle(self):
        """Unpaid, partly paid, paid after the month's end, paid early,
        credit notes reconciled or not, an unmatched payment, due on the
        month's last day, payables: by hand and by the ORM oracle."""
        kpis = (
            self.kpi("OVERDUE")
            | self.make_kpi("AR", "account_balance", types=["asset_receivable"],
                            account_partner_id=self.client.id)
            | self.kpi("AP_OVERDUE", types=["liability_payable"], partner=self.vendor)
            | self.make_kpi("ALL_OVERDUE", "account_overdue",
                            types=["asset_receivable"])
            | self.make_kpi("ALL_AP_OVERDUE", "account_overdue",
                            types=["liability_payable"])
        )  # fmt: skip
        values = self.values(kpis)
        self.assertEqual(values["OVERDUE"], [2100, 1650, 1650, 1740])
        self.assertEqual(values["AR"], [2100, 1500, 1590, 1590])
        self.assertEqual(values["AP_OVERDUE"], [500, 400, 400, 400])
        months = self.months[:4]
        self.assertEqual(
            values["OVERDUE"],
            [self.oracle(["asset_receivable"], p, self.client) for p in months],
        )
        self.assertEqual(
            values["AP_OVERDUE"],
            [self.oracle(["liability_payable"], p, self.vendor, True) for p in months],
        )
        # every partner of A, BscAccountCase's entries among them
        self.assertEqual(
            values["ALL_OVERDUE"],
            [self.oracle(["asset_receivable"], p) for p in months],
        )
        self.assertEqual(
            values["ALL_AP_OVERDUE"],
            [self.oracle(["liability_payable"], p, credit=True) for p in months],
        )
        # never negative, here
        self.assertTrue(all(v >= 0 for v in values["ALL_OVERDUE"]), values)

    def test_two_companies_at_the_closing_rate(self):
        kpi = self.kpi(
            "OVERDUE_AB", account_company_ids=[Command.set(self.company_b.ids)]
        )
        self.assertEqual(self.values(kpi)["OVERDUE_AB"], [2180, 1674, 1674, 1764])
        self.assert_drilldowns(kpi, [2180, 1674, 1674, 1764])

    def assert_drilldowns(self, kpi, values):
        """Each month's drill-down opens exactly the items open at its end
        and overdue, and its total is the KPI's value."""
        Line = self.env["account.move.line"]
        for period, value in zip(self.months, values, strict=False):
            action = kpi._bsc_drilldown_action(period)
            found = Line.search(action["domain"])
            self.assertTrue(found, period.name)
            for line in found:
                self.assertLess(line.date_maturity, period.date_end, period.name)
                self.assertLessEqual(line.date, period.date_end, period.name)
            self.assertAlmostEqual(
                drilldown_total(self.env, action), value, places=2, msg=period.name
            )

    def test_drilldown_opens_the_open_overdue_items(self):
        kpis = self.kpi("OVERDUE") | self.kpi(
            "AP_OVERDUE", types=["liability_payable"], partner=self.vendor
        )
        m = self.overdue_moves
        Line = self.env["account.move.line"]

        def items(*names):
            return Line.union(*(m[name].line_ids for name in names)).filtered(
                lambda line: (
                    line.account_id.account_type
                    in ("asset_receivable", "liability_payable")
                )
            )

        expected = {
            # Jan: i3 paid in February is open at the end of January
            ("OVERDUE", 0): (items("i1", "i2", "i3"), 2100),
            # Feb: neither the paid i3, the early-paid i4, nor the credits
            ("OVERDUE", 1): (items("i1", "i2", "i5"), 1650),
            # Mar: i8, due on 31 March, is not overdue that day
            ("OVERDUE", 2): (items("i1", "i2", "i5"), 1650),
            ("OVERDUE", 3): (items("i1", "i2", "i5", "i8"), 1740),
            ("AP_OVERDUE", 1): (items("bill"), 400),
        }
        for (code, month), (records, value) in expected.items():
            kpi = kpis.filtered(lambda k, code=code: k.code == code)
            action = kpi._bsc_drilldown_action(self.months[month])
            self.assertEqual(Line.search(action["domain"]), records, (code, month))
            self.assertAlmostEqual(
                drilldown_total(self.env, action), value, places=2, msg=(code, month)
            )
        self.assert_drilldowns(kpis[0], [2100, 1650, 1650, 1740])
