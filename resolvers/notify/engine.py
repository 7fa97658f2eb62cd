"""Writing notifications: in the transaction of the event that causes them.

``to_resident`` writes one ``Notification`` per channel for a resident — the inbox (我的消息)
message at once (DELIVERED: it is stored where the resident reads it), the SMS as QUEUED plus an
outbox message of topic ``notify.sms`` — and ``to_groups`` one per robot group, QUEUED plus a
``notify.robot`` message. Keys are unique: the same event written twice (a retried request, a
transition that happens again) writes nothing the second time. Whether a message may leave now
(opt-out, quiet hours, rate limit) is decided at delivery (resolvers/notify/delivery.py).

The listeners here are registered by the composition root (hub.web.hooks):

- ``on_case_recorded``: every case event (transitions.record) that a resident is told of —
  accepted, supplement requested, approved / ready for pickup, refused, posted, delivered, and
  the rating invitation after issuance;
- ``on_case_moved``: an approved case of a joint application reminds the DingTalk / WeCom
  groups of the departments whose linked cases wait (联办提醒).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.core import outbox
from hub.core.clock import SHANGHAI
from hub.core.inserts import insert_returning
from hub.core.models import (
    Application,
    Case,
    Department,
    Notification,
    NotifySwitch,
    OpeningHours,
    RobotGroup,
    ServicePoint,
    Ticket,
)
from hub.core.models.enums import (
    CaseStatus,
    IssueMethod,
    NoticeKind,
    NotifyChannel,
    NotifyStatus,
    TicketStatus,
)
from resolvers.attendance.hours import default_schedule, describe, parse_schedule
from resolvers.cases.routing import Noticed
from resolvers.cases.transitions import CaseMoved, CaseRecorded
from resolvers.citizens.phones import mask_phone
from resolvers.notify import templates
from resolvers.notify.events import EVENTS, Event
from resolvers.queue.appointments import Booked
from resolvers.queue.calling import Called
from training.certificates import mask_name

SMS_TOPIC = "notify.sms"
ROBOT_TOPIC = "notify.robot"
PHONE = re.compile(r"^1\d{10}$")
_base_url = ""


def configure(public_base_url: str) -> None:
    """Links in messages start with the hub's public address (HUB_PUBLIC_BASE_URL)."""
    global _base_url
    _base_url = public_base_url.rstrip("/")


def link(path: str) -> str:
    return f"{_base_url}{path}"


async def enabled_at(conn: BaseDBAsyncClient, event: str, point_path: str) -> bool:
    """Whether ``event`` is on where ``point_path`` is: the switch of the nearest point above
    (or at) it decides; none: on."""
    rows = await NotifySwitch.filter(event=event).using_db(conn).values("enabled", "point__path")
    best: tuple[int, bool] | None = None
    for r in rows:
        if point_path.startswith(r["point__path"]) and (best is None or len(r["point__path"]) > best[0]):
            best = (len(r["point__path"]), bool(r["enabled"]))
    return True if best is None else best[1]


async def to_resident(conn: BaseDBAsyncClient, event: Event, key: str, *, person_id: int | None,
                      phone: str, params: Mapping[str, Any], at: datetime, case_id: int | None = None,
                      point_path: str = "", inbox_link: str = "") -> list[Notification]:
    """The inbox message and the SMS of ``event`` for a resident (those its templates have)."""
    if not await enabled_at(conn, event.code, point_path):
        return []
    wordings = await templates.current_all(conn, event, (NotifyChannel.INAPP, NotifyChannel.SMS))
    keys = {c: f"{key}:{c.value}" for c in wordings}
    seen = set(await Notification.filter(key__in=list(keys.values())).using_db(conn)
               .values_list("key", flat=True))  # (a step written before: nothing again)
    rows: list[Notification] = []
    for channel, wording in wordings.items():
        if not wording.enabled:
            continue
        full = keys[channel]
        if full in seen:
            continue
        body = templates.render(wording.body, params)
        row: dict[str, Any] = dict(
            key=full, event=event.code, channel=channel, person_id=person_id, case_id=case_id,
            point_path=point_path, template_version=wording.version, title=event.label, body=body,
            link=inbox_link, params=dict(params), urgent=event.urgent, created_at=at)
        if channel == NotifyChannel.INAPP:
            rows.append(Notification(**row, status=NotifyStatus.DELIVERED, delivered_at=at,
                                     masked=mask_name(str(params.get("name", "")))))
        elif not PHONE.match(phone):
            rows.append(Notification(**row, status=NotifyStatus.SUPPRESSED, reason="申请人未留手机号码",
                                     masked="—"))
        else:
            rows.append(Notification(**row, address=phone, masked=mask_phone(phone)))
    written = await insert_returning(conn, rows, by="key")  # one insert for every channel
    for n in written:  # the SMS that may leave: its outbox message
        if n.channel == NotifyChannel.SMS and n.status == NotifyStatus.QUEUED:
            await outbox.put(conn, SMS_TOPIC, n.key, {
                "phone": phone, "template": event.code, "params": {k: str(v) for k, v in params.items()},
                "urgent": event.urgent, "notification": n.id}, now=at)
    return written


