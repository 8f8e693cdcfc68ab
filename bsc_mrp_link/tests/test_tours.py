# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.bsc_core.tests.common import tour_kpi


@tagged("post_install", "-at_install")
class TestLossDrilldownTour(HttpCase):
    """The work-centre losses' drill-down adds up to the KPI (issue #13):
    see static/tests/tours/bsc_mrp_tours.js."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        press = env["mrp.workcenter"].create({"name": "Tour press"})
        for loss, start, minutes in (
            ("mrp.block_reason1", datetime(2025, 5, 12, 8, 0), 45),
            ("mrp.block_reason2", datetime(2025, 5, 13, 8, 0), 75),
        ):
            log = env["mrp.workcenter.productivity"].create(
                {
                    "workcenter_id": press.id,
                    "loss_id": env.ref(loss).id,
                    "date_start": start,
                    "date_end": start + timedelta(minutes=minutes),
                }
            )
            # Odoo converts the span with the work centre's calendar
            log.duration = minutes
        cls.kpi = tour_kpi(
            env,
            "Tour Manufacturing Scorecard",
            "Keep the tour press running",
            "bsc_core.perspective_internal",
            code="TOUR_LOSSES",
            name="Tour press losses",
            source_type="mrp_loss_hours",
            mrp_workcenter_id=press.id,
        )

    def test_loss_drilldown_tour(self):
        may = self.kpi.measurement_ids.filtered(lambda m: m.period_id.name == "2025-05")
        self.assertAlmostEqual(may.actual_value, 2)
        self.start_tour("/odoo", "bsc_loss_drilldown_tour", login="admin")
