# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import BscCase


@tagged("post_install", "-at_install")
class TestReportingCycle(BscCase):
    """Values due N days after period end, a reminder M days before, an
    escalation to the objective's owner K days after; My Updates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.boss = new_test_user(
            cls.env,
            "test_bsc_boss",
            groups="bsc_core.group_bsc_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.objective.user_id = cls.boss
        cls.scorecard.write(
            {
                "value_due_days": 5,
                "reminder_days": 2,
                "escalate": True,
                "escalation_days": 3,
            }
        )
        cls.kpi = cls.make_kpi("SURVEY", user_id=cls.user.id)
        cls.due = cls.env.ref("bsc_core.mail_activity_type_bsc_value_due")

    def activities(self, measurement, user=None):
        domain = [
            ("res_model", "=", "bsc.measurement"),
            ("res_id", "=", measurement.id),
            ("activity_type_id", "=", self.due.id),
        ]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["mail.activity"].search(domain)

    def reminders(self, measurement):
        return measurement.message_ids.filtered(
            lambda m: (
                "Reminder" in (m.body or "") and self.user.partner_id in m.partner_ids
            )
        )

    def cron_at(self, moment):
        with freeze_time(moment):
            self.cron_recompute_inline()

    def test_due_date_is_days_after_period_end(self):
        self.scorecard._bsc_recompute()
        october = self.measurement(self.kpi, "2026-10")
        self.assertEqual(october.due_date, date(2026, 11, 5))
        self.scorecard.value_due_days = 12
        self.assertEqual(october.due_date, date(2026, 11, 12))
        self.scorecard._bsc_schedule_activities()
        self.assertEqual(
            self.activities(october, self.user).date_deadline, date(2026, 11, 12)
        )
        with self.assertRaisesRegex(ValidationError, "0 or more"):
            self.scorecard.value_due_days = -1

    def test_reminder_then_escalation_once_each(self):
        # October 2026 ends on the 31st: due 5 November, reminded from the
        # 3rd, escalated from the 9th (due + 3 days passed).
        self.cron_at("2026-11-02 10:00:00")
        october = self.measurement(self.kpi, "2026-10")
        self.assertEqual(self.activities(october).user_id, self.user)
        self.assertFalse(self.reminders(october), "5 Nov is 3 days away")
        self.cron_at("2026-11-03 10:00:00")
        self.cron_at("2026-11-04 10:00:00")
        self.assertEqual(len(self.reminders(october)), 1, "reminded once")
        self.assertTrue(october.reminder_sent)
        self.cron_at("2026-11-08 10:00:00")
        self.assertFalse(self.activities(october, self.boss), "not yet escalated")
        self.cron_at("2026-11-09 10:00:00")
        self.cron_at("2026-11-10 10:00:00")
        escalation = self.activities(october, self.boss)
        self.assertEqual(len(escalation), 1, "escalated once")
        self.assertIn(self.user.name, escalation.note)
        self.assertEqual(len(self.activities(october)), 2, "owner's and boss's")
        # the value closes both
        with freeze_time("2026-11-10 11:00:00"):
            october.with_user(self.user).actual_value = 12
        self.assertFalse(self.activities(october))

    def test_no_escalation_to_oneself_nor_when_switched_off(self):
        self.objective.user_id = self.user
        self.cron_at("2026-11-20 10:00:00")
        october = self.measurement(self.kpi, "2026-10")
        self.assertEqual(self.activities(october).user_id, self.user)
        self.assertFalse(october.escalated)
        # November 2026 is due on 5 December
        self.objective.user_id = self.boss
        self.scorecard.escalate = False
        self.scorecard.send_reminders = False
        self.cron_at("2026-12-20 10:00:00")
        november = self.measurement(self.kpi, "2026-11")
        self.assertEqual(self.activities(november).user_id, self.user)
        self.assertFalse(self.reminders(november))
        self.assertFalse(self.activities(november, self.boss))

    def test_my_updates_red_needs_a_comment(self):
        self.scorecard._bsc_recompute()
        october = self.measurement(self.kpi, "2026-10").with_user(self.user)
        entry = october.with_context(bsc_require_comment=True)
        with self.assertRaisesRegex(ValidationError, "explain why in the comment"):
            entry.actual_value = 1  # target 10, red flag 5
        entry.write({"actual_value": 1, "comment": "Survey postponed"})
        self.assertEqual(october.status, "red")
        entry.actual_value = 11  # green needs none
        # elsewhere (imports, the measurements list) it is asked by an activity
        self.measurement(self.kpi, "2026-09").with_user(self.user).actual_value = 1

    def test_numbers_in_the_readers_language(self):
        # the red value of the error and the Last Value go through the one
        # formatter: the KPI's decimals and unit, the reader's separators
        for code in ("fr_FR", "de_DE"):
            self.env["res.lang"]._activate_lang(code)
        self.kpi.write({"decimal_places": 1, "unit": "h", "target_value": 5000})
        self.kpi.red_flag_value = 2000
        self.scorecard._bsc_recompute()
        october = self.measurement(self.kpi, "2026-10").with_user(self.user)
        entry = october.with_context(bsc_require_comment=True, lang="de_DE")
        with self.assertRaises(ValidationError) as caught:
            entry.actual_value = 1234.56
        self.assertIn("1.234,6 h", str(caught.exception))
        october.actual_value = 1234.56
        november = self.measurement(self.kpi, "2026-11")
        self.assertEqual(
            november.with_context(lang="fr_FR").previous_value,
            "1\N{NO-BREAK SPACE}234,6 h (2026-10)",
        )
        self.assertEqual(
            november.with_context(lang="de_DE").previous_value, "1.234,6 h (2026-10)"
        )

    def test_share_done_and_instructions(self):
        self.kpi.instructions = "Survey tool, tab Results"
        self.scorecard._bsc_recompute()
        domain = [("kpi_id", "=", self.kpi.id), ("date_end", "<", "2026-11-01")]
        Measurement = self.env["bsc.measurement"]

        def share():
            return Measurement._read_group(domain, [], ["entry_done:avg"])[0][0]

        self.assertEqual(share(), 0.0)
        self.measurement(self.kpi, "2026-10").with_user(self.user).actual_value = 3
        self.assertAlmostEqual(share(), 10.0)  # 1 of the 10 months
        october = self.measurement(self.kpi, "2026-10")
        self.assertEqual(october.instructions, "Survey tool, tab Results")
        self.assertEqual(
            self.measurement(self.kpi, "2026-11").previous_value, "3.00 (2026-10)"
        )


@tagged("post_install", "-at_install")
class TestReportingCycleDemo(TransactionCase):
    """The demo shows each state of the cycle, whatever today is."""

    def setUp(self):
        super().setUp()
        if not self.env["ir.module.module"]._get("bsc_core").demo:
            self.skipTest("bsc_core is installed without demo data")
        self.scorecard = self.env.ref("bsc_core.demo_scorecard")

    def test_a_late_owner_a_stale_kpi_and_a_pending_approval(self):
        today = fields.Date.to_string(self.scorecard._bsc_today())
        late = self.env["bsc.measurement"].search(
            [
                ("scorecard_id", "=", self.scorecard.id),
                ("source_type", "=", "manual"),
                ("has_actual", "=", False),
                ("due_date", "<", today),
            ]
        )
        self.assertIn(self.env.ref("bsc_core.demo_measurement_otd_m02"), late)
        self.assertIn(self.env.ref("bsc_core.demo_user_bsc"), late.user_id)
        training = self.env.ref("bsc_core.demo_kpi_training_hours")
        self.assertTrue(training.is_stale)
        self.assertGreater(training.stale_days, 60)
        pending = self.env.ref("bsc_core.demo_measurement_lead_time_m01")
        self.assertEqual(pending.approval_state, "submitted")
        self.assertEqual(pending.status, "none")
        self.assertTrue(pending.with_user(self.env.ref("base.user_admin")).can_approve)
