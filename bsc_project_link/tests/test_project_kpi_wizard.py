# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, tagged

from odoo.addons.bsc_core.tests.common import TemplateWizardAccessMatrix

from .common import BscProjectCase


@tagged("post_install", "-at_install")
class TestProjectKpiWizard(BscProjectCase):
    """The "Add Project KPIs" wizard: templates become computed KPIs once."""

    def run_wizard(self, untick=(), **vals):
        wizard_form = Form(
            self.env["bsc.project.kpi.wizard"]
            .with_user(self.manager)
            .with_context(default_objective_id=self.objective.id)
        )
        for field, value in vals.items():
            setattr(wizard_form, field, value)
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                if line.template in untick:
                    line.selected = False
        wizard = wizard_form.save()
        wizard.action_create_kpis()
        return wizard

    def test_templates_become_kpis_that_compute(self):
        self.run_wizard(untick=("tasks_overdue",), project_project_id=self.project)
        kpis = {kpi.code: kpi for kpi in self.objective.kpi_ids}
        self.assertTrue(
            {"PROJ_TASKS_ON_TIME", "PROJ_HOURS", "PROJ_MILESTONES_ON_TIME"} <= set(kpis)
        )
        self.assertNotIn("PROJ_TASKS_OVERDUE", kpis)
        hours = kpis["PROJ_HOURS"]
        self.assertEqual(
            (hours.source_type, hours.project_project_id, hours.unit),
            ("project_hours", self.project, "h"),
        )
        self.assertIn("timesheets", hours.description)
        october = self.period("2026-10")
        # Ann's 10 h of 15 October on the shared project (company A's)
        self.assertEqual(hours._bsc_source_values(october)[(hours.id, october.id)][0],
                         10.0)  # fmt: skip
        # again: the templates the scorecard has are skipped
        count = len(self.objective.kpi_ids)
        self.run_wizard(untick=("tasks_overdue",), project_project_id=self.project)
        self.assertEqual(len(self.objective.kpi_ids), count)


@tagged("post_install", "-at_install")
class TestProjectKpiWizardAccess(TemplateWizardAccessMatrix, BscProjectCase):
    wizard_model = "bsc.project.kpi.wizard"
