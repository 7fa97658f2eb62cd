from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import QuestionKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('hub', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Question',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('hub.Item', source_field='item_id', db_constraint=True, to_field='id', related_name='questions', on_delete=OnDelete.CASCADE)),
                ('code', fields.CharField(max_length=32)),
                ('text', fields.CharField(max_length=128)),
                ('help', fields.CharField(default='', max_length=255)),
                ('kind', fields.CharEnumField(description='SINGLE: SINGLE\nMULTIPLE: MULTIPLE\nYES_NO: YES_NO\nDATE: DATE\nNUMBER: NUMBER', enum_type=QuestionKind, max_length=16)),
                ('options', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('required', fields.BooleanField(default=True)),
                ('show_if', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'question', 'app': 'hub', 'unique_together': (('item', 'code'),), 'pk_attr': 'id', 'table_description': 'A situation question (情形) of an item, asked only when its show_if condition holds.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Material',
            name='deferrable_if',
            field=fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='Material',
            name='license_type',
            field=fields.CharField(null=True, max_length=32),
        ),
    ]
