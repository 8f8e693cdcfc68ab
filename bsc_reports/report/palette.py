# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The colours of the screen, shared by the XLSX workbook and the PDF.

The scorecard matrix on screen (template ``bsc_core.bsc_scorecard_matrix_table``)
shows a status as a Bootstrap badge (``text-bg-danger``, ``-warning``,
``-success``, ``-secondary``) and a perspective band in the colour of its
index in Odoo's ``$o-colors``. These are the hex values Odoo 18's backend
gives them, so a red cell of the workbook is the red of the screen.
"""

# status -> background and the text colour Bootstrap puts on it
STATUS_COLORS = {
    "red": {"fill": "#dc3545", "font": "#ffffff"},  # $o-danger
    "yellow": {"fill": "#ffac00", "font": "#212529"},  # $o-warning
    "green": {"fill": "#28a745", "font": "#ffffff"},  # $o-success
    "none": {"fill": "#dee2e6", "font": "#212529"},  # $secondary ($gray-300)
}

# Odoo's $o-colors: the colour index of a perspective picks its band colour
BAND_COLORS = (
    "#a2a2a2",
    "#ee2d2d",
    "#dc8534",
    "#e8bb1d",
    "#5794dd",
    "#9f628f",
    "#db8865",
    "#41a9a2",
    "#304be0",
    "#ee2f8a",
    "#61c36e",
    "#9872e6",
)

# Rows of the matrix (scorecard, perspective, objective): $gray-200,
# $gray-300 at half opacity and $gray-100 over white
ROW_FILLS = {
    "scorecard": "#e9ecef",
    "perspective": "#eff1f3",
    "objective": "#fbfbfc",
}

MUTED = "#6c757d"  # $text-muted ($gray-600)
BORDER = "#adb5bd"  # $gray-500
INFO = "#17a2b8"  # $o-info

# Trend arrows: up is good unless lower is better; a range KPI has no good way
TREND_ARROWS = {"up": "↑", "down": "↓", "flat": "→"}

# Initiative status -> status colour, as the initiative list decorates it
INITIATIVE_STATE_COLORS = {
    "on_track": STATUS_COLORS["green"],
    "at_risk": STATUS_COLORS["yellow"],
    "late": STATUS_COLORS["red"],
    "done": {"fill": INFO, "font": "#ffffff"},
    "cancelled": STATUS_COLORS["none"],
}


def status_colors(status):
    """Fill and font colour of a status; unknown or empty is 'no data'."""
    return STATUS_COLORS.get(status or "none", STATUS_COLORS["none"])


def band_color(index):
    """The band colour of a perspective's colour index (wraps around)."""
    return BAND_COLORS[(index or 0) % len(BAND_COLORS)]


def trend_color(trend, polarity=None):
    """Colour of a trend arrow, as the screen colours it.

    :param polarity: a KPI's polarity; None for roll-ups (higher is better)
    """
    if trend not in ("up", "down") or polarity == "range":
        return MUTED
    good = "up" if polarity != "lower" else "down"
    return STATUS_COLORS["green" if trend == good else "red"]["fill"]
