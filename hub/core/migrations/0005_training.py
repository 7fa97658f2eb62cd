from tortoise import migrations
from tortoise.migrations import operations as ops
from hub.core.models.enums import AttemptStatus, ExamQuestionType, QuestionCategory
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('hub', '0004_people')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Exam',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('title', fields.CharField(max_length=128)),
                ('description', fields.TextField(default='', unique=False)),
                ('time_limit_minutes', fields.IntField()),
                ('max_attempts', fields.IntField()),
                ('cooldown_minutes', fields.IntField(default=0)),
                ('link_valid_minutes', fields.IntField(default=15)),
                ('scope_categories', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('scope_departments', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('active', fields.BooleanField(default=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'exam', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'An exam definition. Passing every part earns a certificate with the scope of the exam.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExamAttempt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('exam', fields.ForeignKeyField('hub.Exam', source_field='exam_id', db_constraint=True, to_field='id', related_name='attempts', on_delete=OnDelete.RESTRICT)),
                ('staff', fields.ForeignKeyField('hub.Staff', source_field='staff_id', db_constraint=True, to_field='id', related_name='exam_attempts', on_delete=OnDelete.RESTRICT)),
                ('opened_by', fields.ForeignKeyField('hub.Staff', source_field='opened_by_id', null=True, db_constraint=True, to_field='id', related_name='opened_exam_attempts', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=AttemptStatus.ISSUED, description='ISSUED: ISSUED\nRUNNING: RUNNING\nSUBMITTED: SUBMITTED\nCANCELLED: CANCELLED', enum_type=AttemptStatus, max_length=16)),
                ('seq', fields.IntField(null=True)),
                ('link_nonce', fields.CharField(unique=True, max_length=32)),
                ('link_expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('session_nonce', fields.CharField(null=True, max_length=32)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('deadline', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('timed_out', fields.BooleanField(default=False)),
                ('paper', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('answers', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('result', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('passed', fields.BooleanField(null=True)),
            ],
            options={'table': 'exam_attempt', 'app': 'hub', 'unique_together': (('staff', 'exam', 'seq'),), 'pk_attr': 'id', 'table_description': 'One sitting of an exam by one staff member, from the QR link to the graded paper.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Certificate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=20)),
                ('staff', fields.ForeignKeyField('hub.Staff', source_field='staff_id', db_constraint=True, to_field='id', related_name='certificates', on_delete=OnDelete.RESTRICT)),
                ('exam', fields.ForeignKeyField('hub.Exam', source_field='exam_id', null=True, db_constraint=True, to_field='id', related_name='certificates', on_delete=OnDelete.RESTRICT)),
                ('attempt', fields.OneToOneField('hub.ExamAttempt', source_field='attempt_id', null=True, db_constraint=True, to_field='id', related_name='certificate', on_delete=OnDelete.RESTRICT)),
                ('holder_name', fields.CharField(max_length=64)),
                ('exam_title', fields.CharField(max_length=128)),
                ('scope_categories', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('scope_departments', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('issued_on', fields.DateField()),
                ('valid_until', fields.DateField(db_index=True)),
                ('revoked', fields.BooleanField(default=False)),
                ('revoked_reason', fields.CharField(default='', max_length=255)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_by', fields.ForeignKeyField('hub.Staff', source_field='revoked_by_id', null=True, db_constraint=True, to_field='id', related_name='revoked_certificates', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'certificate', 'app': 'hub', 'indexes': [Index(fields=['staff_id', 'valid_until'])], 'pk_attr': 'id', 'table_description': 'A work permit (上岗证) issued by passing an exam, checked at call time by training.gate.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExamPart',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('exam', fields.ForeignKeyField('hub.Exam', source_field='exam_id', db_constraint=True, to_field='id', related_name='parts', on_delete=OnDelete.CASCADE)),
                ('sort', fields.IntField(default=0)),
                ('name', fields.CharField(max_length=32)),
                ('category', fields.CharEnumField(description='BUSINESS: BUSINESS\nSYSTEM: SYSTEM', enum_type=QuestionCategory, max_length=16)),
                ('department_code', fields.CharField(null=True, max_length=16)),
                ('tags', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('question_count', fields.IntField()),
                ('pass_percent', fields.IntField()),
            ],
            options={'table': 'exam_part', 'app': 'hub', 'unique_together': (('exam', 'sort'),), 'pk_attr': 'id', 'table_description': 'A part of an exam drawing question_count random bank questions by category and tags.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExamQuestion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('category', fields.CharEnumField(description='BUSINESS: BUSINESS\nSYSTEM: SYSTEM', enum_type=QuestionCategory, max_length=16)),
                ('department_code', fields.CharField(null=True, max_length=16)),
                ('type', fields.CharEnumField(description='SINGLE: SINGLE\nMULTIPLE: MULTIPLE\nTRUE_FALSE: TRUE_FALSE', enum_type=ExamQuestionType, max_length=16)),
                ('text', fields.TextField(unique=False)),
                ('options', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('answer', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('tags', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('explanation', fields.TextField(default='', unique=False)),
                ('difficulty', fields.SmallIntField(default=3)),
                ('active', fields.BooleanField(default=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'exam_question', 'app': 'hub', 'pk_attr': 'id', 'table_description': 'A question of the exam bank. Attempts copy what they show, so an edit never alters a paper.'},
            bases=['Model'],
        ),
    ]
