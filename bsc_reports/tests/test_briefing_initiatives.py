# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from lxml import html as lxml_html

from odoo.tests import tagged

from .common import BscReportsCase
from .test_briefing_book import BOOK, cell_texts


@tagged("post_install", "-at_install")
class TestBriefingInitiatives(BscReportsCase):
    """The book's initiatives are ``bsc.initiative._bsc_report_values()``,
    the values the dashboard's objective panel shows too."""

    def render_html(self):
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            BOOK, self.scorecard.ids, self.data
        )
        return lxml_html.fromstring(content)

    def initiative_rows(self, page):
        table = page.xpath("//table[hasclass('o_bsc_initiatives')]")[0]
        return table.xpath("./tbody/tr")

    def test_progress_and_budget_used(self):
        rows = self.initiative_rows(self.render_html())
        # no explanation, fact or detail in bsc_core: no second row
        self.assertEqual(len(rows), 1)
        cells = cell_texts(rows[0])
        self.assertEqual(cells[0], "Referral programme")
        values = self.initiative._bsc_report_values()[self.initiative.id]
        # 2,000 of 5,000 spent: 40 % used
        self.assertTrue(values["budget"].endswith("(40 %)"), values["budget"])
        self.assertEqual(cells[4], " ".join(values["budget"].split()))
        self.assertEqual(cells[5], "40 %")
        self.assertEqual(cells[6], "At Risk")

    def test_what_an_addon_adds_to_the_values_is_printed(self):
        """An addon's override of the hook (bsc_project_link adds the
        project's milestones, hours and explanation) is what the book prints
        under the initiative."""
        Initiative = type(self.env["bsc.initiative"])
        base = Initiative._bsc_report_values

        def with_project(records):
            result = base(records)
            values = result[self.initiative.id]
            values["explanation"] = "Milestone 'Launch' was due on 02/15/2026."
            values["manual"] = True
            values["facts"].append({"label": "Hours logged / planned", "value": "12"})
            values["details"] += [
                {"key": "m-1", "name": "Launch", "date": "02/15/2026",
                 "done": False, "done_date": "", "status": "overdue",
                 "status_label": "Overdue", "tone": "danger"},
                {"key": "m-2", "name": "Kick-off", "date": "01/20/2026",
                 "done": True, "done_date": "01/19/2026", "status": "on_time",
                 "status_label": "Reached on time", "tone": "success"},
            ]  # fmt: skip
            return result

        self.patch(Initiative, "_bsc_report_values", with_project)
        rows = self.initiative_rows(self.render_html())
        self.assertEqual(len(rows), 2)
        extra = rows[1]
        self.assertIn("o_bsc_initiative_values", extra.get("class"))
        text = " ".join(extra.text_content().split())
        self.assertIn("Set by hand Milestone 'Launch' was due on 02/15/2026.", text)
        self.assertIn("Hours logged / planned: 12", text)
        details = extra.xpath(".//div[contains(@class, 'o_bsc_initiative_detail')]")
        self.assertEqual(
            [" ".join(d.text_content().split()) for d in details],
            [
                "Launch · 02/15/2026 · Overdue",
                "Kick-off · 01/20/2026 · Reached on time (01/19/2026)",
            ],
        )
        self.assertIn("text-danger", details[0].get("class"))