async def to_groups(conn: BaseDBAsyncClient, event: Event, key: str, groups: Sequence[Mapping[str, Any]],
                    params: Mapping[str, Any], at: datetime, *, case_id: int | None = None,
                    point_path: str = "") -> list[Notification]:
    """One message to each robot group (DingTalk / WeCom), through the outbox."""
    if not groups or not await enabled_at(conn, event.code, point_path):
        return []
    written = []
    for g in groups:
        channel = NotifyChannel(g["channel"])
        wording = await templates.current(conn, event, channel)
        if wording is None or not wording.enabled:
            continue
        full = f"{key}:g{g['id']}"
        if await Notification.filter(key=full).using_db(conn).exists():
            continue
        n = await Notification.create(
            key=full, event=event.code, channel=channel, group_id=g["id"], masked=g["name"][:64],
            case_id=case_id, point_path=point_path, template_version=wording.version,
            title=event.label, body=templates.render(wording.body, params), params=dict(params),
            created_at=at, using_db=conn)
        await outbox.put(conn, ROBOT_TOPIC, full, {"notification": n.id, "group": g["id"]}, now=at)
        written.append(n)
    return written


# --- case events -----------------------------------------------------------------------------


async def _hall(conn: BaseDBAsyncClient, point_id: int | None) -> tuple[str, str]:
    """Where the result is handed out and when that hall is open (its hours or an ancestor's)."""
    if point_id is None:
        return "办理大厅", describe(default_schedule())
    rows = await ServicePoint.filter(id=point_id).using_db(conn).values(
        "name", "centre_name", "address", "path")
    if not rows:
        return "办理大厅", describe(default_schedule())
    p = rows[0]
    codes = [c for c in p["path"].split("/") if c]
    hours = await OpeningHours.filter(service_point__code__in=codes).using_db(conn).values(
        "weekly", "service_point__code")
    by_code = {h["service_point__code"]: h for h in hours}
    found = next((by_code[c] for c in reversed(codes) if c in by_code), None)
    schedule = parse_schedule(found["weekly"]) if found else default_schedule()
    place = p["centre_name"] or p["name"]
    return (f"{place}（{p['address']}）" if p["address"] else place), describe(schedule)


async def on_case_recorded(conn: BaseDBAsyncClient, e: CaseRecorded) -> None:
    """Tell the applicant of the steps they care about (in the step's transaction)."""
    if e.to_status is None and e.action != "DELIVERED":
        return  # (one comparison for the many events residents are not told of)
    rows = await Case.filter(id=e.case_id).using_db(conn).values(
        "id", "number", "item_name", "person_id", "contact_phone", "point_path", "applicant_name",
        "decision_note", "issue_method", "finish_point_id", "service_point_id", "supplement_round",
        "person__name", "person__phone")
    if not rows:
        return
    case = rows[0]
    which = _resident_events(e, case["issue_method"])
    if not which:
        return
    name = case["person__name"] or case["applicant_name"]
    phone = (case["contact_phone"] or case["person__phone"] or "").strip()
    base = {"name": mask_name(name), "item": case["item_name"], "number": case["number"],
            "link": link("/m/my/cases")}
    for code, suffix, extra in which:
        params = dict(base)
        if code == "SUPPLEMENT_REQUESTED":
            params |= {"materials": "、".join(e.detail.get("materials") or []) or "见办件详情",
                       "reason": e.detail.get("note") or "请按办件详情中的批注补正"}
        elif code == "CASE_REFUSED":
            params |= {"reason": (e.detail.get("reason") or case["decision_note"] or "见告知书")[:100]}
        elif code == "READY_FOR_PICKUP":
            hall, hours = await _hall(conn, case["finish_point_id"] or case["service_point_id"])
            params |= {"hall": hall, "hours": hours}
        elif code == "CASE_POSTED":
            params |= {"courier": e.detail.get("courier", ""), "tracking": e.detail.get("trackingNumber", "")}
        if code in ("CASE_APPROVED", "CASE_REFUSED"):
            params["link"] = link(f"/cases/{case['id']}/decision.pdf")
        params |= extra
        await to_resident(conn, EVENTS[code], f"case:{case['number']}:{code}{suffix}",
                          person_id=case["person_id"], phone=phone, params=params, at=e.at,
                          case_id=case["id"], point_path=case["point_path"], inbox_link="/my/cases")


