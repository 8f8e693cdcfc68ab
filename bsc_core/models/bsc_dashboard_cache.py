# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The dashboard payload cache: a change can never make it stale.

A payload is kept in the worker process that built it and, for the other
workers, in an UNLOGGED table (``bsc_dashboard_payload``, under a digest of
the key), keyed by everything it depends on:
the database, the arguments, the reader's access
(:meth:`BscDashboard._bsc_cache_reader`), the allowed companies and the
context (language...), "today" in the time zone of every scorecard (the
running period, the default scorecard and date-dependent banners follow
it), and a *data version*.

A payload missing from both is built once for all the workers: the first
takes a lock on the key and builds, the others wait for its row
(:meth:`BscDashboard._bsc_cache_single_flight`). The row is written and
committed on a connection of its own, so that it does not depend on the
request's transaction (read-only, retried or rolled back).

The data version is the fingerprint of a small table,
``bsc_dashboard_version``, to which PostgreSQL triggers on every table the
payload reads add a row per writing transaction (``tx``, its id; ``n``, a
fresh sequence number at each of its statements there). The row is written
by the statement that changes the data, so it commits (or rolls back) with
it, and a reader's snapshot (Odoo's REPEATABLE READ transaction) sees the
change and the row together, or neither. The fingerprint is read in one
query in the snapshot that builds the payload. Unlike ``max(write_date)``
it sees deletes, bulk SQL and transactions that commit an older stamp late;
unlike a bare sequence it never moves before the change is visible (the
sequence only stamps rows, which are seen with the change); unlike one
shared counter row, writers never wait for each other (each inserts or
updates its own row, keyed by its own transaction id), so a long recompute
cannot fail on a serialization error because a user typed a value
meanwhile.

Two snapshots with the same fingerprint see the same committed writing
transactions of those tables, hence the same data. A transaction that
wrote and rolled back left an id no later snapshot holds, so what it cached
is never served again; a statement rolled back to a savepoint leaves the
row as it was before it, with the data, and the next statement takes a
number never used. :meth:`BscDashboard._bsc_cache_compact` (daily,
``ir.autovacuum``) folds committed rows into one under a new transaction
id: the data is the same, the fingerprint new, so it only costs a miss.

