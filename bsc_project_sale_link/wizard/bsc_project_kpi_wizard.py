# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, fields, models

from odoo.addons.bsc_project_link.wizard.bsc_project_kpi_wizard import (
    TEMPLATE_SETTINGS,
    TEMPLATES,
)

SALE_TEMPLATES = [("billable_share", "Billable share of hours")]


class BscProjectKpiWizard(models.TransientModel):
    """The "Add Project KPIs" wizard also offers the billable share."""

    _inherit = "bsc.project.kpi.wizard"
    _bsc_templates = TEMPLATES + SALE_TEMPLATES
    _bsc_template_settings = dict(
        TEMPLATE_SETTINGS,
        billable_share={
            "code": "PROJ_BILLABLE_SHARE",
            "source_type": "project_billable_share",
            "indicator_type": "lagging",
            "value_format": "percent",
            "decimal_places": 1,
            "aggregation": "avg",
            "polarity": "higher",
            "target_value": 75.0,
            "red_flag_value": 60.0,
        },
    )


class BscProjectKpiWizardLine(models.TransientModel):
    _inherit = "bsc.project.kpi.wizard.line"

    template = fields.Selection(
        selection_add=SALE_TEMPLATES, ondelete={"billable_share": "cascade"}
    )

    def _description_texts(self):
        return dict(
            super()._description_texts(),
            billable_share=_(
                "Billable hours (billed on timesheets, at a fixed price, on "
                "milestones or manually) over all hours logged on project "
                "timesheets dated in the period, in %."
            ),
        )
