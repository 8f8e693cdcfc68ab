# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast
import itertools
import logging
from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import NamedTuple

import psycopg2
import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

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
# Aggregates whose results over several groups add up to the result over
# their union: a source may accept several values of a dimension ("in").
DECOMPOSABLE = {"sum": sum, "count": sum, "min": min, "max": max}
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


class Grouped(NamedTuple):
    """One value per period that a grouped-sets query computes.

    :param aggregate: ``sum``, ``count``, ``avg``, ``min``, ``max`` or
        ``count_distinct``
    :param measure: what is aggregated: ``None`` (count the rows), a field
        path of the model (``"amount_total"``, ``"order_id.currency_rate"``)
        or a pair ``(key, build)`` with ``build(model, query) -> SQL``; equal
        keys must build equal SQL
    :param dims: the rows counted, as ``((dimension, values), ...)``: rows
        whose dimension is one of ``values`` (``None`` matches SQL NULL).
        A dimension is a field path or a ``(key, build)`` pair like
        ``measure``. Several values need a decomposable aggregate.
    :param conditions: more conditions on the rows, like ``dims``, that are
        not grouped by but folded into the measure (``CASE WHEN``): for few
        values of a column (a state), which would otherwise multiply the
        grouping sets; any aggregate accepts several values there.
    """

    aggregate: str
    measure: object = None
    dims: tuple = ()
    conditions: tuple = ()


class _GroupedSetsPlan:
    """The query of :meth:`BscSource._bsc_grouped_sets_query`, and how to
    read each spec's value back from its rows.

    The inner query names its columns ``b`` (bucket), ``d0``... (dimensions)
    and ``m0``... (measures); the outer one groups them by ``GROUPING SETS``.
    """

    FUNCTIONS = {
        "sum": "SUM(%s)",
        "avg": "AVG(%s)",
        "count": "COUNT(%s)",
        "count_distinct": "COUNT(DISTINCT %s)",
        "min": "MIN(%s)",
        "max": "MAX(%s)",
    }

    def __init__(self, build):
        self.build = build  # ref -> SQL
        self.exprs = {}  # key -> SQL, dimensions and measures
        self.dims = []  # dimension keys, in column order
        self.measures = []  # measure keys, in column order
        self.aggregates = {}  # (function, measure key or None) -> position
        self.sets = {}  # tuples of dimension keys, in order
        self.plan = []  # per spec: (function, aggregate, keys, combinations)

    def expr(self, ref):
        """``(key, SQL)`` of a field path or ``(key, build)`` pair."""
        key = ref[0] if isinstance(ref, tuple) else ref
        if key not in self.exprs:
            self.exprs[key] = self.build(ref)
        return key, self.exprs[key]

    def resolve(self, ref, columns):
        key = self.expr(ref)[0]
        if key not in columns:
            columns.append(key)
        return key

    def measure(self, spec):
        """The key of the spec's measure column, its conditions folded in."""
        if not spec.conditions:
            if spec.measure is None:
                return None
            return self.resolve(spec.measure, self.measures)
        key, value = ("1", SQL("1"))
        if spec.measure is not None:
            key, value = self.expr(spec.measure)
        tests = []
        for ref, values in spec.conditions:
            cond_key, column = self.expr(ref)
            key = f"{key}|{cond_key}={values!r}"
            present = tuple(v for v in values if v is not None)
            alternatives = [SQL("%s IN %s", column, present)] if present else []
            if None in values:
                alternatives.append(SQL("%s IS NULL", column))
            tests.append(SQL("(%s)", SQL(" OR ").join(alternatives)))
        if key not in self.exprs:
            self.exprs[key] = SQL(
                "CASE WHEN %s THEN %s END", SQL(" AND ").join(tests), value
            )
        if key not in self.measures:
            self.measures.append(key)
        return key

    def add(self, spec):
        if spec.aggregate not in DECOMPOSABLE and any(
            len(values) != 1 for __, values in spec.dims
        ):
            raise ValueError(f"{spec.aggregate} of several dimension values: {spec!r}")
        measure = self.measure(spec)
        aggregate = self.aggregates.setdefault(
            (spec.aggregate, measure), len(self.aggregates)
        )
        dims = {
            self.resolve(ref, self.dims): tuple(values) for ref, values in spec.dims
        }
        if len(self.dims) > 31:
            raise ValueError("more than 31 dimensions in one grouped query")
        keys = tuple(key for key in self.dims if key in dims)
        self.sets[keys] = True
        combinations = list(itertools.product(*(dims[key] for key in keys)))
        self.plan.append((spec.aggregate, aggregate, keys, combinations))

    def sql(self, bucket, query):
        def name(prefix, position):
            return SQL.identifier(f"{prefix}{position}")

        inner = [SQL("%s AS b", bucket)]
        inner += [
            SQL("%s AS %s", self.exprs[key], name("d", i))
            for i, key in enumerate(self.dims)
        ]
        inner += [
            SQL("%s AS %s", self.exprs[key], name("m", i))
            for i, key in enumerate(self.measures)
        ]
        dims = [name("d", i) for i in range(len(self.dims))]
        outer = [SQL("b"), *dims]
        if dims:
            outer.append(SQL("GROUPING(%s)", SQL(", ").join(dims)))
        for function, key in self.aggregates:
            column = name("m", self.measures.index(key)) if key else SQL("*")
            outer.append(SQL(self.FUNCTIONS[function], column))  # pylint: disable=sql-injection
        group_by = SQL("b")
        if dims:
            group_by = SQL(
                "GROUPING SETS (%s)",
                SQL(", ").join(
                    SQL(
                        "(%s)",
                        SQL(", ").join(
                            [SQL("b")] + [dims[self.dims.index(k)] for k in keys]
                        ),
                    )
                    for keys in self.sets
                ),
            )
        return SQL(
            "SELECT %s FROM (SELECT %s FROM %s WHERE %s) AS rows GROUP BY %s",
            SQL(", ").join(outer),
            SQL(", ").join(inner),
            query.from_clause,
            query.where_clause if query._where_clauses else SQL("TRUE"),
            group_by,
        )

    def values(self, rows, bucket_period):
        """``{period_id: (value per spec)}`` from the query's rows."""
        width = len(self.dims)
        groups = {}
        for row in rows:
            if row[0] not in bucket_period:
                continue
            mask = row[1 + width] if width else 0
            keys = tuple(
                key
                for i, key in enumerate(self.dims)
                if not mask & (1 << (width - 1 - i))
            )
            values = tuple(row[1 + self.dims.index(key)] for key in keys)
            groups[(bucket_period[row[0]], keys, values)] = row[
                1 + width + bool(width) :
            ]
        result = {}
        for period_id in {key[0] for key in groups}:
            result[period_id] = tuple(
                self.spec_value(groups, period_id, *spec_plan)
                for spec_plan in self.plan
            )
        return result

    @staticmethod
    def spec_value(groups, period_id, function, aggregate, keys, combinations):
        found = [
            groups[(period_id, keys, values)][aggregate]
            for values in combinations
            if (period_id, keys, values) in groups
        ]
        found = [value for value in found if value is not None]
        if len(found) <= 1:
            return found[0] if found else None
        return DECOMPOSABLE[function](found)


