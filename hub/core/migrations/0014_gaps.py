from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import NoticeKind
from tortoise import fields

# NoticeKind gained JOINT (联办提醒). The column is plain text (no constraint): only the field's
# description changes. SQLite rebuilds the table for it and loses the (staff_id, read_at) index,
# which the RunSQL below puts back (a no-op on PostgreSQL, where the index stays).
INDEX = 'CREATE INDEX IF NOT EXISTS "idx_staff_notic_staff_i_85e517" ON "staff_notice" ("staff_id", "read_at")'


class Migration(migrations.Migration):
    dependencies = [('hub', '0013_outbox')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='StaffNotice',
            name='kind',
            field=fields.CharEnumField(description='ASSIGNED: ASSIGNED\nOFFERED: OFFERED\nCOPIED: COPIED\nREMINDER: REMINDER\nESCALATED: ESCALATED\nSUPPLEMENTED: SUPPLEMENTED\nINFO_CHECK: INFO_CHECK\nRECTIFICATION: RECTIFICATION\nJOINT: JOINT', enum_type=NoticeKind, max_length=16),
        ),
        ops.RunSQL(INDEX, reverse_sql=ops.RunSQL.noop),
    ]
