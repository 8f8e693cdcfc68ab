# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from collections import defaultdict
from datetime import datetime, timedelta

import pytz

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.base.models.res_partner import _tz_get

from ..engine import formula as formula_engine
from ..engine import matrix as matrix_engine
from ..engine import periods as period_engine
from ..engine import scoring
from ..engine.formula import ErrorValue
from .bsc_measurement import TARGET_FIELDS
from .bsc_period import FREQUENCIES, FREQUENCY_RANK

# The columns of a measurement a recompute reads to compare and to chain
# formulas and trends (see BscScorecard._bsc_measurement_rows)
MEASUREMENT_COLUMNS = (
    "date_start",
    "origin",
    "actual_value",
    "has_actual",
    "error_text",
    "targets_overridden",
    "trend",
    *TARGET_FIELDS,
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
    """One organisation unit's strategy for a span of time.

    The scorecard owns the computation: :meth:`_bsc_recompute` asks every
    source type for all its KPIs' values at once, evaluates the formulas in
    dependency order and writes the measurements in bulk; :meth:`_bsc_matrix`
    rolls the stored measurements up for one period, for every screen and
    report.
    """

    _name = "bsc.scorecard"
    _description = "Balanced Scorecard"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, name, id"
    _check_company_auto = True
    _parent_name = "parent_id"

    name = fields.Char(required=True, tracking=True, translate=True)
    active = fields.Boolean(default=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Owner", default=lambda self: self.env.user, tracking=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
        help="Only active scorecards are recomputed by the daily job.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.today().replace(month=1, day=1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.today().replace(month=12, day=31),
    )
    frequency = fields.Selection(
        FREQUENCIES,
        string="Default Frequency",
        default="month",
        required=True,
        help="Frequency of new KPIs and of the period shown by default.",
    )
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        required=True,
        default=lambda self: self.env.user.tz or "UTC",
        help="Places ERP records dated with a time into periods.",
    )
    parent_id = fields.Many2one(
        "bsc.scorecard",
        string="Aligned To",
        index=True,
        ondelete="set null",
        check_company=True,
        tracking=True,
    )
    child_ids = fields.One2many(
        "bsc.scorecard", "parent_id", string="Aligned Scorecards"
    )

    scorecard_perspective_ids = fields.One2many(
        "bsc.scorecard.perspective", "scorecard_id", string="Perspectives", copy=True
    )
    objective_ids = fields.One2many(
        "bsc.objective", "scorecard_id", string="Objectives"
    )
    kpi_ids = fields.One2many("bsc.kpi", "scorecard_id", string="KPIs")
    initiative_ids = fields.One2many("bsc.initiative", "scorecard_id")
    period_ids = fields.One2many("bsc.period", "scorecard_id", string="Periods")
    objective_count = fields.Integer(compute="_compute_counts")
    kpi_count = fields.Integer(compute="_compute_counts")
    initiative_count = fields.Integer(compute="_compute_counts")

    # The chosen (context bsc_period_id) or current period and its figures
    period_id = fields.Many2one("bsc.period", compute="_compute_score")
    score = fields.Float(compute="_compute_score", digits=(16, 2))
    status = fields.Selection(
        [("red", "Red"), ("yellow", "Yellow"), ("green", "Green"), ("none", "No data")],
        compute="_compute_score",
    )
    trend = fields.Selection(
        [("up", "Up"), ("down", "Down"), ("flat", "Flat")], compute="_compute_score"
    )
    score_explanation = fields.Text(compute="_compute_score")

    # The form's period selector and the matrix it shows
    selected_period_id = fields.Many2one(
        "bsc.period",
        string="Show Period",
        compute="_compute_selected_period_id",
        readonly=False,
        domain="[('scorecard_id', '=', id)]",
    )
    matrix_html = fields.Html(
        compute="_compute_matrix_html", sanitize=False, string="Scorecard"
    )

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_from <= date_to)",
            "A scorecard ends after it starts.",
        ),
    ]

    @api.depends("objective_ids", "kpi_ids", "initiative_ids")
    def _compute_counts(self):
        for scorecard in self:
            scorecard.objective_count = len(scorecard.objective_ids)
            scorecard.kpi_count = len(scorecard.kpi_ids)
            scorecard.initiative_count = len(scorecard.initiative_ids)

    @api.depends_context("bsc_period_id")
    def _compute_score(self):
        for scorecard in self:
            period = scorecard._bsc_context_period()
            matrix = scorecard._bsc_matrix(period) if period else {}
            scorecard.period_id = period
            scorecard.score = matrix.get("score") or 0.0
            scorecard.status = matrix.get("status") or "none"
            scorecard.trend = matrix.get("trend") or False
            scorecard.score_explanation = matrix.get("explanation") or False

    @api.depends("period_ids")
    @api.depends_context("bsc_period_id")
    def _compute_selected_period_id(self):
        for scorecard in self:
            origin = scorecard._origin
            scorecard.selected_period_id = (
                origin._bsc_context_period() if origin else False
            )

    @api.depends("selected_period_id")
    def _compute_matrix_html(self):
        for scorecard in self:
            origin = scorecard._origin
            period = scorecard.selected_period_id._origin
            if not origin or not period:
                scorecard.matrix_html = False
                continue
            scorecard.matrix_html = self.env["ir.qweb"]._render(
                "bsc_core.bsc_scorecard_matrix_table",
                {"matrix": origin._bsc_matrix(period), "scorecard": origin},
            )

    def _bsc_format_value(self, value, kpi_row):
        """A KPI value as shown everywhere: decimals, percent or currency."""
        if value is None:
            return "–"
        decimals = max(0, kpi_row.get("decimal_places", 2) or 0)
        text = f"{value:,.{decimals}f}"
        if kpi_row.get("value_format") == "percent":
            return f"{text} %"
        if kpi_row.get("value_format") == "monetary":
            return f"{text} {self.currency_id.symbol or ''}".strip()
        unit = kpi_row.get("unit")
        return f"{text} {unit}" if unit else text

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(
                _("A scorecard cannot be aligned to itself or to one of its children.")
            )

    def _bsc_check_formulas(self):
        """Refuse formulas that do not parse, use unknown codes or form a cycle."""
        for scorecard in self:
            kpis = scorecard.kpi_ids
            by_code = {kpi.code: kpi for kpi in kpis}
            deps = {}
            for kpi in kpis.filtered(lambda k: k.source_type == "formula"):
                parsed = kpi._bsc_parsed_formula()
                try:
                    formula_engine.check_codes(parsed, by_code, kpi_label=kpi.name)
                except formula_engine.FormulaError as e:
                    raise ValidationError(e.message) from e
                for code in sorted(parsed.codes):
                    if (
                        FREQUENCY_RANK[by_code[code].frequency]
                        > FREQUENCY_RANK[kpi.frequency]
                    ):
                        raise ValidationError(
                            _(
                                "KPI '%(kpi)s' is %(freq)s but its formula uses "
                                "'%(code)s', which has fewer periods (%(other)s). A "
                                "formula may use KPIs of its own frequency or finer.",
                                kpi=kpi.name,
                                freq=kpi.frequency,
                                code=code,
                                other=by_code[code].frequency,
                            )
                        )
                deps[kpi.code] = parsed.same_period_codes
            try:
                formula_engine.evaluation_order(deps)
            except formula_engine.FormulaError as e:
                raise ValidationError(
                    _(
                        "Scorecard '%(scorecard)s': the KPI formulas form a %(error)s. "
                        "Change one of these formulas.",
                        scorecard=scorecard.name,
                        error=e.message,
                    )
                ) from e

    def _bsc_check_strategy_map(self):
        """Refuse cause-and-effect links that go round in a circle."""
        for scorecard in self:
            cycle = scorecard.objective_ids._bsc_cause_effect_cycle()
            if cycle:
                raise ValidationError(
                    _(
                        "These cause-and-effect links form a cycle: %(cycle)s. An "
                        "objective cannot, through others, drive itself; remove one "
                        "of these links.",
                        cycle=" → ".join(cycle),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        defaults = self.env["bsc.perspective"].search([])
        for vals in vals_list:
            if not vals.get("scorecard_perspective_ids"):
                vals["scorecard_perspective_ids"] = [
                    Command.create({"perspective_id": p.id, "weight": p.default_weight})
                    for p in defaults
                ]
        scorecards = super().create(vals_list)
        scorecards._bsc_ensure_periods()
        return scorecards

    def write(self, vals):
        res = super().write(vals)
        if "date_from" in vals or "date_to" in vals:
            self._bsc_ensure_periods()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_activate(self):
        self.state = "active"

    def action_close(self):
        self.state = "closed"

    def action_draft(self):
        self.state = "draft"

    def action_recompute(self):
        self._bsc_check_manager(_("recompute a scorecard"))
        count = 0
        for scorecard in self:
            count += scorecard._bsc_recompute()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%s values recomputed.", count),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _bsc_check_manager(self, what):
        if not (self.env.su or self.env.user.has_group("bsc_core.group_bsc_manager")):
            raise AccessError(_("Only scorecard managers can %(what)s.", what=what))

    def action_generate_periods(self):
        self._bsc_ensure_periods()

    def _bsc_action(self, xmlid, **context):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("scorecard_id", "=", self.id)]
        action["context"] = dict(default_scorecard_id=self.id, **context)
        return action

    def action_view_objectives(self):
        return self._bsc_action("bsc_core.bsc_objective_action")

    def action_view_kpis(self):
        return self._bsc_action("bsc_core.bsc_kpi_action")

    def action_view_initiatives(self):
        return self._bsc_action("bsc_core.bsc_initiative_action")

    def action_view_measurements(self):
        action = self._bsc_action("bsc_core.bsc_measurement_action")
        period = self._bsc_context_period()
        if period:
            action["context"]["search_default_period_id"] = period.id
        return action

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------

    def _bsc_ensure_periods(self):
        """Create the months, quarters and years of each scorecard's span.

        Periods outside the span are removed unless they hold measurements.
        """
        Period = self.env["bsc.period"].sudo()
        for scorecard in self:
            existing = {
                (p.frequency, p.date_start): p for p in scorecard.sudo().period_ids
            }
            wanted = set()
            to_create = []
            for frequency, __ in FREQUENCIES:
                for period in period_engine.generate_periods(
                    scorecard.date_from, scorecard.date_to, frequency
                ):
                    key = (frequency, period.date_start)
                    wanted.add(key)
                    if key not in existing:
                        to_create.append(
                            {
                                "scorecard_id": scorecard.id,
                                "name": period.name,
                                "frequency": frequency,
                                "date_start": period.date_start,
                                "date_end": period.date_end,
                            }
                        )
            Period.create(to_create)
            stale = Period.browse(
                [p.id for key, p in existing.items() if key not in wanted]
            )
            used = (
                self.env["bsc.measurement"]
                .sudo()
                .search([("period_id", "in", stale.ids)])
            )
            (stale - used.period_id).unlink()

    def _bsc_today(self):
        """Today in the scorecard's time zone."""
        self.ensure_one()
        return datetime.now(pytz.timezone(self.tz or "UTC")).date()

    def _bsc_context_period(self, frequency=None):
        """The period chosen in the context, else the current one.

        The current period is the one of ``frequency`` (default: the
        scorecard's) containing today; before the span the first, after it
        the last.
        """
        self.ensure_one()
        period_id = self.env.context.get("bsc_period_id")
        if period_id:
            period = self.env["bsc.period"].browse(period_id).exists()
            if period.scorecard_id == self:
                return period
        frequency = frequency or self.frequency
        periods = self.period_ids.filtered(lambda p: p.frequency == frequency).sorted(
            "date_start"
        )
        if not periods:
            return periods
        today = self._bsc_today()
        for period in periods:
            if period.date_start <= today <= period.date_end:
                return period
        return periods[0] if today < periods[0].date_start else periods[-1]

    def _bsc_previous_period(self, period):
        """The period of the same frequency just before ``period``, if any."""
        earlier = self.period_ids.filtered(
            lambda p: (
                p.frequency == period.frequency and p.date_start < period.date_start
            )
        ).sorted("date_start")
        return earlier[-1:] if earlier else earlier

    def _bsc_periods_making(self, period, frequency):
        """The periods of ``frequency`` whose values make ``period``.

        Finer ones inside it, or the one coarser period that contains it.
        """
        periods = self.period_ids.filtered(lambda p: p.frequency == frequency)
        if FREQUENCY_RANK[frequency] <= FREQUENCY_RANK[period.frequency]:
            return periods.filtered(
                lambda p: (
                    period.date_start <= p.date_start and p.date_end <= period.date_end
                )
            ).sorted("date_start")
        return periods.filtered(
            lambda p: p.date_start <= period.date_start <= p.date_end
        )

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
        """The stored measurements of ``kpis``, as plain rows.

        :return: ``{(kpi_id, period_id): {column: value}}`` with the columns
            a recompute compares (:data:`MEASUREMENT_COLUMNS`)

        One query, without building records: a recompute compares thousands
        of measurements and writes the few that changed.
        """
        Measurement = self.env["bsc.measurement"]
        Measurement.flush_model(["kpi_id", "period_id", *MEASUREMENT_COLUMNS])
        if not kpis:
            return {}
        columns = ["id", "kpi_id", "period_id", *MEASUREMENT_COLUMNS]
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT %s FROM %s WHERE %s IN %s",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL.identifier(Measurement._table),
                SQL.identifier("kpi_id"),
                tuple(kpis.ids),
            )
        )
        for row in rows:
            for column in ("error_text", "origin", "trend"):
                row[column] = row[column] or False
            for column in ("has_actual", "targets_overridden"):
                row[column] = bool(row[column])
            # as the ORM reads them: an empty float column is 0.0
            for column in ("actual_value", *TARGET_FIELDS):
                row[column] = row[column] or 0.0
        return {(row["kpi_id"], row["period_id"]): row for row in rows}

    def _bsc_formula_values(self, formula_kpis, periods, index, fresh):
        """Evaluate formula KPIs period by period, in dependency order.

        :param index: ``{(kpi_id, period_id): row}`` already stored (see
            :meth:`_bsc_measurement_rows`)
        :param fresh: ``{(kpi_id, period_id): (value, error)}`` just computed
        :return: ``{(kpi_id, period_id): (value or None, error text or False)}``
        """
        by_code = {kpi.code: kpi for kpi in self.kpi_ids}
        parsed = {kpi.code: kpi._bsc_parsed_formula() for kpi in formula_kpis}
        order = formula_engine.evaluation_order(
            {code: formula.same_period_codes for code, formula in parsed.items()}
        )
        results = {}

        def value_of(kpi, period):
            key = (kpi.id, period.id)
            if key in results:
                raw = results[key]
            elif key in fresh:
                raw = fresh[key]
            elif key in index:
                m = index[key]
                raw = (m["actual_value"] if m["has_actual"] else None, m["error_text"])
            else:
                return None
            value, error = raw
            if error:
                return ErrorValue("#ERR", f"{kpi.code}: {error}")
            return value

        making_cache = {}

        def value_in(kpi, period):
            key = (period.id, kpi.frequency)
            if key not in making_cache:
                making_cache[key] = self._bsc_periods_making(period, kpi.frequency)
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
                context = _PeriodContext(by_code, series, position, value_in)
                for code in codes:
                    kpi = by_code[code]
                    result = parsed[code].evaluate(context)
                    if isinstance(result, ErrorValue):
                        results[(kpi.id, period.id)] = (None, str(result))
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
                        "actual_value": value if value is not None else 0.0,
                        "has_actual": value is not None,
                        "error_text": error or False,
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

        Reads the measurements in one query and writes at most one batch per
        trend.
        """
        Measurement = self.env["bsc.measurement"]
        new_periods = self.env["bsc.period"].browse(
            {vals["period_id"] for vals in new_rows}
        )
        starts = {period.id: period.date_start for period in new_periods}
        pending = [
            dict(
                vals,
                id=None,
                vals=vals,
                trend=False,
                error_text=vals.get("error_text") or False,
                actual_value=vals.get("actual_value") or 0.0,
                has_actual=bool(vals.get("has_actual")),
                date_start=starts[vals["period_id"]],
            )
            for vals in new_rows
        ]
        if rows is None:
            rows = self._bsc_measurement_rows(kpis)
        frequency = {kpi.id: kpi.frequency for kpi in kpis}
        rows = sorted(
            [*(row for row in rows.values() if row["kpi_id"] in frequency), *pending],
            key=lambda row: (row["kpi_id"], row["date_start"]),
        )
        # all the scorecard's periods at once, whichever the rows use
        period_info = {p.id: (p.frequency, p.locked) for p in self.period_ids}
        changes = defaultdict(list)
        previous = {}
        for row in rows:
            period_frequency, locked = period_info[row["period_id"]]
            if period_frequency != frequency[row["kpi_id"]]:
                continue
            before = previous.get(row["kpi_id"])
            previous[row["kpi_id"]] = row
            trend = False
            if before:
                trend = (
                    scoring.trend(
                        row["actual_value"] if row["has_actual"] else None,
                        before["actual_value"] if before["has_actual"] else None,
                    )
                    or False
                )
            if row["id"] is None:
                row["vals"]["trend"] = trend
            elif row["trend"] != trend and not locked:
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
    # The matrix
    # ------------------------------------------------------------------

    @api.model
    def get_matrix(self, scorecard_id, period_id=None):
        """RPC entry point: the scorecard matrix for a period (default: current)."""
        scorecard = self.browse(scorecard_id)
        scorecard.check_access("read")
        period = (
            self.env["bsc.period"].browse(period_id)
            if period_id
            else (scorecard._bsc_context_period())
        )
        return scorecard._bsc_matrix(period)

    def _bsc_matrix(self, period, with_trend=True):
        """Every figure of the scorecard for ``period``, as plain data.

        :return: ``matrix_engine.build`` output plus ``period``; rows carry
            ``trend`` against the previous period of the same frequency
        """
        self.ensure_one()
        if not period:
            return {}
        previous = self._bsc_previous_period(period) if with_trend else None
        data = self._bsc_matrix_data(period | (previous or period.browse()))
        current = self._bsc_build_matrix(period, data)
        if with_trend:
            before = self._bsc_build_matrix(previous, data) if previous else None
            matrix_engine.add_trends(current, before)
        current["period"] = self._bsc_period_dict(period)
        return current

    def _bsc_matrices(self, periods, data=None):
        """The matrices of several periods of one frequency, oldest first.

        One read of the measurements serves them all (history sheets,
        sparklines); each matrix's trends compare with the one before it.

        :param data: :meth:`_bsc_matrix_data` of these periods (or more),
            when the caller already read it
        """
        self.ensure_one()
        periods = periods.sorted("date_start")
        if data is None:
            data = self._bsc_matrix_data(periods)
        matrices = []
        previous = None
        for period in periods:
            matrix = self._bsc_build_matrix(period, data)
            matrix_engine.add_trends(matrix, previous)
            matrix["period"] = self._bsc_period_dict(period)
            matrices.append(matrix)
            previous = matrix
        return matrices

    @api.model
    def _bsc_period_dict(self, period):
        return {
            "id": period.id,
            "name": period.name,
            "frequency": period.frequency,
            "date_start": fields.Date.to_string(period.date_start),
            "date_end": fields.Date.to_string(period.date_end),
            "locked": period.locked,
        }

    def _bsc_matrix_data(self, periods):
        """Read what the matrix of ``periods`` needs, in a few queries."""
        self.ensure_one()
        sudo = self.sudo()
        kpis = sudo.kpi_ids
        objectives = sudo.objective_ids
        making = {}
        needed = self.env["bsc.period"]
        for period in periods:
            for frequency in {kpi.frequency for kpi in kpis}:
                making[(period.id, frequency)] = self._bsc_periods_making(
                    period, frequency
                )
                needed |= making[(period.id, frequency)]
        measurements = self.env["bsc.measurement"].sudo().search_read(
            [("kpi_id", "in", kpis.ids), ("period_id", "in", needed.ids)],
            [
                "kpi_id", "period_id", "actual_value", "has_actual", "error_text",
                "comment", "score", "status", "explanation", *TARGET_FIELDS,
            ],
            load=False,
        )  # fmt: skip
        by_key = {(m["kpi_id"], m["period_id"]): m for m in measurements}
        return {
            "periods": periods,
            "kpis": kpis,
            "objectives": objectives,
            "making": making,
            "measurements": by_key,
            "child_scores": {},
        }

    def _bsc_build_matrix(self, period, data):
        scorecard = {"id": self.id, "name": self.name}
        perspectives = [
            {
                "id": line.perspective_id.id,
                "name": line.perspective_id.name,
                "question": line.perspective_id.question or "",
                "color": line.perspective_id.color,
                "sequence": line.sequence,
                "weight": line.weight,
            }
            for line in self.sudo().scorecard_perspective_ids
        ]
        objectives = [
            {
                "id": objective.id,
                "name": objective.name,
                "code": objective.code or "",
                "perspective_id": objective.perspective_id.id,
                "user": objective.user_id.name or "",
                "weight": objective.weight,
                "aligned_weight": objective.aligned_weight,
                "cause_ids": objective.cause_ids.ids,
                "effect_ids": objective.effect_ids.ids,
            }
            for objective in data["objectives"]
        ]
        kpis = []
        cells = {}
        for kpi in data["kpis"]:
            row = {
                "id": kpi.id,
                "code": kpi.code,
                "name": kpi.name,
                "objective_id": kpi.objective_id.id,
                "user": kpi.user_id.name or "",
                "unit": kpi.unit or "",
                "value_format": kpi.value_format,
                "decimal_places": kpi.decimal_places,
                "weight": kpi.weight,
                "polarity": kpi.polarity,
                "aggregation": kpi.aggregation,
                "frequency": kpi.frequency,
                "source_type": kpi.source_type,
            }
            kpis.append(row)
            making = data["making"].get((period.id, kpi.frequency), ())
            stored = []
            for p in making:
                m = data["measurements"].get((kpi.id, p.id))
                if m:
                    stored.append(
                        {
                            "id": m["id"],
                            "actual": m["actual_value"]
                            if m["has_actual"] and not m["error_text"]
                            else None,
                            "target": m["target_value"],
                            "red_flag": m["red_flag_value"],
                            "target_max": m["target_max_value"],
                            "tolerance": m["tolerance_value"],
                            "score": m["score"],
                            "status": m["status"],
                            "explanation": m["explanation"],
                            "error": m["error_text"],
                            "comment": m["comment"],
                        }
                    )
            exact = len(making) == 1 and making.frequency == period.frequency
            cells[kpi.id] = matrix_engine.kpi_cell(row, stored, exact)
        aligned = self._bsc_aligned_scores(period, data)
        return matrix_engine.build(
            scorecard, perspectives, objectives, kpis, cells, aligned
        )

    def _bsc_aligned_scores(self, period, data):
        """Mean score of child objectives aligned to each objective, same dates.

        Each child scorecard's matrices are built once for all the periods of
        ``data`` (one read of its measurements), whatever the number of
        aligned objectives.
        """
        result = {}
        cache = data["child_scores"]
        for objective in data["objectives"].filtered("aligned_weight"):
            scores = []
            for child in objective.child_objective_ids:
                child_scorecard = child.scorecard_id
                if child_scorecard.id not in cache:
                    cache[child_scorecard.id] = child_scorecard._bsc_child_scores(
                        data["periods"]
                    )
                score = cache[child_scorecard.id].get(
                    (period.frequency, period.date_start, child.id)
                )
                if score is not None:
                    scores.append(score)
            result[objective.id] = (
                round(sum(scores) / len(scores), 2) if scores else None
            )
        return result

    def _bsc_child_scores(self, periods):
        """``{(frequency, date_start, objective_id): score}`` of this scorecard
        for its periods matching ``periods`` (same frequency and start)."""
        self.ensure_one()
        wanted = {(p.frequency, p.date_start) for p in periods}
        result = {}
        for frequency in {p.frequency for p in periods}:
            mine = self.period_ids.filtered(
                lambda p, f=frequency: (
                    p.frequency == f and (p.frequency, p.date_start) in wanted
                )
            )
            if not mine:
                continue
            for matrix, period in zip(
                self._bsc_matrices(mine), mine.sorted("date_start"), strict=True
            ):
                for perspective in matrix.get("perspectives", []):
                    for row in perspective["objectives"]:
                        result[(frequency, period.date_start, row["id"])] = row["score"]
        return result

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
                    deadline = measurement.date_end + timedelta(days=5)
                elif activity_type == error_type:
                    note = _(
                        "%(kpi)s could not be computed for %(period)s: %(error)s. "
                        "Fix the KPI's source or formula, then recompute.",
                        kpi=measurement.kpi_id.display_name,
                        period=measurement.period_id.name,
                        error=measurement.error_text,
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


class _PeriodContext:
    """The formula engine's view of one period of a frequency's series."""

    def __init__(self, by_code, series, position, value_in):
        self.by_code = by_code
        self.series = series
        self.position = position
        self.value_in = value_in

    def value(self, code, shift=0):
        kpi = self.by_code.get(code)
        if kpi is None:
            return ErrorValue("#NAME", f"unknown code {code}")
        index = self.position - shift
        if index < 0:
            return None
        return self.value_in(kpi, self.series[index])

    def ytd(self, code):
        kpi = self.by_code.get(code)
        if kpi is None:
            return ErrorValue("#NAME", f"unknown code {code}")
        period = self.series[self.position]
        values = [
            self.value_in(kpi, p)
            for p in self.series[: self.position + 1]
            if p.date_start.year == period.date_start.year
        ]
        for value in values:
            if isinstance(value, ErrorValue):
                return value
        return period_engine.aggregate(values, kpi.aggregation)
