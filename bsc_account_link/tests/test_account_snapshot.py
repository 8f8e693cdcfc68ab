# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import freeze_time

from .common import BscAccountCase

# UTC instants of half past midnight (Brussels) on the first day after
# January and March 2025
JAN_END = "2025-01-31 23:30:00"
MAR_END = "2025-03-31 22:30:00"


class TestOverdueInvoicesSnapshot(BscAccountCase):
    """Open overdue customer invoices of A, recorded at each period end.

    On 1 February, m1 (1000, due 30 Jan) is overdue; m2 (200 EUR, due
    2 March) is not yet; the payment m6 is not matched with m1, which stays
    open. On 1 April both are overdue: 1200, plus what was added since.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi = cls.env["bsc.kpi"].create(
            {
                "name": "Overdue invoices",
                "code": "OVERDUE_INV",
                "objective_id": cls.objective.id,
                "source_type": "account_overdue_invoices",
                "polarity": "lower",
                "target_value": 500,
                "red_flag_value": 1500,
            }
        )
        cls.jan, cls.feb, cls.mar = cls.months[:3]

    def row(self, period):
        return self.env["bsc.measurement"].search(
            [("kpi_id", "=", self.kpi.id), ("period_id", "=", period.id)]
        )

    def test_snapshots_across_period_ends(self):
        with freeze_time(JAN_END):
            self.scorecard._bsc_take_snapshots()
        jan = self.row(self.jan)
        self.assertRecordValues(
            jan, [{"origin": "snapshot", "has_actual": True, "actual_value": 1000.0}]
        )
        # an invoice entered in February, due in January, and the
        # recompute: January's snapshot stays as it was
        late = self.make_invoice(
            self.company, "out_invoice", self.be1, date(2025, 1, 5),
            date(2025, 1, 20), [(self.accounts["income"], 300, None)],
        )  # fmt: skip
        self.scorecard._bsc_recompute()
        self.assertEqual(jan.actual_value, 1000.0)
        with self.assertRaises(UserError):
            jan.write({"actual_value": 1300.0})

        # the job did not run when February ended: missed; March is taken
        with freeze_time(MAR_END):
            self.scorecard._bsc_take_snapshots()
        self.assertRecordValues(
            self.row(self.feb), [{"origin": "missed", "has_actual": False}]
        )
        self.assertRecordValues(
            self.row(self.mar),
            [{"origin": "snapshot", "has_actual": True, "actual_value": 1500.0}],
        )
        self.assertEqual(jan.actual_value, 1000.0)
        # the invoices overdue now, in the drill-down
        with freeze_time(MAR_END):
            action = self.kpi._bsc_drilldown_action(self.mar)
        self.assertEqual(
            self.env["account.move"].search(action["domain"]),
            self.moves["m1"] | self.moves["m2"] | late,
        )
