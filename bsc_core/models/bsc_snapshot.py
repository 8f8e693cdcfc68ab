# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Period-end snapshots: the values of states Odoo keeps no history of."""

import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import formula as formula_engine
from ..families import SnapshotFamily
from .bsc_scorecard_recompute import COMPUTE_CONTEXT

_logger = logging.getLogger(__name__)

SNAPSHOT_ORIGINS = [("snapshot", "Snapshot"), ("missed", "Snapshot missed")]
FROZEN_ORIGINS = ("snapshot", "missed")
# A period's snapshot is taken by the first run of the job on the day after
# the period's last day (in the scorecard's time zone); a later run could
# only invent it from the records as they are then, so it records it missed.
SNAPSHOT_WINDOW = timedelta(days=1)
# Context key of the snapshot job's own writes on frozen measurements
SNAPSHOT_CONTEXT = "bsc_snapshot"
# What a snapshot freezes
FROZEN_FIELDS = {
    "actual_value",
    "has_actual",
    "error_text",
    "error_data",
    "origin",
    "kpi_id",
    "period_id",
}


# The key of a missed snapshot's reason (error_data)
MISSED = "snapshot_missed"


def missed_message(_, reason):
    """The sentence of a missed snapshot's ``reason`` (``{"key": MISSED,
    "period": name, "date_start", "date_end", "noticed": ISO dates}``) in the
    language of ``_``."""
    return _(
        "Snapshot missed: the scheduled action did not run when %(period)s "
        "ended, and the value cannot be known afterwards.",
        period=reason["period"],
    )


# A missed snapshot's reason is stored as data, as a formula's: the one
# renderer of stored error reasons (engine.formula.message) writes it in the
# reader's language wherever an error is shown (error_message, explanations,
# the matrix rows, the error a formula reading this KPI passes on).
formula_engine.register_message(MISSED, missed_message)


class BscMeasurement(models.Model):
    _inherit = "bsc.measurement"

    origin = fields.Selection(
        selection_add=SNAPSHOT_ORIGINS,
        ondelete=dict.fromkeys(dict(SNAPSHOT_ORIGINS), "set default"),
    )

    def write(self, vals):
        if FROZEN_FIELDS.intersection(vals) and not self.env.context.get(
            SNAPSHOT_CONTEXT
        ):
            # frozen while the KPI records snapshots; once it is computed
            # otherwise, the recompute replaces them
            frozen = self.filtered(
                lambda m: m.origin in FROZEN_ORIGINS and m.kpi_id._bsc_snapshot_kpis()
            )
            if frozen:
                raise UserError(
                    _(
                        "%(measurement)s is a period-end snapshot: its value is "
                        "what the records showed when the period ended, and "
                        "it cannot be changed. Add a comment to explain it.",
                        measurement=frozen[0].display_name,
                    )
                )
        return super().write(vals)

    @api.model
    def _bsc_missed_vals(self, period, today):
        """The values of ``period``'s measurement when its snapshot was
        missed (noticed on ``today``): no value, and why as data
        (``error_data``, shown in the reader's language) with its English
        text (``error_text``, what filters and to-dos search)."""
        reason = {
            "key": MISSED,
            "period": period.name,
            "date_start": fields.Date.to_string(period.date_start),
            "date_end": fields.Date.to_string(period.date_end),
            "noticed": fields.Date.to_string(today),
        }
        return {
            "actual_value": None,
            "has_actual": False,
            "error_text": formula_engine.message(reason),
            "error_data": reason,
            "origin": "missed",
        }


class BscKpi(models.Model):
    _inherit = "bsc.kpi"  # pylint: disable=consider-merging-classes-inherited

    is_snapshot = fields.Boolean(
        compute="_compute_is_snapshot",
        string="Snapshot",
        help="The value is a state recorded at the end of each period and "
        "frozen, never recomputed.",
    )

    @api.depends("source_type")
    def _compute_is_snapshot(self):
        snapshots = self._bsc_snapshot_kpis()
        for kpi in self:
            kpi.is_snapshot = kpi in snapshots

    def _bsc_snapshot_kpis(self):
        """Those of these KPIs whose family records period-end snapshots."""
        families = self._bsc_families()
        return self.filtered(
            lambda kpi: isinstance(families.get(kpi.source_type), SnapshotFamily)
        )

    def _bsc_recomputed(self):
        """Those of these KPIs a recompute computes: not the snapshots."""
        return self - self._bsc_snapshot_kpis()


