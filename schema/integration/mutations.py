"""GraphQL mutations of department integration (endpoints, hand-offs)."""

from __future__ import annotations

import strawberry

from hub.core.errors import HubError
from resolvers.integration import endpoints
from schema.context import Info
from schema.integration.inputs import DepartmentEndpointInput
from schema.integration.queries import _endpoint_view
from schema.integration.types import (
    DepartmentEndpointPayload,
    IntegrationError,
    OutboxMessage,
    OutboxRetryPayload,
)


@strawberry.type
class IntegrationMutation:
    @strawberry.mutation(description="设置部门业务系统的办件推送地址与签名密钥（系统管理员）")
    async def configure_department_endpoint(self, info: Info, input: DepartmentEndpointInput
                                            ) -> DepartmentEndpointPayload:
        try:
            row = await endpoints.configure(await info.context.viewer(), input.department_code,
                                            input.url, input.secret, input.active)
        except HubError as e:
            return DepartmentEndpointPayload(endpoint=None, errors=[IntegrationError.of(e)])
        return DepartmentEndpointPayload(endpoint=await _endpoint_view(info, row), errors=[])

    @strawberry.mutation(description="重新投递一条已停止重试的推送（系统管理员）")
    async def retry_outbox_message(self, info: Info, id: strawberry.ID) -> OutboxRetryPayload:
        try:
            row = await endpoints.retry(await info.context.viewer(),
                                        int(id) if str(id).isdigit() else -1)
        except HubError as e:
            return OutboxRetryPayload(message=None, errors=[IntegrationError.of(e)])
        return OutboxRetryPayload(message=OutboxMessage.of(row), errors=[])
