# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The inventory source family: KPIs computed from done transfers and scraps."""

from odoo import _
from odoo.tools import SQL

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, ShapedFamily, children_of
from odoo.addons.bsc_core.query import Filtered, Grouped, Shape

from . import stockouts

STOCK_SOURCE_TYPES = [
    ("stock_deliveries", "Inventory: deliveries done"),
    ("stock_otd", "Inventory: on-time delivery rate"),
    ("stock_delivery_lead_time", "Inventory: delivery lead time"),
    ("stock_backorder_rate", "Inventory: backorder rate"),
    ("stock_receipt_otd", "Inventory: receipts on time"),
    ("stock_receipt_lead_time", "Inventory: receipt lead time"),
    ("stock_scrap_qty", "Inventory: scrapped quantity"),
    ("stock_stockouts", "Inventory: stock-outs (products)"),
]
STOCK_TYPES = tuple(key for key, __ in STOCK_SOURCE_TYPES)
RECEIPT_TYPES = ("stock_receipt_otd", "stock_receipt_lead_time")
SCRAP_TYPES = ("stock_scrap_qty",)
# Computed from the running on-hand quantity (stockouts.py), not a shape
STOCKOUT_TYPES = ("stock_stockouts",)
# The operation type code each transfer source counts
PICKING_CODE = {
    source_type: "incoming" if source_type in RECEIPT_TYPES else "outgoing"
    for source_type in STOCK_TYPES
    if source_type not in SCRAP_TYPES + STOCKOUT_TYPES
}


def _transfers(code):
    """Done transfers of an operation type code, placed in a period by the
    day they were validated. Returns are left out: a customer's return is an
    incoming transfer but no receipt from a supplier, a return to a supplier
    no delivery."""
    return Shape(
        "stock.picking",
        "date_done",
        (
            ("state", "=", "done"),
            ("picking_type_id.code", "=", code),
            ("return_id", "=", False),
        ),
    )


STOCK_SHAPES = {
    "outgoing": _transfers("outgoing"),
    "incoming": _transfers("incoming"),
    "scrap": Shape("stock.scrap", "date_done", (("state", "=", "done"),)),
}
# The same transfers, one row per product or category of their moves
# (:func:`move_keys`): a query of its own, since the rows fan out.
MOVES_SUFFIX = "@moves"
STOCK_SHAPES.update(
    {f"{code}{MOVES_SUFFIX}": STOCK_SHAPES[code] for code in ("outgoing", "incoming")}
)


def _commercial_partners(partners):
    """A contact stands for its company: transfers are matched by the
    commercial partner of their contact."""
    return {
        partner.id: (partner.sudo().commercial_partner_id.id,) for partner in partners
    }


def on_time(tz_name):
    """Condition on a transfer: validated on or before the calendar day of
    its deadline, or of its scheduled date when it has no deadline, both days
    read in the time zone ``tz_name``; a ``(key, build)`` pair."""

    def local_day(column):
        return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", column, tz_name)

    def build(model, query):
        field = model._field_to_sql
        return SQL(
            "(%s <= %s)",
            local_day(field(query.table, "date_done", query)),
            local_day(
                SQL(
                    "COALESCE(%s, %s)",
                    field(query.table, "date_deadline", query),
                    field(query.table, "scheduled_date", query),
                )
            ),
        )

    return (f"on_time@{tz_name}", build)


def _has_backorder_sql(model, query):
    return SQL(
        "(EXISTS (SELECT 1 FROM stock_picking AS backorder "
        "WHERE backorder.backorder_id = %s))",
        SQL.identifier(query.table, "id"),
    )


def move_key(kpi):
    """The key of :func:`move_keys` that selects ``kpi``'s transfers: its
    product (a positive id) or its category (a negative id), or ``None``
    when it has neither or both (a domain on the moves says that)."""
    product, category = kpi.stock_product_id, kpi.stock_product_categ_id
    if product and not category:
        return product.id
    if category and not product:
        return -category.id
    return None


