# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _


class Parameter:
    """A ``bsc.kpi`` field that narrows what a family's KPIs count, declared
    once: what it selects in each query shape, which records fit it.

    :param field: the many2one field of ``bsc.kpi`` (empty: no filter)
    :param paths: ``{shape: field path}``: the field of each shape's model
        that the parameter compares with its value(s); a shape absent (or
        ``None``) is not narrowed by the parameter. One path gives the
        dimension of a grouped query (:class:`~odoo.addons.bsc_core.query.Grouped`)
        and the drill-down domain ``(path, 'in', values)``.
    :param company_field: the field of the parameter's record that says
        which company it belongs to: a many2one (the record fits the
        company counted, or every company when empty) or a many2many (the
        company counted must be among them); ``None``: any record fits
    :param expand: ``expand(records) -> {id: ids}``, the values a record
        stands for (a category and its subcategories), for all KPIs at once;
        default: the record itself
    """

    def __init__(self, field, paths, company_field=None, expand=None):
        self.field = field
        self.paths = dict(paths)
        self.company_field = company_field
        self.expand = expand

    def expanded(self, kpis):
        """``{record id: values}`` for the parameter's records of ``kpis``."""
        records = kpis.mapped(self.field)
        if not records:
            return {}
        if self.expand is None:
            return {record.id: (record.id,) for record in records}
        return self.expand(records)

    def leaf(self, kpi, shape, expanded):
        """``(path, values)`` narrowing ``shape`` for ``kpi``, or ``None``."""
        record = kpi[self.field]
        path = self.paths.get(shape)
        if not record or not path:
            return None
        return path, tuple(expanded[self.field][record.id])

    def error(self, kpi, company, counted):
        """Why the parameter's record does not fit ``company``, whose
        ``counted`` (``"orders"``, or a function returning it, called only
        for a message) the KPI counts, or ``False``."""
        record = kpi[self.field]
        if not record or not self.company_field:
            return False
        owner = record[self.company_field]
        many = record._fields[self.company_field].type == "many2many"
        fits = company in owner if many else (not owner or owner == company)
        if fits:
            return False
        # the field's label and what is counted, translated: read only for
        # a message (cold, the label costs queries of ir.model.fields)
        label = kpi._fields[self.field].get_description(kpi.env, ["string"])["string"]
        counted = counted() if callable(counted) else counted
        if many:
            return _(
                "KPI '%(kpi)s': '%(record)s' (%(label)s) does not work for "
                "%(company)s, whose %(counted)s the KPI counts. Choose one of "
                "%(company)s, or leave %(label)s empty.",
                kpi=kpi.name,
                record=record.display_name,
                label=label,
                company=company.name,
                counted=counted,
            )
        return _(
            "KPI '%(kpi)s': '%(record)s' (%(label)s) belongs to %(other)s, "
            "but the KPI counts the %(counted)s of %(company)s. Choose one "
            "of %(company)s, or leave %(label)s empty.",
            kpi=kpi.name,
            record=record.display_name,
            label=label,
            other=owner.name,
            company=company.name,
            counted=counted,
        )


class SourceFamily:
    """Where the values of some source types come from.

    A subclass sets :attr:`source_types` (values of ``bsc.kpi.source_type``,
    added by ``selection_add``), :attr:`parameters` and, when it counts the
    records of a company other than the scorecard's, :attr:`company_field`;
    it implements :meth:`compute` and :meth:`drilldown`. It is registered by
    extending ``bsc.kpi._bsc_source_families()``.

    An instance lives for one call, with the environment of the caller.
    """

    #: the source types the family computes
    source_types = ()
    #: :class:`Parameter` declarations
    parameters = ()
    #: whether the recompute checks the parameters again (a team moved to
    #: another company since the KPI was saved gives an error value); it
    #: reads the parameters' records, one query per model used
    check_on_compute = True
    #: a many2one of ``bsc.kpi`` to ``res.company``: whose records count,
    #: the scorecard's company or one of its branches (empty: the
    #: scorecard's company)
    company_field = None

    def __init__(self, env):
        self.env = env

    def parameter_fields(self):
        """The ``bsc.kpi`` fields whose change asks to check the KPI again."""
        fields = [p.field for p in self.parameters]
        if self.company_field:
            fields.append(self.company_field)
        return fields

    def counted(self):
        """What the family counts, for messages: ``_("orders")``."""
        return _("records")

    def company(self, kpi):
        """The company whose records ``kpi`` counts."""
        return (self.company_field and kpi[self.company_field]) or kpi.company_id

    def parameter_error(self, kpi):
        """Why ``kpi``'s parameters cannot be computed, or ``False``: the
        company counted must be the scorecard's or one of its branches, and
        each parameter must fit it (:meth:`Parameter.error`). Extend it for
        rules of the family's own."""
        kpi = kpi.sudo()
        company = self.company(kpi)
        if self.company_field and kpi[self.company_field]:
            if kpi.company_id not in company.parent_ids:
                label = kpi._fields[self.company_field].get_description(
                    kpi.env, ["string"]
                )["string"]
                return _(
                    "KPI '%(kpi)s': %(other)s is neither the scorecard's "
                    "company %(company)s nor one of its branches. Choose one of "
                    "these as %(label)s, or leave it empty to count the "
                    "%(counted)s of %(company)s.",
                    kpi=kpi.name,
                    other=company.name,
                    company=kpi.company_id.name,
                    label=label,
                    counted=self.counted(),
                )
        for parameter in self.parameters:
            # what is counted is translated for a message only (a lookup
            # per KPI and parameter would cost more than the query)
            error = parameter.error(kpi, company, self.counted)
            if error:
                return error
        return False

    def expanded(self, kpis):
        """``{field: {record id: values}}`` of every parameter, for ``kpis``."""
        return {p.field: p.expanded(kpis) for p in self.parameters}

    def leaves(self, kpi, shape, expanded):
        """``((path, values), ...)``: what ``kpi``'s parameters select in
        ``shape``; the dimensions of a grouped query."""
        leaves = (p.leaf(kpi, shape, expanded) for p in self.parameters)
        return tuple(leaf for leaf in leaves if leaf)

    def domain(self, kpi, shape, expanded):
        """The same selection as :meth:`leaves`, as an Odoo domain."""
        return [
            (path, "in", list(values))
            for path, values in self.leaves(kpi, shape, expanded)
        ]

    def compute(self, kpis, periods):
        """Values of ``kpis`` (all of the family's types, parameters valid)
        for ``periods``, in a number of queries that does not grow with the
        KPIs or the periods.

        :param periods: ``bsc.period`` records; each KPI uses those of its
            scorecard and frequency
        :return: ``{(kpi_id, period_id): (value or None, error or False)}``
        """
        raise NotImplementedError

    def drilldown(self, kpi, period):
        """An action opening the records behind ``kpi``'s value for
        ``period``."""
        raise NotImplementedError

    def records_action(self, kpi, period, model, domain, **extra):
        """A list of ``model`` records, named after the KPI and the period."""
        return {
            "type": "ir.actions.act_window",
            "name": f"{kpi.name} · {period.name}",
            "res_model": model,
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False},
            **extra,
        }
