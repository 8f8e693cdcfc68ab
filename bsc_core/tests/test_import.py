# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BscCase

FIELDS = ["kpi_id", "period_id", "actual_value", "comment"]


@tagged("post_install", "-at_install")
class TestImport(BscCase):
    """Values imported from a sheet (what Odoo's import calls: ``load``):
    one error per wrong row, and nothing written unless every row is right."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales = cls.make_kpi("IMP_SALES", name="Imported sales")
        cls.visits = cls.make_kpi("IMP_VISITS", user_id=cls.user.id)
        cls.quarterly = cls.make_kpi("IMP_NPS", frequency="quarter")
        cls.scorecard._bsc_recompute()

    def load(self, rows, user=None, **context):
        Measurement = self.env["bsc.measurement"].with_context(**context)
        if user:
            Measurement = Measurement.with_user(user)
        with mute_logger("odoo.sql_db"):
            return Measurement.load(FIELDS, rows)

    def errors(self, result):
        """{row index: message} of the error messages of a load."""
        return {
            m["rows"]["from"]: m["message"]
            for m in result["messages"]
            if m["type"] == "error"
        }

    def assert_nothing_written(self):
        for kpi in (self.sales, self.visits, self.quarterly):
            measurements = kpi.measurement_ids
            self.assertFalse(measurements.filtered("has_actual"), kpi.code)
            self.assertFalse(measurements.filtered("comment"), kpi.code)
        self.assertFalse(self.measurement(self.sales, "2026-12"))

    def test_rows_update_or_create_by_code_name_and_period(self):
        result = self.load(
            [
                ["IMP_SALES", "2026-01", "12.5", "Good start"],
                ["Imported sales", "2026-02", "0", ""],
                ["IMP_SALES", "2026-12", "40", ""],  # not computed yet: created
                ["IMP_NPS", "2026-Q1", "7", ""],
            ]
        )
        self.assertFalse(self.errors(result), result["messages"])
        self.assertEqual(len(result["ids"]), 4)
        january = self.measurement(self.sales, "2026-01")
        self.assertEqual(january.id, result["ids"][0], "the existing one is updated")
        self.assertEqual(
            (january.actual_value, january.has_actual, january.comment),
            (12.5, True, "Good start"),
        )
        february = self.measurement(self.sales, "2026-02")
        self.assertEqual((february.actual_value, february.has_actual), (0, True))
        december = self.measurement(self.sales, "2026-12")
        self.assertEqual((december.actual_value, december.origin), (40, "manual"))
        self.assertEqual(self.measurement(self.quarterly, "2026-Q1").actual_value, 7)

    def test_wrong_type_fails_its_row_and_writes_nothing(self):
        result = self.load(
            [
                ["IMP_SALES", "2026-01", "12", ""],
                ["IMP_SALES", "2026-02", "twelve", ""],
                ["IMP_SALES", "2026-12", "40", ""],
            ]
        )
        self.assertFalse(result["ids"])
        errors = self.errors(result)
        self.assertEqual(list(errors), [1])
        self.assertIn("twelve", errors[1])
        self.assert_nothing_written()

    def test_unknown_kpi_and_period_fail_their_rows(self):
        result = self.load(
            [
                ["NO_SUCH_KPI", "2026-01", "1", ""],
                ["IMP_SALES", "2026-01", "12", "kept only if all rows are right"],
                ["IMP_SALES", "2026-13", "1", ""],
                ["IMP_NPS", "2026-01", "1", ""],  # a quarterly KPI
                ["", "2026-01", "1", ""],
            ]
        )
        self.assertFalse(result["ids"])
        errors = self.errors(result)
        self.assertEqual(sorted(errors), [0, 2, 3, 4])
        self.assertEqual(errors[0], "No KPI has the code or name 'NO_SUCH_KPI'.")
        self.assertIn("has no month period '2026-13'", errors[2])
        self.assertIn("has no quarter period '2026-01'", errors[3])
        # each under its column, its reason also its value: the import screen
        # lists a column's several errors by value and row
        columns = {
            m["rows"]["from"]: (m["field"], m["value"])
            for m in result["messages"]
            if m["type"] == "error"
        }
        self.assertEqual(
            {row: field for row, (field, __) in columns.items()},
            {0: "kpi_id", 2: "period_id", 3: "period_id", 4: "kpi_id"},
        )
        self.assertEqual({row: value for row, (__, value) in columns.items()}, errors)
        self.assert_nothing_written()

    def test_locked_period_fails_its_row(self):
        self.period("2026-02").locked = True
        result = self.load(
            [
                ["IMP_SALES", "2026-01", "12", ""],
                ["IMP_SALES", "2026-02", "13", ""],
                ["IMP_SALES", "2026-12", "40", ""],
            ]
        )
        self.assertFalse(result["ids"])
        errors = self.errors(result)
        locked = "Period 2026-02 of scorecard 'Company A 2026' is locked"
        self.assertIn(locked, errors[1])
        # Odoo's load also shows the error of a failed batch on its first row.
        for message in errors.values():
            self.assertIn(locked, message)
        self.assert_nothing_written()

    def test_a_code_of_several_scorecards_needs_the_scorecard(self):
        other = self.env["bsc.scorecard"].create(
            {
                "name": "Company A 2026 bis",
                "company_id": self.company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        objective = self.env["bsc.objective"].create(
            {
                "name": "Sell more",
                "scorecard_id": other.id,
                "perspective_id": self.customer.id,
            }
        )
        twin = self.make_kpi("IMP_SALES", objective=objective)
        rows = [["IMP_SALES", "2026-12", "40", ""]]
        errors = self.errors(self.load(rows))
        self.assertIn("'IMP_SALES' names 2 KPIs", errors[0])
        self.assertIn("Company A 2026 bis", errors[0])
        self.assert_nothing_written()
        result = self.load(rows, default_scorecard_id=other.id)
        self.assertFalse(self.errors(result))
        self.assertEqual(self.measurement(twin, "2026-12").actual_value, 40)
        self.assertFalse(self.measurement(self.sales, "2026-12"))

    def test_owner_imports_only_their_kpis(self):
        result = self.load([["IMP_VISITS", "2026-01", "5", "Fair"]], user=self.user)
        self.assertFalse(self.errors(result), result["messages"])
        self.assertEqual(self.measurement(self.visits, "2026-01").actual_value, 5)
        result = self.load(
            [
                ["IMP_VISITS", "2026-02", "6", ""],
                ["IMP_SALES", "2026-01", "12", ""],  # owned by someone else
            ],
            user=self.user,
        )
        self.assertFalse(result["ids"])
        self.assertIn(1, self.errors(result))
        self.assertFalse(self.measurement(self.visits, "2026-02").has_actual)
        # Company B's user does not even see the KPI.
        errors = self.errors(
            self.load([["IMP_VISITS", "2026-03", "1", ""]], user=self.user_b)
        )
        self.assertEqual(errors[0], "No KPI has the code or name 'IMP_VISITS'.")
