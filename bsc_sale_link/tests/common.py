# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.bsc_core.tests.common import TEST_NOW


class BscSaleCase(TransactionCase):
    """Sale orders of 2025 whose figures can be checked by hand.

    Company A works in EUR; 1 EUR = 1.25 USD = 0.80 GBP all along. The
    scorecard of A reads dates in Europe/Brussels (UTC+1 in winter). Amounts
    are untaxed; "local" is Brussels time.

    ===  ===========  =====  ==  ========================  ======  ===================
    ord  customer     user   tm  lines (order currency)    EUR     local date, state
    ===  ===========  =====  ==  ========================  ======  ===================
    o1   be1          alice  T1  2 chairs x 100 EUR        200     1 Jan 00:30, sale
    o2   fr           bob    T1  1 service x 250 USD       200     15 Jan, sale
    o3   be1 contact  alice  T2  1 chair x 80 GBP          100     31 Jan 23:30, sale
    o4   be2          alice  T1  10 chairs x 100           (1000)  20 Jan, draft
    o5   be2          bob    T2  5 chairs x 100            (500)   10 Jan, cancelled
    o6   be2          bob    T2  1/4 dozen chairs x 1200   300     28 Feb 23:59, sale
    o7   fr           alice  T1  1 service x 400           400     10 Feb, sale
    o8   be1          bob    T2  chair 100 + service 50    150     1 Mar 00:30, sale
    o9   old          alice  T1  1 service x 100           100     15 Jun 2024, sale
    o10  old          alice  T1  1 service x 100           100     5 Feb, sale
    o11  fr           bob    T2  1 service x 300           (300)   12 Feb, cancelled
    o12  fr           alice  T1  1 service x 200           (200)   20 Feb, draft
    ob1  fr (in B)    carol  TB  1 service x 700           700     5 Jan, sale
    oa1  be2 (in A1)  alice  TA  1 chair x 1000            1000    8 Jan, sale
    ===  ===========  =====  ==  ========================  ======  ===================

    be1, be2 and old are in Belgium, fr in France; "be1 contact" is a person
    of be1. A1 is a branch of A, TA its team. Quotations are created when
    they are dated, except o6, created on 25 January, confirmed on 28 February.
    The clock stands still at bsc_core's ``TEST_NOW`` (November 2026).
    """

    freeze_time = TEST_NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True)
        )
        eur, usd, gbp = (cls.env.ref(f"base.{name}") for name in ("EUR", "USD", "GBP"))
        (eur | usd | gbp).active = True
        cls.company = cls.env["res.company"].create(
            {"name": "Sales Link A", "currency_id": eur.id}
        )
        cls.company_b = cls.env["res.company"].create(
            {"name": "Sales Link B", "currency_id": eur.id}
        )
        cls.branch = cls.env["res.company"].create(
            {"name": "Sales Link A Ghent", "parent_id": cls.company.id,
             "currency_id": eur.id}
        )  # fmt: skip
        cls.env["res.currency.rate"].create(
            [
                {"name": date(2024, 1, 1), "currency_id": currency.id, "rate": rate,
                 "company_id": cls.company.id}
                for currency, rate in ((usd, 1.25), (gbp, 0.8))
            ]
        )  # fmt: skip
        salesman = "base.group_user,sales_team.group_sale_salesman"
        cls.alice = new_test_user(
            cls.env, "test_sale_alice", groups=salesman, company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.branch).ids)],
        )  # fmt: skip
        cls.bob = new_test_user(
            cls.env, "test_sale_bob", groups=salesman, company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )  # fmt: skip
        cls.carol = new_test_user(
            cls.env, "test_sale_carol", groups=salesman, company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )  # fmt: skip
        Team = cls.env["crm.team"]
        cls.team_1 = Team.create({"name": "T1 Direct", "company_id": cls.company.id})
        cls.team_2 = Team.create({"name": "T2 Resellers", "company_id": cls.company.id})
        cls.team_b = Team.create({"name": "TB Direct", "company_id": cls.company_b.id})
        cls.team_a1 = Team.create({"name": "TA1 Ghent", "company_id": cls.branch.id})

        belgium, france = cls.env.ref("base.be"), cls.env.ref("base.fr")
        Partner = cls.env["res.partner"]
        cls.be1 = Partner.create(
            {"name": "Brasserie Lambiek", "is_company": True, "country_id": belgium.id}
        )
        cls.be1_contact = Partner.create(
            {"name": "Jan Peeters", "parent_id": cls.be1.id}
        )
        cls.be2 = Partner.create(
            {"name": "Atelier Gent", "is_company": True, "country_id": belgium.id}
        )
        cls.fr = Partner.create(
            {"name": "Maison Dupont", "is_company": True, "country_id": france.id}
        )
        cls.old = Partner.create(
            {"name": "Old Customer", "is_company": True, "country_id": belgium.id}
        )

        Category = cls.env["product.category"]
        cls.furniture = Category.create({"name": "Test Furniture"})
        cls.chairs = Category.create(
            {"name": "Test Chairs", "parent_id": cls.furniture.id}
        )
        cls.services = Category.create({"name": "Test Services"})
        Product = cls.env["product.product"]
        cls.chair = Product.create(
            {"name": "Test Chair", "categ_id": cls.chairs.id, "list_price": 100}
        )
        cls.service = Product.create(
            {"name": "Test Setup", "categ_id": cls.services.id, "type": "service"}
        )
        cls.dozen = cls.env.ref("uom.product_uom_dozen")

        Pricelist = cls.env["product.pricelist"]
        pricelists = {
            (company, currency): Pricelist.create(
                {
                    "name": f"{company.name} {currency.name}",
                    "currency_id": currency.id,
                    "company_id": company.id,
                }
            )
            for company, currency in (
                (cls.company, eur), (cls.company, usd), (cls.company, gbp),
                (cls.company_b, eur), (cls.branch, eur),
            )
        }  # fmt: skip

        def order(customer, user, team, lines, day, currency=eur, company=None,
                  created=None):  # fmt: skip
            company = company or cls.company
            return {
                "partner_id": customer.id,
                "user_id": user.id,
                "team_id": team.id,
                "company_id": company.id,
                "pricelist_id": pricelists[(company, currency)].id,
                "date_order": day,
                "created": created or day,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": (uom or product.uom_id).id,
                            "price_unit": price,
                        }
                    )
                    for product, qty, price, uom in lines
                ],
            }

        chair, service, dozen = cls.chair, cls.service, cls.dozen
        alice, bob, t1, t2 = cls.alice, cls.bob, cls.team_1, cls.team_2
        specs = {
            "o1": order(cls.be1, alice, t1, [(chair, 2, 100, None)],
                        datetime(2024, 12, 31, 23, 30)),
            "o2": order(cls.fr, bob, t1, [(service, 1, 250, None)],
                        datetime(2025, 1, 15, 10, 0), usd),
            "o3": order(cls.be1_contact, alice, t2, [(chair, 1, 80, None)],
                        datetime(2025, 1, 31, 22, 30), gbp),
            "o4": order(cls.be2, alice, t1, [(chair, 10, 100, None)],
                        datetime(2025, 1, 20, 9, 0)),
            "o5": order(cls.be2, bob, t2, [(chair, 5, 100, None)],
                        datetime(2025, 1, 10, 9, 0)),
            "o6": order(cls.be2, bob, t2, [(chair, 0.25, 1200, dozen)],
                        datetime(2025, 2, 28, 22, 59),
                        created=datetime(2025, 1, 25, 10, 0)),
            "o7": order(cls.fr, alice, t1, [(service, 1, 400, None)],
                        datetime(2025, 2, 10, 9, 0)),
            "o8": order(cls.be1, bob, t2,
                        [(chair, 1, 100, None), (service, 1, 50, None)],
                        datetime(2025, 2, 28, 23, 30)),
            "o9": order(cls.old, alice, t1, [(service, 1, 100, None)],
                        datetime(2024, 6, 15, 9, 0)),
            "o10": order(cls.old, alice, t1, [(service, 1, 100, None)],
                         datetime(2025, 2, 5, 9, 0)),
            "o11": order(cls.fr, bob, t2, [(service, 1, 300, None)],
                         datetime(2025, 2, 12, 9, 0)),
            "o12": order(cls.fr, alice, t1, [(service, 1, 200, None)],
                         datetime(2025, 2, 20, 9, 0)),
            "ob1": order(cls.fr, cls.carol, cls.team_b, [(service, 1, 700, None)],
                         datetime(2025, 1, 5, 9, 0), company=cls.company_b),
            "oa1": order(cls.be2, alice, cls.team_a1, [(chair, 1, 1000, None)],
                         datetime(2025, 1, 8, 9, 0), company=cls.branch),
        }  # fmt: skip
        created = {name: spec.pop("created") for name, spec in specs.items()}
        orders = cls.env["sale.order"].create(list(specs.values()))
        cls.orders = dict(zip(specs, orders, strict=True))
        o = cls.orders
        drafts = o["o4"] | o["o12"]
        (orders - drafts - o["o11"]).action_confirm()
        o["o5"].with_context(disable_cancel_warning=True).action_cancel()
        o["o11"].action_cancel()
        # Confirming dates an order now: put the order dates back.
        for name, spec in specs.items():
            cls.orders[name].date_order = spec["date_order"]
        cls.env.flush_all()
        for name, day in created.items():
            cls.env.cr.execute(
                "UPDATE sale_order SET create_date = %s WHERE id = %s",
                (day, cls.orders[name].id),
            )
        cls.env.invalidate_all()

        cls.scorecard = cls.env["bsc.scorecard"].create(
            {
                "name": "Sales Link A 2025",
                "company_id": cls.company.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "tz": "Europe/Brussels",
            }
        )
        cls.objective = cls.env["bsc.objective"].create(
            {
                "name": "Grow sales",
                "scorecard_id": cls.scorecard.id,
                "perspective_id": cls.env.ref("bsc_core.perspective_financial").id,
            }
        )
        cls.months = cls.scorecard.period_ids.filtered(
            lambda p: p.frequency == "month"
        ).sorted("date_start")

    @classmethod
    def make_kpi(cls, code, source_type, objective=None, **vals):
        vals.setdefault("target_value", 10)
        vals.setdefault("red_flag_value", 5)
        return cls.env["bsc.kpi"].create(
            dict(
                name=vals.pop("name", code.title()),
                code=code,
                objective_id=(objective or cls.objective).id,
                source_type=source_type,
                **vals,
            )
        )

    def period(self, name, scorecard=None):
        scorecard = scorecard or self.scorecard
        return scorecard.period_ids.filtered(lambda p: p.name == name)

    def values(self, kpis, months=("2025-01", "2025-02", "2025-03", "2025-04")):
        """``{code: [value per month]}`` of ``kpis``, straight from the source."""
        periods = self.months[:4]
        result = kpis._bsc_source_values(periods)
        by_name = {p.name: p for p in periods}
        return {
            kpi.code: [
                _round(result[(kpi.id, by_name[month].id)][0]) for month in months
            ]
            for kpi in kpis
        }

    def order_set(self, *names):
        return self.env["sale.order"].union(*(self.orders[name] for name in names))


def _round(value):
    return None if value is None else round(value, 2)
