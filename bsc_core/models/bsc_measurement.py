# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
from datetime import date, datetime
from decimal import Decimal

from psycopg2.extras import Json

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..engine import explain, scoring
from ..engine import formula as formula_engine
from ..tools.fields import NullableFloat
from ..tools.number_format import number_writer

STATUSES = scoring.STATUS_SELECTION
TRENDS = [("up", "Up"), ("down", "Down"), ("flat", "Flat")]
TARGET_FIELDS = (
    "target_value",
    "red_flag_value",
    "target_max_value",
    "tolerance_value",
)
# What a matrix cell reads of a measurement (:meth:`_bsc_cell_input`)
CELL_COLUMNS = (
    "actual_value", "has_actual", "error_text", "error_data", "comment", "score",
    "status",
    "explanation_data", *TARGET_FIELDS,
    "approval_state",
)  # fmt: skip
# What a KPI owner may change on a measurement; the rest is a manager's.
OWNER_FIELDS = {"actual_value", "has_actual", "comment", "origin"}
LOG_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


def _no_value(value):
    """An empty actual (None or False); 0 and 0.0 are values."""
    return value is None or value is False


def actual_vals(vals):
    """``vals`` with ``actual_value`` and ``has_actual`` agreeing: 0 is a
    value, empty is not, and no value is stored as NULL, never 0.0 (the
    rule of every record with an actual: measurements, bsc_hr_link's goal
    lines)."""
    if "actual_value" in vals and "has_actual" not in vals:
        vals = dict(vals, has_actual=not _no_value(vals["actual_value"]))
    if "has_actual" in vals and not vals["has_actual"]:
        vals = dict(vals, actual_value=None)
    return vals


def measurement_score(values, polarity):
    """The engine's score of a measurement's values (a record or a dict).

    The one place a measurement's stored score, status and explanation come
    from, whether the ORM computes them or a recompute inserts rows.
    """
    actual = (
        values["actual_value"]
        if values["has_actual"] and not values["error_text"]
        else None
    )
    if actual is None and values["error_text"]:
        detail = {"rule": explain.ERROR, "text": values["error_text"]}
        if values["error_data"]:
            # a formula's reason, written in the reader's language
            detail["error"] = values["error_data"]
        return scoring.Score.of(None, scoring.NONE, detail)
    return scoring.score(
        actual,
        polarity or "higher",
        values["target_value"],
        red_flag=values["red_flag_value"],
        target_max=values["target_max_value"],
        tolerance=values["tolerance_value"],
    )


# COPY's text format: a backslash, a tab, a newline and a carriage
# return are escaped, NULL is \N
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_FLOATS = {math.inf: "Infinity", -math.inf: "-Infinity"}


def _copy_text(value):
    """A column value (``convert_to_column_insert``) as COPY text, for the
    values PostgreSQL reads as psycopg2 would send them."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return _COPY_FLOATS.get(value) or repr(value)
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Json):
        return value.dumps(value.adapted).translate(_COPY_ESCAPES)
    raise TypeError(f"no COPY text for {type(value).__name__} values")


class _CopyLines:
    """The lines of a COPY as ``copy_expert`` reads them, a few kB at a
    time, without joining the whole text (24,000 rows are about 15 MB)."""

    def __init__(self, lines):
        self._lines = iter(lines)

    # a file for psycopg2, not a model: no super() to call
    def read(self, size=8192):  # pylint: disable=method-required-super
        chunk, length = [], 0
        for line in self._lines:
            chunk.append(line)
            length += len(line) + 1
            if length >= size:
                break
        return "".join(f"{line}\n" for line in chunk)


def _memo_key(value):
    """A key under which ``value`` is converted once, or None (not kept).

    Typed, since 0, 0.0 and False are equal but not stored alike; a zero
    float's key is not ``(float, 0.0)``, as -0.0 is not stored as 0.0."""
    if value.__class__ is float and value == 0:
        return ("zero", math.copysign(1.0, value))
    try:
        hash(value)
    except TypeError:
        return None
    return (value.__class__, value)


