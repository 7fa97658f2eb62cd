"""Helpers for case tests: answers that satisfy an item's questions, one small upload per
material the checklist needs, and a counter intake in one call."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from hub.core.models import StoredFile
from hub.core.models.enums import CaseChannel, MaterialRequirement, QuestionKind, Role
from hub.core.viewer import Viewer
from resolvers.cases.actors import Actor
from resolvers.cases.intake import IntakeRequest, MaterialInput, open_case
from resolvers.catalog.checklists import tailor_for

# A registered demo person (people.json) and a valid ID number not in the registry.
ZHANG = "330106195803120245"
NEWCOMER = "11010519491231002X"


async def answers_for(item_code: str, prefer: dict[str, Any] | None = None) -> dict[str, Any]:
    """Answer every visible question (first option, "no", a past date, 1), recomputing as
    earlier answers reveal later questions."""
    answers: dict[str, Any] = dict(prefer or {})
    for _ in range(20):
        t = await tailor_for(item_code, answers)
        if not t.checklist.missing:
            return answers
        for q in t.checklist.missing:
            answers[q.code] = {
                QuestionKind.SINGLE: lambda q: q.options[0][0],
                QuestionKind.MULTIPLE: lambda q: [q.options[0][0]],
                QuestionKind.YES_NO: lambda q: False,
                QuestionKind.DATE: lambda q: "2026-01-05",
                QuestionKind.NUMBER: lambda q: 1,
            }[q.kind](q)
    raise AssertionError("questions never settle")


async def upload(content: bytes = b"") -> str:
    """A stored PDF (as the upload endpoint would store it); returns its SHA-256."""
    data = b"%PDF-1.4\n" + (content or datetime.now(UTC).isoformat().encode())
    sha = hashlib.sha256(data).hexdigest()
    await StoredFile.get_or_create(sha256=sha, defaults={"content_type": "application/pdf",
                                                         "size": len(data)})
    return sha


async def full_materials(item_code: str, answers: dict[str, Any], *, defer: bool = True
                         ) -> list[MaterialInput]:
    """One upload for every required line, 容缺 for deferrable ones (or an upload)."""
    t = await tailor_for(item_code, answers)
    out = []
    for line in t.checklist.lines:
        if line.requirement == MaterialRequirement.DEFERRABLE and defer:
            out.append(MaterialInput(line.material.id, deferred=True))
        elif line.requirement != MaterialRequirement.OPTIONAL:
            sha = await upload(f"{item_code}/{line.material.id}".encode())
            out.append(MaterialInput(line.material.id, files=[(sha, f"{line.material.name}.pdf")],
                                     original_seen=True))
    return out


def counter_viewer(staff_id: int, point_id: int, path: str = "330100/330106/330106013/") -> Viewer:
    return Viewer(staff_id=staff_id, name="李晓敏", roles=frozenset({Role.FRONT_DESK}),
                  service_point_id=point_id, service_point_path=path, department_id=None)


async def counter_intake(viewer: Viewer, item_code: str, *, id_number: str = ZHANG,
                         name: str = "张桂英", point: str = "330106013",
                         now: datetime | None = None, **extra: Any) -> dict[str, Any]:
    answers = await answers_for(item_code)
    materials = await full_materials(item_code, answers)
    req = IntakeRequest(item_code=item_code, answers=answers, service_point_code=point,
                        channel=CaseChannel.COUNTER, id_number=id_number, name=name,
                        phone="13800000000", materials=materials, **extra)
    return (await open_case(Actor.staff(viewer), req, now=now)).case
