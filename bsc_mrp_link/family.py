# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The manufacturing source family: KPIs computed from done manufacturing
orders, their finished moves and the work centres' time logs."""

from collections import defaultdict

from odoo import _
from odoo.tools import SQL

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, SourceFamily
from odoo.addons.bsc_core.query import Grouped, Shape

MRP_SOURCE_TYPES = [
    ("mrp_done", "Manufacturing: orders done"),
    ("mrp_on_time", "Manufacturing: orders done on time"),
    ("mrp_lead_time", "Manufacturing: production lead time"),
    ("mrp_throughput", "Manufacturing: quantity produced"),
    ("mrp_loss_hours", "Manufacturing: work-centre losses (hours)"),
]
MRP_TYPES = tuple(key for key, __ in MRP_SOURCE_TYPES)
SHAPE_OF = {
    "mrp_done": "productions",
    "mrp_on_time": "productions",
    "mrp_lead_time": "productions",
    "mrp_throughput": "finished",
    "mrp_loss_hours": "losses",
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
}


def _category_children(categories):
    """``{category id: ids of it and its subcategories}``, in one query."""
    rows = (
        categories.env["product.category"]
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


class MrpFamily(SourceFamily):
    """Every manufacturing KPI of a scorecard and frequency is answered by
    at most one grouped-sets query per shape (``MRP_SHAPES``: done orders,
    finished moves, loss time logs), whatever the number of KPIs and
    periods."""

    source_types = MRP_TYPES
    parameters = (
        Parameter(
            "mrp_warehouse_id",
            {
                "productions": "picking_type_id.warehouse_id",
                "finished": "production_id.picking_type_id.warehouse_id",
            },
            company_field="company_id",
        ),
        Parameter(
            "mrp_product_id",
            {"productions": "product_id", "finished": "product_id"},
            company_field="company_id",
        ),
        Parameter(
            "mrp_product_categ_id",
            {
                "productions": "product_id.product_tmpl_id.categ_id",
                "finished": "product_id.product_tmpl_id.categ_id",
            },
            expand=_category_children,
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

    def compute(self, kpis, periods):
        """One query per (scorecard, frequency, shape) used, plus one reading
        the product categories, whatever the number of periods and KPIs."""
        result = {}
        groups = defaultdict(lambda: kpis.browse())
        for kpi in kpis:
            groups[(kpi.scorecard_id, kpi.frequency)] |= kpi
        expanded = self.expanded(kpis)
        for (scorecard, frequency), group in groups.items():
            wanted = periods.filtered(
                lambda p, s=scorecard, f=frequency: (
                    p.scorecard_id == s and p.frequency == f
                )
            )
            if wanted:
                result.update(self.group_values(group, scorecard, wanted, expanded))
        return result

    def group_values(self, kpis, scorecard, periods, expanded):
        """Values of KPIs sharing a scorecard and a frequency."""
        parts = {kpi: self.parts(kpi, scorecard.tz, expanded) for kpi in kpis}
        by_shape = defaultdict(list)
        for kpi, kpi_parts in parts.items():
            for position, spec in enumerate(kpi_parts):
                by_shape[SHAPE_OF[kpi.source_type]].append((kpi, position, spec))
        raw = defaultdict(dict)
        for shape, batch in by_shape.items():
            rows = bsc_query.grouped_sets(
                self.env,
                MRP_SHAPES[shape],
                periods,
                scorecard.company_id,
                scorecard.tz,
                [spec for __, __, spec in batch],
            )
            for period in periods:
                row = rows.get(period.id) or (None,) * len(batch)
                for (kpi, position, __), value in zip(batch, row, strict=True):
                    raw[(kpi.id, period.id)][position] = value
        result = {}
        for kpi, kpi_parts in parts.items():
            for period in periods:
                found = raw[(kpi.id, period.id)]
                result[(kpi.id, period.id)] = self.value(
                    kpi, [found.get(position) for position in range(len(kpi_parts))]
                )
        return result

    def value(self, kpi, raw):
        """``(value, error)`` from the parts; a rate or an average without
        orders has no value."""
        if len(raw) == 2:
            numerator, denominator = raw
            if not denominator:
                return None, False
            scale = 100.0 if kpi.source_type == "mrp_on_time" else 1.0
            return float(numerator or 0) / float(denominator) * scale, False
        return float(raw[0] or 0), False

    def parts(self, kpi, tz_name, expanded):
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
        return self.records_action(kpi, period, shape.model, domain)
