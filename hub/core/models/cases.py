"""Cases (办件): intake, materials and their files, the audit trail, supplements with
annotations, information checks, AB posts, issuance, ratings and rectification, joint
applications (一件事联办) and the notices staff receive about them.

Cases, materials, files and log rows are never deleted: every foreign key that points at a case
restricts deletion.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from hub.core.models.enums import (
    AnnotationKind,
    CaseChannel,
    CaseMaterialStatus,
    CaseStatus,
    InfoCheckStatus,
    IssueMethod,
    NoticeKind,
    RectificationStatus,
)


class Company(Model):
    """A legal entity applicant, registered once by its unified social credit code."""

    id = fields.IntField(primary_key=True)
    credit_code = fields.CharField(max_length=18, unique=True)
    name = fields.CharField(max_length=128)
    legal_representative = fields.CharField(max_length=64, default="")
    phone = fields.CharField(max_length=32, default="")
    address = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "company"


class CaseCounter(Model):
    """The last sequence number handed out for one case-number prefix (region code + date).
    Incremented with one UPDATE so two intakes never get the same number."""

    id = fields.IntField(primary_key=True)
    prefix = fields.CharField(max_length=16, unique=True)
    last_seq = fields.IntField(default=0)

    class Meta:
        table = "case_counter"


class Bundle(Model):
    """A joint-application definition (一件事), e.g. 新生儿出生一件事."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=64)
    description = fields.TextField(default="")
    item_codes: fields.JSONField[list[str]] = fields.JSONField(default=list)
    # shared fields collected once: [{"code": ..., "label": ..., "required": bool}]
    shared_fields: fields.JSONField[list[dict]] = fields.JSONField(default=list)
    active = fields.BooleanField(default=True)
    sort = fields.IntField(default=0)

    class Meta:
        table = "bundle"
        ordering = ["sort", "code"]


class Application(Model):
    """One joint application: the shared fields and one signature, several linked cases."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    bundle: fields.ForeignKeyRelation[Bundle] = fields.ForeignKeyField(
        "hub.Bundle", related_name="applications", on_delete=fields.RESTRICT
    )
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Person", related_name="applications", null=True, on_delete=fields.RESTRICT
    )
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="applications", on_delete=fields.RESTRICT
    )
    channel = fields.CharEnumField(CaseChannel, max_length=16)
    received_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="received_applications", null=True, on_delete=fields.RESTRICT
    )
    shared: fields.JSONField[dict] = fields.JSONField(default=dict)
    signed_name = fields.CharField(max_length=64, default="")
    signed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "application"


class Case(Model):
    """One item for one applicant (办件): its number, frozen checklist, status and clock."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    # what: the item as it was when the case was received (the catalogue may change later)
    item: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Item", related_name="cases", on_delete=fields.RESTRICT
    )
    item_code = fields.CharField(max_length=32)
    item_name = fields.CharField(max_length=128)
    item_version = fields.IntField()
    instant = fields.BooleanField(default=False)  # 即办件
    answers: fields.JSONField[dict] = fields.JSONField(default=dict)
    # who decides: the owning department at the deciding level's service point
    department: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Department", related_name="cases", on_delete=fields.RESTRICT
    )
    decide_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="decided_cases", on_delete=fields.RESTRICT
    )
    decide_path = fields.CharField(max_length=255)  # the deciding point's path, for scoping
    # where and how it came in
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="received_cases", on_delete=fields.RESTRICT
    )
    point_path = fields.CharField(max_length=255)  # the receiving point's path, for scoping
    # where the result is handed out (统一窗口出件): the receiving point when it has an issuance
    # window, else the nearest point above it that has one (a community's street centre)
    finish_point: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="finished_cases", null=True, on_delete=fields.RESTRICT
    )
    channel = fields.CharEnumField(CaseChannel, max_length=16)
    received_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="received_cases", null=True, on_delete=fields.RESTRICT
    )
    ticket: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Ticket", related_name="cases", null=True, on_delete=fields.RESTRICT
    )
    application: fields.ForeignKeyNullableRelation[Application] = fields.ForeignKeyField(
        "hub.Application", related_name="cases", null=True, on_delete=fields.RESTRICT
    )
    # who applies: a person (also the agent of a company), optionally a company
    person: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Person", related_name="cases", on_delete=fields.RESTRICT
    )
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "hub.Company", related_name="cases", null=True, on_delete=fields.RESTRICT
    )
    applicant_name = fields.CharField(max_length=128)  # the person, or the company
    contact_phone = fields.CharField(max_length=32, default="")
    # state
    status = fields.CharEnumField(CaseStatus, max_length=16)
    version = fields.IntField(default=1)  # bumped by every transition (compare-and-set)
    assignee: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="assigned_cases", null=True, on_delete=fields.RESTRICT
    )
    offered_to_backup = fields.BooleanField(default=False)  # AB岗: B may claim it too
    supplement_round = fields.IntField(default=0)
    # the clock, in working days (承诺时限 / 法定时限)
    submitted_at = fields.DatetimeField()  # filed (online: the pre-application)
    accepted_at = fields.DatetimeField(null=True)  # 受理: the clock starts
    promised_days = fields.IntField(default=0)
    legal_days = fields.IntField(default=0)
    due_on = fields.DateField(null=True)
    legal_due_on = fields.DateField(null=True)
    remind_on = fields.DateField(null=True)
    due_provisional = fields.BooleanField(default=False)
    paused_since = fields.DatetimeField(null=True)
    paused_workdays = fields.IntField(default=0)
    reminded_at = fields.DatetimeField(null=True)
    escalated_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    decision_note = fields.TextField(default="")
    issue_method = fields.CharEnumField(IssueMethod, max_length=16, default=IssueMethod.PICKUP)
    delivery_address = fields.CharField(max_length=255, default="")
    issued_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "service_case"
        indexes = (
            ("department_id", "status"),
            ("service_point_id", "submitted_at"),
            ("status", "due_on"),
            ("person_id",),
            ("submitted_at",),
        )


