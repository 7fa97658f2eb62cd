"""Courses with their materials, media files, course completions and live training sessions."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import MaterialKind, SessionSignIn


class MediaFile(Model):
    """An uploaded video or document, stored under the data directory by its SHA-256.

    The content type is read from the bytes at upload, never taken from the client.
    """

    id = fields.IntField(primary_key=True)
    sha256 = fields.CharField(max_length=64, unique=True)
    content_type = fields.CharField(max_length=64)
    size = fields.BigIntField()
    filename = fields.CharField(max_length=255, default="")
    uploaded_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="uploaded_media", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "media_file"
        ordering = ["id"]


class Course(Model):
    """A training course that staff read or watch and mark as learned."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    title = fields.CharField(max_length=128)
    summary = fields.TextField(default="")
    department_code = fields.CharField(max_length=16, null=True)
    published = fields.BooleanField(default=False)
    sort = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "course"
        ordering = ["sort", "id"]


class CourseMaterial(Model):
    """One part of a course: text (markdown or plain), a video or a document file."""

    id = fields.IntField(primary_key=True)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "hub.Course", related_name="materials", on_delete=fields.CASCADE
    )
    course_id: int
    sort = fields.IntField(default=0)
    kind = fields.CharEnumField(MaterialKind, max_length=16)
    title = fields.CharField(max_length=128)
    text = fields.TextField(default="")
    markdown = fields.BooleanField(default=True)
    media: fields.ForeignKeyNullableRelation[MediaFile] = fields.ForeignKeyField(
        "hub.MediaFile", related_name="materials", null=True, on_delete=fields.RESTRICT
    )
    media_id: int | None

    class Meta:
        table = "course_material"
        ordering = ["sort", "id"]


class CourseCompletion(Model):
    """A staff member marked a course as learned (once)."""

    id = fields.IntField(primary_key=True)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "hub.Course", related_name="completions", on_delete=fields.CASCADE
    )
    staff: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="course_completions", on_delete=fields.CASCADE
    )
    course_id: int
    staff_id: int
    completed_at = fields.DatetimeField()

    class Meta:
        table = "course_completion"
        unique_together = (("course", "staff"),)


class TrainingSession(Model):
    """A live or on-site training (直播或现场培训) with a roster of staff and their attendance."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=128)
    course: fields.ForeignKeyNullableRelation[Course] = fields.ForeignKeyField(
        "hub.Course", related_name="sessions", null=True, on_delete=fields.SET_NULL
    )
    course_id: int | None
    # The organising point: the session is visible to managers whose subtree holds it.
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="training_sessions", on_delete=fields.RESTRICT
    )
    service_point_id: int
    starts_at = fields.DatetimeField(db_index=True)
    ends_at = fields.DatetimeField()
    place = fields.CharField(max_length=255, default="")
    stream_url = fields.CharField(max_length=500, default="")
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="organised_sessions", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "training_session"
        ordering = ["starts_at", "id"]


class SessionAttendee(Model):
    """A staff member on the roster of a session, and whether and how they attended."""

    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[TrainingSession] = fields.ForeignKeyField(
        "hub.TrainingSession", related_name="attendees", on_delete=fields.CASCADE
    )
    staff: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="session_attendance", on_delete=fields.CASCADE
    )
    session_id: int
    staff_id: int
    attended_at = fields.DatetimeField(null=True)
    sign_in = fields.CharEnumField(SessionSignIn, max_length=16, null=True)
    marked_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="marked_attendance", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "session_attendee"
        unique_together = (("session", "staff"),)
        ordering = ["id"]
