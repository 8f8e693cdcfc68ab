# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime
from functools import partial

from odoo import Command
from odoo.tests import HttpCase, tagged

D = partial(datetime, 2025)  # a day and hour of 2025, UTC


@tagged("post_install", "-at_install")
class TestStockKpiWizardTour(HttpCase):
    """The "Add Operations KPIs" wizard in the browser (issue #17): see
    static/tests/tours/bsc_stock_tours.js. Two deliveries of January 2025
    of the main warehouse, whose figures the KPIs it creates must show:

    - created 6 Jan 09:00, deadline 10 Jan, done 9 Jan 09:00: on time, 3 days;
    - created 10 Jan 09:00, deadline 14 Jan, done 20 Jan 09:00: late, 10 days.

    The demo history (13 months up to today) never reaches January 2025.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        product = env["product.product"].create({"name": "Tour Frame", "type": "consu"})
        customer = env["res.partner"].create({"name": "Tour Customer"})
        customers = env.ref("stock.stock_location_customers")
        for created, deadline, done in (
            (D(1, 6, 9), D(1, 10, 12), D(1, 9, 9)),
            (D(1, 10, 9), D(1, 14, 12), D(1, 20, 9)),
        ):  # fmt: skip
            picking = env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": customer.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": customers.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 2,
                                "product_uom": product.uom_id.id,
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": customers.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.move_ids.quantity = 2
            picking.move_ids.picked = True
            picking._action_done()
            env.flush_all()
            env.cr.execute(
                "UPDATE stock_picking SET date = %s, date_deadline = %s, "
                "scheduled_date = %s, date_done = %s WHERE id = %s",
                (created, deadline, deadline, done, picking.id),
            )
        env.invalidate_all()
        cls.scorecard = env["bsc.scorecard"].create(
            {
                "name": "Tour Operations 2025",
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "tz": "Europe/Brussels",
            }
        )
        cls.scorecard.action_activate()
        cls.objective = env["bsc.objective"].create(
            {
                "name": "Deliver on time (tour)",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": env.ref("bsc_core.perspective_internal").id,
            }
        )

    def test_add_operations_kpis_tour(self):
        self.start_tour("/odoo", "bsc_stock_kpi_wizard_tour", login="admin")
        kpis = self.objective.kpi_ids
        codes = set(kpis.mapped("code"))
        # the ticked templates (other addons may add more), not the unticked
        self.assertLessEqual({"STOCK_LEAD_TIME", "STOCK_OTD"}, codes)
        self.assertNotIn("STOCK_BACKORDERS", codes)
        otd = kpis.filtered(lambda k: k.code == "STOCK_OTD")
        self.assertEqual((otd.target_value, otd.red_flag_value), (90, 80))
        january = {
            m.kpi_id.code: m
            for m in kpis.measurement_ids
            if m.period_id.frequency == "month"
            and m.period_id.date_start == date(2025, 1, 1)
        }
        self.assertTrue(january["STOCK_OTD"].has_actual)
        self.assertAlmostEqual(january["STOCK_OTD"].actual_value, 50.0)
        self.assertAlmostEqual(january["STOCK_LEAD_TIME"].actual_value, 6.5)
