# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import formula as formula_engine
from ..engine import scoring
from ..engine.formula import ErrorValue
from .bsc_period import FREQUENCIES, FREQUENCY_RANK

POLARITIES = [
    ("higher", "Higher is better"),
    ("lower", "Lower is better"),
    ("range", "Target range"),
]
SOURCE_TYPES = [
    ("manual", "Manual entry"),
    ("formula", "Formula"),
    ("source", "ERP source"),
    ("ratio", "Ratio of two ERP sources"),
]
# Changing one of these changes how the values are obtained.
SOURCE_FIELDS = (
    "source_type",
    "formula",
    "source_id",
    "denominator_source_id",
    "ratio_scale",
)


class BscKpi(models.Model):
    """How an objective is measured: a value per period, scored against targets.

    The value comes from ``source_type``: typed by its owner (manual), a
    formula over other KPIs of the scorecard, or ERP data. Link addons add
    source types with ``selection_add`` and a method
    ``_bsc_source_values_<type>(periods)`` answering all their KPIs at once.
    """

    _name = "bsc.kpi"
    _description = "Key Performance Indicator"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "scorecard_id, perspective_sequence, objective_id, sequence, id"
    _check_company_auto = True

    # Identity
    name = fields.Char(required=True, tracking=True, translate=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Identifier used in formulas, unique in the scorecard, "
        "e.g. REVENUE or HEADCOUNT.",
    )
    description = fields.Html()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    objective_id = fields.Many2one(
        "bsc.objective",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
        # No check_company: the KPI's company is the objective's (related),
        # so the check is always true, and its domain would search the
        # objectives of company_id = False while none is chosen yet.
        domain="[('company_id', 'in', allowed_company_ids)]",
    )
    scorecard_id = fields.Many2one(
        related="objective_id.scorecard_id", store=True, index=True
    )
    perspective_id = fields.Many2one(related="objective_id.perspective_id", store=True)
    perspective_sequence = fields.Integer(
        related="objective_id.perspective_id.sequence",
        store=True,
        string="Perspective Sequence",
    )
    company_id = fields.Many2one(related="objective_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        help="Enters the values of this KPI and is asked for comments.",
    )
    indicator_type = fields.Selection(
        [("leading", "Leading (driver)"), ("lagging", "Lagging (outcome)")],
        default="lagging",
        required=True,
    )
    weight = fields.Float(default=1.0, required=True, tracking=True)

    # Display
    unit = fields.Char(help="Shown after the value, e.g. %, €, days.")
    value_format = fields.Selection(
        [("number", "Number"), ("percent", "Percentage"), ("monetary", "Amount")],
        default="number",
        required=True,
    )
    decimal_places = fields.Integer(default=2)

    # Targets
    polarity = fields.Selection(
        POLARITIES, default="higher", required=True, tracking=True
    )
    target_value = fields.Float(
        string="Target",
        tracking=True,
        help="Green from here on. For a target range, the low end of the range.",
    )
    red_flag_value = fields.Float(
        string="Red Flag",
        tracking=True,
        help="Red beyond this value: below it when higher is better, "
        "above it when lower is better.",
    )
    target_max_value = fields.Float(
        string="Target (high)", tracking=True, help="High end of a target range."
    )
    tolerance_value = fields.Float(
        string="Tolerance",
        tracking=True,
        help="For a target range: how far outside the range is still yellow.",
    )
    frequency = fields.Selection(
        FREQUENCIES,
        required=True,
        default="month",
        tracking=True,
        help="How often the KPI gets a value.",
    )
    aggregation = fields.Selection(
        [("sum", "Sum"), ("avg", "Average"), ("last", "Last value")],
        required=True,
        default="sum",
        help="How values of several periods combine into a longer one "
        "(a quarter, the year to date).",
    )

    # Source
    source_type = fields.Selection(
        SOURCE_TYPES, required=True, default="manual", tracking=True
    )
    formula = fields.Char(
        tracking=True,
        help="Over other KPIs of the scorecard by their codes, e.g. "
        "REVENUE / HEADCOUNT or 100 * (REVENUE - prev(REVENUE)) / prev(REVENUE).",
    )
    source_id = fields.Many2one(
        "bsc.source", string="ERP Source", tracking=True, ondelete="restrict"
    )
    denominator_source_id = fields.Many2one(
        "bsc.source", tracking=True, ondelete="restrict"
    )
    ratio_scale = fields.Float(
        default=100.0,
        help="A ratio is numerator / denominator x this factor (100 for a %).",
    )

    # Values
    measurement_ids = fields.One2many("bsc.measurement", "kpi_id")
    last_measurement_id = fields.Many2one(
        "bsc.measurement", compute="_compute_last_measurement", string="Last Value"
    )
    last_actual = fields.Float(compute="_compute_last_measurement")
    last_score = fields.Float(compute="_compute_last_measurement")
    last_status = fields.Selection(
        [("red", "Red"), ("yellow", "Yellow"), ("green", "Green"), ("none", "No data")],
        compute="_compute_last_measurement",
    )

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE(scorecard_id, code)",
            "A KPI code must be unique in its scorecard.",
        ),
        ("weight_positive", "CHECK(weight >= 0)", "Weights cannot be negative."),
    ]

    @api.depends(
        "measurement_ids.has_actual",
        "measurement_ids.date_start",
        "measurement_ids.actual_value",
        "measurement_ids.score",
        "measurement_ids.status",
    )
    def _compute_last_measurement(self):
        for kpi in self:
            measured = kpi.measurement_ids.filtered("has_actual").sorted("date_start")
            last = measured[-1:]
            kpi.last_measurement_id = last
            kpi.last_actual = last.actual_value
            kpi.last_score = last.score
            kpi.last_status = last.status or "none"

    @api.depends("name", "code")
    def _compute_display_name(self):
        for kpi in self:
            kpi.display_name = f"[{kpi.code}] {kpi.name}" if kpi.code else kpi.name

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("code")
    def _check_code(self):
        # One rule, the engine's: every code saved can be used in formulas.
        for kpi in self:
            try:
                formula_engine.check_code(kpi.code or "")
            except formula_engine.FormulaError as e:
                raise ValidationError(
                    _("KPI '%(kpi)s': %(error)s", kpi=kpi.name, error=e.message)
                ) from e

    @api.constrains(
        "polarity",
        "target_value",
        "red_flag_value",
        "target_max_value",
        "tolerance_value",
    )
    def _check_thresholds(self):
        for kpi in self:
            try:
                scoring.check_thresholds(
                    kpi.polarity,
                    kpi.target_value,
                    red_flag=kpi.red_flag_value,
                    target_max=kpi.target_max_value,
                    tolerance=kpi.tolerance_value,
                )
            except scoring.ThresholdError as e:
                raise ValidationError(
                    _("KPI '%(kpi)s': %(error)s", kpi=kpi.name, error=e)
                ) from e

    @api.constrains(*SOURCE_FIELDS, "code", "frequency", "objective_id")
    def _check_source(self):
        for kpi in self:
            if kpi.source_type == "source" and not kpi.source_id:
                raise ValidationError(
                    _(
                        "KPI '%(kpi)s': choose the ERP source it is computed from.",
                        kpi=kpi.name,
                    )
                )
            if kpi.source_type == "ratio" and not (
                kpi.source_id and kpi.denominator_source_id
            ):
                raise ValidationError(
                    _(
                        "KPI '%(kpi)s': a ratio needs a numerator and a "
                        "denominator source.",
                        kpi=kpi.name,
                    )
                )
            if kpi.source_type == "formula" and not (kpi.formula or "").strip():
                raise ValidationError(
                    _(
                        "KPI '%(kpi)s': write the formula it is computed with.",
                        kpi=kpi.name,
                    )
                )
        self.scorecard_id._bsc_check_formulas()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        objectives = self.env["bsc.objective"].browse(
            [vals["objective_id"] for vals in vals_list if vals.get("objective_id")]
        )
        frequencies = {o.id: o.scorecard_id.frequency for o in objectives}
        for vals in vals_list:
            if "frequency" not in vals and vals.get("objective_id") in frequencies:
                vals["frequency"] = frequencies[vals["objective_id"]]
        kpis = super().create(vals_list)
        kpis.scorecard_id._bsc_ensure_periods()
        return kpis

    def write(self, vals):
        res = super().write(vals)
        if "frequency" in vals:
            self.scorecard_id._bsc_ensure_periods()
        return res

    def unlink(self):
        for kpi in self:
            users = (kpi.scorecard_id.kpi_ids - self).filtered(
                lambda k, code=kpi.code: (
                    k.source_type == "formula" and code in k._bsc_parsed_formula().codes
                )
            )
            if users:
                raise UserError(
                    _(
                        "KPI '%(kpi)s' cannot be deleted: the formula of "
                        "'%(user)s' uses its code %(code)s. Change that formula first.",
                        kpi=kpi.name,
                        user=users[0].name,
                        code=kpi.code,
                    )
                )
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_recompute(self):
        self.scorecard_id._bsc_check_manager(_("recompute a KPI"))
        for scorecard in self.scorecard_id:
            scorecard._bsc_recompute(
                kpis=self.filtered(lambda k, s=scorecard: k.scorecard_id == s)
            )
        return True

    def action_view_measurements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bsc_core.bsc_measurement_action"
        )
        action["domain"] = [("kpi_id", "=", self.id)]
        action["context"] = {"default_kpi_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Values: one method per source type, each answering all KPIs at once
    # ------------------------------------------------------------------

    def _bsc_source_values(self, periods):
        """Values of computed (non-formula) KPIs for ``periods``.

        :param periods: ``bsc.period`` records of the scorecard; each KPI uses
            those of its own frequency
        :return: ``{(kpi_id, period_id): (value or None, error text or False)}``

        Dispatches to ``_bsc_source_values_<source_type>`` once per source
        type, so that each type can batch its queries.
        """
        result = {}
        by_type = defaultdict(lambda: self.browse())
        for kpi in self:
            by_type[kpi.source_type] |= kpi
        for source_type, kpis in by_type.items():
            method = getattr(kpis, f"_bsc_source_values_{source_type}", None)
            if method is None:
                raise UserError(
                    _("No computation is defined for source type '%s'.", source_type)
                )
            result.update(method(periods))
        return result

    def _bsc_source_values_manual(self, periods):
        return {}

    def _bsc_source_values_formula(self, periods):
        # Formulas are evaluated by the scorecard, once every input is known.
        return {}

    def _bsc_source_values_source(self, periods):
        return self._bsc_generic_values(periods, ratio=False)

    def _bsc_source_values_ratio(self, periods):
        return self._bsc_generic_values(periods, ratio=True)

    def _bsc_generic_values(self, periods, ratio):
        """Generic sources: one grouped query per (model, date field, frequency)."""
        result = {}
        scorecard = self.scorecard_id
        scorecard.ensure_one()
        for frequency, kpis in self._bsc_group_by_frequency().items():
            freq_periods = periods.filtered(lambda p, f=frequency: p.frequency == f)
            sources = kpis.source_id | kpis.denominator_source_id
            values, errors = sources._bsc_read_values_safely(
                freq_periods, scorecard.company_id, scorecard.tz
            )
            for kpi in kpis:
                error = errors.get(kpi.source_id.id) or (
                    ratio and errors.get(kpi.denominator_source_id.id)
                )
                if error:
                    for period in freq_periods:
                        result[(kpi.id, period.id)] = (None, error)
            kpis = kpis.filtered(
                lambda k, failed=errors: (
                    k.source_id.id not in failed
                    and k.denominator_source_id.id not in failed
                )
            )
            for kpi in kpis:
                for period in freq_periods:
                    numerator = values.get((kpi.source_id.id, period.id))
                    if not ratio:
                        result[(kpi.id, period.id)] = (numerator, False)
                        continue
                    denominator = values.get((kpi.denominator_source_id.id, period.id))
                    result[(kpi.id, period.id)] = kpi._bsc_ratio(numerator, denominator)
        return result

    def _bsc_ratio(self, numerator, denominator):
        """``numerator / denominator x ratio_scale`` as (value, error)."""
        self.ensure_one()
        if numerator is None or denominator is None:
            return None, False
        if not denominator:
            return None, _(
                "#DIV/0: %(denominator)s is 0 in this period",
                denominator=self.denominator_source_id.name,
            )
        return numerator / denominator * self.ratio_scale, False

    def _bsc_group_by_frequency(self):
        groups = defaultdict(lambda: self.browse())
        for kpi in self:
            groups[kpi.frequency] |= kpi
        return groups

    # ------------------------------------------------------------------
    # Drill-down: one method per source type
    # ------------------------------------------------------------------

    def _bsc_drilldown_action(self, period):
        """An action opening the records behind this KPI's value for ``period``."""
        self.ensure_one()
        method = getattr(self, f"_bsc_drilldown_{self.source_type}", None)
        if method is None:
            raise UserError(
                _(
                    "KPI '%s' is entered by hand: no records are behind its value.",
                    self.name,
                )
            )
        return method(period)

    def _bsc_records_action(self, source, period):
        scorecard = self.scorecard_id
        return {
            "type": "ir.actions.act_window",
            "name": f"{self.name} · {period.name}",
            "res_model": source.model_id.model,
            "views": [(False, "list"), (False, "form")],
            "domain": source._bsc_drilldown_domain(
                period, scorecard.company_id, scorecard.tz
            ),
            "context": {"create": False},
        }

    def _bsc_drilldown_source(self, period):
        return self._bsc_records_action(self.source_id, period)

    def _bsc_drilldown_ratio(self, period):
        return self._bsc_records_action(self.source_id, period)

    def _bsc_drilldown_formula(self, period):
        codes = sorted(self._bsc_parsed_formula().codes)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bsc_core.bsc_measurement_action"
        )
        action.update(
            name=_("Inputs of %(kpi)s · %(period)s", kpi=self.name, period=period.name),
            domain=[
                ("scorecard_id", "=", self.scorecard_id.id),
                ("kpi_id.code", "in", codes),
                ("date_start", "<=", period.date_end),
                ("date_end", ">=", period.date_start),
            ],
            context={"create": False},
        )
        return action

    # ------------------------------------------------------------------
    # Formula helpers
    # ------------------------------------------------------------------

    def _bsc_parsed_formula(self):
        """The parsed formula; a ValidationError names the KPI and the problem."""
        self.ensure_one()
        try:
            return formula_engine.parse(self.formula or "")
        except formula_engine.FormulaError as e:
            raise ValidationError(
                _("KPI '%(kpi)s': %(error)s", kpi=self.name, error=e.message)
            ) from e

    def _bsc_input_error(self, value, error_text):
        """A stored (value, error) as a formula input value."""
        if error_text:
            return ErrorValue("#ERR", f"{self.code}: {error_text}")
        return value

    def _bsc_frequency_rank(self):
        return FREQUENCY_RANK[self.frequency]
