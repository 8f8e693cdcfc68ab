# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL, file_open
from odoo.tools.translate import (
    PYTHON_TRANSLATION_COMMENT,
    CodeTranslations,
    code_translations,
)

from .common import BscCase

ENGLISH = (
    "Actual 90 vs target 100, red flag 80 (higher is better): yellow band "
    "80-100 maps to 3.33-6.67 -> 5\n"
    "Status: yellow, score 5 of 10"
)
FRENCH = (
    "Réel 90 pour une cible de 100, seuil d'alerte 80 (plus c'est haut, mieux "
    "c'est) : la bande jaune 80-100 donne 3.33-6.67 -> 5\n"
    "Statut : jaune, note 5 sur 10"
)


@tagged("post_install", "-at_install")
class TestExplanations(BscCase):
    """Explanations are stored as data and read in the reader's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.kpi = cls.make_kpi("EXPL", target_value=100, red_flag_value=80)
        cls.scorecard._bsc_recompute()
        cls.january = cls.kpi.measurement_ids.filtered(
            lambda m: m.period_id.name == "2026-01"
        )
        cls.january.actual_value = 90

    def french_terms(self):
        """The terms of tests/fr_explanations.po, as Odoo loads a module's
        fr.po for the translations of its Python code."""
        with file_open("bsc_core/tests/fr_explanations.po", "rb") as po:
            terms = CodeTranslations._read_code_translations_file(
                po, lambda row: PYTHON_TRANSLATION_COMMENT in row["comments"]
            )
        self.assertEqual(len(terms), 8)
        return patch.dict(
            code_translations.python_translations, {("bsc_core", "fr_FR"): terms}
        )

    def test_stored_as_data(self):
        detail = self.january.explanation_data
        self.assertEqual(detail["rule"], "score")
        self.assertEqual(detail["band"]["status"], "yellow")
        self.assertEqual(
            (detail["actual"], detail["target"], detail["red_flag"]), (90, 100, 80)
        )
        self.assertEqual(detail["score"], 5.0)
        self.assertEqual(self.january.explanation, ENGLISH)

    def test_french_explanation(self):
        with self.french_terms():
            french = self.january.with_context(lang="fr_FR")
            self.assertEqual(french.explanation, FRENCH)
            # the matrix (dashboard, PDF, XLSX) renders in the reader's language
            matrix = (
                self.env["bsc.matrix"]
                .with_context(lang="fr_FR")
                ._bsc_matrices(self.scorecard, [self.period("2026-01")])[0]
            )
        objective = next(
            o
            for p in matrix["perspectives"]
            for o in p["objectives"]
            if o["id"] == self.objective.id
        )
        kpi = next(k for k in objective["kpis"] if k["id"] == self.kpi.id)
        self.assertEqual(kpi["explanation"], FRENCH)
        self.assertIn("Moyenne pondérée : 5, jaune", objective["explanation"])
        self.assertIn("Expl : 5 x poids 1 (100%)", objective["explanation"])
        # the same records read in English are unchanged
        self.assertEqual(self.january.with_context(lang="en_US").explanation, ENGLISH)

    def test_scores_stored_before_explanations_were_data(self):
        """A row with no explanation data (stored by an earlier version) is
        explained from its stored values, without a recompute."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE bsc_measurement SET explanation_data = NULL WHERE id = %s",
                self.january.id,
            )
        )
        self.env.invalidate_all()
        self.assertFalse(self.january.explanation_data)
        self.assertEqual(self.january.explanation, ENGLISH)
        with self.french_terms():
            self.assertEqual(
                self.january.with_context(lang="fr_FR").explanation, FRENCH
            )
