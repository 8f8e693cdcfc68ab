# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAccountDemo(TransactionCase):
    """The demo scorecard's Financial perspective computes from the demo books."""

    def test_demo_kpis_compute_from_the_demo_books(self):
        module = self.env["ir.module.module"]._get("bsc_account_link")
        if not module.demo:
            self.skipTest("bsc_account_link is installed without demo data")
        revenue = self.env.ref("bsc_account_link.demo_kpi_revenue")
        scorecard = revenue.scorecard_id
        scorecard._bsc_recompute()
        kpis = scorecard.kpi_ids.filtered(lambda k: k.code.startswith("FIN_"))
        self.assertEqual(len(kpis), 9)
        measurements = kpis.measurement_ids.filtered(lambda m: m.origin == "computed")
        # Ratios over revenue have no value in a month without revenue (one
        # before the demo books start); nothing else fails.
        without_revenue = revenue.measurement_ids.filtered(
            lambda m: m.has_actual and not m.actual_value
        ).period_id
        unexpected = measurements.filtered("error_text").filtered(
            lambda m: (
                not (
                    m.period_id in without_revenue and m.error_text.startswith("#DIV/0")
                )
            )
        )
        self.assertFalse(unexpected, unexpected.mapped("error_text"))
        # Each month's revenue is the income of the posted items of the month.
        Line = self.env["account.move.line"]
        months = 0
        for measurement in revenue.measurement_ids.filtered(
            lambda m: m.origin == "computed"
        ):
            period = measurement.period_id
            [(balance,)] = Line._read_group(
                [
                    ("parent_state", "=", "posted"),
                    ("company_id", "=", scorecard.company_id.id),
                    ("account_id.account_type", "=", "income"),
                    ("date", ">=", period.date_start),
                    ("date", "<=", period.date_end),
                ],
                [],
                ["balance:sum"],
            )
            self.assertAlmostEqual(measurement.actual_value, -(balance or 0), places=2)
            months += bool(balance)
        # the demo books cover at least the 12 months before the current one
        self.assertGreaterEqual(months, 12)
        cash = self.env.ref("bsc_account_link.demo_kpi_cash")
        last = cash.measurement_ids.filtered("has_actual").sorted("date_start")[-1:]
        self.assertGreater(last.actual_value, 0)
