"""Reminders written by periodic jobs (hub.core.jobs: one instance per period takes the lease).

Every reminder is keyed (``Notification.key`` is unique), so the job may look at the same day as
often as it runs. ``certificates_expiring`` and ``rectifications_due`` tell robot groups (the
supervisors' groups above the point): ``certificate:<id>:<30|7>``, ``rectification:<id>:<DUE|OVERDUE>``.

``appointments_tomorrow``: every booking of tomorrow (Shanghai date) that is still BOOKED gets
one reminder — the 我的消息 message and the SMS of ``APPOINTMENT_REMINDER`` — keyed
``appointment:<id>:REMINDER``. The key is unique, so a second run the same day, a second
instance whose lease overlapped, or a run that failed half-way and ran again, writes nothing
twice: a key seen before is skipped, and two writers racing on one key lose in the unique index
(that booking's transaction rolls back alone; the others stand).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core.clock import SHANGHAI, local_date
from hub.core.models import Appointment, Certificate, Rectification
from hub.core.models.enums import RATING_LABELS, AppointmentStatus, RectificationStatus
from resolvers.notify.engine import mask_name, supervisor_groups, to_groups, to_resident
from resolvers.notify.events import EVENTS, Event

PAGE = 500  # bookings read per statement; a run reads every page


@dataclass(frozen=True)
class Reminded:
    appointments: int  # bookings of tomorrow that were looked at
    written: int  # messages written (0 on a repeated run)


async def appointments_tomorrow(now: datetime) -> Reminded:
    """Remind the residents booked for tomorrow (safe to run again: keyed)."""
    day = local_date(now) + timedelta(days=1)
    event = EVENTS["APPOINTMENT_REMINDER"]
    seen = written = 0
    after = 0
    while True:
        rows = await Appointment.filter(day=day, status=AppointmentStatus.BOOKED, id__gt=after) \
            .order_by("id").limit(PAGE).values(
                "id", "code", "name", "phone", "person_id", "starts_at", "category__name",
                "service_point__name", "service_point__centre_name", "service_point__path")
        for a in rows:
            local = a["starts_at"].astimezone(SHANGHAI)
            params = {"name": mask_name(a["name"]),
                      "hall": a["service_point__centre_name"] or a["service_point__name"],
                      "category": a["category__name"], "time": f"{local.month}月{local.day}日 {local:%H:%M}",
                      "code": a["code"]}
            try:
                async with in_transaction() as conn:
                    written += len(await to_resident(
                        conn, event, f"appointment:{a['id']}:REMINDER", person_id=a["person_id"],
                        phone=a["phone"], params=params, at=now,
                        point_path=a["service_point__path"] or "", inbox_link="/appointment"))
            except IntegrityError:
                pass  # another instance wrote this booking's reminder at the same moment
        seen += len(rows)
        if len(rows) < PAGE:
            return Reminded(seen, written)
        after = rows[-1]["id"]


CERTIFICATE_STAGES = (30, 7)  # days before expiry: told at each, once


def certificate_stage(days_left: int) -> int | None:
    """The reminder a certificate with ``days_left`` is due for: the smallest stage it is within
    (a job that was down on the 30th day still tells at the 25th; past 7 only the 7-day one)."""
    within = [s for s in CERTIFICATE_STAGES if 0 <= days_left <= s]
    return min(within) if within else None


async def certificates_expiring(now: datetime) -> int:
    """上岗证书 expiring within 30 / 7 days whose holder has no later certificate: the
    supervisors' groups above the holder's point, once per certificate and stage."""
    today = local_date(now)
    horizon = today + timedelta(days=max(CERTIFICATE_STAGES))
    rows = await Certificate.filter(
        revoked=False, valid_until__gte=today, valid_until__lte=horizon, staff__active=True,
    ).order_by("id").limit(PAGE * 4).values(
        "id", "staff_id", "holder_name", "exam_title", "valid_until", "staff__service_point__name",
        "staff__service_point__path")
    if not rows:
        return 0
    latest: dict[int, date] = {}
    for sid, until in await Certificate.filter(
            revoked=False, staff_id__in=list({r["staff_id"] for r in rows})).values_list(
                "staff_id", "valid_until"):
        latest[int(sid)] = max(until, latest.get(int(sid), until))
    event = EVENTS["CERTIFICATE_EXPIRING"]
    written = 0
    for r in rows:
        stage = certificate_stage((r["valid_until"] - today).days)
        if stage is None or latest[r["staff_id"]] > r["valid_until"]:
            continue  # renewed: a later certificate holds
        path = r["staff__service_point__path"] or ""
        params = {"holder": mask_name(r["holder_name"]), "point": r["staff__service_point__name"] or "",
                  "certificate": r["exam_title"], "expires": r["valid_until"].isoformat(),
                  "days": str((r["valid_until"] - today).days)}
        written += await _to_groups(event, f"certificate:{r['id']}:{stage}",
                                    await supervisor_groups_at(path), params, now, path)
    return written


async def rectifications_due(now: datetime) -> int:
    """差评整改 still open on the day before its due date (DUE) and after it (OVERDUE): the
    supervisors' groups above its point, once per task and stage."""
    today = local_date(now)
    rows = await Rectification.filter(
        status=RectificationStatus.OPEN, due_on__lte=today + timedelta(days=1)).order_by("id").limit(
            PAGE * 4).values("id", "due_on", "evaluation__level", "assigned_to__name",
                             "service_point__name", "service_point__path")
    event = EVENTS["RECTIFICATION_DUE"]
    written = 0
    for r in rows:
        stage = "OVERDUE" if r["due_on"] < today else "DUE"
        path = r["service_point__path"] or ""
        params = {"point": r["service_point__name"], "due": r["due_on"].isoformat(),
                  "level": RATING_LABELS.get(r["evaluation__level"], ""),
                  "assignee": mask_name(r["assigned_to__name"] or "未指派")}
        written += await _to_groups(event, f"rectification:{r['id']}:{stage}",
                                    await supervisor_groups_at(path), params, now, path)
    return written


async def supervisor_groups_at(path: str) -> list[dict[str, Any]]:
    async with in_transaction() as conn:
        return await supervisor_groups(conn, path)


async def _to_groups(event: Event, key: str, groups: list[dict[str, Any]], params: dict[str, str],
                     now: datetime, path: str) -> int:
    try:
        async with in_transaction() as conn:
            return len(await to_groups(conn, event, key, groups, params, now, point_path=path))
    except IntegrityError:
        return 0  # another instance wrote it at the same moment


async def run_all(now: datetime) -> dict[str, int]:
    """One run of the reminders job: what each reminder wrote."""
    booked = await appointments_tomorrow(now)
    return {"appointmentsTomorrow": booked.written,
            "certificatesExpiring": await certificates_expiring(now),
            "rectificationsDue": await rectifications_due(now)}
