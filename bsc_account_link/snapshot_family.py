# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Open overdue customer invoices: a period-end snapshot
(``bsc_core.families.SnapshotFamily``)."""

from datetime import datetime

import pytz

from odoo import _

from odoo.addons.bsc_core.families import SnapshotFamily

OVERDUE_SOURCE_TYPES = [
    ("account_overdue_invoices", "Accounting: open overdue invoices (snapshot)")
]
OVERDUE_TYPES = tuple(key for key, __ in OVERDUE_SOURCE_TYPES)
OPEN_INVOICES = [
    ("move_type", "=", "out_invoice"),
    ("state", "=", "posted"),
    ("payment_state", "in", ("not_paid", "partial")),
]


class OverdueInvoicesFamily(SnapshotFamily):
    """What customers still owe on posted invoices that were due before
    the snapshot's day (in the scorecard's time zone): the residual amount
    in the company's currency, as it stands when a period ends."""

    source_types = OVERDUE_TYPES

    def counted(self):
        return _("invoices")

    def invoices_domain(self, kpi, day):
        """The invoices of ``kpi``'s company open and due before ``day``."""
        return OPEN_INVOICES + [
            ("company_id", "=", kpi.company_id.id),
            ("invoice_date_due", "<", day),
        ]

    def snapshot_values(self, kpis, moment):
        Move = self.env["account.move"].sudo()
        result = {}
        for kpi in kpis.sudo():
            tz = pytz.timezone(kpi.scorecard_id.tz or "UTC")
            day = pytz.utc.localize(moment).astimezone(tz).date()
            [(total,)] = Move._read_group(
                self.invoices_domain(kpi, day), [], ["amount_residual_signed:sum"]
            )
            result[kpi.id] = (float(total or 0.0), False)
        return result

    def drilldown(self, kpi, period):
        """The invoices open and overdue now (a snapshot keeps no list)."""
        self.env["account.move"].check_access("read")
        tz = pytz.timezone(kpi.scorecard_id.tz or "UTC")
        day = datetime.now(tz).date()
        view = self.env.ref("account.view_out_invoice_tree", raise_if_not_found=False)
        action = self.records_action(
            kpi,
            period,
            "account.move",
            self.invoices_domain(kpi, day),
            views=[(view.id if view else False, "list"), (False, "form")],
        )
        action["name"] = _("%(kpi)s · open now", kpi=kpi.name)
        return action
