from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# A booking made from an item's checklist names the item; the ticket checked in from it carries it.

class Migration(migrations.Migration):
    dependencies = [('hub', '0023_decided_by_officer')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Appointment',
            name='item_code',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Ticket',
            name='item_code',
            field=fields.CharField(null=True, max_length=32),
        ),
    ]
