"""Tortoise models of the hub (one app, label ``hub``)."""

from hub.core.models.analytics import (
    StatCaseDay,
    StatCaseItemDay,
    StatCaseItemMonth,
    StatRatingDay,
    StatRefresh,
    StatWindowDay,
    StatWindowDeptDay,
)
from hub.core.models.appointments import Appointment, AppointmentSlot
from hub.core.models.attendance import Attendance, OpeningHours
from hub.core.models.calendar import HolidaySchedule
from hub.core.models.cases import (
    Annotation,
    Application,
    ApprovalPost,
    Bundle,
    Case,
    CaseCounter,
    CaseFile,
    CaseLog,
    CaseMaterial,
    CitizenAccount,
    Company,
    Evaluation,
    InfoCheck,
    Issuance,
    Rectification,
    StaffLeave,
    StaffNotice,
    StoredFile,
    SupplementRequest,
)
from hub.core.models.catalog import (
    CatalogHead,
    CatalogRevision,
    ChecklistLink,
    Item,
    ItemVersion,
    LifeEvent,
    Material,
    Question,
)
from hub.core.models.idempotency import IdempotencyKey
from hub.core.models.integration import CallbackReceipt, DepartmentEndpoint, DepartmentHandoff
from hub.core.models.jobs import JobLease
from hub.core.models.learning import (
    Course,
    CourseCompletion,
    CourseMaterial,
    MediaFile,
    SessionAttendee,
    TrainingSession,
)
from hub.core.models.logincodes import LoginCode
from hub.core.models.org import Department, DepartmentOffice, ServicePoint, Staff, Window
from hub.core.models.outbox import OutboxMessage
from hub.core.models.people import ElectronicLicense, Person
from hub.core.models.queue import PreCheck, QueueCategory, Ticket, WindowSession
from hub.core.models.realtime import Event, EventChannel
from hub.core.models.related import ItemRelation, RelatedOffer
from hub.core.models.training import Certificate, Exam, ExamAttempt, ExamPart, ExamQuestion
from hub.core.models.whistle import ExpertPresence, HelpCall, HelpMessage

__all__ = [
    "Annotation",
    "Application",
    "Appointment",
    "AppointmentSlot",
    "ApprovalPost",
    "Attendance",
    "Bundle",
    "CallbackReceipt",
    "Case",
    "CaseCounter",
    "CaseFile",
    "CaseLog",
    "CaseMaterial",
    "CatalogHead",
    "CatalogRevision",
    "Certificate",
    "ChecklistLink",
    "CitizenAccount",
    "Company",
    "Course",
    "CourseCompletion",
    "CourseMaterial",
    "Department",
    "DepartmentEndpoint",
    "DepartmentHandoff",
    "DepartmentOffice",
    "ElectronicLicense",
    "Evaluation",
    "Event",
    "EventChannel",
    "Exam",
    "ExamAttempt",
    "ExamPart",
    "ExamQuestion",
    "ExpertPresence",
    "HelpCall",
    "HelpMessage",
    "HolidaySchedule",
    "IdempotencyKey",
    "InfoCheck",
    "Issuance",
    "Item",
    "ItemRelation",
    "ItemVersion",
    "JobLease",
    "LifeEvent",
    "LoginCode",
    "Material",
    "MediaFile",
    "OpeningHours",
    "OutboxMessage",
    "Person",
    "PreCheck",
    "Question",
    "QueueCategory",
    "Rectification",
    "RelatedOffer",
    "ServicePoint",
    "SessionAttendee",
    "Staff",
    "StaffLeave",
    "StaffNotice",
    "StatCaseDay",
    "StatCaseItemDay",
    "StatCaseItemMonth",
    "StatRatingDay",
    "StatRefresh",
    "StatWindowDay",
    "StatWindowDeptDay",
    "StoredFile",
    "SupplementRequest",
    "Ticket",
    "TrainingSession",
    "Window",
    "WindowSession",
]
