# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from functools import partial

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.bsc_core.models.bsc_source import Grouped

SALE_SOURCE_TYPES = [
    ("sale_revenue", "Sales: revenue"),
    ("sale_orders", "Sales: confirmed orders"),
    ("sale_aov", "Sales: average order value"),
    ("sale_new_customers", "Sales: new customers"),
    ("sale_conversion", "Sales: quotation conversion rate"),
    ("sale_quantity", "Sales: quantity sold"),
]
SALE_TYPES = tuple(key for key, __ in SALE_SOURCE_TYPES)
# Read quotations by creation date, whatever their state; the other sales
# sources read confirmed orders by order date.
QUOTATION_TYPES = ("sale_conversion",)
SALE_PARAMETER_FIELDS = (
    "sale_company_id",
    "sale_team_id",
    "sale_user_id",
    "sale_product_categ_id",
    "sale_product_id",
    "sale_country_id",
)
# Odoo 18 has a single confirmed state; locked orders are still 'sale'.
CONFIRMED = [("state", "=", "sale")]
# The grouped queries sales KPIs share: (model, date, rows they all read).
# Confirmed orders by order date; quotations (any state) by creation date;
# lines of confirmed orders by their order's date. A line's state is its
# order's (a stored related field).
SALE_SHAPES = {
    "orders": ("sale.order", "date_order", CONFIRMED),
    "quotations": ("sale.order", "create_date", []),
    "lines": ("sale.order.line", "order_id.date_order", CONFIRMED),
}
# Parameters as dimensions of the order and line queries: field paths
SALE_DIMENSIONS = {
    "sale_team_id": ("team_id", "order_id.team_id"),
    "sale_user_id": ("user_id", "order_id.user_id"),
    "sale_country_id": ("partner_id.country_id", "order_id.partner_id.country_id"),
    "sale_product_id": (None, "product_id"),
    "sale_product_categ_id": (None, "product_id.product_tmpl_id.categ_id"),
}