class StoredFile(Model):
    """The bytes of an uploaded material, stored once by SHA-256 outside the web root."""

    id = fields.IntField(primary_key=True)
    sha256 = fields.CharField(max_length=64, unique=True)
    content_type = fields.CharField(max_length=64)
    size = fields.BigIntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "stored_file"


class CaseMaterial(Model):
    """One line of the case's frozen checklist and what was collected for it."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "hub.Case", related_name="materials", on_delete=fields.RESTRICT
    )
    material_id = fields.IntField(null=True)  # the catalogue material it was tailored from
    name = fields.CharField(max_length=128)
    form = fields.CharField(max_length=20)
    count = fields.IntField(default=1)
    requirement = fields.CharField(max_length=16)
    reason = fields.CharField(max_length=255, default="")
    license_type = fields.CharField(max_length=32, null=True)
    status = fields.CharEnumField(CaseMaterialStatus, max_length=16)
    original_seen = fields.BooleanField(default=False)
    sort = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "case_material"
        ordering = ["sort", "id"]


class CaseFile(Model):
    """A file handed in for a material (a scan, a photo, a PDF), in a supplement round."""

    id = fields.IntField(primary_key=True)
    material: fields.ForeignKeyRelation[CaseMaterial] = fields.ForeignKeyField(
        "hub.CaseMaterial", related_name="files", on_delete=fields.RESTRICT
    )
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "hub.Case", related_name="files", on_delete=fields.RESTRICT
    )
    stored: fields.ForeignKeyRelation[StoredFile] = fields.ForeignKeyField(
        "hub.StoredFile", related_name="uses", on_delete=fields.RESTRICT
    )
    filename = fields.CharField(max_length=255, default="")
    round = fields.IntField(default=0)  # 0: intake, n: the n-th supplement
    uploaded_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="uploaded_case_files", null=True, on_delete=fields.RESTRICT
    )
    channel = fields.CharEnumField(CaseChannel, max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "case_file"
        ordering = ["id"]


class CaseLog(Model):
    """The append-only audit trail: who did what, when, from which terminal and point."""

    id = fields.BigIntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "hub.Case", related_name="log", on_delete=fields.RESTRICT
    )
    at = fields.DatetimeField()
    action = fields.CharField(max_length=32)
    from_status = fields.CharField(max_length=16, null=True)
    to_status = fields.CharField(max_length=16, null=True)
    actor: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="case_actions", null=True, on_delete=fields.RESTRICT
    )
    actor_name = fields.CharField(max_length=64)  # staff name, 申请人, 系统
    channel = fields.CharField(max_length=16)  # the terminal it came from
    service_point: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="case_actions", null=True, on_delete=fields.RESTRICT
    )
    detail: fields.JSONField[dict] = fields.JSONField(default=dict)

    class Meta:
        table = "case_log"
        ordering = ["id"]


class SupplementRequest(Model):
    """A 补件 (or pre-review return) round: what the back office asked for and when it came."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "hub.Case", related_name="supplements", on_delete=fields.RESTRICT
    )
    round = fields.IntField()
    stage = fields.CharField(max_length=16)  # PREREVIEW | REVIEW
    note = fields.TextField(default="")
    requested_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="supplement_requests", on_delete=fields.RESTRICT
    )
    requested_at = fields.DatetimeField()
    fulfilled_at = fields.DatetimeField(null=True)
    fulfilled_channel = fields.CharField(max_length=16, null=True)

    class Meta:
        table = "supplement_request"
        unique_together = (("case", "round"),)


