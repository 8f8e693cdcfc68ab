# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.0.1: an appraisal goal line without a value or a score has NULL,
not 0.0.

``bsc.appraisal.goal.line.actual_value`` and ``score`` and
``hr.appraisal.goal_score`` became ``NullableFloat`` fields (as bsc_core's
measurements): rows stored before with no value (``has_actual`` False) or no
score (status "none") and 0.0 are set to NULL, so that lists and exports show
them blank and pivot and graph averages leave them out. Nothing is
recomputed; a real 0 stays 0.

The lines' "Actual From" (``actual_note``) was a sentence stored in the
language of whoever refreshed the lines; it is now data
(``actual_note_data``) written in the reader's language. A note stored
before is kept as it is (``{"text": ...}``) until the lines are refreshed.
"""

import logging

_logger = logging.getLogger(__name__)

QUERIES = {
    "goal lines without a value": """
        UPDATE bsc_appraisal_goal_line
           SET actual_value = NULL
         WHERE has_actual IS NOT TRUE
           AND actual_value IS NOT NULL
    """,
    "goal lines without a score": """
        UPDATE bsc_appraisal_goal_line
           SET score = NULL
         WHERE (status IS NULL OR status = 'none')
           AND score IS NOT NULL
    """,
    "appraisals without a goal score": """
        UPDATE hr_appraisal
           SET goal_score = NULL
         WHERE (goal_status IS NULL OR goal_status = 'none')
           AND goal_score IS NOT NULL
    """,
}


def migrate(cr, version):
    if not version:
        return
    for what, query in QUERIES.items():
        cr.execute(query)
        _logger.info("bsc_hr_link: %s %s set to NULL", cr.rowcount, what)
    # the former stored column, kept by the ORM when the field is computed
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'bsc_appraisal_goal_line'
           AND column_name = 'actual_note'
        """
    )
    if cr.fetchone():
        cr.execute(
            """
            UPDATE bsc_appraisal_goal_line
               SET actual_note_data = jsonb_build_object('text', actual_note)
             WHERE actual_note IS NOT NULL
               AND actual_note_data IS NULL
            """
        )
        _logger.info("bsc_hr_link: %s notes kept as text", cr.rowcount)
