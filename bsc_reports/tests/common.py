# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.addons.bsc_core.tests.common import BscCase


class BscReportsCase(BscCase):
    """The small scorecard of BscCase with four KPIs measured in Jan and Feb.

    February, the period the reports show, by hand (target T, red flag R):

    - REVENUE (Grow revenue, amount, 0 decimals), T 100,000, R 80,000:
      90,000 in January, 110,000 in February: green, 6.67 + 3.33 / 2 = 8.33,
      trend up
    - MARGIN (Grow revenue, percent, 1 decimal), T 12, R 8: 10.5, yellow
    - ACCOUNTS (Win new customers, unit "accounts"), T 10, R 5: 3, red, with
      a comment
    - NPS (Win new customers, unit "pts"): no value, no data

    "Win new customers" drives "Grow revenue"; one initiative, at risk, moves
    "Win new customers".
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.objective.code = "C1"
        cls.objective_fin.code = "F1"
        cls.objective.effect_ids = cls.objective_fin
        cls.kpi_revenue = cls.make_kpi(
            "REVENUE",
            objective=cls.objective_fin,
            name="Revenue",
            value_format="monetary",
            decimal_places=0,
            target_value=100000,
            red_flag_value=80000,
        )
        cls.kpi_margin = cls.make_kpi(
            "MARGIN",
            objective=cls.objective_fin,
            name="Operating margin",
            value_format="percent",
            decimal_places=1,
            target_value=12,
            red_flag_value=8,
        )
        cls.kpi_accounts = cls.make_kpi(
            "ACCOUNTS",
            name="New accounts",
            unit="accounts",
            decimal_places=0,
            target_value=10,
            red_flag_value=5,
        )
        cls.kpi_nps = cls.make_kpi(
            "NPS",
            name="Net promoter score",
            unit="pts",
            decimal_places=0,
            target_value=40,
            red_flag_value=20,
        )
        months = cls.scorecard.period_ids.filtered(lambda p: p.frequency == "month")
        cls.jan = months.filtered(lambda p: p.date_start == date(2026, 1, 1))
        cls.feb = months.filtered(lambda p: p.date_start == date(2026, 2, 1))
        cls.scorecard._bsc_recompute(periods=cls.jan | cls.feb)
        for kpi, values in (
            (cls.kpi_revenue, {cls.jan: 90000, cls.feb: 110000}),
            (cls.kpi_margin, {cls.jan: 9, cls.feb: 10.5}),
            (cls.kpi_accounts, {cls.jan: 6, cls.feb: 3}),
        ):
            for period, value in values.items():
                cls.measurement_of(kpi, period).actual_value = value
        cls.measurement_of(
            cls.kpi_accounts, cls.feb
        ).comment = "Two deals slipped to March"
        cls.initiative = cls.env["bsc.initiative"].create(
            {
                "name": "Referral programme",
                "scorecard_id": cls.scorecard.id,
                "objective_ids": [(6, 0, cls.objective.ids)],
                "user_id": cls.user.id,
                "date_start": date(2026, 1, 15),
                "date_end": date(2026, 6, 30),
                "budget_planned": 5000,
                "budget_spent": 2000,
                "progress": 40,
                "state": "at_risk",
            }
        )
        # What the wizard sends: February, with January as history
        cls.data = {
            "scorecard_ids": cls.scorecard.ids,
            "period_id": cls.feb.id,
            "history_from_id": cls.jan.id,
        }

    @classmethod
    def measurement_of(cls, kpi, period):
        return kpi.measurement_ids.filtered(lambda m: m.period_id == period)

    @classmethod
    def make_empty_scorecard(cls):
        """A scorecard with an objective and a KPI but no measurement."""
        scorecard = cls.env["bsc.scorecard"].create(
            {
                "name": "Empty 2026",
                "company_id": cls.company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        objective = cls.env["bsc.objective"].create(
            {
                "name": "Keep customers happy",
                "scorecard_id": scorecard.id,
                "perspective_id": cls.customer.id,
            }
        )
        cls.make_kpi("HAPPY", objective=objective, name="Happy customers")
        return scorecard

    def feb_matrix_rows(self):
        """``{name or code: row}`` of the February matrix the screen shows."""
        matrix = self.scorecard._bsc_matrix_of(self.feb)
        rows = {"scorecard": matrix}
        for perspective in matrix["perspectives"]:
            rows[perspective["name"]] = perspective
            for objective in perspective["objectives"]:
                rows[objective["name"]] = objective
                for kpi in objective["kpis"]:
                    rows[kpi["code"]] = kpi
        return rows
