# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The grouped queries every source family builds on (see the readme,
"Write a link addon"): declarative specs in, ``odoo.tools.SQL`` out."""

from .grouped import (
    DECOMPOSABLE,
    Filtered,
    Grouped,
    Shape,
    filter_columns,
    filter_columns_sql,
    grouped_sets,
    grouped_sets_sql,
    percentile,
)
from .sql import (
    company_domain,
    converted,
    domain_condition,
    local_midnight_utc,
    path_field,
    path_sql,
    period_bounds,
    period_domain,
    where_sql,
)

__all__ = [
    "DECOMPOSABLE",
    "Filtered",
    "Grouped",
    "Shape",
    "company_domain",
    "converted",
    "domain_condition",
    "filter_columns",
    "filter_columns_sql",
    "grouped_sets",
    "grouped_sets_sql",
    "local_midnight_utc",
    "path_field",
    "path_sql",
    "percentile",
    "period_bounds",
    "period_domain",
    "where_sql",
]
