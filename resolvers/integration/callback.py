"""A department system's decision coming back: POST /integration/callback/{department}.

The request is signed like the hub's deliveries (resolvers/integration/signing.py) with the
department's endpoint secret; its idempotency key is stored with the outcome, so a replay of an
accepted callback — even one still inside the 5-minute timestamp window — is refused (409).

    {"caseNumber": "...", "decision": "APPROVED" | "REJECTED" | "SUPPLEMENT", "note": "..."}

APPROVED and REJECTED decide a case that is RECEIVED or IN_REVIEW (审批通过 / 不予许可, with the
note as the decision text). SUPPLEMENT changes no status: a supplement request names the
materials, annotates them and pauses the clock, which the back office does with the applicant
in view; the department's note is recorded in the audit trail for them (202).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models import CallbackReceipt, Case, Department, DepartmentEndpoint
from hub.core.models.enums import CaseStatus
from realtime.log import LoggedEvent
from resolvers.cases.actors import Actor
from resolvers.cases.transitions import move, record
from resolvers.integration import signing

DECISIONS: Final = ("APPROVED", "REJECTED", "SUPPLEMENT")
DECIDABLE: Final = (CaseStatus.RECEIVED, CaseStatus.IN_REVIEW)
MAX_BODY_BYTES: Final = 64 * 1024
CHANNEL: Final = "DEPARTMENT"


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    events: list[LoggedEvent] = field(default_factory=list)


def department_actor(short_name: str) -> Actor:
    return Actor(staff_id=None, name=f"{short_name}业务系统", channel=CHANNEL, service_point_id=None)


async def receive(department_code: str, headers: dict[str, str], body: bytes,
                  now: datetime | None = None) -> Reply:
    """Check and apply one callback; ``headers`` with lower-case names."""
    now = now or utcnow()
    dept = await Department.get_or_none(code=department_code).values("id", "short_name")
    endpoint = None if dept is None else await DepartmentEndpoint.get_or_none(
        department_id=dept["id"], active=True).values("secret")
    if dept is None or endpoint is None:
        return Reply(404, {"error": f"未配置部门 {department_code} 的业务系统接入"})
    if len(body) > MAX_BODY_BYTES:
        return Reply(413, {"error": "回调内容过大"})
    key = headers.get(signing.KEY.lower())
    problem = signing.problem(endpoint["secret"], headers.get(signing.TIMESTAMP.lower()), key,
                              headers.get(signing.SIGNATURE.lower()), body, utcnow().timestamp())
    if problem:
        return Reply(401, {"error": problem})
    assert key is not None
    try:
        number, decision, note = _parse(body)
    except HubError as e:
        return Reply(400, {"error": e.message, "field": e.field})
    case = await Case.get_or_none(number=number, department_id=dept["id"]).values("id", "status")
    if case is None:
        return Reply(404, {"error": f"本部门没有编号为 {number} 的办件"})
    actor = department_actor(dept["short_name"])
    detail = {"decision": decision, "note": note, "callback": key}
    try:
        async with in_transaction() as conn:
            await CallbackReceipt.create(department_id=dept["id"], key=key, case_number=number,
                                         decision=decision, using_db=conn)
            if decision == "SUPPLEMENT":
                event = await record(conn, case["id"], actor, "DEPT_SUPPLEMENT", detail, at=now)
            else:
                approved = decision == "APPROVED"
                event = await move(conn, case["id"], expect=DECIDABLE,
                                   to=CaseStatus.APPROVED if approved else CaseStatus.REJECTED,
                                   actor=actor, action="APPROVE" if approved else "REJECT",
                                   detail=detail, at=now, decision_note=note, decided_at=now)
    except IntegrityError:
        return Reply(409, {"error": f"重复的回调：{signing.KEY} 为 {key} 的回调已经处理过"})
    except HubError as e:
        return Reply(409, {"error": e.message})
    status = await Case.get(id=case["id"]).values("status")
    if decision == "SUPPLEMENT":
        return Reply(202, {"caseNumber": number, "status": str(status["status"]),
                           "note": "已记录部门的补件意见，由审批人员向申请人发出补件要求"}, [event])
    return Reply(200, {"caseNumber": number, "status": str(status["status"])}, [event])


def _parse(body: bytes) -> tuple[str, str, str]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise HubError(ErrorCode.INVALID, "回调内容须为 UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise HubError(ErrorCode.INVALID, "回调内容须为 JSON 对象")
    number, decision, note = data.get("caseNumber"), data.get("decision"), data.get("note", "")
    if not isinstance(number, str) or not number.strip():
        raise HubError(ErrorCode.INVALID, "缺少办件编号", "caseNumber")
    if decision not in DECISIONS:
        raise HubError(ErrorCode.INVALID, "decision 须为 APPROVED、REJECTED 或 SUPPLEMENT", "decision")
    if not isinstance(note, str) or len(note) > 500:
        raise HubError(ErrorCode.INVALID, "note 须为不超过 500 字的文本", "note")
    if decision != "APPROVED" and not note.strip():
        raise HubError(ErrorCode.INVALID, "不予许可或要求补件须说明理由", "note")
    return number.strip(), decision, note.strip()
