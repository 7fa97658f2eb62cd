"""Tortoise models of the hub (one app, label ``hub``)."""

from hub.models.appointments import Appointment, AppointmentSlot
from hub.models.attendance import Attendance, OpeningHours
from hub.models.calendar import HolidaySchedule
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
from hub.models.queue import QueueCategory, Ticket, WindowSession
from hub.models.realtime import Event, EventChannel
from hub.models.training import Certificate, Exam, ExamAttempt, ExamPart, ExamQuestion
from hub.models.whistle import ExpertPresence, HelpCall, HelpMessage

__all__ = [
    "Appointment",
    "AppointmentSlot",
    "Attendance",
    "CatalogHead",
    "CatalogRevision",
    "Certificate",
    "Course",
    "CourseCompletion",
    "CourseMaterial",
    "Department",
    "ElectronicLicense",
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
    "Item",
    "ItemVersion",
    "LifeEvent",
    "Material",
    "MediaFile",
    "OpeningHours",
    "Person",
    "Question",
    "QueueCategory",
    "ServicePoint",
    "SessionAttendee",
    "Staff",
    "Ticket",
    "TrainingSession",
    "Window",
    "WindowSession",
]