class BscScorecard(models.Model):
    _inherit = "bsc.scorecard"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_snapshot(self):
        """The scheduled action: snapshots of every active scorecard."""
        for scorecard in self.search([("state", "=", "active")]):
            try:
                with self.env.cr.savepoint():
                    scorecard._bsc_take_snapshots()
            except (UserError, ValidationError) as e:
                _logger.warning("Scorecard %s: no snapshot: %s", scorecard.name, e)
            except Exception:
                _logger.exception("Scorecard %s: no snapshot", scorecard.name)

    def _bsc_snapshot_plan(self, kpis, today):
        """``{kpi: [(period, taken)]}``: the periods of each snapshot KPI to
        record now, ``taken`` True for the one whose snapshot is taken,
        False for those missed.

        The period that ended yesterday is taken; those that ended earlier
        and have no snapshot are missed when the KPI had one before them.
        Periods before a KPI's first snapshot stay without data.
        """
        self.ensure_one()
        rows = self.env["bsc.measurement"]._bsc_rows(kpis, None, ["origin"])
        recorded = {key for key, row in rows.items() if row["origin"] in FROZEN_ORIGINS}
        ended = self.period_ids.filtered(lambda p: p.date_end < today).sorted(
            "date_start"
        )
        plan = {}
        for kpi in kpis:
            series = ended.filtered(lambda p, k=kpi: p.frequency == k.frequency)
            done = [p for p in series if (kpi.id, p.id) in recorded]
            if done:
                todo = series.filtered(
                    lambda p, d=done[-1]: p.date_start > d.date_start
                )
            else:
                todo = series[-1:]
            items = []
            for period in todo:
                taken = today - period.date_end <= SNAPSHOT_WINDOW
                if (taken or done) and not period.locked:
                    items.append((period, taken))
            if items:
                plan[kpi] = items
        return plan

    def _bsc_take_snapshots(self):
        """Record the snapshots due now; running it again changes nothing.

        :return: the measurements recorded (taken and missed)
        """
        self.ensure_one()
        Measurement = self.env["bsc.measurement"].with_context(
            **COMPUTE_CONTEXT, **{SNAPSHOT_CONTEXT: True}
        )
        now = fields.Datetime.now()
        today = self._bsc_today()
        kpis = self.kpi_ids._bsc_snapshot_kpis()
        plan = self._bsc_snapshot_plan(kpis, today)
        if not plan:
            return Measurement
        values = {}
        families = kpis._bsc_families()
        taken = kpis.browse([kpi.id for kpi, items in plan.items() if items[-1][1]])
        for family, group in taken.grouped(lambda k: families[k.source_type]).items():
            values.update(family.snapshot_values(group, now))
        rows = Measurement._bsc_rows(kpis, None, ["has_actual", "origin"])
        recorded = Measurement
        to_create = []
        for kpi, items in plan.items():
            for period, is_taken in items:
                if is_taken:
                    value, error = values.get(kpi.id, (None, False))
                    vals = {
                        "actual_value": value,
                        "has_actual": value is not None,
                        "error_text": error or False,
                        "error_data": False,
                        "origin": "snapshot",
                    }
                else:
                    vals = Measurement._bsc_missed_vals(period, today)
                vals["computed_at"] = now
                row = rows.get((kpi.id, period.id))
                if not row:
                    to_create.append(dict(vals, kpi_id=kpi.id, period_id=period.id))
                elif not (row["origin"] == "manual" and row["has_actual"]):
                    # a value typed by hand is never overwritten
                    measurement = Measurement.browse(row["id"])
                    measurement.write(vals)
                    recorded |= measurement
        recorded |= Measurement.create(to_create)
        if recorded:
            # formulas and trends follow the new values
            self._bsc_refresh_after_entry(recorded)
        return recorded
