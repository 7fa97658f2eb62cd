from tortoise import migrations
from tortoise.migrations import operations as ops

# The hot reads at volume (make bench-pg, tests/ops/test_query_plans.py): the back-office queue
# page reads a department's cases of one status in due order, and the issuance worklist a point's
# approved cases in decision order. With these the page is read in order from the index and stops
# after 21 rows, instead of collecting every case of that status in every department and sorting.
#
# On PostgreSQL they are built CONCURRENTLY, outside a transaction (expand / contract, DECISIONS
# §46 and §50): a plain CREATE INDEX would block every write to service_case for the length of
# the build on a large table. A build that an earlier try left invalid is dropped first, so the
# migration can run again.
INDEXES = {
    "ix_case_dept_status_due": '"service_case" ("department_id", "status", "due_on", "id")',
    "ix_case_finish_status_decided": '"service_case" ("finish_point_id", "status", "decided_at", "id")',
}


async def build(apps, editor):
    client = editor.client
    postgres = client.capabilities.dialect == "postgres"
    for name, target in INDEXES.items():
        if postgres:
            invalid = await client.execute_query_dict(
                "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = $1 AND NOT i.indisvalid", [name])
            if invalid:
                await client.execute_script(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
            await client.execute_script(f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON {target}')
        else:
            await client.execute_script(f'CREATE INDEX IF NOT EXISTS "{name}" ON {target}')


async def drop(apps, editor):
    for name in INDEXES:
        await editor.client.execute_script(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [('hub', '0024_appointment_item')]

    initial = False
    atomic = False

    operations = [
        ops.RunPython(build, reverse_code=drop),
    ]
