"""Training (持证上岗): the exam question bank, exams and their parts, attempts, certificates."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import AttemptStatus, ExamQuestionType, QuestionCategory


class ExamQuestion(Model):
    """A question of the exam bank. Attempts copy what they show, so an edit never alters a paper.

    options is a list of key and text pairs, answer the keys of the correct options.
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    category = fields.CharEnumField(QuestionCategory, max_length=16)
    # Business questions may belong to one department, null meaning every front desk.
    department_code = fields.CharField(max_length=16, null=True)
    type = fields.CharEnumField(ExamQuestionType, max_length=16)
    text = fields.TextField()
    options: fields.JSONField[list[dict]] = fields.JSONField(default=list)
    answer: fields.JSONField[list[str]] = fields.JSONField(default=list)
    tags: fields.JSONField[list[str]] = fields.JSONField(default=list)
    explanation = fields.TextField(default="")
    difficulty = fields.SmallIntField(default=3)
    active = fields.BooleanField(default=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "exam_question"
        ordering = ["id"]


class Exam(Model):
    """An exam definition. Passing every part earns a certificate with the scope of the exam."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    title = fields.CharField(max_length=128)
    description = fields.TextField(default="")
    time_limit_minutes = fields.IntField()
    max_attempts = fields.IntField()
    cooldown_minutes = fields.IntField(default=0)
    link_valid_minutes = fields.IntField(default=15)
    # The certificate scope: queue categories and department codes the holder may serve.
    scope_categories: fields.JSONField[list[str]] = fields.JSONField(default=list)
    scope_departments: fields.JSONField[list[str]] = fields.JSONField(default=list)
    active = fields.BooleanField(default=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "exam"
        ordering = ["id"]


class ExamPart(Model):
    """A part of an exam drawing question_count random bank questions by category and tags."""

    id = fields.IntField(primary_key=True)
    exam: fields.ForeignKeyRelation[Exam] = fields.ForeignKeyField(
        "hub.Exam", related_name="parts", on_delete=fields.CASCADE
    )
    sort = fields.IntField(default=0)
    name = fields.CharField(max_length=32)
    category = fields.CharEnumField(QuestionCategory, max_length=16)
    department_code = fields.CharField(max_length=16, null=True)
    tags: fields.JSONField[list[str]] = fields.JSONField(default=list)  # any of them, empty for all
    question_count = fields.IntField()
    pass_percent = fields.IntField()

    class Meta:
        table = "exam_part"
        unique_together = (("exam", "sort"),)
        ordering = ["sort"]


class ExamAttempt(Model):
    """One sitting of an exam by one staff member, from the QR link to the graded paper.

    The link and the phone session are single-use secrets (link_nonce, session_nonce). State
    changes are compare-and-set updates on status. seq numbers the started attempts of a staff
    member per exam, and its uniqueness keeps two links from starting at the same time.
    """

    id = fields.IntField(primary_key=True)
    exam: fields.ForeignKeyRelation[Exam] = fields.ForeignKeyField(
        "hub.Exam", related_name="attempts", on_delete=fields.RESTRICT
    )
    staff: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="exam_attempts", on_delete=fields.RESTRICT
    )
    opened_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="opened_exam_attempts", null=True, on_delete=fields.SET_NULL
    )
    exam_id: int  # the foreign key columns, for type checkers
    staff_id: int
    status = fields.CharEnumField(AttemptStatus, max_length=16, default=AttemptStatus.ISSUED)
    seq = fields.IntField(null=True)
    link_nonce = fields.CharField(max_length=32, unique=True)
    link_expires_at = fields.DatetimeField()
    session_nonce = fields.CharField(max_length=32, null=True)
    created_at = fields.DatetimeField()
    started_at = fields.DatetimeField(null=True)
    deadline = fields.DatetimeField(null=True)
    submitted_at = fields.DatetimeField(null=True)
    timed_out = fields.BooleanField(default=False)
    # The frozen paper with answers and explanations, never sent before submission.
    paper: fields.JSONField[dict] = fields.JSONField(default=dict)
    answers: fields.JSONField[dict] = fields.JSONField(default=dict)
    result: fields.JSONField[dict | None] = fields.JSONField(null=True)
    passed = fields.BooleanField(null=True)

    class Meta:
        table = "exam_attempt"
        unique_together = (("staff", "exam", "seq"),)
        ordering = ["id"]


class Certificate(Model):
    """A work permit (上岗证) issued by passing an exam, checked at call time by training.gate."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=20, unique=True)
    staff: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="certificates", on_delete=fields.RESTRICT
    )
    exam: fields.ForeignKeyNullableRelation[Exam] = fields.ForeignKeyField(
        "hub.Exam", related_name="certificates", null=True, on_delete=fields.RESTRICT
    )
    # One certificate per attempt at most, a second guard against grading twice.
    attempt: fields.OneToOneNullableRelation[ExamAttempt] = fields.OneToOneField(
        "hub.ExamAttempt", related_name="certificate", null=True, on_delete=fields.RESTRICT
    )
    holder_name = fields.CharField(max_length=64)
    exam_title = fields.CharField(max_length=128)
    scope_categories: fields.JSONField[list[str]] = fields.JSONField(default=list)
    scope_departments: fields.JSONField[list[str]] = fields.JSONField(default=list)
    issued_on = fields.DateField()
    valid_until = fields.DateField(db_index=True)
    revoked = fields.BooleanField(default=False)
    revoked_reason = fields.CharField(max_length=255, default="")
    revoked_at = fields.DatetimeField(null=True)
    revoked_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="revoked_certificates", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "certificate"
        ordering = ["id"]
        indexes = (("staff_id", "valid_until"),)  # the gate reads a staff member's certificates
