# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util
from datetime import date
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import file_path
from odoo.tools.translate import code_translations

from ..models.bsc_scorecard_recompute import COMPUTE_CONTEXT
from .common import BscCase

# the snapshot job's context
JOB = dict(COMPUTE_CONTEXT, bsc_snapshot=True)

ENGLISH = (
    "Snapshot missed: the scheduled action did not run when 2026-03 ended, "
    "and the value cannot be known afterwards."
)
FRENCH = (
    "Relevé manqué : l'action planifiée ne s'est pas exécutée à la fin de "
    "2026-03, et la valeur ne peut plus être connue."
)
TERMS = {
    "Snapshot missed: the scheduled action did not run when %(period)s ended, "
    "and the value cannot be known afterwards.": "Relevé manqué : l'action "
    "planifiée ne s'est pas exécutée à la fin de %(period)s, et la valeur ne "
    "peut plus être connue.",
}


@tagged("post_install", "-at_install")
class TestSnapshotMissed(BscCase):
    """A missed snapshot stores why as data and says it in the reader's
    language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.kpi = cls.make_kpi("PIPE")
        cls.scorecard._bsc_recompute()
        cls.march = cls.kpi.measurement_ids.filtered(
            lambda m: m.period_id.name == "2026-03"
        )

    def french(self):
        return patch.dict(
            code_translations.python_translations, {("bsc_core", "fr_FR"): TERMS}
        )

    def miss(self):
        vals = self.march._bsc_missed_vals(self.march.period_id, date(2026, 4, 3))
        self.march.with_context(**JOB).write(vals)

    def assert_said_in_both_languages(self, measurement):
        self.assertEqual(measurement.error_text, ENGLISH)
        self.assertEqual(measurement.error_message, ENGLISH)
        self.assertEqual(measurement.explanation, ENGLISH)
        with self.french():
            french = measurement.with_context(lang="fr_FR")
            self.assertEqual(french.error_message, FRENCH)
            self.assertEqual(french.explanation, FRENCH)

    def test_stored_as_data_read_in_the_readers_language(self):
        with self.french():
            # whoever the job runs as, the stored text stays English
            self.march = self.march.with_context(lang="fr_FR")
            self.miss()
        self.march = self.march.with_context(lang="en_US")
        self.assertEqual(
            self.march.error_data,
            {
                "key": "snapshot_missed",
                "period": "2026-03",
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
                "noticed": "2026-04-03",
            },
        )
        self.assertEqual(
            (self.march.origin, self.march.has_actual, self.march.status),
            ("missed", False, "none"),
        )
        self.assert_said_in_both_languages(self.march)

    def test_migration_turns_stored_sentences_into_data(self):
        # as 18.0.1.0.1 stored it: the sentence in the job's language
        self.march.with_context(**JOB).write(
            {"actual_value": None, "origin": "missed", "error_text": FRENCH}
        )
        self.assertEqual(self.march.explanation, FRENCH)
        self.env.flush_all()
        path = file_path("bsc_core/migrations/18.0.1.0.2/post-migration.py")
        spec = importlib.util.spec_from_file_location("bsc_core_0102", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.1")
        self.env.invalidate_all()
        self.assertEqual(self.march.error_data["key"], "snapshot_missed")
        self.assertEqual(self.march.error_data["date_end"], "2026-03-31")
        self.assert_said_in_both_languages(self.march)
