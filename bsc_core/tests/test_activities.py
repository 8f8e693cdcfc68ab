# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import BscCase


@tagged("post_install", "-at_install")
class TestActivities(BscCase):
    """Owners are asked for missing values and for comments on reds, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi = cls.make_kpi("SURVEY", user_id=cls.user.id)
        cls.due = cls.env.ref("bsc_core.mail_activity_type_bsc_value_due")
        cls.comment = cls.env.ref("bsc_core.mail_activity_type_bsc_comment")

    def activities(self, activity_type):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "bsc.measurement"),
                ("res_id", "in", self.kpi.measurement_ids.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def test_value_due_once_per_ended_period(self):
        self.cron_recompute_inline()
        today = self.scorecard._bsc_today()
        ended = self.kpi.measurement_ids.filtered(lambda m: m.date_end < today)
        due = self.activities(self.due)
        self.assertEqual(len(due), len(ended))
        self.assertEqual(due.user_id, self.user)
        self.cron_recompute_inline()
        self.assertEqual(len(self.activities(self.due)), len(ended), "no duplicates")
        # Entering the value closes the to-do.
        first = ended.sorted("date_start")[:1]
        first.with_user(self.user).actual_value = 12
        self.assertEqual(len(self.activities(self.due)), len(ended) - 1)

    def test_red_asks_for_a_comment_once(self):
        self.scorecard._bsc_recompute()
        january = self.measurement(self.kpi, "2026-01")
        january.actual_value = 1  # target 10, red flag 5: red
        self.assertEqual(january.status, "red")
        self.scorecard._bsc_schedule_activities()
        self.scorecard._bsc_schedule_activities()
        asked = self.activities(self.comment)
        self.assertEqual(asked.res_id, january.id)
        self.assertEqual(len(asked), 1)
        january.with_user(self.user).comment = "Survey postponed"
        self.assertFalse(self.activities(self.comment))
        self.scorecard._bsc_schedule_activities()
        self.assertFalse(self.activities(self.comment), "commented: not asked again")