def _resident_events(e: CaseRecorded, issue_method: str) -> list[tuple[str, str, dict[str, str]]]:
    """(event, key suffix, extra params) of a case event; [] when the resident is not told."""
    to = e.to_status
    if to == CaseStatus.RECEIVED and e.from_status in (None, CaseStatus.PREREVIEWED.value):
        return [("CASE_ACCEPTED", "", {})]
    if to == CaseStatus.SUPPLEMENT:
        return [("SUPPLEMENT_REQUESTED", f":{e.detail.get('round', '')}", {})]
    if to == CaseStatus.APPROVED:
        if issue_method == IssueMethod.PICKUP.value:
            return [("READY_FOR_PICKUP", "", {})]
        return [("CASE_APPROVED", "", {})]
    if to == CaseStatus.REJECTED:
        return [("CASE_REFUSED", "", {})]
    if to == CaseStatus.ISSUED:
        method = e.detail.get("method")
        if method == IssueMethod.COURIER.value:
            return [("CASE_POSTED", "", {})]
        if method == IssueMethod.PICKUP.value:
            return [("RATING_INVITED", "", {})]
        return []
    if e.action == "DELIVERED":
        return [("CASE_DELIVERED", "", {}), ("RATING_INVITED", "", {})]
    return []


# --- 联办提醒 ----------------------------------------------------------------------------------

WAITING = frozenset({CaseStatus.PREREVIEW, CaseStatus.RECEIVED, CaseStatus.IN_REVIEW})


async def groups_of(conn: BaseDBAsyncClient, department_id: int, point_path: str) -> list[dict[str, Any]]:
    """The active robot groups of a department at the point of ``point_path`` or above it
    (the nearest level that has any)."""
    rows = await RobotGroup.filter(department_id=department_id, active=True, supervisors=False) \
        .using_db(conn).values("id", "name", "channel", "point_id", "point__path")
    here = [r for r in rows if r["point_id"] is None or point_path.startswith(r["point__path"] or "")]
    if not here:
        return []
    depth = max(len(r["point__path"] or "") for r in here)
    return [r for r in here if len(r["point__path"] or "") == depth]


async def on_case_moved(conn: BaseDBAsyncClient, change: CaseMoved) -> None:
    """A linked case approved: the groups of the departments whose linked cases wait."""
    if change.application_id is None or change.new != CaseStatus.APPROVED:
        return
    siblings = await Case.filter(application_id=change.application_id).using_db(conn).order_by("id") \
        .values("id", "number", "item_name", "status", "department_id", "decide_path")
    moved = next((s for s in siblings if s["id"] == change.case_id), None)
    if moved is None:
        return
    app = await Application.filter(id=change.application_id).using_db(conn).values("number", "bundle__name")
    event = EVENTS["JOINT_NEXT"]
    for s in siblings:
        if s["id"] == moved["id"] or CaseStatus(s["status"]) not in WAITING:
            continue
        groups = await groups_of(conn, s["department_id"], s["decide_path"])
        dept = await Department.filter(id=s["department_id"]).using_db(conn).values_list("name", flat=True)
        params = {"application": app[0]["number"], "bundle": app[0]["bundle__name"],
                  "approved": moved["item_name"], "approver": change.actor.name,
                  "item": s["item_name"], "number": s["number"], "department": dept[0] if dept else ""}
        await to_groups(conn, event, f"joint:{app[0]['number']}:{moved['number']}:{s['number']}",
                        groups, params, change.at, case_id=s["id"], point_path=s["decide_path"])


# --- staff notices to the groups (B岗接办, 临期提醒, 超期督办) ------------------------------------

STAFF_EVENTS = {NoticeKind.OFFERED: "B_POST_OFFERED", NoticeKind.REMINDER: "SLA_REMINDER",
                NoticeKind.ESCALATED: "SLA_ESCALATED"}


async def supervisor_groups(conn: BaseDBAsyncClient, point_path: str) -> list[dict[str, Any]]:
    """The active supervisors' groups of the points above (or at) ``point_path``."""
    rows = await RobotGroup.filter(supervisors=True, active=True).using_db(conn).values(
        "id", "name", "channel", "point_id", "point__path")
    return [r for r in rows if r["point_id"] is None or point_path.startswith(r["point__path"] or "")]


