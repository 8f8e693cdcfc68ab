# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import BscCase


@tagged("post_install", "-at_install")
class TestFormDomains(BscCase):
    """The dropdowns of the forms find what a person picks (issue #13).

    Each domain is read as the web client gets it (fields_get) and evaluated
    with what the client knows of a new record.
    """

    def dropdown(self, model, fname, user=None, **record):
        user = user or self.manager
        description = self.env[model].with_user(user).fields_get([fname])
        domain = description[fname]["domain"]
        if isinstance(domain, str):
            context = {"allowed_company_ids": self.company.ids, **record}
            domain = safe_eval(domain, context)
        comodel = description[fname]["relation"]
        return self.env[comodel].with_user(user).search(domain)

    def test_source_model_lists_models_with_a_table(self):
        # only administrators may read ir.model (Administration/Access Rights)
        admin = self.env.ref("base.user_admin")
        models = set(self.dropdown("bsc.source", "model_id", admin).mapped("model"))
        self.assertIn("res.currency.rate", models)
        self.assertNotIn("mail.thread", models, "abstract: no table")
        self.assertNotIn("base.language.install", models, "transient")

    def test_kpi_objective_found_before_any_is_chosen(self):
        objectives = self.dropdown("bsc.kpi", "objective_id", company_id=False)
        self.assertIn(self.objective, objectives)
        self.assertIn(self.objective_fin, objectives)
