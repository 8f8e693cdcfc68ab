# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup, escape

from odoo import _, api, models
from odoo.exceptions import ValidationError

from ..engine import health as health_engine
from ..engine import scoring


class BscScorecardHealth(models.AbstractModel):
    """The strategy map's health check and the checks of the evidence
    settings of ``bsc.scorecard`` (its fields ``evidence_max_lag``,
    ``health_max_objectives`` and ``health_html`` call these)."""

    _name = "bsc.scorecard.health"
    _description = "Strategy Map Health Check"

    @api.model
    def _bsc_health_html(self, scorecards):
        for scorecard in scorecards:
            if not scorecard.id:
                scorecard.health_html = False
                continue
            findings = self._bsc_health(scorecard)
            if not findings:
                scorecard.health_html = Markup("<p>%s</p>") % _(
                    "No finding: every objective is measured and leads up to "
                    "the top perspective."
                )
                continue
            items = Markup("").join(
                Markup('<li><a href="/odoo/%s/%s">%s</a></li>')
                % (finding["model"], finding["res_id"], escape(finding["message"]))
                for finding in findings
            )
            scorecard.health_html = Markup("<ul>%s</ul>") % items

    @api.model
    def _bsc_check_settings(self, scorecards):
        for scorecard in scorecards:
            if not 0 <= scorecard.evidence_max_lag <= 12:
                raise ValidationError(
                    _(
                        "Scorecard %(name)s: the largest lag tested must be "
                        "between 0 and 12 periods, not %(lag)s.",
                        name=scorecard.name,
                        lag=scorecard.evidence_max_lag,
                    )
                )
            if scorecard.health_max_objectives < 1:
                raise ValidationError(
                    _(
                        "Scorecard %(name)s: the objectives per perspective of "
                        "the health check must be 1 or more.",
                        name=scorecard.name,
                    )
                )

    @api.model
    def _bsc_health(self, scorecard):
        """The map's health findings (``engine.health``), each a dict with
        ``code``, ``message`` and the record to fix (``model``, ``res_id``)."""
        scorecard.ensure_one()
        sudo = scorecard.sudo()
        lines = sudo.scorecard_perspective_ids.sorted(
            lambda line: (line.sequence, line.id)
        )
        line_of = {line.perspective_id.id: line.id for line in lines}
        objectives = sudo.objective_ids
        kpis = sudo.kpi_ids
        findings = health_engine.check_map(
            [{"id": line.id, "weight": line.weight} for line in lines],
            [
                {
                    "id": objective.id,
                    "perspective_id": line_of.get(objective.perspective_id.id),
                    "weight": objective.weight,
                }
                for objective in objectives
            ],
            [
                {
                    "id": kpi.id,
                    "objective_id": kpi.objective_id.id,
                    "weight": kpi.weight,
                    "has_owner": bool(kpi.user_id),
                    "has_target": self._bsc_has_target(kpi),
                }
                for kpi in kpis
            ],
            [
                (objective.id, effect.id)
                for objective in objectives
                for effect in objective.effect_ids
                if effect in objectives
            ],
            max_objectives=sudo.health_max_objectives,
        )
        names = {
            "bsc.objective": {o.id: o.display_name for o in objectives},
            "bsc.kpi": {k.id: k.display_name for k in kpis},
            "bsc.scorecard.perspective": {
                line.id: line.perspective_id.display_name for line in lines
            },
        }
        return [
            {
                "code": finding.code,
                "model": finding.model,
                "res_id": finding.res_id,
                "name": names[finding.model].get(finding.res_id, ""),
                "message": self._bsc_health_message(finding, names),
            }
            for finding in findings
        ]

    @api.model
    def _bsc_has_target(self, kpi):
        try:
            scoring.check_thresholds(
                kpi.polarity or "higher",
                kpi.target_value,
                kpi.red_flag_value,
                kpi.target_max_value,
                kpi.tolerance_value,
            )
        except scoring.ThresholdError:
            return False
        return True

    @api.model
    def _bsc_health_message(self, finding, names):
        objectives = names["bsc.objective"]
        subject = finding.subject
        name = names[finding.model].get(finding.res_id, "")
        if finding.code == health_engine.OBJECTIVE_NO_KPI:
            return _("%(name)s has no KPI: it cannot be measured.", name=name)
        if finding.code == health_engine.NO_PATH_TO_TOP:
            return _(
                "%(name)s leads to no objective of the top perspective: "
                "add an arrow to the objective it serves.",
                name=name,
            )
        if finding.code == health_engine.PERSPECTIVE_EMPTY:
            return _("The perspective %(name)s has no objective.", name=name)
        if finding.code == health_engine.PERSPECTIVE_CROWDED:
            return _(
                "The perspective %(name)s has %(count)s objectives (more than "
                "%(max)s): keep the few that matter.",
                name=name,
                count=subject[0],
                max=subject[1],
            )
        if finding.code == health_engine.KPI_NO_OWNER:
            return _("%(name)s has no owner.", name=name)
        if finding.code == health_engine.KPI_NO_TARGET:
            return _("%(name)s has no target: it cannot be scored.", name=name)
        if finding.code == health_engine.WEIGHT_NO_EFFECT:
            if subject[0] == "perspective":
                return _(
                    "The perspective %(name)s weighs 0: %(objective)s has no "
                    "effect on the scorecard's score.",
                    name=name,
                    objective=objectives.get(subject[1], ""),
                )
            if subject[0] == "kpis":
                return _("Every KPI of %(name)s weighs 0: it has no score.", name=name)
            return _(
                "%(name)s weighs 0: it has no effect on its perspective's score.",
                name=name,
            )
        arrow = {
            "cause": objectives.get(subject[0], ""),
            "effect": objectives.get(subject[1], ""),
        }
        if finding.code == health_engine.ARROW_DOWNWARD:
            return _(
                "The arrow %(cause)s -> %(effect)s runs downward across perspectives.",
                **arrow,
            )
        return _(
            "The arrow %(cause)s -> %(effect)s skips a perspective on its way up.",
            **arrow,
        )
