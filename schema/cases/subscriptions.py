"""GraphQL subscriptions of cases (办件): intake, listing, applicants, instant cases, case events."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Any

import strawberry

from hub.core.errors import NotAuthenticated
from hub.core.models.enums import CASE_STATUS_LABELS, CaseStatus
from hub.core.viewer import require_viewer
from realtime.stream import Reset, follow
from resolvers.cases import access, listing
from resolvers.cases.routing import notice_channel
from resolvers.cases.transitions import channel_of
from schema.cases.backoffice.types import NoticeEvent, NoticeEventKind
from schema.cases.issuance.types import CaseEvent, CaseEventKind
from schema.cases.types import action_label
from schema.context import Info
from schema.enums import NoticeKind
from schema.guard import Guessable


async def _case_id(info: Info, case_id: strawberry.ID | None, number: str | None,
                   id_number: str | None) -> int:
    if number and id_number:
        return int((await listing.track(number, id_number))["id"])
    wanted = int(case_id) if case_id is not None and str(case_id).isdigit() else -1
    viewer = await info.context.viewer()
    if viewer is not None:
        return int((await access.case_for(viewer, wanted))["id"])
    citizen = await info.context.citizen()
    if citizen is not None:
        return int((await access.case_for_applicant(citizen.person_id, wanted))["id"])
    raise NotAuthenticated("请先登录，或提供办件编号和身份证号码")


def _event(e: Any) -> CaseEvent:
    p = e.payload
    to = CaseStatus(p["to"]) if p.get("to") else None
    return CaseEvent(cursor=e.seq, kind=CaseEventKind.CHANGE, action=p.get("action"),
                     action_label=action_label(p.get("action"), p.get("channel"), p.get("actor")),
                     status=to, status_label=CASE_STATUS_LABELS[to] if to else None,
                     actor_name=p.get("actor"), at=datetime.fromisoformat(p["at"]) if p.get("at") else e.at)


@strawberry.type
class CaseSubscription:
    @strawberry.subscription(
        description="办件实时动态（办件进度页）：工作人员按权限、申请人凭登录或办件编号加身份证号码订阅。"
        "after 为 case.eventCursor 或上次收到的 cursor：先补发错过的动态再转为实时，不丢不重；"
        "若游标早于保留的历史，先收到 RESET，请重新加载办件",
        extensions=[Guessable()],
    )
    async def case_events(
        self, info: Info, case_id: strawberry.ID | None = None, number: str | None = None,
        id_number: str | None = None, after: int | None = None,
    ) -> AsyncGenerator[CaseEvent, None]:
        cid = await _case_id(info, case_id, number, id_number)
        async for event in follow(info.context.services.bus, channel_of(cid), after):
            if isinstance(event, Reset):
                yield CaseEvent(cursor=event.seq, kind=CaseEventKind.RESET, action=None,
                                action_label=None, status=None, status_label=None, actor_name=None,
                                at=None)
            else:
                yield _event(event)

    @strawberry.subscription(
        description="我的工作提醒推送（工作人员本人）：有新提醒时推送一次，只含类型和办件，"
        "收到后重新查询 myNotices。after 为 myNotices.cursor 或上次收到的 cursor：断线重连不丢不重"
    )
    async def my_notice_events(
        self, info: Info, after: int | None = None
    ) -> AsyncGenerator[NoticeEvent, None]:
        viewer = require_viewer(await info.context.viewer())
        async for event in follow(info.context.services.bus, notice_channel(viewer.staff_id), after):
            if isinstance(event, Reset):
                yield NoticeEvent(cursor=event.seq, kind=NoticeEventKind.RESET, notice_kinds=[],
                                  case_id=None)
            else:
                case_id = event.payload.get("caseId")
                yield NoticeEvent(cursor=event.seq, kind=NoticeEventKind.NOTICE,
                                  notice_kinds=[NoticeKind(k) for k in event.payload.get("kinds", [])],
                                  case_id=strawberry.ID(str(case_id)) if case_id else None)
