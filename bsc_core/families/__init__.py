# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Source families: where KPI values come from (see the readme, "Write a
link addon").

A family is a plain class registered on ``bsc.kpi`` by
``_bsc_source_families()``; it names its source types, declares its
parameters once (:class:`Parameter`), computes all its KPIs for all periods
in one call and opens the records behind a value.
"""

from .base import Parameter, SourceFamily
from .core import FormulaFamily, ManualFamily, RatioFamily, SourceRecordFamily
from .shaped import ShapedFamily, children_of
from .snapshot import SnapshotFamily

__all__ = [
    "FormulaFamily",
    "ManualFamily",
    "Parameter",
    "RatioFamily",
    "ShapedFamily",
    "SnapshotFamily",
    "SourceFamily",
    "SourceRecordFamily",
    "children_of",
]
