from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# 叫号提醒: a ticket's holder may leave a phone to be texted when three people are ahead.

class Migration(migrations.Migration):
    dependencies = [('hub', '0032_payment')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Ticket',
            name='near_phone',
            field=fields.CharField(null=True, max_length=20),
        ),
    ]
