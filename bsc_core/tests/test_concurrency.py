# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from contextlib import closing, contextmanager
from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, freeze_time, get_db_name, tagged
from odoo.tools import SQL

from ..models.bsc_scorecard_recompute import RECOMPUTE_INLINE_CONTEXT
from .common import TEST_NOW

# Long enough for a slow machine, short enough that a deadlock fails the test
# instead of hanging the run.
WAIT = 60
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True}
SCORECARD = "Concurrency test 2026"
SOURCE = "Concurrency test rates"
SCORECARD_LOGGER = "odoo.addons.bsc_core.models.bsc_scorecard_recompute"


@tagged("post_install", "-at_install")
@freeze_time(TEST_NOW)
class TestConcurrency(BaseCase):
    """Two transactions on one scorecard at once, each on its own connection.

    A TransactionCase shares one cursor between everything it runs, so these
    tests use real connections and committed data, removed at the end.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = get_db_name()
        # Taken here: a thread asking for the registry would wait for the
        # lock that the main thread holds while the test runner loads.
        cls.registry = Registry(cls.dbname)
        cls.remove_data()
        cls.addClassCleanup(cls.remove_data)
        with cls.transaction() as env:
            company = env.ref("base.main_company")
            scorecard = env["bsc.scorecard"].create(
                {
                    "name": SCORECARD,
                    "company_id": company.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                    "tz": "UTC",
                    "state": "active",
                }
            )
            objective = env["bsc.objective"].create(
                {
                    "name": "Stay consistent",
                    "scorecard_id": scorecard.id,
                    "perspective_id": env.ref("bsc_core.perspective_customer").id,
                }
            )

            def kpi(code, **vals):
                return env["bsc.kpi"].create(
                    dict(
                        name=code.title(),
                        code=code,
                        objective_id=objective.id,
                        target_value=10,
                        red_flag_value=5,
                        **vals,
                    )
                )

            cls.manual_id = kpi("CC_MANUAL").id
            cls.rates_id = kpi(
                "CC_RATES",
                source_type="source",
                source_id=env["bsc.source"]
                .create(
                    {
                        "name": SOURCE,
                        "model_id": env.ref("base.model_res_currency_rate").id,
                        "date_field_id": env["ir.model.fields"]
                        ._get("res.currency.rate", "name")
                        .id,
                    }
                )
                .id,
            ).id
            cls.double_id = kpi(
                "CC_DOUBLE", source_type="formula", formula="CC_MANUAL * 2"
            ).id
            cls.scorecard_id = scorecard.id

    @classmethod
    def remove_data(cls):
        """Remove what the tests committed (or a killed run left behind)."""
        with cls.transaction() as env:
            # Periods, objectives, KPIs and measurements go with it (cascade).
            env["bsc.scorecard"].search([("name", "=", SCORECARD)]).unlink()
            env["bsc.source"].search([("name", "=", SOURCE)]).unlink()

    @classmethod
    @contextmanager
    def transaction(cls):
        """A superuser environment on a connection of its own, committed."""
        with closing(db_connect(cls.dbname).cursor()) as cr:
            env = cls.environment(cr)
            yield env
            env.flush_all()
            # Committing is the point: the other connection must see it.
            cr.commit()  # pylint: disable=invalid-commit

    @classmethod
    def environment(cls, cr):
        cr.transaction = api.Transaction(cls.registry)
        return api.Environment(cr, SUPERUSER_ID, CONTEXT)

    def recompute_and_hold(self, computed, release, outcome):
        """Recompute in a thread's own transaction; commit when released."""
        try:
            with self.transaction() as env:
                scorecard = env["bsc.scorecard"].browse(self.scorecard_id)
                outcome["changed"] = scorecard._bsc_recompute()
                env.flush_all()
                computed.set()
                if not release.wait(WAIT):
                    raise TimeoutError("never released")
        except Exception as error:
            outcome["error"] = error
            computed.set()

    @contextmanager
    def recompute_running(self):
        """Run the body while another transaction holds a fresh recompute."""
        computed, release, outcome = threading.Event(), threading.Event(), {}
        thread = threading.Thread(
            target=self.recompute_and_hold, args=(computed, release, outcome)
        )
        thread.start()
        try:
            self.assertTrue(computed.wait(WAIT), "the first recompute never ended")
            self.assertNotIn("error", outcome)
            yield outcome
        finally:
            release.set()
            thread.join(WAIT)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("error", outcome)

    def duplicates(self, env):
        return env.execute_query(
            SQL(
                "SELECT kpi_id, period_id FROM bsc_measurement WHERE kpi_id IN %s "
                "GROUP BY kpi_id, period_id HAVING COUNT(*) > 1",
                (self.manual_id, self.rates_id, self.double_id),
            )
        )

    def test_second_recompute_is_refused_while_the_first_runs(self):
        with self.recompute_running() as first:
            with closing(db_connect(self.dbname).cursor()) as cr:
                env = self.environment(cr)
                scorecard = env["bsc.scorecard"].browse(self.scorecard_id)
                with self.assertRaisesRegex(
                    UserError,
                    "Scorecard 'Concurrency test 2026' is being recomputed by "
                    "another process right now",
                ):
                    scorecard._bsc_recompute()
                # The daily job computing by itself (not handed to background
                # jobs by an addon) skips it with the same words, and goes on.
                with self.assertLogs(SCORECARD_LOGGER, "WARNING") as logs:
                    env["bsc.scorecard"].with_context(
                        **{RECOMPUTE_INLINE_CONTEXT: True}
                    )._cron_recompute()
                self.assertIn(
                    f"Scorecard {SCORECARD} not recomputed: Scorecard "
                    f"'{SCORECARD}' is being recomputed by another process",
                    "\n".join(logs.output),
                )
                cr.rollback()
        with self.transaction() as env:
            self.assertFalse(self.duplicates(env))
            scorecard = env["bsc.scorecard"].browse(self.scorecard_id)
            counted = len(scorecard.kpi_ids.measurement_ids)
            # Once the first is committed, a second run finds nothing to do.
            self.assertEqual(scorecard._bsc_recompute(), 0)
            self.assertEqual(len(scorecard.kpi_ids.measurement_ids), counted)
        # The first run, committed while the second was refused, created
        # every measurement there is (three KPIs, the periods begun by
        # TEST_NOW), and the refused one none.
        self.assertTrue(counted)
        self.assertEqual(first["changed"], counted)

    def test_value_typed_during_a_recompute_is_kept(self):
        with self.transaction() as env:
            env["bsc.scorecard"].browse(self.scorecard_id)._bsc_recompute()
        with self.recompute_running():
            with self.transaction() as env:
                manual = env["bsc.measurement"].search(
                    [
                        ("kpi_id", "=", self.manual_id),
                        ("period_id.name", "=", "2026-01"),
                    ]
                )
                # Saved at once, although the formulas cannot follow now.
                manual.actual_value = 21
        with self.transaction() as env:
            Measurement = env["bsc.measurement"]
            manual = Measurement.search(
                [("kpi_id", "=", self.manual_id), ("period_id.name", "=", "2026-01")]
            )
            self.assertEqual(
                (manual.actual_value, manual.has_actual, manual.origin),
                (21, True, "manual"),
            )
            # The next recompute keeps the value and brings the formula along.
            env["bsc.scorecard"].browse(self.scorecard_id)._bsc_recompute()
            double = Measurement.search(
                [("kpi_id", "=", self.double_id), ("period_id.name", "=", "2026-01")]
            )
            self.assertEqual(double.actual_value, 42)
            self.assertEqual(manual.actual_value, 21)
            self.assertFalse(self.duplicates(env))
