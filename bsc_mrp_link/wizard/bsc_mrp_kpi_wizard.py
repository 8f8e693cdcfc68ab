# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import Command, _, api, fields, models

from odoo.addons.bsc_core.models.bsc_period import FREQUENCIES

TEMPLATES = [
    ("on_time", "Manufacturing orders on time"),
    ("lead_time", "Production lead time"),
    ("losses", "Work-centre losses"),
]
# How each template measures, displays and scores, with default targets an
# admin adjusts.
TEMPLATE_SETTINGS = {
    "on_time": {
        "code": "MRP_ON_TIME",
        "source_type": "mrp_on_time",
        "indicator_type": "leading",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "higher",
        "target_value": 90.0,
        "red_flag_value": 80.0,
    },
    "lead_time": {
        "code": "MRP_LEAD_TIME",
        "source_type": "mrp_lead_time",
        "indicator_type": "lagging",
        "unit": "days",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 3.0,
        "red_flag_value": 5.0,
    },
    "losses": {
        "code": "MRP_LOSS_HOURS",
        "source_type": "mrp_loss_hours",
        "indicator_type": "leading",
        "unit": "hours",
        "decimal_places": 1,
        "aggregation": "sum",
        "polarity": "lower",
        "target_value": 5.0,
        "red_flag_value": 10.0,
    },
}


class BscMrpKpiWizard(models.TransientModel):
    """Add ready-made manufacturing KPIs to an objective; the admin adjusts the
    targets.

    A template whose code already exists in the scorecard is skipped, so the
    wizard never creates the same KPI twice. A code suffix adds the same
    KPIs once more, e.g. for another warehouse or work centre.
    """

    _name = "bsc.mrp.kpi.wizard"
    _description = "Add Manufacturing KPIs"

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
    code_suffix = fields.Char(
        help="Appended to every code, e.g. _WH2, to add the same KPIs again "
        "for another warehouse or work centre.",
    )
    mrp_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Warehouse",
        domain="[('company_id', '=', company_id)]",
    )
    mrp_workcenter_id = fields.Many2one(
        "mrp.workcenter",
        string="Work Center",
        domain="[('company_id', 'in', [False, company_id])]",
    )
    line_ids = fields.One2many(
        "bsc.mrp.kpi.wizard.line",
        "wizard_id",
        string="KPIs",
        default=lambda self: self._default_line_ids(),
    )

    @api.model
    def _default_line_ids(self):
        labels = dict(
            self.env["bsc.mrp.kpi.wizard.line"]
            ._fields["template"]
            ._description_selection(self.env)
        )
        return [
            Command.create(
                {
                    "sequence": sequence,
                    "template": template,
                    "name": labels[template],
                    "target_value": TEMPLATE_SETTINGS[template]["target_value"],
                    "red_flag_value": TEMPLATE_SETTINGS[template]["red_flag_value"],
                }
            )
            for sequence, (template, __) in enumerate(TEMPLATES)
        ]

    def action_create_kpis(self):
        """Create the ticked KPIs that the scorecard does not have yet."""
        self.ensure_one()
        self.scorecard_id._bsc_check_manager(_("add manufacturing KPIs"))
        existing = set(
            self.env["bsc.kpi"]
            .with_context(active_test=False)
            .search([("scorecard_id", "=", self.scorecard_id.id)])
            .mapped("code")
        )
        lines = self.line_ids.filtered("selected").sorted("sequence")
        self.env["bsc.kpi"].create(
            [self._kpi_values(line) for line in lines if line.code not in existing]
        )
        return self.objective_id.action_view_kpis()

    def _code(self, template):
        return (
            TEMPLATE_SETTINGS[template]["code"]
            + (self.code_suffix or "").strip().upper()
        )

    def _kpi_values(self, line):
        settings = dict(TEMPLATE_SETTINGS[line.template])
        settings.pop("code")
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
        if line.template == "losses":
            vals["mrp_workcenter_id"] = self.mrp_workcenter_id.id
        else:
            vals["mrp_warehouse_id"] = self.mrp_warehouse_id.id
        return vals


class BscMrpKpiWizardLine(models.TransientModel):
    _name = "bsc.mrp.kpi.wizard.line"
    _description = "Manufacturing KPI Template"
    _order = "sequence, id"

    wizard_id = fields.Many2one("bsc.mrp.kpi.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer()
    template = fields.Selection(TEMPLATES, required=True, readonly=True)
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

    def _description_html(self):
        """The KPI's exact definition, as the readme gives it."""
        self.ensure_one()
        texts = {
            "on_time": _(
                "Manufacturing orders marked done in the period on or before the "
                "calendar day of their deadline, read in the scorecard's time zone, "
                "in % of the orders done in the period that have a deadline."
            ),
            "lead_time": _(
                "Average days from the start to the end of the manufacturing orders "
                "done in the period."
            ),
            "losses": _(
                "Hours of the work-centre time logs of a loss reason (availability, "
                "performance or quality, not productive time) started in the period."
            ),
        }
        return Markup("<p>%s</p>") % texts[self.template]
