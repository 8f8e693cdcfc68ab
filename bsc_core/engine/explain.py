# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Explanations of scores and roll-ups: data in, sentences out.

:mod:`.scoring` and :mod:`.rollup` describe how they reached a score as
plain data (the rule, the inputs, the weights, the band), a dict that the
models store as JSON. :func:`render` turns that data into the sentences a
user reads. Its ``_`` argument is the translation function: the engine's
own default leaves the English text, the models pass ``env._`` so that the
reader's language is used when the text is shown. Every sentence is a
literal ``_()`` call, so that ``scripts/export-pot`` finds it.

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


def render(detail, _=english):
    """The sentences of an explanation ``detail`` (see the module doc).

    :param detail: a dict built by :mod:`.scoring` or :mod:`.rollup`, a
        plain text, or None/False (no explanation: "")
    :param _: the translation function (``env._`` in the models)
    :return: the text, lines separated by newlines
    """
    if not detail:
        return ""
    if isinstance(detail, str):
        return detail
    rule = detail.get("rule")
    if rule == SCORE:
        return _render_score(detail, _)
    if rule == NO_DATA:
        if detail.get("why") == "not_finite":
            return _("No data: the actual is not a finite number")
        if detail.get("text"):
            return _("No data: %(reason)s", reason=detail["text"])
        return _("No data: no actual value")
    if rule == NO_SCORE:
        return _("No score: %(reason)s", reason=detail.get("text", ""))
    if rule == ERROR:
        return detail.get("text", "")
    if rule in (WEIGHTED_MEAN, NO_INPUT):
        return _render_rollup(detail, _)
    if rule == WEIGHTS_TOO_LARGE:
        return _("No score: the weights are too large")
    if rule == PENDING:
        if detail.get("state") == "rejected":
            return _("Value rejected, waiting for a new one")
        return _("Value waiting for approval")
    return ""


def _render_score(detail, _):
    polarity = detail["polarity"]
    if polarity == "range":
        heading = _(
            "Actual %(actual)s vs target range %(range)s, tolerance %(tolerance)s",
            actual=num(detail["actual"]),
            range=_span(detail["target"], detail["target_max"], _),
            tolerance=num(detail["tolerance"]),
        )
    else:
        heading = _(
            "Actual %(actual)s vs target %(target)s, red flag %(red_flag)s "
            "(%(polarity)s)",
            actual=num(detail["actual"]),
            target=num(detail["target"]),
            red_flag=num(detail["red_flag"]),
            polarity=(
                _("higher is better") if polarity == "higher" else _("lower is better")
            ),
        )
    score = score_text(detail["score"])
    return "%s\n%s" % (  # noqa: UP031 (two sentences of their own)
        _(
            "%(heading)s: %(rule)s -> %(score)s%(note)s",
            heading=heading,
            rule=_render_band(detail["band"], _),
            score=score,
            note=_render_note(detail.get("note"), _),
        ),
        _(
            "Status: %(status)s, score %(score)s of 10",
            status=_status(detail["status"], _),
            score=score,
        ),
    )


def _render_band(band, _):
    if band["kind"] == "on_target":
        return _("green on the target %(target)s", target=num(band["at"]))
    span = _span(band["from"], band["to"], _)
    if band["kind"] == "middle":
        return _(
            "green band %(span)s maps to 6.67 at the edges and 10 at the middle "
            "%(middle)s",
            span=span,
            middle=num(band["middle"]),
        )
    return _(
        "%(status)s band %(span)s maps to %(scores)s",
        status=_status(band["status"], _),
        span=span,
        scores=band["scores"],
    )


def _render_note(note, _):
    if not note:
        return ""
    if note["side"] == "below":
        text = _(
            "the score stays %(score)s below %(limit)s",
            score=num(note["score"]),
            limit=num(note["at"]),
        )
    else:
        text = _(
            "the score stays %(score)s above %(limit)s",
            score=num(note["score"]),
            limit=num(note["at"]),
        )
    return f" ({text})"


def _render_rollup(detail, _):
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
                    weight=num(item["weight"]),
                )
            )
        else:
            lines.append(
                _(
                    "%(label)s: %(score)s x weight %(weight)s (%(share)s)",
                    label=label,
                    score=score_text(item["score"]),
                    weight=num(item["weight"]),
                    share=percent(item["percent"]),
                )
            )
    if detail["rule"] == WEIGHTED_MEAN:
        lines.append(
            _(
                "Weighted mean: %(score)s, %(status)s",
                score=score_text(detail["score"]),
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


def _span(start, end, _):
    # "80-100" reads well; "-20--10" does not.
    if start < 0 or end < 0:
        return _("%(start)s to %(end)s", start=num(start), end=num(end))
    return f"{num(start)}-{num(end)}"


def num(value):
    """A threshold, actual or weight as typed: 95, 2.5, not 95.0."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value + 0.0:.10g}"
    return str(value)


def score_text(value):
    """A score with at most 2 decimals: 5.83, 5, 6.2."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def percent(share):
    """A percentage (0..100, rounded to 1 decimal by the engine): 33.3%."""
    return f"{share:.1f}".removesuffix(".0") + "%"
