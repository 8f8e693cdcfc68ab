# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Stock-outs: storable products whose on-hand quantity fell to zero or
below, from the running sum of their done moves.

One query answers every stock-out KPI of a scorecard, frequency and company
for every period: the done moves of storable products in and out of
internal locations, as legs (``-quantity`` for the location left,
``+quantity`` for the location reached), are summed up move by move in date
order, per product and per warehouse (for the KPIs narrowed to a
warehouse) or over the company's internal locations (the others). The
query returns, per period bucket, warehouse scope and product, the lowest
running quantity and the last one; a product is out of stock in a period
when its running quantity is at or below zero after one of the period's
moves, or was so at the period's start.
"""

from collections import defaultdict
from datetime import timedelta
from operator import attrgetter

from odoo import fields
from odoo.tools import SQL

from odoo.addons.bsc_core.query import local_midnight_utc

# The company-wide scope: every internal location of the company
ALL_WAREHOUSES = 0


def bounds(periods, tz_name):
    """``(bounds, {period_id: (start index, end index)})``: the UTC
    instants of every period's start and of the day after its end, sorted;
    a row of bucket ``j`` (``width_bucket``) lies in
    ``[bounds[j - 1], bounds[j])``, so a period's rows are the buckets
    ``start index + 1 .. end index`` and the rows before it ``0 .. start
    index``."""
    periods = sorted(periods, key=attrgetter("date_start"))
    days = sorted(
        {p.date_start for p in periods}
        | {p.date_end + timedelta(days=1) for p in periods}
    )
    index = {
        p.id: (days.index(p.date_start), days.index(p.date_end + timedelta(days=1)))
        for p in periods
    }
    instants = [
        fields.Datetime.to_string(local_midnight_utc(day, tz_name)) for day in days
    ]
    return instants, index


def stockout_sql(company, warehouse_ids, instants):
    """The query: per bucket, scope (a warehouse id, or ``ALL_WAREHOUSES``)
    and storable product, its category, the lowest running on-hand quantity
    after a move of the bucket and the running quantity after its last
    move. Quantities are in the product's unit of measure
    (``product_qty``)."""
    scopes = SQL("")
    if warehouse_ids:
        scopes = SQL(
            "UNION ALL SELECT product_id, date, id, warehouse_id, qty FROM legs "
            "WHERE warehouse_id IN %s",
            tuple(warehouse_ids),
        )
    return SQL(
        """
        WITH legs AS (
            SELECT move.product_id, move.date, move.id, source.warehouse_id,
                   -move.product_qty AS qty
              FROM stock_move AS move
              JOIN stock_location AS source ON source.id = move.location_id
             WHERE source.usage = 'internal'
               AND move.state = 'done' AND move.company_id = %(company)s
               AND move.date < %(stop)s
             UNION ALL
            SELECT move.product_id, move.date, move.id, target.warehouse_id,
                   move.product_qty
              FROM stock_move AS move
              JOIN stock_location AS target ON target.id = move.location_dest_id
             WHERE target.usage = 'internal'
               AND move.state = 'done' AND move.company_id = %(company)s
               AND move.date < %(stop)s
        ), scoped AS (
            SELECT product_id, date, id, %(all)s AS scope, qty FROM legs
            %(scopes)s
        ), running AS (
            SELECT scoped.product_id, scoped.scope, scoped.date, scoped.id,
                   SUM(scoped.qty) OVER (
                       PARTITION BY scoped.product_id, scoped.scope
                       ORDER BY scoped.date, scoped.id
                   ) AS on_hand
              FROM scoped
              JOIN product_product AS product ON product.id = scoped.product_id
              JOIN product_template AS template
                ON template.id = product.product_tmpl_id
             WHERE template.is_storable
        )
        SELECT width_bucket(running.date, %(bounds)s::timestamp[]) AS bucket,
               running.scope, running.product_id, template.categ_id,
               MIN(running.on_hand),
               (ARRAY_AGG(running.on_hand ORDER BY running.date DESC,
                                                   running.id DESC))[1]
          FROM running
          JOIN product_product AS product ON product.id = running.product_id
          JOIN product_template AS template ON template.id = product.product_tmpl_id
         GROUP BY 1, 2, 3, 4
        """,
        company=company.id,
        stop=instants[-1],
        all=ALL_WAREHOUSES,
        scopes=scopes,
        bounds=instants,
    )


def products_out(rows, index, rounding=1e-6):
    """``{period_id: {(scope, product_id): categ_id}}``: the products out of
    stock in each period, from the rows of :func:`stockout_sql` and the
    period index of :func:`bounds`."""
    lowest = defaultdict(dict)  # (scope, product) -> {bucket: lowest}
    last = defaultdict(dict)  # (scope, product) -> {bucket: last}
    category = {}
    for bucket, scope, product, categ, low, closing in rows:
        key = (scope, product)
        lowest[key][bucket] = low
        last[key][bucket] = closing
        category[key] = categ
    result = {}
    for period_id, (start, end) in index.items():
        out = {}
        for key, by_bucket in lowest.items():
            before = [b for b in last[key] if b <= start]
            if before and last[key][max(before)] <= rounding:
                out[key] = category[key]
                continue
            if any(
                low <= rounding
                for bucket, low in by_bucket.items()
                if start < bucket <= end
            ):
                out[key] = category[key]
        result[period_id] = out
    return result
