# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.bsc_core.tests.common import BscCase, TemplateWizardAccessMatrix


@tagged("post_install", "-at_install")
class TestSaleAccessMatrix(TemplateWizardAccessMatrix, BscCase):
    """The "Add sales KPIs" wizard x every role x two companies."""

    wizard_model = "bsc.sale.kpi.wizard"

    def add_kpis(self, wizard):
        # Higher is better for every sales template: any red flag below.
        wizard.line_ids.write({"target_value": 10, "red_flag_value": 5})
        wizard.action_create_kpis()
