# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import BscCase


@tagged("post_install", "-at_install")
class TestAccess(BscCase):
    """Users of two companies acting for real."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls.make_kpi("OWN", user_id=cls.user.id)
        cls.other = cls.make_kpi("OTHER", user_id=cls.manager.id)
        cls.scorecard_b = cls.env["bsc.scorecard"].create(
            {
                "name": "Company B 2026",
                "company_id": cls.company_b.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        cls.scorecard._bsc_recompute()

    def test_user_sees_only_scorecards_of_their_companies(self):
        visible = self.env["bsc.scorecard"].with_user(self.user).search([])
        self.assertIn(self.scorecard, visible)
        self.assertNotIn(self.scorecard_b, visible)
        with self.assertRaises(AccessError):
            self.scorecard_b.with_user(self.user).read(["name"])
        measurements = self.env["bsc.measurement"].with_user(self.user_b).search([])
        self.assertFalse(measurements & self.scorecard.kpi_ids.measurement_ids)

    def test_user_enters_values_of_their_own_kpis_only(self):
        own = self.measurement(self.own, "2026-01").with_user(self.user)
        own.write({"actual_value": 12, "comment": "Good month"})
        self.assertEqual(own.actual_value, 12)
        other = self.measurement(self.other, "2026-01").with_user(self.user)
        with self.assertRaises(AccessError):
            other.write({"actual_value": 12})
        self.assertFalse(self.measurement(self.other, "2026-01").has_actual)

    def test_user_cannot_change_targets_or_kpis(self):
        own = self.measurement(self.own, "2026-01").with_user(self.user)
        with self.assertRaisesRegex(AccessError, "Only scorecard managers"):
            own.write({"target_value": 1})
        with self.assertRaises(AccessError):
            self.own.with_user(self.user).write(
                {"formula": "1", "source_type": "formula"}
            )
        with self.assertRaises(AccessError):
            self.scorecard.with_user(self.user).write({"name": "Mine"})

    def test_manager_configures(self):
        kpi = self.own.with_user(self.manager)
        kpi.write({"target_value": 20, "red_flag_value": 10})
        self.assertEqual(self.own.target_value, 20)
        measurement = self.measurement(self.other, "2026-01").with_user(self.manager)
        measurement.write({"target_value": 3, "red_flag_value": 1})
        self.assertTrue(measurement.targets_overridden)

    def test_only_managers_recompute(self):
        with self.assertRaisesRegex(AccessError, "Only scorecard managers"):
            self.scorecard.with_user(self.user).action_recompute()
        with self.assertRaises(AccessError):
            self.scorecard.with_user(self.user_b).action_recompute()
        self.scorecard.with_user(self.manager).action_recompute()
