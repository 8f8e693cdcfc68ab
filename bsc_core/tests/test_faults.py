# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import BscCase

SCORECARD_LOGGER = "odoo.addons.bsc_core.models.bsc_scorecard_recompute"


@tagged("post_install", "-at_install")
class TestFaults(BscCase):
    """A KPI that breaks after it was saved: its error is shown and its owner
    asked to fix it, and everything else still computes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_rates([(date(2026, 1, 5), 3), (date(2026, 2, 5), 7)])
        only_xba = "[('currency_id.name', '=', 'XBA')]"
        # Same model, date field and frequency as the broken one: the same
        # grouped query, until the broken source is isolated.
        cls.good = cls.make_kpi(
            "GOOD",
            source_type="source",
            source_id=cls.make_source("Rates set", domain=only_xba).id,
            user_id=cls.manager.id,
        )
        cls.broken_source = cls.make_source("Rate sum", "sum", cls.rate_field, only_xba)
        cls.broken = cls.make_kpi(
            "BROKEN",
            source_type="source",
            source_id=cls.broken_source.id,
            user_id=cls.user.id,
        )
        cls.survey = cls.make_kpi("SURVEY", user_id=cls.manager.id)
        cls.zero = cls.make_kpi("ZERO", user_id=cls.manager.id)
        cls.double = cls.make_kpi("DOUBLE", source_type="formula", formula="SURVEY * 2")
        cls.ratio = cls.make_kpi(
            "RATIO",
            source_type="formula",
            formula="SURVEY / ZERO",
            user_id=cls.user.id,
        )
        cls.error_type = cls.env.ref("bsc_core.mail_activity_type_bsc_error")

    def break_source(self, column, value):
        # What a module update or a direct database fix can leave behind:
        # the constraints that check the source at save never see it.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE bsc_source SET %s = %s WHERE id = %s",
                SQL.identifier(column),
                value,
                self.broken_source.id,
            )
        )
        self.env.invalidate_all()

    def error_activities(self, kpi):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "bsc.measurement"),
                ("res_id", "in", kpi.measurement_ids.ids),
                ("activity_type_id", "=", self.error_type.id),
            ]
        )

    def assert_rest_computes(self):
        january = self.measurement(self.good, "2026-01")
        self.assertFalse(january.error_text)
        self.assertEqual((january.has_actual, january.actual_value), (True, 1))
        double = self.measurement(self.double, "2026-01")
        self.assertFalse(double.error_text)
        self.assertEqual(double.actual_value, 20)

    def enter_values(self):
        self.measurement(self.survey, "2026-01").actual_value = 10
        self.measurement(self.zero, "2026-01").actual_value = 0

    def test_domain_naming_a_removed_field(self):
        self.break_source("domain", "[('no_such_field', '=', 1)]")
        self.scorecard._bsc_recompute()
        self.enter_values()
        january = self.measurement(self.broken, "2026-01")
        self.assertFalse(january.has_actual)
        self.assertRegex(january.error_text, "Rate sum.*no_such_field")
        self.assertEqual(january.status, "none")
        self.assert_rest_computes()

    def test_measure_field_gone_from_the_model(self):
        # The measure now names a field res.currency.rate does not have.
        self.break_source(
            "measure_field_id",
            self.env["ir.model.fields"]._get("res.partner", "color").id,
        )
        self.scorecard._bsc_recompute()
        self.enter_values()
        january = self.measurement(self.broken, "2026-01")
        self.assertFalse(january.has_actual)
        self.assertIn("Invalid field 'color'", january.error_text)
        self.assert_rest_computes()

    def test_owner_is_asked_once_per_measurement_in_error(self):
        self.break_source("domain", "[('no_such_field', '=', 1)]")
        self.scorecard._bsc_recompute()
        self.enter_values()
        self.scorecard._bsc_schedule_activities()
        self.scorecard._bsc_schedule_activities()
        in_error = self.broken.measurement_ids.filtered("error_text")
        self.assertTrue(in_error)
        activities = self.error_activities(self.broken)
        self.assertEqual(sorted(activities.mapped("res_id")), sorted(in_error.ids))
        self.assertEqual(activities.user_id, self.user)
        self.assertIn("no_such_field", activities[0].note)
        # Division by zero in a formula: January only, its owner is asked.
        ratio = self.error_activities(self.ratio)
        self.assertEqual(ratio.res_id, self.measurement(self.ratio, "2026-01").id)
        self.assertIn("#DIV/0 in SURVEY / ZERO", ratio.note)
        self.assertFalse(self.error_activities(self.good))
        self.assertFalse(self.error_activities(self.double))

    def test_division_by_zero_in_a_formula(self):
        self.scorecard._bsc_recompute()
        self.enter_values()
        january = self.measurement(self.ratio, "2026-01")
        self.assertFalse(january.has_actual)
        self.assertIn("#DIV/0 in SURVEY / ZERO", january.error_text)
        self.assert_rest_computes()

    def test_cron_goes_on_after_a_failing_scorecard(self):
        other = self.env["bsc.scorecard"].create(
            {
                "name": "Company B 2026",
                "company_id": self.company_b.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
                "state": "active",
            }
        )
        objective = self.env["bsc.objective"].create(
            {
                "name": "Keep customers",
                "scorecard_id": other.id,
                "perspective_id": self.customer.id,
            }
        )
        kpi_b = self.make_kpi("B_SURVEY", objective=objective)
        Scorecard = type(self.env["bsc.scorecard"])
        recompute = Scorecard._bsc_recompute
        broken = self.scorecard

        def fail_on_the_first(scorecard, *args, **kwargs):
            if scorecard == broken:
                # A database error: the transaction must survive it.
                scorecard.env.cr.execute(SQL("SELECT 1 / 0"))
            return recompute(scorecard, *args, **kwargs)

        failing = patch.object(
            Scorecard, "_bsc_recompute", autospec=True, side_effect=fail_on_the_first
        )
        with (
            failing,
            mute_logger("odoo.sql_db"),
            self.assertLogs(SCORECARD_LOGGER, "ERROR") as logs,
        ):
            self.cron_recompute_inline()
        self.assertIn("Scorecard Company A 2026 not recomputed", logs.output[0])
        self.assertFalse(self.broken.measurement_ids)
        self.assertTrue(kpi_b.measurement_ids, "the next scorecard was computed")

    def test_cron_stores_the_error_and_asks_the_owner(self):
        self.break_source("domain", "[('no_such_field', '=', 1)]")
        with self.assertNoLogs(SCORECARD_LOGGER, "ERROR"):
            self.cron_recompute_inline()
        self.assertTrue(self.measurement(self.broken, "2026-01").error_text)
        self.assertTrue(self.error_activities(self.broken))
