"""GraphQL mutations of related items: curated relations, decisions on mined suggestions, district
hiding, and a mining run."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.core.errors import HubError
from resolvers.catalog import mining, related
from schema.context import Info
from schema.related.queries import ADMIN, relation_views
from schema.related.types import ItemRelationPayload, MineRelationsPayload, RelatedError


def _id(value: strawberry.ID) -> int:
    return int(value) if str(value).isdigit() else -1


async def _payload(row: dict) -> ItemRelationPayload:
    return ItemRelationPayload(relation=(await relation_views([row]))[0], errors=[])


@strawberry.type
class RelatedMutation:
    @strawberry.mutation(
        description="新建事项关联（人工配置，立即生效）：市级管理员的在全市生效，区县管理员的在本区生效",
        permission_classes=ADMIN,
    )
    async def create_item_relation(
        self,
        info: Info,
        from_code: str,
        to_code: str,
        reason: Annotated[str, strawberry.argument(description="向申请人说明的推荐理由")],
    ) -> ItemRelationPayload:
        try:
            row = await related.create_relation(await info.context.viewer(), from_code, to_code, reason)
        except HubError as e:
            return ItemRelationPayload(relation=None, errors=[RelatedError.of(e)])
        return await _payload(row)

    @strawberry.mutation(
        description="审核数据挖掘的关联建议：采纳（须给出申请人可见的推荐理由）后推荐给申请人，驳回后不再推荐",
        permission_classes=ADMIN,
    )
    async def decide_item_relation(
        self,
        info: Info,
        id: strawberry.ID,
        accept: bool,
        version: Annotated[int, strawberry.argument(description="建议的版本号（防并发覆盖）")],
        reason: Annotated[str, strawberry.argument(description="推荐理由（采纳时必填）")] = "",
    ) -> ItemRelationPayload:
        try:
            row = await related.decide(await info.context.viewer(), _id(id), accept, reason, version)
        except HubError as e:
            return ItemRelationPayload(relation=None, errors=[RelatedError.of(e)])
        return await _payload(row)

    @strawberry.mutation(
        description="区县管理员在本区停用（或恢复）一条全市的事项关联", permission_classes=ADMIN
    )
    async def hide_item_relation(
        self, info: Info, id: strawberry.ID, hidden: bool = True
    ) -> ItemRelationPayload:
        try:
            row = await related.set_hidden(await info.context.viewer(), _id(id), hidden)
        except HubError as e:
            return ItemRelationPayload(relation=None, errors=[RelatedError.of(e)])
        return await _payload(row)

    @strawberry.mutation(
        description="从办件历史挖掘相关事项（同一申请人 30 天内先后办理），写入待审核建议（市级管理员）",
        permission_classes=ADMIN,
    )
    async def mine_item_relations(self, info: Info) -> MineRelationsPayload:
        s = info.context.services.settings
        try:
            result = await mining.mine_as(
                await info.context.viewer(),
                mining.Thresholds(
                    s.related_window_days,
                    s.related_history_days,
                    s.related_min_support,
                    s.related_min_confidence,
                ),
            )
        except HubError as e:
            return MineRelationsPayload(
                pairs=0, suggested=0, updated=0, skipped=0, errors=[RelatedError.of(e)]
            )
        return MineRelationsPayload.of(result)
