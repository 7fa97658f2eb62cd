"""GraphQL query fields of related items (顺便办)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from hub.core.models import enums as m
from hub.core.models.enums import Role
from hub.core.viewer import require_role
from resolvers.cases import related_offers
from resolvers.catalog import related
from schema.context import Info
from schema.permissions import has_role
from schema.related.types import ItemRelation, RelatedCarry, RelatedOfferStat, RelationSource, RelationStatus

ADMIN = [has_role(Role.ADMIN)]


async def relation_views(rows: list[dict]) -> list[ItemRelation]:
    names = await related.names([c for r in rows for c in (r["from_code"], r["to_code"])])
    return [ItemRelation.of(r, names) for r in rows]


@strawberry.type
class RelatedQuery:
    @strawberry.field(
        description="目录管理：事项关联（本级和全市的；数据挖掘建议按置信度排在前）", permission_classes=ADMIN
    )
    async def item_relations(
        self,
        info: Info,
        status: RelationStatus | None = None,
        # named `origin` in Python: the permission extension takes `source` itself
        origin: Annotated[
            RelationSource | None, strawberry.argument(name="source", description="来源")
        ] = None,
        first: int = 50,
    ) -> list[ItemRelation]:
        rows = await related.relations(
            await info.context.viewer(),
            status,
            origin,
            first,
        )
        return await relation_views(rows)

    @strawberry.field(description="目录管理：待审核的数据挖掘关联建议（按置信度）", permission_classes=ADMIN)
    async def item_relation_suggestions(self, info: Info, first: int = 50) -> list[ItemRelation]:
        rows = await related.relations(
            await info.context.viewer(), m.RelationStatus.SUGGESTED, m.RelationSource.MINED, first
        )
        return await relation_views(rows)

    @strawberry.field(
        description="顺便办：受理推荐事项时从上一件带入的申请人信息、相同情形答案和同名已收材料"
        "（综合窗口、网格员；须能查看上一件）",
        permission_classes=[has_role(Role.FRONT_DESK, Role.GRID_WORKER)],
    )
    async def related_carry(self, info: Info, offer_id: strawberry.ID) -> RelatedCarry:
        viewer = require_role(await info.context.viewer(), Role.FRONT_DESK, Role.GRID_WORKER)
        offer = int(offer_id) if str(offer_id).isdigit() else -1
        return RelatedCarry.of(await related_offers.carry_over(viewer, offer))

    @strawberry.field(
        description="驾驶舱：顺便办推荐次数和顺便办理次数（按推荐事项，本辖区受理的办件）",
        permission_classes=[has_role(Role.SUPERVISOR, Role.ADMIN)],
    )
    async def related_offer_stats(self, info: Info, date_from: date, date_to: date) -> list[RelatedOfferStat]:
        rows = await related_offers.offer_stats(await info.context.viewer(), date_from, date_to)
        return [RelatedOfferStat(**r) for r in rows]
