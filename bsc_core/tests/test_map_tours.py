# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from . import test_tours


@tagged("post_install", "-at_install")
class TestMapTours(test_tours.TestTours):
    """The strategy map's journeys of issue #13, on the tour scorecard of
    :class:`TestTours` (see static/tests/tours/bsc_map_tours.js)."""

    # the journeys of TestTours run there, not twice
    test_dashboard_tour = None
    test_strategy_map_tour = None
    test_map_edit_tour = None
    test_map_user_tour = None

    def test_map_keeps_boxes_tour(self):
        self.start_tour(
            self.url("strategy-map"), "bsc_map_keeps_boxes_tour", login="admin"
        )
        self.assertIn(self.customers, self.billing.effect_ids)

    def test_map_zoom_tour(self):
        self.start_tour(self.url("strategy-map"), "bsc_map_zoom_tour", login="admin")

    def test_map_panel_tour(self):
        self.start_tour(self.url("strategy-map"), "bsc_map_panel_tour", login="admin")

    def test_map_period_arrows_tour(self):
        self.start_tour(
            self.url("strategy-map"), "bsc_map_period_arrows_tour", login="admin"
        )

    def test_map_back_tour(self):
        self.start_tour(
            "/odoo/action-bsc_core.bsc_initiative_action",
            "bsc_map_back_tour",
            login="admin",
        )
