# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo.tests import tagged

from .common import BscCase, access_matrix_users, assert_access_matrix

NONE = ("----", "----")
READ = ("r---", "----")
MANAGE = ("rwcu", "----")
# Every role x the users' company and another one x read, write, create,
# unlink. Roles of bsc_hr_link (employee, HR manager) are walked there.
EXPECTED = {
    "scorecard": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": READ,
        "bsc_manager": MANAGE,
    },
    "perspective": {  # shared by every company
        "portal": NONE,
        "internal": NONE,
        "bsc_user": ("r---", "r---"),
        "bsc_manager": ("rwcu", "rwcu"),
    },
    "scorecard perspective": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": READ,
        "bsc_manager": MANAGE,
    },
    "period": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": READ,
        "bsc_manager": MANAGE,
    },
    "source": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": READ,
        "bsc_manager": MANAGE,
    },
    "source shared by all companies": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": READ,
        "bsc_manager": MANAGE,
    },
    "objective": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": READ,
        "bsc_manager": MANAGE,
    },
    "kpi": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": READ,
        "bsc_manager": MANAGE,
    },
    "measurement of a KPI the user owns": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": ("rwc-", "----"),
        "bsc_manager": MANAGE,
    },
    "measurement of another's KPI": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": READ,
        "bsc_manager": MANAGE,
    },
    "initiative the user owns": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": ("rw--", "----"),
        "bsc_manager": MANAGE,
    },
    "initiative of another": {
        "portal": NONE,
        "internal": NONE,
        "bsc_user": READ,
        "bsc_manager": MANAGE,
    },
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(BscCase):
    """Every model of bsc_core x every role x two companies x every operation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = access_matrix_users(cls.env, cls.company)
        cls.records = {}
        for company, scorecard in (
            ("own", cls.scorecard),
            ("other", cls.make_scorecard(cls.company_b)),
        ):
            cls.add_records(company, scorecard)
        cls.records[("source shared by all companies", "own")] = cls.make_source(
            "Shared source"
        )
        cls.records[("perspective", "own")] = cls.financial
        cls.records[("perspective", "other")] = cls.customer

    @classmethod
    def make_scorecard(cls, company):
        scorecard = cls.env["bsc.scorecard"].create(
            {
                "name": f"{company.name} 2026",
                "company_id": company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        cls.env["bsc.objective"].create(
            {
                "name": "Win new customers",
                "scorecard_id": scorecard.id,
                "perspective_id": cls.customer.id,
            }
        )
        return scorecard

    @classmethod
    def add_records(cls, company, scorecard):
        owner = cls.users["bsc_user"]
        objective = scorecard.objective_ids[:1]
        owned = cls.make_kpi(f"OWNED_{company}", objective, user_id=owner.id)
        other = cls.make_kpi(f"OTHER_{company}", objective, user_id=cls.manager.id)
        scorecard._bsc_recompute()
        source = cls.make_source(f"Source {company}")
        source.company_id = scorecard.company_id
        Initiative = cls.env["bsc.initiative"]
        records = {
            "scorecard": scorecard,
            "scorecard perspective": scorecard.scorecard_perspective_ids[:1],
            "period": scorecard.period_ids[:1],
            "source": source,
            "objective": objective,
            "kpi": owned,
            "measurement of a KPI the user owns": owned.measurement_ids[:1],
            "measurement of another's KPI": other.measurement_ids[:1],
            "initiative the user owns": Initiative.create(
                {"name": "Mine", "scorecard_id": scorecard.id, "user_id": owner.id}
            ),
            "initiative of another": Initiative.create(
                {"name": "Not mine", "scorecard_id": scorecard.id}
            ),
        }
        for label, record in records.items():
            assert len(record) == 1, label
            cls.records[(label, company)] = record

    def test_access_matrix(self):
        self.assertEqual(
            {label for label, __ in self.records}, set(EXPECTED), "every row tested"
        )
        assert_access_matrix(self, self.users, self.records, EXPECTED)
