# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from .. import query as bsc_query
from .base import SourceFamily


def children_of(records):
    """``{id: ids of the record and of every record below it}`` for a model
    with a ``parent_path`` (product categories), in one query: the
    ``expand`` of a :class:`~.base.Parameter` whose record stands for its
    subtree."""
    Model = records.env[records._name].sudo()
    rows = Model.search_read([("id", "child_of", records.ids)], ["parent_path"])
    paths = {record.id: record.sudo().parent_path for record in records}
    return {
        record_id: tuple(
            sorted(row["id"] for row in rows if row["parent_path"].startswith(path))
        )
        for record_id, path in paths.items()
    }


class ShapedFamily(SourceFamily):
    """A family whose KPIs read specs of the query library.

    Declare :attr:`shapes` and say what each KPI reads (:meth:`parts`) and
    how its value follows from that (:meth:`value`); :meth:`compute` runs,
    for each scorecard, frequency and company counted, one
    :func:`~odoo.addons.bsc_core.query.grouped_sets` query for the
    :class:`~odoo.addons.bsc_core.query.Grouped` specs of a shape and one
    :func:`~odoo.addons.bsc_core.query.filter_columns` query for its
    :class:`~odoo.addons.bsc_core.query.Filtered` ones, whatever the number
    of KPIs and periods.
    """

    #: ``{key: query.Shape}``: the rows the family's KPIs read
    shapes = {}

    def parts(self, kpi, scorecard, company, expanded):
        """What ``kpi`` reads, in the order :meth:`value` expects.

        :param expanded: :meth:`expanded` of all the KPIs computed
        :return: ``[(shape key, Grouped or Filtered spec)]``
        """
        raise NotImplementedError

    def ratio_scale(self, kpi):
        """What a quotient of two parts is multiplied by: 100 for a rate in
        percent, 1 (the default) for an average."""
        return 1.0

    def value(self, kpi, raw):
        """``(value, error)`` of ``kpi`` in a period from its parts' results.

        One part is the value (0 without rows); two parts are a quotient
        times :meth:`ratio_scale`, with no value (and no error: there was
        nothing to measure) when the denominator is 0.
        """
        if len(raw) == 2:
            numerator, denominator = raw
            if not denominator:
                return None, False
            return float(numerator or 0) / float(denominator) * self.ratio_scale(
                kpi
            ), False
        return float(raw[0] or 0), False

    def compute(self, kpis, periods):
        result = {}
        groups = defaultdict(lambda: kpis.browse())
        for kpi in kpis:
            groups[(kpi.scorecard_id, kpi.frequency, self.company(kpi))] |= kpi
        expanded = self.expanded(kpis)
        for (scorecard, frequency, company), group in groups.items():
            wanted = periods.filtered(
                lambda p, s=scorecard, f=frequency: (
                    p.scorecard_id == s and p.frequency == f
                )
            )
            if wanted:
                result.update(
                    self.group_values(group, scorecard, company, wanted, expanded)
                )
        return result

    def group_values(self, kpis, scorecard, company, periods, expanded):
        """Values of KPIs sharing a scorecard, a frequency and a company."""
        parts = {kpi: self.parts(kpi, scorecard, company, expanded) for kpi in kpis}
        by_shape = defaultdict(list)
        for kpi, kpi_parts in parts.items():
            for position, (shape, spec) in enumerate(kpi_parts):
                by_shape[shape].append((kpi, position, spec))
        raw = defaultdict(dict)  # (kpi id, period id) -> {position: result}
        for shape, entries in by_shape.items():
            grouped = [e for e in entries if isinstance(e[2], bsc_query.Grouped)]
            filtered = [e for e in entries if e not in grouped]
            for run, batch in (
                (bsc_query.grouped_sets, grouped),
                (bsc_query.filter_columns, filtered),
            ):
                if not batch:
                    continue
                rows = run(
                    self.env,
                    self.shapes[shape],
                    periods,
                    company,
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
