# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import closing
from datetime import date

from odoo import Command, sql_db
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from ..models.bsc_dashboard_cache import PAYLOAD_TABLE
from .common import BscCase, payload_kpi


def empty_shared_table(env):
    """Remove the payloads stored for the other workers.

    They are committed on a connection of their own, so they outlive the
    test's transaction: without this, a test would serve what an earlier one
    built at the same data version (the class's fixtures), as a deployment
    would, and its counts of builds would depend on the order of the tests.
    """
    with closing(sql_db.db_connect(env.cr.dbname).cursor()) as cr:
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(PAYLOAD_TABLE)))
        cr.commit()  # pylint: disable=invalid-commit


@tagged("post_install", "-at_install")
class TestDashboardCache(BscCase):
    """The dashboard payload is served again until something it shows changes.

    Every check compares the payload after a change with one built without
    the cache: a cache that missed the change would serve the old one.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_rates([(date(2026, 3, 10), 1.5)])
        only_xba = "[('currency_id.name', '=', 'XBA')]"
        cls.rates = cls.make_kpi(
            "RATES",
            source_type="source",
            source_id=cls.make_source("Rates set", domain=only_xba).id,
            target_value=2,
            red_flag_value=1,
        )
        cls.typed = cls.make_kpi("TYPED", objective=cls.objective_fin)
        cls.scorecard._bsc_recompute()
        cls.Dashboard = cls.env["bsc.dashboard"]

    def setUp(self):
        super().setUp()
        self.march = self.period("2026-03")
        empty_shared_table(self.env)

    def data(self, user=None, **context):
        Dashboard = self.Dashboard.with_user(user or self.manager)
        return Dashboard.with_context(**context).get_dashboard_data(
            self.scorecard.id, self.march.id, "period"
        )

    def stats(self):
        return dict(self.Dashboard._bsc_cache()[1])

    def served(self, user=None):
        """The payload served now, after checking that it is a fresh one."""
        before = self.stats()
        served = self.data(user)
        self.assertEqual(self.stats()["misses"], before["misses"] + 1, "not rebuilt")
        self.assertEqual(served, self.data(user, bsc_dashboard_cache=False))
        return served

    def test_served_again_when_nothing_changed(self):
        first = self.data()
        before = self.stats()
        queries = self.env.cr.sql_log_count
        again = self.data()
        self.assertEqual(self.env.cr.sql_log_count - queries, 1, "one query: version")
        self.assertEqual(self.stats()["hits"], before["hits"] + 1)
        self.assertEqual(again, first)
        # a copy: what a caller changes is not served to the next one
        again["matrix"]["perspectives"].clear()
        self.assertEqual(self.data(), first)
        # a change of ERP data the payload does not read keeps it
        self.make_rates([(date(2026, 3, 12), 2.5)])
        self.assertEqual(self.data(), first)
        self.assertEqual(self.stats()["hits"], before["hits"] + 3)

    def test_typed_value(self):
        self.data()
        self.measurement(self.typed, "2026-03").actual_value = 7
        self.assertEqual(payload_kpi(self.served(), "TYPED")["actual"], 7)

    def test_recompute(self):
        self.assertEqual(payload_kpi(self.data(), "RATES")["actual"], 1)
        self.make_rates([(date(2026, 3, 12), 2.5)])
        self.scorecard._bsc_recompute()
        self.assertEqual(payload_kpi(self.served(), "RATES")["actual"], 2)

    def test_target_change(self):
        self.assertEqual(payload_kpi(self.data(), "RATES")["target"], 2)
        # the period's own target (the KPI's reaches the periods at recompute)
        self.measurement(self.rates, "2026-03").target_value = 50
        self.assertEqual(payload_kpi(self.served(), "RATES")["target"], 50)

    def test_new_link(self):
        def effects(payload):
            for perspective in payload["matrix"]["perspectives"]:
                for objective in perspective["objectives"]:
                    if objective["id"] == self.objective.id:
                        return objective["effect_ids"]

        self.assertEqual(effects(self.data()), [])
        self.objective.effect_ids = [Command.link(self.objective_fin.id)]
        self.assertEqual(effects(self.served()), self.objective_fin.ids)

    def test_users_of_different_rights_never_share(self):
        as_manager = self.data(self.manager)
        self.assertTrue(as_manager["is_manager"])
        as_user = self.served(self.user)
        self.assertFalse(as_user["is_manager"])
        # and a change of a user's rights shows on their next call
        self.user.groups_id = [Command.link(self.ref("bsc_core.group_bsc_manager"))]
        self.assertTrue(self.served(self.user)["is_manager"])

    def test_same_access_shares_all_but_the_personal_parts(self):
        other = new_test_user(
            self.env,
            "test_bsc_cache_other",
            groups="bsc_core.group_bsc_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        # the same access as the manager, whatever groups the installed
        # addons give the manager of the test commons
        other.groups_id = [Command.set(self.manager.groups_id.ids)]
        self.typed.user_id = other
        as_manager = self.data(self.manager)
        before = self.stats()
        as_other = self.data(other)
        # record rules of the installed addons evaluated for each of them
        # (bsc_hr_link's goals depend on the user): shared only when equal
        readers = {
            self.Dashboard.with_user(user)._bsc_cache_reader()
            for user in (self.manager, other)
        }
        shared = 1 if len(readers) == 1 else 0
        self.assertEqual(self.stats()["hits"], before["hits"] + shared, "shared")
        self.assertEqual(as_other, self.data(other, bsc_dashboard_cache=False))
        self.assertEqual(as_other["user_id"], other.id)
        self.assertEqual(
            [k["code"] for k in as_other["kpis_to_enter"]], ["TYPED"], "theirs"
        )
        self.assertEqual(as_manager["user_id"], self.manager.id)
        self.assertNotIn("TYPED", [k["code"] for k in as_manager["kpis_to_enter"]])
        # a record rule on the user (global: not or-ed away) tells them apart
        self.env["ir.rule"].create(
            {
                "name": "Own initiatives only",
                "model_id": self.env.ref("bsc_core.model_bsc_initiative").id,
                "domain_force": "[('user_id', '=', user.id)]",
            }
        )
        self.data(self.manager)
        before = self.stats()
        self.data(other)
        self.assertEqual(self.stats()["misses"], before["misses"] + 1, "not shared")

    def test_reader_rules_read_at_once(self):
        """A reader new to a worker: the record rules of every model the
        payload reads, evaluated as Odoo evaluates them, in one query per
        model that has rules (Odoo's ``_compute_domain`` alone takes three),
        kept until a rule changes."""
        Dashboard = self.Dashboard.with_user(self.manager)
        Rule = self.env["ir.rule"].with_user(self.manager)
        names = sorted(Dashboard._bsc_cache_rule_models())
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT m.model FROM ir_rule r
                     JOIN ir_model m ON m.id = r.model_id
                    WHERE m.model IN %s AND r.active AND r.perm_read""",
                tuple(names),
            )
        )
        ruled = {name for (name,) in self.env.cr.fetchall()}
        self.assertGreater(len(ruled), 3, "the installed addons' rules")
        bare = next(n for n in names if n.startswith("bsc.") and n not in ruled)
        self.env.registry.clear_cache()
        self.env.invalidate_all()
        # the models with rules, their rules, their domains and groups, the
        # reader's groups, then one query per model (with _inherits too)
        with self.assertQueryCount(len(ruled) + 8):
            rules = Dashboard._bsc_cache_rules()
        with self.assertQueryCount(0):
            self.assertIs(Dashboard._bsc_cache_rules(), rules, "kept")
        self.env.registry.clear_cache()
        oracle = tuple((n, repr(Rule._compute_domain(n, "read"))) for n in names)
        self.assertEqual(rules, oracle)
        # a new rule on a model that had none shows at once
        self.env["ir.rule"].create(
            {
                "name": "Own records only",
                "model_id": self.env["ir.model"]._get_id(bare),
                "domain_force": "[('create_uid', '=', user.id)]",
            }
        )
        self.assertEqual(dict(rules)[bare], "[]")
        changed = dict(Dashboard._bsc_cache_rules())
        self.assertEqual(changed[bare], repr([("create_uid", "=", self.manager.id)]))

    def test_first_view_and_its_period_chosen_share(self):
        """The dashboard opened without arguments and the same scorecard and
        period chosen next (the client asks for them by id) are one payload,
        built once; another period is not."""
        Dashboard = self.Dashboard.with_user(self.manager)
        first = Dashboard.get_dashboard_data()
        self.assertTrue(first["period"], "the fixtures' frozen today has a period")
        scorecard, period = first["scorecard"]["id"], first["period"]["id"]
        before = self.stats()
        chosen = Dashboard.get_dashboard_data(scorecard, period, "period")
        self.assertEqual(self.stats()["misses"], before["misses"], "served")
        self.assertEqual(chosen, first)
        uncached = Dashboard.with_context(bsc_dashboard_cache=False)
        self.assertEqual(chosen, uncached.get_dashboard_data(scorecard, period))
        self.assertEqual(first, uncached.get_dashboard_data())
        other = self.march if self.march.id != period else self.period("2026-02")
        Dashboard.get_dashboard_data(scorecard, other.id, "period")
        self.assertEqual(self.stats()["misses"], before["misses"] + 1, "built")

    def test_default_scorecard_is_the_readers(self):
        """Two users of the same access whose last scorecards differ each
        open on their own: the default is not shared with the payload."""
        other = new_test_user(
            self.env,
            "test_bsc_cache_default",
            groups="bsc_core.group_bsc_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        second = self.scorecard.copy({"name": "Second scorecard"})
        Dashboard = self.Dashboard.with_user(self.manager)
        Dashboard.get_dashboard_data(self.scorecard.id)
        self.Dashboard.with_user(other).get_dashboard_data(second.id)
        self.assertEqual(
            Dashboard.get_dashboard_data()["scorecard"]["id"], self.scorecard.id
        )
        before = self.stats()
        by_default = self.Dashboard.with_user(other).get_dashboard_data()
        self.assertEqual(by_default["scorecard"]["id"], second.id)
        # not the manager's default: the payload of the scorecard they chose
        self.assertEqual(self.stats()["misses"], before["misses"], "theirs, served")
        self.assertEqual(
            by_default,
            self.Dashboard.with_user(other)
            .with_context(bsc_dashboard_cache=False)
            .get_dashboard_data(),
        )
        # a scorecard served from the cache is remembered as the user's last
        self.Dashboard.with_user(other).get_dashboard_data(self.scorecard.id)
        self.assertEqual(other.res_users_settings_id.bsc_scorecard_id, self.scorecard)

    def test_savepoint_rolled_back_is_not_served(self):
        self.data()
        measurement = self.measurement(self.typed, "2026-03")
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            measurement.actual_value = 3
            self.assertEqual(payload_kpi(self.served(), "TYPED")["actual"], 3)
            raise RuntimeError("roll back")
        self.env.invalidate_all()
        # back to the data of the first call: its payload is right again
        payload = self.data()
        self.assertIsNone(payload_kpi(payload, "TYPED")["actual"])
        self.assertEqual(payload, self.data(bsc_dashboard_cache=False))
        # a new statement after the rollback never counts the same again
        measurement.actual_value = 4
        self.assertEqual(payload_kpi(self.served(), "TYPED")["actual"], 4)

    def forget_worker_cache(self):
        """What another worker process sees: not this worker's payloads."""
        self.Dashboard._bsc_cache()[0].clear()

    def test_shared_by_the_workers(self):
        self.forget_worker_cache()
        first = self.data()
        self.forget_worker_cache()
        before = self.stats()
        queries = self.env.cr.sql_log_count
        again = self.data()
        # the version, and the payload another worker stored
        self.assertEqual(self.env.cr.sql_log_count - queries, 2)
        self.assertEqual(self.stats()["shared"], before["shared"] + 1)
        self.assertEqual(self.stats()["misses"], before["misses"])
        self.assertEqual(again, first)
        # this worker keeps it now
        self.data()
        self.assertEqual(self.stats()["hits"], before["hits"] + 1)
        # personal parts stay personal when the payload comes from the table
        self.assertEqual(self.data(self.user)["user_id"], self.user.id)

    def test_shared_payload_never_stale(self):
        self.forget_worker_cache()
        self.data()
        self.measurement(self.typed, "2026-03").actual_value = 7
        self.forget_worker_cache()
        # the other workers' row is of the old data version: rebuilt
        self.assertEqual(payload_kpi(self.served(), "TYPED")["actual"], 7)
        self.forget_worker_cache()
        before = self.stats()
        self.assertEqual(payload_kpi(self.data(), "TYPED")["actual"], 7)
        self.assertEqual(self.stats()["shared"], before["shared"] + 1)

    def test_triggers_follow_the_tables(self):
        Dashboard = self.Dashboard
        cr = self.env.cr
        cr.execute(
            """SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relname = 'bsc_measurement'
                  AND t.tgname = 'bsc_dashboard_version'"""
        )
        self.assertEqual(cr.fetchone()[0], 1)
        # a table no longer listed (its addon uninstalled) loses its trigger
        tables = Dashboard._bsc_cache_tables()
        self.patch(
            type(Dashboard),
            "_bsc_cache_tables",
            lambda self: tables - {"bsc_initiative"},
        )
        Dashboard._bsc_cache_setup()
        cr.execute(
            """SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE t.tgname LIKE 'bsc_dashboard_version%%'"""
        )
        watched = {row[0] for row in cr.fetchall()}
        self.assertNotIn("bsc_initiative", watched)
        self.assertIn("bsc_measurement", watched)
        self.assertIn("mail_message", watched)
