# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SQL pieces of the grouped queries: field paths, domains, periods, companies.

Plain functions over a model and an ``odoo.tools.query.Query``; they hold no
state and never read the scorecard's records.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import fields
from odoo.tools import SQL


def path_field(model, path):
    """The stored field at the end of ``path``, a dotted path of stored
    many2one fields (fields inherited through ``_inherits`` included), or
    ``None`` when the path does not lead to a stored column."""
    names = path.split(".")
    for position, name in enumerate(names):
        field = model._fields.get(name)
        if field and field.inherited:
            return path_field(model, ".".join([field.related] + names[position + 1 :]))
        if not field or not field.store or not field.column_type:
            return None
        if position < len(names) - 1:
            if field.type != "many2one":
                return None
            model = model.env[field.comodel_name]
    return field


def path_sql(model, query, path):
    """SQL of the field at the end of ``path`` in ``query``, LEFT JOINing each
    many2one on the way (a row without the record reads NULL, it is not lost).

    Equal paths reuse the same joins: ``Query.make_alias`` names them after
    the path.
    """
    return _path_sql_from(model, query, query.table, path.split("."))


def _path_sql_from(model, query, alias, names):
    for position, name in enumerate(names):
        field = model._fields.get(name)
        if field is None:
            # Odoo's ValueError, naming the field and the model
            return model._field_to_sql(alias, name, query)
        if field.inherited:
            names = field.related.split(".") + names[position + 1 :]
            return _path_sql_from(model, query, alias, names)
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


def where_sql(query):
    """``query``'s WHERE condition, ``TRUE`` when it has none."""
    return query.where_clause or SQL("TRUE")


def domain_condition(model, query, domain):
    """SQL condition selecting the records of ``domain`` in ``query``'s table.

    ``None`` for an empty domain. The model's context applies
    (``active_test``). A domain whose SQL needs no join (``_search`` turns
    many2one paths into subqueries; only ``auto_join`` fields join) is
    inlined; otherwise the condition is ``id IN (subquery)``, which is right
    for any domain.
    """
    if not domain:
        return None
    found = model._search(domain)
    if found.is_empty():
        return SQL("FALSE")
    alone = model._search([]) if found.table == query.table else None
    # Public means only: same FROM clause as a query of the bare table.
    if alone is not None and found.from_clause == alone.from_clause:
        return found.where_clause or None
    return SQL("%s IN %s", SQL.identifier(query.table, "id"), found.subselect())


def company_domain(model, company):
    """Records of ``company``, and records shared by all companies (those
    without a company); every record when the model has no stored
    ``company_id``."""
    field = model._fields.get("company_id")
    if not field or not field.store:
        return []
    return [("company_id", "in", [company.id, False])]


def local_midnight_utc(day, tz_name):
    """The UTC instant (naive, as Odoo stores datetimes) at which ``day``
    starts in the time zone ``tz_name``; right across daylight-saving
    changes, since each day is localized on its own."""
    tz = pytz.timezone(tz_name or "UTC")
    local = tz.localize(datetime.combine(day, time.min))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def period_bounds(field, date_start, date_end, tz_name):
    """The first value and the stopping value of ``field`` for the days from
    ``date_start`` to ``date_end`` included, as strings for SQL or a domain.

    A datetime is compared with the UTC instants of local midnights, so an
    order at 23:30 local time on the last day belongs to that day.
    """
    stop = date_end + timedelta(days=1)
    if field.type != "datetime":
        return fields.Date.to_string(date_start), fields.Date.to_string(stop)
    return (
        fields.Datetime.to_string(local_midnight_utc(date_start, tz_name)),
        fields.Datetime.to_string(local_midnight_utc(stop, tz_name)),
    )


def period_domain(model, date_fname, date_start, date_end, tz_name):
    """Records whose date falls between two days included, in the time zone
    ``tz_name`` (see :func:`period_bounds`)."""
    start, stop = period_bounds(
        model._fields[date_fname], date_start, date_end, tz_name
    )
    return [(date_fname, ">=", start), (date_fname, "<", stop)]


def converted(amount_path, rate_path):
    """A measure: ``amount_path`` divided by the currency rate at
    ``rate_path`` (Odoo's ``currency_rate`` of an order: company currency to
    the document's, at its date), as Odoo's sales analysis converts amounts
    into the company currency; a rate of 0 or none counts as 1.

    :return: a ``(key, build)`` measure for :class:`~.grouped.Grouped`
    """

    def build(model, query):
        return SQL(
            "%s / COALESCE(NULLIF(%s, 0), 1)",
            path_sql(model, query, amount_path),
            path_sql(model, query, rate_path),
        )

    return (f"{amount_path}/{rate_path}", build)