class BscSource(models.Model):
    """A generic ERP source: an aggregate of a model's records per period.

    ``value(period) = AGGREGATE(measure) over records of model matching domain
    whose date field falls in the period, in the scorecard's company``.

    All sources sharing a model and a date field are answered for all periods
    of one frequency by a single grouped SQL query (:meth:`_bsc_read_values`):
    each source becomes one ``AGG(...) FILTER (WHERE <its domain>)`` column.
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
            return self._bsc_domain_condition(
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

    @api.model
    def _bsc_domain_condition(self, model, query, domain):
        """SQL condition selecting the records of ``domain`` in ``query``'s table.

        A domain whose SQL needs no join is inlined; otherwise the condition is
        ``id IN (subquery)``, which stays correct for any domain. ``None`` for
        an empty domain. The model's context (``active_test``) applies.
        """
        if not domain:
            return None
        cond_query = model._search(domain)
        if cond_query.is_empty():
            return SQL("FALSE")
        if not cond_query._joins and cond_query.table == query.table:
            return cond_query.where_clause if cond_query._where_clauses else None
        return SQL(
            "%s IN %s", SQL.identifier(query.table, "id"), cond_query.subselect()
        )

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

        One SQL query per (model, date field): periods are buckets of
        ``width_bucket(local date, period starts)``. A source whose domain
        only compares fields with values (``=``, ``in``) is a group of a
        ``GROUPING SETS`` query (:meth:`_bsc_grouped_sets_query`), whatever
        the number of such sources; any other domain is one
        ``AGG(measure) FILTER (WHERE domain)`` column of a second query.
        """
        periods = periods.sorted("date_start")
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
            specs = {source: source._bsc_grouped_spec(model) for source in sources}
            grouped = sources.filtered(lambda s, specs=specs: specs[s])
            residual = sources - grouped
            rows = {}
            if grouped:
                # every record: each source's domain says which archived
                # ones count (see _bsc_effective_domain)
                sets_rows = self.with_context(
                    active_test=False
                )._bsc_grouped_sets_query(
                    model_name,
                    date_fname,
                    periods,
                    company,
                    tz_name,
                    [specs[source] for source in grouped],
                )
                for period_id, row in sets_rows.items():
                    rows.setdefault(period_id, {}).update(
                        zip(grouped, row, strict=True)
                    )
            if residual:
                filter_rows = residual._bsc_query_shape(
                    model_name, date_fname, periods, company, tz_name
                )
                for period_id, row in filter_rows.items():
                    rows.setdefault(period_id, {}).update(
                        zip(residual, row, strict=True)
                    )
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
            field = self._bsc_path_field(model, path)
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

    @api.model
    def _bsc_path_field(self, model, path):
        """The stored field at the end of a path of stored many2one fields
        (fields inherited through ``_inherits`` included), or ``None``."""
        names = path.split(".")
        for position, name in enumerate(names):
            field = model._fields.get(name)
            if field and field.inherited:
                return self._bsc_path_field(
                    model, ".".join([field.related] + names[position + 1 :])
                )
            if not field or not field.store or not field.column_type:
                return None
            if position < len(names) - 1:
                if field.type != "many2one":
                    return None
                model = model.env[field.comodel_name]
        return field

    @api.model
    def _bsc_path_sql(self, model, query, path):
        """SQL of a field path in ``query``, LEFT JOINing each many2one."""
        return self._bsc_path_sql_from(model, query, query.table, path.split("."))

    @api.model
    def _bsc_path_sql_from(self, model, query, alias, names):
        for position, name in enumerate(names):
            field = model._fields[name]
            if field.inherited:
                names = field.related.split(".") + names[position + 1 :]
                return self._bsc_path_sql_from(model, query, alias, names)
            if position == len(names) - 1:
                return model._field_to_sql(alias, name, query)
            comodel = model.env[field.comodel_name]
            coalias = query.make_alias(alias, name)
            query.add_join(
                "LEFT JOIN",
                coalias,
                comodel._table,
                SQL(
                    "%s = %s",
                    model._field_to_sql(alias, name, query),
                    SQL.identifier(coalias, "id"),
                ),
            )
            model, alias = comodel, coalias
        raise ValueError(f"empty field path {names!r}")

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

    def _bsc_query_shape(self, model_name, date_fname, periods, company, tz_name):
        """The filter-column query for sources sharing a model and a date
        field: one ``AGG(measure) FILTER (WHERE domain)`` column per source.

        :return: ``{period_id: [value per source in self]}``
        """
        # every record: each source's condition says which archived ones
        # count (see _bsc_effective_domain)
        return self.with_context(active_test=False)._bsc_grouped_query(
            model_name,
            date_fname,
            periods,
            company,
            tz_name,
            [source._bsc_aggregate_sql for source in self],
        )

    @api.model
    def _bsc_grouped_query(
        self, model_name, date_fname, periods, company, tz_name, columns, domain=()
    ):
        """One SQL query: an aggregate per column for every period.

        The building block of every batched source, the link addons' included.

        :param model_name: the model whose records are aggregated
        :param date_fname: its stored date or datetime field placing a record
            in a period (datetimes are read in ``tz_name``)
        :param periods: ``bsc.period`` records of one frequency (gaps allowed)
        :param company: only records of this company (and shared ones) count
        :param columns: callables ``(model, query) -> SQL`` each returning an
            aggregate expression, typically ``SUM(...) FILTER (WHERE ...)``
        :param domain: a domain all rows must match, on top of period and
            company
        :return: ``{period_id: (value per column)}``; periods without rows
            are absent
        """
        periods = periods.sorted("date_start")
        model, query, bucket, bucket_period = self._bsc_bucketed_query(
            model_name, date_fname, periods, company, tz_name, domain
        )
        selects = [bucket] + [column(model, query) for column in columns]
        sql = SQL(
            "SELECT %s FROM %s WHERE %s GROUP BY 1",
            SQL(", ").join(selects),
            query.from_clause,
            query.where_clause if query._where_clauses else SQL("TRUE"),
        )
        return {
            bucket_period[row[0]]: row[1:]
            for row in self.env.execute_query(sql)
            if row[0] in bucket_period
        }

    @api.model
    def _bsc_bucketed_query(
        self, model_name, date_path, periods, company, tz_name, domain
    ):
        """The records of ``periods`` (sorted), their company and ``domain``.

        :param date_path: a date or datetime field of the model, or a path
            to one through many2one fields (``order_id.date_order``)
        :return: ``(model, query, bucket SQL, {bucket: period_id})``; the
            bucket is ``width_bucket(local date, bounds)``
        """
        # Bucket boundaries: every period's start and the day after its end,
        # so that gaps (a locked period left out) never leak into a period.
        bounds = sorted(
            {p.date_start for p in periods}
            | {p.date_end + timedelta(days=1) for p in periods}
        )
        bucket_period = {bounds.index(p.date_start) + 1: p.id for p in periods}
        # Sources are defined by managers; compute with every record of the
        # scorecard's company, whoever triggers the computation.
        model = self.env[model_name].sudo().with_company(company)
        date_field = self._bsc_path_field(model, date_path)
        if not date_field or date_field.type not in ("date", "datetime"):
            raise ValidationError(
                _(
                    "The date field %(field)s of %(model)s does not exist anymore.",
                    field=date_path,
                    model=model_name,
                )
            )
        query = model._search(list(domain) + self._bsc_company_domain(model, company))
        date_sql = self._bsc_path_sql(model, query, date_path)
        start, stop = self._bsc_period_bounds(
            date_field, periods[0].date_start, periods[-1].date_end, tz_name
        )
        query.add_where(SQL("%s >= %s AND %s < %s", date_sql, start, date_sql, stop))
        if date_field.type == "datetime":
            date_sql = SQL(
                "(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date",
                date_sql,
                tz_name or "UTC",
            )
        bucket = SQL("width_bucket(%s, %s::date[])", date_sql, bounds)
        return model, query, bucket, bucket_period

    @api.model
    def _bsc_grouped_sets_query(
        self, model_name, date_path, periods, company, tz_name, specs, domain=()
    ):
        """One SQL query: every :class:`Grouped` spec for every period.

        The counterpart of :meth:`_bsc_grouped_query` for values that select
        their rows by dimension values: the query groups by the period and
        ``GROUPING SETS`` of the dimensions the specs use, so its cost grows
        with the number of distinct dimension sets and aggregates, not with
        the number of specs. Each spec's value is read from its groups.

        :param date_path: see :meth:`_bsc_bucketed_query`
        :param specs: :class:`Grouped` values
        :param domain: a domain all rows must match, on top of period and
            company
        :return: ``{period_id: (value or None per spec)}``; periods without
            rows are absent
        """
        periods = periods.sorted("date_start")
        model, query, bucket, bucket_period = self._bsc_bucketed_query(
            model_name, date_path, periods, company, tz_name, domain
        )
        plan = _GroupedSetsPlan(
            lambda ref: (
                ref[1](model, query)
                if isinstance(ref, tuple)
                else self._bsc_path_sql(model, query, ref)
            )
        )
        for spec in specs:
            plan.add(spec)
        rows = self.env.execute_query(plan.sql(bucket, query))
        return plan.values(rows, bucket_period)

    @api.model
    def _bsc_period_bounds(self, field, date_start, date_end, tz_name):
        """The first and the stopping value of ``field`` for two days.

        A datetime is compared with the UTC instants of local midnights, so
        an order at 23:30 local time on the last day belongs to that day.
        """
        stop = date_end + timedelta(days=1)
        if field.type != "datetime":
            return fields.Date.to_string(date_start), fields.Date.to_string(stop)
        tz = pytz.timezone(tz_name or "UTC")

        def to_utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return fields.Datetime.to_string(
                local.astimezone(pytz.utc).replace(tzinfo=None)
            )

        return to_utc(date_start), to_utc(stop)

    @api.model
    def _bsc_period_domain(self, model, date_fname, date_start, date_end, tz_name):
        """Records whose date falls between two days, in the time zone
        ``tz_name`` (see :meth:`_bsc_period_bounds`)."""
        start, stop = self._bsc_period_bounds(
            model._fields[date_fname], date_start, date_end, tz_name
        )
        return [(date_fname, ">=", start), (date_fname, "<", stop)]

    def _bsc_aggregate_sql(self, model, query):
        """``AGG(measure) FILTER (WHERE condition)`` for this source."""
        self.ensure_one()
        alias = query.table
        condition = self._bsc_condition(model, query)
        if self.measure_field_id:
            measure = model._field_to_sql(alias, self.measure_field_id.name, query)
        else:
            measure = SQL.identifier(alias, "id")
        aggregate = {
            "sum": SQL("SUM(%s)", measure),
            "avg": SQL("AVG(%s)", measure),
            "count": SQL("COUNT(%s)", measure),
            "count_distinct": SQL("COUNT(DISTINCT %s)", measure),
            "min": SQL("MIN(%s)", measure),
            "max": SQL("MAX(%s)", measure),
        }[self.aggregate]
        if condition is None:
            return aggregate
        return SQL("%s FILTER (WHERE %s)", aggregate, condition)

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------

    def _bsc_drilldown_domain(self, period, company, tz_name):
        """The domain of the records behind this source's value for a period."""
        self.ensure_one()
        model = self.env[self.model_id.model]
        return (
            self._bsc_domain()
            + self._bsc_period_domain(
                model,
                self.date_field_id.name,
                period.date_start,
                period.date_end,
                tz_name,
            )
            + self._bsc_company_domain(model, company)
        )

    @api.model
    def _bsc_company_domain(self, model, company):
        """Records of ``company``, and records shared by all companies."""
        field = model._fields.get("company_id")
        if not field or not field.store:
            return []
        return [("company_id", "in", [company.id, False])]
