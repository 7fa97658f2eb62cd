from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# Idempotency keys of retried writes (intakeCase, openApplication, bookAppointment, takeTicket):
# written in the transaction of the write, unique per scope, actor and key (hub/core/idempotency.py).

class Migration(migrations.Migration):
    dependencies = [('hub', '0017_one_call_per_window')]

    initial = False

    operations = [
        ops.CreateModel(
            name='IdempotencyKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scope', fields.CharField(max_length=32)),
                ('actor', fields.CharField(max_length=64)),
                ('key', fields.CharField(max_length=100)),
                ('fingerprint', fields.CharField(max_length=64)),
                ('result_id', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idempotency_key', 'app': 'hub', 'unique_together': (('scope', 'actor', 'key'),), 'pk_attr': 'id', 'table_description': "A client's key for one write, stored in the write's own transaction: a retry with the same"},
            bases=['Model'],
        ),
    ]
