# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import BscCase


def _measurement(kpi, period_name):
    return kpi.measurement_ids.filtered(lambda m: m.period_id.name == period_name)


@tagged("post_install", "-at_install")
class TestApproval(BscCase):
    """Typed values wait as submitted until their approver approves them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(
            cls.env,
            "test_bsc_approver",
            groups="bsc_core.group_bsc_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.other = new_test_user(
            cls.env,
            "test_bsc_other",
            groups="bsc_core.group_bsc_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.objective.user_id = cls.approver
        cls.scorecard.require_approval = True
        cls.kpi = cls.make_kpi("SURVEY", user_id=cls.user.id)
        cls.double = cls.make_kpi(
            "DOUBLE", source_type="formula", formula="SURVEY * 2", target_value=20
        )
        cls.scorecard._bsc_recompute()
        cls.october = _measurement(cls.kpi, "2026-10")
        cls.approve_type = cls.env.ref("bsc_core.mail_activity_type_bsc_approve")

    def cell(self, kpi, period_name="2026-10"):
        matrix = self.scorecard.get_matrix(
            self.scorecard.id, self.period(period_name).id
        )
        for perspective in matrix["perspectives"]:
            for objective in perspective["objectives"]:
                for row in objective["kpis"]:
                    if row["id"] == kpi.id:
                        return row
        raise AssertionError(kpi.code)

    def submit(self, value=1):
        self.october.with_user(self.user).actual_value = value

    def test_submitted_value_in_the_readers_language(self):
        # the chatter quotes the value as every screen shows it: the KPI's
        # decimals and the submitter's language, not Python's 1234.5
        self.env["res.lang"]._activate_lang("fr_FR")
        self.kpi.write({"decimal_places": 2, "unit": "pts"})
        owner = self.october.with_user(self.user).with_context(lang="fr_FR")
        owner.actual_value = 1234.5
        bodies = " ".join(self.october.message_ids.mapped("body"))
        self.assertIn("Value 1&nbsp;234,50 pts submitted", bodies)  # HTML body
        self.assertNotIn("1234.5", bodies)

    def test_submitted_value_is_not_scored_until_approved(self):
        self.submit(1)  # red once approved
        self.assertEqual(self.october.approval_state, "submitted")
        self.assertEqual(self.october.status, "none")
        self.assertIn("approval", self.october.explanation)
        cell = self.cell(self.kpi)
        self.assertIsNone(cell["actual"])
        self.assertEqual(cell["status"], "none")
        self.assertEqual(cell["approval_state"], "submitted")
        self.assertIsNone(self.cell(self.double)["actual"], "formulas wait too")
        asked = self.october.activity_ids.filtered(
            lambda a: a.activity_type_id == self.approve_type
        )
        self.assertEqual(asked.user_id, self.approver)

        self.october.with_user(self.approver).action_approve()
        self.assertEqual(self.october.approval_state, "approved")
        self.assertEqual(self.october.status, "red")
        cell = self.cell(self.kpi)
        self.assertEqual((cell["actual"], cell["status"]), (1.0, "red"))
        self.assertEqual(self.cell(self.double)["actual"], 2.0)
        self.assertFalse(
            self.october.activity_ids.filtered(
                lambda a: a.activity_type_id == self.approve_type
            )
        )
        bodies = " ".join(self.october.message_ids.mapped("body"))
        self.assertIn("submitted for approval", bodies)
        self.assertIn("approved by", bodies)

    def test_a_new_value_is_submitted_again(self):
        self.submit(12)
        self.october.with_user(self.approver).action_approve()
        self.assertEqual(self.october.status, "green")
        self.submit(1)
        self.assertEqual(self.october.approval_state, "submitted")
        self.assertEqual(self.october.status, "none")

    def test_reject_with_a_reason(self):
        self.submit(1)
        with self.assertRaises(UserError):
            self.october.with_user(self.approver)._bsc_reject("  ")
        action = self.october.with_user(self.approver).action_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.approver)
            .with_context(**action["context"])
        )
        wizard.reason = "The survey closes on the 5th; this is a partial count."
        wizard.save().action_reject()
        self.assertEqual(self.october.approval_state, "rejected")
        self.assertIn("partial count", self.october.rejection_reason)
        self.assertEqual(self.october.status, "none")
        self.assertIn(
            "partial count", " ".join(self.october.message_ids.mapped("body"))
        )
        due = self.env.ref("bsc_core.mail_activity_type_bsc_value_due")
        again = self.october.activity_ids.filtered(lambda a: a.activity_type_id == due)
        self.assertEqual(again.user_id, self.user, "the owner is asked again")
        with self.assertRaises(UserError):
            self.october.with_user(self.approver).action_approve()
        self.submit(11)
        self.assertEqual(self.october.approval_state, "submitted")
        self.assertFalse(self.october.rejection_reason)
        self.assertFalse(
            self.october.activity_ids.filtered(lambda a: a.activity_type_id == due)
        )

    def test_who_may_approve(self):
        self.submit(1)
        for user in (self.user, self.other):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.october.with_user(user).action_approve()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.october.with_user(user).action_reject()
            self.assertFalse(self.october.with_user(user).can_approve)
        self.assertTrue(self.october.with_user(self.approver).can_approve)
        # a manager may approve the values of others...
        self.october.with_user(self.manager).action_approve()
        self.assertEqual(self.october.approval_state, "approved")
        # ...not their own, unless they are the approver
        self.kpi.user_id = self.manager
        self.october.with_user(self.manager).actual_value = 2
        with self.assertRaises(AccessError):
            self.october.with_user(self.manager).action_approve()
        self.scorecard.approver_id = self.manager
        self.october.with_user(self.manager).action_approve()
        self.assertEqual(self.october.approval_state, "approved")
        # the named approver replaces the objective's owner
        self.october.with_user(self.manager).actual_value = 3
        with self.assertRaises(AccessError):
            self.october.with_user(self.approver).action_approve()

    def test_owner_cannot_set_the_state_themselves(self):
        self.submit(1)
        with self.assertRaises(AccessError):
            self.october.with_user(self.user).write({"approval_state": "approved"})

    def test_without_approval_values_are_scored_at_once(self):
        self.scorecard.require_approval = False
        self.submit(1)
        self.assertFalse(self.october.approval_state)
        self.assertEqual(self.october.status, "red")
