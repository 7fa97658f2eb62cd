from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import ClockMethod, MaterialKind, SessionSignIn
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('hub', '0005_training')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Attendance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('staff', fields.ForeignKeyField('hub.Staff', source_field='staff_id', db_constraint=True, to_field='id', related_name='attendance', on_delete=OnDelete.CASCADE)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='attendance', on_delete=OnDelete.RESTRICT)),
                ('day', fields.DateField()),
                ('clock_in_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('clock_in_method', fields.CharEnumField(description='QR: QR\nWORKBENCH: WORKBENCH', enum_type=ClockMethod, max_length=16)),
                ('clock_out_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('clock_out_method', fields.CharEnumField(null=True, description='QR: QR\nWORKBENCH: WORKBENCH', enum_type=ClockMethod, max_length=16)),
            ],
            options={'table': 'attendance', 'app': 'hub', 'unique_together': (('staff', 'day'),), 'indexes': [Index(fields=['day', 'service_point_id'])], 'pk_attr': 'id', 'table_description': 'One staff member on one local day: the first clock-in and the last clock-out.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Course',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('title', fields.CharField(max_length=128)),
                ('summary', fields.TextField(default='', unique=False)),
                ('department_code', fields.CharField(null=True, max_length=16)),
                ('published', fields.BooleanField(default=False)),
                ('sort', fields.IntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'course', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A training course that staff read or watch and mark as learned.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CourseCompletion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('course', fields.ForeignKeyField('hub.Course', source_field='course_id', db_constraint=True, to_field='id', related_name='completions', on_delete=OnDelete.CASCADE)),
                ('staff', fields.ForeignKeyField('hub.Staff', source_field='staff_id', db_constraint=True, to_field='id', related_name='course_completions', on_delete=OnDelete.CASCADE)),
                ('completed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'course_completion', 'app': 'hub', 'unique_together': (('course', 'staff'),), 'pk_attr': 'id', 'table_description': 'A staff member marked a course as learned (once).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MediaFile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sha256', fields.CharField(unique=True, max_length=64)),
                ('content_type', fields.CharField(max_length=64)),
                ('size', fields.BigIntField()),
                ('filename', fields.CharField(default='', max_length=255)),
                ('uploaded_by', fields.ForeignKeyField('hub.Staff', source_field='uploaded_by_id', null=True, db_constraint=True, to_field='id', related_name='uploaded_media', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'media_file', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'An uploaded video or document, stored under the data directory by its SHA-256.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CourseMaterial',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('course', fields.ForeignKeyField('hub.Course', source_field='course_id', db_constraint=True, to_field='id', related_name='materials', on_delete=OnDelete.CASCADE)),
                ('sort', fields.IntField(default=0)),
                ('kind', fields.CharEnumField(description='TEXT: TEXT\nVIDEO: VIDEO\nDOCUMENT: DOCUMENT', enum_type=MaterialKind, max_length=16)),
                ('title', fields.CharField(max_length=128)),
                ('text', fields.TextField(default='', unique=False)),
                ('markdown', fields.BooleanField(default=True)),
                ('media', fields.ForeignKeyField('hub.MediaFile', source_field='media_id', null=True, db_constraint=True, to_field='id', related_name='materials', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'course_material', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'One part of a course: text (markdown or plain), a video or a document file.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OpeningHours',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('service_point', fields.OneToOneField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='opening_hours', on_delete=OnDelete.CASCADE)),
                ('weekly', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('closed_dates', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('open_dates', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('grace_minutes', fields.IntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'opening_hours', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'Structured opening hours of a service point, inherited by the points below it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TrainingSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=128)),
                ('course', fields.ForeignKeyField('hub.Course', source_field='course_id', null=True, db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.SET_NULL)),
                ('service_point', fields.ForeignKeyField('hub.ServicePoint', source_field='service_point_id', db_constraint=True, to_field='id', related_name='training_sessions', on_delete=OnDelete.RESTRICT)),
                ('starts_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('place', fields.CharField(default='', max_length=255)),
                ('stream_url', fields.CharField(default='', max_length=500)),
                ('created_by', fields.ForeignKeyField('hub.Staff', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='organised_sessions', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'training_session', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A live or on-site training (直播或现场培训) with a roster of staff and their attendance.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SessionAttendee',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session', fields.ForeignKeyField('hub.TrainingSession', source_field='session_id', db_constraint=True, to_field='id', related_name='attendees', on_delete=OnDelete.CASCADE)),
                ('staff', fields.ForeignKeyField('hub.Staff', source_field='staff_id', db_constraint=True, to_field='id', related_name='session_attendance', on_delete=OnDelete.CASCADE)),
                ('attended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sign_in', fields.CharEnumField(null=True, description='SELF: SELF\nSUPERVISOR: SUPERVISOR', enum_type=SessionSignIn, max_length=16)),
                ('marked_by', fields.ForeignKeyField('hub.Staff', source_field='marked_by_id', null=True, db_constraint=True, to_field='id', related_name='marked_attendance', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'session_attendee', 'app': 'hub', 'unique_together': (('session', 'staff'),), 'pk_attr': 'id', 'table_description': 'A staff member on the roster of a session, and whether and how they attended.'},
            bases=['Model'],
        ),
    ]