def move_keys(expanded):
    """A dimension of the transfers: one row per transfer and key it has, a
    key being a product of its moves (its id) or a category holding one of
    them, subcategories included (minus its id). Only the keys of the KPIs
    computed (``expanded``, see ``SourceFamily.expanded``) are produced.

    A transfer counts once per key however many of its moves match, as the
    domain ``move_ids any [...]`` of the drill-down says: a category KPI
    selects one key, never several subcategories whose rows would add up.
    The moves are joined once, for every product and category KPI of the
    query, instead of one ``EXISTS`` per KPI and row.
    """
    products = sorted(expanded.get("stock_product_id", {}))
    pairs = sorted(
        (categ, -category)
        for category, subtree in expanded.get("stock_product_categ_id", {}).items()
        for categ in subtree
    )

    def build(model, query):
        # the ORM's pending writes reach the tables the join reads
        model.env["stock.move"].flush_model(["picking_id", "product_id"])
        model.env["product.product"].flush_model(["product_tmpl_id"])
        model.env["product.template"].flush_model(["categ_id"])
        alias = "bsc_move_key"
        keys = SQL(
            """(SELECT m.picking_id, m.product_id AS key
                  FROM stock_move AS m
                 WHERE m.picking_id IS NOT NULL AND m.product_id = ANY(%s::int[])
                UNION
                SELECT m.picking_id, c.key
                  FROM stock_move AS m
                  JOIN product_product AS pp ON pp.id = m.product_id
                  JOIN product_template AS pt ON pt.id = pp.product_tmpl_id
                  JOIN unnest(%s::int[], %s::int[]) AS c(categ, key)
                    ON c.categ = pt.categ_id
                 WHERE m.picking_id IS NOT NULL)""",
            products,
            [categ for categ, __ in pairs],
            [key for __, key in pairs],
        )
        query.add_join(
            "JOIN",
            alias,
            keys,
            SQL(
                "%s = %s",
                SQL.identifier(alias, "picking_id"),
                SQL.identifier(query.table, "id"),
            ),
        )
        return SQL.identifier(alias, "key")

    return (f"move_key:{products}:{pairs}", build)


# A transfer split at validation: the rest went into a backorder.
HAS_BACKORDER = ("has_backorder", _has_backorder_sql)


def _lead_days_sql(model, query):
    """Days from the creation of a transfer (``date``, "usually the time of
    the order"; for a backorder, that of the transfer it was split from) to
    its validation."""
    return SQL(
        "EXTRACT(EPOCH FROM (%s - COALESCE(%s, %s))) / 86400.0",
        model._field_to_sql(query.table, "date_done", query),
        bsc_query.path_sql(model, query, "backorder_id.date"),
        model._field_to_sql(query.table, "date", query),
    )


LEAD_DAYS = ("lead_days", _lead_days_sql)


def _scrap_quantity_sql(model, query):
    """Quantity of a scrap in its product's unit of measure."""
    path = bsc_query.path_sql
    return SQL(
        "%s / %s * %s",
        model._field_to_sql(query.table, "scrap_qty", query),
        path(model, query, "product_uom_id.factor"),
        path(model, query, "product_id.product_tmpl_id.uom_id.factor"),
    )


SCRAP_QUANTITY = ("scrap_quantity", _scrap_quantity_sql)


