from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('hub', '0003_catalog_versions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Person',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('id_number', fields.CharField(unique=True, max_length=18)),
                ('name', fields.CharField(max_length=64)),
                ('phone', fields.CharField(default='', max_length=32)),
                ('address', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'person', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A natural person, registered once and reused on later visits (seed 003).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ElectronicLicense',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('hub.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='licenses', on_delete=OnDelete.CASCADE)),
                ('license_type', fields.CharField(max_length=32)),
                ('number', fields.CharField(max_length=64)),
                ('issuer', fields.CharField(max_length=128)),
                ('issued_on', fields.DateField()),
                ('valid_until', fields.DateField(null=True)),
                ('revoked', fields.BooleanField(default=False)),
            ],
            options={'table': 'electronic_license', 'app': 'hub', 'unique_together': (('person', 'license_type', 'number'),), 'pk_attr': 'id', 'table_description': 'A licence or base record shared from its issuing department. A valid one spares the'},
            bases=['Model'],
        ),
    ]
