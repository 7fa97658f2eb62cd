from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import CatalogStandard
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('hub', '0002_situations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CatalogRevision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=16)),
                ('author', fields.CharField(max_length=64)),
                ('note', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'catalog_revision', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'One catalogue change (an edit, an import, a seed run) that made new item versions.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ItemVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(max_length=32)),
                ('version', fields.IntField()),
                ('revision', fields.ForeignKeyField('hub.CatalogRevision', source_field='revision_id', db_constraint=True, to_field='id', related_name='versions', on_delete=OnDelete.RESTRICT)),
                ('standard', fields.CharEnumField(description='CITY: CITY\nDISTRICT_VARIANT: DISTRICT_VARIANT\nDISTRICT_ONLY: DISTRICT_ONLY', enum_type=CatalogStandard, max_length=20)),
                ('document', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('effective', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'item_version', 'app': 'hub', 'unique_together': (('code', 'version'),), 'pk_attr': 'id', 'table_description': 'An immutable published version of one item: the authored document and, compiled from it,'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CatalogHead',
            fields=[
                ('code', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=32)),
                ('version', fields.ForeignKeyField('hub.ItemVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='heads', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'catalog_head', 'app': 'hub', 'pk_attr': 'code', 'table_description': 'The current version of each item code (mutable pointers over immutable versions).'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Item',
            name='standard',
            field=fields.CharEnumField(default=CatalogStandard.CITY, description='CITY: CITY\nDISTRICT_VARIANT: DISTRICT_VARIANT\nDISTRICT_ONLY: DISTRICT_ONLY', enum_type=CatalogStandard, max_length=20),
        ),
        ops.AddField(
            model_name='Item',
            name='base_code',
            field=fields.CharField(null=True, max_length=32),
        ),
    ]
