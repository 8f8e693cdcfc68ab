# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The families of bsc_core: manual entry, formulas, ERP sources, ratios."""

from collections import defaultdict

from odoo import _
from odoo.exceptions import UserError

from .base import SourceFamily


class ManualFamily(SourceFamily):
    """Values typed by the KPI's owner: nothing to compute, no records."""

    source_types = ("manual",)

    def compute(self, kpis, periods):
        return {}

    def drilldown(self, kpi, period):
        raise UserError(
            _(
                "KPI '%s' is entered by hand: no records are behind its value.",
                kpi.name,
            )
        )


class FormulaFamily(SourceFamily):
    """Formulas over other KPIs: the scorecard evaluates them once every
    input is known (``bsc.scorecard._bsc_formula_values``); the drill-down
    shows the inputs' measurements."""

    source_types = ("formula",)

    def compute(self, kpis, periods):
        return {}

    def drilldown(self, kpi, period):
        codes = sorted(kpi._bsc_parsed_formula().codes)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bsc_core.bsc_measurement_action"
        )
        action.update(
            name=_("Inputs of %(kpi)s · %(period)s", kpi=kpi.name, period=period.name),
            domain=[
                ("scorecard_id", "=", kpi.scorecard_id.id),
                ("kpi_id.code", "in", codes),
                ("date_start", "<=", period.date_end),
                ("date_end", ">=", period.date_start),
            ],
            context={"create": False},
        )
        return action


class SourceRecordFamily(SourceFamily):
    """A generic ``bsc.source``: one grouped query per (model, date field,
    frequency) for every KPI of the scorecard (``bsc.source._bsc_read_values``)."""

    source_types = ("source",)

    def compute(self, kpis, periods):
        result = {}
        for scorecard in kpis.scorecard_id:
            by_frequency = defaultdict(lambda: kpis.browse())
            for kpi in kpis.filtered(lambda k, s=scorecard: k.scorecard_id == s):
                by_frequency[kpi.frequency] |= kpi
            for frequency, group in by_frequency.items():
                wanted = periods.filtered(
                    lambda p, s=scorecard, f=frequency: (
                        p.scorecard_id == s and p.frequency == f
                    )
                )
                if wanted:
                    result.update(self.scorecard_values(scorecard, group, wanted))
        return result

    def sources(self, kpi):
        """The sources ``kpi``'s value needs."""
        return kpi.source_id

    def value(self, kpi, values, period):
        """``(value, error)`` of ``kpi`` from its sources' values."""
        return values.get((kpi.source_id.id, period.id)), False

    def scorecard_values(self, scorecard, kpis, periods):
        result = {}
        sources = self.env["bsc.source"]
        for kpi in kpis:
            sources |= self.sources(kpi)
        values, errors = sources._bsc_read_values_safely(
            periods, scorecard.company_id, scorecard.tz
        )
        for kpi in kpis:
            error = next(
                (errors[s.id] for s in self.sources(kpi) if s.id in errors), False
            )
            for period in periods:
                result[(kpi.id, period.id)] = (
                    (None, error) if error else self.value(kpi, values, period)
                )
        return result

    def drilldown(self, kpi, period):
        source = kpi.source_id
        scorecard = kpi.scorecard_id
        return self.records_action(
            kpi,
            period,
            source.model_id.model,
            source._bsc_drilldown_domain(period, scorecard.company_id, scorecard.tz),
            **(self.measure_views(source) if kpi.source_type == "source" else {}),
        )

    def measure_views(self, source):
        """For a sum or a count, the records open in a pivot first: its
        total is the measure the source counts, and equals the value (a
        model's list shows other columns, or none to sum)."""
        Model = self.env[source.model_id.model]
        if source.aggregate == "count":
            measure = "__count"
        else:
            field = Model._fields.get(source.measure_field_id.name)
            if source.aggregate != "sum" or not field or field.aggregator != "sum":
                return {}
            measure = field.name
        return {
            "views": [(False, "pivot"), (False, "list"), (False, "form")],
            "context": {
                "create": False,
                "pivot_measures": [measure],
                "pivot_row_groupby": [],
                "pivot_column_groupby": [],
            },
        }


class RatioFamily(SourceRecordFamily):
    """Two generic sources, ``numerator / denominator x ratio_scale``; the
    drill-down opens the numerator's records."""

    source_types = ("ratio",)

    def sources(self, kpi):
        return kpi.source_id | kpi.denominator_source_id

    def value(self, kpi, values, period):
        numerator = values.get((kpi.source_id.id, period.id))
        denominator = values.get((kpi.denominator_source_id.id, period.id))
        if numerator is None or denominator is None:
            return None, False
        if not denominator:
            return None, _(
                "#DIV/0: %(denominator)s is 0 in this period",
                denominator=kpi.denominator_source_id.name,
            )
        return numerator / denominator * kpi.ratio_scale, False
