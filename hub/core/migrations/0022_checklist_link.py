from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# Short links to tailored checklists, printed on the one-time notice (resolvers/catalog/links.py).

class Migration(migrations.Migration):
    dependencies = [('hub', '0020_finish_points')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ChecklistLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=16)),
                ('item_code', fields.CharField(max_length=32)),
                ('answers', fields.JSONField(default=dict)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'checklist_link', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A short link to one tailored checklist (item code plus answers), printed on the one-time'},
            bases=['Model'],
        ),
    ]
