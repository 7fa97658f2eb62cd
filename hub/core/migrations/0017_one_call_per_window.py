from tortoise import migrations
from tortoise.migrations import operations as ops

# One window, one call: at most one CALLED or SERVING ticket per window, enforced by a partial
# unique index (the same SQL on SQLite and PostgreSQL). ``callNext`` checks that the window is
# free inside its claim transaction; the index makes the check hold across processes.
#
# A database may already hold two active tickets at one window (the race this closes). Before
# the index is created each such window keeps one: a SERVING ticket before a CALLED one, then
# the latest call (the one the clerk's screen shows). Every other one goes back to WAITING with
# its rank, addressed to that window (as a transfer to a window is), so it is called next there
# and nobody loses a place. A later migration that makes SQLite rebuild "ticket" must create
# the index again (SQLite drops indexes it does not know from the model).

ACTIVE = "('CALLED', 'SERVING')"
KEEPER = f"""SELECT k."id" FROM "ticket" k
    WHERE k."window_id" = "ticket"."window_id" AND k."status" IN {ACTIVE}
    ORDER BY CASE WHEN k."status" = 'SERVING' THEN 0 ELSE 1 END,
             CASE WHEN k."called_at" IS NULL THEN 1 ELSE 0 END, k."called_at" DESC, k."id" DESC
    LIMIT 1"""
SETTLE = f"""UPDATE "ticket" SET "status" = 'WAITING', "target_window_id" = "window_id",
    "window_id" = NULL, "staff_id" = NULL, "called_at" = NULL, "serving_at" = NULL, "recalls" = 0
WHERE "window_id" IS NOT NULL AND "status" IN {ACTIVE} AND "id" <> ({KEEPER})"""
INDEX = f"""CREATE UNIQUE INDEX IF NOT EXISTS "uid_ticket_one_call_per_window"
    ON "ticket" ("window_id") WHERE "status" IN {ACTIVE}"""
DROP = 'DROP INDEX IF EXISTS "uid_ticket_one_call_per_window"'


class Migration(migrations.Migration):
    dependencies = [('hub', '0016_generic_outbox')]

    initial = False

    operations = [
        ops.RunSQL([SETTLE, INDEX], reverse_sql=DROP),
    ]
