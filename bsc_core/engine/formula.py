# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The safe formula language of computed KPIs.

A formula such as ``100 * (REVENUE - prev(REVENUE)) / prev(REVENUE)`` is read
once with :func:`ast.parse`, checked node by node against a whitelist, then
evaluated by walking the tree. Nothing is ever handed to ``eval``, ``exec`` or
``compile``, and no Python object, attribute or builtin is reachable: a name
is only ever looked up as a KPI code through the evaluation context.

Failures come in two kinds:

- :class:`FormulaError` (an exception) when the text itself is refused: syntax,
  forbidden construct, unknown code, cycle. Saving the KPI should fail.
- :class:`ErrorValue` (a value) when a valid formula cannot give a number for
  one period: division by zero, missing input, overflow. It takes the place of
  the number, so the rest of the scorecard still computes.

The language:

- numbers (``3``, ``2.5``, ``1e6``; ``True``/``False`` count as 1 and 0);
- KPI codes: ``[A-Za-z_][A-Za-z0-9_]*``, case-sensitive, not a Python keyword
  nor a function name;
- unary ``+ -``, binary ``+ - * / %`` and ``**`` (exponent within +-100);
- comparisons ``== != < <= > >=``, chained as in Python, giving 1.0 or 0.0;
- ``and``, ``or``, ``not`` (giving 1.0 or 0.0) and ``x if c else y``;
- the functions ``abs(x)``, ``min(x, ...)``, ``max(x, ...)``,
  ``round(x[, digits])``, ``sum(x, ...)``, ``avg(x, ...)``,
  ``prev(CODE[, n])`` (the value ``n`` periods earlier) and ``ytd(CODE)``
  (the year-to-date value).
