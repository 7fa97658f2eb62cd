from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import HelpCallStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('hub', '0007_queue')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ExpertPresence',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('staff', fields.OneToOneField('hub.Staff', source_field='staff_id', db_constraint=True, to_field='id', related_name='presence', on_delete=OnDelete.CASCADE)),
                ('seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('console_open', fields.BooleanField(default=False)),
            ],
            options={'table': 'expert_presence', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'When an expert was last seen: at login and every minute while the expert console is open.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HelpCall',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('caller', fields.ForeignKeyField('hub.Staff', source_field='caller_id', db_constraint=True, to_field='id', related_name='help_calls', on_delete=OnDelete.RESTRICT)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='help_calls', on_delete=OnDelete.RESTRICT)),
                ('point_path', fields.CharField(max_length=255)),
                ('routed_path', fields.CharField(default='', max_length=255)),
                ('department', fields.ForeignKeyField('hub.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='help_calls', on_delete=OnDelete.RESTRICT)),
                ('item_code', fields.CharField(null=True, max_length=32)),
                ('item_name', fields.CharField(default='', max_length=128)),
                ('topic', fields.CharField(default='', max_length=128)),
                ('question', fields.TextField(unique=False)),
                ('case_ref', fields.CharField(null=True, max_length=64)),
                ('status', fields.CharEnumField(default=HelpCallStatus.OPEN, description='OPEN: OPEN\nACCEPTED: ACCEPTED\nRESOLVED: RESOLVED', enum_type=HelpCallStatus, max_length=16)),
                ('expert', fields.ForeignKeyField('hub.Staff', source_field='expert_id', null=True, db_constraint=True, to_field='id', related_name='accepted_help_calls', on_delete=OnDelete.SET_NULL)),
                ('raised_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('escalated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('escalation_reason', fields.CharField(default='', max_length=64)),
                ('answer', fields.TextField(null=True, unique=False)),
                ('resolved_by', fields.ForeignKeyField('hub.Staff', source_field='resolved_by_id', null=True, db_constraint=True, to_field='id', related_name='resolved_help_calls', on_delete=OnDelete.SET_NULL)),
                ('response_seconds', fields.IntField(null=True)),
                ('resolution_seconds', fields.IntField(null=True)),
            ],
            options={'table': 'help_call', 'app': 'hub', 'indexes': [Index(fields=['department_id', 'status', 'raised_at']), Index(fields=['status', 'escalated_at', 'raised_at']), Index(fields=['item_code', 'status', 'resolved_at']), Index(fields=['caller_id', 'raised_at'])], 'pk_attr': 'id', 'table_description': 'One help call from a front desk to the experts of a department.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HelpMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('call', fields.ForeignKeyField('hub.HelpCall', source_field='call_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('hub.Staff', source_field='author_id', db_constraint=True, to_field='id', related_name='help_messages', on_delete=OnDelete.RESTRICT)),
                ('text', fields.TextField(unique=False)),
                ('sent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'help_message', 'app': 'hub', 'indexes': [Index(fields=['call_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One chat line on a help call, kept for the record (the event log carries it live).'},
            bases=['Model'],
        ),
    ]
