# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .base import SourceFamily


class SnapshotFamily(SourceFamily):
    """A state Odoo keeps no history of (the open pipeline, overdue
    receivables): a value is what the records show at one moment.

    The snapshot job (``bsc.scorecard._bsc_take_snapshots``, a scheduled
    action) records it once, at the end of each period, and freezes it; the
    recompute never computes it again. A subclass implements
    :meth:`snapshot_values` (and :meth:`drilldown`, the records as they are
    now) instead of :meth:`compute`.
    """

    def compute(self, kpis, periods):
        # Past snapshots are frozen: nothing to compute over periods.
        return {}

    def snapshot_values(self, kpis, moment):
        """Values of ``kpis`` as the records stand at ``moment`` (now).

        :param moment: the UTC datetime (naive, as Odoo stores them) of the
            snapshot
        :return: ``{kpi_id: (value or None, error or False)}``
        """
        raise NotImplementedError
