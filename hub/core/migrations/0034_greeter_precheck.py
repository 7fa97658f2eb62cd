from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import PreCheckOutcome
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

# A greeter's pre-check (导办) at the hall door and the ticket it issued (resolvers/queue/greeter.py).

class Migration(migrations.Migration):
    dependencies = [('hub', '0031_sms_login')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PreCheck',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('greeter', fields.ForeignKeyField('hub.Staff', source_field='greeter_id', db_constraint=True, to_field='id', related_name='pre_checks', on_delete=OnDelete.CASCADE)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='pre_checks', on_delete=OnDelete.CASCADE)),
                ('item_code', fields.CharField(max_length=32)),
                ('item_name', fields.CharField(max_length=128)),
                ('answers', fields.JSONField(default=dict)),
                ('carried', fields.JSONField(default=list)),
                ('missing', fields.JSONField(default=list)),
                ('outcome', fields.CharEnumField(description='TICKET: TICKET\nSENT_HOME: SENT_HOME', enum_type=PreCheckOutcome, max_length=16)),
                ('insisted', fields.BooleanField(default=False)),
                ('ticket', fields.ForeignKeyField('hub.Ticket', source_field='ticket_id', null=True, unique=True, db_constraint=True, to_field='id', related_name='pre_checks', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'pre_check', 'app': 'hub', 'indexes': [Index(fields=['service_point_id', 'created_at']), Index(fields=['greeter_id', 'created_at'])], 'pk_attr': 'id', 'table_description': "A greeter's pre-check (导办) at the hall door: the item the resident came for, the answers"},
            bases=['Model'],
        ),
    ]
