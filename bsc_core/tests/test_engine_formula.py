# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import copy
import datetime
import keyword
import math
import pickle
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine import formula
from odoo.addons.bsc_core.engine.formula import (
    DictContext,
    ErrorValue,
    FormulaError,
    PeriodContext,
    check_code,
    check_codes,
    evaluation_order,
    parse,
)
from odoo.addons.bsc_core.engine.periods import generate_periods

# Derandomized so that the suite gives the same verdict on every run; no
# example database, so that nothing is written into the repository.
PROPERTY_SETTINGS = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

ALLOWED = "allowed: abs, avg, max, min, prev, round, sum, ytd"


def accepted(code):
    """Whether ``check_code`` lets ``code`` name a KPI."""
    try:
        check_code(code)
    except FormulaError:
        return False
    return True


def referenced(code):
    """Whether formulas read ``code`` as that KPI code: alone, in prev() and
    in ytd()."""
    try:
        parsed = parse(f"{code} + prev({code}) + ytd({code})")
    except FormulaError:
        return False
    return (parsed.codes, parsed.prev_codes, parsed.ytd_codes) == (
        {code},
        {code},
        {code},
    )


def evaluate(text, series=None, index=None, ytd=None):
    """Evaluate ``text`` over ``series`` at ``index`` (default: the last period)."""
    series = series or {}
    if index is None:
        index = max((len(values) for values in series.values()), default=1) - 1
    return parse(text).evaluate(DictContext(series, index, ytd))


