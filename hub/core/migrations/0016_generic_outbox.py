from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import UniqueConstraint

# The department hand-off outbox (0013) becomes the generic transactional outbox
# (hub/core/outbox.py): a message has a topic and a JSON payload, its idempotency key is unique
# per topic, and its lease has an expiry of its own. What a hand-off concerns (case, department,
# event) moves to department_handoff, one row per message, so the 部门系统对接 page still lists
# and filters hand-offs by case and department. Every existing row is kept with its id, status,
# attempts, error and times: it becomes a message of topic department.handoff whose payload is
# the body it was (or will be) sent with.
#
# Tortoise's generic operations would lose data here (SQLite rebuilds the table once per removed
# column and drops its indexes; a NOT NULL column cannot be added to a filled table without a
# default), so the database is changed by the SQL below, one script per dialect, and the
# migration state by the generated operations it wraps (as Django's SeparateDatabaseAndState).

TOPIC = "department.handoff"
STATUS_COMMENT = "PENDING: PENDING\\nDELIVERED: DELIVERED\\nDEAD: DEAD"

SQLITE = [
    # the old table steps aside (nothing references it), the generic one takes its name
    'ALTER TABLE "outbox_message" RENAME TO "old__outbox_message"',
    'DROP INDEX "idx_outbox_mess_status_4d04e0"',
    f"""CREATE TABLE "outbox_message" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "topic" VARCHAR(64) NOT NULL,
    "idempotency_key" VARCHAR(80) NOT NULL,
    "payload" JSON NOT NULL,
    "status" VARCHAR(16) NOT NULL /* {STATUS_COMMENT} */,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMP NOT NULL,
    "lease" VARCHAR(32) NOT NULL,
    "lease_until" TIMESTAMP,
    "last_error" VARCHAR(500) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "delivered_at" TIMESTAMP,
    CONSTRAINT "uid_outbox_mess_topic_53c511" UNIQUE ("topic", "idempotency_key")
)""",
    f"""INSERT INTO "outbox_message" ("id", "topic", "idempotency_key", "payload", "status",
    "attempts", "next_attempt_at", "lease", "lease_until", "last_error", "created_at", "delivered_at")
SELECT "id", '{TOPIC}', "idempotency_key", "body", "status", "attempts", "next_attempt_at", "lease",
    CASE WHEN "lease" <> '' THEN "next_attempt_at" END, "last_error", "created_at", "delivered_at"
FROM "old__outbox_message" ORDER BY "id" ASC""",
    'CREATE INDEX "idx_outbox_mess_status_4d04e0" ON "outbox_message" ("status", "next_attempt_at")',
    """CREATE TABLE "department_handoff" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "event" VARCHAR(32) NOT NULL,
    "case_id" INT NOT NULL REFERENCES "service_case" ("id") ON DELETE RESTRICT,
    "department_id" INT NOT NULL REFERENCES "department" ("id") ON DELETE RESTRICT,
    "message_id" INT NOT NULL UNIQUE REFERENCES "outbox_message" ("id") ON DELETE RESTRICT
)""",
    """INSERT INTO "department_handoff" ("message_id", "case_id", "department_id", "event")
SELECT "id", "case_id", "department_id", "event" FROM "old__outbox_message" ORDER BY "id" ASC""",
    'CREATE INDEX "idx_department__case_id_b68869" ON "department_handoff" ("case_id")',
    'CREATE INDEX "idx_department__departm_ff144e" ON "department_handoff" ("department_id")',
    'DROP TABLE "old__outbox_message"',
]

