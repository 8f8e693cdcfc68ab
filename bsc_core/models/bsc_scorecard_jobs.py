# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The daily recompute as OCA ``queue_job`` jobs, one per scorecard.

bsc_core does not depend on queue_job. When queue_job is installed in the
database (and the system parameter ``bsc_core.recompute_with_jobs`` is not
turned off), the daily job only enqueues one job per active scorecard: the
job runner hands them to the Odoo workers, several at a time, and each job
commits on its own. Without queue_job the cron computes everything itself
(:meth:`BscScorecard._cron_recompute` in bsc_scorecard.py).

Jobs go to queue_job's default channel (``root``), so that nothing has to
be created for them; an administrator can route them to a channel of their
own with a job function for ``<bsc.scorecard>._bsc_job_recompute`` (see the
README, "Large deployments").
"""

import logging

from odoo import _, api, models

_logger = logging.getLogger(__name__)

# System parameter: set it to one of FALSE_VALUES to keep the daily
# recompute in the cron even when queue_job is installed.
JOBS_PARAMETER = "bsc_core.recompute_with_jobs"
FALSE_VALUES = ("0", "false", "no", "off")
# A job whose scorecard is being recomputed elsewhere runs again this much
# later (seconds), without using up one of its retries.
LOCKED_RETRY_SECONDS = 60


# Kept apart from the computation (bsc_scorecard.py) on purpose: the only
# code of bsc_core that knows about queue_job.
class BscScorecard(models.Model):
    _inherit = "bsc.scorecard"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _bsc_recompute_with_jobs(self):
        """Whether the daily recompute is split into queue_job jobs.

        Only when queue_job is installed, the system parameter does not turn
        it off, and queue_job would really delay the jobs (not with its
        ``QUEUE_JOB__NO_DELAY`` variable or ``queue_job__no_delay`` context,
        which run each job at once: the cron's own loop then does the same,
        with its per-scorecard error handling).
        """
        if "queue.job" not in self.env or not hasattr(self, "with_delay"):
            return False
        value = self.env["ir.config_parameter"].sudo().get_param(JOBS_PARAMETER)
        if (value or "").strip().lower() in FALSE_VALUES:
            return False
        # queue_job is installed, so its package is importable.
        from odoo.addons.queue_job.utils import must_run_without_delay

        return not must_run_without_delay(self.env)

    @api.model
    def _cron_recompute(self):
        """With queue_job: one job per active scorecard instead of the work."""
        if not self._bsc_recompute_with_jobs():
            return super()._cron_recompute()
        scorecards = self.search([("state", "=", "active")])
        for scorecard in scorecards:
            scorecard._bsc_enqueue_recompute()
        _logger.info("Recompute of %s scorecard(s) handed to jobs", len(scorecards))

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
            # Only reached through queue_job, so its package is importable.
            from odoo.addons.queue_job.exception import RetryableJobError

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
