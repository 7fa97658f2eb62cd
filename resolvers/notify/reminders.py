"""Reminders written by periodic jobs (hub.core.jobs: one instance per period takes the lease).

``appointments_tomorrow``: every booking of tomorrow (Shanghai date) that is still BOOKED gets
one reminder — the 我的消息 message and the SMS of ``APPOINTMENT_REMINDER`` — keyed
``appointment:<id>:REMINDER``. The key is unique, so a second run the same day, a second
instance whose lease overlapped, or a run that failed half-way and ran again, writes nothing
twice: a key seen before is skipped, and two writers racing on one key lose in the unique index
(that booking's transaction rolls back alone; the others stand).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core.clock import SHANGHAI, local_date
from hub.core.models import Appointment
from hub.core.models.enums import AppointmentStatus
from resolvers.notify.engine import mask_name, to_resident
from resolvers.notify.events import EVENTS

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


async def run_all(now: datetime) -> dict[str, int]:
    """One run of the reminders job: what each reminder wrote."""
    booked = await appointments_tomorrow(now)
    return {"appointmentsTomorrow": booked.written}
