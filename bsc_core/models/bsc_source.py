# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast
import logging
from collections import defaultdict

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import query as query_lib
from ..query import DECOMPOSABLE, Filtered, Grouped, Shape

_logger = logging.getLogger(__name__)

AGGREGATES = [
    ("sum", "Sum"),
    ("avg", "Average"),
    ("count", "Count of records"),
    ("count_distinct", "Count of distinct values"),
    ("min", "Minimum"),
    ("max", "Maximum"),
]
# Aggregates that give 0 rather than "no data" for a period without records.
ZERO_WHEN_EMPTY = ("sum", "count", "count_distinct")
NUMERIC_TYPES = ("integer", "float", "monetary")
# Domain leaves that become dimensions of a grouped query: what the field's
# type accepts as value for "=" (a list of them for "in").
# Values "=" compares the same way in SQL and in an Odoo domain: no 0, no
# empty string (Odoo reads them as "not set"); False only where it means NULL.
DIMENSION_VALUES = {
    "many2one": lambda v: (
        v is False or (isinstance(v, int) and not isinstance(v, bool) and v > 0)
    ),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) and v != 0,
    "selection": lambda v: isinstance(v, str) and v != "",
    "char": lambda v: isinstance(v, str) and v != "",
    "boolean": lambda v: isinstance(v, bool),
}

# Field types whose values filter a measure rather than group it
CONDITION_TYPES = ("selection", "boolean")


