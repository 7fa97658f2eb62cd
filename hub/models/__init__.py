"""Tortoise models of the hub (one app, label ``hub``)."""

from hub.models.attendance import Attendance, OpeningHours
from hub.models.catalog import (
    CatalogHead,
    CatalogRevision,
    Item,
    ItemVersion,
    LifeEvent,
    Material,
    Question,
)
from hub.models.learning import (
    Course,
    CourseCompletion,
    CourseMaterial,
    MediaFile,
    SessionAttendee,
    TrainingSession,
)
from hub.models.org import Department, ServicePoint, Staff, Window
from hub.models.people import ElectronicLicense, Person
from hub.models.training import Certificate, Exam, ExamAttempt, ExamPart, ExamQuestion

__all__ = [
    "Attendance",
    "CatalogHead",
    "CatalogRevision",
    "Certificate",
    "Course",
    "CourseCompletion",
    "CourseMaterial",
    "Department",
    "ElectronicLicense",
    "Exam",
    "ExamAttempt",
    "ExamPart",
    "ExamQuestion",
    "Item",
    "ItemVersion",
    "LifeEvent",
    "Material",
    "MediaFile",
    "OpeningHours",
    "Person",
    "Question",
    "ServicePoint",
    "SessionAttendee",
    "Staff",
    "TrainingSession",
    "Window",
]