POSTGRES = [
    """CREATE TABLE "department_handoff" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "event" VARCHAR(32) NOT NULL,
    "case_id" INT NOT NULL REFERENCES "service_case" ("id") ON DELETE RESTRICT,
    "department_id" INT NOT NULL REFERENCES "department" ("id") ON DELETE RESTRICT,
    "message_id" INT NOT NULL UNIQUE REFERENCES "outbox_message" ("id") ON DELETE RESTRICT
)""",
    """INSERT INTO "department_handoff" ("message_id", "case_id", "department_id", "event")
SELECT "id", "case_id", "department_id", "event" FROM "outbox_message" ORDER BY "id" ASC""",
    'CREATE INDEX "idx_department__case_id_b68869" ON "department_handoff" ("case_id")',
    'CREATE INDEX "idx_department__departm_ff144e" ON "department_handoff" ("department_id")',
    """COMMENT ON TABLE "department_handoff" IS 'What a ``department.handoff`` outbox message concerns: the case, the department whose'""",
    'ALTER TABLE "outbox_message" RENAME COLUMN "body" TO "payload"',
    f"""ALTER TABLE "outbox_message" ADD COLUMN "topic" VARCHAR(64) NOT NULL DEFAULT '{TOPIC}'""",
    'ALTER TABLE "outbox_message" ALTER COLUMN "topic" DROP DEFAULT',
    'ALTER TABLE "outbox_message" ADD COLUMN "lease_until" TIMESTAMPTZ',
    """UPDATE "outbox_message" SET "lease_until" = "next_attempt_at" WHERE "lease" <> ''""",
    'ALTER TABLE "outbox_message" DROP CONSTRAINT "outbox_message_idempotency_key_key"',
    'ALTER TABLE "outbox_message" ADD CONSTRAINT "uid_outbox_mess_topic_53c511" UNIQUE ("topic", "idempotency_key")',
    'ALTER TABLE "outbox_message" DROP COLUMN "case_id", DROP COLUMN "department_id", DROP COLUMN "event"',
    """COMMENT ON TABLE "outbox_message" IS 'One message to an outside system, written in the transaction of the change it announces.'""",
]


class SchemaChange(ops.TortoiseOperation):
    """The migration state as ``state`` describes it; the database changed by the SQL of its
    dialect. One way only: a message of another topic has no department to go back to."""

    reversible = False

    def __init__(self, state, sql):
        self.state = state
        self.sql = sql

    def describe(self) -> str:
        return "Turn the hand-off outbox into the generic outbox (department_handoff keeps case and department)"

    def state_forward(self, app_label, state):
        for operation in self.state:
            operation.state_forward(app_label, state)

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is None:
            return
        if state_editor.DIALECT not in self.sql:
            raise NotImplementedError(f"0016_generic_outbox has no SQL for {state_editor.DIALECT}")
        for statement in self.sql[state_editor.DIALECT]:
            await state_editor._run_sql(statement)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None):
        raise NotImplementedError("0016_generic_outbox cannot be reversed")


class Migration(migrations.Migration):
    dependencies = [('hub', '0015_analytics')]

    initial = False

    operations = [
        SchemaChange(state=[
            ops.CreateModel(
                name='DepartmentHandoff',
                fields=[
                    ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                    ('message', fields.OneToOneField('hub.OutboxMessage', source_field='message_id', db_constraint=True, to_field='id', related_name='handoff', on_delete=OnDelete.RESTRICT)),
                    ('case', fields.ForeignKeyField('hub.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='handoffs', on_delete=OnDelete.RESTRICT)),
                    ('department', fields.ForeignKeyField('hub.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='handoffs', on_delete=OnDelete.RESTRICT)),
                    ('event', fields.CharField(max_length=32)),
                ],
                options={'table': 'department_handoff', 'app': 'hub', 'indexes': [Index(fields=['case_id']), Index(fields=['department_id'])], 'pk_attr': 'id', 'table_description': 'What a ``department.handoff`` outbox message concerns: the case, the department whose'},
                bases=['Model'],
            ),
            ops.AlterModelOptions(
                name='OutboxMessage',
                options={'table': 'outbox_message', 'app': 'hub', 'unique_together': (('topic', 'idempotency_key'),), 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'One message to an outside system, written in the transaction of the change it announces.'},
            ),
            ops.RenameField(
                model_name='OutboxMessage',
                old_name='body',
                new_name='payload',
            ),
            ops.AlterField(
                model_name='OutboxMessage',
                name='idempotency_key',
                field=fields.CharField(max_length=80),
            ),
            ops.AddField(
                model_name='OutboxMessage',
                name='lease_until',
                field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
            ),
            ops.AddField(
                model_name='OutboxMessage',
                name='topic',
                field=fields.CharField(max_length=64),
            ),
            ops.RemoveField(model_name='OutboxMessage', name='case'),
            ops.RemoveField(model_name='OutboxMessage', name='department'),
            ops.RemoveField(model_name='OutboxMessage', name='event'),
            ops.AddConstraint(
                model_name='OutboxMessage',
                constraint=UniqueConstraint(fields=('topic', 'idempotency_key'), name=None),
            ),
        ], sql={"sqlite": SQLITE, "postgres": POSTGRES}),
    ]