class BscKpi(models.Model):
    """KPIs computed from sale orders.

    Every sales KPI of a scorecard and frequency is answered by at most three
    grouped queries (``bsc.source._bsc_grouped_sets_query``, see
    ``SALE_SHAPES``): confirmed orders by order date, quotations by creation
    date, lines of confirmed orders for product and category parameters. A
    KPI's parameters are dimensions of those queries' ``GROUPING SETS``, so
    their cost depends on the combinations of parameters used, not on the
    number of KPIs. Counting orders that have a line of a product is the one
    case left to an ``AGG(...) FILTER (WHERE ...)`` column
    (``bsc.source._bsc_grouped_query``).
    """

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=SALE_SOURCE_TYPES,
        ondelete=dict.fromkeys(SALE_TYPES, "set default"),
    )
    is_sale_source = fields.Boolean(compute="_compute_is_sale_source")

    # Parameters of the sales sources, all optional and combinable
    sale_company_id = fields.Many2one(
        "res.company",
        string="Sales Company",
        domain="[('id', 'child_of', company_id)]",
        help="Whose orders count: the scorecard's company (when empty) or one "
        "of its branches.",
    )
    sale_team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        domain="[('company_id', 'in', [False, sale_company_id or company_id])]",
        help="Only orders of this sales team.",
    )
    sale_user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        domain="[('share', '=', False), "
        "('company_ids', 'in', [sale_company_id or company_id])]",
        help="Only orders of this salesperson.",
    )
    sale_product_categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        help="Only orders with a line of a product of this category or of its "
        "subcategories. Revenue and quantity then count those lines only.",
    )
    sale_product_id = fields.Many2one(
        "product.product",
        string="Product",
        domain="[('company_id', 'in', [False, sale_company_id or company_id])]",
        help="Only orders with a line of this product. Revenue and quantity "
        "then count those lines only.",
    )
    sale_country_id = fields.Many2one(
        "res.country",
        string="Customer Country",
        help="Only orders whose customer (the order's partner) is in this country.",
    )

    @api.depends("source_type")
    def _compute_is_sale_source(self):
        for kpi in self:
            kpi.is_sale_source = kpi.source_type in SALE_TYPES

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("source_type", "objective_id", *SALE_PARAMETER_FIELDS)
    def _check_sale_parameters(self):
        for kpi in self.filtered("is_sale_source"):
            error = kpi._bsc_sale_parameter_error()
            if error:
                raise ValidationError(error)

    def _bsc_sale_parameter_error(self):
        """Why this KPI's parameters cannot be computed, or False.

        A team, salesperson or product must belong to the company whose
        orders are counted; that company is the scorecard's or a branch of it.
        """
        self.ensure_one()
        kpi = self.sudo()
        company = kpi.company_id
        sale_company = kpi._bsc_sale_company()
        if kpi.sale_company_id and company not in kpi.sale_company_id.parent_ids:
            return _(
                "KPI '%(kpi)s': %(other)s is neither the scorecard's company "
                "%(company)s nor one of its branches. Choose one of these as Sales "
                "Company, or leave it empty to count the orders of %(company)s.",
                kpi=kpi.name,
                other=kpi.sale_company_id.name,
                company=company.name,
            )
        team_company = kpi.sale_team_id.company_id
        if team_company and team_company != sale_company:
            return _(
                "KPI '%(kpi)s': the sales team '%(team)s' belongs to %(other)s, but "
                "the KPI counts the orders of %(company)s. Choose a team of "
                "%(company)s, or leave Sales Team empty.",
                kpi=kpi.name,
                team=kpi.sale_team_id.name,
                other=team_company.name,
                company=sale_company.name,
            )
        if kpi.sale_user_id and sale_company not in kpi.sale_user_id.company_ids:
            return _(
                "KPI '%(kpi)s': the salesperson '%(user)s' does not work for "
                "%(company)s, whose orders the KPI counts. Choose a salesperson of "
                "%(company)s, or leave Salesperson empty.",
                kpi=kpi.name,
                user=kpi.sale_user_id.name,
                company=sale_company.name,
            )
        product_company = kpi.sale_product_id.company_id
        if product_company and product_company != sale_company:
            return _(
                "KPI '%(kpi)s': the product '%(product)s' belongs to %(other)s, but "
                "the KPI counts the orders of %(company)s. Choose a product of "
                "%(company)s or a shared one, or leave Product empty.",
                kpi=kpi.name,
                product=kpi.sale_product_id.display_name,
                other=product_company.name,
                company=sale_company.name,
            )
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
    # Values: one method per source type; all share one batched computation
    # ------------------------------------------------------------------

    def _bsc_source_values(self, periods):
        # Sales KPIs of different types share their grouped queries, so they
        # are computed together rather than one source type at a time.
        sale_kpis = self.filtered("is_sale_source")
        result = super(BscKpi, self - sale_kpis)._bsc_source_values(periods)
        result.update(sale_kpis._bsc_sale_values(periods))
        return result

    # The per-type entry points of the core's dispatch; the override above
    # sends every sales KPI through one batched computation instead.

    def _bsc_source_values_sale_revenue(self, periods):
        return self._bsc_sale_values(periods)

    def _bsc_source_values_sale_orders(self, periods):
        return self._bsc_sale_values(periods)

    def _bsc_source_values_sale_aov(self, periods):
        return self._bsc_sale_values(periods)

    def _bsc_source_values_sale_new_customers(self, periods):
        return self._bsc_sale_values(periods)

    def _bsc_source_values_sale_conversion(self, periods):
        return self._bsc_sale_values(periods)

    def _bsc_source_values_sale_quantity(self, periods):
        return self._bsc_sale_values(periods)

    def _bsc_sale_values(self, periods):
        """Values of the sales KPIs in ``self`` for ``periods``.

        :param periods: ``bsc.period`` records; each KPI uses those of its
            scorecard and frequency
        :return: ``{(kpi_id, period_id): (value or None, error text or False)}``

        At most two queries per (scorecard, frequency, sales company),
        whatever the number of periods and KPIs.
        """
        result = {}
        groups = defaultdict(lambda: self.browse())
        for kpi in self:
            groups[(kpi.scorecard_id, kpi.frequency, kpi._bsc_sale_company())] |= kpi
        for (scorecard, frequency, company), kpis in groups.items():
            wanted = periods.filtered(
                lambda p, s=scorecard, f=frequency: (
                    p.scorecard_id == s and p.frequency == f
                )
            )
            if wanted:
                result.update(kpis._bsc_sale_group_values(scorecard, company, wanted))
        return result

    def _bsc_sale_group_values(self, scorecard, company, periods):
        """Values of KPIs sharing a scorecard, a frequency and a sales company."""
        result = {}
        valid = self.browse()
        for kpi in self:
            error = kpi._bsc_sale_parameter_error()
            if error:
                result.update(
                    {(kpi.id, period.id): (None, error) for period in periods}
                )
            else:
                valid |= kpi
        children = self._bsc_sale_category_children(valid.sale_product_categ_id)
        parts = {kpi: kpi._bsc_sale_parts(company, children) for kpi in valid}
        by_shape = defaultdict(list)
        for kpi, kpi_parts in parts.items():
            for position, (shape, part) in enumerate(kpi_parts):
                by_shape[shape].append((kpi, position, part))
        Source = self.env["bsc.source"]
        raw = defaultdict(dict)  # (kpi id, period id) -> {position: result}
        for shape, entries in by_shape.items():
            model_name, date_path, domain = SALE_SHAPES[shape]
            grouped = [entry for entry in entries if isinstance(entry[2], Grouped)]
            filtered = [entry for entry in entries if entry not in grouped]
            for run, batch in (
                (Source._bsc_grouped_sets_query, grouped),
                (Source._bsc_grouped_query, filtered),
            ):
                if not batch:
                    continue
                rows = run(
                    model_name,
                    date_path,
                    periods,
                    company,
                    scorecard.tz,
                    [part for __, __, part in batch],
                    domain,
                )
                for period in periods:
                    row = rows.get(period.id) or (None,) * len(batch)
                    for (kpi, position, __), value in zip(batch, row, strict=True):
                        raw[(kpi.id, period.id)][position] = value
        for kpi, kpi_parts in parts.items():
            for period in periods:
                found = raw[(kpi.id, period.id)]
                result[(kpi.id, period.id)] = kpi._bsc_sale_value(
                    [found.get(position) for position in range(len(kpi_parts))]
                )
        return result

    def _bsc_sale_value(self, raw):
        """This KPI's ``(value, error)`` from its columns' results in one period.

        Averages and rates without orders or quotations have no value, which
        is not an error: there was nothing to measure.
        """
        self.ensure_one()
        if self.source_type in ("sale_aov", "sale_conversion"):
            numerator, denominator = raw
            if not denominator:
                return None, False
            scale = 100.0 if self.source_type == "sale_conversion" else 1.0
            return float(numerator or 0) / float(denominator) * scale, False
        return float(raw[0] or 0), False

    # ------------------------------------------------------------------
    # SQL: aggregate columns for bsc.source._bsc_grouped_query
    # ------------------------------------------------------------------

    def _bsc_sale_company(self):
        """The company whose orders count: the chosen branch or the scorecard's."""
        self.ensure_one()
        return self.sale_company_id or self.company_id

    def _bsc_sale_parts(self, company, children):
        """What this KPI reads from the grouped queries, in the order
        :meth:`_bsc_sale_value` expects.

        :param children: ``{category id: its and its subcategories' ids}``
        :return: ``[(shape, part)]``: ``shape`` a key of ``SALE_SHAPES``,
            ``part`` a :class:`Grouped` spec, or a filter column
            ``(model, query) -> SQL`` for counting orders that have a line of
            a product or category
        """
        self.ensure_one()
        by_lines = bool(self._bsc_sale_line_domain())
        order_dims = self._bsc_sale_dims(0, children)
        line_dims = self._bsc_sale_dims(1, children)
        if by_lines:
            revenue = ("lines", Grouped("sum", LINE_REVENUE, line_dims))
            count = ("orders", self._bsc_sale_count_column)
        else:
            revenue = ("orders", Grouped("sum", ORDER_REVENUE, order_dims))
            count = ("orders", Grouped("count", None, order_dims))
        if self.source_type == "sale_new_customers":
            if by_lines:
                return [
                    ("orders", partial(self._bsc_sale_new_customers_column, company))
                ]
            first = (
                (f"first_order_{company.id}", partial(_first_order_sql, self, company)),
                (True,),
            )
            return [("orders", Grouped("count", None, order_dims, (first,)))]
        if self.source_type == "sale_conversion":
            if by_lines:
                return [
                    ("quotations", self._bsc_sale_confirmed_column),
                    ("quotations", self._bsc_sale_count_column),
                ]
            confirmed = (("state", ("sale",)),)
            return [
                ("quotations", Grouped("count", None, order_dims, confirmed)),
                ("quotations", Grouped("count", None, order_dims)),
            ]
        return {
            "sale_revenue": [revenue],
            "sale_orders": [count],
            "sale_aov": [revenue, count],
            "sale_quantity": [("lines", Grouped("sum", LINE_QUANTITY, line_dims))],
        }[self.source_type]

    def _bsc_sale_dims(self, level, children):
        """The KPI's parameters as ``Grouped`` dimensions of the order
        (``level`` 0) or line (1) query."""
        dims = []
        for fname, paths in SALE_DIMENSIONS.items():
            record = self[fname]
            if not record or not paths[level]:
                continue
            values = (record.id,)
            if fname == "sale_product_categ_id":
                values = children[record.id]
            dims.append((paths[level], values))
        return tuple(dims)

    @api.model
    def _bsc_sale_category_children(self, categories):
        """``{category id: ids of it and its subcategories}``, in one query."""
        if not categories:
            return {}
        rows = (
            self.env["product.category"]
            .sudo()
            .search_read([("id", "child_of", categories.ids)], ["parent_path"])
        )
        paths = {category.id: category.sudo().parent_path for category in categories}
        return {
            category_id: tuple(
                sorted(row["id"] for row in rows if row["parent_path"].startswith(path))
            )
            for category_id, path in paths.items()
        }

    def _bsc_sale_count_column(self, model, query):
        return self._bsc_sale_filter(SQL("COUNT(*)"), model, query)

    def _bsc_sale_confirmed_column(self, model, query):
        state = model._field_to_sql(query.table, "state", query)
        return self._bsc_sale_filter(
            SQL("COUNT(*)"), model, query, SQL("%s = %s", state, "sale")
        )

    def _bsc_sale_new_customers_column(self, company, model, query):
        first = SQL(
            "%s IN %s",
            SQL.identifier(query.table, "id"),
            self._bsc_sale_first_orders_sql(company),
        )
        return self._bsc_sale_filter(SQL("COUNT(*)"), model, query, first)

    def _bsc_sale_filter(self, aggregate, model, query, extra=None):
        """``aggregate FILTER (WHERE <the KPI's parameters> [AND extra])``."""
        conditions = [
            condition
            for condition in (
                self._bsc_sale_condition(model, query, self._bsc_sale_order_domain()),
                extra,
            )
            if condition is not None
        ]
        if not conditions:
            return aggregate
        return SQL("%s FILTER (WHERE %s)", aggregate, SQL(" AND ").join(conditions))

    @api.model
    def _bsc_sale_condition(self, model, query, domain):
        """``domain`` as SQL in ``query``; archived customers and products still
        count: their orders happened."""
        return self.env["bsc.source"]._bsc_domain_condition(
            model.with_context(active_test=False), query, domain
        )

    def _bsc_sale_order_domain(self):
        """The orders this KPI's parameters select (not period, company, state)."""
        self.ensure_one()
        domain = []
        if self.sale_team_id:
            domain.append(("team_id", "=", self.sale_team_id.id))
        if self.sale_user_id:
            domain.append(("user_id", "=", self.sale_user_id.id))
        if self.sale_country_id:
            domain.append(("partner_id.country_id", "=", self.sale_country_id.id))
        line_domain = self._bsc_sale_line_domain()
        if line_domain:
            domain.append(("order_line", "any", line_domain))
        return domain

    def _bsc_sale_line_domain(self):
        """The order lines a product or product category parameter selects."""
        self.ensure_one()
        domain = []
        if self.sale_product_id:
            domain.append(("product_id", "=", self.sale_product_id.id))
        if self.sale_product_categ_id:
            domain.append(
                ("product_id.categ_id", "child_of", self.sale_product_categ_id.id)
            )
        return domain

    @api.model
    def _bsc_sale_first_orders_sql(self, company):
        """Subquery: the first confirmed order of each customer in ``company``.

        A customer is the order partner's commercial partner (the company of
        a contact); first means earliest ``date_order``, then lowest id, among
        all confirmed orders of the company, whatever their date.
        """
        Order = self.env["sale.order"].sudo().with_context(active_test=False)
        query = Order._search(
            CONFIRMED + self.env["bsc.source"]._bsc_company_domain(Order, company)
        )
        order = query.table
        customer = self.env["bsc.source"]._bsc_path_sql(
            Order, query, "partner_id.commercial_partner_id"
        )
        order_id = SQL.identifier(order, "id")
        return SQL(
            "(SELECT DISTINCT ON (%s) %s FROM %s WHERE %s ORDER BY %s, %s, %s)",
            customer,
            order_id,
            query.from_clause,
            query.where_clause,
            customer,
            Order._field_to_sql(order, "date_order", query),
            order_id,
        )

    # ------------------------------------------------------------------
    # Drill-down: exactly the orders (or lines) behind a value
    # ------------------------------------------------------------------

    def _bsc_drilldown_sale_revenue(self, period):
        if self._bsc_sale_line_domain():
            return self._bsc_sale_lines_action(period)
        return self._bsc_sale_orders_action(period)

    def _bsc_drilldown_sale_orders(self, period):
        return self._bsc_sale_orders_action(period)

    def _bsc_drilldown_sale_aov(self, period):
        return self._bsc_sale_orders_action(period)

    def _bsc_drilldown_sale_new_customers(self, period):
        Order = self.env["sale.order"].sudo()
        query = Order._search(self._bsc_sale_orders_domain(period))
        query.add_where(
            SQL(
                "%s IN %s",
                SQL.identifier(query.table, "id"),
                self._bsc_sale_first_orders_sql(self._bsc_sale_company()),
            )
        )
        ids = [row[0] for row in self.env.execute_query(query.select())]
        return self._bsc_sale_action(period, "sale.order", [("id", "in", ids)])

    def _bsc_drilldown_sale_conversion(self, period):
        action = self._bsc_sale_action(
            period,
            "sale.order",
            self._bsc_sale_orders_domain(period, "create_date"),
            list_view="sale.view_quotation_tree",
        )
        action["context"]["group_by"] = ["state"]
        return action

    def _bsc_drilldown_sale_quantity(self, period):
        return self._bsc_sale_lines_action(period)

    def _bsc_sale_orders_domain(self, period, date_fname="date_order"):
        """The orders a period's value counts, as a domain.

        Confirmed orders by order date; for ``create_date``, every quotation
        created in the period, whatever its state.
        """
        self.ensure_one()
        Source = self.env["bsc.source"]
        Order = self.env["sale.order"]
        return (
            (CONFIRMED if date_fname == "date_order" else [])
            + Source._bsc_period_domain(
                Order,
                date_fname,
                period.date_start,
                period.date_end,
                self.scorecard_id.tz,
            )
            + Source._bsc_company_domain(Order, self._bsc_sale_company())
            + self._bsc_sale_order_domain()
        )

    def _bsc_sale_orders_action(self, period):
        return self._bsc_sale_action(
            period, "sale.order", self._bsc_sale_orders_domain(period)
        )

    def _bsc_sale_lines_action(self, period):
        domain = [
            ("order_id", "any", self._bsc_sale_orders_domain(period))
        ] + self._bsc_sale_line_domain()
        return self._bsc_sale_action(
            period, "sale.order.line", domain, list_view="sale.view_order_line_tree"
        )

    def _bsc_sale_action(self, period, model, domain, list_view="sale.view_order_tree"):
        self.ensure_one()
        view = self.env.ref(list_view, raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": f"{self.name} · {period.name}",
            "res_model": model,
            "views": [(view.id if view else False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False},
        }


def _rate_sql(model, query, path):
    """``currency_rate`` of the order (at ``path``): from the company
    currency to the order's, at the order date; 0 or empty counts as 1."""
    return SQL(
        "COALESCE(NULLIF(%s, 0), 1)",
        model.env["bsc.source"]._bsc_path_sql(model, query, path),
    )


def _order_revenue_sql(model, query):
    """Untaxed amount of an order in the company currency, as Odoo's sales
    analysis computes it."""
    return SQL(
        "%s / %s",
        model._field_to_sql(query.table, "amount_untaxed", query),
        _rate_sql(model, query, "currency_rate"),
    )


def _line_revenue_sql(model, query):
    """Untaxed amount of an order line in the company currency."""
    return SQL(
        "%s / %s",
        model._field_to_sql(query.table, "price_subtotal", query),
        _rate_sql(model, query, "order_id.currency_rate"),
    )


def _line_quantity_sql(model, query):
    """Quantity of an order line in its product's unit of measure, converted
    from the line's as the sales analysis does."""
    path = model.env["bsc.source"]._bsc_path_sql
    return SQL(
        "%s / %s * %s",
        model._field_to_sql(query.table, "product_uom_qty", query),
        path(model, query, "product_uom.factor"),
        path(model, query, "product_id.product_tmpl_id.uom_id.factor"),
    )


def _first_order_sql(kpi, company, model, query):
    """Whether an order is its customer's first confirmed one in ``company``."""
    return SQL(
        "%s IN %s",
        SQL.identifier(query.table, "id"),
        kpi._bsc_sale_first_orders_sql(company),
    )


ORDER_REVENUE = ("order_revenue", _order_revenue_sql)
LINE_REVENUE = ("line_revenue", _line_revenue_sql)
LINE_QUANTITY = ("line_quantity", _line_quantity_sql)