async def on_staff_noticed(conn: BaseDBAsyncClient, n: Noticed) -> None:
    """A case offered to the B post, at its reminder point or overdue: the department's groups
    hear of it; an overdue one also the supervisors' groups."""
    kinds = [k for k in n.kinds if k in STAFF_EVENTS]
    if n.case_id is None or not kinds:
        return
    rows = await Case.filter(id=n.case_id).using_db(conn).values(
        "id", "number", "item_name", "department_id", "decide_path", "due_on", "department__name")
    if not rows:
        return
    case = rows[0]
    params = {"department": case["department__name"], "number": case["number"],
              "item": case["item_name"], "due": str(case["due_on"] or "")}
    for kind in kinds:
        groups = await groups_of(conn, case["department_id"], case["decide_path"])
        if kind == NoticeKind.ESCALATED:
            groups += await supervisor_groups(conn, case["decide_path"])
        event = EVENTS[STAFF_EVENTS[kind]]
        await to_groups(conn, event, f"notice:{case['number']}:{event.code}:{n.at:%Y%m%d%H%M}", groups,
                        params, n.at, case_id=case["id"], point_path=case["decide_path"])


# --- appointments -----------------------------------------------------------------------------


async def on_appointment_booked(conn: BaseDBAsyncClient, b: Booked) -> None:
    """The resident is told of the booking with its code (in the booking's transaction)."""
    local = b.starts_at.astimezone(SHANGHAI)
    params = {"name": mask_name(b.name), "hall": b.hall, "category": b.category,
              "time": f"{local.month}月{local.day}日 {local:%H:%M}", "code": b.code}
    await to_resident(conn, EVENTS["APPOINTMENT_BOOKED"], f"appointment:{b.appointment_id}:BOOKED",
                      person_id=b.person_id, phone=b.phone, params=params, at=b.at,
                      inbox_link="/appointment")


# --- 吹哨上报 ------------------------------------------------------------------------------------


async def on_whistle_escalated(conn: BaseDBAsyncClient, call: Mapping[str, Any], at: datetime) -> None:
    """A whistle call escalated (no expert on duty, or unanswered in time): the supervisors'
    groups of the points above the caller's hear of it — the point, department and item, never
    the question (it may name a resident). Keyed per call: escalated once, told once."""
    groups = await supervisor_groups(conn, call["pointPath"])
    raised = datetime.fromisoformat(call["raisedAt"]).astimezone(SHANGHAI) if call.get("raisedAt") \
        else at.astimezone(SHANGHAI)
    params = {"point": call["servicePointName"], "department": call["departmentName"],
              "item": call["itemName"] or call["topic"] or "业务咨询",
              "reason": call["escalationReason"] or "超时无人接单",
              "time": f"{raised.month}月{raised.day}日 {raised:%H:%M}"}
    await to_groups(conn, EVENTS["WHISTLE_ESCALATED"], f"whistle:{call['id']}:ESCALATED", groups,
                    params, at, point_path=call["pointPath"])


# --- 叫号提醒 ------------------------------------------------------------------------------------

NEAR_AHEAD = 3  # "3 people ahead of you"


async def on_ticket_called(conn: BaseDBAsyncClient, c: Called) -> None:
    """A window called the next ticket of a queue: the ticket that now has exactly three
    waiting ahead of it in that queue is texted, if its holder opted in (an urgent SMS: it goes
    in quiet hours too). Keyed per ticket: told once, however the queue moves after."""
    rows = await Ticket.filter(
        service_point_id=c.service_point_id, day=c.day, queue_id=c.queue_id,
        status=TicketStatus.WAITING, target_window_id__isnull=True,
    ).using_db(conn).order_by("rank_at", "id").offset(NEAR_AHEAD).limit(1).values(
        "id", "number", "near_phone", "person_id", "service_point__name", "service_point__centre_name",
        "service_point__path")
    if not rows or not rows[0]["near_phone"]:
        return
    t = rows[0]
    params = {"number": t["number"], "ahead": str(NEAR_AHEAD),
              "hall": t["service_point__centre_name"] or t["service_point__name"]}
    await to_resident(conn, EVENTS["TICKET_NEAR"], f"ticket:{t['id']}:NEAR", person_id=t["person_id"],
                      phone=t["near_phone"], params=params, at=c.at, point_path=t["service_point__path"])
