from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('hub', '0011_cases')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Issuance',
            name='by_agent',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Issuance',
            name='deliverer',
            field=fields.ForeignKeyField('hub.Staff', source_field='deliverer_id', null=True, db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Rectification',
            name='callback_result',
            field=fields.CharField(default='', max_length=16),
        ),
        ops.AddField(
            model_name='Rectification',
            name='closed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
