"""Helpers of the models that need an environment but no model of their own.

- ``number_format``: the one number formatter of KPI values and scores.
- ``fields``: ``NullableFloat``, a Float whose "no data" is NULL, not 0.0.
"""

from . import fields, number_format

__all__ = ["fields", "number_format"]
