# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import ExitStack
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.bsc_core import query
from odoo.addons.bsc_core.families import Parameter, SourceFamily

from .common import BscCase

PARTNERS = query.Shape("res.partner", "create_date", (("ref", "=", "BSCFAM"),))


class PartnerFamily(SourceFamily):
    """The smallest family: partners created per period, optionally only
    those whose salesperson is the KPI's owner."""

    source_types = ("test_partners",)
    parameters = (
        Parameter("user_id", {"partners": "user_id"}, company_field="company_ids"),
    )

    def compute(self, kpis, periods):
        result = {}
        expanded = self.expanded(kpis)
        scorecard = kpis.scorecard_id
        wanted = periods.filtered(lambda p: p.frequency == "month")
        specs = [
            query.Grouped("count", None, self.leaves(kpi, "partners", expanded))
            for kpi in kpis
        ]
        rows = query.grouped_sets(
            self.env, PARTNERS, wanted, scorecard.company_id, scorecard.tz, specs
        )
        for position, kpi in enumerate(kpis):
            for period in wanted:
                row = rows.get(period.id) or (None,) * len(kpis)
                result[(kpi.id, period.id)] = (float(row[position] or 0), False)
        return result

    def drilldown(self, kpi, period):
        Partner = self.env["res.partner"]
        domain = (
            list(PARTNERS.domain)
            + self.domain(kpi, "partners", self.expanded(kpi))
            + query.period_domain(
                Partner,
                "create_date",
                period.date_start,
                period.date_end,
                kpi.scorecard_id.tz,
            )
            + query.company_domain(Partner, kpi.company_id)
        )
        return self.records_action(kpi, period, "res.partner", domain)


@tagged("post_install", "-at_install")
class TestSourceFamilies(BscCase):
    """A family registered from outside bsc_core computes its KPIs through
    the recompute, opens its records and checks its parameters."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.partners = Partner.create(
            [
                {
                    "name": f"Family partner {i}",
                    "ref": "BSCFAM",
                    "company_id": cls.company.id,
                    "user_id": user.id,
                }
                for i, user in enumerate([cls.user, cls.user, cls.manager, cls.user])
            ]
        )
        # Brussels: 31 January 23:30 is 22:30 UTC; 1 February 00:30 is 23:30
        instants = [
            "2026-01-10 09:00:00",
            "2026-01-31 22:30:00",
            "2026-01-31 23:30:00",
            "2026-03-05 12:00:00",
        ]
        for partner, instant in zip(cls.partners, instants, strict=True):
            cls.env.cr.execute(
                "UPDATE res_partner SET create_date = %s WHERE id = %s",
                (instant, partner.id),
            )
        cls.env.invalidate_all()

    def setUp(self):
        super().setUp()
        Kpi = self.registry["bsc.kpi"]
        field = Kpi._fields["source_type"]
        families = Kpi._bsc_source_families
        stack = ExitStack()
        stack.enter_context(
            patch.object(
                Kpi,
                "_bsc_source_families",
                lambda kpi: families(kpi) + [PartnerFamily],
            )
        )
        # what selection_add would declare in a link addon
        selection = field.selection + [("test_partners", "Partners")]
        stack.enter_context(patch.object(field, "selection", selection))
        stack.enter_context(patch.object(field, "_selection", dict(selection)))
        self.addCleanup(stack.close)

    def test_a_registered_family_computes_its_kpis(self):
        every = self.make_kpi("PARTNERS", source_type="test_partners", user_id=False)
        mine = self.make_kpi(
            "MY_PARTNERS", source_type="test_partners", user_id=self.user.id
        )
        self.scorecard._bsc_recompute()
        found = {
            code: [
                self.measurement(kpi, month).actual_value
                for month in ("2026-01", "2026-02", "2026-03", "2026-04")
            ]
            for code, kpi in (("every", every), ("mine", mine))
        }
        self.assertEqual(found["every"], [2.0, 1.0, 1.0, 0.0])
        self.assertEqual(found["mine"], [2.0, 0.0, 1.0, 0.0])
        # the drill-down opens exactly the records counted
        action = mine._bsc_drilldown_action(self.period("2026-01"))
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(
            set(self.env["res.partner"].search(action["domain"]).ids),
            set(self.partners[:2].ids),
        )

    def test_parameters_are_checked_from_their_declaration(self):
        with self.assertRaisesRegex(ValidationError, "does not work for BSC Company A"):
            self.make_kpi("THEIRS", source_type="test_partners", user_id=self.user_b.id)

    def test_a_type_without_family_is_refused_at_compute(self):
        kpi = self.make_kpi("PARTNERS", source_type="test_partners", user_id=False)
        with (
            patch.object(
                self.registry["bsc.kpi"],
                "_bsc_source_families",
                lambda kpi: [],
            ),
            self.assertRaisesRegex(UserError, "No computation is defined"),
        ):
            kpi._bsc_source_values(self.scorecard.period_ids)
