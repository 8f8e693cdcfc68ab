# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.tools import SQL

from ..family import SUM_AMOUNTS, SUM_FIELDS, SUM_KEYS, SUM_TABLE, AccountFamily

_logger = logging.getLogger(__name__)

# one function and trigger per event (a trigger with transition tables
# takes one event only): (event, operation, referencing clause, transition
# tables summed: [(sign, table)]; none: a TRUNCATE empties the summary)
SUM_EVENTS = (
    ("insert", "INSERT", "REFERENCING NEW TABLE AS new_rows", ((1, "new_rows"),)),
    ("delete", "DELETE", "REFERENCING OLD TABLE AS old_rows", ((-1, "old_rows"),)),
    (
        "update",
        "UPDATE",
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        ((1, "new_rows"), (-1, "old_rows")),
    ),
    ("truncate", "TRUNCATE", "", ()),
)
SUM_FUNCTION = "bsc_account_item_sum_{event}"
SUM_TRIGGER = "bsc_account_item_sum_{event}"
# pg_advisory_xact_lock keys of the rebuild and the compaction
SUM_LOCK = (7216, 16)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    bsc_credit_balance = fields.Monetary(
        string="Credit Balance",
        compute="_compute_bsc_credit_balance",
        currency_field="company_currency_id",
        aggregator="sum",
        help="Credit minus debit, in the company currency: the balance of an "
        "income, liability or equity account shown positive, as a KPI on "
        "those accounts counts it.",
    )
    bsc_counted_amount = fields.Float(
        string="Counted by the KPI",
        compute="_compute_bsc_counted_amount",
        aggregator="sum",
        help="In a KPI's drill-down: the amount of the item its value counts, "
        "in the scorecard company's currency and with the KPI's sign: the "
        "item's analytic share of it, converted at the rate the KPI uses for "
        "its company (the period's last day for balances, the mean of its "
        "days otherwise). Their sum is the KPI's value.",
    )

    @api.depends("balance")
    def _compute_bsc_credit_balance(self):
        for line in self:
            line.bsc_credit_balance = -line.balance

    @api.depends_context(
        "bsc_counted_kpi_id", "bsc_counted_date_start", "bsc_counted_date_end"
    )
    @api.depends("balance", "debit", "credit", "analytic_distribution", "company_id")
    def _compute_bsc_counted_amount(self):
        # the SQL of _field_to_sql, line by line: one rule for lines and sums
        lines = self.filtered("id")
        counted = {
            line.id: amount
            for line, amount in lines._read_group(
                [("id", "in", lines.ids)], ["id"], ["bsc_counted_amount:sum"]
            )
        }
        for line in self:
            line.bsc_counted_amount = counted.get(line.id) or 0.0

    def _bsc_counted_amount_sql(self, alias, query):
        """The counted amount's SQL for the KPI and span (first and last
        day) of the context, 0 without them (outside a drill-down)."""
        context = self.env.context
        kpi = self.env["bsc.kpi"].browse(context.get("bsc_counted_kpi_id")).exists()
        date_start = fields.Date.to_date(context.get("bsc_counted_date_start"))
        date_end = fields.Date.to_date(context.get("bsc_counted_date_end"))
        if not (kpi and date_start and date_end):
            return SQL("0.0")
        family = AccountFamily(self.env)
        return family.counted_amount_sql(self, alias, query, kpi, date_start, date_end)

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # not stored, yet summed by pivots and grouped lists: the opposite
        # of the stored balance
        if fname == "bsc_credit_balance":
            return SQL("(-%s)", super()._field_to_sql(alias, "balance", query, flush))
        if fname == "bsc_counted_amount":
            return self._bsc_counted_amount_sql(alias, query)
        return super()._field_to_sql(alias, fname, query, flush)

    # ------------------------------------------------------------------
    # The summary of posted items (bsc_account_item_sum)
    # ------------------------------------------------------------------

    def init(self):
        result = super().init()
        self._bsc_item_sums_setup()
        return result

    def _bsc_item_sums_setup(self):
        """Create the summary table, its functions and the triggers on
        ``account_move_line`` (idempotent); fill the table from the posted
        items when it is created (install, or upgrade of a database that
        had none)."""
        cr = self.env.cr
        cr.execute("SELECT to_regclass(%s) IS NOT NULL", [SUM_TABLE])
        has_table = cr.fetchone()[0]
        if not has_table:
            cr.execute(
                SQL(
                    """CREATE TABLE %(table)s (
                           company_id integer,
                           account_id integer,
                           journal_id integer,
                           date date,
                           debit numeric NOT NULL,
                           credit numeric NOT NULL,
                           balance numeric NOT NULL)""",
                    table=SQL.identifier(SUM_TABLE),
                )
            )
            cr.execute(
                SQL(
                    "CREATE INDEX %s ON %s (company_id, account_id, date)",
                    SQL.identifier(f"{SUM_TABLE}_company_account_date_idx"),
                    SQL.identifier(SUM_TABLE),
                )
            )
        cr.execute(
            """SELECT tgname FROM pg_trigger
                WHERE tgrelid = 'account_move_line'::regclass AND NOT tgisinternal"""
        )
        present = {row[0] for row in cr.fetchall()}
        for event, operation, referencing, tables in SUM_EVENTS:
            function = SQL.identifier(SUM_FUNCTION.format(event=event))
            if tables:
                body = self._bsc_item_sums_insert_sql(tables)
            else:
                body = SQL("DELETE FROM %s", SQL.identifier(SUM_TABLE))
            cr.execute(
                SQL(
                    """CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger
                       LANGUAGE plpgsql AS $$
                       BEGIN
                           %(body)s;
                           RETURN NULL;
                       END $$""",
                    function=function,
                    body=body,
                )
            )
            # no DDL on the journal items' table when the trigger is there
            # (the function above carries the logic)
            trigger = SUM_TRIGGER.format(event=event)
            if trigger in present:
                continue
            cr.execute(
                SQL(
                    """CREATE TRIGGER %(trigger)s
                       AFTER %(operation)s ON account_move_line
                       %(referencing)s
                       FOR EACH STATEMENT EXECUTE FUNCTION %(function)s()""",
                    trigger=SQL.identifier(trigger),
                    operation=SQL(operation),
                    referencing=SQL(referencing),
                    function=function,
                )
            )
        if not has_table:
            self._bsc_item_sums_rebuild()
            _logger.info("%s: filled from the posted journal items", SUM_TABLE)

    @api.model
    def _bsc_item_sums_insert_sql(self, tables):
        """SQL: insert into the summary the non-zero sums, by key, of the
        posted rows of ``tables`` (``[(sign, table)]``): a trigger's
        transition tables, the NEW rows counted positive and the OLD ones
        negative (an UPDATE inserts NEW minus OLD: nothing for the groups
        whose amounts it did not change, e.g. a reconciliation writing
        ``amount_residual``), or ``account_move_line`` itself."""
        keys = SQL(", ").join(SQL.identifier(key) for key in SUM_KEYS)
        amounts = SQL(", ").join(SQL.identifier(name) for name in SUM_AMOUNTS)
        rows = SQL(" UNION ALL ").join(
            SQL(
                "SELECT %s, %s FROM %s WHERE parent_state = 'posted'",
                keys,
                SQL(", ").join(
                    SQL(
                        "%s(%s, 0)",
                        SQL("COALESCE" if sign > 0 else "-COALESCE"),
                        SQL.identifier(name),
                    )
                    for name in SUM_AMOUNTS
                ),
                SQL.identifier(table),
            )
            for sign, table in tables
        )
        return SQL(
            """INSERT INTO %(table)s (%(keys)s, %(amounts)s)
               SELECT %(keys)s, %(sums)s
                 FROM (%(rows)s) AS delta (%(keys)s, %(amounts)s)
               GROUP BY %(keys)s HAVING %(changed)s""",
            table=SQL.identifier(SUM_TABLE),
            keys=keys,
            amounts=amounts,
            sums=SQL(", ").join(
                SQL("SUM(%s)", SQL.identifier(name)) for name in SUM_AMOUNTS
            ),
            rows=rows,
            changed=SQL(" OR ").join(
                SQL("SUM(%s) != 0", SQL.identifier(name)) for name in SUM_AMOUNTS
            ),
        )

    @api.model
    def _bsc_item_sums_rebuild(self):
        """Fill the summary again from the posted journal items, in one
        statement, under the compaction's lock: after a load that skipped
        the triggers (``session_replication_role = replica``), or when
        :meth:`_bsc_item_sums_check` finds differences."""
        self.flush_model(SUM_FIELDS)
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", *SUM_LOCK))
        cr.execute(
            SQL(
                "WITH gone AS (DELETE FROM %s) %s",
                SQL.identifier(SUM_TABLE),
                self._bsc_item_sums_insert_sql([(1, "account_move_line")]),
            )
        )

    @api.model
    def _bsc_item_sums_check(self):
        """``[(company id, account id, journal id, date, debit, credit,
        balance)]``: by how much the summary exceeds a fresh sum of the
        posted journal items, for each key where it differs; empty when
        the summary is exact."""
        self.flush_model(SUM_FIELDS)
        keys = SQL(", ").join(SQL.identifier(key) for key in SUM_KEYS)
        self.env.cr.execute(
            SQL(
                """SELECT %(keys)s, %(sums)s FROM (
                       SELECT %(keys)s, %(amounts)s FROM %(table)s
                       UNION ALL
                       SELECT %(keys)s, %(negated)s FROM account_move_line
                        WHERE parent_state = 'posted') AS both_sides
                   GROUP BY %(keys)s HAVING %(changed)s
                   ORDER BY %(keys)s""",
                keys=keys,
                table=SQL.identifier(SUM_TABLE),
                amounts=SQL(", ").join(SQL.identifier(name) for name in SUM_AMOUNTS),
                negated=SQL(", ").join(
                    SQL("-COALESCE(%s, 0)", SQL.identifier(name))
                    for name in SUM_AMOUNTS
                ),
                sums=SQL(", ").join(
                    SQL("SUM(%s)", SQL.identifier(name)) for name in SUM_AMOUNTS
                ),
                changed=SQL(" OR ").join(
                    SQL("SUM(%s) != 0", SQL.identifier(name)) for name in SUM_AMOUNTS
                ),
            )
        )
        return self.env.cr.fetchall()

    @api.autovacuum
    def _bsc_item_sums_compact(self):
        """Fold the rows of each key that has several into one, or none
        when its sums are zero (daily); the keys of one row, most of them,
        are left as they are. Rows inserted by transactions running
        meanwhile are not in this transaction's snapshot, so they are
        neither deleted nor summed: they stay as they are, and the sums
        stay exact. The lock keeps two compactions (or a rebuild) apart."""
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", *SUM_LOCK))
        if not cr.fetchone()[0]:
            return
        keys = SQL(", ").join(SQL.identifier(key) for key in SUM_KEYS)
        cr.execute(
            SQL(
                """WITH folded AS (
                       SELECT ctid AS row_id FROM (
                           SELECT ctid, count(*) OVER (PARTITION BY %(keys)s) AS n
                             FROM %(table)s) AS counted
                        WHERE n > 1),
                   gone AS (
                       DELETE FROM %(table)s
                        WHERE ctid IN (SELECT row_id FROM folded)
                    RETURNING *)
                   INSERT INTO %(table)s (%(keys)s, %(amounts)s)
                   SELECT %(keys)s, %(sums)s FROM gone
                   GROUP BY %(keys)s HAVING %(changed)s""",
                table=SQL.identifier(SUM_TABLE),
                keys=keys,
                amounts=SQL(", ").join(SQL.identifier(name) for name in SUM_AMOUNTS),
                sums=SQL(", ").join(
                    SQL("SUM(%s)", SQL.identifier(name)) for name in SUM_AMOUNTS
                ),
                changed=SQL(" OR ").join(
                    SQL("SUM(%s) != 0", SQL.identifier(name)) for name in SUM_AMOUNTS
                ),
            )
        )


def uninstall_hook(env):
    """Remove the triggers, their functions and the summary table."""
    for event, *__ in SUM_EVENTS:
        env.cr.execute(
            SQL(
                "DROP FUNCTION IF EXISTS %s() CASCADE",
                SQL.identifier(SUM_FUNCTION.format(event=event)),
            )
        )
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(SUM_TABLE)))
