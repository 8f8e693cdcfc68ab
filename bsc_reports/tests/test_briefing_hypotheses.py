# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import html as lxml_html

from odoo.tests import TransactionCase, tagged

BOOK = "bsc_reports.action_report_briefing_book"


@tagged("post_install", "-at_install")
class TestBriefingHypotheses(TransactionCase):
    """The briefing book's "Strategy hypotheses" table, on the demo scorecard
    whose history supports one arrow and contradicts another (any date)."""

    def test_hypotheses_table(self):
        if not self.env["ir.module.module"]._get("bsc_core").demo:
            self.skipTest("bsc_core is installed without demo data")
        scorecard = self.env.ref("bsc_core.demo_scorecard")
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            BOOK, scorecard.ids, {}
        )
        page = lxml_html.fromstring(content)
        rows = [
            " ".join(row.text_content().split())
            for row in page.xpath("//table[contains(@class, 'o_bsc_hypotheses')]//tr")
        ]
        supported = [r for r in rows if r.startswith("Develop skills Improve product")]
        self.assertEqual(len(supported), 1, rows)
        self.assertIn("Supported", supported[0])
        self.assertIn("at a 2-month lag", supported[0])
        self.assertTrue(
            any(
                r.startswith("Digitise processes Speed up delivery Contradicted")
                for r in rows
            ),
            rows,
        )