class StockFamily(ShapedFamily):
    """Every inventory KPI of a scorecard and frequency is answered by at
    most one grouped-sets query per shape (``STOCK_SHAPES``: done
    deliveries, done receipts, done scraps), whatever the number of KPIs
    and periods; KPIs narrowed to a product or a category on deliveries or
    receipts by one more grouped-sets query per shape, over the transfers
    joined to the products and categories of their moves (:func:`move_keys`),
    and a KPI narrowed to both by a filter-column query.

    Parameters are declared at three levels: ``pickings`` (a path of
    ``stock.picking``), ``moves`` (a path of ``stock.move``: a transfer
    counts when one of its moves matches) and ``scrap`` (a path of
    ``stock.scrap``).
    """

    shapes = STOCK_SHAPES
    source_types = STOCK_TYPES
    parameters = (
        Parameter(
            "stock_warehouse_id",
            {
                "pickings": "picking_type_id.warehouse_id",
                "scrap": "location_id.warehouse_id",
                "stockouts": "warehouse",
            },
            company_field="company_id",
        ),
        Parameter(
            "stock_picking_type_id",
            {"pickings": "picking_type_id"},
            company_field="company_id",
        ),
        Parameter(
            "stock_partner_id",
            {"pickings": "partner_id.commercial_partner_id"},
            company_field="company_id",
            expand=_commercial_partners,
        ),
        Parameter(
            "stock_product_id",
            {"moves": "product_id", "scrap": "product_id", "stockouts": "product"},
            company_field="company_id",
        ),
        Parameter(
            "stock_product_categ_id",
            {
                "moves": "product_id.product_tmpl_id.categ_id",
                "scrap": "product_id.product_tmpl_id.categ_id",
                "stockouts": "category",
            },
            expand=children_of,
        ),
    )

    def counted(self):
        return _("transfers")

    def parameter_error(self, kpi):
        error = super().parameter_error(kpi)
        if error:
            return error
        if kpi.source_type in STOCKOUT_TYPES:
            if kpi.stock_picking_type_id or kpi.stock_partner_id:
                return _(
                    "KPI '%(kpi)s': stock-outs count products, with no operation "
                    "type nor partner; leave them empty.",
                    kpi=kpi.name,
                )
            return False
        if kpi.source_type in SCRAP_TYPES:
            if kpi.stock_picking_type_id or kpi.stock_partner_id:
                return _(
                    "KPI '%(kpi)s': scraps have no operation type nor partner; "
                    "leave them empty.",
                    kpi=kpi.name,
                )
            if not (kpi.stock_product_id or kpi.stock_product_categ_id):
                return _(
                    "KPI '%(kpi)s': choose the product or the product category "
                    "whose scrapped quantity it counts.",
                    kpi=kpi.name,
                )
            return False
        picking_type = kpi.sudo().stock_picking_type_id
        code = PICKING_CODE[kpi.source_type]
        if picking_type and picking_type.code != code:
            kind = _("receipt") if code == "incoming" else _("delivery")
            return _(
                "KPI '%(kpi)s': the operation type '%(type)s' is not a %(kind)s "
                "type. Choose a %(kind)s type, or leave it empty.",
                kpi=kpi.name,
                type=picking_type.display_name,
                kind=kind,
            )
        return False

    # ------------------------------------------------------------------
    # Stock-outs: one running-sum query per scorecard, frequency, company
    # ------------------------------------------------------------------

    def compute(self, kpis, periods):
        outs = kpis.filtered(lambda kpi: kpi.source_type in STOCKOUT_TYPES)
        result = super().compute(kpis - outs, periods)
        if outs:
            result.update(self.compute_stockouts(outs, periods))
        return result

    def compute_stockouts(self, kpis, periods):
        """The number of products out of stock, for every KPI and period:
        one query per scorecard, frequency and company."""
        result = {}
        expanded = self.expanded(kpis)
        for (scorecard, frequency, company), group in kpis.grouped(
            lambda kpi: (kpi.scorecard_id, kpi.frequency, self.company(kpi))
        ).items():
            counted = self.stockout_products(
                group,
                scorecard,
                company,
                periods.filtered(
                    lambda p, s=scorecard, f=frequency: (
                        (p.scorecard_id, p.frequency) == (s, f)
                    )
                ),
                expanded,
            )
            for (kpi_id, period_id), products in counted.items():
                result[(kpi_id, period_id)] = (float(len(products)), False)
        return result

    def stockout_products(self, kpis, scorecard, company, periods, expanded):
        """``{(kpi id, period id): product ids}``: the products each KPI
        counts out of stock in each period (the value and the drill-down)."""
        if not periods:
            return {}
        instants, index = stockouts.bounds(periods, scorecard.tz)
        warehouses = sorted(set(kpis.stock_warehouse_id.ids))
        self.env["stock.move"].flush_model()
        rows = self.env.execute_query(
            stockouts.stockout_sql(company, warehouses, instants)
        )
        out = stockouts.products_out(rows, index)
        result = {}
        for kpi in kpis:
            selection = dict(self.leaves(kpi, "stockouts", expanded))
            scope = kpi.stock_warehouse_id.id or stockouts.ALL_WAREHOUSES
            for period_id, found in out.items():
                result[(kpi.id, period_id)] = sorted(
                    product
                    for (row_scope, product), categ in found.items()
                    if row_scope == scope
                    and product in selection.get("product", (product,))
                    and categ in selection.get("category", (categ,))
                )
        return result

    # ------------------------------------------------------------------
    # Selection: the KPI's parameters as dimensions and domains
    # ------------------------------------------------------------------

    def shape_key(self, kpi):
        """The key of the shape in ``STOCK_SHAPES`` that ``kpi`` reads."""
        if kpi.source_type in SCRAP_TYPES:
            return "scrap"
        return PICKING_CODE[kpi.source_type]

    def picking_domain(self, kpi, expanded):
        """The transfers the KPI's parameters select (not period, company,
        state): those of its transfer parameters, with a move of its
        product parameters."""
        domain = self.domain(kpi, "pickings", expanded)
        moves = self.domain(kpi, "moves", expanded)
        if moves:
            domain.append(("move_ids", "any", moves))
        return domain

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------

    def ratio_scale(self, kpi):
        # lead times are averages in days; the other quotients are rates
        return 1.0 if kpi.source_type.endswith("lead_time") else 100.0

    def parts(self, kpi, scorecard, company, expanded):
        shape = self.shape_key(kpi)
        if shape != "scrap" and move_key(kpi) is not None:
            shape += MOVES_SUFFIX
        return [(shape, spec) for spec in self.specs(kpi, scorecard.tz, expanded)]

    def specs(self, kpi, tz_name, expanded):
        """The specs the KPI reads from its shape's queries, in the order
        :meth:`value` expects: one count or sum, or a numerator and a
        denominator."""
        if kpi.source_type in SCRAP_TYPES:
            dims = self.leaves(kpi, "scrap", expanded)
            return [Grouped("sum", SCRAP_QUANTITY, dims)]
        condition = {
            "stock_otd": on_time(tz_name),
            "stock_receipt_otd": on_time(tz_name),
            "stock_backorder_rate": HAS_BACKORDER,
        }.get(kpi.source_type)
        measure = LEAD_DAYS if kpi.source_type.endswith("lead_time") else None
        dims = self.leaves(kpi, "pickings", expanded)
        key = move_key(kpi)
        if key is not None:
            dims += ((move_keys(expanded), (key,)),)
        elif self.domain(kpi, "moves", expanded):
            domain = self.picking_domain(kpi, expanded)
            total = Filtered("count", None, domain)
            if measure:
                return [Filtered("sum", measure, domain), total]
            if condition:
                return [Filtered("count", None, domain, (condition,)), total]
            return [total]
        total = Grouped("count", None, dims)
        if measure:
            return [Grouped("sum", measure, dims), total]
        if condition:
            return [Grouped("count", None, dims, ((condition, (True,)),)), total]
        return [total]

    # ------------------------------------------------------------------
    # Drill-down: exactly the transfers (or scraps) behind a value
    # ------------------------------------------------------------------

    def drilldown(self, kpi, period):
        """The transfers or scraps counted in the period: for a rate, all
        those of its denominator; for a lead time, those averaged."""
        expanded = self.expanded(kpi)
        if kpi.source_type in STOCKOUT_TYPES:
            products = self.stockout_products(
                kpi, kpi.scorecard_id, self.company(kpi), period, expanded
            )[(kpi.id, period.id)]
            return self.records_action(
                kpi, period, "product.product", [("id", "in", products)],
                context={"create": False, "active_test": False},
            )  # fmt: skip
        shape = STOCK_SHAPES[self.shape_key(kpi)]
        model = self.env[shape.model]
        if kpi.source_type in SCRAP_TYPES:
            selection = self.domain(kpi, "scrap", expanded)
        else:
            selection = self.picking_domain(kpi, expanded)
        domain = (
            list(shape.domain)
            + bsc_query.period_domain(
                model, "date_done", period.date_start, period.date_end,
                kpi.scorecard_id.tz,
            )
            + bsc_query.company_domain(model, kpi.company_id)
            + selection
        )  # fmt: skip
        if kpi.source_type in SCRAP_TYPES:
            return self.scrap_action(kpi, period, domain)
        return self.records_action(kpi, period, shape.model, domain)

    def scrap_action(self, kpi, period, scraps):
        """The done moves of the ``scraps`` domain's scraps, with their
        quantity in the product's unit of measure summed at the foot of the
        list: the value (a scrap's own quantity is in the unit it was entered
        in, half a dozen or 6 units)."""
        domain = [("scrap_id", "any", scraps), ("state", "=", "done")]
        return self.records_action(
            kpi,
            period,
            "stock.move",
            domain,
            views=[
                (self.env.ref("bsc_stock_link.stock_move_view_list_scrap").id, "list"),
                (False, "form"),
            ],
        )
