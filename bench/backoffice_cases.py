"""Helpers for back-office tests: viewers of demo accounts, a district 医保 case received at the
文新街道 window (optionally with a photo among its materials), clocking A in."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from typing import Any

from bench.cases import ZHANG, answers_for, full_materials
from hub.core.models import Attendance, Staff, StoredFile
from hub.core.models.enums import CaseChannel, ClockMethod, Role
from hub.core.viewer import Viewer
from resolvers.cases.actors import Actor
from resolvers.cases.intake import IntakeRequest, open_case

ITEM = "330106-YB-003"  # 医保, decided at the district, 5 working days
PREREVIEW_ITEM = "330106-YB-008"  # 医保, district, online pre-review then a window
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def viewer(username: str) -> Viewer:
    row = (await Staff.filter(username=username).values(
        "id", "name", "roles", "service_point_id", "department_id", "service_point__path"))[0]
    return Viewer(staff_id=row["id"], name=row["name"], roles=frozenset(Role(r) for r in row["roles"]),
                  service_point_id=row["service_point_id"], service_point_path=row["service_point__path"],
                  department_id=row["department_id"])


async def staff_id(username: str) -> int:
    return (await Staff.get(username=username)).id


async def photo(tag: str = "") -> str:
    data = PNG + tag.encode()
    sha = hashlib.sha256(data).hexdigest()
    await StoredFile.get_or_create(sha256=sha, defaults={"content_type": "image/png", "size": len(data)})
    return sha


async def district_case(now: datetime | None = None, *, item: str = ITEM, with_photo: bool = True,
                        tag: str = "", first_file: str | None = None) -> dict[str, Any]:
    """A case accepted at 文新街道's window by 李晓敏 (qiantai), its first material a PNG photo."""
    desk = await viewer("qiantai")
    answers = await answers_for(item)
    materials = await full_materials(item, answers)
    if with_photo:
        first = materials[0]
        sha = first_file or await photo(f"{tag}{now}")
        materials[0] = replace(first, files=[(sha, "身份证照片.png")])
    req = IntakeRequest(item_code=item, answers=answers, service_point_code="330106013",
                        channel=CaseChannel.COUNTER, id_number=ZHANG, name="张桂英",
                        phone="13800000000", materials=materials)
    return (await open_case(Actor.staff(desk), req, now=now)).case


async def clock_in(username: str, at: datetime) -> None:
    from hub.core.clock import local_date

    s = await Staff.get(username=username)
    await Attendance.create(staff_id=s.id, service_point_id=s.service_point_id, day=local_date(at),
                            clock_in_at=at, clock_in_method=ClockMethod.WORKBENCH)
