# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user

from ..models.bsc_scorecard_recompute import RECOMPUTE_INLINE_CONTEXT

# "Now" for every test that builds its fixtures over 2026: the recompute
# horizon, the current period and activities' deadlines follow today, so the
# tests freeze it (Odoo's ``freeze_time``) and pass whatever the real date is.
# Months 2026-01 to 2026-11 have begun; 2026-12 lies in the future.
TEST_NOW = "2026-11-20 10:00:00"


class BscCase(TransactionCase):
    """A small scorecard of 2026 with one objective per perspective used.

    Currency rates of test currencies in test companies, with known dates and
    values, are the ERP records the generic sources count and sum. The clock
    stands still at :data:`TEST_NOW` (UTC) in every test of the class.
    """

    freeze_time = TEST_NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "BSC Company A"})
        cls.company_b = cls.env["res.company"].create({"name": "BSC Company B"})
        cls.manager = new_test_user(
            cls.env,
            "test_bsc_manager",
            groups="bsc_core.group_bsc_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.user = new_test_user(
            cls.env,
            "test_bsc_user",
            groups="bsc_core.group_bsc_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.user_b = new_test_user(
            cls.env,
            "test_bsc_user_b",
            groups="bsc_core.group_bsc_user",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.financial = cls.env.ref("bsc_core.perspective_financial")
        cls.customer = cls.env.ref("bsc_core.perspective_customer")
        cls.scorecard = cls.env["bsc.scorecard"].create(
            {
                "name": "Company A 2026",
                "company_id": cls.company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
                "tz": "Europe/Brussels",
                "state": "active",
            }
        )
        cls.objective = cls.env["bsc.objective"].create(
            {
                "name": "Win new customers",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.customer.id,
            }
        )
        cls.objective_fin = cls.env["bsc.objective"].create(
            {
                "name": "Grow revenue",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.financial.id,
                "weight": 3,
            }
        )
        cls.rate_model = cls.env.ref("base.model_res_currency_rate")
        cls.date_field = cls.env["ir.model.fields"]._get("res.currency.rate", "name")
        cls.rate_field = cls.env["ir.model.fields"]._get("res.currency.rate", "rate")
        cls.currency = cls.env["res.currency"].create(
            {"name": "XBA", "symbol": "xa", "active": True}
        )

    @classmethod
    def make_rates(cls, rows, company=None):
        """Create rates of the test currency from (date, rate) rows."""
        company = company or cls.company
        return cls.env["res.currency.rate"].create(
            [
                {
                    "name": day,
                    "rate": rate,
                    "currency_id": cls.currency.id,
                    "company_id": company.id,
                }
                for day, rate in rows
            ]
        )

    @classmethod
    def make_source(cls, name, aggregate="count", measure=None, domain="[]"):
        return cls.env["bsc.source"].create(
            {
                "name": name,
                "model_id": cls.rate_model.id,
                "date_field_id": cls.date_field.id,
                "aggregate": aggregate,
                "measure_field_id": measure.id if measure else False,
                "domain": domain,
            }
        )

    @classmethod
    def make_kpi(cls, code, objective=None, **vals):
        vals.setdefault("target_value", 10)
        vals.setdefault("red_flag_value", 5)
        return cls.env["bsc.kpi"].create(
            dict(
                name=vals.pop("name", code.title()),
                code=code,
                objective_id=(objective or cls.objective).id,
                **vals,
            )
        )

    @classmethod
    def make_aligned_kpi(cls, objective_name, code, **kpi_vals):
        """A KPI in a child scorecard "Sales team 2026", under an objective
        aligned to the test objective "Win new customers"; its measurements
        exist (recomputed) and are empty."""
        child = cls.env["bsc.scorecard"].create(
            {
                "name": "Sales team 2026",
                "company_id": cls.company.id,
                "parent_id": cls.scorecard.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        aligned = cls.env["bsc.objective"].create(
            {
                "name": objective_name,
                "scorecard_id": child.id,
                "perspective_id": cls.customer.id,
                "parent_objective_id": cls.objective.id,
            }
        )
        kpi = cls.make_kpi(code, objective=aligned, **kpi_vals)
        child._bsc_recompute()
        return kpi

    def cron_recompute_inline(self):
        """Run the daily job, computing every scorecard in this transaction.

        An addon may hand the daily work elsewhere (background jobs); the
        context key of :meth:`BscScorecard._bsc_cron_recompute` keeps it here.
        """
        self.env["bsc.scorecard"].with_context(
            **{RECOMPUTE_INLINE_CONTEXT: True}
        )._cron_recompute()

    def period(self, name, scorecard=None):
        scorecard = scorecard or self.scorecard
        return scorecard.period_ids.filtered(lambda p: p.name == name)

    def measurement(self, kpi, period_name):
        return kpi.measurement_ids.filtered(lambda m: m.period_id.name == period_name)


def payload_kpi(payload, code):
    """The entry of the KPI ``code`` in a dashboard payload's matrix."""
    for perspective in payload["matrix"]["perspectives"]:
        for objective in perspective["objectives"]:
            for kpi in objective["kpis"]:
                if kpi["code"] == code:
                    return kpi
    raise AssertionError(code)


def tour_kpi(env, scorecard, objective, perspective, **kpi_vals):
    """A KPI of a drill-down tour: an active scorecard named ``scorecard``
    over 2025 in ``env``'s company, its objective ``objective`` in the
    perspective of xmlid ``perspective``, and the KPI of ``kpi_vals``,
    recomputed."""
    scorecard = env["bsc.scorecard"].create(
        {
            "name": scorecard,
            "company_id": env.company.id,
            "date_from": date(2025, 1, 1),
            "date_to": date(2025, 12, 31),
            "state": "active",
        }
    )
    objective = env["bsc.objective"].create(
        {
            "name": objective,
            "scorecard_id": scorecard.id,
            "perspective_id": env.ref(perspective).id,
        }
    )
    kpi = env["bsc.kpi"].create(
        {"objective_id": objective.id, "target_value": 10, "red_flag_value": 5}
        | kpi_vals
    )
    scorecard._bsc_recompute()
    return kpi


def drilldown_total(env, action):
    """The total a drill-down ``action`` shows: the sum, over the records
    of its domain, of the one measure its first view sums (a pivot's
    measure, from the action's context or its arch; a list's ``sum``
    footer), read as Odoo's views read it."""
    view_id, view_type = action["views"][0]
    context = action.get("context", {})
    Model = env[action["res_model"]].with_context(**context)
    arch = etree.fromstring(Model.get_view(view_id, view_type)["arch"])
    if view_type == "pivot":
        measures = context.get("pivot_measures") or arch.xpath(
            "//field[@type='measure']/@name"
        )
    else:
        measures = arch.xpath("//field[@sum]/@name")
    if len(measures) != 1:
        raise AssertionError(
            f"the drill-down's {view_type} view sums {measures}, not one measure"
        )
    [(total,)] = Model._read_group(action["domain"], aggregates=[f"{measures[0]}:sum"])
    return total


ACCESS_OPERATIONS = ("read", "write", "create", "unlink")
# Groups of the roles every access matrix walks; link addons add theirs.
ACCESS_ROLES = {
    "portal": "base.group_portal",
    "internal": "base.group_user",
    "bsc_user": "bsc_core.group_bsc_user",
    "bsc_manager": "bsc_core.group_bsc_manager",
}


def access_matrix_users(env, company, roles=None):
    """One user per role (``{role: groups}``), of ``company`` only."""
    return {
        role: new_test_user(
            env,
            f"test_matrix_{role}",
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        for role, groups in (roles or ACCESS_ROLES).items()
    }


def _allowed(record, operation):
    """Whether access rights and record rules let the user do ``operation``."""
    try:
        record.check_access(operation)
    except AccessError:
        return False
    return True


def assert_access_matrix(case, users, records, expected):
    """Check every (record, role, operation) against an expected table.

    :param users: ``{role: user}``
    :param records: ``{(label, company): record}``; ``company`` is "own" (the
        users' company) or "other"
    :param expected: ``{label: {role: (own, other)}}`` where ``own`` and
        ``other`` spell the allowed operations as in ``"rw--"`` (read, write,
        create, unlink; ``-`` for refused)

    An operation is allowed when the access rights and the record rules let
    the user do it on that record (``check_access``), which is what the ORM
    checks before reading, writing, creating or deleting it. Every
    difference is reported at once.
    """
    differences = []
    for (label, company), record in records.items():
        for role, user in users.items():
            cells = expected[label][role][0 if company == "own" else 1]
            for operation, cell in zip(ACCESS_OPERATIONS, cells, strict=True):
                allowed = _allowed(record.with_user(user), operation)
                if allowed != (cell != "-"):
                    differences.append(
                        f"{label} ({company} company) x {role} x {operation}: "
                        f"{'allowed' if allowed else 'refused'}, expected "
                        f"{'allowed' if cell != '-' else 'refused'}"
                    )
    case.assertFalse(differences, "\n".join(differences))


def assert_wizard_access_matrix(case, users, model, vals, expected, action):
    """The access matrix of a wizard (a transient model) for every role.

    A wizard is only ever used by the user who opened it, so each role
    creates its own (``vals[company]``, company "own" or "other") and the
    other operations are checked on that one. A wizard record holds no data
    of its own: "create" means creating it *and* running ``action(wizard)``
    (what its button does), all as the user. ``expected`` is
    ``{role: (own, other)}`` spelled as in :func:`assert_access_matrix`.
    """
    differences = []
    for role, user in users.items():
        for index, company in enumerate(("own", "other")):
            cells = expected[role][index]
            allowed = {}
            try:
                with case.env.cr.savepoint():
                    wizard = case.env[model].with_user(user).create(vals[company])
                    wizard.flush_recordset()
            except AccessError:
                wizard = None
            for operation in ("read", "write", "unlink"):
                allowed[operation] = wizard is not None and _allowed(wizard, operation)
            allowed["create"] = wizard is not None
            if wizard is not None:
                try:
                    with case.env.cr.savepoint():
                        action(wizard)
                        case.env.flush_all()
                except AccessError:
                    allowed["create"] = False
            for operation, cell in zip(ACCESS_OPERATIONS, cells, strict=True):
                if allowed[operation] != (cell != "-"):
                    differences.append(
                        f"{model} ({company} company) x {role} x {operation}: "
                        f"{'allowed' if allowed[operation] else 'refused'}"
                    )
    case.assertFalse(differences, "\n".join(differences))


class TemplateWizardAccessMatrix:
    """The access matrix of an "Add ... KPIs" wizard (a
    ``bsc.kpi.template.wizard``): every role x two companies. Only scorecard
    managers add KPIs, and only to their company's objectives: they may fill
    in a wizard on another company's objective, whose button then fails (it
    creates the KPIs as them).

    Mix it in before :class:`BscCase` and set :attr:`wizard_model`.
    """

    wizard_model = None
    expected = {
        "portal": ("----", "----"),
        "internal": ("----", "----"),
        "bsc_user": ("----", "----"),
        "bsc_manager": ("rwcu", "rw-u"),
    }

    def add_kpis(self, wizard):
        """What the wizard's button does; override to set targets where the
        templates' defaults do not fit their polarities."""
        wizard.action_create_kpis()

    def other_objective(self):
        """An objective of company B's scorecard."""
        scorecard_b = self.env["bsc.scorecard"].create(
            {
                "name": "Company B 2026",
                "company_id": self.company_b.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        return self.env["bsc.objective"].create(
            {
                "name": "Win new customers",
                "scorecard_id": scorecard_b.id,
                "perspective_id": self.customer.id,
            }
        )

    def test_access_matrix(self):
        assert_wizard_access_matrix(
            self,
            access_matrix_users(self.env, self.company),
            self.wizard_model,
            {
                "own": {"objective_id": self.objective.id},
                "other": {"objective_id": self.other_objective().id},
            },
            self.expected,
            self.add_kpis,
        )
