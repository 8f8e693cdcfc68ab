# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import BscHrCase


@tagged("post_install", "-at_install")
class TestDashboardSharing(BscHrCase):
    """Goals' per-person rules do not split the dashboard's payload cache."""

    def test_colleagues_of_the_same_access_share_a_payload(self):
        users = [
            new_test_user(
                self.env,
                f"test_bsc_hr_share_{n}",
                groups="bsc_core.group_bsc_manager",
                company_id=self.company.id,
                company_ids=[Command.set(self.company.ids)],
            )
            for n in (1, 2)
        ]
        users[1].groups_id = [Command.set(users[0].groups_id.ids)]
        # each one has goal rules of their own (on user.id)...
        goal_rules = [
            self.env["ir.rule"].with_user(user)._compute_domain("bsc.goal", "read")
            for user in users
        ]
        self.assertNotEqual(repr(goal_rules[0]), repr(goal_rules[1]))
        # ...which the payload never reads as them: one reader, one payload
        dashboard = self.env["bsc.dashboard"]
        readers = [dashboard.with_user(user)._bsc_cache_reader() for user in users]
        self.assertEqual(readers[0], readers[1])
        self.assertNotIn("bsc.goal", dashboard._bsc_cache_rule_models())
