from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# Residents' SMS login codes: one live row per mobile number, a keyed hash of the code, expiry,
# attempts and the compare-and-set stamp of its single use (resolvers/citizens/sms_login.py).

class Migration(migrations.Migration):
    dependencies = [('hub', '0026_hot_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('phone', fields.CharField(unique=True, max_length=11)),
                ('generation', fields.IntField(default=1)),
                ('code_hash', fields.CharField(max_length=64)),
                ('sent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'citizen_login_code', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'The one live SMS login code of a mobile number: a new request replaces it in place'},
            bases=['Model'],
        ),
    ]
