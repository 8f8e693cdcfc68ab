# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The sales source family: KPIs computed from sale orders."""

from odoo import _
from odoo.tools import SQL

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, ShapedFamily, children_of
from odoo.addons.bsc_core.query import Filtered, Grouped, Shape

SALE_SOURCE_TYPES = [
    ("sale_revenue", "Sales: revenue"),
    ("sale_orders", "Sales: confirmed orders"),
    ("sale_aov", "Sales: average order value"),
    ("sale_new_customers", "Sales: new customers"),
    ("sale_conversion", "Sales: quotation conversion rate"),
    ("sale_quantity", "Sales: quantity sold"),
]
SALE_TYPES = tuple(key for key, __ in SALE_SOURCE_TYPES)
# Odoo 18 has a single confirmed state; locked orders are still 'sale'.
CONFIRMED = [("state", "=", "sale")]
# The grouped queries sales KPIs share: confirmed orders by order date;
# quotations (any state) by creation date; lines of confirmed orders by
# their order's date. A line's state is its order's (a stored related field).
SALE_SHAPES = {
    "orders": Shape("sale.order", "date_order", tuple(CONFIRMED)),
    "quotations": Shape("sale.order", "create_date"),
    "lines": Shape("sale.order.line", "order_id.date_order", tuple(CONFIRMED)),
}
# Untaxed amounts in the company currency, as Odoo's sales analysis has them
ORDER_REVENUE = bsc_query.converted("amount_untaxed", "currency_rate")
LINE_REVENUE = bsc_query.converted("price_subtotal", "order_id.currency_rate")


def _line_quantity_sql(model, query):
    """Quantity of an order line in its product's unit of measure, converted
    from the line's as the sales analysis does."""
    path = bsc_query.path_sql
    return SQL(
        "%s / %s * %s",
        model._field_to_sql(query.table, "product_uom_qty", query),
        path(model, query, "product_uom.factor"),
        path(model, query, "product_id.product_tmpl_id.uom_id.factor"),
    )


LINE_QUANTITY = ("line_quantity", _line_quantity_sql)


