# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.0.2: a missed snapshot's reason is data, shown in the reader's
language.

The snapshot job stored "Snapshot missed: the scheduled action did not run
when <period> ended..." as a sentence in ``error_text``, in the language of
the user the job ran as. It now stores the reason in ``error_data``
(``{"key": "snapshot_missed", "period", "date_start", "date_end",
"noticed"}``), rendered when read (``error_message``, the explanation, the
matrix), with the English sentence in ``error_text``. Existing missed
measurements get the same: the reason from their period, the English text,
and the reason in their stored explanation. Nothing is recomputed.
"""

import json
import logging

from odoo.addons.bsc_core.engine import formula
from odoo.addons.bsc_core.models.bsc_snapshot import MISSED

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT m.id, p.name, p.date_start, p.date_end, m.write_date::date
          FROM bsc_measurement m
          JOIN bsc_period p ON p.id = m.period_id
         WHERE m.origin = 'missed'
           AND m.error_data IS NULL
        """
    )
    rows = cr.fetchall()
    for measurement_id, period, date_start, date_end, noticed in rows:
        reason = {
            "key": MISSED,
            "period": period,
            "date_start": date_start.isoformat(),
            "date_end": date_end.isoformat(),
            "noticed": noticed.isoformat() if noticed else None,
        }
        text = formula.message(reason)
        cr.execute(
            """
            UPDATE bsc_measurement
               SET error_data = %(reason)s::jsonb,
                   error_text = %(text)s,
                   explanation_data = CASE
                       WHEN explanation_data->>'rule' = 'error'
                       THEN explanation_data
                            || jsonb_build_object('text', %(text)s::text,
                                                  'error', %(reason)s::jsonb)
                       ELSE explanation_data
                   END
             WHERE id = %(id)s
            """,
            {"reason": json.dumps(reason), "text": text, "id": measurement_id},
        )
    _logger.info("bsc_core: %s missed snapshots given their reason as data", len(rows))
