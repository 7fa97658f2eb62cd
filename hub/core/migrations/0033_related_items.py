from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import RelationSource, RelationStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

# Related items (主动办好一串事): curated and mined relations between items, scoped to the city or a
# district, and the offers made after each case with the case filed from them (DECISIONS §52).

class Migration(migrations.Migration):
    dependencies = [('hub', '0034_greeter_precheck')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ItemRelation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('from_code', fields.CharField(max_length=32)),
                ('to_code', fields.CharField(max_length=32)),
                ('reason', fields.CharField(default='', max_length=255)),
                ('source', fields.CharEnumField(description='CURATED: CURATED\nMINED: MINED', enum_type=RelationSource, max_length=16)),
                ('status', fields.CharEnumField(description='ACTIVE: ACTIVE\nSUGGESTED: SUGGESTED\nACCEPTED: ACCEPTED\nREJECTED: REJECTED\nHIDDEN: HIDDEN', enum_type=RelationStatus, max_length=16)),
                ('scope', fields.CharField(default='', max_length=32)),
                ('support', fields.IntField(default=0)),
                ('confidence', fields.FloatField(default=0)),
                ('mined_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.CharField(default='', max_length=64)),
                ('decided_by', fields.CharField(default='', max_length=64)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'item_relation', 'app': 'hub', 'unique_together': (('from_code', 'to_code', 'scope'),), 'indexes': [Index(fields=['status', 'confidence'])], 'pk_attr': 'id', 'table_description': 'Item from_code → item to_code with the reason the applicant reads.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RelatedOffer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('hub.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='related_offers', on_delete=OnDelete.RESTRICT)),
                ('relation', fields.ForeignKeyField('hub.ItemRelation', source_field='relation_id', db_constraint=True, to_field='id', related_name='offers', on_delete=OnDelete.RESTRICT)),
                ('item_code', fields.CharField(max_length=32)),
                ('reason', fields.CharField(default='', max_length=255)),
                ('offered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('taken_case', fields.ForeignKeyField('hub.Case', source_field='taken_case_id', null=True, db_constraint=True, to_field='id', related_name='taken_offers', on_delete=OnDelete.RESTRICT)),
                ('taken_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'related_offer', 'app': 'hub', 'unique_together': (('case', 'item_code'),), 'indexes': [Index(fields=['offered_at'])], 'pk_attr': 'id', 'table_description': 'One related item offered after one case, and the case filed from it.'},
            bases=['Model'],
        ),
    ]