class Annotation(Model):
    """A note on a non-conforming material: its type, free text, optionally a box on a file
    (x, y, w, h as fractions of the image)."""

    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[SupplementRequest] = fields.ForeignKeyField(
        "hub.SupplementRequest", related_name="annotations", on_delete=fields.RESTRICT
    )
    material: fields.ForeignKeyRelation[CaseMaterial] = fields.ForeignKeyField(
        "hub.CaseMaterial", related_name="annotations", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(AnnotationKind, max_length=16)
    text = fields.CharField(max_length=255, default="")
    file: fields.ForeignKeyNullableRelation[CaseFile] = fields.ForeignKeyField(
        "hub.CaseFile", related_name="annotations", null=True, on_delete=fields.RESTRICT
    )
    box: fields.JSONField[dict | None] = fields.JSONField(null=True)

    class Meta:
        table = "annotation"
        ordering = ["id"]


class InfoCheck(Model):
    """信息校验: the front desk doubts a datum, the owning department confirms or corrects it."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "hub.Case", related_name="info_checks", on_delete=fields.RESTRICT
    )
    field = fields.CharField(max_length=64)
    value = fields.CharField(max_length=255)
    note = fields.CharField(max_length=255, default="")
    status = fields.CharEnumField(InfoCheckStatus, max_length=16, default=InfoCheckStatus.OPEN)
    flagged_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="flagged_checks", on_delete=fields.RESTRICT
    )
    flagged_at = fields.DatetimeField()
    corrected_value = fields.CharField(max_length=255, null=True)
    answer = fields.CharField(max_length=255, default="")
    resolved_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="resolved_checks", null=True, on_delete=fields.RESTRICT
    )
    resolved_at = fields.DatetimeField(null=True)

    class Meta:
        table = "info_check"
        ordering = ["id"]


class ApprovalPost(Model):
    """AB岗: the primary (A) and backup (B) approver of a department at a deciding point, with
    the department leader copied."""

    id = fields.IntField(primary_key=True)
    department: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Department", related_name="approval_posts", on_delete=fields.RESTRICT
    )
    point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="approval_posts", on_delete=fields.RESTRICT
    )
    step = fields.CharField(max_length=32, default="审批")
    primary: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="primary_posts", on_delete=fields.RESTRICT
    )
    backup: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="backup_posts", on_delete=fields.RESTRICT
    )
    leader: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="led_posts", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "approval_post"
        unique_together = (("department", "point", "step"),)


class StaffLeave(Model):
    """A staff member on leave (请假) for some days: an A post on leave hands over to B."""

    id = fields.IntField(primary_key=True)
    staff: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="leaves", on_delete=fields.RESTRICT
    )
    first_day = fields.DateField()
    last_day = fields.DateField()
    reason = fields.CharField(max_length=128, default="")

    class Meta:
        table = "staff_leave"


class Issuance(Model):
    """统一窗口出件: pickup with an identity check, courier with a tracking number, or a grid
    worker's delivery with the resident's confirmation."""

    id = fields.IntField(primary_key=True)
    case: fields.OneToOneRelation[Case] = fields.OneToOneField(
        "hub.Case", related_name="issuance", on_delete=fields.RESTRICT
    )
    method = fields.CharEnumField(IssueMethod, max_length=16)
    issued_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="issuances", on_delete=fields.RESTRICT
    )
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="issuances", on_delete=fields.RESTRICT
    )
    recipient_name = fields.CharField(max_length=64, default="")
    identity_checked = fields.BooleanField(default=False)
    courier = fields.CharField(max_length=32, default="")
    tracking_number = fields.CharField(max_length=64, default="")
    address = fields.CharField(max_length=255, default="")
    confirmed_at = fields.DatetimeField(null=True)  # received (courier) or signed for (grid)
    # the grid worker who carries it to the resident (GRID)
    deliverer: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="deliveries", null=True, on_delete=fields.RESTRICT
    )
    by_agent = fields.BooleanField(default=False)  # collected by an agent holding a 委托书
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "issuance"


class Evaluation(Model):
    """好差评: one rating (5 非常满意 … 1 非常不满意) of a case or of a service at a window."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "hub.Case", related_name="evaluations", null=True, unique=True, on_delete=fields.RESTRICT
    )
    ticket: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Ticket", related_name="evaluations", null=True, unique=True, on_delete=fields.RESTRICT
    )
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="evaluations", on_delete=fields.RESTRICT
    )
    staff: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="evaluations", null=True, on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Department", related_name="evaluations", null=True, on_delete=fields.RESTRICT
    )
    level = fields.SmallIntField()
    comment = fields.CharField(max_length=500, default="")
    channel = fields.CharField(max_length=16)
    created_at = fields.DatetimeField()

    class Meta:
        table = "evaluation"
        indexes = (("service_point_id", "created_at"),)


