from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import OutboxStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('hub', '0012_issue')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CallbackReceipt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('department', fields.ForeignKeyField('hub.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='callbacks', on_delete=OnDelete.RESTRICT)),
                ('key', fields.CharField(max_length=80)),
                ('case_number', fields.CharField(max_length=32)),
                ('decision', fields.CharField(max_length=16)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'callback_receipt', 'app': 'hub', 'unique_together': (('department', 'key'),), 'pk_attr': 'id', 'table_description': 'A department callback the hub accepted, by its idempotency key: the same key again is a'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DepartmentEndpoint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('department', fields.OneToOneField('hub.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='endpoint', on_delete=OnDelete.RESTRICT)),
                ('url', fields.CharField(max_length=500)),
                ('secret', fields.CharField(max_length=200)),
                ('active', fields.BooleanField(default=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'department_endpoint', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'The business system of one department: where cases routed there are delivered and the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('hub.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='outbox', on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('hub.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='outbox', on_delete=OnDelete.RESTRICT)),
                ('event', fields.CharField(max_length=32)),
                ('idempotency_key', fields.CharField(unique=True, max_length=80)),
                ('body', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('status', fields.CharEnumField(default=OutboxStatus.PENDING, description='PENDING: PENDING\nDELIVERED: DELIVERED\nDEAD: DEAD', enum_type=OutboxStatus, max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('lease', fields.CharField(default='', max_length=32)),
                ('last_error', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outbox_message', 'app': 'hub', 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'One delivery to a department system, written in the transaction that changed the case.'},
            bases=['Model'],
        ),
    ]
