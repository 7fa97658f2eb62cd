"""The columns each plain row (``.values()`` dict) carries, their types, and helpers to batch
rows by key.

Read paths fetch dicts instead of model instances: the GraphQL layer turns them into its
types directly, which is markedly cheaper than instantiating models. The ``…Row`` TypedDicts
name the shapes the rules hand around, so that mypy checks every ``row["…"]`` lookup; Tortoise
types ``.values()`` as ``dict[str, Any]``, so the function that runs the query ``cast``s its
result once (a cast is a type-only statement: nothing is converted at run time).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypedDict, TypeVar

from hub.core.models.enums import (
    AcceptScope,
    CaseChannel,
    CaseStatus,
    CatalogStandard,
    ChannelMode,
    IssueMethod,
    ItemKind,
    PriorityClass,
    RegionLevel,
    TicketStatus,
    WindowKind,
)

Row = dict[str, Any]

POINT_FIELDS = (
    "id", "code", "name", "centre_name", "level", "parent_id", "path", "address", "phone", "hours",
)
DEPARTMENT_FIELDS = ("id", "code", "name", "short_name")
WINDOW_FIELDS = ("id", "number", "name", "kind", "service_point_id")
STAFF_FIELDS = ("id", "username", "name", "roles", "service_point_id", "department_id", "phone")
MATERIAL_FIELDS = ("id", "item_id", "name", "form", "count", "requirement", "note", "condition")
LIFE_EVENT_FIELDS = ("id", "code", "name", "description")


class CaseRow(TypedDict):
    """A case as ``Case.filter(...).values()`` returns it (every column; enums as members)."""

    id: int
    number: str
    item_code: str
    item_name: str
    item_version: int
    instant: bool
    answers: dict[str, Any]
    decide_path: str
    point_path: str
    channel: CaseChannel
    applicant_name: str
    contact_phone: str
    status: CaseStatus
    version: int
    offered_to_backup: bool
    supplement_round: int
    submitted_at: datetime
    accepted_at: datetime | None
    promised_days: int
    legal_days: int
    due_on: date | None
    legal_due_on: date | None
    remind_on: date | None
    due_provisional: bool
    paused_since: datetime | None
    paused_workdays: int
    reminded_at: datetime | None
    escalated_at: datetime | None
    decided_at: datetime | None
    decision_note: str
    issue_method: IssueMethod
    delivery_address: str
    issued_at: datetime | None
    created_at: datetime
    updated_at: datetime
    application_id: int | None
    assignee_id: int | None
    company_id: int | None
    decide_point_id: int
    department_id: int
    finish_point_id: int | None
    item_id: int
    person_id: int
    received_by_id: int | None
    service_point_id: int
    ticket_id: int | None


class CaseView(CaseRow, total=False):
    """A case row as the GraphQL type reads it: with the applicant's masked ID number."""

    _masked_id: str


class ApplicationRow(TypedDict):
    """A joint application (一件事联办) as ``Application.filter(...).values()`` returns it."""

    id: int
    number: str
    channel: CaseChannel
    shared: dict[str, Any]
    signed_name: str
    signed_at: datetime | None
    created_at: datetime
    bundle_id: int
    person_id: int | None
    received_by_id: int | None
    service_point_id: int


class ItemRow(TypedDict):
    """A catalogue item as the guide reads it: ``Item.filter(...).values(*ITEM_FIELDS,
    **DEPARTMENT_JOIN)`` (resolvers.catalog.actions), with its department joined."""

    id: int
    code: str
    name: str
    summary: str
    keywords: list[str]
    kind: ItemKind
    decision_level: RegionLevel
    scope: str
    accepting_agency: str
    deciding_agency: str
    legal_time_limit_days: int
    promised_time_limit_days: int
    fee: str
    fee_basis: str | None
    fees: list[dict[str, Any]] | None
    counter: bool
    pc: ChannelMode
    mobile: ChannelMode
    kiosk: ChannelMode
    accept_scope: AcceptScope
    standard: CatalogStandard
    base_code: str | None
    version: int
    sort: int
    department_id: int
    dept_code: str
    dept_name: str
    dept_short_name: str


class TicketRow(TypedDict):
    """A queue ticket as ``Ticket.filter(...).values(*TICKET_FIELDS)`` returns it
    (resolvers.queue.tickets)."""

    id: int
    service_point_id: int
    category_id: int
    queue_id: int
    day: date
    seq: int
    number: str
    person_id: int | None
    priority: PriorityClass
    status: TicketStatus
    rank_at: datetime
    taken_at: datetime
    called_at: datetime | None
    recalls: int
    serving_at: datetime | None
    finished_at: datetime | None
    window_id: int | None
    staff_id: int | None
    nonce: str
    transfers: int
    item_code: str | None


class WindowRow(TypedDict):
    """A window as ``Window.filter(...).values(*WINDOW_FIELDS)`` returns it."""

    id: int
    number: int
    name: str
    kind: WindowKind
    service_point_id: int


class DepartmentRow(TypedDict):
    """A department as ``Department.filter(...).values(*DEPARTMENT_FIELDS)`` returns it."""

    id: int
    code: str
    name: str
    short_name: str


class StaffRow(TypedDict):
    """A staff member as ``Staff.filter(...).values(*STAFF_FIELDS)`` returns it (no password hash)."""

    id: int
    username: str
    name: str
    roles: list[str]
    service_point_id: int
    department_id: int | None
    phone: str


class PointRow(TypedDict):
    """A service point as ``ServicePoint.filter(...).values(*POINT_FIELDS)`` returns it."""

    id: int
    code: str
    name: str
    centre_name: str
    level: RegionLevel
    parent_id: int | None
    path: str
    address: str
    phone: str
    hours: str


R = TypeVar("R", bound=Mapping[str, Any])


def by_key(rows: list[R], keys: list[Any], field: str) -> list[R | None]:
    index = {row[field]: row for row in rows}
    return [index.get(k) for k in keys]


def grouped(rows: list[R], keys: list[Any], field: str) -> list[list[R]]:
    groups: dict[Any, list[R]] = defaultdict(list)
    for row in rows:
        groups[row[field]].append(row)
    return [groups.get(k, []) for k in keys]
