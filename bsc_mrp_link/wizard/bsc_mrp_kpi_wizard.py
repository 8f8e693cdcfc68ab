# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models

TEMPLATES = [
    ("on_time", "Manufacturing orders on time"),
    ("lead_time", "Production lead time"),
    ("losses", "Work-centre losses"),
    ("scrap_rate", "Production scrap rate"),
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
    "scrap_rate": {
        "code": "MRP_SCRAP_RATE",
        "source_type": "mrp_scrap_rate",
        "indicator_type": "lagging",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 2.0,
        "red_flag_value": 5.0,
    },
}


class BscMrpKpiWizard(models.TransientModel):
    """Add ready-made manufacturing KPIs to an objective
    (bsc.kpi.template.wizard).

    A code suffix adds the same KPIs once more, e.g. for another warehouse or
    work centre.
    """

    _name = "bsc.mrp.kpi.wizard"
    _inherit = ["bsc.kpi.template.wizard"]
    _description = "Add Manufacturing KPIs"
    _bsc_templates = TEMPLATES
    _bsc_template_settings = TEMPLATE_SETTINGS

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

    def _manager_action_label(self):
        return _("add manufacturing KPIs")

    def _kpi_source_values(self, line):
        if line.template == "losses":
            return {"mrp_workcenter_id": self.mrp_workcenter_id.id}
        return {"mrp_warehouse_id": self.mrp_warehouse_id.id}


class BscMrpKpiWizardLine(models.TransientModel):
    _name = "bsc.mrp.kpi.wizard.line"
    _inherit = ["bsc.kpi.template.wizard.line"]
    _description = "Manufacturing KPI Template"

    wizard_id = fields.Many2one("bsc.mrp.kpi.wizard")
    template = fields.Selection(TEMPLATES)

    def _description_texts(self):
        return {
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
            "scrap_rate": _(
                "Quantity of the manufactured products scrapped from their "
                "manufacturing orders in the period, in % of the quantity produced "
                "in the period, both in the product's unit of measure."
            ),
        }
