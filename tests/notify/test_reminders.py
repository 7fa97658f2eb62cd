"""Reminders written by the notifications' periodic job: tomorrow's bookings, once each."""

import asyncio

import pytest

from hub.core import jobs
from hub.core.models import Appointment, Notification, OutboxMessage
from hub.core.models.enums import AppointmentStatus, NotifyChannel, NotifyStatus
from hub.web.wiring import reminders_job
from resolvers.notify import reminders
from resolvers.queue import appointments
from tests.conftest import test_settings
from tests.queue.test_appointments import FRI, WANG, WED, ZHANG, id_number, request, shanghai

pytestmark = pytest.mark.both_databases

THU = WED.replace(day=3)


async def reminded() -> list[dict]:
    return list(await Notification.filter(event="APPOINTMENT_REMINDER").order_by("id").values(
        "key", "channel", "status", "body", "person_id"))


async def test_tomorrows_bookings_are_reminded_once_however_often_the_job_runs(database):
    booked_at = shanghai(WED, 9)
    thursday = await appointments.book(request(shanghai(THU, 9, 30)), now=booked_at)
    await appointments.book(request(shanghai(FRI, 9, 30), who=WANG, name="王建军"), now=booked_at)
    gone = await appointments.book(request(shanghai(THU, 10), who=id_number(7), name="李四"), now=booked_at)
    await Appointment.filter(id=gone["id"]).update(status=AppointmentStatus.CANCELLED)
    evening = shanghai(WED, 18)

    first = await reminders.appointments_tomorrow(evening)

    assert (first.appointments, first.written) == (1, 2)  # Thursday's live booking: inbox + SMS
    rows = await reminded()
    assert {r["key"] for r in rows} == {f"appointment:{thursday['id']}:REMINDER:INAPP",
                                        f"appointment:{thursday['id']}:REMINDER:SMS"}
    inbox = next(r for r in rows if r["channel"] == NotifyChannel.INAPP)
    assert inbox["status"] == NotifyStatus.DELIVERED
    assert "明天 12月3日 09:30" in inbox["body"] and thursday["code"] in inbox["body"]
    sms = next(r for r in rows if r["channel"] == NotifyChannel.SMS)
    assert sms["body"].startswith("张*英您好，提醒您明天12月3日 09:30") and ZHANG not in sms["body"]
    key = f"appointment:{thursday['id']}:REMINDER:SMS"
    assert await OutboxMessage.filter(idempotency_key=key).count() == 1

    # run again, and twice at once (two instances whose leases overlapped): nothing more
    again = await reminders.appointments_tomorrow(shanghai(WED, 19))
    racing = await asyncio.gather(reminders.appointments_tomorrow(shanghai(WED, 20)),
                                  reminders.appointments_tomorrow(shanghai(WED, 20)))
    assert again.written == 0 and [r.written for r in racing] == [0, 0]
    assert len(await reminded()) == 2

    # a booking made later that evening is reminded by the next run, alone
    late = await appointments.book(request(shanghai(THU, 11), who=id_number(9), name="赵六"),
                                   now=shanghai(WED, 21))
    later = await reminders.appointments_tomorrow(shanghai(WED, 22))
    assert later.written == 2
    assert {r["key"].split(":")[1] for r in await reminded()} == {str(thursday["id"]), str(late["id"])}


async def test_the_job_runs_once_per_period_across_instances(database):
    job = reminders_job(test_settings())
    now = shanghai(WED, 18)
    ran = await asyncio.gather(jobs.run_once(job, now), jobs.run_once(job, now))
    assert sorted(r is not None for r in ran) == [False, True]
    assert next(r for r in ran if r is not None) == {"appointmentsTomorrow": 0, "certificatesExpiring": 0,
                                                     "rectificationsDue": 0}
