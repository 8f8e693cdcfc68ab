# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The formula sandbox under attack: generated formulas and known escapes.

test_engine_formula.py proves the language (what is computed, what is refused
and with which message); this module proves the sandbox: whatever text comes
in, the engine never runs code (checked with an audit hook while it works),
never takes a second, and never raises anything but FormulaError.

The same generators feed ``scripts/fuzz`` (:func:`main`), the full run of at
least 10,000 random formulas; the suite runs a small derandomized part.
"""

import argparse
import math
import signal
import sys
import time
import warnings

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from odoo.addons.bsc_core.engine import formula
from odoo.addons.bsc_core.engine.formula import (
    DictContext,
    ErrorValue,
    FormulaError,
    parse,
)

from .test_engine_formula import FORMULA_CHARS, VALID_FORMULAS

# CPU seconds of the checking thread (time.thread_time): the engine's work
# is pure computation, and a busy machine (other processes, other tests) must
# not make a formula look slow, nor hide one that is.
TIME_LIMIT = 1.0
SUITE_EXAMPLES = 500
FUZZ_EXAMPLES = 10_000
# Error values a valid formula may give; #ERR would be an internal failure.
EXPECTED_ERRORS = ("#DIV/0", "#NODATA", "#NUM", "#NAME")
SERIES = {"A": [3.0, 0.0, 7.5], "B": [None, 2.0, -4.0], "C": [1e6, 1.0, 0.0]}

# Audit events the parser itself raises: compile() of the text to an AST,
# id() in the AST machinery, the failed read of "<unknown>" when a
# SyntaxError looks for its source line, frames inspected by warnings.
# Any other event while a formula is handled (exec, import, os.*, a real
# open...) means that the formula reached something it must not.
_ALLOWED_EVENTS = {"compile", "builtins.id", "sys._getframe"}
_audit = {"armed": False, "events": []}


def _audit_hook(event, args):
    if not _audit["armed"] or event in _ALLOWED_EVENTS:
        return
    if event == "open" and args and args[0] == "<unknown>":
        return
    _audit["events"].append((event, repr(args)[:200]))


_hook_installed = []


def _install_audit_hook():
    # An audit hook cannot be removed: install one, once per process.
    if not _hook_installed:
        sys.addaudithook(_audit_hook)
        _hook_installed.append(True)


# ---------------------------------------------------------------------------
# The fixed list of known escapes: each must be refused with FormulaError.
# ---------------------------------------------------------------------------

KNOWN_ESCAPES = [
    # dunder and attribute access
    "(1).__class__",
    "(1).__class__.__bases__[0].__subclasses__()",
    "A.__globals__",
    "A.__dict__",
    "A.real",
    "A.__class__.__mro__[-1]",
    "().__class__.__base__.__subclasses__()",
    "__builtins__.open('/etc/passwd')",
    "sum.__self__",
    "abs.__call__(A)",
    "round.__globals__",
    "(A if B else C).__class__",
    # calls of anything not whitelisted
    "__import__('os').system('id')",
    "open('/etc/passwd')",
    "eval('1')",
    "exec('import os')",
    "compile('1', 'x', 'eval')",
    "getattr(A, '__class__')",
    "globals()",
    "locals()",
    "vars()",
    "dir()",
    "type(A)",
    "breakpoint()",
    "input()",
    "print(A)",
    "setattr(A, 'x', 1)",
    "A(1)",
    "(A)(1)",
    "sum(A)(1)",
    "max(A, B)(C)",
    "prev(A)(1)",
    "abs(A, key=print)",
    "round(A, ndigits=__import__('os'))",
    "min(*A)",
    "max(**A)",
    # lambda
    "lambda: 1",
    "(lambda: __import__('os'))()",
    "(lambda x: x)(A)",
    "abs((lambda: 1)())",
    # comprehensions
    "[x for x in A]",
    "{x for x in A}",
    "{x: 1 for x in A}",
    "sum(x for x in A)",
    "sum(__import__('os') for x in [1])",
    "max([c for c in ().__class__.__base__.__subclasses__()])",
    # imports and other statements
    "import os",
    "from os import system",
    "import os; os.system('id')",
    "__import__('subprocess').run(['id'])",
    "x = 1",
    "A += 1",
    "del A",
    "def f(): pass",
    "class C: pass",
    "for x in A: pass",
    "while 1: pass",
    "with open('x') as f: pass",
    "try: A\nexcept: pass",
    "raise SystemExit",
    "assert A",
    "global A",
    "async def f(): pass",
    "A; __import__('os')",
    "A\n__import__('os')",
    # f-strings, strings, bytes
    "f'{A}'",
    'f\'{__import__("os").system("id")}\'',
    "f'{A!r:>{B}}'",
    "'__import__'",
    "b'abc'",
    "'a' * 10",
    # walrus
    "(x := 1)",
    "(A := __import__('os'))",
    "abs(x := A)",
    # other constructs and operators
    "A[0]",
    "A[::-1]",
    "[1, 2]",
    "(1, 2)",
    "{1: 2}",
    "{1, 2}",
    "A, B",
    "*A",
    "await A",
    "(yield A)",
    "None",
    "...",
    "1j",
    "A // B",
    "A @ B",
    "A & B",
    "A | B",
    "~A",
    "A << 1000000",
    "A in B",
    "A is B",
    "ＲＥＶ + 1",
    "é",
    "A\0",
    "\0",
    # resources: nesting, length, huge numbers
    "(" * 5000 + "A" + ")" * 5000,
    "(" * 900 + "A" + ")" * 900,
    "abs(" * 400 + "A" + ")" * 400,
    "-" * 1990 + "A",
    "not " * 490 + "A",
    "[" * 1000,
    " + ".join(["A"] * 600),
    "A" * 1_048_576,
    "A + " * 262_144 + "A",
    "1" * 400,
    "1e999",
    "9" * 309 + ".0",
]

# Valid formulas that would be expensive if computed naively: each must come
# back at once with an error value, never run for minutes.
EXPENSIVE_FORMULAS = [
    "9**9**9",
    "9 ** 9 ** 9 ** 9",
    "(10 ** 100) ** (10 ** 100)",
    "2 ** 100 ** 100",
    "A ** 1e300",
    "(-8) ** 0.5",
    "0 ** -1",
    "1e300 * 1e300",
    "round(1e300 * 10, 15)",
    "prev(A, 1000) + ytd(B)",
    "(" * 50 + "A ** A ** A" + ")" * 50,
    "sum(" + ", ".join(["9 ** 99 ** 2"] * 90) + ")",
]


# Dunder names are plain names to the language: only ever looked up as KPI
# codes in the evaluation context, they reach nothing and give #NAME.
INERT_NAMES = ["__builtins__", "__import__", "__class__", "__globals__", "_"]

# ---------------------------------------------------------------------------
# Generated formulas
# ---------------------------------------------------------------------------

_FORBIDDEN_CALLS = st.sampled_from(
    [
        "__import__",
        "open",
        "eval",
        "exec",
        "compile",
        "getattr",
        "setattr",
        "globals",
        "vars",
        "type",
        "breakpoint",
        "print",
        "input",
        "A",
        "REVENUE",
        "ABS",
        "Sum",
    ]
)
_ATTRIBUTES = st.sampled_from(
    [
        "__class__",
        "__globals__",
        "__dict__",
        "__subclasses__",
        "__builtins__",
        "__code__",
        "__import__",
        "real",
        "imag",
        "conjugate",
        "system",
    ]
)


def _hostile(valid):
    """Formulas built around a valid one that smuggle in a forbidden construct.

    Every text drawn here must be refused.
    """
    return st.one_of(
        st.builds("({}).{}".format, valid, _ATTRIBUTES),
        st.builds("({}).{}()".format, valid, _ATTRIBUTES),
        st.builds("{}({})".format, _FORBIDDEN_CALLS, valid),
        st.builds("({}) + {}({})".format, valid, _FORBIDDEN_CALLS, valid),
        st.builds("(lambda: {})()".format, valid),
        st.builds("(lambda x: {})(A)".format, valid),
        st.builds("[{} for x in A]".format, valid),
        st.builds("sum({} for x in (A, B))".format, valid),
        st.builds("{{x: {} for x in A}}".format, valid),
        st.builds("f'{{{}}}'".format, valid),
        st.builds("(x := {})".format, valid),
        st.builds("abs(X := {}) + X".format, valid),
        st.builds("import os; {}".format, valid),
        st.builds("{}; __import__('os').system('id')".format, valid),
        st.builds("({})[0]".format, valid),
        st.builds("({}, {})".format, valid, valid),
        st.builds("'{}'".format, valid.map(lambda text: text.replace("'", ""))),
        st.builds("({}) // ({})".format, valid, valid),
        st.builds("({}) if __builtins__.open else ({})".format, valid, valid),
        st.builds("round({}, ndigits=2)".format, valid),
        st.builds("max(*({}))".format, valid),
        st.builds(
            lambda depth, inner: "(" * depth + inner + ")" * depth,
            st.integers(51, 2000),
            valid,
        ),
        st.builds(
            lambda count, inner: f"({inner})" + " + A" * count,
            st.integers(700, 300_000),
            valid,
        ),
    )


def _expensive(valid):
    """Valid formulas that ask for huge powers or big numbers."""
    big = st.sampled_from(["9", "99", "10 ** 100", "1e300", "A", "-9", "0.5"])
    return st.one_of(
        st.builds("{} ** {} ** {}".format, big, big, big),
        st.builds("({}) ** ({})".format, valid, big),
        st.builds("({}) ** -({})".format, big, valid),
        st.builds("1e300 * ({}) * 1e300".format, valid),
        st.builds(lambda depth, inner: "-" * depth + inner, st.integers(1, 40), valid),
    )


_ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(FORMULA_CHARS, max_size=300),
    st.text("()[]{}+-*/%<>=!~&|^@'\".:;, \n\t\0ABCxyz_09eji", max_size=2500),
)

#: (kind, text): "valid" must parse, "escape" must be refused, "expensive"
#: and "random" may go either way.
_BY_KIND = {
    "valid": VALID_FORMULAS,
    "escape": _hostile(VALID_FORMULAS),
    "expensive": _expensive(VALID_FORMULAS),
    "random": _ANY_TEXT,
}
# Drawing the kind first keeps the four kinds about equally frequent.
GENERATED = st.sampled_from(sorted(_BY_KIND)).flatmap(
    lambda kind: _BY_KIND[kind].map(lambda text: (kind, text))
)


def check_formula(text, kind="random"):
    """Parse, then evaluate ``text`` as the models do; check the sandbox held.

    :return: ``(outcome, seconds)``, outcome "refused" or the result's kind
        ("number" or the error value's code)
    :raise AssertionError: naming the broken guarantee: an exception other
        than FormulaError, an audit event (code run, file opened, module
        imported), more than :data:`TIME_LIMIT`, a refused "valid" formula, an
        accepted "escape", an evaluation giving neither a finite float nor an
        expected error value.
    """
    _install_audit_hook()
    formula._parse.cache_clear()  # time the real work, not the cache
    _audit["events"] = []
    outcome = None
    started = time.thread_time()
    _audit["armed"] = True
    try:
        with warnings.catch_warnings():
            # Random text trips the tokenizer's own warnings (invalid escape).
            warnings.simplefilter("ignore")
            try:
                parsed = parse(text)
            except FormulaError as error:
                outcome = "refused"
                message = error.message
            else:
                result = parsed.evaluate(DictContext(SERIES, 2))
    except Exception as error:
        _audit["armed"] = False
        raise AssertionError(
            f"{type(error).__name__} ({error}) instead of FormulaError "
            f"for {_show(text)}"
        ) from error
    finally:
        _audit["armed"] = False
    elapsed = time.thread_time() - started
    if _audit["events"]:
        raise AssertionError(f"{_show(text)} reached {_audit['events'][:3]}")
    if elapsed > TIME_LIMIT:
        raise AssertionError(f"{_show(text)} took {elapsed:.3f} s")
    if outcome == "refused":
        if not message or kind == "valid":
            raise AssertionError(f"{_show(text)} refused: {message!r}")
        return outcome, elapsed
    if kind == "escape":
        raise AssertionError(f"{_show(text)} was accepted")
    if isinstance(result, ErrorValue):
        if result.code not in EXPECTED_ERRORS or not result.message:
            raise AssertionError(f"{_show(text)} gave {result!r}")
        return result.code, elapsed
    if type(result) is not float or not math.isfinite(result):
        raise AssertionError(f"{_show(text)} gave {result!r}")
    return "number", elapsed


def _show(text):
    return repr(text) if len(text) <= 120 else f"{text[:100]!r}... ({len(text)} chars)"


@tagged("post_install", "-at_install", "bsc_engine")
class TestFormulaSandbox(BaseCase):
    def test_known_escapes_are_refused_at_once(self):
        for text in KNOWN_ESCAPES:
            with self.subTest(text=_show(text)):
                outcome, elapsed = check_formula(text, "escape")
                self.assertEqual(outcome, "refused")
                self.assertLess(elapsed, TIME_LIMIT)

    def test_expensive_formulas_give_an_error_value_at_once(self):
        for text in EXPENSIVE_FORMULAS:
            with self.subTest(text=_show(text)):
                outcome, elapsed = check_formula(text, "valid")
                self.assertIn(outcome, EXPECTED_ERRORS)
                self.assertLess(elapsed, TIME_LIMIT)

    def test_dunder_names_are_only_kpi_codes(self):
        for text in INERT_NAMES:
            with self.subTest(text=text):
                self.assertEqual(check_formula(text, "valid")[0], "#NAME")

    def test_the_audit_hook_sees_code_being_run(self):
        # Proof that the check above would notice: what eval does is seen.
        _install_audit_hook()
        _audit["events"] = []
        _audit["armed"] = True
        try:
            exec("import os")  # pylint: disable=exec-used
        finally:
            _audit["armed"] = False
        self.assertIn("exec", [event for event, __ in _audit["events"]])

    @settings(
        max_examples=SUITE_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(GENERATED)
    def test_generated_formulas(self, case):
        kind, text = case
        check_formula(text, kind)


# ---------------------------------------------------------------------------
# scripts/fuzz
# ---------------------------------------------------------------------------


class _Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Hang()


def _say(line):
    sys.stdout.write(f"{line}\n")


def main(argv=None):
    """The full fuzz run: print the figures, exit 1 on any failure."""
    parser = argparse.ArgumentParser(prog="scripts/fuzz", description=__doc__)
    parser.add_argument("--examples", type=int, default=FUZZ_EXAMPLES)
    parser.add_argument(
        "--seed", type=int, default=None, help="repeat a run (default: random)"
    )
    args = parser.parse_args(argv)
    run_seed = args.seed if args.seed is not None else int(time.time())
    stats = {"count": 0, "max": 0.0, "max_text": "", "total": 0.0}
    outcomes = {}
    failures = []

    def record(kind, text):
        # A formula that hangs would never return: the alarm turns it into a
        # failure (three times the limit) instead of a stuck run.
        signal.setitimer(signal.ITIMER_REAL, 3 * TIME_LIMIT)
        try:
            outcome, elapsed = check_formula(text, kind)
        except _Hang:
            outcome, elapsed = "hang", 3 * TIME_LIMIT
            failures.append(f"{_show(text)} did not return")
        except AssertionError as error:
            outcome, elapsed = "failed", 0.0
            failures.append(str(error))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        stats["count"] += 1
        stats["total"] += elapsed
        if elapsed > stats["max"]:
            stats["max"], stats["max_text"] = elapsed, _show(text)
        key = (kind, outcome)
        outcomes[key] = outcomes.get(key, 0) + 1

    signal.signal(signal.SIGALRM, _on_alarm)
    started = time.perf_counter()
    for text in KNOWN_ESCAPES:
        record("escape", text)
    for text in EXPENSIVE_FORMULAS + INERT_NAMES:
        record("valid", text)
    fixed = stats["count"]

    @seed(run_seed)
    @settings(
        max_examples=args.examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(GENERATED)
    def fuzz(case):
        record(*case)

    fuzz()
    generated = stats["count"] - fixed
    wall = time.perf_counter() - started
    _say(f"seed {run_seed}")
    _say(f"fixed list: {fixed} formulas (escapes, expensive formulas, dunder names)")
    _say(f"generated: {generated} formulas by hypothesis")
    for (kind, outcome), count in sorted(outcomes.items()):
        _say(f"  {kind:<9} {outcome:<8} {count:>7}")
    _say(
        f"time per formula: max {stats['max'] * 1000:.1f} ms ({stats['max_text']}), "
        f"mean {stats['total'] / max(stats['count'], 1) * 1000:.2f} ms; "
        f"limit {TIME_LIMIT:g} s; run {wall:.0f} s"
    )
    if generated < args.examples:
        failures.append(
            f"only {generated} formulas generated, {args.examples} required"
        )
    for failure in failures[:20]:
        _say(f"FAIL: {failure}")
    _say(f"{len(failures)} failures")
    return 1 if failures else 0