The tables are listed by :meth:`BscDashboard._bsc_cache_tables`; an addon
whose payload reads more tables extends it (see ``readme/DEVELOP.md``).
Triggers follow the list in ``init()`` and ``_register_hook()`` (so an
uninstalled addon's tables lose them); ``uninstall_hook`` of bsc_core
removes them all.
"""

import datetime
import hashlib
import json
import logging
import pickle
import time
import zlib
from contextlib import closing, nullcontext

import psycopg2
import pytz
from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, models, sql_db
from odoo.tools import SQL, json_default, ormcache
from odoo.tools.lru import LRU

_logger = logging.getLogger(__name__)

VERSION_TABLE = "bsc_dashboard_version"
BUMP_FUNCTION = "bsc_dashboard_version_bump"
TRIGGER = "bsc_dashboard_version"
# the rows' n: a value never handed out twice, even when a savepoint rolls
# a statement back (a counter would count the same number again)
SEQUENCE = "bsc_dashboard_version_seq"
# Payloads kept per worker process and database
CACHE_SIZE = 256
# Payloads shared by the worker processes (an UNLOGGED table: a cache, lost
# on a crash): a payload built by one worker is served by the others
PAYLOAD_TABLE = "bsc_dashboard_payload"
# Rows of other data versions are removed once older than this
PAYLOAD_TTL = "5 minutes"
# Single flight: on a miss, a worker takes a lock on the key (a PostgreSQL
# advisory lock, on a connection of its own) before building; the others
# wait for it, polling every LOCK_POLL seconds, then serve its row. After
# LOCK_WAIT seconds a worker builds anyway (counted as a timeout). The wait
# is counted in polls, not measured with a clock (tests freeze the clock).
LOCK_WAIT = 5.0
LOCK_POLL = 0.02
# The advisory locks' first key (the second is taken from the digest): the
# two-key space, apart from the one-key locks other code takes (queue_job)
LOCK_CLASS = zlib.crc32(PAYLOAD_TABLE.encode()) - 2**31
# Context key: False to build the payload without the cache
CACHE_CONTEXT = "bsc_dashboard_cache"
# Context key: while a payload is built for the cache, {uid: kpis_to_enter}
OWNERS_CONTEXT = "bsc_dashboard_cache_owners"
# Base tables the payload reads: users and their rights (record rules can
# depend on the user, groups and companies), partners and companies (names
# shown), languages
BASE_TABLES = (
    "res_users",
    "res_groups",
    "res_groups_users_rel",
    "res_groups_implied_rel",
    "res_company",
    "res_company_users_rel",
    "res_partner",
    "res_lang",
    "res_currency",
    "ir_rule",
    "rule_group_rel",
    "ir_model_access",
)
# Tables of which only some rows matter: {table: SQL condition on the row,
# written for NEW (OLD for deletes)}
FILTERED_TABLES = {
    # the objectives' notes
    "mail_message": "{row}.model = 'bsc.objective'",
}


# What depends on the reader and not on their access
# (:meth:`BscDashboard._bsc_cache_personal`)
PERSONAL_KEYS = ("user_id", "kpis_to_enter")
# Changes when what the cache stores changes shape: part of every digest,
# so that rows of an older shape in the shared table are never read
FORMAT = 2


class _Entry:
    """A cached payload: pickled (the ORM method's copy), the KPIs to enter
    of its owners, and its JSON without the reader's parts (the HTTP
    route's body; built at the first call that needs it)."""

    __slots__ = ("json", "owners", "pickled")

    def __init__(self, pickled, owners, json_=None):
        self.pickled = pickled
        self.owners = owners
        self.json = json_


def _json_bytes(data):
    """``data`` encoded as Odoo's JSON responses encode it."""
    return json.dumps(data, ensure_ascii=False, default=json_default).encode()


def _shared_json(payload):
    """The JSON of a payload without the reader's parts."""
    return _json_bytes({k: v for k, v in payload.items() if k not in PERSONAL_KEYS})


def _lock_keys(digest):
    """The two keys of the advisory lock of a digest (two keys of a collision
    only make one worker wait for the other's build)."""
    return LOCK_CLASS, int.from_bytes(bytes.fromhex(digest[:8]), "big", signed=True)


def _fetch(cr, digest):
    """The :class:`_Entry` stored under ``digest`` in the shared table, as
    ``cr``'s snapshot sees it, or None."""
    cr.execute(
        SQL(
            "SELECT payload FROM %s WHERE key = %s",
            SQL.identifier(PAYLOAD_TABLE),
            digest,
        )
    )
    row = cr.fetchone()
    if row is None:
        return None
    # pickled, as in the worker's cache: the payload comes back as it was
    # built (JSON would turn its integer keys into strings); the table is
    # written by this code only, with the database's own rights
    return _Entry(*pickle.loads(row[0]))


def _store(cr, digest, version, entry):
    """Insert ``entry`` under ``digest`` (nothing when a row is there: the
    same key is the same payload); not committed."""
    data = psycopg2.Binary(
        pickle.dumps((entry.pickled, entry.owners, entry.json), pickle.HIGHEST_PROTOCOL)
    )
    cr.execute(
        SQL(
            """INSERT INTO %(table)s (key, version, payload)
               VALUES (%(key)s, %(version)s, %(payload)s)
               ON CONFLICT (key) DO NOTHING""",
            table=SQL.identifier(PAYLOAD_TABLE),
            key=digest,
            version=version,
            payload=data,
        )
    )


def _freeze(value):
    """A hashable copy of a context value (lists become tuples)."""
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    hash(value)
    return value


class BscDashboard(models.AbstractModel):
    _inherit = "bsc.dashboard"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # The cached entry point
    # ------------------------------------------------------------------

    @api.model
    def get_dashboard_data(self, scorecard_id=None, period_id=None, mode="period"):
        if self.env.context.get(CACHE_CONTEXT) is False:
            return super().get_dashboard_data(scorecard_id, period_id, mode)
        found = self._bsc_cache_entry(scorecard_id, period_id, mode)
        if isinstance(found, dict):
            return found
        __, entry, built = found
        # a copy unless just built: what a caller changes is not served again
        result = built if built is not None else pickle.loads(entry.pickled)
        return self._bsc_cache_personal(result, entry.owners)

    @api.model
    def _bsc_dashboard_json(self, scorecard_id=None, period_id=None, mode="period"):
        """``(etag, body)``: :meth:`get_dashboard_data`'s payload as the JSON
        bytes the JSON-RPC route writes for it, and a tag of that body (None
        when the payload cannot be cached).

        The transport of the dashboard's own route
        (``/bsc/dashboard/data``, ``controllers/dashboard.py``): a served
        payload is neither unpickled nor encoded again; only the reader's
        own parts (:meth:`_bsc_cache_personal`) are written in front of the
        JSON stored with it. The tag is the digest of the cache key (data
        version, reader's access, context, arguments) and the reader's id:
        the same tag, the same body.
        """
        found = None
        if self.env.context.get(CACHE_CONTEXT) is not False:
            found = self._bsc_cache_entry(scorecard_id, period_id, mode)
        if found is None or isinstance(found, dict):
            if found is None:
                found = self.get_dashboard_data(scorecard_id, period_id, mode)
            return None, _json_bytes(found)
        digest, entry, built = found
        shared = entry.json
        if shared is None:
            payload = built if built is not None else pickle.loads(entry.pickled)
            shared = entry.json = _shared_json(payload)
        personal = _json_bytes(self._bsc_cache_personal({}, entry.owners))
        if shared == b"{}":
            body = personal
        else:
            body = personal[:-1] + b", " + shared[1:]
        return f"{digest[:40]}-{self.env.uid}", body

    def _bsc_cache_lookup_key(self, scorecard_id, period_id, mode):
        """``(key, digest)`` of a call, or None when it cannot be cached."""
        scorecard_part = self._bsc_cache_scorecard(scorecard_id)
        key = self._bsc_cache_key(
            scorecard_part, self._bsc_cache_period(scorecard_part, period_id), mode
        )
        if key is None:
            return None
        return key, hashlib.sha256(repr((FORMAT, key)).encode()).hexdigest()

    def _bsc_cache_entry(self, scorecard_id, period_id, mode):
        """``(digest, entry, built)``: the digest of the cache key, the
        cached :class:`_Entry` and, when this call built it, the payload
        (else None); or the payload itself when it cannot be cached.

        Looked up in this worker's memory, then in the shared table; on a
        miss the payload is built once for all workers
        (:meth:`_bsc_cache_single_flight`).
        """
        if scorecard_id:
            # what the uncached call does (the user's settings are not
            # watched: the choice changes no payload, only the default one,
            # which is part of the key)
            scorecard = self.env["bsc.scorecard"].browse(scorecard_id)
            last = self.env.user.sudo().res_users_settings_id.bsc_scorecard_id
            if last != scorecard and scorecard.exists():
                scorecard.check_access("read")
                self._bsc_dashboard_remember(scorecard)
        found = self._bsc_cache_lookup_key(scorecard_id, period_id, mode)
        if found is None:
            return super().get_dashboard_data(scorecard_id, period_id, mode)
        key, digest = found
        cache, stats = self._bsc_cache()
        entry = cache.get(key)
        if entry is not None:
            stats["hits"] += 1
            return digest, entry, None
        entry = self._bsc_cache_shared_get(digest)
        if entry is not None:
            stats["shared"] += 1
            cache[key] = entry
            return digest, entry, None
        return self._bsc_cache_single_flight(key, digest, scorecard_id, period_id, mode)

    def _bsc_cache_single_flight(self, key, digest, scorecard_id, period_id, mode):
        """Build a missing payload once for all the workers.

        On a connection of its own (:meth:`_bsc_cache_cursor`, READ
        COMMITTED), the worker takes the key's advisory lock, waiting while
        another worker holds it (it is building that payload) up to
        :data:`LOCK_WAIT`, then looks for the row again: what the lock's
        last holder stored is served. Else it builds, stores the row and
        commits it on that connection (which releases the lock): the row
        does not depend on the request's transaction, which may be
        read-only (a replica), retried or rolled back.

        The payload is built in the request's own transaction, as its
        reader: the key's data version is that of the request's snapshot,
        and only that snapshot (with the request's own pending writes) is
        sure to match it; the other connection's snapshot moves at each
        statement. Rows older than :data:`PAYLOAD_TTL` of neither this
        version nor the newest committed one are then removed, in a
        transaction of their own, skipping rows another worker is removing.
        """
        cache, stats = self._bsc_cache()
        try:
            cr = self._bsc_cache_cursor()
        except psycopg2.Error as error:  # PoolError too: the pool is full
            # no connection to spare: build for this worker alone
            _logger.warning("dashboard cache: payload not shared: %s", error)
            cr = None
        with closing(cr) if cr is not None else nullcontext():
            if cr is not None:
                waited, locked = self._bsc_cache_lock(cr, digest)
                stats["waits"] += int(waited)
                entry = _fetch(cr, digest)
                if entry is not None:
                    stats["shared"] += 1
                    cache[key] = entry
                    return digest, entry, None
                if not locked:
                    stats["timeouts"] += 1
            stats["misses"] += 1
            owners = {}
            result = super(
                BscDashboard, self.with_context(**{OWNERS_CONTEXT: owners})
            ).get_dashboard_data(scorecard_id, period_id, mode)
            entry = _Entry(pickle.dumps(result, pickle.HIGHEST_PROTOCOL), owners)
            # the payload was built in this snapshot; if this transaction
            # changed the data meanwhile, the key no longer describes it
            self.env.flush_all()
            if self._bsc_cache_version() == key[-1]:
                # encoded once for every reader of the HTTP route
                entry.json = _shared_json(result)
                cache[key] = entry
                if cr is not None:
                    self._bsc_cache_shared_put(cr, digest, key[-1], entry)
        return digest, entry, result

    def _bsc_cache_cursor(self):
        """A cursor on a connection of its own to the primary database, in
        READ COMMITTED (each statement sees what was committed before it).

        From the registry's connection pool, as ``registry.cursor()`` gives
        outside tests (in tests it hands out the test's transaction again,
        whose commit is only a savepoint's release). A worker holds it next
        to the request's connection while it waits or builds: two
        connections (``db_maxconn``).
        """
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
        return cr

    def _bsc_cache_lock(self, cr, digest):
        """``(waited, locked)``: take the digest's advisory lock in ``cr``'s
        transaction, polling every :data:`LOCK_POLL` s up to
        :data:`LOCK_WAIT` s while another worker holds it."""
        tries = max(1, round(LOCK_WAIT / LOCK_POLL))
        query = SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", *_lock_keys(digest))
        for attempt in range(tries + 1):
            cr.execute(query)
            if cr.fetchone()[0]:
                return bool(attempt), True
            if attempt < tries:
                time.sleep(LOCK_POLL)
        return True, False

    def _bsc_cache_shared_get(self, digest):
        """The :class:`_Entry` another worker stored under this key, as the
        request's snapshot sees it, or None.

        The key holds the data version, so a row found describes the data of
        this snapshot, whoever wrote it and whenever. Not on a read replica:
        a standby cannot read an UNLOGGED table (nor has its rows); the
        primary is asked by :meth:`_bsc_cache_single_flight`.
        """
        if self.env.cr.readonly:
            return None
        return _fetch(self.env.cr, digest)

    def _bsc_cache_shared_put(self, cr, digest, version, entry):
        """Store a payload for the other workers and commit it on ``cr``
        (a connection of its own, :meth:`_bsc_cache_cursor`), then remove
        old rows.

        The clean-up comes after the commit and in its own transaction, so
        its failure never takes the new row with it; it keeps the rows of
        this version and of the newest committed one (a request of an older
        snapshot must not remove what the others serve now), and skips the
        rows another worker is removing instead of waiting for it.
        """
        try:
            _store(cr, digest, version, entry)
            cr.commit()  # pylint: disable=invalid-commit
        except psycopg2.Error as error:
            cr.rollback()
            _logger.warning("dashboard cache: payload not shared: %s", error)
            return
        try:
            cr.execute(
                SQL(
                    """DELETE FROM %(table)s
                        WHERE key IN (
                              SELECT key FROM %(table)s
                               WHERE version <> %(version)s
                                 AND version <> %(newest)s
                                 AND created < now() - %(ttl)s::interval
                                 FOR UPDATE SKIP LOCKED)""",
                    table=SQL.identifier(PAYLOAD_TABLE),
                    version=version,
                    newest=self._bsc_cache_version_sql(),
                    ttl=PAYLOAD_TTL,
                )
            )
            cr.commit()  # pylint: disable=invalid-commit
        except psycopg2.Error as error:
            cr.rollback()
            _logger.warning("dashboard cache: old payloads not removed: %s", error)

    def _bsc_cache_scorecard(self, scorecard_id):
        """The scorecard part of the key: the one asked for, or else the
        default one, which depends on the reader (their last or their own
        scorecard: :meth:`_bsc_dashboard_default`), not only on their
        access."""
        if scorecard_id:
            return scorecard_id
        scorecards = self.env["bsc.scorecard"].search(
            [("company_id", "in", self.env.companies.ids)]
        )
        # the default one's id: the dashboard opened without a scorecard and
        # the same scorecard chosen show the same payload
        return self._bsc_dashboard_default(scorecards).id or ("default", None)

    def _bsc_cache_period(self, scorecard_id, period_id):
        """The period part of the key: the one asked for, or else the one
        the dashboard opens on (:meth:`_bsc_dashboard_default_period`), so
        that the first view and the same period chosen next (the client
        asks for it by id) share one payload. The scorecard's id when it is
        one the reader can read, else the call's own arguments."""
        if period_id or not isinstance(scorecard_id, int):
            return period_id
        scorecard = self.env["bsc.scorecard"].browse(scorecard_id).exists()
        if not scorecard or not scorecard.has_access("read"):
            return period_id
        return self._bsc_dashboard_default_period(scorecard).id or period_id

    def _bsc_cache_personal(self, payload, owners):
        """A shared payload made the reader's: what depends on who reads it
        and not on their access (see :meth:`_bsc_cache_reader`)."""
        payload["user_id"] = self.env.uid
        payload["kpis_to_enter"] = owners.get(self.env.uid, [])
        return payload

    def _bsc_dashboard_kpis_to_enter(self, scorecard):
        """While a payload is built for the cache, the KPIs to enter of every
        owner of a manual KPI of the scorecard, for readers of the same
        access to whom it is served."""
        result = super()._bsc_dashboard_kpis_to_enter(scorecard)
        owners = self.env.context.get(OWNERS_CONTEXT)
        if owners is not None:
            owners[self.env.uid] = result
            manual = scorecard.sudo().kpi_ids.filtered(
                lambda k: k.source_type == "manual"
            )
            for owner in manual.user_id - self.env.user:
                as_owner = self.with_user(owner)
                owners[owner.id] = super(
                    BscDashboard, as_owner
                )._bsc_dashboard_kpis_to_enter(scorecard.with_user(owner))
        return result

    def _bsc_cache(self):
        """This worker's payloads of this database, and hit/miss counts."""
        registry = self.env.registry
        cache = getattr(registry, "_bsc_dashboard_cache", None)
        if cache is None:
            cache = registry._bsc_dashboard_cache = (
                LRU(CACHE_SIZE),
                # every call counts once in hits, shared or misses (builds);
                # waits: calls that found the key locked by another worker's
                # build; timeouts: builds after waiting LOCK_WAIT in vain
                {"hits": 0, "shared": 0, "misses": 0, "waits": 0, "timeouts": 0},
            )
        return cache

    def _bsc_cache_key(self, scorecard_id, period_id, mode):
        """Everything the payload depends on, or None when it cannot be cached.

        The version and the scorecards' time zones come from one query in
        the transaction building the payload; pending ORM writes are flushed
        first so that they count.
        """
        try:
            # without the ``uid`` the web client and Odoo's HTTP routes put
            # in the context: the reader is in the key as their access
            # (:meth:`_bsc_cache_reader`), their own parts are made theirs
            # at each call; with it, no two users would share a payload
            context = _freeze({k: v for k, v in self.env.context.items() if k != "uid"})
            args = _freeze((scorecard_id, period_id, mode))
        except TypeError:
            return None
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT (SELECT array_agg(DISTINCT coalesce(tz, 'UTC'))
                             FROM bsc_scorecard),
                          %s""",
                self._bsc_cache_version_sql(),
            )
        )
        zones, version = self.env.cr.fetchone()
        now = datetime.datetime.now(datetime.timezone.utc)
        today = tuple(
            (zone, now.astimezone(pytz.timezone(zone)).date().isoformat())
            for zone in sorted(zones or [])
        )
        return (
            self.env.cr.dbname,
            self._bsc_cache_reader(),
            tuple(self.env.companies.ids),
            context,
            args,
            today,
            version,
        )

    def _bsc_cache_reader(self):
        """Who reads, as far as the payload can tell.

        Internal users share payloads when they have the same groups (hence
        access rights, menus and ``is_manager``), the same companies and the
        same record rules once evaluated for them (a rule on ``user.id``
        makes its users distinct) on every model the payload reads
        (:meth:`_bsc_cache_rule_models`); the notes are those of objectives
        they can all read. What depends on the reader only (``user_id``,
        ``kpis_to_enter``) is made theirs at each call
        (:meth:`_bsc_cache_personal`). Portal users and anyone else are told
        apart by user id.
        """
        if self.env.su:
            return ("superuser", self.env.uid)
        user = self.env.user
        if user.share or not user.active:
            return ("user", self.env.uid)
        return (
            "access",
            tuple(sorted(user.groups_id.ids)),
            tuple(sorted(user.company_ids.ids)),
            user.company_id.id,
            self._bsc_cache_rules(),
        )

    @api.model
    @ormcache(
        "self.env.uid",
        "self.env.su",
        "tuple(self.env['ir.rule']._compute_domain_context_values())",
    )
    def _bsc_cache_rules(self):
        """``((model, domain), ...)``: the record rules of
        :meth:`_bsc_cache_rule_models` as Odoo evaluates them for the reader
        (``ir.rule._compute_domain``), in the reader's process cache under
        that method's own key, hence cleared with it (a rule, a group or a
        user's groups changed).

        Odoo reads each model's rules on their own (three queries a model);
        here the models without a read rule of their own are found in one
        query (their domain is ``[]``, unless they inherit a model's rules
        through ``_inherits``), and the rules of the others are read
        together before they are evaluated. A reader new to a worker costs
        a third of the queries.
        """
        Rule = self.env["ir.rule"]
        names = sorted(self._bsc_cache_rule_models())
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT m.model FROM ir_rule r
                     JOIN ir_model m ON m.id = r.model_id
                    WHERE m.model IN %s AND r.active AND r.perm_read""",
                tuple(names),
            )
        )
        ruled = {name for (name,) in self.env.cr.fetchall()}
        evaluate = [n for n in names if n in ruled or self.env[n]._inherits]
        # into the transaction's cache, where _compute_domain reads them
        Rule.sudo().search([("model_id.model", "in", evaluate)]).fetch(
            ["domain_force", "groups"]
        )
        return tuple(
            (name, repr(Rule._compute_domain(name, "read") if name in evaluate else []))
            for name in names
        )

    @api.model
    def _bsc_cache_rule_models(self):
        """Models whose record rules can change what the payload holds."""
        models_ = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("bsc.") and not model._abstract
        }
        return models_ | {
            "mail.message",
            "res.partner",
            "res.users",
            "res.company",
            "res.currency",
        }

    def _bsc_cache_version_sql(self):
        # the rows visible to this snapshot, committed or this transaction's
        return SQL(
            """(SELECT md5(coalesce(string_agg(tx::text || ':' || n, ','
                                                ORDER BY tx), ''))
                  FROM %s)""",
            SQL.identifier(VERSION_TABLE),
        )

    def _bsc_cache_version(self):
        self.env.cr.execute(SQL("SELECT %s", self._bsc_cache_version_sql()))
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------------
    # The version table and its triggers
    # ------------------------------------------------------------------

    @api.model
    def _bsc_cache_tables(self):
        """Tables whose changes may change a payload, every row counting.

        Every table of a ``bsc.*`` model and its many2many tables, plus
        :data:`BASE_TABLES`. Override it (call super) in an addon whose
        payload reads other tables; ``mail_message`` is watched for the
        objectives' rows only (:data:`FILTERED_TABLES`).
        """
        tables = set(BASE_TABLES)
        for name, model in self.env.registry.items():
            if not name.startswith("bsc.") or model._abstract or model._transient:
                continue
            if not model._auto or model._table_query:
                continue
            tables.add(model._table)
            for field in model._fields.values():
                if field.type == "many2many" and field.store:
                    tables.add(field.relation)
        return tables

    def _bsc_cache_wanted(self):
        """``{table: WHEN condition or None}`` of the triggers to have."""
        wanted = dict.fromkeys(self._bsc_cache_tables())
        wanted.update(FILTERED_TABLES)
        return wanted

    def init(self):
        result = super().init()
        self._bsc_cache_setup()
        return result

    def _register_hook(self):
        result = super()._register_hook()
        self._bsc_cache_setup()
        return result

    def _bsc_cache_setup(self):
        """Create the version table and function, and make the triggers
        follow :meth:`_bsc_cache_wanted` (idempotent; no DDL when in line)."""
        cr = self.env.cr
        cr.execute(
            """SELECT to_regclass(%s) IS NOT NULL, to_regproc(%s) IS NOT NULL,
                      to_regclass(%s) IS NOT NULL""",
            [VERSION_TABLE, BUMP_FUNCTION, PAYLOAD_TABLE],
        )
        has_table, has_function, has_payloads = cr.fetchone()
        if not has_table:
            cr.execute(
                SQL("CREATE SEQUENCE IF NOT EXISTS %s", SQL.identifier(SEQUENCE))
            )
            cr.execute(
                SQL(
                    "CREATE TABLE IF NOT EXISTS %s "
                    "(tx xid8 PRIMARY KEY, n bigint NOT NULL)",
                    SQL.identifier(VERSION_TABLE),
                )
            )
        if not has_payloads:
            cr.execute(
                SQL(
                    """CREATE UNLOGGED TABLE IF NOT EXISTS %s (
                       key varchar PRIMARY KEY,
                       version varchar NOT NULL,
                       payload bytea NOT NULL,
                       created timestamptz NOT NULL DEFAULT now())""",
                    SQL.identifier(PAYLOAD_TABLE),
                )
            )
        if not has_function:
            cr.execute(
                SQL(
                    """CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger
                       LANGUAGE plpgsql AS $$
                       BEGIN
                           INSERT INTO %(table)s (tx, n)
                           VALUES (pg_current_xact_id(), nextval(%(seq)s))
                           ON CONFLICT (tx) DO UPDATE SET n = EXCLUDED.n;
                           RETURN NULL;
                       END $$""",
                    function=SQL.identifier(BUMP_FUNCTION),
                    table=SQL.identifier(VERSION_TABLE),
                    seq=SEQUENCE,
                )
            )
        wanted = self._bsc_cache_wanted()
        cr.execute(
            """SELECT c.relname, array_agg(t.tgname ORDER BY t.tgname)
                 FROM pg_trigger t
                 JOIN pg_class c ON c.oid = t.tgrelid
                 JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE p.proname = %s
                GROUP BY c.relname""",
            [BUMP_FUNCTION],
        )
        present = dict(cr.fetchall())
        cr.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'",
            [list(wanted)],
        )
        existing = {row[0] for row in cr.fetchall()}
        for table, names in present.items():
            if table not in wanted:
                for name in names:
                    cr.execute(
                        SQL(
                            "DROP TRIGGER IF EXISTS %s ON %s",
                            SQL.identifier(name),
                            SQL.identifier(table),
                        )
                    )
                _logger.info("dashboard cache: no longer watching %s", table)
        for table, condition in wanted.items():
            if table not in existing:
                continue
            expected = self._bsc_cache_trigger_names(condition)
            if present.get(table) == sorted(expected):
                continue
            for name in present.get(table, []):
                cr.execute(
                    SQL(
                        "DROP TRIGGER IF EXISTS %s ON %s",
                        SQL.identifier(name),
                        SQL.identifier(table),
                    )
                )
            self._bsc_cache_create_triggers(table, condition)

    def _bsc_cache_trigger_names(self, condition):
        if condition is None:
            return [TRIGGER, f"{TRIGGER}_truncate"]
        return [f"{TRIGGER}_del", f"{TRIGGER}_ins", f"{TRIGGER}_upd"]

    def _bsc_cache_create_triggers(self, table, condition):
        cr = self.env.cr
        params = {
            "table": SQL.identifier(table),
            "function": SQL.identifier(BUMP_FUNCTION),
        }
        if condition is None:
            # statement-level: one bump per statement, whatever its rows
            cr.execute(
                SQL(
                    """CREATE TRIGGER %(name)s
                       AFTER INSERT OR UPDATE OR DELETE ON %(table)s
                       FOR EACH STATEMENT EXECUTE FUNCTION %(function)s()""",
                    name=SQL.identifier(TRIGGER),
                    **params,
                )
            )
            cr.execute(
                SQL(
                    """CREATE TRIGGER %(name)s AFTER TRUNCATE ON %(table)s
                       FOR EACH STATEMENT EXECUTE FUNCTION %(function)s()""",
                    name=SQL.identifier(f"{TRIGGER}_truncate"),
                    **params,
                )
            )
            return
        # row-level, for the rows that matter only
        new, old = condition.format(row="NEW"), condition.format(row="OLD")
        for suffix, event, when in (
            ("ins", "INSERT", new),
            ("upd", "UPDATE", f"({old}) OR ({new})"),
            ("del", "DELETE", old),
        ):
            cr.execute(
                SQL(
                    """CREATE TRIGGER %(name)s AFTER %(event)s ON %(table)s
                       FOR EACH ROW WHEN (%(when)s)
                       EXECUTE FUNCTION %(function)s()""",
                    name=SQL.identifier(f"{TRIGGER}_{suffix}"),
                    event=SQL(event),
                    when=SQL(when),
                    **params,
                )
            )

    @api.autovacuum
    def _bsc_cache_compact(self):
        """Fold the committed version rows into one (daily).

        Only rows this snapshot sees as committed are folded; the fold is
        one transaction, so a reader sees the rows before or after it.
        """
        cr = self.env.cr
        cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(VERSION_TABLE)))
        if cr.fetchone()[0] < 2:
            return
        # never delete without inserting: an empty table is the fingerprint
        # of the first state
        cr.execute(
            SQL(
                """WITH gone AS (
                       DELETE FROM %(table)s
                        WHERE tx <> pg_current_xact_id()
                    RETURNING n)
                   INSERT INTO %(table)s (tx, n)
                   SELECT pg_current_xact_id(), nextval(%(seq)s) FROM gone
                   HAVING count(*) > 0
                   ON CONFLICT (tx) DO UPDATE SET n = EXCLUDED.n""",
                table=SQL.identifier(VERSION_TABLE),
                seq=SEQUENCE,
            )
        )


def uninstall_hook(env):
    """Remove the triggers, the function and the version table."""
    env.cr.execute(
        SQL(
            "DROP FUNCTION IF EXISTS %s() CASCADE",
            SQL.identifier(BUMP_FUNCTION),
        )
    )
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(VERSION_TABLE)))
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(PAYLOAD_TABLE)))
    env.cr.execute(SQL("DROP SEQUENCE IF EXISTS %s", SQL.identifier(SEQUENCE)))
