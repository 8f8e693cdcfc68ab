# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util
from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools.translate import code_translations

from .common import BscHrCase

# Training hours per month (TRAINING sums them); April has no value, July
# lies outside the appraisal period (the first half of 2026).
TRAINING_HOURS = {
    "2026-01": 3,
    "2026-02": 5,
    "2026-03": 4,
    "2026-05": 6,
    "2026-06": 5,
    "2026-07": 10,
}


@tagged("post_install", "-at_install")
class TestAppraisal(BscHrCase):
    """Dan's appraisal over the first half of 2026, by his manager Bob.

    - "Develop skills" with KPI TRAINING (monthly, sum, target 4, red flag 2),
      weight 3: the 5 months with a value give 3 + 5 + 4 + 6 + 5 = 23 hours,
      against the targets of those months: 5 x 4 = 20, red flag 5 x 2 = 10.
      Score 10/3 x (1 + (23 - 10) / (20 - 10)) = 7.67, green.
    - "Shorten lead times" with its own target (lower is better, target 2,
      red flag 4), weight 1: Bob enters 3 days.
      Score 10/3 x (1 + (4 - 3) / (4 - 2)) = 5.0, yellow.
    - "Shorten lead times" with KPI QUALITY, which has no value: no data,
      left out of the roll-up.
    - Overall: (7.67 x 3 + 5 x 1) / 4 = 7.0025 -> 7.0, green.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Objective = cls.env["bsc.objective"]
        cls.skills = Objective.create(
            {
                "name": "Develop skills",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.learning.id,
            }
        )
        cls.lead_times = Objective.create(
            {
                "name": "Shorten lead times",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.internal.id,
            }
        )
        cls.training = cls.make_kpi(
            "TRAINING", objective=cls.skills, target_value=4, red_flag_value=2
        )
        cls.quality = cls.make_kpi("QUALITY", objective=cls.lead_times)
        cls.scorecard._bsc_recompute()
        for measurement in cls.training.measurement_ids:
            hours = TRAINING_HOURS.get(measurement.period_id.name)
            if hours is not None:
                measurement.write({"actual_value": hours, "has_actual": True})
        Goal = cls.env["bsc.goal"]
        goal = {"employee_id": cls.dan.id}
        cls.goal_training = Goal.create(
            dict(goal, objective_id=cls.skills.id, kpi_id=cls.training.id, weight=3)
        )
        cls.goal_lead_time = Goal.create(
            dict(
                goal,
                objective_id=cls.lead_times.id,
                polarity="lower",
                target_value=2,
                red_flag_value=4,
            )
        )
        cls.goal_quality = Goal.create(
            dict(goal, objective_id=cls.lead_times.id, kpi_id=cls.quality.id, weight=2)
        )
        own_target = {"target_value": 10, "red_flag_value": 5}
        # Not appraised: a cancelled goal, a draft one, and one of 2025.
        Goal.create(
            [
                dict(goal, objective_id=cls.skills.id, state="cancel", **own_target),
                dict(
                    goal,
                    objective_id=cls.skills.id,
                    state="draft",
                    date_from=date(2026, 1, 1),
                    date_to=date(2026, 3, 31),
                    **own_target,
                ),
                dict(
                    goal,
                    objective_id=cls.skills.id,
                    date_from=date(2025, 1, 1),
                    date_to=date(2025, 12, 31),
                    **own_target,
                ),
            ]
        )
        cls.appraisal = cls.make_appraisal(
            cls.dan,
            cls.bob,
            goal_date_from=date(2026, 1, 1),
            goal_date_to=date(2026, 6, 30),
        )

    def start(self):
        self.appraisal.with_user(self.user_bob).action_confirm()
        return {line.goal_id: line for line in self.appraisal.goal_line_ids}

    def test_lines_are_filled_when_the_appraisal_starts_and_scored(self):
        self.assertFalse(self.appraisal.goal_line_ids)
        lines = self.start()
        self.assertEqual(
            set(lines), {self.goal_training, self.goal_lead_time, self.goal_quality}
        )
        training = lines[self.goal_training]
        self.assertEqual(
            (training.actual_value, training.target_value, training.red_flag_value),
            (23, 20, 10),
        )
        self.assertEqual((training.score, training.status), (7.67, "green"))
        self.assertIn("5 value(s) of TRAINING in 6 period(s)", training.actual_note)
        self.assertEqual(lines[self.goal_quality].status, "none")
        lead_time = lines[self.goal_lead_time].with_user(self.user_bob)
        self.assertEqual(lead_time.status, "none")
        # Before the manager enters the lead time, only TRAINING has a score.
        self.assertEqual(self.appraisal.goal_score, 7.67)
        lead_time.write({"actual_value": 3, "manager_comment": "Two late orders"})
        self.assertTrue(lead_time.has_actual)
        self.assertEqual((lead_time.score, lead_time.status), (5.0, "yellow"))
        self.assertEqual(
            (self.appraisal.goal_score, self.appraisal.goal_status), (7.0, "green")
        )
        self.assertIn("no data, left out", self.appraisal.goal_score_explanation)

    def test_explanations_stored_as_data_read_in_the_readers_language(self):
        """The lines' and the appraisal's explanations are stored as data and
        written when read, in the reader's language (sentences and numbers):
        the same records read in French and German."""
        lines = self.start()
        lines[self.goal_lead_time].with_user(self.user_bob).write({"actual_value": 3.2})
        lead_time = lines[self.goal_lead_time]
        self.assertEqual(lead_time.explanation_data["rule"], "score")
        self.assertEqual(lead_time.explanation_data["actual"], 3.2)
        self.assertEqual(
            self.appraisal.goal_score_explanation_data["rule"], "weighted_mean"
        )
        for code in ("fr_FR", "de_DE"):
            self.env["res.lang"]._activate_lang(code)
        terms = {
            "%(label)s: no data, left out": "%(label)s : pas de données, exclu",
            "Weighted mean: %(score)s, %(status)s": "Moyenne pondérée : "
            "%(score)s, %(status)s",
            "green": "vert",
        }
        with patch.dict(
            code_translations.python_translations, {("bsc_core", "fr_FR"): terms}
        ):
            french = self.appraisal.with_context(lang="fr_FR")
            text = french.goal_score_explanation
            line_text = lead_time.with_context(lang="fr_FR").explanation
        quality = lines[self.goal_quality]._bsc_label()
        self.assertIn(f"{quality} : pas de données, exclu", text)
        # (7.67 x 3 + 4.67 x 1) / 4 = 6.92
        self.assertIn("Moyenne pondérée : 6,92, vert", text)
        self.assertIn("Actual 3,2 vs target 2, red flag 4", line_text)
        german = lead_time.with_context(lang="de_DE").explanation
        self.assertIn("Actual 3,2 vs target 2, red flag 4", german)
        english = lead_time.with_context(lang="en_US").explanation
        self.assertIn("Actual 3.2 vs target 2, red flag 4", english)
        self.assertIn("no data, left out", self.appraisal.goal_score_explanation)

    def test_actual_from_is_data_read_in_the_readers_language(self):
        # refreshed by a French user, read by an English one and back: the
        # note is data, its sentence and the aggregation's label are written
        # when read
        self.env["res.lang"]._activate_lang("fr_FR")
        # the French label of "Sum", as a fr.po would load it (the ORM's
        # write of a selection label would set the models up again)
        label = self.env["ir.model.fields.selection"].search(
            [
                ("field_id.model", "=", "bsc.kpi"),
                ("field_id.name", "=", "aggregation"),
                ("value", "=", "sum"),
            ]
        )
        self.env.cr.execute(
            "UPDATE ir_model_fields_selection "
            "SET name = name || jsonb_build_object('fr_FR', 'Somme') WHERE id = %s",
            [label.id],
        )
        self.env.registry.clear_cache()  # get_field_selection
        self.addCleanup(self.env.registry.clear_cache)
        terms = {
            "%(aggregation)s of %(measured)s value(s) of %(kpi)s in %(count)s "
            "period(s), %(first)s to %(last)s": "%(aggregation)s de %(measured)s "
            "valeur(s) de %(kpi)s sur %(count)s période(s), de %(first)s à %(last)s",
        }
        french = {("bsc_hr_link", "fr_FR"): terms}
        with patch.dict(code_translations.python_translations, french):
            self.appraisal.with_user(self.user_bob).with_context(
                lang="fr_FR"
            ).action_confirm()
            training = self.appraisal.goal_line_ids.filtered(
                lambda line: line.goal_id == self.goal_training
            )
            self.assertEqual(
                training.actual_note_data,
                {
                    "key": "aggregated",
                    "aggregation": "sum",
                    "measured": 5,
                    "kpi": "TRAINING",
                    "count": 6,
                    "first": "2026-01",
                    "last": "2026-06",
                },
            )
            self.assertEqual(
                training.with_context(lang="en_US").actual_note,
                "Sum of 5 value(s) of TRAINING in 6 period(s), 2026-01 to 2026-06",
            )
            self.assertEqual(
                training.with_context(lang="fr_FR").actual_note,
                "Somme de 5 valeur(s) de TRAINING sur 6 période(s), de 2026-01 à "
                "2026-06",
            )

    def test_refresh_takes_new_values_and_keeps_entries(self):
        lines = self.start()
        lines[self.goal_lead_time].with_user(self.user_bob).write(
            {"actual_value": 3, "manager_comment": "Two late orders"}
        )
        # April's 4 hours arrive: 27 hours against 6 x 4 = 24, red flag 12:
        # 10/3 x (1 + (27 - 12) / 12) = 7.5.
        self.measurement(self.training, "2026-04").write(
            {"actual_value": 4, "has_actual": True}
        )
        self.goal_quality.action_cancel()
        self.appraisal.with_user(self.user_bob).action_refresh_goal_lines()
        lines = {line.goal_id: line for line in self.appraisal.goal_line_ids}
        self.assertEqual(set(lines), {self.goal_training, self.goal_lead_time})
        self.assertEqual(lines[self.goal_training].score, 7.5)
        self.assertEqual(lines[self.goal_lead_time].actual_value, 3)
        self.assertEqual(lines[self.goal_lead_time].manager_comment, "Two late orders")
        # (7.5 x 3 + 5 x 1) / 4 = 6.875 -> 6.88
        self.assertEqual(self.appraisal.goal_score, 6.88)

    def sql(self, table, column, record):
        self.env.flush_all()
        self.env.cr.execute(
            f"SELECT {column} FROM {table} WHERE id = %s",  # noqa: S608
            [record.id],
        )
        return self.env.cr.fetchone()[0]

    def test_no_data_is_null_not_zero(self):
        # nothing scored yet: no goal score, not 0
        self.assertIs(self.appraisal.goal_score, False)
        self.assertIsNone(self.sql("hr_appraisal", "goal_score", self.appraisal))
        lines = self.start()
        quality = lines[self.goal_quality]
        self.assertIs(quality.actual_value, False)
        self.assertIs(quality.score, False)
        self.assertIsNone(self.sql("bsc_appraisal_goal_line", "actual_value", quality))
        self.assertIsNone(self.sql("bsc_appraisal_goal_line", "score", quality))
        self.assertIs(self.goal_quality.last_score, False)
        self.assertIs(self.lead_times.goal_score, False)  # none appraised yet
        # averages (list footers, pivot, graph) count only the lines with
        # data: TRAINING's 23 hours and 7.67, not (23 + 0 + 0) / 3
        Line = self.env["bsc.appraisal.goal.line"]
        domain = [("appraisal_id", "=", self.appraisal.id)]
        [(actual, score)] = Line._read_group(
            domain, [], ["actual_value:avg", "score:avg"]
        )
        self.assertAlmostEqual(actual, 23)
        self.assertAlmostEqual(score, 7.67)
        # a typed 0 is a value; a cleared value stores NULL, never 0.0
        lead_time = lines[self.goal_lead_time].with_user(self.user_bob)
        lead_time.write({"actual_value": 0})
        self.assertTrue(lead_time.has_actual)
        self.assertEqual(
            self.sql("bsc_appraisal_goal_line", "actual_value", lead_time), 0
        )
        lead_time.write({"actual_value": 0.0, "has_actual": False})
        self.assertIs(lead_time.actual_value, False)
        self.assertIsNone(
            self.sql("bsc_appraisal_goal_line", "actual_value", lead_time)
        )
        lead_time.write({"actual_value": False})
        self.assertFalse(lead_time.has_actual)

    def test_migration_sets_rows_without_data_to_null(self):
        path = (
            f"{get_module_path('bsc_hr_link')}/migrations/18.0.1.0.1/post-migration.py"
        )
        spec = importlib.util.spec_from_file_location("bsc_hr_link_0101", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        lines = self.start()
        lead_time = lines[self.goal_lead_time].with_user(self.user_bob)
        lead_time.write({"actual_value": 0})  # a real 0, scored
        quality = lines[self.goal_quality]
        other = self.make_appraisal(
            self.dan,
            self.bob,
            goal_date_from=date(2025, 1, 1),
            goal_date_to=date(2025, 6, 30),
        )
        self.env.flush_all()
        # as stored by 18.0.1.0.0
        self.env.cr.execute(
            "UPDATE bsc_appraisal_goal_line SET actual_value = 0, score = 0 "
            "WHERE id = %s",
            [quality.id],
        )
        self.env.cr.execute(
            "UPDATE hr_appraisal SET goal_score = 0 WHERE id = %s", [other.id]
        )
        # the "Actual From" sentence 18.0.1.0.0 stored (its column is kept)
        self.env.cr.execute(
            "ALTER TABLE bsc_appraisal_goal_line "
            "ADD COLUMN IF NOT EXISTS actual_note varchar"
        )
        self.env.cr.execute(
            "UPDATE bsc_appraisal_goal_line SET actual_note = 'Somme de 5', "
            "actual_note_data = NULL WHERE id = %s",
            [quality.id],
        )
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertIsNone(self.sql("bsc_appraisal_goal_line", "actual_value", quality))
        self.assertIsNone(self.sql("bsc_appraisal_goal_line", "score", quality))
        self.assertIsNone(self.sql("hr_appraisal", "goal_score", other))
        self.assertEqual(
            self.sql("bsc_appraisal_goal_line", "actual_value", lead_time), 0
        )
        self.assertEqual(
            self.sql("bsc_appraisal_goal_line", "score", lead_time), lead_time.score
        )
        self.assertTrue(lead_time.score)
        self.assertEqual(quality.actual_note, "Somme de 5")  # kept as it is
        self.assertTrue(self.appraisal.goal_score)
        self.assertEqual(
            self.sql("hr_appraisal", "goal_score", self.appraisal),
            self.appraisal.goal_score,
        )

    def test_actual_of_a_kpi_line_comes_from_the_kpi(self):
        lines = self.start()
        with self.assertRaisesRegex(UserError, "comes from the KPI"):
            lines[self.goal_training].write({"actual_value": 40})

    def test_completed_appraisal_is_frozen(self):
        lines = self.start()
        lines[self.goal_lead_time].with_user(self.user_bob).write({"actual_value": 3})
        self.appraisal.with_user(self.user_bob).action_done()
        self.measurement(self.training, "2026-04").write(
            {"actual_value": 4, "has_actual": True}
        )
        with self.assertRaisesRegex(UserError, "frozen"):
            self.appraisal.action_refresh_goal_lines()
        with self.assertRaisesRegex(UserError, "frozen"):
            lines[self.goal_lead_time].write({"manager_comment": "Later"})
        with self.assertRaisesRegex(UserError, "frozen"):
            self.appraisal.write({"goal_date_to": date(2026, 12, 31)})
        self.assertEqual(lines[self.goal_training].score, 7.67)
        self.assertEqual(self.appraisal.goal_score, 7.0)
        # Reopened, it can be refreshed again.
        self.appraisal.action_back()
        self.appraisal.action_refresh_goal_lines()
        self.assertEqual(lines[self.goal_training].score, 7.5)

    def test_default_goal_period_is_the_year_of_the_appraisal(self):
        appraisal = self.make_appraisal(self.bob, self.ann, state="2_pending")
        self.assertEqual(
            (appraisal.goal_date_from, appraisal.goal_date_to),
            (date(2026, 1, 1), date(2026, 12, 31)),
        )
        self.assertFalse(appraisal.goal_line_ids)
        self.assertEqual(appraisal.goal_status, "none")
