# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..engine import formula as formula_engine
from ..engine import matrix as matrix_engine
from ..engine import periods as period_engine
from ..engine.formula import ErrorValue
from .bsc_measurement import TARGET_FIELDS
from .bsc_period import FREQUENCY_RANK

# The columns of a measurement a recompute reads to compare and to chain
# formulas and trends (see BscScorecard._bsc_measurement_rows)
MEASUREMENT_COLUMNS = (
    "date_start",
    "origin",
    "actual_value",
    "has_actual",
    "error_text",
    "error_data",
    "targets_overridden",
    "trend",
    *TARGET_FIELDS,
    "approval_state",
)

_logger = logging.getLogger(__name__)

# First key of the advisory lock taken while a scorecard is recomputed.
RECOMPUTE_LOCK_KEY = 4235
# Context key: the daily job does its work in the calling transaction, even
# where an addon hands it elsewhere (see BscScorecard._bsc_cron_recompute).
RECOMPUTE_INLINE_CONTEXT = "bsc_recompute_inline"

# Context flags that keep bulk writes of computed values out of the chatter.
COMPUTE_CONTEXT = {
    "bsc_compute": True,
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


class BscScorecard(models.Model):
    """The recompute: values of every KPI, stored as measurements.

    :meth:`_bsc_recompute` takes the scorecard's lock, asks each source
    family for all its KPIs over all periods at once
    (``bsc.kpi._bsc_source_values``), evaluates the formulas in dependency
    order, writes only the measurements that changed and sets the trends;
    :meth:`_bsc_cron_recompute` is the daily job, with the owners' to-dos
    (:meth:`_bsc_schedule_activities`).
    """

    _inherit = "bsc.scorecard"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------

    def _bsc_try_lock(self):
        """Take the recompute lock until the end of the transaction, if free.

        :return: whether this transaction now holds it (taking it twice is fine)
        """
        self.ensure_one()
        return self.env.execute_query(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", RECOMPUTE_LOCK_KEY, self.id)
        )[0][0]

    def _bsc_lock(self):
        """Keep two transactions from computing the same scorecard at once."""
        self.ensure_one()
        if not self._bsc_try_lock():
            raise UserError(
                _(
                    "Scorecard '%s' is being recomputed by another process right now. "
                    "Its values will be up to date in a moment; try again then.",
                    self.name,
                )
            )

    def _bsc_recompute(self, kpis=None, periods=None):
        """Compute the values of ``kpis`` (default: all) for ``periods``.

        :param periods: default: every unlocked period that has started
        :return: the number of measurements created or changed

        Sources answer all their KPIs for all periods at once; formulas of
        the scorecard are always evaluated again after them. Manual values and
        locked periods are never touched; running it twice changes nothing.
        """
        self.ensure_one()
        self._bsc_lock()
        # One grouped query holds a column per KPI: compiling it with
        # PostgreSQL's JIT costs far more than running it.
        self.env.cr.execute("SET LOCAL jit = off")
        today = self._bsc_today()
        all_kpis = self.kpi_ids
        kpis = (kpis or all_kpis) | all_kpis.filtered(
            lambda k: k.source_type == "formula"
        )
        # snapshots are recorded at each period end and frozen (bsc_snapshot)
        kpis = kpis._bsc_recomputed()
        if periods is None:
            periods = self.period_ids.filtered(lambda p: p.date_start <= today)
        periods = periods.filtered(lambda p: not p.locked)
        index = self._bsc_measurement_rows(all_kpis)
        values = kpis.filtered(
            lambda k: k.source_type not in ("manual", "formula")
        )._bsc_source_values(periods)
        # A value typed over a computed one is what formulas must use.
        values = {
            key: value
            for key, value in values.items()
            if key not in index or index[key]["origin"] != "manual"
        }
        formula_kpis = kpis.filtered(lambda k: k.source_type == "formula")
        if formula_kpis:
            values.update(
                self._bsc_formula_values(formula_kpis, periods, index, values)
            )
        changed, to_create = self._bsc_store(kpis, periods, values, index)
        # New rows get their trend before they are inserted.
        self._bsc_update_trends(kpis, to_create, index)
        changed += self.env["bsc.measurement"]._bsc_insert(to_create)
        return changed

    def _bsc_measurement_rows(self, kpis):
        """The stored measurements of ``kpis``, as plain rows
        (``bsc.measurement._bsc_rows`` of :data:`MEASUREMENT_COLUMNS`):
        a recompute compares thousands of them and writes the few that
        changed."""
        return self.env["bsc.measurement"]._bsc_rows(kpis, None, MEASUREMENT_COLUMNS)

    def _bsc_formula_values(self, formula_kpis, periods, index, fresh):
        """Evaluate formula KPIs period by period, in dependency order.

        :param index: ``{(kpi_id, period_id): row}`` already stored (see
            :meth:`_bsc_measurement_rows`)
        :param fresh: ``{(kpi_id, period_id): (value, error)}`` just computed
        :return: ``{(kpi_id, period_id): (value or None, ErrorValue or False)}``
        """
        by_code = {kpi.code: kpi for kpi in self.kpi_ids}
        parsed = {kpi.code: kpi._bsc_parsed_formula() for kpi in formula_kpis}
        order = formula_engine.evaluation_order(
            {code: formula.same_period_codes for code, formula in parsed.items()}
        )
        aggregations = {code: kpi.aggregation for code, kpi in by_code.items()}
        results = {}

        def value_of(kpi, period):
            key = (kpi.id, period.id)
            if key in results:
                raw = results[key]
            elif key in fresh:
                raw = fresh[key]
            elif key in index:
                m = index[key]
                # a value waiting for approval (or rejected) is no value yet
                usable = m["has_actual"] and m["approval_state"] not in (
                    "submitted",
                    "rejected",
                )
                raw = (
                    m["actual_value"] if usable else None,
                    m["error_data"] or m["error_text"],
                )
            else:
                return None
            value, error = raw
            if error:
                return formula_engine.input_error(kpi.code, error)
            return value

        making_cache = {}

        def value_in(kpi, period):
            key = (period.id, kpi.frequency)
            if key not in making_cache:
                making_cache[key] = self.period_ids._bsc_making(period, kpi.frequency)
            making = making_cache[key]
            if len(making) == 1 and making.frequency == period.frequency:
                return value_of(kpi, making)
            values = [value_of(kpi, p) for p in making]
            for value in values:
                if isinstance(value, ErrorValue):
                    return value
            return period_engine.aggregate(values, kpi.aggregation)

        to_compute = set(periods.ids)
        for frequency in sorted(
            {k.frequency for k in formula_kpis}, key=FREQUENCY_RANK.get
        ):
            series = self.period_ids.filtered(
                lambda p, f=frequency: p.frequency == f
            ).sorted("date_start")
            codes = [
                c for c in order if c in parsed and by_code[c].frequency == frequency
            ]
            for position, period in enumerate(series):
                if period.id not in to_compute:
                    continue
                context = formula_engine.PeriodContext(
                    series,
                    position,
                    lambda code, period: value_in(by_code[code], period),
                    aggregations,
                )
                for code in codes:
                    kpi = by_code[code]
                    result = parsed[code].evaluate(context)
                    if isinstance(result, ErrorValue):
                        results[(kpi.id, period.id)] = (None, result)
                    else:
                        results[(kpi.id, period.id)] = (result, False)
        return results

    def _bsc_store(self, kpis, periods, values, index):
        """Write computed values and KPI targets into measurements, in bulk.

        :param index: the stored rows (:meth:`_bsc_measurement_rows`)
        :return: ``(number of measurements changed, values of those to
            create)``; the caller inserts the latter
            (``bsc.measurement._bsc_insert``)

        Only what differs is written, so a second run writes nothing; manual
        values and overridden targets are left alone.
        """
        Measurement = self.env["bsc.measurement"].with_context(**COMPUTE_CONTEXT)
        now = fields.Datetime.now()
        to_create = []
        changed = 0
        by_frequency = defaultdict(list)
        for period in periods:
            by_frequency[period.frequency].append(period.id)
        for kpi in kpis:
            targets = {fname: kpi[fname] for fname in TARGET_FIELDS}
            computed = kpi.source_type != "manual"
            for period_id in by_frequency[kpi.frequency]:
                row = index.get((kpi.id, period_id))
                vals = {}
                if computed and not (row and row["origin"] == "manual"):
                    value, error = values.get((kpi.id, period_id), (None, False))
                    vals = {
                        "actual_value": value,  # None: NULL, no value
                        "has_actual": value is not None,
                        "error_text": str(error) if error else False,
                        # a formula's reason as data, shown in the reader's
                        # language (bsc.measurement.error_message)
                        "error_data": (
                            error.reason
                            if isinstance(error, ErrorValue)
                            and isinstance(error.reason, dict)
                            else False
                        ),
                        "origin": "computed",
                    }
                if not (row and row["targets_overridden"]):
                    vals.update(targets)
                if not row:
                    vals.update(kpi_id=kpi.id, period_id=period_id)
                    if vals.get("origin") == "computed":
                        vals["computed_at"] = now
                    else:
                        vals.update(origin="manual", has_actual=False)
                    to_create.append(vals)
                    continue
                diff = {
                    fname: value for fname, value in vals.items() if row[fname] != value
                }
                if diff:
                    if (
                        "actual_value" in diff
                        or "error_text" in diff
                        or "error_data" in diff
                        or "has_actual" in diff
                    ):
                        diff["computed_at"] = now
                    Measurement.browse(row["id"]).write(diff)
                    row.update(diff)
                    changed += 1
        return changed, to_create

    def _bsc_update_trends(self, kpis, new_rows=(), rows=None):
        """Set each measurement's trend against the KPI's previous period.

        :param new_rows: values of measurements about to be created; their
            ``trend`` is set in place
        :param rows: the stored rows of ``kpis``, when the caller has them up
            to date (:meth:`_bsc_measurement_rows`)

        The stored trend is the matrix's: each KPI's actuals over every
        period of its frequency (``bsc.measurement._bsc_row_actual``, None
        where a period has no measurement) go through
        ``engine.matrix.series_trends``, the matrix's own rule. Reads the
        measurements in one query and writes at most one batch per trend.
        """
        Measurement = self.env["bsc.measurement"]
        if rows is None:
            rows = self._bsc_measurement_rows(kpis)
        pending = {
            (vals["kpi_id"], vals["period_id"]): dict(
                vals,
                id=None,
                vals=vals,
                trend=False,
                error_text=vals.get("error_text") or False,
                actual_value=vals.get("actual_value"),
                has_actual=bool(vals.get("has_actual")),
            )
            for vals in new_rows
        }
        by_frequency = defaultdict(list)
        for period in self.period_ids.sorted("date_start"):
            by_frequency[period.frequency].append(period)
        changes = defaultdict(list)
        for kpi in kpis:
            periods = by_frequency[kpi.frequency]
            found = [
                pending.get((kpi.id, period.id)) or rows.get((kpi.id, period.id))
                for period in periods
            ]
            trends = matrix_engine.series_trends(
                [Measurement._bsc_row_actual(row) if row else None for row in found]
            )
            for period, row, trend in zip(periods, found, trends, strict=True):
                if row is None:
                    continue
                if row["id"] is None:
                    row["vals"]["trend"] = trend
                elif row["trend"] != trend and not period.locked:
                    changes[trend].append(row["id"])
        # The trend is the recompute's own column: nothing depends on it and
        # it is not tracked, so it is written with one UPDATE per trend
        # rather than through write(), which a first recompute would call on
        # every measurement.
        for trend, ids in changes.items():
            self.env.execute_query(
                SQL(
                    "UPDATE %s SET trend = %s, write_uid = %s, write_date = %s "
                    "WHERE id IN %s",
                    SQL.identifier(Measurement._table),
                    trend or None,
                    self.env.uid,
                    self.env.cr.now(),
                    tuple(ids),
                )
            )
            Measurement.browse(ids).invalidate_recordset(
                ["trend", "write_uid", "write_date"]
            )

    def _bsc_refresh_after_entry(self, measurements):
        """After someone typed values: formulas and trends follow at once."""
        self.ensure_one()
        formula_kpis = self.kpi_ids.filtered(lambda k: k.source_type == "formula")
        # While another transaction recomputes the scorecard, the typed value
        # is saved all the same; its formulas follow at the next recompute.
        if formula_kpis and self._bsc_try_lock():
            # A value changes its own period and, through prev() and ytd(),
            # later ones: earlier periods cannot depend on it.
            start = min(measurements.mapped("date_start"))
            today = self._bsc_today()
            periods = self.period_ids.filtered(
                lambda p: p.date_end >= start and p.date_start <= today
            )
            self._bsc_recompute(kpis=formula_kpis, periods=periods)
        self._bsc_update_trends(measurements.kpi_id)
        due = self.env.ref("bsc_core.mail_activity_type_bsc_value_due", False)
        if due:
            measurements.filtered("has_actual").activity_ids.filtered(
                lambda a: a.activity_type_id == due
            ).action_feedback(feedback=_("Value entered"))

    # ------------------------------------------------------------------
    # Scheduled work
    # ------------------------------------------------------------------

    @api.model
    def _cron_recompute(self):
        """The daily job: the daily work of every active scorecard."""
        self.search([("state", "=", "active")])._bsc_cron_recompute()

    def _bsc_cron_recompute(self):
        """Recompute these scorecards, then ask owners for what is missing.

        Each scorecard is done here, in its own savepoint: one that fails (or
        that another transaction is computing) is logged and skipped, and the
        others still run.

        This is the hook of addons that do the work elsewhere (e.g. one
        background job per scorecard). Their override must call this default when
        the context holds ``RECOMPUTE_INLINE_CONTEXT`` (``bsc_recompute_inline``),
        which callers that need the values at once (tests, scripts, a shell)
        set.
        """
        for scorecard in self:
            try:
                with self.env.cr.savepoint():
                    scorecard._bsc_recompute()
                    scorecard._bsc_schedule_activities()
            except (UserError, ValidationError) as e:
                _logger.warning("Scorecard %s not recomputed: %s", scorecard.name, e)
            except Exception:
                # Unforeseen (a bug, a database error): the savepoint undid
                # this scorecard's work; one broken scorecard stops no other.
                _logger.exception("Scorecard %s not recomputed", scorecard.name)

    def _bsc_latest_values(self):
        """Each KPI's most recent measurement that has a value."""
        groups = self.env["bsc.measurement"]._read_group(
            [("scorecard_id", "in", self.ids), ("has_actual", "=", True)],
            ["kpi_id"],
            ["date_start:max"],
        )
        if not groups:
            return self.env["bsc.measurement"]
        domain = []
        for kpi, date_start in groups:
            domain.append([("kpi_id", "=", kpi.id), ("date_start", "=", date_start)])
        return self.env["bsc.measurement"].search(expression.OR(domain))

    def _bsc_schedule_activities(self):
        """To-dos for owners: values due, comments on reds, failed computations.

        An activity already open for the same measurement is never repeated.
        """
        Measurement = self.env["bsc.measurement"].with_context(**COMPUTE_CONTEXT)
        due_type = self.env.ref("bsc_core.mail_activity_type_bsc_value_due")
        comment_type = self.env.ref("bsc_core.mail_activity_type_bsc_comment")
        error_type = self.env.ref("bsc_core.mail_activity_type_bsc_error")
        base = [("scorecard_id", "in", self.ids), ("period_id.locked", "=", False)]
        wanted = defaultdict(lambda: Measurement)
        for scorecard in self:
            today = scorecard._bsc_today()
            wanted[due_type] |= Measurement.search(
                base
                + [
                    ("scorecard_id", "=", scorecard.id),
                    ("kpi_id.source_type", "=", "manual"),
                    ("has_actual", "=", False),
                    ("date_end", "<", today),
                ]
            )
        wanted[comment_type] |= self._bsc_latest_values().filtered(
            lambda m: m.status == "red" and not m.comment and not m.period_locked
        )
        # Errors proper start with their code (#DIV/0, #NUM, #ERR...); a
        # missing input ("no value for ...") is the value-due to-do's
        # business, and an error passed on by an input is its own KPI's.
        wanted[error_type] |= Measurement.search(
            base + [("origin", "=", "computed"), ("error_text", "=like", "#%")]
        )
        open_activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "bsc.measurement"),
                (
                    "activity_type_id",
                    "in",
                    [due_type.id, comment_type.id, error_type.id],
                ),
            ]
        )
        done = {(a.activity_type_id.id, a.res_id) for a in open_activities}
        for activity_type, measurements in wanted.items():
            for measurement in measurements:
                owner = measurement.kpi_id.user_id
                if not owner or (activity_type.id, measurement.id) in done:
                    continue
                if activity_type == due_type:
                    note = _(
                        "Enter the value of %(kpi)s for %(period)s.",
                        kpi=measurement.kpi_id.display_name,
                        period=measurement.period_id.name,
                    )
                    deadline = measurement.due_date
                elif activity_type == error_type:
                    note = _(
                        "%(kpi)s could not be computed for %(period)s: %(error)s. "
                        "Fix the KPI's source or formula, then recompute.",
                        kpi=measurement.kpi_id.display_name,
                        period=measurement.period_id.name,
                        error=measurement.error_message,
                    )
                    deadline = fields.Date.context_today(self)
                else:
                    note = _(
                        "%(kpi)s is red for %(period)s: explain why in a comment and, "
                        "if the objective has no initiative yet, propose one.",
                        kpi=measurement.kpi_id.display_name,
                        period=measurement.period_id.name,
                    )
                    deadline = fields.Date.context_today(self)
                measurement.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=owner.id,
                    note=note,
                    date_deadline=deadline,
                )
