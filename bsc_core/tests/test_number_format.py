# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from ..tools import number_format
from .common import BscCase

NBSP = "\N{NO-BREAK SPACE}"


@tagged("post_install", "-at_install")
class TestNumberFormat(TransactionCase):
    """The one number formatter: the reader's language, the currency's side."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fr_FR", "de_DE"):
            cls.env["res.lang"]._activate_lang(code)
        cls.eur = cls.env.ref("base.EUR")
        cls.usd = cls.env.ref("base.USD")
        cls.number = {"decimal_places": 2, "value_format": "number", "unit": ""}

    def fmt(self, lang, value, kpi, currency=None):
        env = self.env(context=dict(self.env.context, lang=lang))
        return number_format.format_kpi_value(env, value, kpi, currency)

    def test_separators_by_language(self):
        # fr_FR groups with a no-break space, de_DE with a dot
        expected = {
            "en_US": "1,234,567.50",
            "fr_FR": f"1{NBSP}234{NBSP}567,50",
            "de_DE": "1.234.567,50",
        }
        for lang, text in expected.items():
            with self.subTest(lang=lang):
                self.assertEqual(self.fmt(lang, 1234567.5, self.number), text)
                self.assertEqual(self.fmt(lang, -1234567.5, self.number), f"-{text}")

    def test_decimals_percent_and_unit(self):
        percent = {"decimal_places": 1, "value_format": "percent"}
        hours = {"decimal_places": 0, "value_format": "number", "unit": "h"}
        expected = {
            "en_US": ("12.5 %", "1,235 h"),
            "fr_FR": ("12,5 %", f"1{NBSP}235 h"),
            "de_DE": ("12,5 %", "1.235 h"),
        }
        for lang, (pct, unit) in expected.items():
            with self.subTest(lang=lang):
                self.assertEqual(self.fmt(lang, 12.46, percent), pct)
                self.assertEqual(self.fmt(lang, 1234.6, hours), unit)

    def test_currency_position_and_kpi_decimals(self):
        # the KPI's decimals win over the currency's 2
        money = {"decimal_places": 0, "value_format": "monetary"}
        self.assertEqual(self.usd.position, "before")
        self.assertEqual(self.eur.position, "after")
        expected = {
            "en_US": (f"${NBSP}1,235", f"1,235{NBSP}€"),
            "fr_FR": (f"${NBSP}1{NBSP}235", f"1{NBSP}235{NBSP}€"),
            "de_DE": (f"${NBSP}1.235", f"1.235{NBSP}€"),
        }
        for lang, (usd, eur) in expected.items():
            with self.subTest(lang=lang):
                self.assertEqual(self.fmt(lang, 1234.6, money, self.usd), usd)
                self.assertEqual(self.fmt(lang, 1234.6, money, self.eur), eur)

    def test_no_data_is_a_dash_never_zero(self):
        for lang in ("en_US", "fr_FR", "de_DE"):
            env = self.env(context=dict(self.env.context, lang=lang))
            with self.subTest(lang=lang):
                self.assertEqual(self.fmt(lang, None, self.number), "–")
                self.assertEqual(self.fmt(lang, False, self.number), "–")
                self.assertEqual(number_format.format_score(env, None), "–")
        # 0 is a value
        self.assertEqual(self.fmt("de_DE", 0.0, self.number), "0,00")

    def test_score(self):
        expected = {"en_US": "8.33", "fr_FR": "8,33", "de_DE": "8,33"}
        for lang, text in expected.items():
            env = self.env(context=dict(self.env.context, lang=lang))
            with self.subTest(lang=lang):
                self.assertEqual(number_format.format_score(env, 8.333), text)

    def test_kpi_record(self):
        """A bsc.kpi record formats as its matrix row does."""
        kpi = self.env["bsc.kpi"].new(
            {"decimal_places": 1, "value_format": "number", "unit": "pts"}
        )
        self.assertEqual(self.fmt("fr_FR", 1234.56, kpi), f"1{NBSP}234,6 pts")

    def test_excel_number_format(self):
        """The XLSX gets the same rules as an Excel format (Excel draws the
        separators of the reader's locale)."""
        money = {"decimal_places": 0, "value_format": "monetary"}
        self.assertEqual(
            number_format.excel_number_format(money, self.usd), '"$ "#,##0'
        )
        self.assertEqual(
            number_format.excel_number_format(money, self.eur), '#,##0" €"'
        )
        self.assertEqual(
            number_format.excel_number_format(
                {"decimal_places": 1, "value_format": "percent"}
            ),
            '#,##0.0" %"',
        )
        self.assertEqual(
            number_format.excel_number_format(
                {"decimal_places": 2, "value_format": "number", "unit": 'a"b'}
            ),
            '#,##0.00" ab"',
        )


@tagged("post_install", "-at_install")
class TestMatrixTableNumbers(BscCase):
    """The matrix table of the scorecard form reads in the user's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.kpi = cls.make_kpi(
            "VISITS",
            unit="visits",
            # a count shows no decimals by default (#13): two asked for here,
            # for the decimal comma
            decimal_places=2,
            target_value=2000,
            red_flag_value=1000,
        )
        cls.scorecard._bsc_recompute()
        cls.kpi.measurement_ids.filtered(
            lambda m: m.period_id.name == "2026-01"
        ).actual_value = 1234.5

    def test_matrix_table_in_french(self):
        scorecard = self.scorecard.with_context(
            lang="fr_FR", bsc_period_id=self.period("2026-01").id
        )
        html = str(scorecard.matrix_html)
        self.assertIn(f"1{NBSP}234,50 visits", html)
        self.assertIn(f"2{NBSP}000,00 visits", html)
        # the score (1234.5 between 1000 and 2000: yellow, 3.33 + ...) with a comma
        score = self.measurement(self.kpi, "2026-01").score
        self.assertIn(f"{score:.2f}".replace(".", ","), html)
        self.assertNotIn("1,234.50", html)


@tagged("post_install", "-at_install")
class TestDashboardTexts(BscCase):
    """The dashboard payload ships the one formatter's text of every figure
    next to its value, in the reader's language, and the status list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fr_FR", "de_DE"):
            cls.env["res.lang"]._activate_lang(code)
        cls.kpi = cls.make_kpi(
            "VISITS",
            unit="visits",
            decimal_places=2,
            target_value=200000,
            red_flag_value=100000,
        )
        cls.scorecard._bsc_recompute()
        cls.kpi.measurement_ids.filtered(
            lambda m: m.period_id.name == "2026-01"
        ).actual_value = 123456.5

    def test_texts_in_three_languages(self):
        expected = {
            "en_US": (
                "123,456.50 visits",
                "200,000.00 visits",
                "123.5k",
                "200.0k visits",
            ),
            "fr_FR": (
                f"123{NBSP}456,50 visits",
                f"200{NBSP}000,00 visits",
                "123,5k",
                "200,0k visits",
            ),
            "de_DE": (
                "123.456,50 visits",
                "200.000,00 visits",
                "123,5k",
                "200,0k visits",
            ),
        }
        for lang, (actual, target, card_actual, card_target) in expected.items():
            with self.subTest(lang=lang):
                env = self.env(context=dict(self.env.context, lang=lang))
                data = env["bsc.dashboard"].get_dashboard_data(
                    self.scorecard.id, self.period("2026-01").id
                )
                row = next(
                    k
                    for p in data["matrix"]["perspectives"]
                    for o in p["objectives"]
                    for k in o["kpis"]
                    if k["id"] == self.kpi.id
                )
                self.assertEqual(row["actual_text"], actual)
                self.assertEqual(row["target_text"], target)
                self.assertEqual(
                    row["card"], {"actual": card_actual, "target": card_target}
                )
                # scores everywhere: the KPI, its objective, the scorecard
                self.assertEqual(
                    row["score_text"], number_format.format_score(env, row["score"])
                )
                self.assertIn("," if lang != "en_US" else ".", row["score_text"])
                self.assertEqual(
                    data["matrix"]["score_text"],
                    number_format.format_score(env, data["matrix"]["score"]),
                )
                point = data["history"]["kpis"][self.kpi.id][0]
                self.assertEqual(
                    (point["actual_text"], point["target_text"]), (actual, target)
                )
                self.assertEqual(
                    data["cascade"]["score_text"], data["matrix"]["score_text"]
                )
                self.assertEqual(
                    [s["value"] for s in data["statuses"]],
                    ["red", "yellow", "green", "none"],
                )
                # no data is "–"
                february = env["bsc.dashboard"].get_dashboard_data(
                    self.scorecard.id, self.period("2026-02").id
                )
                row = next(
                    k
                    for p in february["matrix"]["perspectives"]
                    for o in p["objectives"]
                    for k in o["kpis"]
                    if k["id"] == self.kpi.id
                )
                self.assertEqual((row["actual_text"], row["score_text"]), ("–", "–"))


@tagged("post_install", "-at_install")
class TestDashboardNumbersInBrowser(HttpCase):
    """The dashboard's formatKpiValue (bsc_format.js; the history chart's
    axis only) writes, in the browser of an English, French and German user,
    the text of the server's formatter: the web client's localization is the
    user's res.lang."""

    def test_same_text_as_the_server(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        usd = self.env.ref("base.USD")
        usd.active = True
        kpis = [
            (1234567.25, {"decimal_places": 2, "value_format": "number"}, None),
            (
                -1234.5,
                {"decimal_places": 1, "value_format": "number", "unit": "h"},
                None,
            ),
            (12.25, {"decimal_places": 2, "value_format": "percent"}, None),
            (98765.4, {"decimal_places": 0, "value_format": "monetary"}, eur),
            (98765.4, {"decimal_places": 2, "value_format": "monetary"}, usd),
            (None, {"decimal_places": 2, "value_format": "number"}, None),
        ]
        for lang in ("en_US", "fr_FR", "de_DE"):
            self.env["res.lang"]._activate_lang(lang)
            login = f"bsc_numbers_{lang.lower()}"
            new_test_user(
                self.env,
                login,
                groups="base.group_user,bsc_core.group_bsc_user",
                lang=lang,
            )
            env = self.env(context=dict(self.env.context, lang=lang))
            cases = [
                [value, kpi, currency.id if currency else False]
                for value, kpi, currency in kpis
            ]
            want = [
                number_format.format_kpi_value(env, value, kpi, currency)
                for value, kpi, currency in kpis
            ]
            code = """
                const cases = %s, want = %s;
                const name = "@bsc_core/components/dashboard/bsc_format";
                const deadline = Date.now() + 30000;
                (function check() {
                    // the module and the user's localization, once loaded
                    let got;
                    try {
                        const format = odoo.loader.modules.get(name);
                        got = cases.map(([value, kpi, currencyId]) =>
                            format.formatKpiValue(value, kpi, { currencyId })
                        );
                    } catch (error) {
                        if (Date.now() > deadline) {
                            console.error(`${name} never ready: ${error}`);
                        } else {
                            setTimeout(check, 200);
                        }
                        return;
                    }
                    if (JSON.stringify(got) === JSON.stringify(want)) {
                        console.log("test successful");
                    } else {
                        console.error(JSON.stringify({ got, want }));
                    }
                })();
            """ % (json.dumps(cases), json.dumps(want))
            with self.subTest(lang=lang):
                self.browser_js("/odoo", code, ready="odoo.isReady", login=login)
