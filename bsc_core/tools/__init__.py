"""Helpers of the models that need an environment but no model of their own.

- ``number_format``: the one number formatter of KPI values and scores.
"""

from . import number_format

__all__ = ["number_format"]