@tagged("post_install", "-at_install", "bsc_engine")
class TestFormulaLanguage(BaseCase):
    def test_arithmetic_follows_usual_precedence(self):
        cases = {
            "1 + 2 * 3": 7.0,
            "(1 + 2) * 3": 9.0,
            "10 / 4": 2.5,
            "7 % 3": 1.0,
            "-7 % 3": 2.0,  # remainder takes the divisor's sign, as in Python
            "2 ** 3": 8.0,
            "-2 ** 2": -4.0,
            "2 ** -1": 0.5,
            "+5 - -5": 10.0,
            "1e3 + 0.5": 1000.5,
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(evaluate(text), expected)

    def test_comparisons_give_one_or_zero_and_chain(self):
        cases = {
            "3 > 2": 1.0,
            "3 < 2": 0.0,
            "2 >= 2": 1.0,
            "2 <= 1": 0.0,
            "2 == 2.0": 1.0,
            "2 != 2": 0.0,
            "1 < 2 < 3": 1.0,
            "1 < 3 < 2": 0.0,
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(evaluate(text), expected)

    def test_and_or_not_give_truth_values(self):
        series = {"A": [5.0], "B": [0.0]}
        cases = {
            "A > 0 and B > 0": 0.0,
            "A > 0 or B > 0": 1.0,
            "not B": 1.0,
            "not A": 0.0,
            "A and 7": 1.0,
            "B or 0": 0.0,
            "True + True": 2.0,
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(evaluate(text, series), expected)

    def test_only_the_branch_taken_is_computed(self):
        series = {"A": [10.0], "B": [0.0]}
        self.assertEqual(evaluate("0 if B == 0 else A / B", series), 0.0)
        self.assertEqual(evaluate("A / 4 if A > 5 else A", series), 2.5)
        # And/or short-circuit too: the division is never attempted.
        self.assertEqual(evaluate("B != 0 and A / B > 1", series), 0.0)

    def test_functions(self):
        series = {"A": [-3.0], "B": [4.0]}
        cases = {
            "abs(A)": 3.0,
            "min(A, B, 0)": -3.0,
            "max(A, B, 0)": 4.0,
            "sum(A, B, 10)": 11.0,
            "avg(1, 2, 3, 4)": 2.5,
            "avg(B)": 4.0,
            "round(2.5)": 3.0,
            "round(-2.5)": -3.0,
            # Halves round away from zero on the decimal text, as a spreadsheet
            # does (Python's round(2.675, 2) gives 2.67).
            "round(2.675, 2)": 2.68,
            "round(1250, -2)": 1300.0,
            "round(B / 3, 3)": 1.333,
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(evaluate(text, series), expected)

    def test_prev_and_ytd(self):
        series = {"REVENUE": [100.0, 120.0, 90.0]}
        growth = "100 * (REVENUE - prev(REVENUE)) / prev(REVENUE)"
        self.assertEqual(evaluate(growth, series), -25.0)
        self.assertEqual(evaluate(growth, series, index=1), 20.0)
        self.assertEqual(evaluate("prev(REVENUE, 2)", series), 100.0)
        # A "sum" KPI: ytd is the sum of the months since January.
        self.assertEqual(evaluate("ytd(REVENUE)", series), 310.0)
        self.assertEqual(evaluate("ytd(REVENUE)", series, index=1), 220.0)
        # The models pass the true year to date (periods since January).
        self.assertEqual(evaluate("ytd(REVENUE)", series, ytd={"REVENUE": 90.0}), 90.0)

    def test_ytd_follows_the_kpi_aggregation_as_in_production(self):
        """The test context is production's: ytd() aggregates the months of
        the current calendar year by the KPI's aggregation."""
        series = {"RATE": [10.0, None, 40.0], "STAFF": [5.0, 7.0, None]}
        aggregation = {"RATE": "avg", "STAFF": "last"}

        def ytd(code, index=2, **kwargs):
            return parse(f"ytd({code})").evaluate(
                DictContext(series, index, aggregation=aggregation, **kwargs)
            )

        self.assertEqual(ytd("RATE"), 25.0)  # (10 + 40) / 2, not 50
        self.assertEqual(ytd("STAFF"), 7.0)  # the last value, not 12
        # A series from November: January starts a new year to date
        self.assertEqual(ytd("RATE", start=datetime.date(2026, 11, 1)), 40.0)
        self.assertEqual(ytd("RATE", index=1, start=datetime.date(2026, 11, 1)), 10.0)
        # The first error value of the year wins, as in production
        broken = {"A": [1.0, ErrorValue("#DIV/0", "#DIV/0 in X / Y"), 3.0]}
        result = parse("ytd(A)").evaluate(DictContext(broken, 2))
        self.assertEqual(result.code, "#DIV/0")

    def test_period_context_over_other_periods(self):
        """PeriodContext is what the recompute evaluates formulas with."""
        quarters = generate_periods(
            datetime.date(2025, 10, 1), datetime.date(2026, 9, 30), "quarter"
        )
        values = {"Q": dict(zip(quarters, [1.0, 2.0, 4.0, 8.0], strict=True))}
        context = PeriodContext(
            quarters, 2, lambda code, period: values[code][period], {"Q": "sum"}
        )
        self.assertEqual(parse("ytd(Q)").evaluate(context), 6.0)  # 2026-Q1..Q2
        self.assertEqual(parse("prev(Q, 2)").evaluate(context), 1.0)
        self.assertIsNone(context.value("Q", 3))
        self.assertEqual(parse("prev(NOPE)").evaluate(context).code, "#NAME")

    def test_prev_before_the_first_period_has_no_data(self):
        series = {"REVENUE": [100.0, 120.0, 90.0]}
        result = evaluate("prev(REVENUE, 3)", series)
        self.assertIsInstance(result, ErrorValue)
        self.assertEqual(result.code, "#NODATA")
        self.assertEqual(
            result.message, "no value for prev(REVENUE, 3) in prev(REVENUE, 3)"
        )

    def test_codes_of_a_formula(self):
        parsed = parse("100 * (REVENUE - prev(REVENUE, 2)) / ytd(COST) + MARGIN")
        self.assertEqual(parsed.codes, {"REVENUE", "COST", "MARGIN"})
        self.assertEqual(parsed.same_period_codes, {"REVENUE", "COST", "MARGIN"})
        self.assertEqual(parsed.prev_codes, {"REVENUE"})
        self.assertEqual(parsed.ytd_codes, {"COST"})
        self.assertEqual(parsed.max_shift, 2)
        # A code only used in prev() is not needed in the same period: a KPI
        # may accumulate on its own previous value without a cycle.
        running = parse("prev(TOTAL) + SALES")
        self.assertEqual(running.codes, {"TOTAL", "SALES"})
        self.assertEqual(running.same_period_codes, {"SALES"})
        self.assertEqual(running.prev_codes, {"TOTAL"})
        self.assertEqual(parse("2 * 3").codes, frozenset())

    def test_codes_are_case_sensitive_identifiers(self):
        self.assertEqual(
            parse("Revenue + REVENUE + _x1").codes, {"Revenue", "REVENUE", "_x1"}
        )
        self.assertEqual(parse(" \n REVENUE \n").codes, {"REVENUE"})
        self.assertEqual(parse(" \n REVENUE \n").text, " \n REVENUE \n")

    def test_a_long_flat_sum_is_not_deep(self):
        # 200 terms: far more than the depth limit, yet one level of nesting.
        codes = [f"K{number}" for number in range(200)]
        series = {code: [1.0] for code in codes}
        self.assertEqual(evaluate(" + ".join(codes), series), 200.0)


@tagged("post_install", "-at_install", "bsc_engine")
class TestFormulaErrorValues(BaseCase):
    def test_division_by_zero_names_the_sub_expression(self):
        series = {"REVENUE": [1000.0], "HEADCOUNT": [0.0]}
        result = evaluate("REVENUE / HEADCOUNT", series)
        self.assertEqual(result.code, "#DIV/0")
        self.assertEqual(result.message, "#DIV/0 in REVENUE / HEADCOUNT")
        self.assertEqual(str(result), "#DIV/0 in REVENUE / HEADCOUNT")
        result = evaluate("10 + REVENUE / HEADCOUNT * 2", series)
        self.assertEqual(result.message, "#DIV/0 in REVENUE / HEADCOUNT")
        self.assertEqual(evaluate("REVENUE % HEADCOUNT", series).code, "#DIV/0")
        self.assertEqual(evaluate("HEADCOUNT ** -1", series).code, "#DIV/0")

    def test_missing_input_is_no_data(self):
        series = {"REVENUE": [1000.0], "HEADCOUNT": [None]}
        result = evaluate("REVENUE / HEADCOUNT", series)
        self.assertEqual(result.code, "#NODATA")
        self.assertEqual(
            result.message, "no value for HEADCOUNT in REVENUE / HEADCOUNT"
        )
        result = evaluate("ytd(HEADCOUNT)", series)
        self.assertEqual(
            result.message, "no value for ytd(HEADCOUNT) in ytd(HEADCOUNT)"
        )

    def test_unknown_code_at_evaluation_is_name_error(self):
        result = evaluate("REVENUE / HEADCONT", {"REVENUE": [1.0]})
        self.assertEqual(result.code, "#NAME")
        self.assertEqual(
            result.message, "unknown code 'HEADCONT' in REVENUE / HEADCONT"
        )
        self.assertEqual(evaluate("prev(NOPE)", {}).code, "#NAME")
        self.assertEqual(evaluate("ytd(NOPE)", {}).code, "#NAME")
        # Names never reach Python objects: a builtin's name is just a code.
        self.assertEqual(evaluate("__builtins__", {}).code, "#NAME")

    def test_an_input_error_propagates_and_the_first_error_wins(self):
        upstream = ErrorValue("#DIV/0", "#DIV/0 in COST / UNITS")
        series = {"A": [upstream], "B": [2.0], "C": [None], "Z": [0.0]}
        self.assertIs(evaluate("A * 2 + B", series), upstream)
        self.assertIs(evaluate("max(B, A)", series), upstream)
        self.assertIs(evaluate("-A", series), upstream)
        self.assertEqual(evaluate("B / Z + C", series).code, "#DIV/0")
        self.assertEqual(evaluate("C + B / Z", series).code, "#NODATA")

    def test_error_value_arithmetic_propagates(self):
        first = ErrorValue("#NODATA", "no value for A in A + B")
        second = ErrorValue("#DIV/0", "#DIV/0 in B / C")
        self.assertIs(first + 1, first)
        self.assertIs(1 - first, first)
        self.assertIs(2.5 * first, first)
        self.assertIs(first / 0, first)
        self.assertIs(first**2, first)
        self.assertIs(-first, first)
        self.assertIs(first + second, first)
        self.assertIs(second * first, second)
        self.assertEqual(first, ErrorValue("#NODATA", "no value for A in A + B"))
        with self.assertRaises(AttributeError):
            first.code = "#ERR"
        self.assertEqual(copy.deepcopy(first), first)
        self.assertEqual(pickle.loads(pickle.dumps(first)), first)

    def test_out_of_range_is_num(self):
        cases = {
            "2 ** 101": "#NUM in 2 ** 101: the exponent 101 is beyond +-100",
            "9**9**9": "#NUM in 9**9**9: the exponent 387420489 is beyond +-100",
            "(-8) ** 0.5": "#NUM in (-8) ** 0.5: a negative number has no "
            "fractional power",
            "1e200 * 1e200": "#NUM in 1e200 * 1e200: the result is out of range",
            "1e300 ** 2": "#NUM in 1e300 ** 2: the result is out of range",
        }
        for text, message in cases.items():
            with self.subTest(text=text):
                result = evaluate(text)
                self.assertEqual(result.code, "#NUM")
                self.assertEqual(result.message, message)
        self.assertEqual(evaluate("A + 1", {"A": [math.inf]}).code, "#NUM")
        self.assertEqual(evaluate("A + 1", {"A": [math.nan]}).code, "#NUM")

    def test_evaluate_never_raises(self):
        class BrokenContext:
            def value(self, code, shift=0):
                raise RuntimeError("database went away")

            def ytd(self, code):
                raise RuntimeError("database went away")

        result = parse("A + 1").evaluate(BrokenContext())
        self.assertEqual(result.code, "#ERR")
        self.assertEqual(result.message, "#ERR in A + 1: database went away")
        result = evaluate("A + 1", {"A": ["12"]})
        self.assertEqual(result.code, "#ERR")
        self.assertEqual(result.message, "the value of A is not a number in A + 1")

    def test_dict_context(self):
        ctx = DictContext({"A": [1.0, None, 3.0, ErrorValue("#ERR", "x")]}, 2)
        self.assertEqual(ctx.value("A"), 3.0)
        self.assertIsNone(ctx.value("A", 1))
        self.assertEqual(ctx.value("A", 2), 1.0)
        self.assertIsNone(ctx.value("A", 3))
        self.assertEqual(ctx.ytd("A"), 4.0)
        self.assertEqual(DictContext({"A": [None, 2.0]}, 0).ytd("A"), None)
        with self.assertRaises(KeyError):
            ctx.value("B")


@tagged("post_install", "-at_install", "bsc_engine")
class TestFormulaRefused(BaseCase):
    def assertRefused(self, text, message):
        """parse(text) raises FormulaError whose message starts with ``message``."""
        with self.assertRaises(FormulaError) as caught:
            parse(text)
        self.assertIsInstance(caught.exception, ValueError)
        self.assertTrue(
            caught.exception.message.startswith(message),
            f"{caught.exception.message!r} does not start with {message!r}",
        )

    def test_forbidden_constructs_are_named(self):
        cases = {
            "(1).__class__": "attribute access is not allowed: (1).__class__",
            "REVENUE.amount": "attribute access is not allowed",
            "A.b()": "attribute access is not allowed",
            "A[0]": "subscripts ([...]) are not allowed",
            "lambda: 1": "lambda functions are not allowed",
            "[x for x in y]": "comprehensions are not allowed",
            "{x for x in y}": "comprehensions are not allowed",
            "{x: 1 for x in y}": "comprehensions are not allowed",
            "sum(x for x in y)": "comprehensions are not allowed",
            "'abc'": "text strings are not allowed",
            "b'abc'": "text strings are not allowed",
            "f'{A}'": "f-strings are not allowed",
            "(x := 1)": "assignment expressions (:=) are not allowed",
            "[*A]": "lists are not allowed",
            "{1: 2}": "dictionaries are not allowed",
            "[1, 2]": "lists are not allowed",
            "{1, 2}": "sets are not allowed",
            "(1, 2)": "tuples are not allowed",
            "A, B": "tuples are not allowed",
            "1j": "complex numbers are not allowed",
            "None": "None is not allowed",
            "...": "Ellipsis is not allowed",
            "1e999": "numbers beyond 1e+300 are not allowed",
            "A // B": "operator '//' is not allowed",
            "A @ B": "operator '@' is not allowed",
            "A & B": "operator '&' is not allowed",
            "A | B": "operator '|' is not allowed",
            "A ^ B": "operator '^' is not allowed",
            "A << 2": "operator '<<' is not allowed",
            "~A": "operator '~' is not allowed",
            "A in B": "operator 'in' is not allowed",
            "A is B": "operator 'is' is not allowed",
            "A is not B": "operator 'is not' is not allowed",
            "(yield)": "'yield' is not allowed",
            "await A": "'await' is not allowed",
        }
        for text, message in cases.items():
            with self.subTest(text=text):
                self.assertRefused(text, message)

    def test_only_whitelisted_functions_can_be_called(self):
        self.assertRefused("open('x')", f"function 'open' is not allowed; {ALLOWED}")
        self.assertRefused("__import__('os')", "function '__import__' is not allowed")
        self.assertRefused("eval('1')", "function 'eval' is not allowed")
        self.assertRefused("(A)(1)", "function 'A' is not allowed")
        self.assertRefused("(lambda: 1)()", "only the functions abs, avg")
        self.assertRefused("round(A, ndigits=2)", "round() takes no keyword arguments")
        self.assertRefused("max(**A)", "max() takes no keyword arguments")
        self.assertRefused("sum(*A)", "sum() takes no starred arguments (*)")
        self.assertRefused("abs(A, B)", "abs() takes one argument, not 2")
        self.assertRefused("round(A, 1, 2)", "round() takes at most 2 arguments, not 3")
        self.assertRefused("min()", "min() needs at least 1 argument")
        self.assertRefused("sum", "'sum' is a function; call it as sum(...)")
        self.assertRefused("prev + 1", "'prev' is a function")

    def test_prev_ytd_and_round_arguments(self):
        shift = "the number of periods in prev() must be a whole number from 1 to 1000"
        self.assertRefused("prev(1)", "prev() needs a KPI code as first argument")
        self.assertRefused("prev(A + B)", "prev() needs a KPI code as first argument")
        self.assertRefused("prev(A, 0)", shift)
        self.assertRefused("prev(A, -1)", shift)
        self.assertRefused("prev(A, 1.5)", shift)
        self.assertRefused("prev(A, B)", shift)
        self.assertRefused("prev(A, 1001)", shift)
        self.assertRefused("prev(sum)", "'sum' is a function")
        self.assertRefused("ytd(2)", "ytd() needs a KPI code as first argument")
        self.assertRefused("ytd(A, B)", "ytd() takes one argument, not 2")
        self.assertRefused("round(A, B)", "the number of decimals in round() must be")
        self.assertRefused("round(A, 16)", "the number of decimals in round() must be")
        self.assertEqual(parse("prev(A, 12) + round(A, -2)").max_shift, 12)

    def test_statements_and_several_expressions(self):
        self.assertRefused("import os", "imports are not allowed")
        self.assertRefused("from os import path", "imports are not allowed")
        self.assertRefused("x = 1", "assignments are not allowed")
        self.assertRefused("A += 1", "assignments are not allowed")
        self.assertRefused("def f(): pass", "definitions are not allowed")
        self.assertRefused("while 1: pass", "loops are not allowed")
        self.assertRefused("del A", "statements (delete) are not allowed")
        self.assertRefused("A; B", "a formula is a single expression, not 2 statements")
        self.assertRefused("A\nB", "a formula is a single expression, not 2 statements")

    def test_syntax_errors_give_the_position(self):
        self.assertRefused("A + * B", "syntax error at column 5: invalid syntax")
        self.assertRefused("  A + * B", "syntax error at column 7: invalid syntax")
        self.assertRefused("A +", "syntax error at the end of the formula")
        self.assertRefused("(A", "syntax error at column 1: '(' was never closed")
        self.assertRefused("x := 1", "syntax error at column 3")
        self.assertRefused("A +\n * B", "syntax error at line 1, column 4")

    def test_codes_must_be_plain_identifiers(self):
        self.assertRefused("é + 1", "'é' is not a valid KPI code")
        # The parser would turn these full-width letters into plain REV.
        self.assertRefused("ＲＥＶ", "'ＲＥＶ' is not a valid KPI code")

    def test_limits(self):
        self.assertRefused("", "the formula is empty")
        self.assertRefused(" \n ", "the formula is empty")
        self.assertRefused("(" * 5000, "the formula is too long: 5000 characters")
        self.assertRefused(
            "A" * 1_000_000, "the formula is too long: 1000000 characters"
        )
        self.assertRefused("(" * 51 + "A" + ")" * 51, "the formula nests brackets")
        self.assertRefused("abs(" * 60 + "A" + ")" * 60, "the formula nests brackets")
        self.assertRefused("-" * 60 + "A", "the formula is nested more than 50 levels")
        self.assertRefused("-" * 1999 + "A", "the formula is")
        self.assertRefused("not " * 400 + "A", "the formula is")
        self.assertRefused(
            " + ".join(["A"] * 300), "the formula is too long: more than 500"
        )
        self.assertRefused("A\0", "the formula contains a null character")
        self.assertTrue(parse("(" * 50 + "A" + ")" * 50))
        with self.assertRaises(FormulaError) as caught:
            parse(None)
        self.assertEqual(
            caught.exception.message, "a formula must be text, not NoneType"
        )

    def test_huge_power_is_never_computed(self):
        # Parsing does not fold constants and evaluation bounds the exponent
        # first: this returns at once instead of computing 9 ** 387420489.
        self.assertEqual(evaluate("9**9**9").code, "#NUM")
        self.assertEqual(evaluate("(10 ** 100) ** (10 ** 100)").code, "#NUM")


@tagged("post_install", "-at_install", "bsc_engine")
class TestFormulaCodes(BaseCase):
    def test_check_codes_names_the_unknown_code(self):
        known = ["REVENUE", "HEADCOUNT"]
        check_codes(parse("REVENUE / HEADCOUNT"), known)
        check_codes("prev(REVENUE) + 1", known)
        with self.assertRaises(FormulaError) as caught:
            check_codes(parse("REVENUE / HEADCONT"), known)
        self.assertEqual(
            caught.exception.message,
            "formula uses unknown code 'HEADCONT'; known codes: HEADCOUNT, REVENUE",
        )
        with self.assertRaises(FormulaError) as caught:
            check_codes("REVENUE / HEADCONT", known, kpi_label="Revenue per head")
        self.assertEqual(
            caught.exception.message,
            "KPI 'Revenue per head': formula uses unknown code 'HEADCONT'; "
            "known codes: HEADCOUNT, REVENUE",
        )
        with self.assertRaises(FormulaError) as caught:
            check_codes("ytd(B) + prev(A)", [])
        self.assertEqual(
            caught.exception.message,
            "formula uses unknown codes 'A', 'B'; no other KPI code is known",
        )

    def test_check_codes_with_many_known_codes_lists_look_alikes(self):
        known = [f"KPI_{number:04d}" for number in range(1000)] + ["HEADCOUNT"]
        with self.assertRaises(FormulaError) as caught:
            check_codes("HEADCONT", known)
        self.assertEqual(
            caught.exception.message,
            "formula uses unknown code 'HEADCONT'; similar known codes: HEADCOUNT "
            "(1001 in all)",
        )

    def test_check_code(self):
        for code in ("REVENUE", "revenue_2", "_X"):
            check_code(code)
        for code in ("2X", "A-B", "", "é", "A B", None):
            with self.subTest(code=code), self.assertRaises(FormulaError):
                check_code(code)
        for code in ("sum", "prev", "and", "if", "True", "None", "lambda"):
            with self.subTest(code=code), self.assertRaises(FormulaError) as caught:
                check_code(code)
            self.assertIn("is a reserved word", caught.exception.message)

    def test_python_keywords_are_refused_naming_the_rule_and_a_fix(self):
        for code in ("class", "in", "lambda", "True", "None", "await"):
            with self.subTest(code=code), self.assertRaises(FormulaError) as caught:
                check_code(code)
            self.assertEqual(
                caught.exception.message,
                f"'{code}' is a reserved word and cannot be a KPI code: it is a "
                "Python keyword, which formulas would not read as a KPI; use "
                f"another code, e.g. '{code.upper()}'",
            )
            check_code(code.upper())
        with self.assertRaises(FormulaError) as caught:
            check_code("ytd")
        self.assertIn("it is a formula function", caught.exception.message)
        with self.assertRaises(FormulaError) as caught:
            check_code("REVENUE\n")
        self.assertEqual(
            caught.exception.message,
            "'REVENUE\\n' is not a valid KPI code: use letters A-Z, digits and _, "
            "not starting with a digit (e.g. REVENUE_PER_HEAD)",
        )

    def test_a_code_is_accepted_exactly_when_formulas_can_reference_it(self):
        candidates = [
            *keyword.kwlist,
            *keyword.softkwlist,
            *formula.FUNCTIONS,
            *("len", "print", "self", "env", "__import__", "__debug__", "_"),
            *("REVENUE", "revenue_2", "CLASS", "class_", "In", "_in"),
            *("REVENUE\n", " REVENUE", "REVENUE#", "ｃｌａｓｓ", "é", "1A", ""),
        ]
        for code in candidates:
            with self.subTest(code=code):
                self.assertEqual(accepted(code), referenced(code))
        self.assertTrue(accepted("match") and accepted("_") and accepted("len"))
        self.assertFalse(accepted("class") or accepted("in") or accepted("sum"))

    def test_evaluation_order(self):
        deps = {"MARGIN": {"REVENUE", "COST"}, "COST": {"MATERIAL", "LABOUR"}}
        self.assertEqual(evaluation_order(deps), ["COST", "MARGIN"])
        # Ready at the same time: sorted, so the order never changes.
        self.assertEqual(
            evaluation_order({"Z": [], "A": [], "M": ["Z"]}), ["A", "Z", "M"]
        )
        self.assertEqual(evaluation_order({}), [])

    def test_prev_only_references_are_not_dependencies(self):
        formulas = {
            "TOTAL": parse("prev(TOTAL) + SALES"),
            "SALES": parse("UNITS * PRICE"),
        }
        deps = {code: f.same_period_codes for code, f in formulas.items()}
        self.assertEqual(evaluation_order(deps), ["SALES", "TOTAL"])

    def test_cycles_are_named(self):
        deps = {"A": ["B"], "B": ["C"], "C": ["A"], "D": ["A"], "E": []}
        with self.assertRaises(FormulaError) as caught:
            evaluation_order(deps)
        self.assertEqual(
            caught.exception.message, "circular reference: A -> B -> C -> A"
        )
        self.assertEqual(caught.exception.cycle, ["A", "B", "C", "A"])
        # A chain leading into a cycle reports the cycle, from its smallest code.
        with self.assertRaises(FormulaError) as caught:
            evaluation_order({"A": ["X"], "X": ["Y"], "Y": ["X"]})
        self.assertEqual(caught.exception.message, "circular reference: X -> Y -> X")
        with self.assertRaises(FormulaError) as caught:
            evaluation_order({"A": ["A"]})
        self.assertEqual(caught.exception.message, "circular reference: A -> A")
        self.assertEqual(caught.exception.cycle, ["A", "A"])

    def test_evaluation_order_of_a_long_chain_does_not_recurse(self):
        # Deeper than Python's default recursion limit of 1,000.
        codes = [f"K{number:04d}" for number in range(3000)]
        deps = {code: [codes[i - 1]] if i else [] for i, code in enumerate(codes)}
        self.assertEqual(evaluation_order(deps), codes)
        deps[codes[0]] = [codes[-1]]
        with self.assertRaises(FormulaError) as caught:
            evaluation_order(deps)
        self.assertEqual(len(caught.exception.cycle), 3001)


CODES = ("A", "B", "C")
_LEAVES = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(repr),
    st.sampled_from(CODES),
    st.builds("prev({}, {})".format, st.sampled_from(CODES), st.integers(1, 3)),
    st.sampled_from(CODES).map("ytd({})".format),
)
_OPERATORS = ["+", "-", "*", "/", "%", "**", "<", "<=", ">", ">=", "==", "!="]
_OPERATORS += ["and", "or"]


def _extend(children):
    return st.one_of(
        st.builds("({}{})".format, st.sampled_from(["-", "+", "not "]), children),
        st.builds("({} {} {})".format, children, st.sampled_from(_OPERATORS), children),
        st.builds("({} if {} else {})".format, children, children, children),
        st.builds(
            lambda name, args: f"{name}({', '.join(args)})",
            st.sampled_from(["min", "max", "sum", "avg"]),
            st.lists(children, min_size=1, max_size=3),
        ),
        st.builds("abs({})".format, children),
        st.builds("round({}, {})".format, children, st.integers(-3, 3)),
    )


VALID_FORMULAS = st.recursive(_LEAVES, _extend, max_leaves=20)
INPUT_VALUES = st.one_of(
    st.none(),
    st.floats(),
    st.integers(-(10**6), 10**6),
    st.just(ErrorValue("#DIV/0", "#DIV/0 in X / Y")),
)
SERIES = st.fixed_dictionaries(
    {code: st.lists(INPUT_VALUES, min_size=1, max_size=4) for code in CODES}
)
FORMULA_CHARS = "ABC_xyz0123456789 .,:;()[]{}+-*/%<>=!~&|^@'\"\\#\n\tifelsnotradbmp"


@tagged("post_install", "-at_install", "bsc_engine")
class TestFormulaProperties(BaseCase):
    @PROPERTY_SETTINGS
    @given(st.one_of(st.text(max_size=300), st.text(FORMULA_CHARS, max_size=300)))
    def test_parse_only_ever_raises_formula_error(self, text):
        with warnings.catch_warnings():
            # Random text trips the tokenizer's own warnings (invalid escape...).
            warnings.simplefilter("ignore")
            try:
                parsed = parse(text)
            except FormulaError as error:
                self.assertTrue(error.message)
            else:
                self.assertIsInstance(parsed, formula.Formula)

    @PROPERTY_SETTINGS
    @given(
        st.one_of(
            st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
            st.sampled_from(keyword.kwlist + keyword.softkwlist),
            st.text(max_size=10),
        )
    )
    def test_a_code_is_accepted_exactly_when_formulas_can_reference_it(self, code):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.assertEqual(accepted(code), referenced(code))

    @PROPERTY_SETTINGS
    @given(VALID_FORMULAS, SERIES, st.integers(0, 4))
    def test_evaluate_never_raises(self, text, series, index):
        parsed = parse(text)
        result = parsed.evaluate(DictContext(series, index))
        if isinstance(result, ErrorValue):
            # Never #ERR: that would be an internal failure caught by evaluate.
            self.assertIn(result.code, ("#DIV/0", "#NODATA", "#NUM"))
            self.assertTrue(result.message)
        else:
            self.assertIs(type(result), float)
            self.assertTrue(math.isfinite(result))