class BscMeasurement(models.Model):
    """A KPI's actual and targets for one period, with its score and status.

    The score and status are computed by the scoring engine from the values
    stored here, so the same numbers appear in every screen and report.
    """

    _name = "bsc.measurement"
    _description = "KPI Measurement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, scorecard_id, kpi_id"
    _check_company_auto = True
    _rec_names_search = ["kpi_id", "period_id"]

    kpi_id = fields.Many2one(
        "bsc.kpi", string="KPI", required=True, ondelete="cascade", index=True
    )
    period_id = fields.Many2one(
        "bsc.period", required=True, ondelete="cascade", index=True, check_company=True
    )
    scorecard_id = fields.Many2one(
        related="kpi_id.scorecard_id", store=True, index=True
    )
    objective_id = fields.Many2one(related="kpi_id.objective_id", store=True)
    perspective_id = fields.Many2one(related="kpi_id.perspective_id", store=True)
    company_id = fields.Many2one(related="kpi_id.company_id", store=True)
    user_id = fields.Many2one(
        related="kpi_id.user_id", store=True, string="Owner", index=True
    )
    date_start = fields.Date(related="period_id.date_start", store=True)
    date_end = fields.Date(related="period_id.date_end", store=True)
    period_locked = fields.Boolean(related="period_id.locked")
    unit = fields.Char(related="kpi_id.unit")
    source_type = fields.Selection(related="kpi_id.source_type")
    polarity = fields.Selection(related="kpi_id.polarity")
    can_enter = fields.Boolean(
        compute="_compute_can_enter",
        help="The current user may enter this value: a manager, or the KPI's "
        "owner. Others see it read-only.",
    )

    # Value
    # NULL without a value, as the score: blank in lists and exports, left
    # out of averages (readme: "No data is blank")
    actual_value = NullableFloat(string="Actual", tracking=True, aggregator="avg")
    has_actual = fields.Boolean(
        string="Has Value",
        help="Set once a value is entered or computed; 0 is a value, empty is not.",
    )
    origin = fields.Selection(
        [("manual", "Manual"), ("computed", "Computed")],
        default="manual",
        required=True,
        help="A manual value is never overwritten by a recompute.",
    )
    error_text = fields.Char(
        string="Error (English)",
        help="Why a computed value is missing, e.g. #DIV/0, as the engine "
        "wrote it in English: what filters and to-dos search.",
    )
    error_data = fields.Json(
        string="Error Reason",
        help="Why a formula gave no value, as data (engine.formula.message): "
        "an error code, a message key and its parameters. Shown in the "
        "reader's language.",
    )
    error_message = fields.Char(
        string="Error",
        compute="_compute_error_message",
        help="Why a computed value is missing, e.g. #DIV/0, in your language.",
    )
    computed_at = fields.Datetime(readonly=True)
    comment = fields.Text(tracking=True)

    # Targets for this period (copied from the KPI unless overridden)
    target_value = fields.Float(string="Target", aggregator="avg")
    red_flag_value = fields.Float(string="Red Flag", aggregator="avg")
    target_max_value = fields.Float(string="Target (high)", aggregator="avg")
    tolerance_value = fields.Float(string="Tolerance", aggregator="avg")
    targets_overridden = fields.Boolean(
        help="This period has its own targets; changing the KPI's does not change them."
    )

    # Result
    score = NullableFloat(
        compute="_compute_score", store=True, digits=(16, 2), aggregator="avg"
    )
    status = fields.Selection(STATUSES, compute="_compute_score", store=True)
    explanation_data = fields.Json(
        compute="_compute_score",
        store=True,
        help="How the score came, as data (engine.explain): rule, actual, "
        "targets, band. Shown as text in the reader's language.",
    )
    explanation = fields.Text(compute="_compute_explanation")
    trend = fields.Selection(TRENDS, readonly=True)

    _sql_constraints = [
        (
            "kpi_period_unique",
            "UNIQUE(kpi_id, period_id)",
            "A KPI has one measurement per period.",
        ),
    ]

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_can_enter(self):
        manager = self.env.user.has_group("bsc_core.group_bsc_manager")
        for measurement in self:
            measurement.can_enter = manager or measurement.user_id == self.env.user

    @api.depends("kpi_id", "period_id")
    def _compute_display_name(self):
        for measurement in self:
            measurement.display_name = (
                f"{measurement.kpi_id.code or ''} {measurement.period_id.name or ''}"
            ).strip()

    @api.depends(
        "actual_value",
        "has_actual",
        "error_text",
        "error_data",
        "kpi_id.polarity",
        *TARGET_FIELDS,
    )
    def _compute_score(self):
        for measurement in self:
            result = measurement._bsc_score()
            measurement.score = result.value
            measurement.status = result.status
            measurement.explanation_data = result.detail

    @api.depends("explanation_data")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for measurement in self:
            # scores stored before explanations were data have none: the
            # engine explains the stored values again, nothing is written
            detail = measurement.explanation_data or measurement._bsc_score().detail
            measurement.explanation = explain.render(
                detail, self.env._, number_writer(self.env)
            )

    @api.depends("error_text", "error_data")
    @api.depends_context("lang")
    def _compute_error_message(self):
        for measurement in self:
            measurement.error_message = self._bsc_error_message(
                measurement.error_data, measurement.error_text
            )

    @api.model
    def _bsc_error_message(self, data, text):
        """A stored error in the reader's language: its reason as data
        (``error_data``) when there is one, else its text as stored."""
        return formula_engine.message(data or text, self.env._) or False

    def _bsc_score(self):
        """The engine's score of this measurement (value, status, explanation)."""
        self.ensure_one()
        return measurement_score(self, self.kpi_id.polarity)

    @api.onchange("actual_value")
    def _onchange_actual_value(self):
        # A number typed makes it a value, an emptied box none. A 0 is
        # ambiguous here (the bsc_actual widget sends has_actual False with
        # it when the box is emptied, True when 0 is typed), so has_actual
        # is left as sent.
        if _no_value(self.actual_value):
            self.has_actual = False
        elif self.actual_value:
            self.has_actual = True

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def init(self):
        # Before scores were NullableFloat, "no score" was stored as 0.0:
        # on install and update, turn those into NULL without a recompute.
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET score = NULL WHERE status = 'none' AND score = 0",
                SQL.identifier(self._table),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        kpis = self.env["bsc.kpi"].browse(
            {v["kpi_id"] for v in vals_list if v.get("kpi_id")}
        )
        kpis = {kpi.id: kpi for kpi in kpis}
        for vals in vals_list:
            kpi = kpis.get(vals.get("kpi_id"))
            if kpi and not vals.get("targets_overridden"):
                for fname in TARGET_FIELDS:
                    vals.setdefault(fname, kpi[fname])
        vals_list = [actual_vals(vals) for vals in vals_list]
        self._bsc_check_periods_open(
            self.env["bsc.period"].browse(
                {v["period_id"] for v in vals_list if v.get("period_id")}
            )
        )
        measurements = super().create(vals_list)
        if not self.env.context.get("bsc_compute"):
            typed = measurements.filtered("has_actual")
            if typed:
                typed._bsc_after_manual_entry()
        return measurements

    @api.model
    def _bsc_rows(self, kpis, periods, columns):
        """The stored measurements of ``kpis`` in ``periods``, as plain rows.

        The one way measurements are read in bulk: the recompute compares
        them, the matrix and the appraisals score them. One query, without
        building records, whoever asks (callers check their own access).

        :param periods: ``None`` for every period
        :param columns: stored fields; ``id``, ``kpi_id`` and ``period_id``
            always come too
        :return: ``{(kpi_id, period_id): {column: value}}``, each value as
            the ORM reads it (an empty float is 0.0, an empty text False), but
            an actual or a score without data is None
        """
        columns = list(dict.fromkeys(["id", "kpi_id", "period_id", *columns]))
        self.flush_model(columns)
        if not kpis or (periods is not None and not periods):
            return {}
        where = SQL("%s IN %s", SQL.identifier("kpi_id"), tuple(kpis.ids))
        if periods is not None:
            where = SQL(
                "%s AND %s IN %s",
                where,
                SQL.identifier("period_id"),
                tuple(periods.ids),
            )
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT %s FROM %s WHERE %s",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL.identifier(self._table),
                where,
            )
        )
        empty = {}
        for column in columns:
            ftype = self._fields[column].type
            if isinstance(self._fields[column], NullableFloat):
                continue  # no actual, no score: None
            if ftype in ("float", "monetary"):
                empty[column] = 0.0
            elif ftype == "integer":
                empty[column] = 0
            elif ftype != "many2one" or column not in ("kpi_id", "period_id"):
                empty[column] = False
        for row in rows:
            for column, value in empty.items():
                if row[column] is None:
                    row[column] = value
        return {(row["kpi_id"], row["period_id"]): row for row in rows}

    @api.model
    def _bsc_row_actual(self, row):
        """The actual the matrix scores and compares for a measurement row
        (:meth:`_bsc_rows` with ``actual_value``, ``has_actual`` and
        ``error_text``): None for an error or an empty value."""
        if row["has_actual"] and not row["error_text"]:
            return row["actual_value"]
        return None

    @api.model
    def _bsc_cell_input(self, row):
        """A measurement row (:meth:`_bsc_rows`) as ``engine.matrix.kpi_cell``
        reads it: an error or an empty value is no actual."""
        return {
            "id": row["id"],
            "actual": self._bsc_row_actual(row),
            "target": row["target_value"],
            "red_flag": row["red_flag_value"],
            "target_max": row["target_max_value"],
            "tolerance": row["tolerance_value"],
            "score": row["score"],
            "status": row["status"],
            "explanation": row["explanation_data"],
            "error": self._bsc_error_message(row.get("error_data"), row["error_text"]),
            "comment": row["comment"],
        }

    @api.model
    def _bsc_insert(self, vals_list):
        """Create the measurements a recompute computed, in bulk.

        :param vals_list: values as for :meth:`create`, with ``kpi_id``,
            ``period_id``, the value fields and the targets
        :return: the number of rows inserted

        A first recompute of a big scorecard creates tens of thousands of
        measurements, where the ORM's ``create`` spends most of the time
        (defaults, related fields, company checks, then an UPDATE per
        computed column). The rows are written with one ``COPY``, with
        exactly what ``create`` stores: the defaults, the related fields from
        their KPI and period, and the score of :func:`measurement_score`
        (``test_recompute_rows_equal_orm_rows``). Foreign keys, constraints
        and triggers apply as to an INSERT. They get no message, follower or
        activity, like the recompute's ``create`` context asks.

        Each column's value goes through the field's own
        ``convert_to_column_insert``, once per distinct value: a column
        taken from the KPI or the period is converted once per KPI or per
        period, a default once (``COPY`` of 24,000 rows: see README,
        Performance).
        """
        if not vals_list:
            return 0
        # no value is NULL, as create stores it
        vals_list = [actual_vals(vals) for vals in vals_list]
        kpis = self.env["bsc.kpi"].browse({vals["kpi_id"] for vals in vals_list})
        periods = self.env["bsc.period"].browse(
            {vals["period_id"] for vals in vals_list}
        )
        self._bsc_check_periods_open(periods)
        self.check_access("create")
        columns = {
            name: field
            for name, field in self._fields.items()
            if field.store and field.column_type and name != "id"
        }
        plain = [
            name
            for name, field in columns.items()
            if not field.compute and not field.related and name not in LOG_COLUMNS
        ]
        defaults = self.default_get(plain)
        related = {
            name: field.related.split(".")
            for name, field in columns.items()
            if field.related
        }
        now, uid = self.env.cr.now(), self.env.uid
        given = set().union(*vals_list)
        scored = ("score", "status", "explanation_data")

        def text_of(name, value, values=None):
            return _copy_text(
                columns[name].convert_to_column_insert(value, self, values)
            )

        def followed(record, path):
            value = record
            for step in path[1:]:
                value = value[step]
            return value

        # The columns a row takes from its KPI or its period (unless given),
        # as COPY text, once for each KPI and each period rather than per row
        segments = {}
        for source, records in (("kpi_id", kpis), ("period_id", periods)):
            names = [
                name
                for name, path in related.items()
                if path[0] == source and name not in given
            ]
            segments[source] = (
                names,
                {
                    record.id: "\t".join(
                        text_of(
                            name,
                            columns[name].convert_to_write(
                                followed(record, related[name]), self
                            ),
                        )
                        for name in names
                    )
                    for record in records
                },
            )
        # the same for every row: defaults and the log columns; a column
        # neither given nor defaulted stays NULL, as create leaves it
        constant = dict(
            defaults, create_uid=uid, create_date=now, write_uid=uid, write_date=now
        )
        constant = {
            name: value
            for name, value in constant.items()
            if name not in given and name not in scored
        }
        constant_text = "\t".join(
            text_of(name, value, constant) for name, value in constant.items()
        )
        # what varies with the row: the values given, their score
        varying = [
            name
            for name in columns
            if name not in constant
            and name not in segments["kpi_id"][0]
            and name not in segments["period_id"][0]
            and name not in scored
            and (name in given or columns[name].compute)
        ]
        order = [
            *segments["kpi_id"][0],
            *segments["period_id"][0],
            *constant,
            *varying,
            *scored,
        ]
        # what a score is read from (measurement_score)
        score_inputs = (
            "actual_value",
            "has_actual",
            "error_text",
            "error_data",
            *TARGET_FIELDS,
        )
        polarity = {kpi.id: kpi.polarity for kpi in kpis}
        base = dict.fromkeys(plain, False)
        base.update(defaults)
        memos = [(name, {}) for name in varying]

        def converted(name, value, values, column_memo):
            key = _memo_key(value)
            if key is None:
                return text_of(name, value, values)
            if key not in column_memo:
                column_memo[key] = text_of(name, value, values)
            return column_memo[key]

        scores = {}
        lines = []
        kpi_text, period_text = segments["kpi_id"][1], segments["period_id"][1]
        for vals in vals_list:
            stored = dict(base)
            stored.update(vals)
            parts = [
                text
                for names, text in (
                    (segments["kpi_id"][0], kpi_text[vals["kpi_id"]]),
                    (segments["period_id"][0], period_text[vals["period_id"]]),
                    (constant, constant_text),
                )
                if names
            ]
            for name, column_memo in memos:
                value = stored[name]
                try:
                    text = column_memo[value.__class__, value]
                except (KeyError, TypeError):  # new, 0.0, or not hashable
                    text = converted(name, value, stored, column_memo)
                parts.append(text)
            key = (
                polarity[vals["kpi_id"]],
                *(_memo_key(stored[name]) for name in score_inputs),
            )
            if None in key[1:]:  # not to be kept
                key = object()
            if key not in scores:
                result = measurement_score(stored, polarity[vals["kpi_id"]])
                scores[key] = "\t".join(
                    (
                        text_of("score", result.value, stored),
                        text_of("status", result.status, stored),
                        text_of("explanation_data", result.detail, stored),
                    )
                )
            parts.append(scores[key])
            lines.append("\t".join(parts))
        self.env.flush_all()
        self.env.cr.copy_expert(
            SQL(
                "COPY %s (%s) FROM STDIN",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(name) for name in order),
            ).code,
            _CopyLines(lines),
        )
        # the KPIs' and periods' lists of measurements changed
        self.env.invalidate_all()
        return len(lines)

    def write(self, vals):
        self._bsc_check_write_rights(vals)
        self._bsc_check_periods_open(self.period_id)
        if "period_id" in vals:
            self._bsc_check_periods_open(
                self.env["bsc.period"].browse(vals["period_id"])
            )
        manual_entry = "actual_value" in vals and not self.env.context.get(
            "bsc_compute"
        )
        if manual_entry:
            vals = dict(vals, origin="manual")
            vals.setdefault("error_text", False)
            vals.setdefault("error_data", False)
        if any(f in vals for f in TARGET_FIELDS) and not self.env.context.get(
            "bsc_compute"
        ):
            vals = dict(vals, targets_overridden=True)
        res = super().write(actual_vals(vals))
        if manual_entry or "has_actual" in vals:
            self._bsc_after_manual_entry()
        if vals.get("comment"):
            self._bsc_close_comment_activities()
        return res

    def unlink(self):
        self._bsc_check_periods_open(self.period_id)
        return super().unlink()

    @api.model
    def load(self, fields, data):
        """Import values by KPI and period, as people write them in a sheet.

        When the columns include ``kpi_id`` (a KPI's code or name) and
        ``period_id`` (a period's name: ``2026-01``, ``2026-Q1``, ``2026``)
        and no ``id``, the period is looked up in the KPI's own scorecard and
        each row updates that KPI's measurement for the period, or creates
        it. The context's ``default_scorecard_id`` (set when the list is
        opened from a scorecard) narrows the KPIs to that scorecard.

        All or nothing: a wrong row (unknown or ambiguous KPI, unknown
        period, a value that is not a number, a locked period, a KPI the user
        may not enter) is reported with its row number and nothing is written.
        Other column sets load as usual.
        """
        if (
            "kpi_id" not in fields
            or "period_id" not in fields
            or {"id", ".id"} & set(fields)
        ):
            return super().load(fields, data)
        kpi_col, period_col = fields.index("kpi_id"), fields.index("period_id")
        others = [i for i in range(len(fields)) if i not in (kpi_col, period_col)]
        messages = []
        updates, creates = [], []
        for index, row in enumerate(data):
            target = self._bsc_import_target(row[kpi_col], row[period_col])
            if isinstance(target[0], str):
                messages.append(self._bsc_import_error(index, *target))
                continue
            kpi, period, measurement = target
            values = [row[i] for i in others]
            if measurement:
                updates.append((index, [str(measurement.id), *values]))
            else:
                creates.append((index, [str(kpi.id), str(period.id), *values]))
        savepoint = self.env.cr.savepoint(flush=False)
        ids = []
        for batch, head in (
            (updates, [".id"]),
            (creates, ["kpi_id/.id", "period_id/.id"]),
        ):
            if not batch:
                continue
            result = super().load(
                head + [fields[i] for i in others], [row for __, row in batch]
            )
            for message in result["messages"]:
                # Row numbers of the sub-batch back to those of the file.
                if "rows" in message:
                    rows = message["rows"]
                    message["rows"] = {
                        "from": batch[rows["from"]][0],
                        "to": batch[rows["to"]][0],
                    }
                if isinstance(message.get("record"), int):
                    message["record"] = batch[message["record"]][0]
                messages.append(message)
            ids += result["ids"] or []
        if any(message["type"] == "error" for message in messages):
            savepoint.rollback()
            ids = False
            self.pool.reset_changes()
            self.env.invalidate_all()
        savepoint.close(rollback=False)
        messages.sort(key=lambda m: m.get("rows", {}).get("from", -1))
        return {"ids": ids, "messages": messages, "nextrow": 0}

    @api.model
    def _bsc_import_error(self, index, field, message):
        """The error of row ``index`` in column ``field``, as the import
        screen shows it.

        Odoo's import screen (base_import's ImportDataColumnError) shows
        the message of a column's only error; of several, only each error's
        ``value`` and row: the message is also its value, so that every
        row's reason is read, not "Multiple errors occurred ... at row 1".
        """
        return {
            "type": "error",
            "message": message,
            "value": message,
            "rows": {"from": index, "to": index},
            "record": index,
            "field": field,
        }

    @api.model
    def _bsc_import_target(self, kpi_text, period_text):
        """(KPI, period, measurement or empty) of an imported row, or
        (field, message) of its error: the KPI's or the period's column."""
        kpi_text, period_text = (kpi_text or "").strip(), (period_text or "").strip()
        domain = ["|", ("code", "=", kpi_text), ("name", "=", kpi_text)]
        scorecard_id = self.env.context.get("default_scorecard_id")
        if scorecard_id:
            domain = [("scorecard_id", "=", scorecard_id), *domain]
        kpis = self.env["bsc.kpi"].search(domain) if kpi_text else []
        by_code = kpis.filtered(lambda k: k.code == kpi_text) if kpis else kpis
        kpis = by_code or kpis
        if not kpis:
            return "kpi_id", _("No KPI has the code or name '%s'.", kpi_text)
        if len(kpis) > 1:
            return "kpi_id", _(
                "'%(kpi)s' names %(count)s KPIs (scorecards: %(scorecards)s); "
                "import from the measurements of one scorecard.",
                kpi=kpi_text,
                count=len(kpis),
                scorecards=", ".join(kpis.scorecard_id.mapped("name")),
            )
        period = kpis.scorecard_id.period_ids.filtered(
            lambda p: p.name == period_text and p.frequency == kpis.frequency
        )
        if not period:
            return "period_id", _(
                "KPI %(kpi)s has no %(frequency)s period '%(period)s' in scorecard "
                "'%(scorecard)s'.",
                kpi=kpis.display_name,
                frequency=kpis.frequency,
                period=period_text,
                scorecard=kpis.scorecard_id.name,
            )
        measurement = self.search(
            [("kpi_id", "=", kpis.id), ("period_id", "=", period.id)]
        )
        return kpis, period, measurement

    def _bsc_check_periods_open(self, periods):
        periods._check_not_locked()

    def _bsc_check_write_rights(self, vals):
        """KPI owners may enter values and comments; the rest is for managers."""
        if self.env.su or self.env.context.get("bsc_compute"):
            return
        if self.env.user.has_group("bsc_core.group_bsc_manager"):
            return
        # Import writes the record's own id along with the values it updates.
        forbidden = set(vals) - OWNER_FIELDS - {"id"}
        if forbidden:
            raise AccessError(
                _(
                    "Only scorecard managers can change %(fields)s of a measurement; "
                    "you can enter its actual value and comment.",
                    fields=", ".join(sorted(self._fields[f].string for f in forbidden)),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_clear_value(self):
        """Forget the actual value: the measurement has no data again."""
        self.write({"actual_value": False, "has_actual": False, "origin": "manual"})

    def action_reset_to_computed(self):
        """Drop a manual override of a computed KPI and compute it again."""
        computed = self.filtered(lambda m: m.kpi_id.source_type != "manual")
        computed.with_context(bsc_compute=True).write({"origin": "computed"})
        for scorecard in computed.scorecard_id:
            mine = computed.filtered(lambda m, s=scorecard: m.scorecard_id == s)
            scorecard.sudo()._bsc_recompute(
                kpis=mine.kpi_id.sudo(), periods=mine.period_id.sudo()
            )
        return True

    def action_reset_targets(self):
        """Take the KPI's targets again for these periods."""
        for measurement in self:
            kpi = measurement.kpi_id
            measurement.with_context(bsc_compute=True).write(
                {fname: kpi[fname] for fname in TARGET_FIELDS}
                | {"targets_overridden": False}
            )

    def action_drilldown(self):
        """Open the records behind a computed value (same domain and period)."""
        self.ensure_one()
        return self.kpi_id._bsc_drilldown_action(self.period_id)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _bsc_after_manual_entry(self):
        """Keep formulas and trends in step with a value someone typed."""
        for scorecard in self.sudo().scorecard_id:
            scorecard._bsc_refresh_after_entry(
                self.sudo().filtered(lambda m, s=scorecard: m.scorecard_id == s)
            )

    def _bsc_close_comment_activities(self):
        activity_type = self.env.ref("bsc_core.mail_activity_type_bsc_comment", False)
        if activity_type:
            self.sudo().activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).action_feedback(feedback=_("Commented"))
