"""GraphQL query fields of department integration (endpoints, hand-offs)."""

from __future__ import annotations

from typing import Any

import strawberry

from hub.core.models import enums as m
from resolvers.integration import endpoints
from schema.context import Info
from schema.integration.types import DepartmentEndpoint, OutboxMessage, OutboxStatus


async def _endpoint_view(info: Info, r: dict[str, Any]) -> DepartmentEndpoint:
    dept = await info.context.org.department_by_id.load(r["department_id"])
    return DepartmentEndpoint.of(r, dept["code"] if dept else "")


@strawberry.type
class IntegrationQuery:
    @strawberry.field(description="部门业务系统接入设置及投递统计（系统管理员）")
    async def department_endpoints(self, info: Info) -> list[DepartmentEndpoint]:
        rows = await endpoints.endpoints(await info.context.viewer())
        return [await _endpoint_view(info, r) for r in rows]

    @strawberry.field(description="向部门业务系统的办件推送，最新的在前（系统管理员；可按状态、部门筛选）")
    async def outbox_messages(self, info: Info, status: OutboxStatus | None = None,
                              department_code: str | None = None, first: int = 50
                              ) -> list[OutboxMessage]:
        rows = await endpoints.messages(await info.context.viewer(),
                                        m.OutboxStatus(status.value) if status else None,
                                        department_code, first)
        return [OutboxMessage.of(r) for r in rows]
