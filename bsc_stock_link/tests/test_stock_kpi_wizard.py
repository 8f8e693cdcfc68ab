# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from ..wizard.bsc_stock_kpi_wizard import TEMPLATES
from .common import BscStockCase

# the templates of this addon (glue addons add theirs to the wizard)
OWN_TEMPLATES = [template for template, __ in TEMPLATES]


@tagged("post_install", "-at_install")
class TestStockKpiWizard(BscStockCase):
    """The "Add Operations KPIs" wizard: templates become computed KPIs once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "test_stock_bsc_manager",
            groups="bsc_core.group_bsc_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def run_wizard(self, untick=(), **vals):
        wizard_form = Form(
            self.env["bsc.stock.kpi.wizard"]
            .with_user(self.manager)
            .with_context(default_objective_id=self.objective.id)
        )
        for field, value in vals.items():
            setattr(wizard_form, field, value)
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                if line.template in untick or line.template not in OWN_TEMPLATES:
                    line.selected = False
        wizard = wizard_form.save()
        wizard.action_create_kpis()
        return wizard

    def kpis(self):
        return {kpi.code: kpi for kpi in self.objective.kpi_ids}

    def test_templates_become_kpis_that_compute(self):
        self.run_wizard(untick=("receipt_lead_time",))
        kpis = self.kpis()
        self.assertEqual(
            sorted(kpis),
            [
                "STOCK_BACKORDERS",
                "STOCK_LEAD_TIME",
                "STOCK_OTD",
                "STOCK_RECEIPT_OTD",
                "STOCK_STOCKOUTS",
            ],  # fmt: skip
        )
        self.assertEqual(kpis["STOCK_LEAD_TIME"].polarity, "lower")
        self.assertEqual(kpis["STOCK_OTD"].source_type, "stock_otd")
        self.assertEqual(kpis["STOCK_OTD"].target_value, 95)
        values = self.values(self.objective.kpi_ids)
        self.assertEqual(values["STOCK_OTD"], [66.67, 0, 0, None])
        self.assertEqual(values["STOCK_RECEIPT_OTD"], [50, None, None, None])
        # the fixtures' products are consumables: no stock-outs counted
        self.assertEqual(values["STOCK_STOCKOUTS"], [0, 0, 0, 0])

    def test_twice_creates_nothing_new_and_a_suffix_adds_a_warehouse(self):
        self.run_wizard()
        self.run_wizard()
        self.assertEqual(len(self.objective.kpi_ids), 6)
        self.run_wizard(code_suffix="_wh2", stock_warehouse_id=self.wh2)
        kpis = self.kpis()
        self.assertEqual(len(kpis), 12)
        self.assertEqual(kpis["STOCK_OTD_WH2"].stock_warehouse_id, self.wh2)
        self.assertEqual(self.values(kpis["STOCK_OTD_WH2"])["STOCK_OTD_WH2"],
                         [100, None, 0, None])  # fmt: skip
