from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import NotifyChannel, NotifyStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

# Notifications (resolvers/notify): the messages sent to residents and staff groups with their
# status and reason, template versions, per-district switches, robot groups, opt-outs and the
# per-recipient rate-limit counters.

class Migration(migrations.Migration):
    dependencies = [('hub', '0033_related_items')]

    initial = False

    operations = [
        ops.CreateModel(
            name='NotifyOptOut',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('hub.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='notify_opt_outs', on_delete=OnDelete.RESTRICT)),
                ('channel', fields.CharEnumField(description='SMS: SMS\nINAPP: INAPP\nDINGTALK: DINGTALK\nWECOM: WECOM', enum_type=NotifyChannel, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notify_opt_out', 'app': 'hub', 'unique_together': (('person_id', 'channel'),), 'pk_attr': 'id', 'table_description': 'A resident who does not want messages of a channel (SMS): kept in the inbox only.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotifyQuota',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recipient', fields.CharField(max_length=64)),
                ('window', fields.CharField(max_length=16)),
                ('used', fields.IntField(default=0)),
            ],
            options={'table': 'notify_quota', 'app': 'hub', 'unique_together': (('recipient', 'window'),), 'pk_attr': 'id', 'table_description': 'How many messages one recipient got in one window (an hour, a day): the rate limit is a'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotifySwitch',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.CharField(max_length=32)),
                ('point', fields.ForeignKeyField('hub.ServicePoint', source_field='point_id', db_constraint=True, to_field='id', related_name='notify_switches', on_delete=OnDelete.RESTRICT)),
                ('enabled', fields.BooleanField()),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notify_switch', 'app': 'hub', 'unique_together': (('event', 'point_id'),), 'pk_attr': 'id', 'table_description': 'An event switched on or off for a service point and everything below it (a district).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotifyTemplate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.CharField(max_length=32)),
                ('channel', fields.CharEnumField(description='SMS: SMS\nINAPP: INAPP\nDINGTALK: DINGTALK\nWECOM: WECOM', enum_type=NotifyChannel, max_length=16)),
                ('version', fields.IntField()),
                ('body', fields.TextField(unique=False)),
                ('provider_code', fields.CharField(default='', max_length=32)),
                ('enabled', fields.BooleanField(default=True)),
                ('note', fields.CharField(default='', max_length=255)),
                ('created_by', fields.CharField(default='', max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notify_template', 'app': 'hub', 'unique_together': (('event', 'channel', 'version'),), 'pk_attr': 'id', 'table_description': 'One version of the wording of one event on one channel. The newest version is used:'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RobotGroup',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=64)),
                ('channel', fields.CharEnumField(description='SMS: SMS\nINAPP: INAPP\nDINGTALK: DINGTALK\nWECOM: WECOM', enum_type=NotifyChannel, max_length=16)),
                ('department', fields.ForeignKeyField('hub.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='robot_groups', on_delete=OnDelete.RESTRICT)),
                ('point', fields.ForeignKeyField('hub.ServicePoint', source_field='point_id', null=True, db_constraint=True, to_field='id', related_name='robot_groups', on_delete=OnDelete.RESTRICT)),
                ('supervisors', fields.BooleanField(default=False)),
                ('webhook', fields.CharField(max_length=500)),
                ('secret', fields.CharField(default='', max_length=128)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'robot_group', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A DingTalk or WeCom group robot of a department (at a service point) or of the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=120)),
                ('event', fields.CharField(max_length=32)),
                ('channel', fields.CharEnumField(description='SMS: SMS\nINAPP: INAPP\nDINGTALK: DINGTALK\nWECOM: WECOM', enum_type=NotifyChannel, max_length=16)),
                ('status', fields.CharEnumField(default=NotifyStatus.QUEUED, description='QUEUED: QUEUED\nSENT: SENT\nDELIVERED: DELIVERED\nFAILED: FAILED\nSUPPRESSED: SUPPRESSED', enum_type=NotifyStatus, max_length=16)),
                ('reason', fields.CharField(default='', max_length=255)),
                ('person', fields.ForeignKeyField('hub.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.RESTRICT)),
                ('staff', fields.ForeignKeyField('hub.Staff', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.RESTRICT)),
                ('group', fields.ForeignKeyField('hub.RobotGroup', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.RESTRICT)),
                ('address', fields.CharField(default='', max_length=500)),
                ('masked', fields.CharField(default='', max_length=64)),
                ('case', fields.ForeignKeyField('hub.Case', source_field='case_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.RESTRICT)),
                ('point_path', fields.CharField(default='', max_length=255)),
                ('template_version', fields.IntField(default=0)),
                ('title', fields.CharField(default='', max_length=64)),
                ('body', fields.TextField(unique=False)),
                ('link', fields.CharField(default='', max_length=255)),
                ('params', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('urgent', fields.BooleanField(default=False)),
                ('provider_ref', fields.CharField(null=True, max_length=64)),
                ('attempts', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification', 'app': 'hub', 'indexes': [Index(fields=['person_id', 'channel', 'id']), Index(fields=['status', 'created_at']), Index(fields=['provider_ref']), Index(fields=['created_at'])], 'pk_attr': 'id', 'table_description': 'One message to one recipient on one channel, written in the transaction of its event.'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='DepartmentOffice',
            options={'table': 'department_office', 'app': 'hub', 'unique_together': (('department', 'point'),), 'pk_attr': 'id', 'table_description': 'The office through which a department decides at one service point, where its name is'},
        ),
    ]
