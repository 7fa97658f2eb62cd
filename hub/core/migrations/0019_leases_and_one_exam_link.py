from tortoise import fields, migrations
from tortoise.migrations import operations as ops

# 1. One live exam link per person and exam: at most one ISSUED attempt per (staff, exam),
#    enforced by a partial unique index (the same SQL on SQLite and PostgreSQL), so two
#    openExamSession at once cannot both leave a link (training/attempts.open_session retries
#    the loser, which cancels the winner's link as a later opening does). Links a database
#    already holds twice are settled first: the latest stays, the others are CANCELLED (as a
#    newer QR code would have made them). A later migration that makes SQLite rebuild
#    "exam_attempt" must create the index again.
# 2. Leases of periodic jobs (hub/core/jobs.py), and an index to prune idempotency keys by age.

SETTLE = """UPDATE "exam_attempt" SET "status" = 'CANCELLED'
WHERE "status" = 'ISSUED' AND "id" <> (SELECT MAX(k."id") FROM "exam_attempt" k
    WHERE k."staff_id" = "exam_attempt"."staff_id" AND k."exam_id" = "exam_attempt"."exam_id"
      AND k."status" = 'ISSUED')"""
ONE_LINK = """CREATE UNIQUE INDEX IF NOT EXISTS "uid_exam_attempt_one_link"
    ON "exam_attempt" ("staff_id", "exam_id") WHERE "status" = 'ISSUED'"""
KEY_AGE = """CREATE INDEX IF NOT EXISTS "idx_idempotency_key_created"
    ON "idempotency_key" ("created_at")"""


class Migration(migrations.Migration):
    dependencies = [('hub', '0018_idempotency')]

    initial = False

    operations = [
        ops.RunSQL([SETTLE, ONE_LINK, KEY_AGE], reverse_sql=[
            'DROP INDEX IF EXISTS "uid_exam_attempt_one_link"',
            'DROP INDEX IF EXISTS "idx_idempotency_key_created"',
        ]),
        ops.CreateModel(
            name='JobLease',
            fields=[
                ('name', fields.CharField(max_length=64, primary_key=True, unique=True, db_index=True)),
                ('holder', fields.CharField(max_length=32, default='')),
                ('lease_until', fields.DatetimeField(null=True)),
                ('last_run_at', fields.DatetimeField(null=True)),
            ],
            options={'table': 'job_lease', 'app': 'hub', 'pk_attr': 'name', 'table_description': 'Who runs a periodic job now and until when. Taking the lease is a compare-and-set on'},
            bases=['Model'],
        ),
    ]
