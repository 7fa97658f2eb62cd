from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('hub', '0009_appointments')]

    initial = False

    operations = [
        ops.CreateModel(
            name='HolidaySchedule',
            fields=[
                ('year', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('holidays', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('workdays', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('note', fields.CharField(default='', max_length=255)),
                ('loaded_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('loaded_by', fields.ForeignKeyField('hub.Staff', source_field='loaded_by_id', null=True, db_constraint=True, to_field='id', related_name='holiday_schedules', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'holiday_schedule', 'app': 'hub', 'pk_attr': 'year', 'table_description': 'One year of rest days and make-up working days. Overrides the bundled calendar.'},
            bases=['Model'],
        ),
    ]
