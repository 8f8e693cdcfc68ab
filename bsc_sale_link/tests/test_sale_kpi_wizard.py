# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import BscSaleCase

TARGETS = {
    "revenue": (900, 600),
    "aov": (250, 150),
    "new_customers": (2, 1),
}


@tagged("post_install", "-at_install")
class TestSaleKpiWizard(BscSaleCase):
    """The "Add sales KPIs" wizard: templates become KPIs once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "test_sale_bsc_manager",
            groups="bsc_core.group_bsc_manager,sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def run_wizard(self, user=None, untick=(), **vals):
        wizard = (
            self.env["bsc.sale.kpi.wizard"]
            .with_user(user or self.manager)
            .create(dict(objective_id=self.objective.id, **vals))
        )
        for line in wizard.line_ids:
            if line.template in TARGETS:
                target, red_flag = TARGETS[line.template]
                line.write({"target_value": target, "red_flag_value": red_flag})
            if line.template in untick:
                line.selected = False
        wizard.action_create_kpis()
        return wizard

    def kpis(self):
        return {kpi.code: kpi for kpi in self.objective.kpi_ids}

    def test_form_sends_the_read_only_template(self):
        # The form is what a person uses: its lines' template is read-only
        # and must still be saved (issue #13: "Template" was reported unset).
        action_context = {"default_objective_id": self.objective.id}
        wizard_form = Form(
            self.env["bsc.sale.kpi.wizard"]
            .with_user(self.manager)
            .with_context(**action_context)
        )
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                if line.template in TARGETS:
                    line.target_value, line.red_flag_value = TARGETS[line.template]
        wizard = wizard_form.save()
        self.assertEqual(
            wizard.line_ids.mapped("template"),
            ["revenue", "growth", "aov", "new_customers", "conversion"],
        )
        wizard.action_create_kpis()
        self.assertEqual(self.kpis()["SALES_REVENUE"].target_value, 900)

    def test_templates_become_kpis_with_their_settings(self):
        self.run_wizard()
        kpis = self.kpis()
        self.assertEqual(
            sorted(kpis),
            ["SALES_AOV", "SALES_CONVERSION", "SALES_GROWTH", "SALES_NEW_CUSTOMERS",
             "SALES_REVENUE"],
        )  # fmt: skip
        settings = {
            code: (
                kpi.source_type, kpi.polarity, kpi.value_format, kpi.aggregation,
                kpi.frequency, kpi.target_value, kpi.red_flag_value,
            )
            for code, kpi in kpis.items()
        }  # fmt: skip
        self.assertEqual(
            settings,
            {
                "SALES_REVENUE": (
                    "sale_revenue", "higher", "monetary", "sum", "month", 900, 600,
                ),
                "SALES_GROWTH": ("formula", "higher", "percent", "avg", "month", 2, 0),
                "SALES_AOV": (
                    "sale_aov", "higher", "monetary", "avg", "month", 250, 150,
                ),
                "SALES_NEW_CUSTOMERS": (
                    "sale_new_customers", "higher", "number", "sum", "month", 2, 1,
                ),
                "SALES_CONVERSION": (
                    "sale_conversion", "higher", "percent", "avg", "month", 30, 20,
                ),
            },
        )  # fmt: skip
        self.assertEqual(
            kpis["SALES_GROWTH"].formula,
            "100 * (SALES_REVENUE - prev(SALES_REVENUE)) / prev(SALES_REVENUE)",
        )
        self.assertEqual(kpis["SALES_CONVERSION"].indicator_type, "leading")
        self.assertIn("first confirmed order", kpis["SALES_NEW_CUSTOMERS"].description)
        # They compute: revenue 500 then 800, growth +60 %.
        self.scorecard._bsc_recompute(periods=self.months[:2])
        february = kpis["SALES_GROWTH"].measurement_ids.filtered(
            lambda m: m.period_id.name == "2025-02"
        )
        self.assertAlmostEqual(february.actual_value, 60)
        self.assertEqual(february.status, "green")

    def test_templates_are_created_once(self):
        self.run_wizard()
        kpis = self.objective.kpi_ids
        wizard = self.run_wizard()
        self.assertTrue(all(wizard.line_ids.mapped("already_exists")))
        self.assertEqual(self.objective.kpi_ids, kpis)

    def test_suffix_and_parameters_add_the_same_kpis_for_a_team(self):
        self.run_wizard()
        self.run_wizard(code_suffix="_t1", sale_team_id=self.team_1.id)
        kpis = self.kpis()
        self.assertEqual(len(kpis), 10)
        self.assertEqual(kpis["SALES_REVENUE_T1"].sale_team_id, self.team_1)
        self.assertFalse(kpis["SALES_REVENUE"].sale_team_id)
        self.assertIn("prev(SALES_REVENUE_T1)", kpis["SALES_GROWTH_T1"].formula)
        self.assertEqual(self.values(kpis["SALES_REVENUE_T1"])["SALES_REVENUE_T1"],
                         [400, 500, 0, 0])  # fmt: skip

    def test_growth_needs_the_revenue_kpi(self):
        with self.assertRaisesRegex(UserError, "SALES_REVENUE.*tick Sales revenue"):
            self.run_wizard(untick=("revenue",))
        self.assertFalse(self.objective.kpi_ids)

    def test_only_managers_add_kpis(self):
        user = new_test_user(
            self.env, "test_sale_bsc_user", groups="bsc_core.group_bsc_user",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
        )  # fmt: skip
        with self.assertRaises(AccessError):
            self.run_wizard(user=user)

    def test_revenue_source_chosen_on_a_kpi_shows_an_amount(self):
        """Choosing "Sales: revenue" on a new KPI shows it in the currency,
        as the wizard's revenue template does; a count stays a number."""
        form = Form(self.env["bsc.kpi"].with_user(self.manager))
        form.name = "Revenue by hand"
        form.code = "REV_FORM"
        form.objective_id = self.objective
        self.assertEqual(form.value_format, "number")
        form.source_type = "sale_revenue"
        self.assertEqual((form.value_format, form.decimal_places), ("monetary", 0))
        form.source_type = "sale_orders"
        self.assertEqual(form.value_format, "monetary", "a choice is not undone")
        form.value_format = "number"
        form.target_value = 100
        form.red_flag_value = 50
        self.assertEqual(form.save().value_format, "number")