class SaleFamily(ShapedFamily):
    """Every sales KPI of a scorecard and frequency is answered by at most
    three grouped-sets queries (``SALE_SHAPES``): confirmed orders by order
    date, quotations by creation date, lines of confirmed orders for product
    and category parameters. A KPI's parameters are dimensions of those
    queries, so their cost depends on the combinations of parameters used,
    not on the number of KPIs. Counting orders that have a line of a product
    is the one case left to a filter-column query.

    Parameters are declared at two levels: ``order`` (a path of
    ``sale.order``, for the order and quotation queries) and ``line`` (a
    path of ``sale.order.line``). A parameter without an order path selects
    lines: revenue and quantity then count those lines only, and the orders
    counted are those with such a line.
    """

    source_types = SALE_TYPES
    shapes = SALE_SHAPES
    company_field = "sale_company_id"
    parameters = (
        Parameter(
            "sale_team_id",
            {"order": "team_id", "line": "order_id.team_id"},
            company_field="company_id",
        ),
        Parameter(
            "sale_user_id",
            {"order": "user_id", "line": "order_id.user_id"},
            company_field="company_ids",
        ),
        Parameter(
            "sale_country_id",
            {
                "order": "partner_id.country_id",
                "line": "order_id.partner_id.country_id",
            },
        ),
        Parameter(
            "sale_product_id", {"line": "product_id"}, company_field="company_id"
        ),
        Parameter(
            "sale_product_categ_id",
            {"line": "product_id.product_tmpl_id.categ_id"},
            expand=children_of,
        ),
    )

    def counted(self):
        return _("orders")

    def parameter_error(self, kpi):
        error = super().parameter_error(kpi)
        if error:
            return error
        if kpi.source_type == "sale_quantity" and not (
            kpi.sale_product_id or kpi.sale_product_categ_id
        ):
            return _(
                "KPI '%(kpi)s': choose the product or the product category whose "
                "quantity sold it counts.",
                kpi=kpi.name,
            )
        return False

    # ------------------------------------------------------------------
    # Selection: the KPI's parameters as dimensions and domains
    # ------------------------------------------------------------------

    def line_domain(self, kpi, expanded):
        """The order lines the KPI's line parameters (product, category)
        select; empty when it has none."""
        return [
            (path, "in", list(values))
            for parameter in self.parameters
            if "order" not in parameter.paths
            for path, values in [parameter.leaf(kpi, "line", expanded) or (None, None)]
            if path
        ]

    def order_domain(self, kpi, expanded):
        """The orders the KPI's parameters select (not period, company,
        state): those of its order parameters, with a line of its line
        parameters."""
        domain = self.domain(kpi, "order", expanded)
        lines = self.line_domain(kpi, expanded)
        if lines:
            domain.append(("order_line", "any", lines))
        return domain

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------

    def ratio_scale(self, kpi):
        # the conversion rate in percent; the average order value as is
        return 100.0 if kpi.source_type == "sale_conversion" else 1.0

    def parts(self, kpi, scorecard, company, expanded):
        """What the KPI reads from the grouped queries, in the order
        :meth:`value` expects (averages and rates without orders or
        quotations have no value, which is not an error).

        :return: ``[(shape, spec)]``: ``shape`` a key of ``SALE_SHAPES``,
            ``spec`` a :class:`Grouped` spec, or a :class:`Filtered` one for
            counting orders that have a line of a product or category
        """
        by_lines = bool(self.line_domain(kpi, expanded))
        order_dims = self.leaves(kpi, "order", expanded)
        line_dims = self.leaves(kpi, "line", expanded)
        first = self.first_order(company)
        if by_lines:
            orders = self.order_domain(kpi, expanded)
            revenue = ("lines", Grouped("sum", LINE_REVENUE, line_dims))
            count = ("orders", Filtered("count", None, orders))
            new = ("orders", Filtered("count", None, orders, (first,)))
            confirmed = ("quotations", Filtered("count", None, orders + CONFIRMED))
            quotations = ("quotations", Filtered("count", None, orders))
        else:
            revenue = ("orders", Grouped("sum", ORDER_REVENUE, order_dims))
            count = ("orders", Grouped("count", None, order_dims))
            new = ("orders", Grouped("count", None, order_dims, ((first, (True,)),)))
            state = (("state", ("sale",)),)
            confirmed = ("quotations", Grouped("count", None, order_dims, state))
            quotations = ("quotations", Grouped("count", None, order_dims))
        return {
            "sale_revenue": [revenue],
            "sale_orders": [count],
            "sale_aov": [revenue, count],
            "sale_new_customers": [new],
            "sale_conversion": [confirmed, quotations],
            "sale_quantity": [("lines", Grouped("sum", LINE_QUANTITY, line_dims))],
        }[kpi.source_type]

    # ------------------------------------------------------------------
    # New customers: the one definition of a first order
    # ------------------------------------------------------------------

    def first_order(self, company):
        """A condition of the order query: the order is its customer's first
        confirmed one in ``company``; a ``(key, build)`` pair."""

        def build(model, query):
            return SQL(
                "%s IN %s",
                SQL.identifier(query.table, "id"),
                self.first_orders_sql(company),
            )

        return (f"first_order_{company.id}", build)

    def first_orders_sql(self, company):
        """Subquery: the first confirmed order of each customer in ``company``.

        A customer is the order partner's commercial partner (the company of
        a contact); first means earliest ``date_order``, then lowest id, among
        all confirmed orders of the company, whatever their date.

        One aggregate per customer, the least ``[date_order, id]`` pair
        (arrays compare element by element), found by hashing the customers
        rather than by sorting every order as ``DISTINCT ON`` would.
        """
        Order = self.env["sale.order"].sudo().with_context(active_test=False)
        query = Order._search(CONFIRMED + bsc_query.company_domain(Order, company))
        customer = bsc_query.path_sql(Order, query, "partner_id.commercial_partner_id")
        return SQL(
            "(SELECT (MIN(ARRAY[EXTRACT(EPOCH FROM %s), %s]))[2]::int "
            "FROM %s WHERE %s GROUP BY %s)",
            Order._field_to_sql(query.table, "date_order", query),
            SQL.identifier(query.table, "id"),
            query.from_clause,
            bsc_query.where_sql(query),
            customer,
        )

    # ------------------------------------------------------------------
    # Drill-down: exactly the orders (or lines) behind a value
    # ------------------------------------------------------------------

    def drilldown(self, kpi, period):
        expanded = self.expanded(kpi)
        if kpi.source_type == "sale_new_customers":
            Order = self.env["sale.order"].sudo()
            query = Order._search(self.orders_domain(kpi, period, expanded))
            query.add_where(self.first_order(self.company(kpi))[1](Order, query))
            ids = [row[0] for row in self.env.execute_query(query.select())]
            return self.sale_action(kpi, period, "sale.order", [("id", "in", ids)])
        if kpi.source_type == "sale_conversion":
            action = self.sale_action(
                kpi,
                period,
                "sale.order",
                self.orders_domain(kpi, period, expanded, "create_date"),
                list_view="sale.view_quotation_tree",
            )
            action["context"]["group_by"] = ["state"]
            return action
        if kpi.source_type == "sale_revenue":
            return self.revenue_action(kpi, period, expanded)
        lines = self.line_domain(kpi, expanded)
        if kpi.source_type == "sale_quantity":
            domain = [
                ("order_id", "any", self.orders_domain(kpi, period, expanded))
            ] + lines
            return self.sale_action(
                kpi,
                period,
                "sale.order.line",
                domain,
                list_view="sale.view_order_line_tree",
            )
        return self.sale_action(
            kpi, period, "sale.order", self.orders_domain(kpi, period, expanded)
        )

    def revenue_action(self, kpi, period, expanded):
        """The order lines behind a revenue, in Odoo's sales analysis
        (``sale.report``): their untaxed amounts in the company currency,
        summed at the foot of the list, add up to the value (an order's
        total, tax included, does not)."""
        Report = self.env["sale.report"]
        domain = (
            CONFIRMED
            + bsc_query.period_domain(
                Report, "date", period.date_start, period.date_end, kpi.scorecard_id.tz
            )
            + bsc_query.company_domain(Report, self.company(kpi))
            + self.domain(kpi, "order", expanded)
            + self.line_domain(kpi, expanded)
        )
        return self.sale_action(
            kpi,
            period,
            "sale.report",
            domain,
            list_view="bsc_sale_link.sale_report_view_list_revenue",
        )

    def orders_domain(self, kpi, period, expanded, date_fname="date_order"):
        """The orders a period's value counts, as a domain.

        Confirmed orders by order date; for ``create_date``, every quotation
        created in the period, whatever its state.
        """
        Order = self.env["sale.order"]
        return (
            (CONFIRMED if date_fname == "date_order" else [])
            + bsc_query.period_domain(
                Order,
                date_fname,
                period.date_start,
                period.date_end,
                kpi.scorecard_id.tz,
            )
            + bsc_query.company_domain(Order, self.company(kpi))
            + self.order_domain(kpi, expanded)
        )

    def sale_action(self, kpi, period, model, domain, list_view="sale.view_order_tree"):
        view = self.env.ref(list_view, raise_if_not_found=False)
        return self.records_action(
            kpi,
            period,
            model,
            domain,
            views=[(view.id if view else False, "list"), (False, "form")],
        )
