# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Grouped queries: many values, every period, one SQL query.

Two shapes, both built from declarative specs into ``odoo.tools.SQL``:

- :func:`grouped_sets` answers :class:`Grouped` specs (an aggregate of the
  rows whose dimensions have given values) with one ``GROUP BY GROUPING
  SETS`` query: its cost grows with the distinct dimension sets and
  aggregates, not with the number of specs;
- :func:`filter_columns` answers :class:`Filtered` specs (an aggregate of
  the rows of any domain) with one ``AGG(...) FILTER (WHERE ...)`` column
  each.

Both read the rows of a :class:`Shape` (a model, a date and the domain every
row matches) in one company, and place them into periods by their date read
in the scorecard's time zone.
"""

import itertools
from datetime import timedelta
from operator import attrgetter
from typing import NamedTuple

from odoo import fields
from odoo.tools import SQL

from .sql import (
    company_domain,
    domain_condition,
    local_midnight_utc,
    path_field,
    path_sql,
    period_bounds,
    where_sql,
)

# Aggregates whose results over several groups add up to the result over
# their union: a spec may accept several values of a dimension.
DECOMPOSABLE = {"sum": sum, "count": sum, "min": min, "max": max}
FUNCTIONS = {
    "sum": "SUM(%s)",
    "avg": "AVG(%s)",
    "count": "COUNT(%s)",
    "count_distinct": "COUNT(DISTINCT %s)",
    "min": "MIN(%s)",
    "max": "MAX(%s)",
}
# The prefix of a percentile aggregate's name: see :func:`percentile`
PERCENTILE = "percentile:"


def percentile(fraction):
    """The name of the aggregate giving the ``fraction`` percentile of a
    measure (``percentile(0.9)``: the 90th), continuous (interpolated between
    the two nearest values), for the ``aggregate`` of a :class:`Grouped` or
    :class:`Filtered` spec: the ordered-set aggregate ``percentile_cont(0.9)
    WITHIN GROUP (ORDER BY measure)``. NULL measures are left out, as by every
    aggregate; it is not decomposable (a spec reads one value per dimension).
    """
    fraction = float(fraction)
    if not 0 <= fraction <= 1:
        raise ValueError(f"a percentile is a fraction from 0 to 1, not {fraction}")
    return f"{PERCENTILE}{fraction!r}"


class Shape(NamedTuple):
    """The rows a grouped query reads.

    :param model: the model name
    :param date: the date or datetime placing a row in a period: a field or
        a path to one through many2one fields (``order_id.date_order``)
    :param domain: a domain every row matches, on top of period and company.
        Archived records are read too (``active_test`` is off): a spec or
        this domain says whether they count.
    """

    model: str
    date: str
    domain: tuple = ()


class Grouped(NamedTuple):
    """One value per period of a grouped-sets query.

    :param aggregate: ``sum``, ``count``, ``avg``, ``min``, ``max``,
        ``count_distinct`` or a :func:`percentile` (which needs a measure)
    :param measure: what is aggregated: ``None`` (count the rows), a field
        path of the model (``"amount_total"``, ``"order_id.currency_rate"``)
        or a pair ``(key, build)`` with ``build(model, query) -> SQL``; equal
        keys must build equal SQL (:func:`~.sql.converted` makes one)
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


class Filtered(NamedTuple):
    """One value per period of a filter-column query:
    ``AGG(measure) FILTER (WHERE domain AND conditions)``.

    :param aggregate: as for :class:`Grouped`
    :param measure: as for :class:`Grouped`
    :param domain: an Odoo domain on the shape's model (archived records
        match unless it says otherwise)
    :param conditions: ``(key, build)`` pairs, ``build(model, query)``
        returning an SQL condition, for what a domain cannot say
    """

    aggregate: str
    measure: object = None
    domain: tuple = ()
    conditions: tuple = ()


class _Plan:
    """The SQL of a grouped-sets query, and how to read each spec's value
    back from its rows.

    The inner query names its columns ``b`` (bucket), ``d0``... (dimensions)
    and ``m0``... (measures); the outer one groups them by ``GROUPING SETS``.
    """

    def __init__(self, model, query):
        self.model = model
        self.query = query
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
            self.exprs[key] = expression(self.model, self.query, ref)
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
            tests.append(in_values(column, values))
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
        check_measure(spec)
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

    def sql(self, bucket):
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
            outer.append(aggregate_sql(function, column))
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
            self.query.from_clause,
            where_sql(self.query),
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
        return {
            period_id: tuple(
                self.spec_value(groups, period_id, *spec_plan)
                for spec_plan in self.plan
            )
            for period_id in {key[0] for key in groups}
        }

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


def expression(model, query, ref):
    """SQL of a measure or dimension: ``None`` (the row's id), a field path,
    or a ``(key, build)`` pair."""
    if ref is None:
        return SQL.identifier(query.table, "id")
    if isinstance(ref, tuple):
        return ref[1](model, query)
    return path_sql(model, query, ref)


def in_values(column, values):
    """``column`` is one of ``values``; ``None`` among them matches NULL."""
    present = tuple(v for v in values if v is not None)
    alternatives = [SQL("%s IN %s", column, present)] if present else []
    if None in values:
        alternatives.append(SQL("%s IS NULL", column))
    return SQL("(%s)", SQL(" OR ").join(alternatives))


def check_measure(spec):
    """A percentile needs a measure: the rows themselves have no order."""
    if spec.aggregate.startswith(PERCENTILE) and spec.measure is None:
        raise ValueError(f"a percentile needs a measure: {spec!r}")


