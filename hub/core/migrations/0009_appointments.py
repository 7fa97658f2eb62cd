from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import AppointmentStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('hub', '0008_whistle')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AppointmentSlot',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='appointment_slots', on_delete=OnDelete.CASCADE)),
                ('category', fields.ForeignKeyField('hub.QueueCategory', source_field='category_id', db_constraint=True, to_field='id', related_name='appointment_slots', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('capacity', fields.IntField()),
                ('booked', fields.IntField(default=0)),
            ],
            options={'table': 'appointment_slot', 'app': 'hub', 'unique_together': (('category', 'starts_at'),), 'indexes': [Index(fields=['category_id', 'day'])], 'pk_attr': 'id', 'table_description': 'The counter of one time slot of one queue category, created by the first booking.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Appointment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(db_index=True, max_length=12)),
                ('active_code', fields.CharField(null=True, unique=True, max_length=12)),
                ('active_key', fields.CharField(null=True, unique=True, max_length=64)),
                ('slot', fields.ForeignKeyField('hub.AppointmentSlot', source_field='slot_id', db_constraint=True, to_field='id', related_name='appointments', on_delete=OnDelete.CASCADE)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='appointments', on_delete=OnDelete.CASCADE)),
                ('category', fields.ForeignKeyField('hub.QueueCategory', source_field='category_id', db_constraint=True, to_field='id', related_name='appointments', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('person', fields.ForeignKeyField('hub.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='appointments', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=64)),
                ('phone', fields.CharField(max_length=20)),
                ('channel', fields.CharField(default='PC', max_length=16)),
                ('status', fields.CharEnumField(default=AppointmentStatus.BOOKED, description='BOOKED: BOOKED\nCHECKED_IN: CHECKED_IN\nCANCELLED: CANCELLED\nMISSED: MISSED', enum_type=AppointmentStatus, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ticket', fields.ForeignKeyField('hub.Ticket', source_field='ticket_id', null=True, db_constraint=True, to_field='id', related_name='appointments', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'appointment', 'app': 'hub', 'indexes': [Index(fields=['status', 'starts_at'])], 'pk_attr': 'id', 'table_description': 'One booking by one resident. active_code and active_key are set only while the booking'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='QueueCategory',
            name='slot_capacity',
            field=fields.IntField(default=4),
        ),
    ]
