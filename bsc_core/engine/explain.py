# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Explanations of scores and roll-ups: data in, sentences out.

:mod:`.scoring` and :mod:`.rollup` describe how they reached a score as
plain data (the rule, the inputs, the weights, the band), a dict that the
models store as JSON. :func:`render` turns that data into the sentences a
user reads. Its ``_`` argument is the translation function: the engine's
own default leaves the English text, the models pass ``env._`` so that the
reader's language is used when the text is shown. Every sentence is a
literal ``_()`` call, so that ``scripts/export-pot`` finds it. The numbers
inside go through the ``number`` argument, ``number(value, digits)``: the
engine's default writes a dot decimal, the models pass the one formatter
(``tools.number_format.number_writer``) for the reader's language, which
gives "1 234,5" in French.

A stored explanation may also be plain text (written before explanations
were data, or a formula's error message): it is shown as it is.
"""

SCORE = "score"
NO_DATA = "no_data"
NO_SCORE = "no_score"
ERROR = "error"
WEIGHTED_MEAN = "weighted_mean"
NO_INPUT = "no_input"
WEIGHTS_TOO_LARGE = "weights_too_large"
# a typed value not scored until approved ("state": submitted or rejected)
PENDING = "pending"
# The label of the aligned objectives' share in an objective's roll-up
ALIGNED = "Aligned objectives"


def english(source, *args, **kwargs):
    """The untranslated text: what ``_`` is without a language."""
    params = args or kwargs
    return source % params if params else source


def dot_number(value, digits):
    """A number with ``digits`` decimals, a dot decimal and no grouping:
    the engine's own default, where no language is known."""
    return f"{value:.{digits}f}"


def render(detail, _=english, number=dot_number):
    """The sentences of an explanation ``detail`` (see the module doc).

    :param detail: a dict built by :mod:`.scoring` or :mod:`.rollup`, a
        plain text, or None/False (no explanation: "")
    :param _: the translation function (``env._`` in the models)
    :param number: ``number(value, digits)``, a number as text in the
        reader's language
    :return: the text, lines separated by newlines
    """
    if not detail:
        return ""
    if isinstance(detail, str):
        return detail
    rule = detail.get("rule")
    numbers = _Numbers(number)
    if rule == SCORE:
        return _render_score(detail, _, numbers)
    if rule == NO_DATA:
        if detail.get("why") == "not_finite":
            return _("No data: the actual is not a finite number")
        if detail.get("text"):
            return _("No data: %(reason)s", reason=detail["text"])
        return _("No data: no actual value")
    if rule == NO_SCORE:
        reason = detail.get("text", "")
        if detail.get("reason"):
            reason = threshold_reason(detail["reason"], _, number)
        return _("No score: %(reason)s", reason=reason)
    if rule == ERROR:
        if detail.get("error"):
            # a formula's reason as data; imported here, as formula.py
            # imports this module
            from .formula import message

            return message(detail["error"], _)
        return detail.get("text", "")
    if rule in (WEIGHTED_MEAN, NO_INPUT):
        return _render_rollup(detail, _, numbers)
    if rule == WEIGHTS_TOO_LARGE:
        return _("No score: the weights are too large")
    if rule == PENDING:
        if detail.get("state") == "rejected":
            return _("Value rejected, waiting for a new one")
        return _("Value waiting for approval")
    return ""


def threshold_reason(reason, _=english, number=dot_number):
    """Why thresholds cannot score (``scoring.ThresholdError.reason``), in
    the language of ``_`` with the numbers of ``number`` (see :func:`render`).
    """
    n = _Numbers(number)
    code = reason["code"]
    if code == "unknown_polarity":
        return _(
            "unknown polarity %(polarity)s; use higher, lower or range",
            polarity=reason["polarity"],
        )
    if code in ("required", "not_a_number"):
        what = {
            "target": _("the target"),
            "red_flag": _("the red flag"),
            "target_max": _("the target maximum"),
            "tolerance": _("the tolerance"),
        }[reason["what"]]
        if code == "required":
            return _("%(what)s is required", what=what)
        return _(
            "%(what)s must be a number, not %(value)s", what=what, value=reason["value"]
        )
    if code == "red_flag_required":
        if reason["polarity"] == "lower":
            return _("a red flag is required when lower is better")
        return _("a red flag is required when higher is better")
    if code == "red_flag_not_below":
        return _(
            "the red flag (%(red_flag)s) must be below the target (%(target)s) "
            "when higher is better",
            red_flag=n.num(reason["red_flag"]),
            target=n.num(reason["target"]),
        )
    if code == "red_flag_not_above":
        return _(
            "the red flag (%(red_flag)s) must be above the target (%(target)s) "
            "when lower is better",
            red_flag=n.num(reason["red_flag"]),
            target=n.num(reason["target"]),
        )
    if code == "too_far_apart":
        return _("the target and the red flag are too far apart")
    if code == "range_needs_maximum":
        return _("a target range needs a maximum (the top of the range)")
    if code == "maximum_below_target":
        return _(
            "the target maximum (%(target_max)s) must not be below the target "
            "(%(target)s), the bottom of the range",
            target_max=n.num(reason["target_max"]),
            target=n.num(reason["target"]),
        )
    if code == "range_needs_tolerance":
        return _("a target range needs a tolerance above 0")
    if code == "tolerance_not_positive":
        return _(
            "the tolerance (%(tolerance)s) must be above 0",
            tolerance=n.num(reason["tolerance"]),
        )
    if code == "range_too_wide":
        return _("the target range and its tolerance are too wide")
    return code


def _render_score(detail, _, n):
    polarity = detail["polarity"]
    if polarity == "range":
        heading = _(
            "Actual %(actual)s vs target range %(range)s, tolerance %(tolerance)s",
            actual=n.num(detail["actual"]),
            range=_span(detail["target"], detail["target_max"], _, n),
            tolerance=n.num(detail["tolerance"]),
        )
    else:
        # written before the sentence: the .pot extraction does not see a
        # _() call nested in another one's arguments
        if polarity == "higher":
            better = _("higher is better")
        else:
            better = _("lower is better")
        heading = _(
            "Actual %(actual)s vs target %(target)s, red flag %(red_flag)s "
            "(%(polarity)s)",
            actual=n.num(detail["actual"]),
            target=n.num(detail["target"]),
            red_flag=n.num(detail["red_flag"]),
            polarity=better,
        )
    score = n.score(detail["score"])
    return "%s\n%s" % (  # noqa: UP031 (two sentences of their own)
        _(
            "%(heading)s: %(rule)s -> %(score)s%(note)s",
            heading=heading,
            rule=_render_band(detail["band"], _, n),
            score=score,
            note=_render_note(detail.get("note"), _, n),
        ),
        _(
            "Status: %(status)s, score %(score)s of 10",
            status=_status(detail["status"], _),
            score=score,
        ),
    )


def _render_band(band, _, n):
    if band["kind"] == "on_target":
        return _("green on the target %(target)s", target=n.num(band["at"]))
    span = _span(band["from"], band["to"], _, n)
    if band["kind"] == "middle":
        return _(
            "green band %(span)s maps to 6.67 at the edges and 10 at the middle "
            "%(middle)s",
            span=span,
            middle=n.num(band["middle"]),
        )
    return _(
        "%(status)s band %(span)s maps to %(scores)s",
        status=_status(band["status"], _),
        span=span,
        scores=n.scores(band["scores"]),
    )


def _render_note(note, _, n):
    if not note:
        return ""
    if note["side"] == "below":
        text = _(
            "the score stays %(score)s below %(limit)s",
            score=n.num(note["score"]),
            limit=n.num(note["at"]),
        )
    else:
        text = _(
            "the score stays %(score)s above %(limit)s",
            score=n.num(note["score"]),
            limit=n.num(note["at"]),
        )
    return f" ({text})"


def _render_rollup(detail, _, n):
    lines = []
    if detail["rule"] == NO_INPUT:
        lines.append(_("No score: no input has a score"))
    for item in detail["items"]:
        label = item["label"]
        if label == ALIGNED:
            label = _("Aligned objectives")
        if item.get("left_out") == "no_data":
            lines.append(_("%(label)s: no data, left out", label=label))
        elif item.get("left_out") == "weight":
            lines.append(
                _(
                    "%(label)s: weight %(weight)s, left out",
                    label=label,
                    weight=n.num(item["weight"]),
                )
            )
        else:
            lines.append(
                _(
                    "%(label)s: %(score)s x weight %(weight)s (%(share)s)",
                    label=label,
                    score=n.score(item["score"]),
                    weight=n.num(item["weight"]),
                    share=n.percent(item["percent"]),
                )
            )
    if detail["rule"] == WEIGHTED_MEAN:
        lines.append(
            _(
                "Weighted mean: %(score)s, %(status)s",
                score=n.score(detail["score"]),
                status=_status(detail["status"], _),
            )
        )
    return "\n".join(lines)


def _status(status, _):
    return {
        "red": _("red"),
        "yellow": _("yellow"),
        "green": _("green"),
    }.get(status, _("no data"))


def _span(start, end, _, n):
    # "80-100" reads well; "-20--10" does not.
    if start < 0 or end < 0:
        return _("%(start)s to %(end)s", start=n.num(start), end=n.num(end))
    return f"{n.num(start)}-{n.num(end)}"


class _Numbers:
    """The numbers of one explanation, written by ``number(value, digits)``
    with the decimals :func:`num`, :func:`score_text` and :func:`percent`
    keep."""

    def __init__(self, number):
        self.number = number

    def num(self, value):
        if not _is_numeric(value):
            return str(value)
        return self.number(value + 0.0, _decimals(num(value)))

    def score(self, value):
        return self.number(value, _decimals(score_text(value)))

    def percent(self, share):
        return self.number(share, _decimals(percent(share)[:-1])) + "%"

    def scores(self, scores):
        # a band's scores, "0-3.33" (scoring._band)
        return "-".join(self.score(float(part)) for part in scores.split("-"))


def _is_numeric(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _decimals(text):
    """The decimal places of a number written with a dot: "2.5" has 1."""
    if "e" in text:  # 1e+20, 1e-12: a plain number, to the 10 places of num
        return 0 if "e+" in text else 10
    return len(text.partition(".")[2])


def num(value):
    """A threshold, actual or weight as typed: 95, 2.5, not 95.0."""
    if _is_numeric(value):
        return f"{value + 0.0:.10g}"
    return str(value)


def score_text(value):
    """A score with at most 2 decimals: 5.83, 5, 6.2."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def percent(share):
    """A percentage (0..100, rounded to 1 decimal by the engine): 33.3%."""
    return f"{share:.1f}".removesuffix(".0") + "%"
