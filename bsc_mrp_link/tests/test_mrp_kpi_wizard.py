# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import BscMrpCase


@tagged("post_install", "-at_install")
class TestMrpKpiWizard(BscMrpCase):
    """The "Add Manufacturing KPIs" wizard: templates become computed KPIs."""

    def test_templates_become_kpis_that_compute_once(self):
        manager = new_test_user(
            self.env,
            "test_mrp_bsc_manager",
            groups="bsc_core.group_bsc_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        for __ in range(2):
            wizard_form = Form(
                self.env["bsc.mrp.kpi.wizard"]
                .with_user(manager)
                .with_context(default_objective_id=self.objective.id)
            )
            wizard_form.mrp_workcenter_id = self.w1
            wizard_form.save().action_create_kpis()
        kpis = {kpi.code: kpi for kpi in self.objective.kpi_ids}
        self.assertEqual(
            sorted(kpis),
            ["MRP_LEAD_TIME", "MRP_LOSS_HOURS", "MRP_ON_TIME", "MRP_SCRAP_RATE"],
        )
        self.assertEqual(kpis["MRP_LOSS_HOURS"].mrp_workcenter_id, self.w1)
        self.assertEqual(kpis["MRP_LEAD_TIME"].polarity, "lower")
        values = self.values(self.objective.kpi_ids)
        self.assertEqual(values["MRP_ON_TIME"], [66.67, None, 0, None])
        self.assertEqual(values["MRP_LOSS_HOURS"], [1.5, 0.5, 0, 0])
        # nothing scrapped of what January and March produced
        self.assertEqual(values["MRP_SCRAP_RATE"], [0, None, 0, None])
