"""GraphQL query fields of the back office (后台审批)."""

from __future__ import annotations

import strawberry

from hub.core.errors import HubError
from hub.core.models.enums import Role
from hub.core.viewer import require_role
from resolvers.cases import backoffice, workqueue
from schema.cases.backoffice.types import (
    BackofficeQueue,
    Colleague,
    NoticeList,
    QueueCounts,
    QueueEntry,
    QueueTab,
    StaffNotice,
    today,
)
from schema.cases.types import Case, case_view
from schema.context import Info


def _id(value: strawberry.ID | str | None) -> int:
    return int(value) if value is not None and str(value).isdigit() else -1


@strawberry.type
class BackofficeQuery:
    @strawberry.field(description="后台审批队列：本部门本辖区的办件，按页签"
                      "（待领取 / 我的 / 待补件 / 预审），临期的在前")
    async def backoffice_queue(self, info: Info, tab: QueueTab = QueueTab.UNCLAIMED,
                               first: int = 50, after: str | None = None) -> BackofficeQueue:
        page = await workqueue.queue(await info.context.viewer(), QueueTab(tab), first, after)
        day = today()
        entries = [QueueEntry.of(e.case, offered_to_me=e.offered_to_me, can_claim=e.can_claim, day=day)
                   for e in page.entries]
        c = page.counts
        return BackofficeQueue(entries=entries, has_next_page=page.has_next, end_cursor=page.end_cursor,
                               counts=QueueCounts(unclaimed=c[workqueue.Tab.UNCLAIMED],
                                                  mine=c[workqueue.Tab.MINE],
                                                  supplement=c[workqueue.Tab.SUPPLEMENT],
                                                  prereview=c[workqueue.Tab.PREREVIEW]))

    @strawberry.field(description="我的工作提醒（新的在前）")
    async def my_notices(self, info: Info, unread_only: bool = False, first: int = 20) -> NoticeList:
        rows, unread, cursor = await workqueue.notices(await info.context.viewer(),
                                                       unread_only=unread_only, first=first)
        return NoticeList(unread=unread, notices=[StaffNotice.of(r) for r in rows], cursor=cursor)

    @strawberry.field(description="可把办件指派给的同事（本部门本辖区的后台审批人员）")
    async def case_colleagues(self, info: Info, case_id: strawberry.ID) -> list[Colleague]:
        rows = await backoffice.colleagues(await info.context.viewer(), _id(case_id))
        return [Colleague(id=strawberry.ID(str(r["id"])), name=r["name"]) for r in rows]

    @strawberry.field(description="窗口查找办件（补件、预审后受理）：本服务点的办件，或凭申请人身份证号码查找任一办件；不匹配时返回空")
    async def case_at_window(self, info: Info, number: str, id_number: str | None = None) -> Case | None:
        viewer = require_role(await info.context.viewer(), Role.FRONT_DESK)
        try:
            row = await backoffice.find_at_window(viewer, number, id_number)
        except HubError:
            return None
        return await case_view(info, row)
