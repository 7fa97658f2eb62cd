"""Failures the business layer raises; the GraphQL layer maps them to typed errors.

``ErrorCode`` is the one vocabulary of expected failures: every ``HubError`` carries one of its
members, so a misspelt code is a type error. Each GraphQL domain error enum (``CaseErrorCode``,
``QueueErrorCode`` …) is the subset of it that its mutations can return (``schema/errors.py``).
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class ErrorCode(StrEnum):
    """Why an expected operation failed. The value is the code clients see, equal to the name."""

    # Generic
    INVALID = "INVALID"  # the input breaks a rule; the message says which
    NOT_FOUND = "NOT_FOUND"  # the thing named does not exist or is outside the viewer's scope
    NOT_ALLOWED = "NOT_ALLOWED"  # this viewer may not do this to this thing (a business refusal)
    CONFLICT = "CONFLICT"  # the thing changed meanwhile or is already past this step: reload
    DUPLICATE = "DUPLICATE"  # a unique name, code or booking already exists
    CLOSED = "CLOSED"  # the thing is closed: a resolved whistle call, a day the hall is shut
    TOO_EARLY = "TOO_EARLY"  # not yet: a check-in before its window, a no-show before the recalls
    # Paging
    INVALID_CURSOR = "INVALID_CURSOR"  # a page cursor that cannot be decoded
    INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE"  # `first` outside 0 … the allowed maximum
    # Identity documents
    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"  # a malformed resident ID number (length, date, check digit)
    INVALID_CREDIT_CODE = "INVALID_CREDIT_CODE"  # a malformed unified social credit code
    NAME_MISMATCH = "NAME_MISMATCH"  # the name differs from the one registered for the ID number
    # Logins and accounts
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"  # wrong or missing user name / ID number or password
    LOCKED = "LOCKED"  # too many wrong passwords: the account is locked for a while
    RATE_LIMITED = "RATE_LIMITED"  # too many attempts from this address in a minute
    INACTIVE = "INACTIVE"  # the staff account is disabled
    WEAK_PASSWORD = "WEAK_PASSWORD"  # the new password is too weak or equals the old one
    ALREADY_REGISTERED = "ALREADY_REGISTERED"  # a resident account exists for this ID number
    CODE_WRONG = "CODE_WRONG"  # a wrong SMS login code (the message says how many tries are left)
    PHONE_UNKNOWN = "PHONE_UNKNOWN"  # the mobile number is not bound to exactly one resident account
    # Checklists and intake
    INVALID_ANSWER = "INVALID_ANSWER"  # an answer to a situation question is not acceptable
    UNKNOWN_QUESTION = "UNKNOWN_QUESTION"  # an answer to a question the item does not ask
    INCOMPLETE = "INCOMPLETE"  # a required question or field is still unanswered
    UNKNOWN_MATERIAL = "UNKNOWN_MATERIAL"  # a file for a material not on the checklist (or not asked)
    MATERIAL_MISSING = "MATERIAL_MISSING"  # a required material has no file
    ORIGINAL_NOT_SEEN = "ORIGINAL_NOT_SEEN"  # the counter did not tick "original checked"
    FILE_NOT_FOUND = "FILE_NOT_FOUND"  # a referenced upload is not stored
    CHANNEL_NOT_OFFERED = "CHANNEL_NOT_OFFERED"  # the item cannot be filed through this channel
    NOT_ACCEPTED_HERE = "NOT_ACCEPTED_HERE"  # the item is received only at designated points
    SIGNATURE_MISSING = "SIGNATURE_MISSING"  # a joint application without the typed signature
    SIGNATURE_MISMATCH = "SIGNATURE_MISMATCH"  # the typed signature is not the applicant's name
    # Uploads (hub.core.storage)
    FILE_TOO_LARGE = "FILE_TOO_LARGE"  # a case material file over the size limit
    FILE_INVALID = "FILE_INVALID"  # a case material file that is empty or of a refused type
    MEDIA_TOO_LARGE = "MEDIA_TOO_LARGE"  # a course media file over the size limit
    MEDIA_INVALID = "MEDIA_INVALID"  # a course media file that is empty or of the wrong kind
    # Cases: decision, issuance, ratings
    NOT_INSTANT = "NOT_INSTANT"  # a promised-time item cannot be closed at the counter
    NOT_RECEIVER = "NOT_RECEIVER"  # only the receiving clerk closes an instant case
    ANNOTATIONS_PENDING = "ANNOTATIONS_PENDING"  # a decision would drop unsent 补件 annotations
    IDENTITY_MISMATCH = "IDENTITY_MISMATCH"  # the collector's ID card is not the applicant's
    MANDATE_REQUIRED = "MANDATE_REQUIRED"  # collection by proxy without a power of attorney
    ALREADY_RATED = "ALREADY_RATED"  # the case or ticket has been rated already (once only)
    NOT_RATEABLE = "NOT_RATEABLE"  # the case or service is not finished, so not rateable yet
    # Queue, windows and appointments
    NOT_CERTIFIED = "NOT_CERTIFIED"  # the work needs a valid on-duty certificate (持证上岗)
    NOT_SIGNED_IN = "NOT_SIGNED_IN"  # the clerk has not signed in to a window
    WINDOW_TAKEN = "WINDOW_TAKEN"  # someone else is signed in to that window
    SIGNED_IN_ELSEWHERE = "SIGNED_IN_ELSEWHERE"  # the account is signed in at another window (move?)
    ALREADY_HOLDING = "ALREADY_HOLDING"  # the resident already holds a waiting ticket
    SOLD_OUT = "SOLD_OUT"  # the category's daily tickets are all taken
    PRIORITY_NOT_ALLOWED = "PRIORITY_NOT_ALLOWED"  # a priority the taker cannot prove here
    BUSY = "BUSY"  # the window must finish its current ticket first
    NO_TICKET = "NO_TICKET"  # the window has no ticket that this action applies to
    NOT_BOOKABLE = "NOT_BOOKABLE"  # the category takes no online appointments
    PAST = "PAST"  # the appointment slot has started or passed
    TOO_FAR = "TOO_FAR"  # the appointment slot is beyond the booking horizon
    FULL = "FULL"  # the appointment slot is fully booked
    CANCELLED = "CANCELLED"  # the appointment was cancelled
    USED = "USED"  # the appointment code has been checked in already
    MISSED = "MISSED"  # the appointment lapsed: its grace period is over
    # Whistle
    TAKEN = "TAKEN"  # another expert accepted the call first
    # Attendance and training sessions
    CODE_INVALID = "CODE_INVALID"  # an attendance QR code that is not genuine
    CODE_EXPIRED = "CODE_EXPIRED"  # an attendance QR code past its validity; an SMS login code
    # expired, used, replaced or burnt by wrong tries
    WRONG_POINT = "WRONG_POINT"  # an attendance code of another service point
    NOT_CLOCKED_IN = "NOT_CLOCKED_IN"  # clocking out without having clocked in today
    NOT_ON_ROSTER = "NOT_ON_ROSTER"  # the person is not on the training session's roster
    OUTSIDE_WINDOW = "OUTSIDE_WINDOW"  # a session sign-in outside its opening times
    # Catalogue and question bank
    CATALOG_INVALID = "CATALOG_INVALID"  # a catalogue publication failed validation (each problem listed)
    BANK_INVALID = "BANK_INVALID"  # a question bank import failed validation (each problem listed)
    # Exams and certificates
    NOT_ENOUGH_QUESTIONS = "NOT_ENOUGH_QUESTIONS"  # the bank cannot fill the exam's paper
    IN_PROGRESS = "IN_PROGRESS"  # an exam attempt is already running
    ATTEMPTS_EXHAUSTED = "ATTEMPTS_EXHAUSTED"  # the allowed number of failed attempts is reached
    COOLING_DOWN = "COOLING_DOWN"  # too soon after the last attempt
    LINK_INVALID = "LINK_INVALID"  # an exam link that is not genuine or was superseded
    LINK_USED = "LINK_USED"  # an exam link already used to start an attempt
    LINK_EXPIRED = "LINK_EXPIRED"  # an exam link past its expiry
    SESSION_INVALID = "SESSION_INVALID"  # an exam session token that is not genuine or has ended
    TIME_UP = "TIME_UP"  # the exam's time is over (answers were submitted automatically)
    ALREADY_SUBMITTED = "ALREADY_SUBMITTED"  # the attempt has been submitted
    ALREADY_REVOKED = "ALREADY_REVOKED"  # the certificate is revoked already
    ALREADY_CERTIFIED = "ALREADY_CERTIFIED"  # a valid certificate covers the exam's scope (not yet renewable)
    # Payment (统一支付)
    PAYMENT_DUE = "PAYMENT_DUE"  # a fee of the case is unpaid: no issuance before it is paid
    NOTHING_TO_PAY = "NOTHING_TO_PAY"  # the case has no fee to pay, or it is paid already
    PLATFORM_UNAVAILABLE = "PLATFORM_UNAVAILABLE"  # the payment platform refused or did not answer
    # Realtime
    SLOW_CONSUMER = "SLOW_CONSUMER"  # a subscriber fell too far behind and was disconnected


class HubError(Exception):
    """An expected, user-facing failure: ``code`` for programs, ``message`` in Chinese."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def per_problem(self) -> list[tuple[str | None, str]]:
        """``(field, message)`` per problem: one for most errors, one per finding for validations
        that report everything at once (catalogue, question bank, holiday schedule)."""
        return [(self.field, self.message)]


class PermissionDenied(Exception):
    """The viewer may not do this. Surfaces as a top-level GraphQL error (never masked)."""

    def __init__(self, message: str = "没有权限执行此操作") -> None:
        super().__init__(message)
        self.message = message


class NotAuthenticated(PermissionDenied):
    def __init__(self, message: str = "请先登录") -> None:
        super().__init__(message)
