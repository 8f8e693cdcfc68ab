# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.bsc_core.tests.common import BscCase, TemplateWizardAccessMatrix


@tagged("post_install", "-at_install")
class TestStockAccessMatrix(TemplateWizardAccessMatrix, BscCase):
    """The "Add operations KPIs" wizard x every role x two companies."""

    wizard_model = "bsc.stock.kpi.wizard"
