# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from odoo.tests import HttpCase, tagged

from odoo.addons.bsc_core.tests.common import tour_kpi


@tagged("post_install", "-at_install")
class TestScrapDrilldownTour(HttpCase):
    """The scrapped quantity's drill-down adds up to the KPI (issue #13):
    see static/tests/tours/bsc_stock_tours.js."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        frame = env["product.product"].create({"name": "Tour frame", "type": "consu"})
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        dozen = env.ref("uom.product_uom_dozen")
        for qty, uom, day in (
            (2, frame.uom_id, 5),
            (0.5, dozen, 12),
            (1, frame.uom_id, 20),
        ):
            scrap = env["stock.scrap"].create(
                {
                    "product_id": frame.id,
                    "product_uom_id": uom.id,
                    "scrap_qty": qty,
                    "location_id": warehouse.lot_stock_id.id,
                }
            )
            scrap.do_scrap()
            env.flush_all()
            env.cr.execute(
                "UPDATE stock_scrap SET date_done = %s WHERE id = %s",
                (datetime(2025, 5, day, 10, 0), scrap.id),
            )
        env.invalidate_all()
        cls.kpi = tour_kpi(
            env,
            "Tour Stock Scorecard",
            "Waste fewer tour frames",
            "bsc_core.perspective_internal",
            code="TOUR_SCRAP",
            name="Tour frames scrapped",
            source_type="stock_scrap_qty",
            stock_product_id=frame.id,
        )

    def test_scrap_drilldown_tour(self):
        may = self.kpi.measurement_ids.filtered(lambda m: m.period_id.name == "2025-05")
        self.assertAlmostEqual(may.actual_value, 9)
        self.start_tour("/odoo", "bsc_scrap_drilldown_tour", login="admin")
