# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the engine counts as a number: the one test every module uses."""

import math
import numbers


def is_number(value):
    """True for a finite real number (int, float, Fraction...), not a bool.

    None, error values, text, booleans, NaN and infinities are not numbers:
    aggregations leave them out, scoring gives them no score, formulas turn
    them into error values.
    """
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        # an int is finite however large (math.isfinite would overflow)
        and (isinstance(value, numbers.Integral) or math.isfinite(value))
    )
