# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The "Add ... KPIs" wizard of the link addons, written once.

A link addon declares its templates (``_bsc_templates``, the selection of its
line model, and ``_bsc_template_settings``, the ``bsc.kpi`` values of each) and
keeps only what differs: its filter fields, the values they give a KPI
(``_kpi_source_values``), the label of the manager check
(``_manager_action_label``) and, on the line, the definition of each template
(``_description_texts``). See readme/DEVELOP.md.
"""

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..models.bsc_period import FREQUENCIES


class BscKpiTemplateWizard(models.AbstractModel):
    """Add ready-made KPIs to an objective; the admin sets the targets.

    A template whose code already exists in the scorecard is skipped, so the
    wizard never creates the same KPI twice. A code suffix adds the same
    KPIs once more, e.g. for another team or warehouse. A template with a
    ``formula`` names the templates it reads with ``{template}``, replaced by
    their codes; it is refused when the scorecard has none of them.
    """

    _name = "bsc.kpi.template.wizard"
    _description = "Add KPIs from Templates"

    # Declared by each link addon: [(template, label)] and {template: values}
    _bsc_templates = []
    _bsc_template_settings = {}

    objective_id = fields.Many2one("bsc.objective", required=True, ondelete="cascade")
    scorecard_id = fields.Many2one(related="objective_id.scorecard_id")
    company_id = fields.Many2one(related="objective_id.company_id")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        help="Owner of the new KPIs.",
    )
    frequency = fields.Selection(FREQUENCIES, required=True, default="month")
    code_suffix = fields.Char()

    @api.model
    def _default_line_ids(self):
        line_model = self.env[self._fields["line_ids"].comodel_name]
        labels = dict(line_model._fields["template"]._description_selection(self.env))
        settings = self._bsc_template_settings
        return [
            Command.create(
                {
                    "sequence": sequence,
                    "template": template,
                    "name": labels[template],
                    "target_value": settings[template].get("target_value", 0.0),
                    "red_flag_value": settings[template].get("red_flag_value", 0.0),
                }
            )
            for sequence, (template, __) in enumerate(self._bsc_templates)
        ]

    def _manager_action_label(self):
        """What the user does, for the manager check, e.g. "add sales KPIs"."""
        raise NotImplementedError()

    def action_create_kpis(self):
        """Create the ticked KPIs that the scorecard does not have yet."""
        self.ensure_one()
        self.scorecard_id._bsc_check_manager(self._manager_action_label())
        existing = set(
            self.env["bsc.kpi"]
            .with_context(active_test=False)
            .search([("scorecard_id", "=", self.scorecard_id.id)])
            .mapped("code")
        )
        lines = self.line_ids.filtered("selected").sorted("sequence")
        ticked = set(lines.mapped("template"))
        for line in lines:
            missing = [
                self._code(name)
                for name in self._template_inputs(line.template)
                if name not in ticked and self._code(name) not in existing
            ]
            if missing:
                raise UserError(self._missing_inputs_message(line, missing))
        self.env["bsc.kpi"].create(
            [self._kpi_values(line) for line in lines if line.code not in existing]
        )
        return self.objective_id.action_view_kpis()

    @api.model
    def _template_inputs(self, template):
        """The templates a formula template reads."""
        formula = self._bsc_template_settings[template].get("formula", "")
        return [name for name, __ in self._bsc_templates if f"{{{name}}}" in formula]

    def _missing_inputs_message(self, line, missing):
        return _(
            "%(kpi)s is computed from %(codes)s, which the scorecard "
            "does not have: tick those templates too.",
            kpi=line.name,
            codes=", ".join(missing),
        )

    def _code(self, template):
        return (
            self._bsc_template_settings[template]["code"]
            + (self.code_suffix or "").strip().upper()
        )

    def _formula_values(self):
        """What the placeholders of a formula template stand for."""
        return {name: self._code(name) for name, __ in self._bsc_templates}

    def _kpi_source_values(self, line):
        """The values the wizard's filters give a KPI that is not a formula."""
        return {}

    def _kpi_values(self, line):
        settings = dict(self._bsc_template_settings[line.template])
        settings.pop("code")
        formula = settings.pop("formula", None)
        vals = {
            **settings,
            "name": line.name,
            "code": line.code,
            "objective_id": self.objective_id.id,
            "user_id": self.user_id.id,
            "frequency": self.frequency,
            "target_value": line.target_value,
            "red_flag_value": line.red_flag_value,
            "description": line._description_html(),
        }
        if formula:
            vals.update(
                source_type="formula", formula=formula.format(**self._formula_values())
            )
        else:
            vals.update(self._kpi_source_values(line))
        return vals


class BscKpiTemplateWizardLine(models.AbstractModel):
    """A template of the wizard: ticked, named and given its targets."""

    _name = "bsc.kpi.template.wizard.line"
    _description = "KPI Template"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "bsc.kpi.template.wizard", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    # Each link addon redefines it as fields.Selection(<its templates>): a
    # static list, whose labels are translated with the addon.
    template = fields.Selection(lambda self: [], required=True, readonly=True)
    selected = fields.Boolean(string="Add", default=True)
    name = fields.Char(required=True)
    code = fields.Char(compute="_compute_code")
    already_exists = fields.Boolean(
        compute="_compute_code",
        help="The scorecard has a KPI with this code: it is not created again.",
    )
    target_value = fields.Float(string="Target")
    red_flag_value = fields.Float(string="Red Flag")

    @api.depends("template", "wizard_id.code_suffix", "wizard_id.objective_id")
    def _compute_code(self):
        for line in self:
            wizard = line.wizard_id
            line.code = wizard._code(line.template) if line.template else False
            line.already_exists = bool(
                line.code
                and wizard.scorecard_id
                and self.env["bsc.kpi"]
                .with_context(active_test=False)
                .search_count(
                    [
                        ("scorecard_id", "=", wizard.scorecard_id.id),
                        ("code", "=", line.code),
                    ],
                    limit=1,
                )
            )

    def _description_texts(self):
        """{template: the KPI's exact definition, as the readme gives it}"""
        return {}

    def _description_html(self):
        self.ensure_one()
        return Markup("<p>%s</p>") % self._description_texts()[self.template]
