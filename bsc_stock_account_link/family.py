# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The inventory valuation source family: KPIs computed from the stock
valuation layers (``stock.valuation.layer``), each past period with the
value the valuation history gives it."""

from collections import defaultdict

from odoo import _
from odoo.tools import SQL

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import Parameter, SourceFamily, children_of
from odoo.addons.bsc_stock_link import stockouts

VALUATION_SOURCE_TYPES = [
    ("stock_inventory_value", "Inventory: inventory value at period end"),
    ("stock_turnover", "Inventory: inventory turnover"),
    ("stock_scrap_value", "Inventory: scrapped value"),
]
VALUATION_TYPES = tuple(key for key, __ in VALUATION_SOURCE_TYPES)


def valuation_sql(company, instants):
    """One query for every valuation KPI of a company and every period: per
    period bucket (see :func:`~odoo.addons.bsc_stock_link.stockouts.bounds`;
    bucket 0 holds every layer before the first period), product and
    category, the value of all layers, of the layers of moves to or from a
    customer location and of the layers of scrap moves."""
    return SQL(
        """
        SELECT width_bucket(layer.create_date, %(bounds)s::timestamp[]),
               layer.product_id, layer.categ_id,
               SUM(layer.value),
               SUM(layer.value) FILTER (
                   WHERE target.usage = 'customer' OR source.usage = 'customer'
               ),
               SUM(layer.value) FILTER (WHERE move.scrap_id IS NOT NULL)
          FROM stock_valuation_layer AS layer
          LEFT JOIN stock_move AS move ON move.id = layer.stock_move_id
          LEFT JOIN stock_location AS source ON source.id = move.location_id
          LEFT JOIN stock_location AS target ON target.id = move.location_dest_id
         WHERE layer.company_id = %(company)s AND layer.create_date < %(stop)s
         GROUP BY 1, 2, 3
        """,
        bounds=instants,
        company=company.id,
        stop=instants[-1],
    )


class StockValuationFamily(SourceFamily):
    """Inventory value at period end, inventory turnover and scrapped value.

    Every valuation KPI of a scorecard, frequency and company is answered by
    one query (:func:`valuation_sql`), whatever the number of KPIs and
    periods: the layers' values summed by period bucket and product, from
    which each KPI adds up the buckets it needs (all those up to the end of
    a period for a value at a date, those of the period for a flow).
    """

    source_types = VALUATION_TYPES
    parameters = (
        Parameter(
            "stock_product_id", {"layers": "product_id"}, company_field="company_id"
        ),
        Parameter("stock_product_categ_id", {"layers": "categ_id"}, expand=children_of),
    )

    def counted(self):
        return _("valuation layers")

    def parameter_error(self, kpi):
        error = super().parameter_error(kpi)
        if error:
            return error
        if kpi.stock_warehouse_id or kpi.stock_picking_type_id or kpi.stock_partner_id:
            return _(
                "KPI '%(kpi)s': the inventory valuation is kept per company, not "
                "per warehouse, operation type or partner; leave them empty and "
                "narrow the KPI to a product or a product category if needed.",
                kpi=kpi.name,
            )
        return False

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------

    def compute(self, kpis, periods):
        result = {}
        expanded = self.expanded(kpis)
        for (scorecard, frequency, company), group in kpis.grouped(
            lambda kpi: (kpi.scorecard_id, kpi.frequency, self.company(kpi))
        ).items():
            wanted = periods.filtered(
                lambda p, s=scorecard, f=frequency: (
                    (p.scorecard_id, p.frequency) == (s, f)
                )
            )
            if not wanted:
                continue
            figures = self.figures(group, scorecard, company, wanted, expanded)
            for kpi in group:
                for period in wanted:
                    result[(kpi.id, period.id)] = (
                        self.value(kpi, figures[(kpi.id, period.id)]),
                        False,
                    )
        return result

    def figures(self, kpis, scorecard, company, periods, expanded):
        """``{(kpi id, period id): {"start", "end", "delivered",
        "scrapped"}}``: the inventory value at the period's start and end,
        the value delivered to customers (net of their returns) and the
        value scrapped in the period, all in the company's currency."""
        instants, index = stockouts.bounds(periods, scorecard.tz)
        self.env["stock.valuation.layer"].flush_model()
        self.env["stock.move"].flush_model(["scrap_id", "location_id"])
        rows = self.env.execute_query(valuation_sql(company, instants))
        result = {}
        for kpi in kpis:
            selection = dict(self.leaves(kpi, "layers", expanded))
            products = selection.get("product_id")
            categories = selection.get("categ_id")
            buckets = defaultdict(lambda: [0.0, 0.0, 0.0])
            for bucket, product, categ, value, delivered, scrapped in rows:
                if products is not None and product not in products:
                    continue
                if categories is not None and categ not in categories:
                    continue
                total = buckets[bucket]
                total[0] += value or 0.0
                total[1] += delivered or 0.0
                total[2] += scrapped or 0.0
            for period in periods:
                start, end = index[period.id]
                result[(kpi.id, period.id)] = {
                    "start": sum(t[0] for b, t in buckets.items() if b <= start),
                    "end": sum(t[0] for b, t in buckets.items() if b <= end),
                    "delivered": -sum(
                        t[1] for b, t in buckets.items() if start < b <= end
                    ),
                    "scrapped": -sum(
                        t[2] for b, t in buckets.items() if start < b <= end
                    ),
                }
        return result

    def value(self, kpi, figures):
        """The KPI's value from :meth:`figures`; the turnover has no value
        when the average inventory value is zero or less."""
        if kpi.source_type == "stock_inventory_value":
            return figures["end"]
        if kpi.source_type == "stock_scrap_value":
            return figures["scrapped"]
        average = (figures["start"] + figures["end"]) / 2
        if average <= 0:
            return None
        return figures["delivered"] / average

    # ------------------------------------------------------------------
    # Drill-down: exactly the layers behind a value
    # ------------------------------------------------------------------

    def drilldown(self, kpi, period):
        """The layers summed: up to the period's end for the inventory
        value; for the scrapped value, the scrap moves' layers of the
        period; for the turnover, its numerator, the layers of the moves
        to or from customers of the period. Each list sums the value the
        KPI reads."""
        Layer = self.env["stock.valuation.layer"]
        start, stop = bsc_query.period_bounds(
            Layer._fields["create_date"],
            period.date_start,
            period.date_end,
            kpi.scorecard_id.tz,
        )
        domain = [("company_id", "=", self.company(kpi).id)] + self.domain(
            kpi, "layers", self.expanded(kpi)
        )
        domain.append(("create_date", "<", stop))
        if kpi.source_type == "stock_inventory_value":
            view = "bsc_stock_account_link.stock_valuation_layer_view_list_value"
        else:
            domain.append(("create_date", ">=", start))
            view = "bsc_stock_account_link.stock_valuation_layer_view_list_out"
            if kpi.source_type == "stock_scrap_value":
                domain.append(("stock_move_id.scrap_id", "!=", False))
            else:
                domain += [
                    "|",
                    ("stock_move_id.location_dest_id.usage", "=", "customer"),
                    ("stock_move_id.location_id.usage", "=", "customer"),
                ]
        return self.records_action(
            kpi,
            period,
            "stock.valuation.layer",
            domain,
            views=[(self.env.ref(view).id, "list"), (False, "form")],
        )
