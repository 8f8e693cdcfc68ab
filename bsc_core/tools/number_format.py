# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one number formatter of the suite: KPI values and scores as text.

The dashboard payload, the matrix table, the PDF briefing book and list
views show what these functions return; the XLSX workbook uses
:func:`excel_number_format`, the same rules as an Excel number format.

Numbers follow the reader's language (``res.lang``: decimal point,
thousands separator and grouping) as :func:`odoo.tools.misc.formatLang`
writes them (:func:`number_writer`, the language of ``env.lang`` or the
user's, resolved once per environment); amounts put the currency's
symbol before or after as the currency says, with a no-break space (as
:func:`odoo.tools.misc.format_amount` does), but keep the KPI's decimal
places; a percentage or a unit follows after a space; "no data" is an en
dash, never 0.00. The dashboard's ``formatKpiValue`` (bsc_format.js) applies
the same rules with the web client's localization, which is the user's
``res.lang`` and the session's currencies.
"""

import ast
import weakref

from odoo.tools.float_utils import float_round
from odoo.tools.misc import get_lang

from odoo.addons.base.models.res_lang import intersperse

NO_DATA = "–"
NBSP = "\N{NO-BREAK SPACE}"
SCORE_DIGITS = 2


def _is_empty(value):
    return value is None or value is False or value == ""


def _kpi_get(kpi, key):
    """``key`` of a KPI row (dict) or ``bsc.kpi`` record."""
    if isinstance(kpi, dict):
        return kpi.get(key)
    return kpi[key] if key in kpi._fields else None


def kpi_decimals(kpi):
    """The decimal places of a KPI row or record; 2 when unset."""
    decimals = _kpi_get(kpi, "decimal_places")
    return max(0, 2 if decimals is None or decimals is False else decimals)


def format_number(env, value, digits=2):
    """``value`` with ``digits`` decimals in the reader's language, or "–"."""
    if _is_empty(value):
        return NO_DATA
    return _number(env)(value, digits)


def number_writer(env):
    """``number(value, digits)`` in the reader's language: what
    ``engine.explain.render`` writes the numbers inside an explanation with
    ("1 234,5" in French, "1.234,5" in German)."""

    # What formatLang(env, value, digits=digits) writes, with the reader's
    # language resolved once per writer rather than once per number: an
    # explanation holds a few numbers and a dashboard renders thousands of
    # explanations (formatLang looks the language up through two ormcaches
    # and parses its grouping at each call: 60 % of a payload's build time)
    data = get_lang(env)
    grouping = ast.literal_eval(data.grouping)
    thousands_sep = data.thousands_sep or ""
    decimal_point = data.decimal_point

    def number(value, digits):
        rounded = float_round(
            value, precision_digits=digits, rounding_method="HALF-EVEN"
        )
        parts = (f"%.{digits}f" % rounded).split(".")
        parts[0] = intersperse(parts[0], grouping, thousands_sep)[0]
        return decimal_point.join(parts)

    return number


# number_writer(env) of each environment (a request's, a test's), kept
# while the environment lives: a dashboard payload writes some 1,500
# numbers, and formatLang resolves the language at each one (a quarter of
# the payload's build). Forgotten when a language changes (res_lang.py).
_WRITERS = weakref.WeakKeyDictionary()


def forget_number_writers():
    """Forget the writers kept: a language's separators or grouping, or
    the languages installed, changed."""
    _WRITERS.clear()


def _number(env):
    """:func:`number_writer` of ``env``, made once per environment."""
    writer = _WRITERS.get(env)
    if writer is None:
        writer = _WRITERS[env] = number_writer(env)
    return writer


# The symbols of thousands, millions... of a compact number, as the web
# client's humanNumber writes them
COMPACT_SYMBOLS = "kMGTPE"
# From this size on, a compact number is written with a symbol: 412.3k
COMPACT_FROM = 10000


def _compact(env, value, decimals):
    """``value`` in little room, as the web client's ``humanNumber``: 412.3k,
    1.2M, in the reader's language; ``decimals`` are kept below 1000 of the
    symbol."""
    size = abs(value)
    symbol = ""
    for power in range(len(COMPACT_SYMBOLS), 0, -1):
        step = 1000**power
        if step <= size:
            size = round(size / step, decimals)
            symbol = COMPACT_SYMBOLS[power - 1]
            break
    else:
        size = round(size, decimals)
    kept = 0 if size >= 1000 else decimals
    return _number(env)(size if value >= 0 else -size, kept) + symbol


def format_kpi_value(env, value, kpi, currency=None, unit=True, compact=False):
    """A KPI value as every screen and report shows it.

    :param value: a number, or None/False for no data ("–")
    :param kpi: a KPI row of the matrix (dict with ``decimal_places``,
        ``value_format``, ``unit``) or a ``bsc.kpi`` record
    :param currency: ``res.currency`` of amounts (the scorecard's)
    :param unit: False to leave out "%", the unit and the currency symbol
        (``actual / target`` in little room)
    :param compact: from :data:`COMPACT_FROM` on, "412.3k" (one decimal;
        an amount keeps the KPI's decimals) rather than "412,345"
    :return: e.g. ``1,234.50 €`` (en_US), ``1 234,50 €`` (fr_FR),
        ``1.234,50 €`` (de_DE), ``12.5 %``, ``42 h``
    """
    if _is_empty(value):
        return NO_DATA
    value_format = _kpi_get(kpi, "value_format")
    if compact and abs(value) >= COMPACT_FROM:
        digits = kpi_decimals(kpi) if value_format == "monetary" else 1
        text = _compact(env, value, digits)
    else:
        text = _number(env)(value, kpi_decimals(kpi))
    if not unit:
        return text
    if value_format == "percent":
        return f"{text} %"
    if value_format == "monetary":
        symbol = currency.symbol if currency else ""
        if not symbol:
            return text
        if currency.position == "before":
            return f"{symbol}{NBSP}{text}"
        return f"{text}{NBSP}{symbol}"
    kpi_unit = _kpi_get(kpi, "unit")
    return f"{text} {kpi_unit}" if kpi_unit else text


def format_actual_target(env, kpi, currency=None):
    """A KPI row's "actual / target" in little room (the dashboard's cards):
    compact numbers, the unit once at the end of the target, a target range
    as low–high; an amount keeps its currency symbol on both.

    :return: ``{"actual": text, "target": text}``
    """
    value_format = _kpi_get(kpi, "value_format")
    money = value_format == "monetary"

    def bare(value):
        return format_kpi_value(env, value, kpi, currency, unit=money, compact=True)

    target = _kpi_get(kpi, "target")
    target_text = bare(target)
    if _kpi_get(kpi, "polarity") == "range" and _kpi_get(kpi, "target_max"):
        target_text = f"{target_text}–{bare(_kpi_get(kpi, 'target_max'))}"
    suffix = ""
    if value_format == "percent":
        suffix = " %"
    elif not money and _kpi_get(kpi, "unit"):
        suffix = f" {_kpi_get(kpi, 'unit')}"
    if _is_empty(target):
        suffix = ""
    return {"actual": bare(_kpi_get(kpi, "actual")), "target": target_text + suffix}


def format_score(env, score):
    """A score (0..10) with two decimals in the reader's language, or "–"."""
    return format_number(env, score, SCORE_DIGITS)


def excel_number_format(kpi, currency=None):
    """The Excel number format of a KPI's values, by the rules above.

    Excel draws the decimal point and the thousands separator of the
    reader's own locale, so the format keeps the grouping and the KPI's
    decimals and adds "%" (values are stored 0-100), the currency symbol
    before or after as the currency says, or the KPI's unit, as literal text.
    """
    decimals = kpi_decimals(kpi)
    text = "#,##0" + ("." + "0" * decimals if decimals else "")
    value_format = _kpi_get(kpi, "value_format")
    if value_format == "percent":
        suffix = "%"
    elif value_format == "monetary":
        symbol = ((currency.symbol if currency else "") or "").replace('"', "")
        if symbol and currency.position == "before":
            return f'"{symbol} "{text}'
        suffix = symbol
    else:
        suffix = _kpi_get(kpi, "unit") or ""
    suffix = suffix.replace('"', "")
    return f'{text}" {suffix}"' if suffix else text


SCORE_EXCEL_FORMAT = "0.00"
