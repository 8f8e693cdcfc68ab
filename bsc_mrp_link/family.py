# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The manufacturing source family: KPIs computed from done manufacturing
orders, their finished moves and the work centres' time logs."""

from odoo import _
from odoo.tools import SQL

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, ShapedFamily, children_of
from odoo.addons.bsc_core.query import Grouped, Shape

MRP_SOURCE_TYPES = [
    ("mrp_done", "Manufacturing: orders done"),
    ("mrp_on_time", "Manufacturing: orders done on time"),
    ("mrp_lead_time", "Manufacturing: production lead time"),
    ("mrp_throughput", "Manufacturing: quantity produced"),
    ("mrp_loss_hours", "Manufacturing: work-centre losses (hours)"),
    ("mrp_scrap_rate", "Manufacturing: production scrap rate"),
]
MRP_TYPES = tuple(key for key, __ in MRP_SOURCE_TYPES)
SHAPE_OF = {
    "mrp_done": "productions",
    "mrp_on_time": "productions",
    "mrp_lead_time": "productions",
    "mrp_throughput": "finished",
    "mrp_loss_hours": "losses",
    "mrp_scrap_rate": "production_scraps",
}
MRP_SHAPES = {
    # done manufacturing orders, by the day they were marked done
    "productions": Shape("mrp.production", "date_finished", (("state", "=", "done"),)),
    # the moves of finished products (and by-products) of manufacturing
    # orders into stock, by the day they were done
    "finished": Shape(
        "stock.move",
        "date",
        (
            ("state", "=", "done"),
            ("production_id", "!=", False),
            ("location_dest_id.usage", "=", "internal"),
        ),
    ),
    # time logs of work centres that are losses, by their start
    "losses": Shape(
        "mrp.workcenter.productivity",
        "date_start",
        (("loss_type", "!=", "productive"),),
    ),
    # done scraps made from a manufacturing order, by the day they were done
    "production_scraps": Shape(
        "stock.scrap",
        "date_done",
        (("state", "=", "done"), ("production_id", "!=", False)),
    ),
}


def on_time(tz_name):
    """Condition on an order: marked done on or before the calendar day of
    its deadline, both read in ``tz_name``; false without a deadline."""

    def local_day(column):
        return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", column, tz_name)

    def build(model, query):
        field = model._field_to_sql
        return SQL(
            "(%s <= %s)",
            local_day(field(query.table, "date_finished", query)),
            local_day(field(query.table, "date_deadline", query)),
        )

    return (f"mrp_on_time@{tz_name}", build)


def _has_deadline_sql(model, query):
    return SQL(
        "(%s IS NOT NULL)", model._field_to_sql(query.table, "date_deadline", query)
    )


HAS_DEADLINE = ("has_deadline", _has_deadline_sql)


def _lead_days_sql(model, query):
    """Days from an order's start to its end."""
    field = model._field_to_sql
    return SQL(
        "EXTRACT(EPOCH FROM (%s - %s)) / 86400.0",
        field(query.table, "date_finished", query),
        field(query.table, "date_start", query),
    )


LEAD_DAYS = ("mrp_lead_days", _lead_days_sql)


def _loss_hours_sql(model, query):
    return SQL("%s / 60.0", model._field_to_sql(query.table, "duration", query))


LOSS_HOURS = ("loss_hours", _loss_hours_sql)


def _scrap_quantity_sql(model, query):
    """Quantity of a scrap in its product's unit of measure."""
    path = bsc_query.path_sql
    return SQL(
        "%s / %s * %s",
        model._field_to_sql(query.table, "scrap_qty", query),
        path(model, query, "product_uom_id.factor"),
        path(model, query, "product_id.product_tmpl_id.uom_id.factor"),
    )


SCRAP_QUANTITY = ("mrp_scrap_quantity", _scrap_quantity_sql)


def _scrap_of_product_made_sql(model, query):
    """A scrap of the product its manufacturing order makes (not of a
    component: their quantities are in other units)."""
    return SQL(
        "(%s = %s)",
        model._field_to_sql(query.table, "product_id", query),
        bsc_query.path_sql(model, query, "production_id.product_id"),
    )


SCRAP_OF_PRODUCT_MADE = ("mrp_scrap_of_product_made", _scrap_of_product_made_sql)
# a finished move of the product its order makes (not a by-product)
PRODUCT_MADE = ("mrp_product_made", _scrap_of_product_made_sql)


