# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import Form, tagged

from odoo.addons.bsc_core import query as bsc_query
from odoo.addons.bsc_project_link.tests.common import BscProjectCase

from ..family import BILLABLE_TYPES

MONTHS = ("2026-08", "2026-09", "2026-10", "2026-11")


@tagged("post_install", "-at_install")
class TestBillableShare(BscProjectCase):
    """The billable share of hours of company A's scorecard, on a project of
    A sold by a sales order (a line billed on timesheets, a line at a fixed
    price) beside the shared project of BscProjectCase:

    ======  =====  ===============  ===============================
    date    hours  project          billable type
    ======  =====  ===============  ===============================
    10 Sep  4      Consulting (A)   billable_time (order line 1)
    20 Sep  2      Consulting (A)   billable_fixed (order line 2)
    25 Sep  2      Consulting (A)   non_billable (no order line)
    5 Oct   3      Consulting (A)   non_billable
    6 Oct   1      Consulting (A)   billable_time
    15 Oct  10     shared, Ann (A)  non_billable
    2 Nov   5      shared, Bob (B)  company B's: not counted
    ======  =====  ===============  ===============================

    September 6 of 8 h billable: 75 %; October 1 of 14 h (1 of 4 on
    Consulting); no hours in August and November: no value.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        partner = env["res.partner"].create({"name": "Acme"})
        Product = env["product.product"]
        by_hours, fixed = Product.create(
            [
                {"name": "Consulting hours", "type": "service",
                 "invoice_policy": "delivery", "service_type": "timesheet"},
                {"name": "Consulting package", "type": "service",
                 "invoice_policy": "order", "service_type": "timesheet"},
            ]
        )  # fmt: skip
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "order_line": [
                    (0, 0, {"product_id": by_hours.id, "product_uom_qty": 10}),
                    (0, 0, {"product_id": fixed.id, "product_uom_qty": 1}),
                ],
            }
        )
        order.action_confirm()
        cls.line_hours, cls.line_fixed = order.order_line
        cls.consulting = env["project.project"].create(
            {"name": "Consulting", "company_id": cls.company.id,
             "allow_timesheets": True, "allow_billable": True,
             "partner_id": partner.id}
        )  # fmt: skip
        Line = env["account.analytic.line"]
        cls.sheets = Line.create(
            [
                {"name": name, "project_id": cls.consulting.id,
                 "employee_id": cls.ann.id, "unit_amount": hours,
                 "date": day, "so_line": so_line.id if so_line else False}
                for name, day, hours, so_line in (
                    ("Audit", date(2026, 9, 10), 4, cls.line_hours),
                    ("Package", date(2026, 9, 20), 2, cls.line_fixed),
                    ("Internal", date(2026, 9, 25), 2, None),
                    ("Training", date(2026, 10, 5), 3, None),
                    ("Call", date(2026, 10, 6), 1, cls.line_hours),
                )
            ]
        )  # fmt: skip
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")

    def values(self, kpis):
        periods = self.months.filtered(lambda p: p.name in MONTHS)
        result = kpis._bsc_source_values(periods)
        by_name = {p.name: p for p in periods}
        return {
            kpi.code: [result[(kpi.id, by_name[m].id)] for m in MONTHS] for kpi in kpis
        }

    def oracle(self, period, project=None):
        """The share from the ORM: the hours of the period's timesheets
        grouped by billable type (read_group), billable over all."""
        Line = self.env["account.analytic.line"]
        domain = (
            [("project_id", "!=", False)]
            + ([("project_id", "=", project.id)] if project else [])
            + bsc_query.period_domain(
                Line, "date", period.date_start, period.date_end, self.scorecard.tz
            )
            + bsc_query.company_domain(Line, self.company)
        )
        groups = Line._read_group(
            domain, ["timesheet_invoice_type"], ["unit_amount:sum"]
        )
        hours = dict(groups)
        total = sum(hours.values())
        if not total:
            return None
        billable = sum(h for kind, h in hours.items() if kind in BILLABLE_TYPES)
        return 100.0 * billable / total

    def test_billable_types_of_the_fixture(self):
        self.assertEqual(
            self.sheets.mapped("timesheet_invoice_type"),
            ["billable_time", "billable_fixed", "non_billable", "non_billable",
             "billable_time"],
        )  # fmt: skip

    def test_billable_share_against_the_orm(self):
        kpis = self.make_kpi(
            "BILLABLE", source_type="project_billable_share"
        ) | self.make_kpi(
            "BILLABLE_C",
            source_type="project_billable_share",
            project_project_id=self.consulting.id,
        )
        values = self.values(kpis)
        self.assertEqual(
            [value and round(value, 4) for value, __ in values["BILLABLE"]],
            [None, 75.0, 7.1429, None],  # 1 h of 14 in October
        )
        self.assertEqual(
            [value for value, __ in values["BILLABLE_C"]], [None, 75.0, 25.0, None]
        )
        for kpi, project in ((kpis[0], None), (kpis[1], self.consulting)):
            for name, (value, error) in zip(MONTHS, values[kpi.code], strict=True):
                with self.subTest(kpi=kpi.code, month=name):
                    self.assertFalse(error)
                    expected = self.oracle(self.period(name), project)
                    if expected is None:
                        self.assertIsNone(value)
                    else:
                        self.assertAlmostEqual(value, expected, places=9)

    def test_drilldown_opens_the_timesheets_counted(self):
        kpi = self.make_kpi("BILLABLE", source_type="project_billable_share")
        action = kpi._bsc_drilldown_action(self.period("2026-10"))
        self.assertEqual(action["res_model"], "account.analytic.line")
        lines = self.env["account.analytic.line"].search(action["domain"])
        self.assertEqual(sum(lines.mapped("unit_amount")), 14)
        billable = lines.filtered(
            lambda line: line.timesheet_invoice_type in BILLABLE_TYPES
        )
        self.assertEqual(billable.mapped("name"), ["Call"])
        self.assertEqual(action["context"]["group_by"], ["timesheet_invoice_type"])

    def test_one_query_whatever_the_periods_and_kpis(self):
        one = self.make_kpi("BILLABLE", source_type="project_billable_share")
        three = (
            one
            | self.make_kpi(
                "BILLABLE_C",
                source_type="project_billable_share",
                project_project_id=self.consulting.id,
            )
            | self.make_kpi(
                "BILLABLE_S",
                source_type="project_billable_share",
                project_project_id=self.project.id,
            )
        )
        three._bsc_source_values(self.months)  # warm the caches
        for kpis, periods in (
            (one, self.months[:3]),
            (one, self.months),
            (three, self.months[:3]),
            (three, self.months),
        ):
            with self.assertQueryCount(__system__=1):
                values = kpis._bsc_source_values(periods)
            self.assertEqual(len(values), len(kpis) * len(periods))

    def test_the_project_kpi_wizard_offers_the_billable_share(self):
        wizard = Form(
            self.env["bsc.project.kpi.wizard"]
            .with_user(self.manager)
            .with_context(default_objective_id=self.objective.id)
        ).save()
        self.assertIn("billable_share", wizard.line_ids.mapped("template"))
        wizard.line_ids.filtered(
            lambda line: line.template != "billable_share"
        ).selected = False
        wizard.action_create_kpis()
        kpi = self.objective.kpi_ids.filtered(lambda k: k.code == "PROJ_BILLABLE_SHARE")
        self.assertEqual(
            (kpi.source_type, kpi.value_format), ("project_billable_share", "percent")
        )
        self.assertIn("over all hours", kpi.description)
        september = self.period("2026-09")
        self.assertEqual(
            kpi._bsc_source_values(september)[(kpi.id, september.id)], (75.0, False)
        )
