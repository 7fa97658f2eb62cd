"""GraphQL entry point of the dashboard: ``analytics(filter:)`` (supervisors and administrators)."""

from __future__ import annotations

import strawberry

from hub.core.clock import local_date
from hub.core.models.enums import Role
from resolvers.analytics import rollups, scope
from schema.analytics.types import Analytics, AnalyticsFilterInput
from schema.context import Info
from schema.permissions import has_role


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(
        description="管理驾驶舱：本人管辖范围内的统计（管理者、系统管理员），可按区域、服务点、部门、事项与日期筛选",
        permission_classes=[has_role(Role.SUPERVISOR, Role.ADMIN)],
    )
    async def analytics(self, info: Info, filter: AnalyticsFilterInput | None = None) -> Analytics:
        now = scope.now()
        resolved = await scope.resolve(
            await info.context.viewer(), (filter or AnalyticsFilterInput()).to_filter(), local_date(now)
        )
        await rollups.ensure_fresh(now, info.context.services.settings.analytics_refresh_seconds)
        return Analytics(scope_=resolved)
