from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import PriorityClass, TicketStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('hub', '0006_attendance')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Event',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharField(max_length=96)),
                ('seq', fields.BigIntField()),
                ('kind', fields.CharField(max_length=32)),
                ('payload', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'event', 'app': 'hub', 'unique_together': (('channel', 'seq'),), 'pk_attr': 'id', 'table_description': 'A published event. seq is dense per channel: a subscriber that sees a gap fetches it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EventChannel',
            fields=[
                ('channel', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=96)),
                ('last_seq', fields.BigIntField(default=0)),
                ('pruned_through', fields.BigIntField(default=0)),
            ],
            options={'table': 'event_channel', 'app': 'hub', 'pk_attr': 'channel', 'table_description': 'One row per channel (hall of a service point, whistle desk of a department ...).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='QueueCategory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='queue_categories', on_delete=OnDelete.CASCADE)),
                ('prefix', fields.CharField(max_length=2)),
                ('name', fields.CharField(max_length=64)),
                ('department_codes', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('daily_cap', fields.IntField(default=300)),
                ('service_minutes', fields.IntField(default=8)),
                ('sort', fields.IntField(default=0)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'queue_category', 'app': 'hub', 'unique_together': (('service_point', 'prefix'),), 'pk_attr': 'id', 'table_description': 'A queue of a service point (A 社保医保, B 民政残联 ...): its prefix letter numbers the tickets.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Ticket',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.CASCADE)),
                ('category', fields.ForeignKeyField('hub.QueueCategory', source_field='category_id', db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.CASCADE)),
                ('queue', fields.ForeignKeyField('hub.QueueCategory', source_field='queue_id', db_constraint=True, to_field='id', related_name='queued_tickets', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('seq', fields.IntField()),
                ('number', fields.CharField(max_length=8)),
                ('person', fields.ForeignKeyField('hub.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.SET_NULL)),
                ('priority', fields.CharEnumField(default=PriorityClass.NORMAL, description='NORMAL: NORMAL\nELDERLY: ELDERLY\nDISABLED: DISABLED\nMILITARY: MILITARY\nAPPOINTMENT: APPOINTMENT', enum_type=PriorityClass, max_length=16)),
                ('status', fields.CharEnumField(default=TicketStatus.WAITING, description='WAITING: WAITING\nCALLED: CALLED\nSERVING: SERVING\nDONE: DONE\nNO_SHOW: NO_SHOW\nCANCELLED: CANCELLED', enum_type=TicketStatus, max_length=16)),
                ('rank_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('taken_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('channel', fields.CharField(default='KIOSK', max_length=16)),
                ('window', fields.ForeignKeyField('hub.Window', source_field='window_id', null=True, db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.SET_NULL)),
                ('staff', fields.ForeignKeyField('hub.Staff', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.SET_NULL)),
                ('called_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('recalls', fields.IntField(default=0)),
                ('serving_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('transfers', fields.IntField(default=0)),
                ('target_window', fields.ForeignKeyField('hub.Window', source_field='target_window_id', null=True, db_constraint=True, to_field='id', related_name='transferred_tickets', on_delete=OnDelete.SET_NULL)),
                ('nonce', fields.CharField(max_length=16)),
            ],
            options={'table': 'ticket', 'app': 'hub', 'unique_together': (('category', 'day', 'seq'),), 'indexes': [Index(fields=['service_point_id', 'day', 'status', 'rank_at']), Index(fields=['queue_id', 'day', 'status', 'rank_at'])], 'pk_attr': 'id', 'table_description': 'One queue number for one day. rank_at orders the queue: taken_at minus the priority'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WindowSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('window', fields.ForeignKeyField('hub.Window', source_field='window_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('staff', fields.ForeignKeyField('hub.Staff', source_field='staff_id', db_constraint=True, to_field='id', related_name='window_sessions', on_delete=OnDelete.CASCADE)),
                ('category_ids', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('open_window_id', fields.IntField(null=True, unique=True)),
                ('open_staff_id', fields.IntField(null=True, unique=True)),
            ],
            options={'table': 'window_session', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A staff member signed in to a window, serving some categories, until signed out.'},
            bases=['Model'],
        ),
    ]
