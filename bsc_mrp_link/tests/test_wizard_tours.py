# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime
from functools import partial

from odoo.tests import HttpCase, tagged

D = partial(datetime, 2025)  # a day and hour of 2025, UTC


@tagged("post_install", "-at_install")
class TestMrpKpiWizardTour(HttpCase):
    """The "Add Manufacturing KPIs" wizard in the browser (issue #17): see
    static/tests/tours/bsc_mrp_tours.js. Two manufacturing orders of January
    2025 of the main warehouse, whose figures the KPIs it creates must show:

    - started 6 Jan 08:00, done 8 Jan 08:00, deadline 10 Jan: on time, 2 days;
    - started 10 Jan 08:00, done 16 Jan 08:00, deadline 14 Jan: late, 6 days.

    The demo history (13 months up to today) never reaches January 2025.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        product = env["product.product"].create({"name": "Tour Chair", "type": "consu"})
        for start, end, deadline in (
            (D(1, 6, 8), D(1, 8, 8), D(1, 10, 12)),
            (D(1, 10, 8), D(1, 16, 8), D(1, 14, 12)),
        ):  # fmt: skip
            production = env["mrp.production"].create(
                {
                    "product_id": product.id,
                    "product_qty": 3,
                    "product_uom_id": product.uom_id.id,
                    "picking_type_id": warehouse.manu_type_id.id,
                }
            )
            production.action_confirm()
            production.qty_producing = 3
            production.button_mark_done()
            production.with_context(force_date=True).write(
                {"date_start": start, "date_finished": end, "date_deadline": deadline}
            )
        cls.scorecard = env["bsc.scorecard"].create(
            {
                "name": "Tour Manufacturing 2025",
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "tz": "Europe/Brussels",
            }
        )
        cls.scorecard.action_activate()
        cls.objective = env["bsc.objective"].create(
            {
                "name": "Make on time (tour)",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": env.ref("bsc_core.perspective_internal").id,
            }
        )

    def test_add_manufacturing_kpis_tour(self):
        self.start_tour("/odoo", "bsc_mrp_kpi_wizard_tour", login="admin")
        kpis = self.objective.kpi_ids
        codes = set(kpis.mapped("code"))
        # the ticked templates (other addons may add more), not the unticked
        self.assertLessEqual({"MRP_LEAD_TIME", "MRP_ON_TIME"}, codes)
        self.assertNotIn("MRP_LOSS_HOURS", codes)
        on_time = kpis.filtered(lambda k: k.code == "MRP_ON_TIME")
        self.assertEqual((on_time.target_value, on_time.red_flag_value), (90, 80))
        january = {
            m.kpi_id.code: m
            for m in kpis.measurement_ids
            if m.period_id.frequency == "month"
            and m.period_id.date_start == date(2025, 1, 1)
        }
        self.assertTrue(january["MRP_ON_TIME"].has_actual)
        self.assertAlmostEqual(january["MRP_ON_TIME"].actual_value, 50.0)
        self.assertAlmostEqual(january["MRP_LEAD_TIME"].actual_value, 4.0)
