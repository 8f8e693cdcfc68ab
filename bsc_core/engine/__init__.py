"""Pure-Python arithmetic of the Balanced Scorecard.

Nothing here imports Odoo: the models gather their inputs in bulk, call these
functions over plain numbers, dicts and dates, and write the results back.

- ``formula``: the safe formula language of computed KPIs.
- ``scoring``: actual vs target and thresholds -> score 0..10 and status.
- ``rollup``: weighted means from KPIs up to the scorecard.
- ``periods``: calendar periods, aggregation over periods, year to date.
"""

from . import formula, periods, rollup, scoring

__all__ = ["formula", "periods", "rollup", "scoring"]
