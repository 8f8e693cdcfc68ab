# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os
from contextlib import closing, contextmanager
from datetime import date
from unittest.mock import patch

from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.bsc_core.models.bsc_scorecard_recompute import (
    RECOMPUTE_INLINE_CONTEXT,
    RECOMPUTE_LOCK_KEY,
)
from odoo.addons.bsc_core.tests.common import BscCase
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from ..models.bsc_scorecard import (
    FORMER_JOBS_PARAMETER,
    JOBS_PARAMETER,
    LOCKED_RETRY_SECONDS,
)

JOB_METHOD = "_bsc_job_recompute"
SCORECARD_LOGGER = "odoo.addons.bsc_core.models.bsc_scorecard_recompute"


@tagged("post_install", "-at_install")
class TestJobs(BscCase):
    """The daily job enqueues one job per active scorecard, and each job
    recomputes its scorecard on its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Scorecard = cls.env["bsc.scorecard"]
        cls.make_rates([(date(2026, 1, 5), 3), (date(2026, 1, 9), 4)])
        only_xba = "[('currency_id.name', '=', 'XBA')]"
        cls.source = cls.make_source("Rates set", domain=only_xba)
        cls.rates = cls.make_kpi("RATES", source_type="source", source_id=cls.source.id)
        cls.survey = cls.make_kpi("SURVEY", user_id=cls.user.id)
        cls.other = cls.make_scorecard("Company A 2026, second", "active")
        cls.other_rates = cls.make_kpi(
            "RATES",
            objective=cls.other.objective_ids,
            source_type="source",
            source_id=cls.source.id,
        )
        cls.draft = cls.make_scorecard("Company A 2026, draft", "draft")
        cls.closed = cls.make_scorecard("Company A 2026, closed", "closed")

    @classmethod
    def make_scorecard(cls, name, state):
        scorecard = cls.Scorecard.create(
            {
                "name": name,
                "company_id": cls.company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
                "state": state,
            }
        )
        cls.env["bsc.objective"].create(
            {
                "name": "Win new customers",
                "scorecard_id": scorecard.id,
                "perspective_id": cls.customer.id,
            }
        )
        return scorecard

    def jobs(self):
        return self.env["queue.job"].search(
            [("model_name", "=", "bsc.scorecard"), ("method_name", "=", JOB_METHOD)]
        )

    def job_of(self, scorecard):
        job = self.jobs().filtered(lambda j: j.records.ids == scorecard.ids)
        self.assertEqual(len(job), 1, f"one job for {scorecard.name}")
        return job

    def perform(self, job):
        """Run a stored job as queue_job's runner does, in this transaction."""
        loaded = Job.load(self.env, job.uuid)
        result = loaded.perform()
        loaded.set_done(result=result)
        loaded.store()
        return result

    def january(self, kpi):
        return self.measurement(kpi, "2026-01")

    def test_cron_enqueues_one_job_per_active_scorecard(self):
        self.assertFalse(self.jobs())
        self.Scorecard._cron_recompute()
        active = self.Scorecard.search([("state", "=", "active")])
        self.assertIn(self.other, active)
        jobs = self.jobs()
        self.assertEqual(
            sorted(jobs.mapped(lambda j: j.records.id)), sorted(active.ids)
        )
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        for scorecard in self.draft | self.closed:
            self.assertNotIn(scorecard.id, jobs.mapped(lambda j: j.records.id))
        job = self.job_of(self.scorecard)
        self.assertEqual(job.name, "Recompute scorecard Company A 2026")
        self.assertEqual(job.channel, "root")
        # The daily job itself computed nothing: the jobs will.
        self.assertFalse(self.january(self.rates).has_actual)

    def test_second_cron_run_does_not_queue_a_scorecard_twice(self):
        self.Scorecard._cron_recompute()
        first = self.jobs()
        self.Scorecard._cron_recompute()
        self.assertEqual(self.jobs(), first, "pending jobs are not duplicated")
        # Once its job has run, the next run queues the scorecard again.
        self.perform(self.job_of(self.scorecard))
        self.Scorecard._cron_recompute()
        again = self.jobs() - first
        self.assertEqual(again.records, self.scorecard)
        self.assertEqual(again.state, "pending")

    def test_job_recomputes_its_scorecard_and_reminds_owners(self):
        self.Scorecard._cron_recompute()
        result = self.perform(self.job_of(self.scorecard))
        # 5 and 9 January: two rates.
        self.assertEqual(self.january(self.rates).actual_value, 2)
        self.assertTrue(self.january(self.rates).has_actual)
        self.assertRegex(result, r"^\d+ measurement\(s\) created or changed\.$")
        due = self.env["mail.activity"].search(
            [
                ("res_model", "=", "bsc.measurement"),
                ("res_id", "in", self.survey.measurement_ids.ids),
                (
                    "activity_type_id",
                    "=",
                    self.ref("bsc_core.mail_activity_type_bsc_value_due"),
                ),
            ]
        )
        self.assertTrue(due, "the owner of a manual KPI is asked for its values")
        self.assertEqual(due.user_id, self.user)
        # Only its own scorecard: the other one waits for its own job.
        self.assertFalse(self.january(self.other_rates).has_actual)
        self.perform(self.job_of(self.other))
        self.assertEqual(self.january(self.other_rates).actual_value, 2)

    @contextmanager
    def locked_by_another_worker(self, scorecard):
        """Hold ``scorecard``'s recompute lock from a second connection, as
        another worker computing it does, for the body of the block."""
        with closing(db_connect(self.env.cr.dbname).cursor()) as other_worker:
            other_worker.execute(
                SQL(
                    "SELECT pg_try_advisory_xact_lock(%s, %s)",
                    RECOMPUTE_LOCK_KEY,
                    scorecard.id,
                )
            )
            self.assertTrue(other_worker.fetchone()[0])
            try:
                yield
            finally:
                other_worker.rollback()  # releases the lock

    def test_job_of_a_scorecard_being_recomputed_is_postponed(self):
        self.Scorecard._cron_recompute()
        job = self.job_of(self.other)
        # Another worker computing the scorecard holds its lock.
        with self.locked_by_another_worker(self.other):
            loaded = Job.load(self.env, job.uuid)
            with self.assertRaisesRegex(
                RetryableJobError,
                "Scorecard 'Company A 2026, second' is being recomputed by another "
                "process",
            ) as caught:
                loaded.perform()
        # Retried later by queue_job, without using up one of its retries.
        self.assertEqual(caught.exception.seconds, LOCKED_RETRY_SECONDS)
        self.assertTrue(caught.exception.ignore_retry)
        self.assertEqual(loaded.retry, 0)
        self.assertFalse(self.january(self.other_rates).has_actual)
        # The lock released, the same job computes.
        self.perform(job)
        self.assertEqual(self.january(self.other_rates).actual_value, 2)

    def test_job_of_a_scorecard_closed_meanwhile_does_nothing(self):
        self.Scorecard._cron_recompute()
        job = self.job_of(self.other)
        self.other.action_close()
        self.assertEqual(
            self.perform(job), "Scorecard deleted or no longer active: nothing done."
        )
        self.assertFalse(self.january(self.other_rates).has_actual)

    def assert_cron_computes_itself(self, scorecard_model):
        scorecard_model._cron_recompute()
        self.assertFalse(self.jobs())
        self.assertEqual(self.january(self.rates).actual_value, 2)
        self.assertEqual(self.january(self.other_rates).actual_value, 2)

    def test_parameter_off_the_cron_computes_itself(self):
        Parameter = self.env["ir.config_parameter"]
        self.assertTrue(self.Scorecard._bsc_recompute_with_jobs(), "on by default")
        for value in ("0", "false", "False", " off "):
            with self.subTest(value=value):
                Parameter.set_param(JOBS_PARAMETER, value)
                self.assertFalse(self.Scorecard._bsc_recompute_with_jobs())
        Parameter.set_param(JOBS_PARAMETER, "1")
        self.assertTrue(self.Scorecard._bsc_recompute_with_jobs())
        Parameter.set_param(JOBS_PARAMETER, "0")
        self.assert_cron_computes_itself(self.Scorecard)

    def test_former_parameter_is_read_when_the_new_one_is_not_set(self):
        # A database that turned jobs off when bsc_core held this integration
        # keeps them off; the new parameter, once set, decides.
        Parameter = self.env["ir.config_parameter"]
        Parameter.set_param(FORMER_JOBS_PARAMETER, "0")
        self.assertFalse(self.Scorecard._bsc_recompute_with_jobs())
        Parameter.set_param(JOBS_PARAMETER, "1")
        self.assertTrue(self.Scorecard._bsc_recompute_with_jobs())
        Parameter.set_param(JOBS_PARAMETER, False)  # removes it
        self.assert_cron_computes_itself(self.Scorecard)

    def test_inline_context_the_cron_computes_itself(self):
        # bsc_core's way for tests, scripts and shells to get the values now.
        self.assert_cron_computes_itself(
            self.Scorecard.with_context(**{RECOMPUTE_INLINE_CONTEXT: True})
        )

    def test_no_delay_variable_the_cron_computes_itself(self):
        # queue_job's QUEUE_JOB__NO_DELAY (jobs run at once, e.g. on a
        # development server) works as its queue_job__no_delay context below.
        with (
            patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"}),
            self.assertLogs("odoo.addons.queue_job.utils", "WARNING"),
        ):
            self.assert_cron_computes_itself(self.Scorecard)

    def test_jobs_run_at_once_the_cron_computes_itself(self):
        # queue_job's "no delay" mode would run each job inside the cron's
        # transaction, where a scorecard locked by another worker would stop
        # the whole cron (RetryableJobError); the cron's own loop does the
        # work instead, skipping that scorecard and computing the others.
        with self.locked_by_another_worker(self.other):
            with self.assertLogs(SCORECARD_LOGGER, "WARNING") as logs:
                self.Scorecard.with_context(queue_job__no_delay=True)._cron_recompute()
        self.assertTrue(
            any(
                "is being recomputed by another process" in line for line in logs.output
            )
        )
        self.assertFalse(self.jobs())
        self.assertEqual(self.january(self.rates).actual_value, 2)
        self.assertFalse(self.january(self.other_rates).has_actual)
