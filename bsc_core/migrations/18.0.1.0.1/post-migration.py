# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.0.1: a measurement without a value has a NULL actual, not 0.0.

``bsc.measurement.actual_value`` became a ``NullableFloat`` (as the score):
rows stored before with ``has_actual`` False and 0.0 are set to NULL, so that
lists and exports show them blank and averages leave them out. Nothing is
recomputed; a real 0 (``has_actual`` True) stays 0.
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE bsc_measurement
           SET actual_value = NULL
         WHERE has_actual IS NOT TRUE
           AND actual_value IS NOT NULL
        """
    )
    _logger.info("bsc_core: %s measurements without a value set to NULL", cr.rowcount)
