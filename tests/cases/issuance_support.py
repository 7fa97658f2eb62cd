"""Helpers for issuance and rating tests: a viewer for a demo account, and an approved case
(received at the counter with the intake helpers, then moved with transitions.move)."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from bench.cases import ZHANG, counter_intake
from hub.core.clock import utcnow
from hub.core.models import Case, Staff
from hub.core.models.enums import CaseStatus, Role
from hub.core.viewer import Viewer
from resolvers.cases import transitions
from resolvers.cases.actors import Actor

ITEM = "330106-YB-003"


async def viewer_of(username: str) -> Viewer:
    row = (await Staff.filter(username=username).values(
        "id", "name", "roles", "service_point_id", "service_point__path", "department_id"))[0]
    return Viewer(staff_id=row["id"], name=row["name"], roles=frozenset(Role(r) for r in row["roles"]),
                  service_point_id=row["service_point_id"], service_point_path=row["service_point__path"],
                  department_id=row["department_id"])


async def approve(case_id: int) -> None:
    """What the back office's approval does to the case (status, decision time, audit)."""
    async with in_transaction() as conn:
        await transitions.move(conn, case_id, expect=[CaseStatus.RECEIVED, CaseStatus.IN_REVIEW],
                               to=CaseStatus.APPROVED, actor=Actor.system(), action="APPROVE",
                               detail={"note": "符合条件，准予许可"}, decided_at=utcnow(),
                               decision_note="符合条件，准予许可")


async def approved_case(item: str = ITEM, *, id_number: str = ZHANG, name: str = "张桂英",
                        **extra: Any) -> dict[str, Any]:
    desk = await viewer_of("qiantai")
    case = await counter_intake(desk, item, id_number=id_number, name=name, **extra)
    await approve(case["id"])
    return (await Case.filter(id=case["id"]).values())[0]
