from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.models.enums import AcceptScope, CatalogStandard, ChannelMode, ItemKind, MaterialForm, MaterialRequirement, RegionLevel, WindowKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Department',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=16)),
                ('name', fields.CharField(max_length=128)),
                ('short_name', fields.CharField(max_length=16)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'department', 'app': 'hub', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LifeEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(max_length=32)),
                ('description', fields.CharField(default='', max_length=255)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'life_event', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A theme citizens browse by (出生, 就业创业, 退休养老 ...).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServicePoint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(max_length=64)),
                ('centre_name', fields.CharField(default='', max_length=128)),
                ('level', fields.CharEnumField(description='CITY: CITY\nDISTRICT: DISTRICT\nSTREET: STREET\nCOMMUNITY: COMMUNITY', enum_type=RegionLevel, max_length=16)),
                ('parent', fields.ForeignKeyField('hub.ServicePoint', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('path', fields.CharField(db_index=True, max_length=255)),
                ('address', fields.CharField(default='', max_length=255)),
                ('phone', fields.CharField(default='', max_length=32)),
                ('hours', fields.CharField(default='', max_length=128)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'service_point', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A node of the 市 / 区县 / 街道 / 社区 tree together with its service centre.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Item',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(db_index=True, max_length=128)),
                ('summary', fields.CharField(default='', max_length=255)),
                ('keywords', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('department', fields.ForeignKeyField('hub.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='INSTANT: INSTANT\nPROMISED: PROMISED', enum_type=ItemKind, max_length=16)),
                ('decision_level', fields.CharEnumField(description='CITY: CITY\nDISTRICT: DISTRICT\nSTREET: STREET\nCOMMUNITY: COMMUNITY', enum_type=RegionLevel, max_length=16)),
                ('scope', fields.TextField(default='', unique=False)),
                ('accepting_agency', fields.CharField(default='', max_length=255)),
                ('deciding_agency', fields.CharField(default='', max_length=255)),
                ('legal_time_limit_days', fields.IntField(default=0)),
                ('promised_time_limit_days', fields.IntField(default=0)),
                ('fee', fields.CharField(default='不收费', max_length=255)),
                ('fee_basis', fields.CharField(null=True, max_length=255)),
                ('counter', fields.BooleanField(default=True)),
                ('pc', fields.CharEnumField(default=ChannelMode.NONE, description='NONE: NONE\nPREREVIEW: PREREVIEW\nONLINE: ONLINE', enum_type=ChannelMode, max_length=16)),
                ('mobile', fields.CharEnumField(default=ChannelMode.NONE, description='NONE: NONE\nPREREVIEW: PREREVIEW\nONLINE: ONLINE', enum_type=ChannelMode, max_length=16)),
                ('kiosk', fields.CharEnumField(default=ChannelMode.NONE, description='NONE: NONE\nPREREVIEW: PREREVIEW\nONLINE: ONLINE', enum_type=ChannelMode, max_length=16)),
                ('accept_scope', fields.CharEnumField(default=AcceptScope.DISTRICT_WIDE, description='DISTRICT_WIDE: DISTRICT_WIDE\nLISTED_POINTS: LISTED_POINTS', enum_type=AcceptScope, max_length=16)),
                ('accepting_points', fields.ManyToManyField('hub.ServicePoint', unique=True, db_constraint=True, through='item_accepting_point', forward_key='servicepoint_id', backward_key='item_id', related_name='accepted_items', on_delete=OnDelete.CASCADE)),
                ('standard', fields.CharEnumField(default=CatalogStandard.CITY, description='CITY: CITY\nDISTRICT_VARIANT: DISTRICT_VARIANT', enum_type=CatalogStandard, max_length=20)),
                ('life_events', fields.ManyToManyField('hub.LifeEvent', unique=True, db_constraint=True, through='item_life_event', forward_key='lifeevent_id', backward_key='item_id', related_name='items', on_delete=OnDelete.CASCADE)),
                ('version', fields.IntField(default=1)),
                ('active', fields.BooleanField(default=True)),
                ('sort', fields.IntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'item', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'One catalogue entry: 同一事项、同一标准、同一编码.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Material',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('hub.Item', source_field='item_id', db_constraint=True, to_field='id', related_name='materials', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=128)),
                ('form', fields.CharEnumField(default=MaterialForm.ORIGINAL, description='ORIGINAL: ORIGINAL\nCOPY: COPY\nORIGINAL_AND_COPY: ORIGINAL_AND_COPY\nELECTRONIC: ELECTRONIC', enum_type=MaterialForm, max_length=20)),
                ('count', fields.IntField(default=1)),
                ('requirement', fields.CharEnumField(default=MaterialRequirement.REQUIRED, description='REQUIRED: REQUIRED\nOPTIONAL: OPTIONAL\nDEFERRABLE: DEFERRABLE', enum_type=MaterialRequirement, max_length=16)),
                ('note', fields.CharField(null=True, max_length=255)),
                ('condition', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'material', 'app': 'hub', 'pk_attr': 'id', 'table_description': "A material of an item's 申请材料目录."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Staff',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=64)),
                ('password_hash', fields.CharField(max_length=255)),
                ('roles', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='staff', on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('hub.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='staff', on_delete=OnDelete.RESTRICT)),
                ('phone', fields.CharField(default='', max_length=32)),
                ('active', fields.BooleanField(default=True)),
                ('token_version', fields.IntField(default=1)),
                ('failed_logins', fields.IntField(default=0)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'staff', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A person or device account. Devices (kiosk, board) carry only a device role.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Window',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='windows', on_delete=OnDelete.RESTRICT)),
                ('number', fields.IntField()),
                ('name', fields.CharField(max_length=64)),
                ('kind', fields.CharEnumField(default=WindowKind.INTAKE, description='INTAKE: INTAKE\nISSUANCE: ISSUANCE', enum_type=WindowKind, max_length=16)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'window', 'app': 'hub', 'unique_together': (('service_point', 'number'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
