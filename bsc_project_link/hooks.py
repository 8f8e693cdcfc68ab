# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL


def post_init_hook(env):
    """Date the tasks closed before the addon was installed by the best
    trace Odoo kept (the end date of a folded stage, else the last stage
    change), rather than by the day of installation."""
    env.cr.execute(
        SQL(
            """UPDATE project_task
                  SET bsc_date_closed = COALESCE(date_end, date_last_stage_update,
                                                 write_date)
                WHERE state IN ('1_done', '1_canceled')"""
        )
    )
    env["project.task"].invalidate_model(["bsc_date_closed"])
