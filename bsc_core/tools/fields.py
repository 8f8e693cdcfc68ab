# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A Float field whose "no value" stays no value.

Odoo's ``fields.Float`` writes False and None as 0.0 and reads NULL back as
0.0, so a score without data shows 0.00 in lists and counts as 0 in the
averages of pivot and graph views. :class:`NullableFloat` keeps NULL in the
column (SQL ``AVG`` leaves NULL rows out, so read_group averages count only
rows with data) and reads it as False, which the web client's float
formatter shows as an empty cell (lists, kanban, forms) and exports leave
empty. It is still a ``float`` field for every view, filter and report.
"""

from odoo import fields


def _empty(value):
    return value is None or value is False


class NullableFloat(fields.Float):
    """``fields.Float`` where False/None is stored as NULL and read as False."""

    def convert_to_column(self, value, record, values=None, validate=True):
        if _empty(value):
            return None
        return super().convert_to_column(value, record, values, validate)

    def convert_to_cache(self, value, record, validate=True):
        if _empty(value):
            return None
        return super().convert_to_cache(value, record, validate)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_export(self, value, record):
        return "" if _empty(value) else value
