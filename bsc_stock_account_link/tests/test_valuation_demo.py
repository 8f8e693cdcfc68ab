# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged

from odoo.addons.bsc_core.query import period_bounds


@tagged("post_install", "-at_install")
class TestValuationDemo(TransactionCase):
    """The demo's valuation KPIs compute from the demo's dated layers."""

    def test_demo_kpis_compute_from_twelve_months_of_layers(self):
        module = self.env["ir.module.module"]._get("bsc_stock_account_link")
        if not module.demo:
            self.skipTest("bsc_stock_account_link is installed without demo data")
        value_kpi = self.env.ref("bsc_stock_account_link.demo_kpi_stock_value")
        scorecard = value_kpi.scorecard_id
        scorecard._bsc_recompute()
        kpis = (
            value_kpi
            | self.env.ref("bsc_stock_account_link.demo_kpi_stock_turnover")
            | self.env.ref("bsc_stock_account_link.demo_kpi_stock_scrap_value")
        )
        computed = kpis.measurement_ids.filtered(lambda m: m.origin == "computed")
        self.assertFalse(computed.filtered("error_text").mapped("error_text"))
        values = value_kpi.measurement_ids.filtered(
            lambda m: m.origin == "computed" and m.has_actual
        )
        self.assertGreaterEqual(len(values), 11)
        self.assertGreater(len(set(values.mapped("actual_value"))), 3)
        # each month's value is Odoo's valuation at its end
        Layer = self.env["stock.valuation.layer"]
        for measurement in values:
            period = measurement.period_id
            __, stop = period_bounds(
                Layer._fields["create_date"], period.date_start, period.date_end,
                scorecard.tz,
            )  # fmt: skip
            [(total,)] = Layer._read_group(
                [("company_id", "=", scorecard.company_id.id),
                 ("create_date", "<", stop),
                 ("categ_id", "child_of", value_kpi.stock_product_categ_id.id)],
                aggregates=["value:sum"],
            )  # fmt: skip
            self.assertAlmostEqual(measurement.actual_value, total, places=2)
        turnover = kpis[1].measurement_ids.filtered(
            lambda m: m.origin == "computed" and m.has_actual
        )
        self.assertGreaterEqual(len(turnover), 11)
        self.assertTrue(any(v > 0 for v in turnover.mapped("actual_value")))
        scrapped = kpis[2].measurement_ids.filtered(
            lambda m: m.origin == "computed" and m.actual_value
        )
        self.assertTrue(scrapped)
