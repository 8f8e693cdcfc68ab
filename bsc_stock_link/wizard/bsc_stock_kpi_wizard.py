# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import Command, _, api, fields, models

from odoo.addons.bsc_core.models.bsc_period import FREQUENCIES

TEMPLATES = [
    ("otd", "On-time delivery rate"),
    ("lead_time", "Delivery lead time"),
    ("backorder_rate", "Backorder rate"),
    ("receipt_otd", "Receipts on time"),
    ("receipt_lead_time", "Receipt lead time"),
]
# How each template measures, displays and scores, with default targets an
# admin adjusts: rates in %, lead times in days.
TEMPLATE_SETTINGS = {
    "otd": {
        "code": "STOCK_OTD",
        "source_type": "stock_otd",
        "indicator_type": "lagging",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "higher",
        "target_value": 95.0,
        "red_flag_value": 90.0,
    },
    "lead_time": {
        "code": "STOCK_LEAD_TIME",
        "source_type": "stock_delivery_lead_time",
        "indicator_type": "lagging",
        "unit": "days",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 5.0,
        "red_flag_value": 10.0,
    },
    "backorder_rate": {
        "code": "STOCK_BACKORDERS",
        "source_type": "stock_backorder_rate",
        "indicator_type": "leading",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 5.0,
        "red_flag_value": 15.0,
    },
    "receipt_otd": {
        "code": "STOCK_RECEIPT_OTD",
        "source_type": "stock_receipt_otd",
        "indicator_type": "leading",
        "value_format": "percent",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "higher",
        "target_value": 90.0,
        "red_flag_value": 80.0,
    },
    "receipt_lead_time": {
        "code": "STOCK_RECEIPT_LEAD_TIME",
        "source_type": "stock_receipt_lead_time",
        "indicator_type": "lagging",
        "unit": "days",
        "decimal_places": 1,
        "aggregation": "avg",
        "polarity": "lower",
        "target_value": 14.0,
        "red_flag_value": 21.0,
    },
}


class BscStockKpiWizard(models.TransientModel):
    """Add ready-made inventory KPIs to an objective; the admin adjusts the
    targets.

    A template whose code already exists in the scorecard is skipped, so the
    wizard never creates the same KPI twice. A code suffix adds the same
    KPIs once more, e.g. for another warehouse.
    """

    _name = "bsc.stock.kpi.wizard"
    _description = "Add Operations KPIs"

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
        "for another warehouse, partner or product category.",
    )
    stock_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Warehouse",
        domain="[('company_id', '=', company_id)]",
    )
    stock_partner_id = fields.Many2one(
        "res.partner",
        string="Partner",
        domain="[('company_id', 'in', [False, company_id])]",
    )
    stock_product_categ_id = fields.Many2one(
        "product.category", string="Product Category"
    )
    line_ids = fields.One2many(
        "bsc.stock.kpi.wizard.line",
        "wizard_id",
        string="KPIs",
        default=lambda self: self._default_line_ids(),
    )

    @api.model
    def _default_line_ids(self):
        labels = dict(
            self.env["bsc.stock.kpi.wizard.line"]
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
        self.scorecard_id._bsc_check_manager(_("add operations KPIs"))
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
        return {
            **settings,
            "name": line.name,
            "code": line.code,
            "objective_id": self.objective_id.id,
            "user_id": self.user_id.id,
            "frequency": self.frequency,
            "target_value": line.target_value,
            "red_flag_value": line.red_flag_value,
            "description": line._description_html(),
            "stock_warehouse_id": self.stock_warehouse_id.id,
            "stock_partner_id": self.stock_partner_id.id,
            "stock_product_categ_id": self.stock_product_categ_id.id,
        }


class BscStockKpiWizardLine(models.TransientModel):
    _name = "bsc.stock.kpi.wizard.line"
    _description = "Operations KPI Template"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "bsc.stock.kpi.wizard", required=True, ondelete="cascade"
    )
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
            "otd": _(
                "Done deliveries of the period (returns left out) validated on or "
                "before the calendar day of their deadline, or of their scheduled "
                "date when they have none, read in the scorecard's time zone; in % "
                "of all done deliveries of the period."
            ),
            "lead_time": _(
                "Average days from the creation of a delivery (for a backorder, of "
                "the delivery it was split from) to its validation, over the "
                "deliveries done in the period."
            ),
            "backorder_rate": _(
                "Done deliveries of the period that were split, the rest going into "
                "a backorder, in % of all done deliveries of the period."
            ),
            "receipt_otd": _(
                "Done receipts of the period (returns left out) validated on or "
                "before the calendar day of their deadline, or of their scheduled "
                "date, in % of all done receipts of the period."
            ),
            "receipt_lead_time": _(
                "Average days from the creation of a receipt to its validation, over "
                "the receipts done in the period."
            ),
        }
        return Markup("<p>%s</p>") % texts[self.template]
