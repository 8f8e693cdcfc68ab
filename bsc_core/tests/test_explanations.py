# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, file_open
from odoo.tools.misc import formatLang
from odoo.tools.translate import (
    PYTHON_TRANSLATION_COMMENT,
    CodeTranslations,
    code_translations,
)

from ..engine import explain, scoring
from ..tools.number_format import (
    _number,
    format_kpi_value,
    format_number,
    number_writer,
)
from .common import BscCase

NBSP = "\N{NO-BREAK SPACE}"

ENGLISH = (
    "Actual 90 vs target 100, red flag 80 (higher is better): yellow band "
    "80-100 maps to 3.33-6.67 -> 5\n"
    "Status: yellow, score 5 of 10"
)
FRENCH = (
    "Réel 90 pour une cible de 100, seuil d'alerte 80 (plus c'est haut, mieux "
    "c'est) : la bande jaune 80-100 donne 3,33-6,67 -> 5\n"
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

    def test_numbers_in_the_readers_language(self):
        """The numbers inside an explanation are written by the one number
        formatter in the reader's language: separators, grouping, and as
        many decimals as typed."""
        self.env["res.lang"]._activate_lang("de_DE")
        kpi = self.make_kpi("BIG", target_value=1500, red_flag_value=1000)
        self.scorecard._bsc_recompute()
        self.measurement(kpi, "2026-01").actual_value = 1234.5
        first_line = {
            "en_US": "Actual 1,234.5 vs target 1,500, red flag 1,000 (higher is "
            "better): yellow band 1,000-1,500 maps to 3.33-6.67 -> 4.9",
            "fr_FR": f"Réel 1{NBSP}234,5 pour une cible de 1{NBSP}500, seuil "
            f"d'alerte 1{NBSP}000 (plus c'est haut, mieux c'est) : la bande "
            f"jaune 1{NBSP}000-1{NBSP}500 donne 3,33-6,67 -> 4,9",
            "de_DE": "Actual 1.234,5 vs target 1.500, red flag 1.000 (higher is "
            "better): yellow band 1.000-1.500 maps to 3,33-6,67 -> 4,9",
        }
        for lang, line in first_line.items():
            with self.subTest(lang=lang), self.french_terms():
                measurement = self.measurement(kpi, "2026-01").with_context(lang=lang)
                self.assertEqual(measurement.explanation.split("\n")[0], line)
                matrix = (
                    self.env["bsc.matrix"]
                    .with_context(lang=lang)
                    ._bsc_matrices(self.scorecard, [self.period("2026-01")])[0]
                )
                objective = next(
                    o
                    for p in matrix["perspectives"]
                    for o in p["objectives"]
                    if o["id"] == self.objective.id
                )
                row = next(k for k in objective["kpis"] if k["id"] == kpi.id)
                self.assertEqual(row["explanation"].split("\n")[0], line)
                # the roll-up's score and share: 5 and 4.9 of weights 1 and 1
                share = {"en_US": "50%", "fr_FR": "50%", "de_DE": "50%"}[lang]
                self.assertIn(share, objective["explanation"])
                mean = {"en_US": "4.95", "fr_FR": "4,95", "de_DE": "4,95"}[lang]
                self.assertIn(mean, objective["explanation"])

    def test_number_writer_writes_what_formatlang_writes(self):
        """The explanations' number writer resolves the language once; it
        must write exactly what Odoo's formatLang writes, in every language."""
        self.env["res.lang"]._activate_lang("de_DE")
        values = (0, -0.0, 0.005, 0.015, 2.675, -1234.5, 1234567.891, 1e12, -7)
        for lang in ("en_US", "fr_FR", "de_DE"):
            env = self.env(context=dict(self.env.context, lang=lang))
            number = number_writer(env)
            for value in values:
                for digits in (0, 1, 2, 3):
                    self.assertEqual(
                        number(value, digits),
                        formatLang(env, value, digits=digits),
                        f"{lang} {value} {digits}",
                    )

    def test_numbers_follow_a_language_changed_meanwhile(self):
        """The suite's number writer is made once per environment (a payload
        writes thousands of numbers); a language changed in that
        environment's life shows on the next number all the same."""
        self.env["res.lang"]._activate_lang("fr_FR")
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        kpi = {"decimal_places": 2, "value_format": "number"}
        self.assertEqual(format_kpi_value(env, 1234.5, kpi), "1\xa0234,50")
        self.assertIs(_number(env), _number(env), "made once")
        env["res.lang"]._lang_get("fr_FR").thousands_sep = "."
        self.assertEqual(format_kpi_value(env, 1234.5, kpi), "1.234,50")
        self.assertEqual(format_number(env, 1234.5), formatLang(env, 1234.5))

    def test_threshold_reasons_in_french(self):
        """Why thresholds cannot score is data (a code and its numbers),
        written in the reader's language: when a KPI is saved, and in the
        explanation of a score that has none."""
        terms = {
            "KPI '%(kpi)s': %(error)s": "KPI « %(kpi)s » : %(error)s",
            "the red flag (%(red_flag)s) must be below the target (%(target)s) "
            "when higher is better": "le seuil d'alerte (%(red_flag)s) doit être "
            "sous la cible (%(target)s) quand plus c'est haut, mieux c'est",
            "No score: %(reason)s": "Pas de note : %(reason)s",
            "the tolerance (%(tolerance)s) must be above 0": "la tolérance "
            "(%(tolerance)s) doit être supérieure à 0",
        }
        french = self.env(context=dict(self.env.context, lang="fr_FR"))
        with patch.dict(
            code_translations.python_translations, {("bsc_core", "fr_FR"): terms}
        ):
            with self.assertRaises(ValidationError) as caught:
                self.kpi.with_env(french).write(
                    {"target_value": 1000, "red_flag_value": 1200.5}
                )
            self.assertEqual(
                caught.exception.args[0],
                f"KPI « {self.kpi.name} » : le seuil d'alerte (1{NBSP}200,5) doit "
                f"être sous la cible (1{NBSP}000) quand plus c'est haut, mieux "
                "c'est",
            )
            result = scoring.score(90, "range", 10, target_max=20, tolerance=0)
            self.assertEqual(
                result.detail["reason"],
                {"code": "tolerance_not_positive", "tolerance": 0},
            )
            self.assertEqual(
                explain.render(result.detail, french._, number_writer(french)),
                "Pas de note : la tolérance (0) doit être supérieure à 0",
            )
        # the engine's own text stays English
        self.assertEqual(
            result.explanation, "No score: the tolerance (0) must be above 0"
        )


@tagged("post_install", "-at_install")
class TestFormulaErrorTexts(BscCase):
    """Why a formula gives no value is stored as data (an error code, a
    message key, its parameters) and written in the reader's language where
    it is shown; the codes (#DIV/0...) stay as they are."""

    FRENCH_TERMS = {
        "%(code)s in %(segment)s": "%(code)s dans %(segment)s",
        "no value for %(input)s in %(formula)s": "pas de valeur pour %(input)s "
        "dans %(formula)s",
        "%(kpi)s: %(error)s": "%(kpi)s : %(error)s",
        "KPI '%(kpi)s': %(error)s": "KPI « %(kpi)s » : %(error)s",
        "function '%(name)s' is not allowed; allowed: %(functions)s": "la "
        "fonction « %(name)s » n'est pas permise ; permises : %(functions)s",
        "formula uses unknown code %(codes)s; %(hint)s": "la formule utilise le "
        "code inconnu %(codes)s ; %(hint)s",
        "known codes: %(codes)s": "codes connus : %(codes)s",
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.num = cls.make_kpi("NUM")
        cls.den = cls.make_kpi("DEN")
        cls.ratio = cls.make_kpi(
            "RATIO", name="Ratio", source_type="formula", formula="NUM / DEN"
        )
        cls.passed = cls.make_kpi("PASSED", source_type="formula", formula="RATIO + 1")
        cls.scorecard._bsc_recompute()
        # January: 10 / 0; February: 10 / nothing
        cls.measurement(cls, cls.num, "2026-01").actual_value = 10
        cls.measurement(cls, cls.den, "2026-01").actual_value = 0
        cls.measurement(cls, cls.num, "2026-02").actual_value = 10

    def french(self):
        return patch.dict(
            code_translations.python_translations,
            {("bsc_core", "fr_FR"): self.FRENCH_TERMS},
        )

    def test_stored_as_data(self):
        january = self.measurement(self.ratio, "2026-01")
        self.assertEqual(
            january.error_data,
            {"code": "#DIV/0", "key": "at", "segment": "NUM / DEN"},
        )
        # the English text stays, for filters and to-dos ("#..." errors)
        self.assertEqual(january.error_text, "#DIV/0 in NUM / DEN")
        passed = self.measurement(self.passed, "2026-01")
        self.assertEqual(
            passed.error_data,
            {
                "code": "#ERR",
                "key": "input",
                "kpi": "RATIO",
                "error": {"code": "#DIV/0", "key": "at", "segment": "NUM / DEN"},
            },
        )
        february = self.measurement(self.ratio, "2026-02")
        self.assertEqual(february.error_data["key"], "no_value")
        self.assertEqual(february.error_text, "no value for DEN in NUM / DEN")

    def test_shown_in_the_readers_language(self):
        expected = {
            "en_US": (
                "#DIV/0 in NUM / DEN",
                "RATIO: #DIV/0 in NUM / DEN",
                "no value for DEN in NUM / DEN",
            ),
            "fr_FR": (
                "#DIV/0 dans NUM / DEN",
                "RATIO : #DIV/0 dans NUM / DEN",
                "pas de valeur pour DEN dans NUM / DEN",
            ),
        }
        for lang, (ratio, passed, missing) in expected.items():
            with self.subTest(lang=lang), self.french():
                env = self.env(context=dict(self.env.context, lang=lang))
                january = self.measurement(self.ratio, "2026-01").with_env(env)
                self.assertEqual(january.error_message, ratio)
                self.assertEqual(january.explanation, ratio)
                self.assertEqual(
                    self.measurement(self.passed, "2026-01")
                    .with_env(env)
                    .error_message,
                    passed,
                )
                self.assertEqual(
                    self.measurement(self.ratio, "2026-02").with_env(env).error_message,
                    missing,
                )
                # the dashboard payload (and so the PDF and XLSX, built from
                # the same matrix rows)
                data = env["bsc.dashboard"].get_dashboard_data(
                    self.scorecard.id, self.period("2026-01").id
                )
                rows = {
                    k["id"]: k
                    for p in data["matrix"]["perspectives"]
                    for o in p["objectives"]
                    for k in o["kpis"]
                }
                self.assertEqual(rows[self.ratio.id]["error"], ratio)
                self.assertEqual(rows[self.passed.id]["error"], passed)

    def test_formula_refused_in_french(self):
        french = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.french():
            with self.assertRaises(ValidationError) as caught:
                self.ratio.with_env(french).formula = "open(NUM)"
            self.assertEqual(
                caught.exception.args[0],
                "KPI « Ratio » : la fonction « open » n'est pas permise ; "
                "permises : abs, avg, max, min, prev, round, sum, ytd",
            )
            with self.assertRaises(ValidationError) as caught:
                self.ratio.with_env(french).formula = "NUM / DENN"
            self.assertIn(
                "KPI « Ratio » : la formule utilise le code inconnu 'DENN' ; "
                "codes connus : ",
                caught.exception.args[0],
            )
        # in English
        with self.assertRaises(ValidationError) as caught:
            self.ratio.formula = "open(NUM)"
        self.assertEqual(
            caught.exception.args[0],
            "KPI 'Ratio': function 'open' is not allowed; allowed: abs, avg, "
            "max, min, prev, round, sum, ytd",
        )
