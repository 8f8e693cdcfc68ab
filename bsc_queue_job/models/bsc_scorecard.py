# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The daily recompute as OCA ``queue_job`` jobs, one per scorecard.

The daily job only enqueues one job per active scorecard: queue_job's job
runner hands them to the Odoo workers, several at a time, and each job
commits on its own. With the system parameter ``bsc_queue_job.recompute_with_jobs``
turned off, the daily job computes everything itself, as bsc_core alone does.

Jobs go to queue_job's default channel (``root``), so that nothing has to be
created for them; an administrator can route them to a channel of their own
with a job function for ``<bsc.scorecard>._bsc_job_recompute`` (readme,
"Configure").
"""

import logging

from odoo import _, api, models

from odoo.addons.bsc_core.models.bsc_scorecard_recompute import RECOMPUTE_INLINE_CONTEXT
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.utils import must_run_without_delay

_logger = logging.getLogger(__name__)

# System parameter: set it to one of FALSE_VALUES to keep the daily
# recompute in the cron.
JOBS_PARAMETER = "bsc_queue_job.recompute_with_jobs"
# Its name when bsc_core held this integration: still read when the new one
# is not set, so that a database that turned jobs off keeps them off.
FORMER_JOBS_PARAMETER = "bsc_core.recompute_with_jobs"
FALSE_VALUES = ("0", "false", "no", "off")
# A job whose scorecard is being recomputed elsewhere runs again this much
# later (seconds), without using up one of its retries.
LOCKED_RETRY_SECONDS = 60


class BscScorecard(models.Model):
    _inherit = "bsc.scorecard"

    @api.model
    def _bsc_recompute_with_jobs(self):
        """Whether the daily recompute is split into jobs.

        Unless the system parameter turns it off, or the caller wants the
        work done at once: bsc_core's ``bsc_recompute_inline`` context, or
        queue_job's ``QUEUE_JOB__NO_DELAY`` variable or ``queue_job__no_delay``
        context (with which queue_job would run each job at once, in the
        cron's transaction, where a locked scorecard would stop the cron: the
        cron's own loop does the same work with its per-scorecard error
        handling).
        """
        if self.env.context.get(RECOMPUTE_INLINE_CONTEXT):
            return False
        Parameter = self.env["ir.config_parameter"].sudo()
        value = Parameter.get_param(JOBS_PARAMETER) or Parameter.get_param(
            FORMER_JOBS_PARAMETER
        )
        if (value or "").strip().lower() in FALSE_VALUES:
            return False
        return not must_run_without_delay(self.env)

    def _bsc_cron_recompute(self):
        """One job per scorecard instead of the work."""
        if not self._bsc_recompute_with_jobs():
            return super()._bsc_cron_recompute()
        for scorecard in self:
            scorecard._bsc_enqueue_recompute()
        _logger.info("Recompute of %s scorecard(s) handed to jobs", len(self))

    def _bsc_enqueue_recompute(self):
        """Enqueue this scorecard's recompute, unless it is already waiting.

        The identity key is the scorecard's own: a job of it that is still
        pending or enqueued is not queued a second time (one that has
        started is, and waits for it through the lock).
        """
        self.ensure_one()
        return self.with_delay(
            description=_("Recompute scorecard %(name)s", name=self.name),
            identity_key=f"bsc.scorecard({self.id},)._bsc_job_recompute()",
        )._bsc_job_recompute()

    def _bsc_job_recompute(self):
        """The job: recompute one scorecard and remind its owners.

        If another transaction is computing the scorecard (the Recompute
        button, a second job), the job is postponed by queue_job instead of
        failing: the lock is only held while that transaction runs.
        """
        self.ensure_one()
        if not self.exists() or self.state != "active":
            return _("Scorecard deleted or no longer active: nothing done.")
        if not self._bsc_try_lock():
            raise RetryableJobError(
                _(
                    "Scorecard '%(name)s' is being recomputed by another process; "
                    "this job runs again in %(seconds)s seconds.",
                    name=self.name,
                    seconds=LOCKED_RETRY_SECONDS,
                ),
                seconds=LOCKED_RETRY_SECONDS,
                ignore_retry=True,
            )
        changed = self._bsc_recompute()
        self._bsc_schedule_activities()
        return _("%(count)s measurement(s) created or changed.", count=changed)
