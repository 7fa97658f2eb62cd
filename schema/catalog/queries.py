"""Catalog queries: the service guide (办事指南)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.core.errors import HubError
from hub.core.idcard import parse_id_number
from hub.core.models import LifeEvent as LifeEventModel
from hub.core.models.rows import LIFE_EVENT_FIELDS
from resolvers.catalog import actions, checklists
from resolvers.integration import basedata
from resolvers.people import licences
from schema.catalog.types import (
    AnswerInput,
    Checklist,
    ChecklistError,
    ChecklistPayload,
    Item,
    ItemConnection,
    ItemEdge,
    ItemFilter,
    LifeEvent,
    PageInfo,
)
from schema.context import Info

APPLICANT_HELP = ("已核验身份的申请人身份证号：其有效电子证照可免交对应材料"
                  "（工作人员与自助终端；已登录的申请人只能给本人的）")


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="事项列表（办事指南），按目录顺序分页")
    async def items(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        filter: ItemFilter | None = None,
    ) -> ItemConnection:
        f = actions.ItemFilter(
            department_code=filter.department_code if filter else None,
            life_event_code=filter.life_event_code if filter else None,
            terminal=filter.terminal if filter else None,
            keyword=filter.keyword if filter else None,
        )
        page = await actions.list_items(
            f, first, after, info.context.services.settings.max_page_size
        )
        return ItemConnection(
            filter=f,
            edges=[
                ItemEdge(cursor=cursor, node=Item.from_row(row))
                for row, cursor in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=PageInfo.of(page),
            total=page.total,
        )

    @strawberry.field(description="按编码查询一个事项")
    async def item(self, info: Info, code: str) -> Item | None:
        row = await info.context.catalog.item_by_code.load(code)
        return Item.from_row(row) if row else None

    @strawberry.field(description="定制办事清单：按事项和情形答案计算需提交的材料及原因")
    async def checklist(
        self, info: Info, item_code: str, answers: list[AnswerInput] | None = None,
        applicant_id_number: Annotated[str | None, strawberry.argument(description=APPLICANT_HELP)] = None,
    ) -> ChecklistPayload:
        raw = {a.question: a.values if a.values is not None else a.value for a in answers or []}
        try:
            applicant = None
            if applicant_id_number is not None:
                parsed = parse_id_number(applicant_id_number, "applicantIdNumber")
                viewer = await info.context.viewer()
                citizen = None if viewer else await info.context.citizen()
                if not (citizen and citizen.id_number == parsed.value):  # a resident: own licences
                    licences.require_identifier(viewer)
                applicant = (await basedata.fetch_applicant(parsed)).applicant  # 人口库 + 电子证照库
            result = await checklists.tailor_for(item_code, raw, applicant.licences if applicant else None)
        except HubError as e:
            return ChecklistPayload(checklist=None, errors=[ChecklistError.of(e)])
        return ChecklistPayload(checklist=Checklist.of(result, applicant), errors=[])

    @strawberry.field(description="办事主题（按主题浏览）")
    async def life_events(self) -> list[LifeEvent]:
        rows = await LifeEventModel.all().values(*LIFE_EVENT_FIELDS)
        return [LifeEvent.from_row(r) for r in rows]
