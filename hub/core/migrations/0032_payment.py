from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

# 统一支付 (DECISIONS §54): an item's fees as data, the fees frozen on a case, payment orders,
# payments, refunds, their audit log and the reconciliation's differences. Only new tables and
# one nullable column: nothing existing is rewritten.

class Migration(migrations.Migration):
    dependencies = [('hub', '0030_notifications')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CaseFee',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('hub.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='fees', on_delete=OnDelete.RESTRICT)),
                ('item_version', fields.IntField()),
                ('code', fields.CharField(max_length=32)),
                ('name', fields.CharField(max_length=64)),
                ('amount', fields.IntField()),
                ('due', fields.CharField(max_length=16)),
                ('basis', fields.CharField(max_length=255)),
                ('waived', fields.BooleanField(default=False)),
                ('waiver', fields.CharField(default='', max_length=128)),
                ('sort', fields.IntField(default=0)),
            ],
            options={'table': 'case_fee', 'app': 'hub', 'unique_together': (('case_id', 'code'),), 'pk_attr': 'id', 'table_description': 'One fee of a case, frozen at filing from the item version the case was filed under'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PaymentOrder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('case', fields.ForeignKeyField('hub.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='payment_orders', on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('hub.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='payment_orders', on_delete=OnDelete.RESTRICT)),
                ('payer_name', fields.CharField(max_length=128)),
                ('amount', fields.IntField()),
                ('lines', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('due', fields.CharField(max_length=16)),
                ('status', fields.CharField(default='UNPAID', max_length=16)),
                ('slot', fields.IntField(null=True, unique=True)),
                ('version', fields.IntField(default=1)),
                ('code_url', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('paid_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('receipt_number', fields.CharField(null=True, unique=True, max_length=32)),
            ],
            options={'table': 'payment_order', 'app': 'hub', 'indexes': [Index(fields=['status', 'expires_at']), Index(fields=['case_id', 'id'])], 'pk_attr': 'id', 'table_description': '支付订单: what a payer owes for one case, as sent to the payment platform'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Payment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.OneToOneField('hub.PaymentOrder', source_field='order_id', db_constraint=True, to_field='id', related_name='payment', on_delete=OnDelete.RESTRICT)),
                ('transaction_id', fields.CharField(unique=True, max_length=64)),
                ('amount', fields.IntField()),
                ('paid_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('source', fields.CharField(max_length=16)),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'payment', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A payment the platform reported (notification or query): at most one per order.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PaymentLog',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.ForeignKeyField('hub.PaymentOrder', source_field='order_id', null=True, db_constraint=True, to_field='id', related_name='log', on_delete=OnDelete.RESTRICT)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('action', fields.CharField(max_length=32)),
                ('actor', fields.CharField(default='', max_length=64)),
                ('detail', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'payment_log', 'app': 'hub', 'indexes': [Index(fields=['order_id', 'id'])], 'pk_attr': 'id', 'table_description': 'The audit trail of orders: every change and every notification received (also forged,'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Refund',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('order', fields.OneToOneField('hub.PaymentOrder', source_field='order_id', db_constraint=True, to_field='id', related_name='refund', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.IntField()),
                ('reason', fields.CharField(max_length=128)),
                ('status', fields.CharField(default='PENDING', max_length=16)),
                ('refund_id', fields.CharField(null=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('succeeded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'payment_refund', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A refund of a payment (退款): asked of the platform through the outbox, confirmed by its'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StatementDiff',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('day', fields.DateField()),
                ('kind', fields.CharField(max_length=24)),
                ('entry', fields.CharField(max_length=8)),
                ('reference', fields.CharField(max_length=64)),
                ('hub_amount', fields.IntField(null=True)),
                ('platform_amount', fields.IntField(null=True)),
                ('found_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolved_by', fields.CharField(default='', max_length=64)),
                ('note', fields.CharField(default='', max_length=255)),
            ],
            options={'table': 'statement_diff', 'app': 'hub', 'unique_together': (('day', 'entry', 'reference', 'kind'),), 'pk_attr': 'id', 'table_description': "对账差异: one difference between the platform's daily statement and the hub's records,"},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='DepartmentOffice',
            options={'table': 'department_office', 'app': 'hub', 'unique_together': (('department', 'point'),), 'pk_attr': 'id', 'table_description': 'The office through which a department decides at one service point, where its name is'},
        ),
        ops.AddField(
            model_name='Item',
            name='fees',
            field=fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads),
        ),
    ]
