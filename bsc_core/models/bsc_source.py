# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast
import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

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
        domain=[("transient", "=", False), ("abstract", "=", False)],
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

    def _bsc_condition(self, model, query):
        """SQL condition selecting the source's records inside ``query``'s table.

        A domain whose SQL needs no join is inlined; otherwise the condition is
        ``id IN (subquery)``, which stays correct for any domain.
        """
        try:
            return self._bsc_domain_condition(model, query, self._bsc_domain())
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
        ``width_bucket(local date, period starts)``, and each source is one
        ``AGG(measure) FILTER (WHERE domain)`` column.
        """
        periods = periods.sorted("date_start")
        result = {}
        if not periods or not self:
            return result
        shapes = defaultdict(lambda: self.browse())
        for source in self:
            shapes[(source.model_id.model, source.date_field_id.name)] |= source
        for (model_name, date_fname), sources in shapes.items():
            rows = sources._bsc_query_shape(
                model_name, date_fname, periods, company, tz_name
            )
            for period in periods:
                row = rows.get(period.id)
                for col, source in enumerate(sources):
                    value = row[col] if row else None
                    if value is None and source.aggregate in ZERO_WHEN_EMPTY:
                        value = 0.0
                    result[(source.id, period.id)] = (
                        float(value) if value is not None else None
                    )
        return result

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
        """Run the grouped query for sources sharing a model and a date field.

        :return: ``{period_id: [value per source in self]}``
        """
        if model_name not in self.env:
            raise ValidationError(
                _("Model %(model)s is not installed anymore.", model=model_name)
            )
        return self._bsc_grouped_query(
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
        date_field = model._fields.get(date_fname)
        if not date_field or not date_field.store:
            raise ValidationError(
                _(
                    "The date field %(field)s of %(model)s does not exist anymore.",
                    field=date_fname,
                    model=model_name,
                )
            )
        full_domain = (
            list(domain)
            + self._bsc_period_domain(
                model, date_fname, periods[0].date_start, periods[-1].date_end, tz_name
            )
            + self._bsc_company_domain(model, company)
        )
        query = model._search(full_domain)
        alias = query.table
        date_sql = model._field_to_sql(alias, date_fname, query)
        if date_field.type == "datetime":
            date_sql = SQL(
                "(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date",
                date_sql,
                tz_name or "UTC",
            )
        selects = [SQL("width_bucket(%s, %s::date[])", date_sql, bounds)]
        selects += [column(model, query) for column in columns]
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
    def _bsc_period_domain(self, model, date_fname, date_start, date_end, tz_name):
        """Records whose date falls between two days, in the time zone ``tz_name``.

        A datetime is compared with the UTC instants of local midnights, so an
        order at 23:30 local time on the last day belongs to that day.
        """
        stop = date_end + timedelta(days=1)
        if model._fields[date_fname].type != "datetime":
            return [
                (date_fname, ">=", fields.Date.to_string(date_start)),
                (date_fname, "<", fields.Date.to_string(stop)),
            ]
        tz = pytz.timezone(tz_name or "UTC")

        def to_utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return fields.Datetime.to_string(
                local.astimezone(pytz.utc).replace(tzinfo=None)
            )

        return [(date_fname, ">=", to_utc(date_start)), (date_fname, "<", to_utc(stop))]

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