def aggregate_sql(function, column):
    """``SUM(column)`` and the like, ``function`` a key of ``FUNCTIONS`` or
    a :func:`percentile`."""
    if function.startswith(PERCENTILE):
        fraction = float(function[len(PERCENTILE) :])
        return SQL(
            "percentile_cont(%s::float8) WITHIN GROUP (ORDER BY %s)", fraction, column
        )
    return SQL(FUNCTIONS[function], column)  # pylint: disable=sql-injection


def bucketed(env, shape, periods, company, tz_name):
    """The rows of ``shape`` in ``periods`` and ``company``, and their bucket.

    :param periods: records or objects with ``id``, ``date_start`` and
        ``date_end`` (one frequency; gaps allowed)
    :return: ``(model, query, bucket SQL, {bucket: period_id})``

    The bucket is ``width_bucket(date, bounds)``, the bounds being every
    period's start and the day after its end, so that a gap (a locked period
    left out) never leaks into a period. A datetime is compared with the UTC
    instants of the local bounds as it is stored, rather than converted to a
    local date row by row: the same periods, found by an index-friendly
    comparison, and right across daylight-saving changes.
    """
    periods = sorted(periods, key=attrgetter("date_start"))
    days = sorted(
        {p.date_start for p in periods}
        | {p.date_end + timedelta(days=1) for p in periods}
    )
    bucket_period = {days.index(p.date_start) + 1: p.id for p in periods}
    # Sources are defined by managers; compute with every record of the
    # scorecard's company, whoever triggers the computation.
    model = env[shape.model].sudo().with_company(company)
    model = model.with_context(active_test=False)
    date_field = path_field(model, shape.date)
    if not date_field or date_field.type not in ("date", "datetime"):
        raise ValueError(
            f"{shape.date} is not a stored date or datetime field of {shape.model}"
        )
    query = model._search(list(shape.domain) + company_domain(model, company))
    date_sql = path_sql(model, query, shape.date)
    start, stop = period_bounds(
        date_field, periods[0].date_start, periods[-1].date_end, tz_name
    )
    query.add_where(SQL("%s >= %s AND %s < %s", date_sql, start, date_sql, stop))
    if date_field.type == "datetime":
        bounds = [
            fields.Datetime.to_string(local_midnight_utc(day, tz_name)) for day in days
        ]
        bucket = SQL("width_bucket(%s, %s::timestamp[])", date_sql, bounds)
    else:
        bounds = [fields.Date.to_string(day) for day in days]
        bucket = SQL("width_bucket(%s, %s::date[])", date_sql, bounds)
    return model, query, bucket, bucket_period


def grouped_sets_sql(env, shape, periods, company, tz_name, specs):
    """The query of :func:`grouped_sets`, and how to read its rows.

    :return: ``(SQL, read)`` with ``read(rows)`` giving the result of
        :func:`grouped_sets`
    """
    model, query, bucket, bucket_period = bucketed(
        env, shape, periods, company, tz_name
    )
    plan = _Plan(model, query)
    for spec in specs:
        plan.add(spec)
    return plan.sql(bucket), lambda rows: plan.values(rows, bucket_period)


def grouped_sets(env, shape, periods, company, tz_name, specs):
    """Every :class:`Grouped` spec for every period, in one SQL query.

    The query groups the rows by period and by ``GROUPING SETS`` of the
    dimensions the specs use; each spec's value is read from its groups.

    :param shape: a :class:`Shape`
    :param periods: see :func:`bucketed`
    :param company: only rows of this company (and shared ones) count
    :param tz_name: the time zone placing datetimes into periods
    :return: ``{period_id: (value or None per spec)}``; periods without rows
        are absent
    """
    sql, read = grouped_sets_sql(env, shape, periods, company, tz_name, specs)
    return read(env.execute_query(sql))


def filtered_sql(model, query, spec):
    """``AGG(measure) FILTER (WHERE ...)`` of a :class:`Filtered` spec."""
    check_measure(spec)
    column = aggregate_sql(spec.aggregate, expression(model, query, spec.measure))
    conditions = [domain_condition(model, query, list(spec.domain))]
    conditions += [build(model, query) for __, build in spec.conditions]
    conditions = [condition for condition in conditions if condition is not None]
    if not conditions:
        return column
    return SQL("%s FILTER (WHERE %s)", column, SQL(" AND ").join(conditions))


def filter_columns_sql(env, shape, periods, company, tz_name, specs):
    """The query of :func:`filter_columns`, and how to read its rows."""
    model, query, bucket, bucket_period = bucketed(
        env, shape, periods, company, tz_name
    )
    selects = [bucket] + [filtered_sql(model, query, spec) for spec in specs]
    sql = SQL(
        "SELECT %s FROM %s WHERE %s GROUP BY 1",
        SQL(", ").join(selects),
        query.from_clause,
        where_sql(query),
    )

    def read(rows):
        return {
            bucket_period[row[0]]: row[1:] for row in rows if row[0] in bucket_period
        }

    return sql, read


def filter_columns(env, shape, periods, company, tz_name, specs):
    """Every :class:`Filtered` spec for every period, in one SQL query: one
    ``AGG(...) FILTER (WHERE ...)`` column per spec.

    For what :func:`grouped_sets` cannot express (``|``, ``!=``,
    ``child_of``, a subquery); the parameters are those of
    :func:`grouped_sets`.

    :return: ``{period_id: (value per spec)}``; periods without rows are
        absent
    """
    sql, read = filter_columns_sql(env, shape, periods, company, tz_name, specs)
    return read(env.execute_query(sql))
