# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import BscCase, payload_kpi
from .test_dashboard_cache import empty_shared_table

ROUTE = "/bsc/dashboard/data"


@tagged("post_install", "-at_install")
class TestDashboardRoute(HttpCase, BscCase):
    """``GET /bsc/dashboard/data``: the dashboard's payload over real HTTP,
    the same as the JSON-RPC call's, from the payload cache's JSON bytes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.typed = cls.make_kpi("TYPED", objective=cls.objective_fin)
        cls.make_rates([(date(2026, 3, 10), 1.5)])
        cls.scorecard._bsc_recompute()
        cls.march = cls.scorecard.period_ids.filtered(lambda p: p.name == "2026-03")

    def setUp(self):
        super().setUp()
        empty_shared_table(self.env)

    def params(self, **extra):
        return {
            "scorecard_id": self.scorecard.id,
            "period_id": self.march.id,
            "mode": "period",
            **extra,
        }

    def get(self, headers=None, **params):
        """The route's answer to the session of the last ``authenticate``."""
        query = "&".join(f"{k}={v}" for k, v in self.params(**params).items())
        return self.url_open(f"{ROUTE}?{query}", headers=headers, allow_redirects=False)

    def rpc(self, user):
        """The raw JSON-RPC answer to the web client's call, with its context."""
        body = {
            "id": 1,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "bsc.dashboard",
                "method": "get_dashboard_data",
                "args": [],
                "kwargs": {
                    "scorecard_id": self.scorecard.id,
                    "period_id": self.march.id,
                    "mode": "period",
                    "context": {
                        "lang": user.lang,
                        "tz": user.tz or False,
                        "uid": user.id,
                        "allowed_company_ids": user.company_id.ids,
                    },
                },
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/bsc.dashboard/get_dashboard_data",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_the_rpc_payload(self):
        self.authenticate(self.manager.login, self.manager.login)
        response = self.get(cids=self.company.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"], "application/json; charset=utf-8"
        )
        # compressed here (Odoo does not), decoded by requests
        self.assertEqual(response.headers["Content-Encoding"], "gzip")
        payload = response.json()
        self.assertEqual(payload, self.rpc(self.manager)["result"])
        self.assertEqual(payload["user_id"], self.manager.id)
        self.assertEqual(payload_kpi(payload, "TYPED")["code"], "TYPED")
        # served again from the cache's bytes: the same
        self.assertEqual(self.get(cids=self.company.id).json(), payload)
        # without the companies parameter: the user's company, as in the RPC
        self.assertEqual(self.get().json(), payload)

    def test_users_of_different_rights_never_share(self):
        self.authenticate(self.manager.login, self.manager.login)
        as_manager = self.get().json()
        self.assertTrue(as_manager["is_manager"])
        self.assertEqual(as_manager["user_id"], self.manager.id)
        self.authenticate(self.user.login, self.user.login)
        response = self.get()
        as_user = response.json()
        self.assertFalse(as_user["is_manager"])
        self.assertEqual(as_user["user_id"], self.user.id)
        self.assertEqual(as_user, self.rpc(self.user)["result"])
        # and a tag of its own
        self.authenticate(self.manager.login, self.manager.login)
        self.assertNotEqual(response.headers["ETag"], self.get().headers["ETag"])

    def test_same_access_shares_the_payload(self):
        other = new_test_user(
            self.env,
            "test_bsc_route_other",
            groups="bsc_core.group_bsc_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        other.groups_id = [Command.set(self.manager.groups_id.ids)]
        self.authenticate(self.manager.login, self.manager.login)
        as_manager = self.get(cids=self.company.id).json()
        stats = self.env["bsc.dashboard"]._bsc_cache()[1]
        before = dict(stats)
        # the session's context holds the reader's uid: not part of the key
        self.authenticate(other.login, other.login)
        as_other = self.get(cids=self.company.id).json()
        self.assertEqual(stats["misses"], before["misses"], "rebuilt for a user")
        self.assertEqual(stats["hits"], before["hits"] + 1)
        self.assertEqual(as_other["user_id"], other.id)
        self.assertEqual(as_other, dict(as_manager, user_id=other.id))

    def test_typed_value_shows_on_the_next_call(self):
        self.authenticate(self.manager.login, self.manager.login)
        self.assertFalse(payload_kpi(self.get().json(), "TYPED")["actual"])
        self.measurement(self.typed, "2026-03").actual_value = 7
        self.env.flush_all()
        self.assertEqual(payload_kpi(self.get().json(), "TYPED")["actual"], 7)

    def test_read_only_build_is_shared(self):
        """The route runs on a read-only cursor (``readonly=True``): the
        payload it builds is stored for the other workers all the same."""
        self.authenticate(self.manager.login, self.manager.login)
        # the first call remembers the scorecard: a write, which Odoo
        # retries on a read/write cursor
        self.get()
        self.measurement(self.typed, "2026-03").actual_value = 9
        self.env.flush_all()
        Dashboard = self.env["bsc.dashboard"]
        stats = Dashboard._bsc_cache()[1]
        before = dict(stats)
        built = self.get().json()
        self.assertEqual(payload_kpi(built, "TYPED")["actual"], 9)
        self.assertEqual(stats["misses"], before["misses"] + 1)
        # another worker: not this one's memory
        Dashboard._bsc_cache()[0].clear()
        self.assertEqual(self.get().json(), built)
        self.assertEqual(stats["misses"], before["misses"] + 1, "rebuilt")
        self.assertEqual(stats["shared"], before["shared"] + 1)

    def test_etag(self):
        self.authenticate(self.manager.login, self.manager.login)
        first = self.get()
        etag = first.headers["ETag"]
        self.assertEqual(first.headers["Cache-Control"], "private, no-cache")
        unchanged = self.get(headers={"If-None-Match": etag})
        self.assertEqual(unchanged.status_code, 304)
        self.assertEqual(unchanged.content, b"")
        # a tag of another representation or a weak one is the same view
        self.assertEqual(
            self.get(headers={"If-None-Match": f"W/{etag}"}).status_code, 304
        )
        self.measurement(self.typed, "2026-03").actual_value = 8
        self.env.flush_all()
        changed = self.get(headers={"If-None-Match": etag})
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed.headers["ETag"], etag)
        self.assertEqual(payload_kpi(changed.json(), "TYPED")["actual"], 8)

    def test_refused_without_a_session(self):
        response = self.get()
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertNotIn(b"matrix", response.content)

    def test_no_rights_same_error_as_rpc(self):
        # a user of company B asks for company A's scorecard
        self.authenticate(self.user_b.login, self.user_b.login)
        response = self.get()
        self.assertEqual(response.status_code, 403)
        error = response.json()["error"]
        expected = self.rpc(self.user_b)["error"]
        self.assertEqual(error["data"]["name"], "odoo.exceptions.AccessError")
        self.assertEqual(error["data"]["name"], expected["data"]["name"])
        self.assertEqual(error["data"]["message"], expected["data"]["message"])
        self.assertEqual(error["message"], expected["message"])
        # a company not theirs is refused too
        response = self.get(scorecard_id="", cids=self.company.id)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("matrix", response.json())
