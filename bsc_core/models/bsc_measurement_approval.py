# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Approval of typed values (optional per scorecard).

A value an owner types on a scorecard that asks for approval waits as
"submitted" until its approver approves or rejects it. Until then it is not
scored: its stored status is "no data" and ``approval_state`` says why.
"""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine import explain, scoring

APPROVAL_STATES = [
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
# The states of a value that is not scored
PENDING_STATES = ("submitted", "rejected")


class BscScorecard(models.Model):
    _inherit = "bsc.scorecard"  # pylint: disable=consider-merging-classes-inherited

    require_approval = fields.Boolean(
        help="Values typed by KPI owners are scored only once approved by the "
        "approver (or, without one, the objective's owner)."
    )
    approver_id = fields.Many2one(
        "res.users",
        domain=[("share", "=", False)],
        help="Who approves the typed values; empty: each objective's owner.",
    )


class BscMeasurement(models.Model):
    _inherit = "bsc.measurement"  # pylint: disable=consider-merging-classes-inherited

    approval_state = fields.Selection(
        APPROVAL_STATES,
        readonly=True,
        copy=False,
        tracking=True,
        help="Empty when the scorecard asks for no approval or the value is computed.",
    )
    rejection_reason = fields.Text(readonly=True, copy=False)
    approver_id = fields.Many2one("res.users", compute="_compute_approver_id")
    can_approve = fields.Boolean(compute="_compute_approver_id")

    @api.depends_context("uid")
    @api.depends("scorecard_id.approver_id", "objective_id.user_id", "user_id")
    def _compute_approver_id(self):
        for measurement in self:
            measurement.approver_id = (
                measurement.scorecard_id.approver_id or measurement.objective_id.user_id
            )
            measurement.can_approve = measurement._bsc_may_approve()

    @api.depends("approval_state")
    def _compute_score(self):
        # only adds the dependency: _bsc_score says what a pending value scores
        return super()._compute_score()

    def _bsc_score(self):
        result = super()._bsc_score()
        if self.approval_state in PENDING_STATES and self.has_actual:
            return scoring.Score.of(
                None,
                scoring.NONE,
                {"rule": explain.PENDING, "state": self.approval_state},
            )
        return result

    @api.model
    def _bsc_row_actual(self, row):
        # a value waiting for approval (or rejected) is no value yet
        if row.get("approval_state") in PENDING_STATES:
            return None
        return super()._bsc_row_actual(row)

    @api.model
    def _bsc_cell_input(self, row):
        cell = super()._bsc_cell_input(row)
        cell["approval_state"] = row.get("approval_state") or False
        return cell

    # ------------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("bsc_compute"):
            kpis = self.env["bsc.kpi"].browse(
                {v["kpi_id"] for v in vals_list if v.get("kpi_id")}
            )
            asking = kpis.filtered("scorecard_id.require_approval").ids
            for vals in vals_list:
                if (
                    vals.get("kpi_id") in asking
                    and (
                        ("actual_value" in vals and vals.get("has_actual", True))
                        or vals.get("has_actual")
                    )
                    and "approval_state" not in vals
                ):
                    vals["approval_state"] = "submitted"
        return super().create(vals_list)

    def write(self, vals):
        entry = (
            (
                ("actual_value" in vals and vals.get("has_actual", True))
                or vals.get("has_actual")
            )
            and "approval_state" not in vals
            and not self.env.context.get("bsc_compute")
        )
        if not entry:
            return super().write(vals)
        asking = self.filtered("scorecard_id.require_approval")
        res = (
            super(BscMeasurement, self - asking).write(vals) if self - asking else True
        )
        if asking:
            super(BscMeasurement, asking.with_context(bsc_approval_submit=True)).write(
                dict(vals, approval_state="submitted", rejection_reason=False)
            )
            asking._bsc_ask_approval()
        return res

    def _bsc_check_write_rights(self, vals):
        # an owner's entry puts it up for approval: that part is not theirs
        # to choose, and is set by write() itself
        if self.env.context.get("bsc_approval_submit"):
            vals = {
                k: v
                for k, v in vals.items()
                if k not in ("approval_state", "rejection_reason")
            }
        return super()._bsc_check_write_rights(vals)

    def _bsc_ask_approval(self):
        activity_type = self.env.ref("bsc_core.mail_activity_type_bsc_approve")
        for measurement in self.sudo():
            if not measurement.has_actual:
                continue
            approver = measurement.approver_id
            measurement.message_post(
                body=_(
                    "Value %(value)s submitted for approval by %(user)s.",
                    value=measurement._bsc_actual_text(),
                    user=self.env.user.name,
                )
            )
            open_ = measurement.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            if approver and not open_:
                measurement.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=approver.id,
                    note=_(
                        "Approve or reject the value of %(kpi)s for %(period)s.",
                        kpi=measurement.kpi_id.display_name,
                        period=measurement.period_id.name,
                    ),
                )

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------

    def _bsc_may_approve(self, user=None):
        """Whether ``user`` (default: the current one) may approve this value.

        The approver may, even their own value; a scorecard manager may
        approve the values of others; nobody else.
        """
        self.ensure_one()
        user = user or self.env.user
        if user == self.approver_id:
            return True
        if self.user_id == user:
            return False
        return user.has_group("bsc_core.group_bsc_manager")

    def _bsc_check_may_approve(self, what):
        for measurement in self:
            if measurement.approval_state != "submitted":
                raise UserError(
                    _(
                        "%(kpi)s for %(period)s has no value waiting for approval.",
                        kpi=measurement.kpi_id.display_name,
                        period=measurement.period_id.name,
                    )
                )
            if not measurement._bsc_may_approve():
                # not nested in the sentence's _(): the .pot would miss it
                approver = measurement.approver_id.name or _("the approver")
                raise AccessError(
                    _(
                        "Only %(approver)s or a scorecard manager other than its "
                        "owner can %(what)s the value of %(kpi)s for %(period)s.",
                        approver=approver,
                        what=what,
                        kpi=measurement.kpi_id.display_name,
                        period=measurement.period_id.name,
                    )
                )
        self._bsc_check_periods_open(self.period_id)

    def action_approve(self):
        """Approve the submitted values: they are scored from now on."""
        self._bsc_check_may_approve(_("approve"))
        for measurement in self.sudo():
            measurement.with_context(bsc_compute=True).write(
                {"approval_state": "approved", "rejection_reason": False}
            )
            measurement.message_post(
                body=_("Value approved by %s.", self.env.user.name)
            )
            measurement._bsc_close_approval_activities(_("Approved"))
        self._bsc_after_manual_entry()
        return True

    def _bsc_reject(self, reason):
        if not (reason or "").strip():
            raise UserError(_("Give the reason of the rejection."))
        self._bsc_check_may_approve(_("reject"))
        for measurement in self.sudo():
            measurement.with_context(bsc_compute=True).write(
                {"approval_state": "rejected", "rejection_reason": reason}
            )
            measurement.message_post(
                body=Markup("%s<br/>%s")
                % (_("Value rejected by %s:", self.env.user.name), reason),
                partner_ids=measurement.user_id.partner_id.ids,
            )
            measurement._bsc_close_approval_activities(_("Rejected"))
        # formulas and trends follow; then the owner is asked for a new value
        # (after: entering a value closes the to-dos of its measurement)
        self._bsc_after_manual_entry()
        for measurement in self.sudo():
            if measurement.user_id:
                measurement.activity_schedule(
                    "bsc_core.mail_activity_type_bsc_value_due",
                    user_id=measurement.user_id.id,
                    note=_(
                        "Your value of %(kpi)s for %(period)s was rejected: %(reason)s",
                        kpi=measurement.kpi_id.display_name,
                        period=measurement.period_id.name,
                        reason=reason,
                    ),
                )
        return True

    def action_reject(self):
        """Open the wizard that asks for the reason."""
        self._bsc_check_may_approve(_("reject"))
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Value"),
            "res_model": "bsc.measurement.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_measurement_ids": self.ids},
        }

    def _bsc_close_approval_activities(self, feedback):
        activity_type = self.env.ref("bsc_core.mail_activity_type_bsc_approve", False)
        if activity_type:
            self.sudo().activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).action_feedback(feedback=feedback)


class BscMeasurementRejectWizard(models.TransientModel):
    _name = "bsc.measurement.reject.wizard"
    _description = "Reject a KPI Value"

    measurement_ids = fields.Many2many("bsc.measurement", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.measurement_ids._bsc_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
