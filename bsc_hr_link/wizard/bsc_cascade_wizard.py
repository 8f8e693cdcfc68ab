# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.bsc_core.models.bsc_kpi import POLARITIES


class BscCascadeWizard(models.TransientModel):
    """Cascade an objective to a department's employees or to chosen ones.

    One goal per employee, with the same KPI (or own target), weight and
    dates. An employee who already has that goal (same objective, KPI and
    dates) is skipped, so running the cascade again creates nothing twice.
    """

    _name = "bsc.cascade.wizard"
    _description = "Cascade an Objective to Employees"
    _check_company_auto = True

    objective_id = fields.Many2one(
        "bsc.objective", required=True, ondelete="cascade", readonly=True
    )
    scorecard_id = fields.Many2one(related="objective_id.scorecard_id")
    company_id = fields.Many2one(related="objective_id.company_id")

    # Who
    cascade_to = fields.Selection(
        [("department", "A department"), ("employees", "Chosen employees")],
        default="department",
        required=True,
    )
    department_id = fields.Many2one("hr.department", check_company=True)
    include_subdepartments = fields.Boolean(
        string="Include Sub-departments", default=True
    )
    employee_ids = fields.Many2many("hr.employee", check_company=True)

    # What
    name = fields.Char(string="Description", help="Given to every goal created.")
    kpi_id = fields.Many2one(
        "bsc.kpi",
        string="KPI",
        domain="[('objective_id', '=', objective_id)]",
        help="The team measure the employees contribute to. Leave empty to "
        "give the goals their own target.",
    )
    weight = fields.Float(default=1.0, required=True)
    polarity = fields.Selection(POLARITIES, default="higher", required=True)
    target_value = fields.Float(string="Target")
    red_flag_value = fields.Float(string="Red Flag")
    target_max_value = fields.Float(string="Target (high)")
    tolerance_value = fields.Float(string="Tolerance")

    # When
    period_id = fields.Many2one(
        "bsc.period",
        domain="[('scorecard_id', '=', scorecard_id)]",
        help="A period of the scorecard; it sets the dates.",
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )

    # Preview
    reached_employee_ids = fields.Many2many(
        "hr.employee",
        compute="_compute_reached_employee_ids",
        string="Employees Reached",
    )
    new_goal_count = fields.Integer(compute="_compute_reached_employee_ids")

    @api.depends("period_id", "objective_id")
    def _compute_dates(self):
        for wizard in self:
            if wizard.period_id:
                wizard.date_from = wizard.period_id.date_start
                wizard.date_to = wizard.period_id.date_end
            else:
                wizard.date_from = wizard.date_from or wizard.scorecard_id.date_from
                wizard.date_to = wizard.date_to or wizard.scorecard_id.date_to

    @api.depends(
        "cascade_to",
        "department_id",
        "include_subdepartments",
        "employee_ids",
        "kpi_id",
        "date_from",
        "date_to",
    )
    def _compute_reached_employee_ids(self):
        for wizard in self:
            employees = wizard._bsc_employees()
            wizard.reached_employee_ids = employees
            wizard.new_goal_count = len(employees - wizard._bsc_existing().employee_id)

    def _bsc_employees(self):
        """The active employees the cascade reaches, of the objective's company."""
        self.ensure_one()
        if self.cascade_to == "employees":
            return self.employee_ids.filtered(
                lambda e: e.active and e.company_id == self.company_id
            )
        if not self.department_id:
            return self.env["hr.employee"]
        operator = "child_of" if self.include_subdepartments else "="
        return self.env["hr.employee"].search(
            [
                ("department_id", operator, self.department_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        )

    def _bsc_existing(self):
        """Goals identical to those the cascade would create."""
        self.ensure_one()
        if not (self.objective_id and self.date_from and self.date_to):
            return self.env["bsc.goal"]
        return (
            self.env["bsc.goal"]
            .with_context(active_test=False)
            .search(
                [
                    ("objective_id", "=", self.objective_id.id),
                    ("kpi_id", "=", self.kpi_id.id),
                    ("date_from", "=", self.date_from),
                    ("date_to", "=", self.date_to),
                    ("employee_id", "in", self._bsc_employees().ids),
                ]
            )
        )

    def action_cascade(self):
        """Create the missing goals and open the objective's goals."""
        self.ensure_one()
        employees = self._bsc_employees()
        if not employees:
            raise UserError(
                _(
                    "Nobody to cascade '%(objective)s' to: choose a department "
                    "with active employees of %(company)s, or employees.",
                    objective=self.objective_id.name,
                    company=self.company_id.name,
                )
            )
        if not (self.date_from and self.date_to):
            raise UserError(_("Give the goals a period or dates."))
        missing = employees - self._bsc_existing().employee_id
        own_target = {
            "polarity": self.polarity,
            "target_value": self.target_value,
            "red_flag_value": self.red_flag_value,
            "target_max_value": self.target_max_value,
            "tolerance_value": self.tolerance_value,
        }
        goals = self.env["bsc.goal"].create(
            [
                {
                    "name": self.name,
                    "employee_id": employee.id,
                    "objective_id": self.objective_id.id,
                    "kpi_id": self.kpi_id.id,
                    "weight": self.weight,
                    "period_id": self.period_id.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    **({} if self.kpi_id else own_target),
                }
                for employee in missing
            ]
        )
        action = self.objective_id.action_view_goals()
        action["name"] = _(
            "Goals of %(objective)s (%(created)s created, %(skipped)s existed)",
            objective=self.objective_id.name,
            created=len(goals),
            skipped=len(employees) - len(goals),
        )
        return action
