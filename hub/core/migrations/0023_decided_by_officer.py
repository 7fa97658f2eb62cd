from tortoise import migrations
from tortoise.migrations import operations as ops

# The back office's 已办 tab lists the cases an officer decided, found in the audit trail by
# actor and action: this index keeps that lookup off a scan of the whole trail.
INDEX = """CREATE INDEX IF NOT EXISTS "ix_case_log_actor_action"
    ON "case_log" ("actor_id", "action", "case_id")"""
DROP = 'DROP INDEX IF EXISTS "ix_case_log_actor_action"'


class Migration(migrations.Migration):
    dependencies = [('hub', '0022_checklist_link')]

    initial = False

    operations = [
        ops.RunSQL([INDEX], reverse_sql=DROP),
    ]