"""

import ast
import datetime
import difflib
import functools
import heapq
import keyword
import math
import operator
import re

from . import periods as period_engine
from .explain import english
from .numeric import is_number

# round() in formulas rounds as scores do: halves away from zero.
from .scoring import round_half_up

# Every limit is checked without recursion, before the evaluator (which does
# recurse) ever sees the tree: the depth limit is what bounds its recursion.
MAX_LENGTH = 2000
# The first month of a DictContext's series
DEFAULT_START = datetime.date(2026, 1, 1)
MAX_NODES = 500
MAX_DEPTH = 50
MAX_EXPONENT = 100
MAX_MAGNITUDE = 1e300
MAX_SHIFT = 1000
MAX_ROUND_DIGITS = 15
# Above this many known codes, an unknown-code message lists the look-alikes
# only: a list of 1,000 codes helps nobody.
MAX_LISTED_CODES = 20

FUNCTIONS = ("abs", "avg", "max", "min", "prev", "round", "sum", "ytd")
RESERVED_WORDS = frozenset(keyword.kwlist) | frozenset(FUNCTIONS)
CODE_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

DIV0 = "#DIV/0"
NAME = "#NAME"
NODATA = "#NODATA"
ERR = "#ERR"
NUM = "#NUM"

# (least, most) positional arguments; None means no upper bound.
_ARITY = {
    "abs": (1, 1),
    "avg": (1, None),
    "max": (1, None),
    "min": (1, None),
    "prev": (1, 2),
    "round": (1, 2),
    "sum": (1, None),
    "ytd": (1, 1),
}

_BINARY_OPERATORS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Mod: "%",
    ast.Pow: "**",
}
_UNARY_OPERATORS = (ast.UAdd, ast.USub, ast.Not)
_COMPARISONS = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
# Spelling of the refused operators, so that the message shows what was typed.
_OPERATOR_SYMBOLS = {
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Invert: "~",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
# What each refused construct is, as a key of :func:`_not_allowed`
_FORBIDDEN_NODES = {
    ast.Attribute: "attribute",
    ast.Subscript: "subscript",
    ast.Slice: "slice",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.JoinedStr: "f_string",
    ast.FormattedValue: "f_string",
    ast.NamedExpr: "assignment_expression",
    ast.Starred: "starred",
    ast.Dict: "dict",
    ast.List: "list",
    ast.Set: "set",
    ast.Tuple: "tuple",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}
_FORBIDDEN_STATEMENTS = {
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.Assign: "assignment",
    ast.AugAssign: "assignment",
    ast.AnnAssign: "assignment",
    ast.FunctionDef: "definition",
    ast.AsyncFunctionDef: "definition",
    ast.ClassDef: "definition",
    ast.For: "loop",
    ast.AsyncFor: "loop",
    ast.While: "loop",
}
# Operators, contexts and keywords are visited by ast.walk too; they carry no
# risk of their own (their parent node is what gets checked).
_HARMLESS_NODES = (
    ast.Expression,
    ast.expr_context,
    ast.operator,
    ast.unaryop,
    ast.cmpop,
    ast.boolop,
)


class FormulaError(ValueError):
    """A formula refused when it is saved (the only exception of this module).

    ``reason`` says why as data, ``{"key": ..., <its parameters>}``
    (:func:`message` writes it); ``message`` is that sentence in English, one
    a user can act on; :meth:`render` writes it in the language of a
    translation function. ``cycle`` is the list of codes of a circular
    reference (``["A", "B", "A"]``), None otherwise.
    """

    def __init__(self, key, cycle=None, **params):
        self.reason = {"key": key, **params}
        self.message = message(self.reason)
        super().__init__(self.message)
        self.cycle = cycle

    def render(self, _=english):
        """The reason in the language of ``_`` (``env._`` in the models)."""
        return message(self.reason, _)


def _propagate(self, *_args):
    return self


class ErrorValue:
    """An immutable "no number, because ..." value.

    ``code`` is one of ``#DIV/0``, ``#NAME``, ``#NODATA``, ``#ERR``, ``#NUM``
    (codes, shown as they are in every language). ``reason`` says why as
    data, ``{"code": ..., "key": ..., <its parameters>}``, naming the
    sub-expression at fault (:func:`message` writes it in a reader's
    language), or as a plain text. ``message`` is the English sentence
    ("#DIV/0 in REVENUE / HEADCOUNT"), which ``str()`` gives.
    Arithmetic with an error value gives that same error value back, so the
    first error met wins.
    """

    __slots__ = ("code", "message", "reason")

    def __init__(self, code, reason):
        if isinstance(reason, dict):
            reason = {"code": code, **reason}
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "message", message(reason))

    def __setattr__(self, name, value):
        raise AttributeError("an ErrorValue cannot be changed")

    __delattr__ = __setattr__

    def __eq__(self, other):
        if not isinstance(other, ErrorValue):
            return NotImplemented
        return (self.code, self.message) == (other.code, other.message)

    def __hash__(self):
        return hash((self.code, self.message))

    def __str__(self):
        return self.message

    def __repr__(self):
        return f"ErrorValue({self.code!r}, {self.message!r})"

    def __reduce__(self):
        # copy, deepcopy and pickle rebuild it through __init__, since
        # __setattr__ refuses the usual slot-by-slot restore.
        return (ErrorValue, (self.code, self.reason))

    __add__ = __radd__ = __sub__ = __rsub__ = _propagate
    __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _propagate
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _propagate
    __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = _propagate


class PeriodContext:
    """The evaluation context of one period of a series: what production uses.

    :param periods: the chronological periods of one frequency (anything
        with a ``date_start``: :class:`~.periods.Period`, ``bsc.period``)
    :param position: the index of the current period in ``periods``
    :param value_at: ``(code, period) -> float, None or ErrorValue``: the
        value of a KPI in one period of the series
    :param aggregation: ``{code: 'sum', 'avg' or 'last'}`` of every known
        code: how the KPI's values add up over periods

    ``value(code, n)`` is the value ``n`` periods before the current one
    (None before the first); ``ytd(code)`` aggregates the values of the
    periods of the current period's calendar year up to it by the KPI's
    aggregation (:func:`~.periods.ytd_slice`, :func:`~.periods.aggregate`),
    the first error value among them winning. Both raise ``KeyError`` for a
    code ``aggregation`` does not hold, which the evaluator reports as
    ``#NAME``: the protocol :meth:`Formula.evaluate` relies on.
    """

    def __init__(self, periods, position, value_at, aggregation):
        self.periods = periods
        self.position = position
        self.value_at = value_at
        self.aggregation = aggregation

    def value(self, code, shift=0):
        """Value of ``code`` ``shift`` periods before the current one."""
        if code not in self.aggregation:
            raise KeyError(code)
        index = self.position - shift
        if not 0 <= index < len(self.periods):
            return None
        return self.value_at(code, self.periods[index])

    def ytd(self, code):
        """Year-to-date value of ``code`` by its aggregation."""
        method = self.aggregation[code]
        values = [
            self.value_at(code, self.periods[index])
            for index in period_engine.ytd_slice(self.periods, self.position)
        ]
        for value in values:
            if isinstance(value, ErrorValue):
                return value
        return period_engine.aggregate(values, method)


class DictContext(PeriodContext):
    """A :class:`PeriodContext` over plain lists, for tests and tools.

    ``series`` maps each code to its values per month (float, None for no
    data, or an ErrorValue), oldest first, the first one of ``start``'s
    month; ``index`` is the current month. ``aggregation`` maps codes to
    their aggregation ('sum' when not given). ``ytd`` optionally maps codes
    to a year-to-date value given outright.
    """

    def __init__(self, series, index, ytd=None, aggregation=None, start=DEFAULT_START):
        count = max([index + 1, *(len(values) for values in series.values())])
        last_year = start.year + (start.month - 1 + count - 1) // 12
        months = period_engine.generate_periods(
            start, datetime.date(last_year, 12, 31), period_engine.MONTH
        )[:count]
        self.series = series
        self.ytd_values = ytd or {}
        positions = {period: position for position, period in enumerate(months)}

        def value_at(code, period):
            values = series[code]
            position = positions[period]
            return values[position] if position < len(values) else None

        super().__init__(
            months,
            index,
            value_at,
            {code: (aggregation or {}).get(code, period_engine.SUM) for code in series},
        )

    def ytd(self, code):
        """The year to date given for ``code``, else as production has it."""
        if code in self.ytd_values:
            return self.ytd_values[code]
        return super().ytd(code)


def _fmt(number):
    """Short text of a number for messages: 95 rather than 95.0."""
    return f"{number + 0.0:.10g}"


def _shorten(text, limit=80):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_code(code):
    """Raise FormulaError unless ``code`` can name a KPI in formulas.

    The one rule for KPI codes (the KPI model checks it on save): a code is
    ``[A-Za-z_][A-Za-z0-9_]*`` (ASCII only, nothing around it) and is
    neither a Python keyword (``class``, ``in``, ``True``...: formulas are
    read by Python's parser, which would not see a name there) nor one of the
    function names (``sum``, ``prev``...: formulas would read a call). Every
    code it accepts can be referenced by a formula, in ``prev()`` and in
    ``ytd()``. The message names the code, the rule and a code that would do.
    """
    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        raise FormulaError("invalid_code", code=repr(code))
    if code in RESERVED_WORDS:
        raise FormulaError(
            "reserved_function" if code in FUNCTIONS else "reserved_keyword",
            code=code,
            suggestion=code.upper(),
        )


class Formula:
    """A parsed formula, ready to evaluate for any period.

    Attributes: ``text`` (as typed), ``codes`` (every code it mentions),
    ``same_period_codes`` (codes whose value in the same period it needs:
    direct references and ``ytd()`` arguments; this is what orders the
    computation), ``prev_codes`` (codes used in ``prev()``), ``ytd_codes``
    (codes used in ``ytd()``) and ``max_shift`` (the largest ``n`` of
    ``prev(CODE, n)``, 0 without ``prev``), so that callers load enough
    history. Build it with :func:`parse`.
    """

    __slots__ = (
        "text",
        "codes",
        "same_period_codes",
        "prev_codes",
        "ytd_codes",
        "max_shift",
        "_source",
        "_tree",
    )

    def __init__(self, text, source, tree, direct, prev_shifts, ytd_codes):
        self.text = text
        self._source = source
        self._tree = tree
        self.prev_codes = frozenset(prev_shifts)
        self.ytd_codes = frozenset(ytd_codes)
        self.same_period_codes = frozenset(direct) | self.ytd_codes
        self.codes = self.same_period_codes | self.prev_codes
        self.max_shift = max(prev_shifts.values(), default=0)

    def __repr__(self):
        return f"Formula({self.text!r})"

    def evaluate(self, ctx):
        """Compute the formula for the current period of ``ctx``.

        ``ctx`` answers ``value(code, shift)`` and ``ytd(code)`` as
        :class:`DictContext` does. Returns a float, or an :class:`ErrorValue`
        saying why there is no number: ``#NODATA`` for a missing input,
        ``#DIV/0``, ``#NUM`` for an out-of-range result, ``#NAME`` for a code
        the context does not know, an input's own error as it came, ``#ERR``
        for anything else. Never raises.
        """
        try:
            result = _Evaluator(self, ctx).evaluate(self._tree.body)
        except Exception as error:  # the contract: never raise, whatever ctx does
            reason = str(error) or type(error).__name__
            return ErrorValue(
                ERR, {"key": "failed", "formula": self.short_text, "error": reason}
            )
        return result

    @property
    def short_text(self):
        """The formula on one line, cut to 80 characters, for messages."""
        return _shorten(self._source)

    def segment(self, node):
        """Source text of a node of this formula, on one line, for messages."""
        return _shorten(ast.get_source_segment(self._source, node) or self._source)


def parse(text):
    """Parse and validate a formula; return a :class:`Formula`.

    ``text`` is at most 2,000 characters, one expression of the language
    described in this module, with at most 500 elements nested at most 50
    levels deep (a chain ``A + B + C ...`` counts as one level). Raises
    :class:`FormulaError` naming the problem ("syntax error at column 7: ...",
    "attribute access is not allowed: ...", "function 'open' is not allowed;
    allowed: abs, avg, ..."). Results are cached: a formula is immutable.
    """
    if not isinstance(text, str):
        raise FormulaError("not_text", type=type(text).__name__)
    return _parse(text)


@functools.lru_cache(maxsize=4096)
def _parse(text):
    if len(text) > MAX_LENGTH:
        raise FormulaError("too_long", length=len(text), limit=MAX_LENGTH)
    source = text.strip()
    if not source:
        raise FormulaError("empty")
    if "\0" in source:
        # Refused up front: Python versions disagree on how to report it.
        raise FormulaError("null_character")
    _check_brackets(source)
    tree = _read(text, source)
    _check_size(tree)
    direct, prev_shifts, ytd_codes = _check_nodes(tree, source)
    return Formula(text, source, tree, direct, prev_shifts, ytd_codes)


def _check_brackets(source):
    # The parser recurses on brackets: refuse deep nesting before it runs.
    depth = 0
    for char in source:
        if char in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise FormulaError("brackets_too_deep", limit=MAX_DEPTH)
        elif char in ")]}":
            depth -= 1


def _read(text, source):
    try:
        return ast.parse(source, mode="eval")
    except SyntaxError as error:
        raise _statement_error(source) or _syntax_error(text, error) from None
    except (ValueError, RecursionError, MemoryError, OverflowError, Warning) as error:
        # A parser stack overflow, or a warning turned into an error by the
        # running configuration.
        raise FormulaError("unreadable", error=str(error)) from None


def _statement_error(source):
    """Name the statement(s) in a text that is not a single expression."""
    try:
        module = ast.parse(source, mode="exec")
    except Exception:  # not even a statement: a plain syntax error it is
        return None
    if len(module.body) > 1:
        return FormulaError("statements", count=len(module.body))
    if module.body and not isinstance(module.body[0], ast.Expr):
        statement = type(module.body[0])
        if statement in _FORBIDDEN_STATEMENTS:
            return FormulaError("not_allowed", what=_FORBIDDEN_STATEMENTS[statement])
        return FormulaError("statement", kind=statement.__name__.lower())
    return None


def _syntax_error(text, error):
    if not error.offset:
        # The parser ran out of text: "A +", "max(A".
        return FormulaError("syntax_end", error=error.msg)
    # Positions are given in the text as typed, before strip().
    leading = text[: len(text) - len(text.lstrip())]
    line = (error.lineno or 1) + leading.count("\n")
    column = error.offset
    if (error.lineno or 1) == 1:
        column += len(leading) - (leading.rfind("\n") + 1)
    if "\n" in text.strip():
        return FormulaError("syntax_line", line=line, column=column, error=error.msg)
    return FormulaError("syntax", column=column, error=error.msg)


def _check_size(tree):
    """Refuse too many elements or too deep a nesting, iteratively."""
    count = 0
    deepest = 0
    stack = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise FormulaError("too_many_elements", limit=MAX_NODES)
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise FormulaError("too_deep", limit=MAX_DEPTH)
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.expr):
                continue
            # The evaluator walks a left-leaning chain A + B + C ... in a loop,
            # so the chain costs one level however long it is.
            chained = (
                isinstance(node, ast.BinOp)
                and child is node.left
                and isinstance(child, ast.BinOp)
            )
            stack.append((child, depth if chained else depth + 1))


def _check_nodes(tree, source):
    """Check every node against the whitelist; collect the codes used.

    ast.walk is breadth-first, so a call is checked before its arguments: the
    call checks its own function name and the code argument of prev() and
    ytd(), and marks them so that they are not taken for direct references.
    """
    direct = set()
    prev_shifts = {}
    ytd_codes = set()
    handled = set()
    for node in ast.walk(tree):
        if id(node) in handled or isinstance(node, _HARMLESS_NODES):
            continue
        if isinstance(node, ast.Call):
            _check_call(node, source)
            handled.add(id(node.func))
            name = node.func.id
            if name in ("prev", "ytd"):
                handled.update(id(arg) for arg in node.args)
                code = node.args[0].id
            if name == "prev":
                shift = _prev_shift(node)
                prev_shifts[code] = max(prev_shifts.get(code, 0), shift)
            elif name == "ytd":
                ytd_codes.add(code)
        elif isinstance(node, ast.Name):
            _check_name(node, source)
            direct.add(node.id)
        else:
            _check_node(node, source)
    return direct, prev_shifts, ytd_codes


def _prev_shift(node):
    """The ``n`` of a validated ``prev(CODE[, n])`` call."""
    return _int_literal(node.args[1]) if len(node.args) > 1 else 1


def _refuse(what, node, source, **params):
    """Refuse a construct (a key of :func:`_not_allowed`), naming its text."""
    segment = ast.get_source_segment(source, node)
    if segment:
        params["segment"] = _shorten(segment)
    raise FormulaError("not_allowed", what=what, **params)


def _check_node(node, source):
    node_type = type(node)
    if node_type in _FORBIDDEN_NODES:
        _refuse(_FORBIDDEN_NODES[node_type], node, source)
    if node_type is ast.Constant:
        _check_constant(node, source)
    elif node_type is ast.UnaryOp:
        if not isinstance(node.op, _UNARY_OPERATORS):
            _refuse_operator(node.op, node, source)
    elif node_type is ast.BinOp:
        if type(node.op) not in _BINARY_OPERATORS:
            _refuse_operator(node.op, node, source)
    elif node_type is ast.Compare:
        for op in node.ops:
            if type(op) not in _COMPARISONS:
                _refuse_operator(op, node, source)
    elif node_type not in (ast.BoolOp, ast.IfExp):
        _refuse("node", node, source, name=node_type.__name__)


def _refuse_operator(op, node, source):
    symbol = _OPERATOR_SYMBOLS.get(type(op), type(op).__name__)
    _refuse("operator", node, source, symbol=symbol)


def _check_constant(node, source):
    value = node.value
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        try:
            too_big = not abs(float(value)) <= MAX_MAGNITUDE
        except OverflowError:
            too_big = True
        if too_big:
            _refuse("big_number", node, source, limit=f"{MAX_MAGNITUDE:g}")
        return
    if isinstance(value, complex):
        _refuse("complex", node, source)
    if isinstance(value, (str, bytes)):
        _refuse("text", node, source)
    _refuse("constant", node, source, value=repr(value))


def _check_name(node, source):
    code = node.id
    # The parser normalises Unicode look-alikes (NFKC) into plain letters:
    # compare with the text as typed so that only plain ASCII codes pass.
    typed = ast.get_source_segment(source, node)
    if typed != code or not CODE_PATTERN.fullmatch(code):
        raise FormulaError("invalid_name", code=typed or code)
    if code in _ARITY:
        raise FormulaError("function_as_name", name=code)


def _check_call(node, source):
    func = node.func
    if isinstance(func, ast.Attribute):
        _refuse(_FORBIDDEN_NODES[ast.Attribute], func, source)
    if not isinstance(func, ast.Name):
        _refuse("call", node, source, functions=", ".join(FUNCTIONS))
    name = func.id
    if name not in _ARITY:
        raise FormulaError(
            "function_not_allowed", name=name, functions=", ".join(FUNCTIONS)
        )
    if node.keywords:
        raise FormulaError("keyword_arguments", name=name)
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        raise FormulaError("starred_arguments", name=name)
    least, most = _ARITY[name]
    count = len(node.args)
    if count < least:
        raise FormulaError("too_few_arguments", name=name, least=least)
    if most is not None and count > most:
        raise FormulaError("too_many_arguments", name=name, most=most, count=count)
    _check_literal_arguments(name, node, source)


def _check_literal_arguments(name, node, source):
    """prev() and ytd() take a bare code, prev() and round() an int literal."""
    if name in ("prev", "ytd"):
        if not isinstance(node.args[0], ast.Name):
            raise FormulaError("code_argument", name=name)
        _check_name(node.args[0], source)
    if name == "prev" and len(node.args) == 2:
        shift = _int_literal(node.args[1])
        if shift is None or not 1 <= shift <= MAX_SHIFT:
            raise FormulaError("prev_shift", limit=MAX_SHIFT)
    if name == "round" and len(node.args) == 2:
        digits = _int_literal(node.args[1])
        if digits is None or abs(digits) > MAX_ROUND_DIGITS:
            raise FormulaError("round_digits", limit=MAX_ROUND_DIGITS)


def _int_literal(node):
    """The int a node spells (``2``, ``-3``), or None if it is anything else."""
    sign = 1
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
    ):
        sign, node = -1, node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return sign * node.value
    return None


class _Evaluator:
    """Walks a validated tree; every method returns a float or an ErrorValue."""

    __slots__ = ("formula", "ctx")

    def __init__(self, formula, ctx):
        self.formula = formula
        self.ctx = ctx

    def evaluate(self, node):
        return _EVALUATORS[type(node)](self, node)

    def error(self, code, node, why=None, **params):
        """``code`` in the text of ``node``; ``why`` a key of
        :func:`_why_message` with its ``params``."""
        reason = {"key": "at", "segment": self.formula.segment(node)}
        if why:
            reason.update(why=why, **params)
        return ErrorValue(code, reason)

    def checked(self, node, result):
        """Turn an out-of-range result into #NUM rather than carry inf on."""
        if not math.isfinite(result) or abs(result) > MAX_MAGNITUDE:
            return self.error(NUM, node, "out_of_range")
        return result

    def fetch_input(self, node, fetch, *args):
        """Ask the context for the input ``node`` stands for; vet the answer."""
        try:
            raw = fetch(*args)
        except KeyError:
            return ErrorValue(
                NAME,
                {
                    "key": "unknown_code",
                    "name": args[0],
                    "formula": self.formula.short_text,
                },
            )
        if isinstance(raw, ErrorValue):
            return raw
        if is_number(raw) and abs(raw) <= MAX_MAGNITUDE:
            return float(raw)
        if is_number(raw) or isinstance(raw, float):  # too large, NaN, infinite
            code, key = NUM, "input_out_of_range"
        elif raw is None:
            code, key = NODATA, "no_value"
        else:
            code, key = ERR, "not_a_number"
        # The label is only worked out on failure: the source segment costs.
        label = node.id if isinstance(node, ast.Name) else self.formula.segment(node)
        return ErrorValue(
            code, {"key": key, "input": label, "formula": self.formula.short_text}
        )

    def constant(self, node):
        return float(node.value)

    def name(self, node):
        return self.fetch_input(node, self.ctx.value, node.id, 0)

    def unary(self, node):
        operand = self.evaluate(node.operand)
        if isinstance(operand, ErrorValue):
            return operand
        if isinstance(node.op, ast.Not):
            return 0.0 if operand else 1.0
        return -operand if isinstance(node.op, ast.USub) else operand

    def binary(self, node):
        # Walk the left spine in a loop: A + B + C ... never deepens the stack.
        chain = []
        while isinstance(node, ast.BinOp):
            chain.append(node)
            node = node.left
        value = self.evaluate(node)
        for link in reversed(chain):
            if isinstance(value, ErrorValue):
                return value
            right = self.evaluate(link.right)
            if isinstance(right, ErrorValue):
                return right
            value = self.arithmetic(link, value, right)
        return value

    def arithmetic(self, node, left, right):
        op = type(node.op)
        if op is ast.Add:
            return self.checked(node, left + right)
        if op is ast.Sub:
            return self.checked(node, left - right)
        if op is ast.Mult:
            return self.checked(node, left * right)
        if op in (ast.Div, ast.Mod):
            if right == 0:
                return self.error(DIV0, node)
            result = left / right if op is ast.Div else left % right
            return self.checked(node, result)
        return self.power(node, left, right)

    def power(self, node, base, exponent):
        # The exponent is bounded before anything is computed, so that
        # 9 ** 9 ** 9 costs nothing.
        if abs(exponent) > MAX_EXPONENT:
            return self.error(
                NUM, node, "exponent", exponent=_fmt(exponent), limit=MAX_EXPONENT
            )
        if base == 0 and exponent < 0:
            return self.error(DIV0, node)
        if base < 0 and not exponent.is_integer():
            return self.error(NUM, node, "fractional_power")
        try:
            result = math.pow(base, exponent)
        except (OverflowError, ValueError):
            return self.error(NUM, node, "out_of_range")
        return self.checked(node, result)

    def boolean(self, node):
        # Short-circuit as Python does; the result is a truth value 1.0/0.0.
        stop_on = isinstance(node.op, ast.Or)
        for operand in node.values:
            value = self.evaluate(operand)
            if isinstance(value, ErrorValue):
                return value
            if bool(value) is stop_on:
                return 1.0 if stop_on else 0.0
        return 0.0 if stop_on else 1.0

    def compare(self, node):
        left = self.evaluate(node.left)
        if isinstance(left, ErrorValue):
            return left
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.evaluate(comparator)
            if isinstance(right, ErrorValue):
                return right
            if not _COMPARISONS[type(op)](left, right):
                return 0.0
            left = right
        return 1.0

    def condition(self, node):
        # Only the branch taken is computed: "0 if B == 0 else A / B" is safe.
        test = self.evaluate(node.test)
        if isinstance(test, ErrorValue):
            return test
        return self.evaluate(node.body if test else node.orelse)

    def call(self, node):
        name = node.func.id
        if name == "prev":
            code = node.args[0].id
            return self.fetch_input(node, self.ctx.value, code, _prev_shift(node))
        if name == "ytd":
            return self.fetch_input(node, self.ctx.ytd, node.args[0].id)
        values = []
        for arg in node.args:
            value = self.evaluate(arg)
            if isinstance(value, ErrorValue):
                return value
            values.append(value)
        if name == "abs":
            return abs(values[0])
        if name == "min":
            return min(values)
        if name == "max":
            return max(values)
        if name == "round":
            digits = _int_literal(node.args[1]) if len(node.args) > 1 else 0
            return self.checked(node, round_half_up(values[0], digits))
        total = math.fsum(values)
        if name == "avg":
            total /= len(values)
        return self.checked(node, total)


_EVALUATORS = {
    ast.Constant: _Evaluator.constant,
    ast.Name: _Evaluator.name,
    ast.UnaryOp: _Evaluator.unary,
    ast.BinOp: _Evaluator.binary,
    ast.BoolOp: _Evaluator.boolean,
    ast.Compare: _Evaluator.compare,
    ast.IfExp: _Evaluator.condition,
    ast.Call: _Evaluator.call,
}


def check_codes(formula, known_codes, kpi_label=None):
    """Raise FormulaError if ``formula`` uses a code outside ``known_codes``.

    ``formula`` is a :class:`Formula` or its text; ``known_codes`` the codes of
    the KPIs it may refer to. The message lists the known codes, sorted
    ("formula uses unknown code 'HEADCONT'; known codes: HEADCOUNT, REVENUE"),
    or only the look-alikes when there are more than 20; ``kpi_label``
    prefixes it ("KPI 'Revenue per head': ...").
    """
    if isinstance(formula, str):
        formula = parse(formula)
    known = set(known_codes)
    unknown = sorted(formula.codes - known)
    if not unknown:
        return
    raise FormulaError(
        "unknown_codes",
        codes=", ".join(f"'{code}'" for code in unknown),
        count=len(unknown),
        hint=_known_codes_hint(unknown, known),
        kpi=kpi_label or False,
    )


def _known_codes_hint(unknown, known):
    """The look-alikes of unknown codes, as data (:func:`_hint_message`)."""
    if not known:
        return {"key": "none"}
    if len(known) <= MAX_LISTED_CODES:
        return {"key": "all", "codes": ", ".join(sorted(known))}
    similar = set()
    for code in unknown:
        similar.update(difflib.get_close_matches(code, known, n=5))
    if not similar:
        return {"key": "none_close", "count": len(known)}
    return {
        "key": "similar",
        "codes": ", ".join(sorted(similar)),
        "count": len(known),
    }


def evaluation_order(deps):
    """Order formula KPIs so that each comes after the codes it needs.

    ``deps`` maps each formula KPI's code to the codes it needs in the same
    period (its ``same_period_codes``); codes that are not keys are inputs
    (manual or ERP KPIs) and are ready from the start. Returns the keys of
    ``deps`` in a valid computation order, the smallest code first among
    those ready at the same time, so the order is always the same. Raises
    FormulaError "circular reference: A -> B -> A" (with ``cycle``) when
    codes depend on each other; ``prev()`` references are not dependencies.
    Kahn's algorithm: iterative, linear in the size of the graph.
    """
    graph = {
        code: {used for used in uses if used in deps} for code, uses in deps.items()
    }
    waiting = {code: len(uses) for code, uses in graph.items()}
    dependents = {code: [] for code in graph}
    for code, uses in graph.items():
        for used in uses:
            dependents[used].append(code)
    ready = [code for code, count in waiting.items() if not count]
    heapq.heapify(ready)
    order = []
    while ready:
        code = heapq.heappop(ready)
        order.append(code)
        for dependent in dependents[code]:
            waiting[dependent] -= 1
            if not waiting[dependent]:
                heapq.heappush(ready, dependent)
    if len(order) < len(graph):
        blocked = {code for code, count in waiting.items() if count}
        cycle = _find_cycle(graph, blocked)
        raise FormulaError("cycle", cycle=cycle, codes=" -> ".join(cycle))
    return order


def _find_cycle(graph, blocked):
    """One cycle among the blocked codes, starting at its smallest code.

    Each blocked code waits on at least one other blocked code, so following
    the smallest such dependency from any of them must come back to a code
    already seen.
    """
    path = []
    seen_at = {}
    code = min(blocked)
    while code not in seen_at:
        seen_at[code] = len(path)
        path.append(code)
        code = min(used for used in graph[code] if used in blocked)
    members = path[seen_at[code] :]
    start = members.index(min(members))
    members = members[start:] + members[:start]
    return members + [members[0]]


# ----------------------------------------------------------------------
# Messages: the reasons above (FormulaError.reason, ErrorValue.reason) as
# sentences. Every sentence is a literal _() call, so that scripts/export-pot
# finds it; the models pass env._ to write it in the reader's language. The
# error codes (#DIV/0, #NAME...) and the formula's own text stay as they are.
# ----------------------------------------------------------------------


def message(reason, _=english):
    """The sentence of a formula's ``reason`` in the language of ``_``.

    :param reason: ``FormulaError.reason`` or ``ErrorValue.reason`` (a dict
        with its ``key``), an error passed on from an input
        (``{"key": "input", "kpi": code, "error": its reason}``), or a plain
        text, returned as it is (errors stored before reasons were data, or
        given by a data source); None or False give ""
    :param _: the translation function (``env._`` in the models)
    """
    if not reason:
        return ""
    if isinstance(reason, str):
        return reason
    key = reason.get("key")
    render = _MESSAGES.get(key)
    if render is None:
        return str(reason.get("text") or key)
    return render(_, reason)


def _located(_, reason):
    if reason.get("why"):
        return _(
            "%(code)s in %(segment)s: %(why)s",
            code=reason["code"],
            segment=reason["segment"],
            why=_why_message(_, reason),
        )
    return _("%(code)s in %(segment)s", code=reason["code"], segment=reason["segment"])


def _why_message(_, reason):
    why = reason["why"]
    if why == "exponent":
        return _(
            "the exponent %(exponent)s is beyond +-%(limit)s",
            exponent=reason["exponent"],
            limit=reason["limit"],
        )
    if why == "fractional_power":
        return _("a negative number has no fractional power")
    return _("the result is out of range")


def _not_allowed(_, reason):
    what = reason["what"]
    texts = {
        "attribute": lambda: _("attribute access is not allowed"),
        "subscript": lambda: _("subscripts ([...]) are not allowed"),
        "slice": lambda: _("slices are not allowed"),
        "lambda": lambda: _("lambda functions are not allowed"),
        "comprehension": lambda: _("comprehensions are not allowed"),
        "f_string": lambda: _("f-strings are not allowed"),
        "assignment_expression": lambda: _(
            "assignment expressions (:=) are not allowed"
        ),
        "starred": lambda: _("starred expressions (*) are not allowed"),
        "dict": lambda: _("dictionaries are not allowed"),
        "list": lambda: _("lists are not allowed"),
        "set": lambda: _("sets are not allowed"),
        "tuple": lambda: _("tuples are not allowed (a formula is a single expression)"),
        "await": lambda: _("'await' is not allowed"),
        "yield": lambda: _("'yield' is not allowed"),
        "import": lambda: _("imports are not allowed"),
        "assignment": lambda: _("assignments are not allowed"),
        "definition": lambda: _("definitions are not allowed"),
        "loop": lambda: _("loops are not allowed"),
        "node": lambda: _("'%(name)s' is not allowed", name=reason["name"]),
        "operator": lambda: _(
            "operator '%(symbol)s' is not allowed", symbol=reason["symbol"]
        ),
        "big_number": lambda: _(
            "numbers beyond %(limit)s are not allowed", limit=reason["limit"]
        ),
        "complex": lambda: _("complex numbers are not allowed"),
        "text": lambda: _("text strings are not allowed"),
        "constant": lambda: _(
            "%(value)s is not allowed; a formula works on numbers",
            value=reason["value"],
        ),
        "call": lambda: _(
            "only the functions %(functions)s can be called",
            functions=reason["functions"],
        ),
    }
    problem = texts[what]() if what in texts else what
    if reason.get("segment"):
        return _("%(problem)s: %(segment)s", problem=problem, segment=reason["segment"])
    return problem


def _reserved(_, reason):
    if reason["key"] == "reserved_function":
        kind = _("a formula function")
    else:
        kind = _("a Python keyword")
    return _(
        "'%(code)s' is a reserved word and cannot be a KPI code: it is %(kind)s, "
        "which formulas would not read as a KPI; use another code, e.g. "
        "'%(suggestion)s'",
        code=reason["code"],
        kind=kind,
        suggestion=reason["suggestion"],
    )


def _too_many_arguments(_, reason):
    if reason["most"] == 1:
        return _(
            "%(name)s() takes one argument, not %(count)s",
            name=reason["name"],
            count=reason["count"],
        )
    return _(
        "%(name)s() takes at most %(most)s arguments, not %(count)s",
        name=reason["name"],
        most=reason["most"],
        count=reason["count"],
    )


def _unknown_codes(_, reason):
    hint = _hint_message(_, reason["hint"])
    if reason["count"] == 1:
        text = _(
            "formula uses unknown code %(codes)s; %(hint)s",
            codes=reason["codes"],
            hint=hint,
        )
    else:
        text = _(
            "formula uses unknown codes %(codes)s; %(hint)s",
            codes=reason["codes"],
            hint=hint,
        )
    if reason.get("kpi"):
        return _("KPI '%(kpi)s': %(error)s", kpi=reason["kpi"], error=text)
    return text


def _hint_message(_, hint):
    key = hint["key"]
    if key == "none":
        return _("no other KPI code is known")
    if key == "all":
        return _("known codes: %(codes)s", codes=hint["codes"])
    if key == "none_close":
        return _("none of the %(count)s known codes is close", count=hint["count"])
    return _(
        "similar known codes: %(codes)s (%(count)s in all)",
        codes=hint["codes"],
        count=hint["count"],
    )


_MESSAGES = {
    # refused when saved (FormulaError)
    "invalid_code": lambda _, r: _(
        "%(code)s is not a valid KPI code: use letters A-Z, digits and _, "
        "not starting with a digit (e.g. REVENUE_PER_HEAD)",
        code=r["code"],
    ),
    "reserved_function": _reserved,
    "reserved_keyword": _reserved,
    "not_text": lambda _, r: _("a formula must be text, not %(type)s", type=r["type"]),
    "too_long": lambda _, r: _(
        "the formula is too long: %(length)s characters, at most %(limit)s",
        length=r["length"],
        limit=r["limit"],
    ),
    "empty": lambda _, r: _("the formula is empty"),
    "null_character": lambda _, r: _("the formula contains a null character"),
    "brackets_too_deep": lambda _, r: _(
        "the formula nests brackets more than %(limit)s levels deep", limit=r["limit"]
    ),
    "unreadable": lambda _, r: _(
        "the formula cannot be read: %(error)s", error=r["error"]
    ),
    "statements": lambda _, r: _(
        "a formula is a single expression, not %(count)s statements", count=r["count"]
    ),
    "statement": lambda _, r: _(
        "statements (%(kind)s) are not allowed; a formula is a single expression",
        kind=r["kind"],
    ),
    "not_allowed": _not_allowed,
    "syntax_end": lambda _, r: _(
        "syntax error at the end of the formula: %(error)s", error=r["error"]
    ),
    "syntax": lambda _, r: _(
        "syntax error at column %(column)s: %(error)s",
        column=r["column"],
        error=r["error"],
    ),
    "syntax_line": lambda _, r: _(
        "syntax error at line %(line)s, column %(column)s: %(error)s",
        line=r["line"],
        column=r["column"],
        error=r["error"],
    ),
    "too_many_elements": lambda _, r: _(
        "the formula is too long: more than %(limit)s elements", limit=r["limit"]
    ),
    "too_deep": lambda _, r: _(
        "the formula is nested more than %(limit)s levels deep", limit=r["limit"]
    ),
    "invalid_name": lambda _, r: _(
        "'%(code)s' is not a valid KPI code: use letters A-Z, digits and _",
        code=r["code"],
    ),
    "function_as_name": lambda _, r: _(
        "'%(name)s' is a function; call it as %(name)s(...)", name=r["name"]
    ),
    "function_not_allowed": lambda _, r: _(
        "function '%(name)s' is not allowed; allowed: %(functions)s",
        name=r["name"],
        functions=r["functions"],
    ),
    "keyword_arguments": lambda _, r: _(
        "%(name)s() takes no keyword arguments", name=r["name"]
    ),
    "starred_arguments": lambda _, r: _(
        "%(name)s() takes no starred arguments (*)", name=r["name"]
    ),
    "too_few_arguments": lambda _, r: _(
        "%(name)s() needs at least %(least)s argument",
        name=r["name"],
        least=r["least"],
    ),
    "too_many_arguments": _too_many_arguments,
    "code_argument": lambda _, r: _(
        "%(name)s() needs a KPI code as first argument, as in %(name)s(REVENUE)",
        name=r["name"],
    ),
    "prev_shift": lambda _, r: _(
        "the number of periods in prev() must be a whole number from 1 to "
        "%(limit)s, as in prev(REVENUE, 2)",
        limit=r["limit"],
    ),
    "round_digits": lambda _, r: _(
        "the number of decimals in round() must be a whole number from "
        "-%(limit)s to %(limit)s, as in round(X, 2)",
        limit=r["limit"],
    ),
    "unknown_codes": _unknown_codes,
    "cycle": lambda _, r: _("circular reference: %(codes)s", codes=r["codes"]),
    # no number for one period (ErrorValue)
    "failed": lambda _, r: _(
        "%(code)s in %(formula)s: %(error)s",
        code=r["code"],
        formula=r["formula"],
        error=r["error"],
    ),
    "at": _located,
    "unknown_code": lambda _, r: _(
        "unknown code '%(name)s' in %(formula)s",
        name=r["name"],
        formula=r["formula"],
    ),
    "input_out_of_range": lambda _, r: _(
        "the value of %(input)s is out of range in %(formula)s",
        input=r["input"],
        formula=r["formula"],
    ),
    "no_value": lambda _, r: _(
        "no value for %(input)s in %(formula)s",
        input=r["input"],
        formula=r["formula"],
    ),
    "not_a_number": lambda _, r: _(
        "the value of %(input)s is not a number in %(formula)s",
        input=r["input"],
        formula=r["formula"],
    ),
    # an input's own error, passed on to the formulas that use it
    "input": lambda _, r: _(
        "%(kpi)s: %(error)s", kpi=r["kpi"], error=message(r["error"], _)
    ),
}


def register_message(key, render):
    """Lets an addon name a reason of its own: ``render(_, reason)`` writes
    the sentence of a reason ``{"key": key, ...}`` in the language of ``_``
    for ``message``. A key already known keeps its renderer."""
    _MESSAGES.setdefault(key, render)


def input_error(code, error):
    """The error value a formula reads for input ``code`` that has an
    error of its own: ``error`` is that ErrorValue, or its reason (data or
    text)."""
    if isinstance(error, ErrorValue):
        error = error.reason
    return ErrorValue(ERR, {"key": "input", "kpi": code, "error": error})
