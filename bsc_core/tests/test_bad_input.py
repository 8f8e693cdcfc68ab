# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import keyword
import re

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..engine import formula as formula_engine
from .common import BscCase


@tagged("post_install", "-at_install")
class TestBadInput(BscCase):
    """Everything a user can type gets a clear error and changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revenue = cls.make_kpi("REVENUE")
        cls.headcount = cls.make_kpi("HEADCOUNT")
        cls.per_head = cls.make_kpi(
            "PER_HEAD",
            name="Revenue per head",
            source_type="formula",
            formula="REVENUE / HEADCOUNT",
        )

    def assert_refused(self, record, vals, message, error=ValidationError):
        before = record.read(list(vals))[0]
        with self.assertRaisesRegex(error, message):
            with self.env.cr.savepoint():
                record.write(vals)
        record.invalidate_recordset()
        self.assertEqual(record.read(list(vals))[0], before)

    def test_formula_syntax_error(self):
        self.assert_refused(
            self.per_head, {"formula": "REVENUE / (HEADCOUNT"}, "Revenue per head"
        )

    def test_formula_forbidden_construct(self):
        self.assert_refused(
            self.per_head, {"formula": "REVENUE.__class__"}, "not allowed"
        )
        self.assert_refused(
            self.per_head, {"formula": "__import__('os')"}, "not allowed"
        )

    def test_formula_unknown_code(self):
        self.assert_refused(
            self.per_head,
            {"formula": "REVENUE / HEADCONT"},
            r"Revenue per head.*unknown code 'HEADCONT'.*HEADCOUNT",
        )

    def test_formula_cycle(self):
        self.assert_refused(
            self.revenue,
            {"source_type": "formula", "formula": "PER_HEAD * HEADCOUNT"},
            "circular reference: .*PER_HEAD.*REVENUE",
        )

    def test_division_by_zero_at_compute_time(self):
        self.scorecard._bsc_recompute()
        january = self.measurement(self.revenue, "2026-01")
        january.actual_value = 100
        self.measurement(self.headcount, "2026-01").actual_value = 0
        per_head = self.measurement(self.per_head, "2026-01")
        self.assertFalse(per_head.has_actual)
        self.assertIn("#DIV/0 in REVENUE / HEADCOUNT", per_head.error_text)
        self.assertEqual(per_head.status, "none")

    def test_red_flag_on_the_wrong_side(self):
        self.assert_refused(
            self.revenue, {"red_flag_value": 20}, "red flag .*below the target"
        )
        self.assert_refused(
            self.revenue,
            {"polarity": "lower"},
            "red flag .*above the target",
        )
        self.assert_refused(
            self.revenue,
            {
                "polarity": "range",
                "target_value": 10,
                "target_max_value": 5,
                "tolerance_value": 1,
            },
            "range",
        )

    @mute_logger("odoo.sql_db")
    def test_duplicate_code(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.make_kpi("REVENUE", objective=self.objective_fin)
        self.assertEqual(
            self.scorecard.kpi_ids.filtered(lambda k: k.code == "REVENUE"), self.revenue
        )

    def test_invalid_code(self):
        not_valid = (
            "is not a valid KPI code: use letters A-Z, digits and _, not starting "
            "with a digit (e.g. REVENUE_PER_HEAD)"
        )
        refused = {
            "1ABC": f"'1ABC' {not_valid}",
            "REV ENUE": f"'REV ENUE' {not_valid}",
            "a.b": f"'a.b' {not_valid}",
            # Once let through by the model's own pattern ($ before a newline).
            "REVENUE\n": f"'REVENUE\\n' {not_valid}",
            "prev": "'prev' is a reserved word and cannot be a KPI code: it is a "
            "formula function, which formulas would not read as a KPI; use another "
            "code, e.g. 'PREV'",
            # Python keywords: once saved, and then no formula could use them.
            "class": "'class' is a reserved word and cannot be a KPI code: it is a "
            "Python keyword, which formulas would not read as a KPI; use another "
            "code, e.g. 'CLASS'",
            "in": "'in' is a reserved word and cannot be a KPI code: it is a "
            "Python keyword, which formulas would not read as a KPI; use another "
            "code, e.g. 'IN'",
        }
        for code, message in refused.items():
            with (
                self.subTest(code=code),
                self.assertRaisesRegex(
                    ValidationError, re.escape(f"KPI '{code.title()}': {message}")
                ),
                self.env.cr.savepoint(),
            ):
                self.make_kpi(code)
        self.assert_refused(
            self.revenue,
            {"code": "class"},
            re.escape("KPI 'Revenue': 'class' is a reserved word"),
        )

    def test_every_code_saved_can_be_used_in_formulas(self):
        candidates = [
            *keyword.kwlist,
            *keyword.softkwlist,
            *formula_engine.FUNCTIONS,
            *("len", "self", "env", "__import__", "CLASS", "class_", "In"),
            *("REVENUE\n", " ROI", "ｃｌａｓｓ", "é"),
        ]
        saved = self.env["bsc.kpi"]
        for code in candidates:
            try:
                with self.env.cr.savepoint():
                    saved |= self.make_kpi(code, objective=self.objective_fin)
            except ValidationError as error:
                # Refused with the rule, naming the code.
                self.assertIn("KPI code", str(error))
                self.assertIn(repr(code)[1:-1], str(error))
        # Soft keywords (match, case, _) are names wherever formulas use them.
        self.assertEqual(
            set(saved.mapped("code")),
            {*keyword.softkwlist, "len", "self", "env", "__import__"}
            | {"CLASS", "class_", "In"},
        )
        twice = {
            kpi: self.make_kpi(
                f"TWICE_{index}",
                source_type="formula",
                formula=f"2 * {kpi.code} + 0 * ytd({kpi.code})",
            )
            for index, kpi in enumerate(saved)
        }
        self.scorecard._bsc_recompute()
        for kpi in saved:
            self.measurement(kpi, "2026-01").actual_value = 21
        self.scorecard._bsc_recompute()
        for kpi, formula_kpi in twice.items():
            with self.subTest(code=kpi.code):
                self.assertEqual(
                    self.measurement(formula_kpi, "2026-01").actual_value, 42
                )

    def test_write_on_locked_period(self):
        self.scorecard._bsc_recompute()
        january = self.measurement(self.revenue, "2026-01")
        january.actual_value = 5
        january.period_id.action_lock()
        self.assert_refused(
            january, {"actual_value": 7}, "2026-01 .* locked", error=UserError
        )
        with self.assertRaisesRegex(UserError, "locked"), self.env.cr.savepoint():
            january.unlink()
        self.assertTrue(january.exists())

    def test_source_domain_naming_a_missing_field(self):
        source = self.make_source("Contacts")
        self.assert_refused(
            source,
            {"domain": "[('no_such_field', '=', 1)]"},
            "Source 'Contacts'.*no_such_field",
        )
        self.assert_refused(source, {"domain": "[('name', '=', uid)]"}, "literal")
        self.assert_refused(source, {"domain": "{'a': 1}"}, "must be a list")

    def test_source_sum_needs_a_numeric_measure(self):
        source = self.make_source("Contacts")
        self.assert_refused(
            source,
            {"aggregate": "sum", "measure_field_id": self.date_field.id},
            "numeric measure",
        )

    def test_cause_effect_cycle_and_self_link(self):
        a = self.objective
        b = self.objective_fin
        a.effect_ids = b
        self.assert_refused(b, {"effect_ids": [(6, 0, a.ids)]}, "cycle: .*Grow revenue")
        self.assert_refused(a, {"effect_ids": [(4, a.id)]}, "cannot drive itself")

    def test_kpi_used_by_a_formula_cannot_be_deleted(self):
        with self.assertRaisesRegex(UserError, "PER_HEAD|Revenue per head"):
            self.revenue.unlink()
        self.assertTrue(self.revenue.exists())

    def test_objective_in_a_perspective_the_scorecard_does_not_use(self):
        self.scorecard.scorecard_perspective_ids.filtered(
            lambda line: line.perspective_id.name == "Internal Processes"
        ).unlink()
        internal = self.env.ref("bsc_core.perspective_internal")
        with self.assertRaisesRegex(ValidationError, "does not use"):
            with self.env.cr.savepoint():
                self.env["bsc.objective"].create(
                    {
                        "name": "Speed up",
                        "scorecard_id": self.scorecard.id,
                        "perspective_id": internal.id,
                    }
                )
