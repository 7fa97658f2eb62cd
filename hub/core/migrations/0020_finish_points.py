from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

# Where a case is finished (统一窗口出件): service_case.finish_point, the receiving point when it
# has an issuance window, else the nearest point above it that has one. Cases already filed
# were issued at their receiving point, so they keep it. department_office names the office a
# department decides through at a point where that is not the department itself (the city's
# 人社局 and 医保局 for city-level items of a district hub).

BACKFILL = 'UPDATE "service_case" SET "finish_point_id" = "service_point_id" WHERE "finish_point_id" IS NULL'


class Migration(migrations.Migration):
    dependencies = [('hub', '0019_leases_and_one_exam_link')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DepartmentOffice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('department', fields.ForeignKeyField('hub.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='offices', on_delete=OnDelete.RESTRICT)),
                ('point', fields.ForeignKeyField('hub.ServicePoint', source_field='point_id', db_constraint=True, to_field='id', related_name='department_offices', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=128)),
                ('short_name', fields.CharField(max_length=16)),
            ],
            options={'table': 'department_office', 'app': 'hub', 'unique_together': (('department', 'point'),), 'pk_attr': 'id', 'table_description': 'The office through which a department decides at one service point'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Case',
            name='finish_point',
            field=fields.ForeignKeyField('hub.ServicePoint', source_field='finish_point_id', null=True, db_constraint=True, to_field='id', related_name='finished_cases', on_delete=OnDelete.RESTRICT),
        ),
        ops.RunSQL(BACKFILL, reverse_sql=ops.RunSQL.noop),
    ]