class MrpFamily(ShapedFamily):
    """Every manufacturing KPI of a scorecard and frequency is answered by
    at most one grouped-sets query per shape (``MRP_SHAPES``: done orders,
    finished moves, loss time logs), whatever the number of KPIs and
    periods."""

    shapes = MRP_SHAPES
    source_types = MRP_TYPES
    parameters = (
        Parameter(
            "mrp_warehouse_id",
            {
                "productions": "picking_type_id.warehouse_id",
                "finished": "production_id.picking_type_id.warehouse_id",
                "production_scraps": "production_id.picking_type_id.warehouse_id",
            },
            company_field="company_id",
        ),
        Parameter(
            "mrp_product_id",
            {
                "productions": "product_id",
                "finished": "product_id",
                "production_scraps": "product_id",
            },
            company_field="company_id",
        ),
        Parameter(
            "mrp_product_categ_id",
            {
                "productions": "product_id.product_tmpl_id.categ_id",
                "finished": "product_id.product_tmpl_id.categ_id",
                "production_scraps": "product_id.product_tmpl_id.categ_id",
            },
            expand=children_of,
        ),
        Parameter(
            "mrp_workcenter_id", {"losses": "workcenter_id"}, company_field="company_id"
        ),
        Parameter("mrp_loss_id", {"losses": "loss_id"}),
    )

    def counted(self):
        return _("manufacturing orders")

    def parameter_error(self, kpi):
        error = super().parameter_error(kpi)
        if error:
            return error
        shape = SHAPE_OF[kpi.source_type]
        if kpi.source_type == "mrp_throughput" and not (
            kpi.mrp_product_id or kpi.mrp_product_categ_id
        ):
            return _(
                "KPI '%(kpi)s': choose the product or the product category whose "
                "quantity produced it counts.",
                kpi=kpi.name,
            )
        unused = [
            parameter.field
            for parameter in self.parameters
            if kpi[parameter.field] and shape not in parameter.paths
        ]
        if unused:
            label = kpi._fields[unused[0]].get_description(kpi.env, ["string"])
            return _(
                "KPI '%(kpi)s': %(label)s does not apply to this source; leave "
                "it empty.",
                kpi=kpi.name,
                label=label["string"],
            )
        return False

    def ratio_scale(self, kpi):
        # the on-time share and the scrap rate in percent; lead times are
        # averages in days
        return 100.0 if kpi.source_type in ("mrp_on_time", "mrp_scrap_rate") else 1.0

    def parts(self, kpi, scorecard, company, expanded):
        if kpi.source_type == "mrp_scrap_rate":
            # scrapped over produced, both in the product's unit of measure
            return [
                (
                    "production_scraps",
                    Grouped(
                        "sum",
                        SCRAP_QUANTITY,
                        self.leaves(kpi, "production_scraps", expanded),
                        ((SCRAP_OF_PRODUCT_MADE, (True,)),),
                    ),
                ),
                (
                    "finished",
                    Grouped(
                        "sum",
                        "product_qty",
                        self.leaves(kpi, "finished", expanded),
                        ((PRODUCT_MADE, (True,)),),
                    ),
                ),
            ]
        shape = SHAPE_OF[kpi.source_type]
        return [(shape, spec) for spec in self.specs(kpi, scorecard.tz, expanded)]

    def specs(self, kpi, tz_name, expanded):
        dims = self.leaves(kpi, SHAPE_OF[kpi.source_type], expanded)
        if kpi.source_type == "mrp_on_time":
            return [
                Grouped("count", None, dims, ((on_time(tz_name), (True,)),)),
                Grouped("count", None, dims, ((HAS_DEADLINE, (True,)),)),
            ]
        if kpi.source_type == "mrp_lead_time":
            return [Grouped("sum", LEAD_DAYS, dims), Grouped("count", None, dims)]
        if kpi.source_type == "mrp_throughput":
            return [Grouped("sum", "product_qty", dims)]
        if kpi.source_type == "mrp_loss_hours":
            return [Grouped("sum", LOSS_HOURS, dims)]
        return [Grouped("count", None, dims)]

    def drilldown(self, kpi, period):
        """The orders, finished moves or time logs counted in the period;
        for the on-time rate, the orders with a deadline."""
        key = SHAPE_OF[kpi.source_type]
        shape = MRP_SHAPES[key]
        model = self.env[shape.model]
        domain = (
            list(shape.domain)
            + bsc_query.period_domain(
                model, shape.date, period.date_start, period.date_end,
                kpi.scorecard_id.tz,
            )
            + bsc_query.company_domain(model, kpi.company_id)
            + self.domain(kpi, key, self.expanded(kpi))
        )  # fmt: skip
        if kpi.source_type == "mrp_on_time":
            domain.append(("date_deadline", "!=", False))
        if kpi.source_type == "mrp_scrap_rate":
            # the scraps counted: those of the product the order makes
            scraps = (
                model.sudo()
                .search(domain)
                .filtered(
                    lambda scrap: scrap.product_id == scrap.production_id.product_id
                )
            )
            return self.records_action(
                kpi, period, shape.model, [("id", "in", scraps.ids)]
            )
        if kpi.source_type == "mrp_throughput":
            # the quantity in the product's unit, summed at the foot: the
            # value (an order's quantity is in the order's unit)
            view = self.env.ref("bsc_mrp_link.stock_move_view_list_produced")
            return self.records_action(
                kpi, period, shape.model, domain,
                views=[(view.id, "list"), (False, "form")],
            )  # fmt: skip
        if kpi.source_type == "mrp_loss_hours":
            # a pivot whose total is the hours logged, the value (the time
            # logs' own list sums minutes)
            return self.records_action(
                kpi, period, shape.model, domain,
                views=[(False, "pivot"), (False, "list"), (False, "form")],
                context={
                    "create": False,
                    "pivot_measures": ["bsc_duration_hours"],
                    "pivot_row_groupby": ["workcenter_id"],
                    "pivot_column_groupby": [],
                },
            )  # fmt: skip
        return self.records_action(kpi, period, shape.model, domain)
