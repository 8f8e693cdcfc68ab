# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, tagged

from .common import BscCase


@tagged("post_install", "-at_install")
class TestKpiDefaults(BscCase):
    """A new KPI shows counts without decimals ("8 FTE", not "8.00 FTE")."""

    def test_count_units_default_to_no_decimals(self):
        created = {
            unit: self.make_kpi(f"DEC_{index}", unit=unit).decimal_places
            for index, unit in enumerate(("FTE", " orders ", "%", "days", False))
        }
        self.assertEqual(
            created, {"FTE": 0, " orders ": 0, "%": 2, "days": 2, False: 2}
        )
        # decimals given stay as given
        kept = self.make_kpi("DEC_KEPT", unit="visits", decimal_places=1)
        self.assertEqual(kept.decimal_places, 1)

    def test_form_unit_sets_the_decimals(self):
        form = Form(self.env["bsc.kpi"].with_user(self.manager))
        form.name = "Headcount"
        form.code = "DEC_FORM"
        form.objective_id = self.objective
        self.assertEqual(form.decimal_places, 2)
        form.unit = "FTE"
        self.assertEqual(form.decimal_places, 0)
        form.target_value = 10
        form.red_flag_value = 8
        kpi = form.save()
        self.assertEqual(kpi.decimal_places, 0)
