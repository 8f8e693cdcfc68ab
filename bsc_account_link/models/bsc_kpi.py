# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..family import ACCOUNT_SOURCE_TYPES, ACCOUNT_TYPES, AccountFamily


class BscKpi(models.Model):
    """KPIs computed from posted journal items: the source types and
    parameters of the accounting family (``bsc_account_link/family.py``),
    which computes them."""

    _inherit = "bsc.kpi"

    source_type = fields.Selection(
        selection_add=ACCOUNT_SOURCE_TYPES,
        ondelete=dict.fromkeys(ACCOUNT_TYPES, "set default"),
    )
    is_account_source = fields.Boolean(compute="_compute_is_account_source")

    # The accounts: every criterion filled in must hold (types, prefixes, tags)
    account_type_ids = fields.Many2many(
        "bsc.account.type",
        help="Only accounts of these types (Odoo's account type).",
    )
    account_code_prefixes = fields.Char(
        help="Only accounts whose code starts with one of these prefixes, "
        "separated by commas; a prefix after - leaves its accounts out, e.g. "
        "70, 71, -7091.",
    )
    account_tag_ids = fields.Many2many(
        "account.account.tag",
        string="Account Tags",
        help="Only accounts with one of these tags.",
    )
    account_sign = fields.Selection(
        [
            ("auto", "By account type"),
            ("debit", "Debit minus credit"),
            ("credit", "Credit minus debit"),
        ],
        string="Sign",
        default="auto",
        required=True,
        help="By account type: credit minus debit when every account selected "
        "is income, a liability or equity (revenue and payables shown "
        "positive), debit minus credit otherwise. Debit and credit totals "
        "are always positive.",
    )
    account_company_ids = fields.Many2many(
        "res.company",
        string="Consolidated Companies",
        help="Also count the journal items of these companies, on the accounts "
        "their own charts select, converted into the scorecard company's "
        "currency at its rates: balances at the rate of the period's last day, "
        "movements, debits and credits at the mean rate of the period's days.",
    )
    # Optional narrowing of the journal items
    account_journal_ids = fields.Many2many(
        "account.journal",
        string="Journals",
        domain="['|', ('company_id', '=', company_id), "
        "('company_id', 'in', account_company_ids)]",
        help="Only journal items of these journals (of the scorecard's company "
        "or of a consolidated one).",
    )
    account_partner_id = fields.Many2one(
        "res.partner",
        string="Accounting Partner",
        help="Only journal items of this partner (the commercial partner Odoo "
        "puts on journal items).",
    )
    account_analytic_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic Account",
        help="Only the share of each journal item that its analytic "
        "distribution gives this analytic account (60% of an item split "
        "60/40 counts for 60% of its amount).",
    )

    @api.depends("source_type")
    def _compute_is_account_source(self):
        for kpi in self:
            kpi.is_account_source = kpi.source_type in ACCOUNT_TYPES

    @api.model
    def _bsc_source_families(self):
        return super()._bsc_source_families() + [AccountFamily]
