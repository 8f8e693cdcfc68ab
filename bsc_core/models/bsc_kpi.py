# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import families
from ..engine import formula as formula_engine
from ..engine import scoring
from ..tools.fields import NullableFloat
from ..tools.number_format import number_writer
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

# Units of things counted one by one: a new KPI in one of them shows no
# decimals ("8 FTE", not "8.00 FTE")
COUNT_UNITS = {
    "#",
    "accounts",
    "calls",
    "complaints",
    "customers",
    "defects",
    "deliveries",
    "departures",
    "employees",
    "fte",
    "hires",
    "incidents",
    "items",
    "milestones",
    "orders",
    "people",
    "pcs",
    "projects",
    "tasks",
    "tickets",
    "units",
    "visits",
}


class BscKpi(models.Model):
    """How an objective is measured: a value per period, scored against targets.

    The value comes from ``source_type``: typed by its owner (manual), a
    formula over other KPIs of the scorecard, or ERP data. Each source type
    belongs to a source family (``bsc_core/families``): link addons add
    source types with ``selection_add`` and register their family in
    :meth:`_bsc_source_families`.
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
    last_actual = NullableFloat(compute="_compute_last_measurement")
    last_score = NullableFloat(compute="_compute_last_measurement")
    last_status = fields.Selection(
        scoring.STATUS_SELECTION,
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
            kpi.last_actual = last.actual_value if last else False
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
                    _(
                        "KPI '%(kpi)s': %(error)s",
                        kpi=kpi.name,
                        error=e.render(self.env._),
                    )
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
                    _(
                        "KPI '%(kpi)s': %(error)s",
                        kpi=kpi.name,
                        error=e.text(self.env._, number_writer(self.env)),
                    )
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
    # Defaults that follow the unit and the source
    # ------------------------------------------------------------------

    @api.model
    def _bsc_is_count_unit(self, unit):
        return (unit or "").strip().lower() in COUNT_UNITS

    @api.onchange("unit")
    def _onchange_unit_decimals(self):
        """A count ("FTE", "orders") shows no decimals."""
        if self._bsc_is_count_unit(self.unit):
            self.decimal_places = 0

    @api.model
    def _bsc_source_display_defaults(self):
        """``{source_type: {field: value}}``: how a KPI of a source type is
        shown by default, set when the type is chosen (a link addon adds
        its amounts: sales revenue in the company currency)."""
        return {}

    @api.onchange("source_type")
    def _onchange_source_type_display(self):
        defaults = self._bsc_source_display_defaults().get(self.source_type)
        if defaults:
            self.update(defaults)

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
            if "decimal_places" not in vals and self._bsc_is_count_unit(
                vals.get("unit")
            ):
                vals["decimal_places"] = 0
        kpis = super().create(vals_list)
        self.env["bsc.period"]._bsc_generate(kpis.scorecard_id)
        return kpis

    def write(self, vals):
        res = super().write(vals)
        if "frequency" in vals:
            self.env["bsc.period"]._bsc_generate(self.scorecard_id)
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
    # Source families: where values come from
    # ------------------------------------------------------------------

    @api.model
    def _bsc_source_families(self):
        """The source families: classes of ``bsc_core.families.SourceFamily``,
        each computing some source types. A link addon appends its own::

            def _bsc_source_families(self):
                return super()._bsc_source_families() + [SaleFamily]
        """
        return [
            families.ManualFamily,
            families.FormulaFamily,
            families.SourceRecordFamily,
            families.RatioFamily,
        ]

    @api.model
    def _bsc_families(self):
        """``{source type: family instance}`` for this environment."""
        by_type = {}
        for family_class in self._bsc_source_families():
            family = family_class(self.env)
            for source_type in family.source_types:
                by_type[source_type] = family
        return by_type

    def _bsc_family(self):
        """The family computing this KPI; a UserError when none does."""
        self.ensure_one()
        family = self._bsc_families().get(self.source_type)
        if family is None:
            raise UserError(
                _(
                    "No computation is defined for source type '%s'.",
                    self.source_type,
                )
            )
        return family

    def _bsc_parameter_fnames(self):
        """Fields that change what a KPI counts: checked again on change."""
        fnames = {"source_type", "objective_id"}
        for family_class in self._bsc_source_families():
            fnames.update(family_class(self.env).parameter_fields())
        return sorted(fnames)

    @api.constrains(lambda self: self._bsc_parameter_fnames())
    def _check_parameters(self):
        families_by_type = self._bsc_families()
        for kpi in self:
            family = families_by_type.get(kpi.source_type)
            error = family and family.parameter_error(kpi)
            if error:
                raise ValidationError(error)

    def _bsc_source_values(self, periods):
        """Values of computed (non-formula) KPIs for ``periods``.

        :param periods: ``bsc.period`` records of the scorecard; each KPI uses
            those of its own frequency
        :return: ``{(kpi_id, period_id): (value or None, error text or False)}``

        Each family computes all its KPIs at once, whatever their source
        types, so that they can share queries. A KPI whose parameters no
        longer fit (a team moved to another company) gets its error as
        value instead (unless its family says ``check_on_compute = False``).
        """
        result = {}
        families_by_type = self._bsc_families()
        by_family = defaultdict(lambda: self.browse())
        # read the KPIs' fields in batches, even when they came from a
        # one2many whose cache was invalidated since (one query per KPI)
        for kpi in self.with_prefetch():
            family = families_by_type.get(kpi.source_type)
            if family is None:
                raise UserError(
                    _(
                        "No computation is defined for source type '%s'.",
                        kpi.source_type,
                    )
                )
            error = family.check_on_compute and family.parameter_error(kpi)
            if error:
                for period in periods.filtered(
                    lambda p, k=kpi: p.frequency == k.frequency
                ):
                    result[(kpi.id, period.id)] = (None, error)
            else:
                by_family[family] |= kpi
        for family, kpis in by_family.items():
            result.update(family.compute(kpis, periods))
        return result

    def _bsc_drilldown_action(self, period):
        """An action opening the records behind this KPI's value for ``period``."""
        self.ensure_one()
        return self._bsc_family().drilldown(self, period)

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
                _(
                    "KPI '%(kpi)s': %(error)s",
                    kpi=self.name,
                    error=e.render(self.env._),
                )
            ) from e

    def _bsc_frequency_rank(self):
        return FREQUENCY_RANK[self.frequency]