class Rectification(Model):
    """整改: a 不满意 / 非常不满意 rating becomes a task for the supervisor, with a deadline and
    a recorded callback (回访)."""

    id = fields.IntField(primary_key=True)
    evaluation: fields.OneToOneRelation[Evaluation] = fields.OneToOneField(
        "hub.Evaluation", related_name="rectification", on_delete=fields.RESTRICT
    )
    service_point: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.ServicePoint", related_name="rectifications", on_delete=fields.RESTRICT
    )
    assigned_to: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="rectifications", null=True, on_delete=fields.RESTRICT
    )
    due_on = fields.DateField()
    status = fields.CharEnumField(RectificationStatus, max_length=16, default=RectificationStatus.OPEN)
    measures = fields.TextField(default="")
    callback_at = fields.DatetimeField(null=True)
    callback_note = fields.TextField(default="")
    callback_result = fields.CharField(max_length=16, default="")  # the applicant after the callback
    closed_at = fields.DatetimeField(null=True)
    closed_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="closed_rectifications", null=True, on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "rectification"


class StaffNotice(Model):
    """A message to a staff member about a case (reminders, B-post offers, escalations ...)."""

    id = fields.IntField(primary_key=True)
    staff: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "hub.Staff", related_name="notices", on_delete=fields.RESTRICT
    )
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "hub.Case", related_name="notices", null=True, on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(NoticeKind, max_length=16)
    message = fields.CharField(max_length=255)
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_notice"
        indexes = (("staff_id", "read_at"),)


class CitizenAccount(Model):
    """A resident's own login (PC and mobile): their registry entry plus a password, so they
    can file online, follow and rate only their own cases."""

    id = fields.IntField(primary_key=True)
    person: fields.OneToOneRelation = fields.OneToOneField(
        "hub.Person", related_name="account", on_delete=fields.RESTRICT
    )
    password_hash = fields.CharField(max_length=255)
    token_version = fields.IntField(default=1)
    failed_logins = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "citizen_account"
