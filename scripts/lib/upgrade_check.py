"""Upgrade and uninstall checks of the suite on a database with data.

    upgrade_check.py -c ODOO_CONF -d DB prepare SNAPSHOT
    upgrade_check.py -c ODOO_CONF -d DB verify SNAPSHOT
    upgrade_check.py -c ODOO_CONF -d DB uninstall ADDON

prepare: types a manual value and a comment over a computed measurement (what
an upgrade must never lose), then writes every measurement, comment and goal
to SNAPSHOT. verify: after ``-u``, the same rows must be there unchanged.
uninstall: uninstalls a link addon, then checks that the core's data is
consistent: every KPI has a source type of the remaining addons, every
measurement is still there, and the scorecards recompute and render.
Prints one line per check and exits 1 on the first failure.
"""

import argparse
import json
import sys

import odoo
from odoo.tools import config

FIELDS = [
    "kpi_id", "period_id", "actual_value", "has_actual", "origin", "comment",
    "target_value", "red_flag_value", "error_text",
]  # fmt: skip


def environment(args):
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry.new(args.database)
    return registry


def snapshot(env):
    rows = env["bsc.measurement"].search_read([], FIELDS, load=False, order="id")
    data = {"measurements": rows}
    if "bsc.goal" in env:
        data["goals"] = env["bsc.goal"].search_read([], ["employee_id", "objective_id"])
    return data


def prepare(env, path):
    computed = env["bsc.measurement"].search(
        [("origin", "=", "computed"), ("has_actual", "=", True)], limit=1
    )
    if not computed:
        fail("prepare: no computed measurement with a value in the demo data")
    computed.write({"actual_value": 12345.0, "comment": "Typed before the upgrade"})
    if computed.origin != "manual":
        fail("prepare: a typed value did not become manual")
    with open(path, "w") as f:
        json.dump(snapshot(env), f, default=str)
    ok(f"prepare: {env['bsc.measurement'].search_count([])} measurements saved")


def verify(env, path):
    with open(path) as f:
        before = json.load(f)
    after = json.loads(json.dumps(snapshot(env), default=str))
    for key in before:
        if before[key] != after.get(key):
            lost = [r for r in before[key] if r not in after.get(key, [])]
            fail(f"upgrade changed {key}: {len(lost)} rows differ, e.g. {lost[:2]}")
    ok(
        f"upgrade kept {len(before['measurements'])} measurements (values, "
        "comments, manual overrides, targets) unchanged"
    )


def uninstall(registry, addon):
    """Uninstall ``addon``; what users configured with it must stay consistent.

    Records the addon's own data files created (its demo KPIs) go with it, as
    Odoo does for every addon; a KPI a user made with one of its source types
    stays, falls back to manual entry, and keeps its measurements.
    """
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", addon)])
        if module.state != "installed":
            fail(f"uninstall: {addon} is not installed")
        # The source types the addon added: its ir.model.fields.selection rows.
        selections = env["ir.model.data"].search(
            [("module", "=", addon), ("model", "=", "ir.model.fields.selection")]
        )
        addon_types = (
            env["ir.model.fields.selection"]
            .browse(selections.mapped("res_id"))
            .filtered(lambda s: s.field_id.model == "bsc.kpi")
            .mapped("value")
        )
        if not addon_types:
            fail(f"uninstall: {addon} adds no KPI source type")
        theirs = env["bsc.kpi"].search([("source_type", "in", addon_types)])
        if theirs:
            mine = theirs[0].copy({"code": f"{theirs[0].code}_USER"})
        else:
            objective = env["bsc.objective"].search([], limit=1)
            mine = env["bsc.kpi"].create(
                {
                    "name": f"Made by a user ({addon})",
                    # one per addon: the KPIs of earlier uninstall checks stay
                    "code": f"USER_{addon.upper()}",
                    "objective_id": objective.id,
                    "source_type": addon_types[0],
                    "target_value": 10,
                    "red_flag_value": 5,
                }
            )
        mine.scorecard_id._bsc_recompute(kpis=mine)
        owned = env["ir.model.data"].search(
            [("module", "=", addon), ("model", "=", "bsc.kpi")]
        )
        kept = (
            env["bsc.measurement"]
            .search([("kpi_id", "not in", owned.mapped("res_id"))])
            .ids
        )
        if not mine.measurement_ids:
            fail("uninstall: the user's KPI got no measurement")
        values = sorted(mine.measurement_ids.mapped("actual_value"))
        mine_id = mine.id
        cr.commit()
        module.button_immediate_uninstall()
    registry = odoo.modules.registry.Registry(registry.db_name)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        types = dict(env["bsc.kpi"]._fields["source_type"].selection)
        kpis = env["bsc.kpi"].with_context(active_test=False).search([])
        strays = kpis.filtered(lambda k: k.source_type not in types)
        if strays:
            codes = ", ".join(strays.mapped("code"))
            fail(f"uninstall: KPIs left with a removed source type: {codes}")
        # Records of the old registry carry the removed fields: browse anew.
        mine = env["bsc.kpi"].browse(mine_id)
        if not mine.exists() or mine.source_type != "manual":
            fail("uninstall: the user's KPI is gone or did not fall back to manual")
        if sorted(mine.measurement_ids.mapped("actual_value")) != values:
            fail("uninstall: the user's KPI lost its values")
        if env["bsc.measurement"].search_count([("id", "in", kept)]) != len(kept):
            fail("uninstall: measurements of the remaining KPIs were lost")
        for scorecard in env["bsc.scorecard"].search([]):
            scorecard._bsc_recompute()
            matrix = scorecard._bsc_matrix_of(env["bsc.period"]._bsc_current(scorecard))
            if matrix and "perspectives" not in matrix:
                fail(f"uninstall: scorecard {scorecard.name} does not render")
        cr.rollback()
    ok(
        f"uninstalling {addon} kept {len(kept)} measurements and a user's KPI "
        "(now manual, values kept); every KPI has a valid source type; "
        "scorecards recompute and render"
    )


def ok(message):
    print(f"upgrade check: {message}: ok", flush=True)


def fail(message):
    print(f"upgrade check FAILED: {message}", flush=True)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", dest="config", required=True)
    parser.add_argument("-d", dest="database", required=True)
    parser.add_argument("action", choices=["prepare", "verify", "uninstall"])
    parser.add_argument("arg")
    args = parser.parse_args()
    registry = environment(args)
    if args.action == "uninstall":
        uninstall(registry, args.arg)
        return
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.action == "prepare":
            prepare(env, args.arg)
        else:
            verify(env, args.arg)


if __name__ == "__main__":
    main()
