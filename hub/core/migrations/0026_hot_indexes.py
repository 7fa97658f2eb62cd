from tortoise import migrations
from tortoise.migrations import operations as ops

# The hot reads at volume (make bench-pg, tests/ops/test_query_plans.py): the back-office queue
# page reads a department's cases of one status in due order, and the issuance worklist a point's
# approved cases in decision order. With these the page is read in order from the index and stops
# after 21 rows, instead of collecting every case of that status in every department and sorting.
QUEUE = """CREATE INDEX IF NOT EXISTS "ix_case_dept_status_due"
    ON "service_case" ("department_id", "status", "due_on", "id")"""
WORKLIST = """CREATE INDEX IF NOT EXISTS "ix_case_finish_status_decided"
    ON "service_case" ("finish_point_id", "status", "decided_at", "id")"""
DROP = ['DROP INDEX IF EXISTS "ix_case_dept_status_due"',
        'DROP INDEX IF EXISTS "ix_case_finish_status_decided"']


class Migration(migrations.Migration):
    dependencies = [('hub', '0024_appointment_item')]

    initial = False

    operations = [
        ops.RunSQL([QUEUE, WORKLIST], reverse_sql=DROP),
    ]
