# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The open pipeline: a period-end snapshot of the quotations not yet
confirmed (``bsc_core.families.SnapshotFamily``)."""

from odoo import _

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_core.families import SnapshotFamily

from .family import SaleFamily

PIPELINE_SOURCE_TYPES = [("sale_pipeline", "Sales: open pipeline (snapshot)")]
PIPELINE_TYPES = tuple(key for key, __ in PIPELINE_SOURCE_TYPES)
# Quotations not yet confirmed nor cancelled
OPEN_QUOTATIONS = [("state", "in", ("draft", "sent"))]


class SalePipelineFamily(SnapshotFamily):
    """The untaxed amount of the open quotations, in the scorecard
    company's currency at the snapshot's rate, as they stand when a period
    ends. The sales parameters select them as they select orders (a product
    or a category: the quotations with such a line, counted whole)."""

    source_types = PIPELINE_TYPES
    company_field = SaleFamily.company_field
    parameters = SaleFamily.parameters
    line_domain = SaleFamily.line_domain
    order_domain = SaleFamily.order_domain

    def counted(self):
        return _("quotations")

    def quotations_domain(self, kpi, expanded):
        """The open quotations ``kpi`` counts, as a domain."""
        Order = self.env["sale.order"]
        return (
            OPEN_QUOTATIONS
            + bsc_query.company_domain(Order, self.company(kpi))
            + self.order_domain(kpi, expanded)
        )

    def snapshot_values(self, kpis, moment):
        Order = self.env["sale.order"].sudo()
        kpis = kpis.sudo()
        expanded = self.expanded(kpis)
        result = {}
        for kpi in kpis:
            error = self.parameter_error(kpi)
            if error:
                result[kpi.id] = (None, error)
                continue
            company = kpi.company_id
            total = 0.0
            for currency, amount in Order._read_group(
                self.quotations_domain(kpi, expanded),
                ["currency_id"],
                ["amount_untaxed:sum"],
            ):
                total += currency._convert(
                    amount, company.currency_id, company, moment.date()
                )
            result[kpi.id] = (total, False)
        return result

    def drilldown(self, kpi, period):
        """The quotations open now (a snapshot keeps no list of records)."""
        view = self.env.ref("sale.view_quotation_tree", raise_if_not_found=False)
        action = self.records_action(
            kpi,
            period,
            "sale.order",
            self.quotations_domain(kpi, self.expanded(kpi)),
            views=[(view.id if view else False, "list"), (False, "form")],
        )
        action["name"] = _("%(kpi)s · open now", kpi=kpi.name)
        return action
