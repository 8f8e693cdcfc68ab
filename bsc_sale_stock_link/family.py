# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The sales-and-delivery source family: OTIF of sale lines, and the lead
time from sale confirmation to delivery (average and 90th percentile)."""

from odoo import _
from odoo.tools import SQL

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, ShapedFamily, children_of
from odoo.addons.bsc_core.query import Filtered, Grouped, Shape
from odoo.addons.bsc_stock_link.family import (
    MOVES_SUFFIX,
    _commercial_partners,
    move_key,
    move_keys,
)

SALE_STOCK_SOURCE_TYPES = [
    ("sale_stock_otif", "Sales & inventory: OTIF (on time in full)"),
    ("sale_stock_lead_time", "Sales & inventory: lead time from confirmation"),
    (
        "sale_stock_lead_time_p90",
        "Sales & inventory: lead time from confirmation, 90th percentile",
    ),
]
SALE_STOCK_TYPES = tuple(key for key, __ in SALE_STOCK_SOURCE_TYPES)
LEAD_TIME_TYPES = ("sale_stock_lead_time", "sale_stock_lead_time_p90")
P90 = bsc_query.percentile(0.9)

SALE_STOCK_SHAPES = {
    # Confirmed sale lines of goods, placed in a period by their deadline:
    # the demand that was due in the period, delivered or not.
    "lines": Shape(
        "sale.order.line",
        "bsc_date_deadline",
        (
            ("state", "=", "sale"),
            ("display_type", "=", False),
            ("product_id.type", "=", "consu"),
            ("product_uom_qty", ">", 0),
        ),
    ),
    # Done deliveries of a sale (returns left out), placed by their
    # validation day.
    "deliveries": Shape(
        "stock.picking",
        "date_done",
        (
            ("state", "=", "done"),
            ("picking_type_id.code", "=", "outgoing"),
            ("return_id", "=", False),
            ("sale_id", "!=", False),
        ),
    ),
}
# The same deliveries, one row per product or category of their moves
# (bsc_stock_link's ``move_keys``), for the KPIs narrowed to one of them.
SALE_STOCK_SHAPES[f"deliveries{MOVES_SUFFIX}"] = SALE_STOCK_SHAPES["deliveries"]


def otif(tz_name):
    """Condition on a sale line: its quantity delivered up to the end of the
    calendar day of its deadline (read in ``tz_name``) reaches its ordered
    quantity; a ``(key, build)`` pair.

    Delivered is what Odoo counts as delivered on the line (``sale_stock``'s
    ``_get_outgoing_incoming_moves``): its done moves of its product to a
    customer location (a return only when it is refunded), less its done
    refunded returns, each in the product's unit of measure. A backorder's
    moves belong to the line like the first delivery's.
    """

    def local_day(column):
        return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", column, tz_name)

    def build(model, query):
        line = SQL.identifier(query.table, "id")
        deadline = model._field_to_sql(query.table, "bsc_date_deadline", query)
        ordered = SQL(
            "%s / %s * %s",
            model._field_to_sql(query.table, "product_uom_qty", query),
            bsc_query.path_sql(model, query, "product_uom.factor"),
            bsc_query.path_sql(
                model, query, "product_id.product_tmpl_id.uom_id.factor"
            ),
        )
        delivered = SQL(
            """(SELECT COALESCE(SUM(
                    CASE WHEN src.usage = 'customer' THEN -1 ELSE 1 END
                    * move.quantity / move_uom.factor * product_uom.factor), 0)
                FROM stock_move AS move
                JOIN stock_location AS src ON src.id = move.location_id
                JOIN stock_location AS dest ON dest.id = move.location_dest_id
                JOIN uom_uom AS move_uom ON move_uom.id = move.product_uom
                JOIN product_product AS product ON product.id = move.product_id
                JOIN product_template AS tmpl ON tmpl.id = product.product_tmpl_id
                JOIN uom_uom AS product_uom ON product_uom.id = tmpl.uom_id
                WHERE move.sale_line_id = %s
                  AND move.state = 'done'
                  AND NOT COALESCE(move.scrapped, FALSE)
                  AND move.product_id = %s
                  AND (
                    (dest.usage = 'customer' AND (
                        move.origin_returned_move_id IS NULL
                        OR COALESCE(move.to_refund, FALSE)))
                    OR (src.usage = 'customer' AND dest.usage != 'customer'
                        AND COALESCE(move.to_refund, FALSE))
                  )
                  AND %s <= %s)""",
            line,
            model._field_to_sql(query.table, "product_id", query),
            local_day(SQL("move.date")),
            local_day(deadline),
        )
        # in full up to a millionth of the unit: the quantities are
        # converted floats
        return SQL("(%s >= %s - 0.000001)", delivered, ordered)

    return (f"otif@{tz_name}", build)


def _lead_days_sql(model, query):
    """Days from the confirmation of the sale (its order date, set when it
    is confirmed) to the validation of the delivery."""
    return SQL(
        "EXTRACT(EPOCH FROM (%s - %s)) / 86400.0",
        model._field_to_sql(query.table, "date_done", query),
        bsc_query.path_sql(model, query, "sale_id.date_order"),
    )


LEAD_DAYS = ("sale_lead_days", _lead_days_sql)


class SaleStockFamily(ShapedFamily):
    """Every sales-and-delivery KPI of a scorecard and frequency is answered
    by at most one grouped-sets query per shape (``SALE_STOCK_SHAPES``: the
    sale lines due, the done deliveries of sales), plus one filter-column
    query for what a grouped query cannot say (a percentile over several
    values of a dimension, deliveries narrowed to both a product and a
    category), whatever the number of KPIs and periods. Deliveries narrowed
    to a product or a category are read by one more grouped-sets query,
    over the deliveries joined once to the products and categories of their
    moves.

    It reads the parameters of the inventory sources (``bsc_stock_link``):
    warehouse (the sale's), partner (the customer's commercial partner),
    product and product category with its subcategories.
    """

    shapes = SALE_STOCK_SHAPES
    source_types = SALE_STOCK_TYPES
    parameters = (
        Parameter(
            "stock_warehouse_id",
            {
                "lines": "order_id.warehouse_id",
                "deliveries": "picking_type_id.warehouse_id",
            },
            company_field="company_id",
        ),
        Parameter(
            "stock_partner_id",
            {
                "lines": "order_id.partner_id.commercial_partner_id",
                "deliveries": "sale_id.partner_id.commercial_partner_id",
            },
            company_field="company_id",
            expand=_commercial_partners,
        ),
        Parameter(
            "stock_product_id",
            {"lines": "product_id", "moves": "product_id"},
            company_field="company_id",
        ),
        Parameter(
            "stock_product_categ_id",
            {
                "lines": "product_id.product_tmpl_id.categ_id",
                "moves": "product_id.product_tmpl_id.categ_id",
            },
            expand=children_of,
        ),
    )

    def counted(self):
        return _("sale lines and deliveries")

    def parameter_error(self, kpi):
        error = super().parameter_error(kpi)
        if error:
            return error
        if kpi.stock_picking_type_id:
            return _(
                "KPI '%(kpi)s': the sales-and-delivery sources follow the sale, "
                "not an operation type; leave Operation Type empty and choose a "
                "warehouse instead.",
                kpi=kpi.name,
            )
        return False

    def shape_key(self, kpi):
        return "lines" if kpi.source_type == "sale_stock_otif" else "deliveries"

    def delivery_domain(self, kpi, expanded):
        """The deliveries the KPI's parameters select: those of its sale
        parameters, with a move of its product parameters."""
        domain = self.domain(kpi, "deliveries", expanded)
        moves = self.domain(kpi, "moves", expanded)
        if moves:
            domain.append(("move_ids", "any", moves))
        return domain

    def ratio_scale(self, kpi):
        return 100.0 if kpi.source_type == "sale_stock_otif" else 1.0

    def value(self, kpi, raw):
        if kpi.source_type == "sale_stock_lead_time_p90":
            # no delivery, no percentile: no value rather than 0 days
            return (None if raw[0] is None else float(raw[0])), False
        return super().value(kpi, raw)

    def parts(self, kpi, scorecard, company, expanded):
        shape = self.shape_key(kpi)
        if shape == "deliveries" and move_key(kpi) is not None:
            shape += MOVES_SUFFIX
        return [(shape, spec) for spec in self.specs(kpi, scorecard.tz, expanded)]

    def specs(self, kpi, tz_name, expanded):
        """What the KPI reads, in the order :meth:`value` expects."""
        if kpi.source_type == "sale_stock_otif":
            dims = self.leaves(kpi, "lines", expanded)
            return [
                Grouped("count", None, dims, ((otif(tz_name), (True,)),)),
                Grouped("count", None, dims),
            ]
        dims = self.leaves(kpi, "deliveries", expanded)
        key = move_key(kpi)
        if key is not None:
            # one row per delivery and key: a single value, read from one
            # group (a percentile too)
            dims += ((move_keys(expanded), (key,)),)
        narrowed = key is None and bool(self.domain(kpi, "moves", expanded))
        if kpi.source_type == "sale_stock_lead_time_p90":
            # a percentile is read from one group: several values of a
            # dimension (a category's subcategories) need a filter column
            if narrowed or any(len(values) != 1 for __, values in dims):
                return [Filtered(P90, LEAD_DAYS, self.delivery_domain(kpi, expanded))]
            return [Grouped(P90, LEAD_DAYS, dims)]
        if narrowed:
            domain = self.delivery_domain(kpi, expanded)
            return [Filtered("sum", LEAD_DAYS, domain), Filtered("count", None, domain)]
        return [Grouped("sum", LEAD_DAYS, dims), Grouped("count", None, dims)]

    def drilldown(self, kpi, period):
        """The sale lines due in the period (OTIF: all those of the
        denominator), or the deliveries whose lead time is averaged."""
        expanded = self.expanded(kpi)
        shape_key = self.shape_key(kpi)
        shape = SALE_STOCK_SHAPES[shape_key]
        model = self.env[shape.model]
        if shape_key == "lines":
            selection = self.domain(kpi, "lines", expanded)
        else:
            selection = self.delivery_domain(kpi, expanded)
        domain = (
            list(shape.domain)
            + bsc_query.period_domain(
                model, shape.date, period.date_start, period.date_end,
                kpi.scorecard_id.tz,
            )
            + bsc_query.company_domain(model, kpi.company_id)
            + selection
        )  # fmt: skip
        return self.records_action(kpi, period, shape.model, domain)