class BscSource(models.Model):
    """A generic ERP source: an aggregate of a model's records per period.

    ``value(period) = AGGREGATE(measure) over records of model matching domain
    whose date field falls in the period, in the scorecard's company``.

    All sources sharing a model and a date field are answered for all periods
    of one frequency by the query library (``bsc_core/query``, see
    :meth:`_bsc_read_values`): a source comparing fields with values is a
    ``Grouped`` spec of one ``GROUPING SETS`` query, any other a ``Filtered``
    spec, one ``AGG(...) FILTER (WHERE <its domain>)`` column of a second.
    """

    _name = "bsc.source"
    _description = "Scorecard ERP Source"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the source with every company. The records "
        "counted are always those of the scorecard's company.",
    )
    model_id = fields.Many2one(
        "ir.model",
        required=True,
        ondelete="cascade",
        # ir.model has no "abstract" field: abstract models (no table) are
        # named here, from the registry.
        domain=lambda self: [
            ("transient", "=", False),
            (
                "model",
                "not in",
                [n for n, m in self.env.registry.items() if m._abstract],
            ),
        ],
    )
    model_name = fields.Char(related="model_id.model", store=True, string="Model Name")
    domain = fields.Char(
        default="[]",
        required=True,
        help="Which records count, as an Odoo domain, e.g. "
        "[('state', '=', 'done')]. Only literal values are allowed.",
    )
    aggregate = fields.Selection(AGGREGATES, required=True, default="count")
    measure_field_id = fields.Many2one(
        "ir.model.fields",
        string="Measure",
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('store', '=', True)]",
        help="The field to aggregate. Leave empty to count records.",
    )
    date_field_id = fields.Many2one(
        "ir.model.fields",
        required=True,
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('store', '=', True), "
        "('ttype', 'in', ('date', 'datetime'))]",
        help="The date that places a record in a period.",
    )
    kpi_ids = fields.One2many("bsc.kpi", "source_id", string="KPIs")

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains(
        "model_id", "domain", "aggregate", "measure_field_id", "date_field_id"
    )
    def _check_definition(self):
        for source in self:
            model = self.env[source.model_id.model]
            if not model.has_access("read"):
                raise AccessError(
                    _(
                        "Source '%(name)s': you cannot read %(model)s records, so "
                        "you cannot define a source over them.",
                        name=source.name,
                        model=source.model_id.name,
                    )
                )
            for field, label in (
                (source.date_field_id, _("date field")),
                (source.measure_field_id, _("measure")),
            ):
                if field and field.model_id != source.model_id:
                    raise ValidationError(
                        _(
                            "Source '%(name)s': the %(label)s '%(field)s' is not a "
                            "field of %(model)s.",
                            name=source.name,
                            label=label,
                            field=field.name,
                            model=source.model_id.name,
                        )
                    )
            if source.date_field_id.ttype not in ("date", "datetime"):
                raise ValidationError(
                    _(
                        "Source '%(name)s': the date field must be a date or "
                        "datetime field.",
                        name=source.name,
                    )
                )
            if source.aggregate in ("sum", "avg", "min", "max") and (
                source.measure_field_id.ttype not in NUMERIC_TYPES
            ):
                raise ValidationError(
                    _(
                        "Source '%(name)s': the aggregate '%(aggregate)s' needs a "
                        "numeric measure field (integer, float or monetary).",
                        name=source.name,
                        aggregate=dict(AGGREGATES)[source.aggregate],
                    )
                )
            if source.aggregate == "count_distinct" and not source.measure_field_id:
                raise ValidationError(
                    _(
                        "Source '%(name)s': a distinct count needs a measure field "
                        "whose distinct values are counted.",
                        name=source.name,
                    )
                )
            source._bsc_condition(model, model._search([]))

    # ------------------------------------------------------------------
    # Domain
    # ------------------------------------------------------------------

    def _bsc_domain(self):
        """The source's domain as a list; a ValidationError names what is wrong."""
        self.ensure_one()
        try:
            domain = ast.literal_eval((self.domain or "[]").strip())
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as e:
            raise ValidationError(
                _(
                    "Source '%(name)s': the domain is not a literal list of "
                    "conditions (%(error)s). Write it like [('state', '=', 'done')].",
                    name=self.name,
                    error=e,
                )
            ) from e
        if not isinstance(domain, list):
            raise ValidationError(
                _(
                    "Source '%(name)s': the domain must be a list, "
                    "like [('state', '=', 'done')].",
                    name=self.name,
                )
            )
        return domain

    def _bsc_effective_domain(self, model):
        """The domain as Odoo applies it, its implicit archive filter written
        out: ``[('active', '=', True)] + domain`` when the model has an
        ``active`` field the domain does not mention.

        The grouped queries read all records (``active_test=False``), so that
        a source counting archived records counts them, and every other
        source still counts the active ones only.
        """
        domain = self._bsc_domain()
        active = model._active_name
        if active and not any(
            isinstance(leaf, (list, tuple)) and len(leaf) == 3 and leaf[0] == active
            for leaf in domain
        ):
            domain = [(active, "=", True), *domain]
        return domain

    def _bsc_condition(self, model, query):
        """SQL condition selecting the source's records inside ``query``'s table.

        A domain whose SQL needs no join is inlined; otherwise the condition is
        ``id IN (subquery)``, which stays correct for any domain.
        """
        try:
            return query_lib.domain_condition(
                model.with_context(active_test=False),
                query,
                self._bsc_effective_domain(model),
            )
        except (ValueError, KeyError, TypeError, AssertionError) as e:
            raise ValidationError(
                _(
                    "Source '%(name)s': the domain is not valid for %(model)s: "
                    "%(error)s",
                    name=self.name,
                    model=self.model_id.name,
                    error=e,
                )
            ) from e

    # ------------------------------------------------------------------
    # Batched computation
    # ------------------------------------------------------------------

    def _bsc_read_values(self, periods, company, tz_name):
        """Values of the sources in ``self`` for ``periods``, in few queries.

        :param periods: ``bsc.period`` records of one frequency
        :param company: the scorecard's company; only its records count
        :param tz_name: time zone placing datetimes into periods
        :return: ``{(source_id, period_id): float or None}``
        :raise ValidationError: a source's definition no longer fits its model

        One SQL query per (model, date field) and kind of domain, for all
        periods (see ``bsc_core/query``): a source whose domain only compares
        fields with values (``=``, ``in``) is a :class:`Grouped` spec of a
        ``GROUPING SETS`` query, whatever the number of such sources; any
        other domain is a :class:`Filtered` spec, one
        ``AGG(measure) FILTER (WHERE domain)`` column of a second query.
        """
        result = {}
        if not periods or not self:
            return result
        shapes = defaultdict(lambda: self.browse())
        for source in self:
            shapes[(source.model_id.model, source.date_field_id.name)] |= source
        for (model_name, date_fname), sources in shapes.items():
            if model_name not in self.env:
                raise ValidationError(
                    _("Model %(model)s is not installed anymore.", model=model_name)
                )
            model = self.env[model_name]
            date_field = query_lib.path_field(model, date_fname)
            if not date_field or date_field.type not in ("date", "datetime"):
                raise ValidationError(
                    _(
                        "The date field %(field)s of %(model)s does not exist anymore.",
                        field=date_fname,
                        model=model_name,
                    )
                )
            shape = Shape(model_name, date_fname)
            specs = {source: source._bsc_grouped_spec(model) for source in sources}
            grouped = sources.filtered(lambda s, specs=specs: specs[s])
            residual = sources - grouped
            rows = defaultdict(dict)
            if grouped:
                sets_rows = query_lib.grouped_sets(
                    self.env,
                    shape,
                    periods,
                    company,
                    tz_name,
                    [specs[source] for source in grouped],
                )
                for period_id, row in sets_rows.items():
                    rows[period_id].update(zip(grouped, row, strict=True))
            if residual:
                filter_rows = query_lib.filter_columns(
                    self.env,
                    shape,
                    periods,
                    company,
                    tz_name,
                    [source._bsc_filtered_spec() for source in residual],
                )
                for period_id, row in filter_rows.items():
                    rows[period_id].update(zip(residual, row, strict=True))
            for period in periods:
                row = rows.get(period.id, {})
                for source in sources:
                    value = row.get(source)
                    if value is None and source.aggregate in ZERO_WHEN_EMPTY:
                        value = 0.0
                    result[(source.id, period.id)] = (
                        float(value) if value is not None else None
                    )
        return result

    def _bsc_filtered_spec(self):
        """This source as a :class:`Filtered` spec: any domain, read in the
        query as :meth:`_bsc_condition` (archived records as Odoo's search
        counts them; an invalid domain names the source)."""
        self.ensure_one()
        return Filtered(
            self.aggregate,
            self.measure_field_id.name or None,
            conditions=((f"bsc.source({self.id})", self._bsc_condition),),
        )

    def _bsc_grouped_spec(self, model):
        """This source as a :class:`Grouped` spec, or ``None`` if its domain
        is more than fields compared with values.

        ``[('state', '=', 'sale'), ('team_id', 'in', [1, 2])]`` counts the
        groups ``state = 'sale'`` and ``team_id`` 1 or 2 of a grouped-sets
        query; ``|``, ``!``, other operators, a field compared twice,
        translated or company-dependent fields, or a value of
        another type than the field's fall back to a filter column.
        """
        self.ensure_one()
        try:
            domain = self._bsc_effective_domain(model)
        except ValidationError:
            return None
        if self.measure_field_id and self.measure_field_id.name not in model._fields:
            return None
        dims = {}
        for leaf in domain:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
                return None
            path, operator, value = leaf
            if not isinstance(path, str) or path in dims or operator not in ("=", "in"):
                return None
            field = query_lib.path_field(model, path)
            accepts = field and DIMENSION_VALUES.get(field.type)
            if not accepts:
                return None
            if getattr(field, "translate", False) or field.company_dependent:
                return None
            values = (
                list(value)
                if operator == "in" and isinstance(value, (list, tuple))
                else [value]
                if operator == "="
                else None
            )
            if not values or not all(accepts(v) for v in values):
                return None
            if field.type == "boolean" and False in values:
                values.append(None)  # Odoo's "= False" also matches NULL
            if field.type == "many2one":
                values = [v or None for v in values]
            if None in values and "." in path:
                # Odoo's subquery leaves out rows without the first record
                # of the path; a join would count them as NULL.
                return None
            values = tuple(dict.fromkeys(values))
            if (
                len(values) > 1
                and self.aggregate not in DECOMPOSABLE
                and field.type not in CONDITION_TYPES
            ):
                return None
            dims[path] = (field.type, values)
        measure = self.measure_field_id.name if self.measure_field_id else "id"
        # Few-valued columns filter the measure instead of being grouped by.
        return Grouped(
            self.aggregate,
            measure,
            tuple(
                (path, values)
                for path, (ftype, values) in dims.items()
                if ftype not in CONDITION_TYPES
            ),
            tuple(
                (path, values)
                for path, (ftype, values) in dims.items()
                if ftype in CONDITION_TYPES
            ),
        )

    def _bsc_read_values_safely(self, periods, company, tz_name):
        """:meth:`_bsc_read_values`, isolating the sources that fail.

        :return: ``(values, errors)`` with ``errors`` = ``{source_id: text}``

        All sources are read together; if that fails, each is read alone so
        that one broken source (a removed field, a bad domain) costs only its
        own KPIs their values.
        """
        try:
            with self.env.cr.savepoint():
                return self._bsc_read_values(periods, company, tz_name), {}
        except (ValidationError, UserError, ValueError, psycopg2.Error) as e:
            _logger.info("Reading sources one by one to isolate an error: %s", e)
        values, errors = {}, {}
        for source in self:
            try:
                with self.env.cr.savepoint():
                    values.update(source._bsc_read_values(periods, company, tz_name))
            except (ValidationError, UserError, ValueError, psycopg2.Error) as e:
                errors[source.id] = _(
                    "#ERR source %(name)s: %(error)s", name=source.name, error=e
                )
        return values, errors

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------

    def _bsc_drilldown_domain(self, period, company, tz_name):
        """The domain of the records behind this source's value for a period."""
        self.ensure_one()
        model = self.env[self.model_id.model]
        return (
            self._bsc_domain()
            + query_lib.period_domain(
                model,
                self.date_field_id.name,
                period.date_start,
                period.date_end,
                tz_name,
            )
            + query_lib.company_domain(model, company)
        )
