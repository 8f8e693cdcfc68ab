# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import pickle
import threading
import time
from contextlib import closing
from types import SimpleNamespace

from odoo import sql_db
from odoo.tests import tagged
from odoo.tools import SQL

from ..models import bsc_dashboard_cache
from ..models.bsc_dashboard_cache import PAYLOAD_TABLE, _Entry, _lock_keys, _store
from .common import BscCase
from .test_dashboard_cache import empty_shared_table


@tagged("post_install", "-at_install")
class TestDashboardCacheSingleFlight(BscCase):
    """A missing payload is built once for all the workers, and the row that
    shares it survives whatever becomes of the request that built it.

    "Another worker" is a connection of its own to the same database: it
    sees what is committed, never the test's transaction, as a worker
    process sees another's.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.typed = cls.make_kpi("TYPED", objective=cls.objective_fin)
        cls.scorecard._bsc_recompute()
        cls.Dashboard = cls.env["bsc.dashboard"]

    def setUp(self):
        super().setUp()
        self.march = self.period("2026-03")
        empty_shared_table(self.env)
        self.forget_worker_cache()
        # a data version of this test alone
        measurement = self.measurement(self.typed, "2026-03")
        self.assertTrue(measurement)
        measurement.actual_value = 1
        # the manager's last scorecard is this one: a call writes nothing
        self.Dashboard.with_user(self.manager)._bsc_dashboard_remember(self.scorecard)
        self.env.flush_all()

    def data(self, **context):
        Dashboard = self.Dashboard.with_user(self.manager).with_context(**context)
        return Dashboard.get_dashboard_data(self.scorecard.id, self.march.id, "period")

    def lookup(self):
        """``(key, digest)`` of :meth:`data`'s call."""
        Dashboard = self.Dashboard.with_user(self.manager)
        return Dashboard._bsc_cache_lookup_key(
            self.scorecard.id, self.march.id, "period"
        )

    def stats(self):
        return dict(self.Dashboard._bsc_cache()[1])

    def forget_worker_cache(self):
        """What another worker process sees: not this worker's payloads."""
        self.Dashboard._bsc_cache()[0].clear()

    def worker_cursor(self):
        """A connection of another worker (committed data only)."""
        return closing(sql_db.db_connect(self.env.cr.dbname).cursor())

    def served_without_rebuild(self, expected):
        self.forget_worker_cache()
        before = self.stats()
        self.assertEqual(self.data(), expected)
        self.assertEqual(self.stats()["misses"], before["misses"], "rebuilt")
        self.assertEqual(self.stats()["shared"], before["shared"] + 1)

    def test_row_outlives_a_rolled_back_request(self):
        """A request that fails after the build (or is retried after a
        serialization failure) rolls back: the row stays."""
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            before = self.stats()
            built = self.data()
            self.assertEqual(self.stats()["misses"], before["misses"] + 1)
            raise RuntimeError("the request fails after the build")
        self.env.invalidate_all()
        self.served_without_rebuild(built)

    def test_read_only_request_stores_its_build(self):
        """A read-only transaction (a route with ``readonly=True``, a
        replica) cannot write the row: it is written elsewhere."""
        with self.assertRaises(RuntimeError), self.env.cr.savepoint(flush=False):
            self.env.cr.execute("SET TRANSACTION READ ONLY")
            before = self.stats()
            built = self.data()
            self.assertEqual(self.stats()["misses"], before["misses"] + 1)
            raise RuntimeError("end of the read-only request")
        self.env.invalidate_all()
        self.served_without_rebuild(built)

    def hold_lock(self, digest, then):
        """Worker A: hold the key's lock on a connection of its own, then
        call ``then(cr)`` and commit (which releases it), in a thread."""
        locked = threading.Event()
        errors = []

        def worker_a():
            try:
                with self.worker_cursor() as cr:
                    cr.execute(
                        "SELECT pg_advisory_xact_lock(%s, %s)", _lock_keys(digest)
                    )
                    locked.set()
                    then(cr)
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as error:  # noqa: BLE001 (reported by the test)
                errors.append(error)
                locked.set()

        thread = threading.Thread(target=worker_a, daemon=True)
        thread.start()
        self.assertTrue(locked.wait(30), "worker A never took the lock")
        self.addCleanup(self.assertFalse, errors)
        return thread

    def test_waits_for_the_worker_building_it(self):
        key, digest = self.lookup()
        payload = self.data(bsc_dashboard_cache=False)
        # worker A's payload, told apart from a build of this worker's
        payload["scorecard"]["name"] = "Built by worker A"
        entry = _Entry(pickle.dumps(payload, pickle.HIGHEST_PROTOCOL), {})
        polled = threading.Event()

        def poll(seconds):
            polled.set()
            time.sleep(seconds)

        # B tells A when it has found the lock taken and waits (long enough
        # for A on a busy machine)
        self.patch(bsc_dashboard_cache, "time", SimpleNamespace(sleep=poll))
        self.patch(bsc_dashboard_cache, "LOCK_WAIT", 30.0)

        def build_and_store(cr):
            if polled.wait(15):
                # A stores its row while B waits (never waits for the
                # test's transaction: no hang when B wrongly stored there)
                cr.execute("SET LOCAL lock_timeout = '2s'")
                _store(cr, digest, key[-1], entry)

        thread = self.hold_lock(digest, build_and_store)
        before = self.stats()
        served = self.data()
        thread.join(30)
        self.assertTrue(polled.is_set(), "did not wait for worker A")
        self.assertEqual(served["scorecard"]["name"], "Built by worker A")
        self.assertEqual(served["user_id"], self.manager.id)
        self.assertEqual(self.stats()["misses"], before["misses"], "rebuilt")
        self.assertEqual(self.stats()["shared"], before["shared"] + 1)
        self.assertEqual(self.stats()["waits"], before["waits"] + 1)
        self.assertEqual(self.stats()["timeouts"], before["timeouts"])
        self._cleanup_rows([digest])

    def test_builds_after_waiting_in_vain(self):
        self.patch(bsc_dashboard_cache, "LOCK_WAIT", 0.1)
        __, digest = self.lookup()
        done = threading.Event()
        # worker A takes the lock and never stores (a build slower than
        # LOCK_WAIT, or stuck)
        thread = self.hold_lock(digest, lambda cr: done.wait(30))
        before = self.stats()
        try:
            served = self.data()
        finally:
            done.set()
            thread.join(30)
        self.assertEqual(served, self.data(bsc_dashboard_cache=False))
        self.assertEqual(self.stats()["misses"], before["misses"] + 1)
        self.assertEqual(self.stats()["timeouts"], before["timeouts"] + 1)
        self.assertEqual(self.stats()["waits"], before["waits"] + 1)
        # and stored for the others
        self.served_without_rebuild(served)

    def _cleanup_rows(self, keys):
        with self.worker_cursor() as cr:
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE key = ANY(%s)",
                    SQL.identifier(PAYLOAD_TABLE),
                    list(keys),
                )
            )
            cr.commit()  # pylint: disable=invalid-commit

    def test_clean_up_keeps_the_newest_version(self):
        """The clean-up after a store removes old rows of other versions,
        never those of the newest committed version, even when the request
        that stores is of an older snapshot (here: the test's transaction,
        whose uncommitted fixtures make its version its own)."""
        Dashboard = self.Dashboard
        rows = {
            "bsc-test-newest": (None, "1 hour"),
            "bsc-test-gone": ("an old version", "1 hour"),
            "bsc-test-young": ("an old version", "0 seconds"),
        }
        self.addCleanup(self._cleanup_rows, rows)
        with self.worker_cursor() as cr:
            cr.execute(SQL("SELECT %s", Dashboard._bsc_cache_version_sql()))
            newest = cr.fetchone()[0]
            for key, (version, age) in rows.items():
                cr.execute(
                    SQL(
                        """INSERT INTO %s (key, version, payload, created)
                           VALUES (%s, %s, '\\x00', now() - %s::interval)""",
                        SQL.identifier(PAYLOAD_TABLE),
                        key,
                        version or newest,
                        age,
                    )
                )
            cr.commit()  # pylint: disable=invalid-commit
        key, digest = self.lookup()
        self.assertNotEqual(key[-1], newest)
        before = self.stats()
        self.data()
        self.assertEqual(self.stats()["misses"], before["misses"] + 1)
        with self.worker_cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT key FROM %s WHERE key = ANY(%s)",
                    SQL.identifier(PAYLOAD_TABLE),
                    [*rows, digest],
                )
            )
            kept = {row[0] for row in cr.fetchall()}
        self.assertEqual(kept, {"bsc-test-newest", "bsc-test-young", digest})
