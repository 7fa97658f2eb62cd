"""GraphQL output types of department integration (endpoints, hand-offs)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import Private

from hub.core.errors import ErrorCode
from hub.core.models import enums as m
from schema.context import Info
from schema.errors import Error, code_enum, code_field
from schema.org.types import Department


@strawberry.enum(description="投递状态")
class OutboxStatus(Enum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    DEAD = "DEAD"


async def _department(info: Info, department_id: int) -> Department:
    row = await info.context.org.department_by_id.load(department_id)
    assert row is not None  # restricted foreign key
    return Department.from_row(row)


@strawberry.type(description="部门业务系统接入：办件推送地址与签名密钥")
class DepartmentEndpoint:
    department_id: Private[int]
    url: str = strawberry.field(description="办件推送地址（部门业务系统接收 POST 的网址）")
    active: bool = strawberry.field(description="是否启用（停用时办件暂存待投递）")
    secret_hint: str = strawberry.field(description="签名密钥末四位（密钥本身不再显示）")
    updated_at: datetime = strawberry.field(description="最近修改时间")
    pending: int = strawberry.field(description="待投递条数")
    delivered: int = strawberry.field(description="已送达条数")
    dead: int = strawberry.field(description="投递失败（已停止重试）条数")
    callback_path: str = strawberry.field(description="部门回调平台的路径（POST，签名规则同推送）")

    @classmethod
    def of(cls, r: dict[str, Any], code: str) -> DepartmentEndpoint:
        c = r["counts"]
        return cls(department_id=r["department_id"], url=r["url"], active=r["active"],
                   secret_hint=r["secret_hint"], updated_at=r["updated_at"],
                   pending=c[m.OutboxStatus.PENDING], delivered=c[m.OutboxStatus.DELIVERED],
                   dead=c[m.OutboxStatus.DEAD], callback_path=f"/integration/callback/{code}")

    @strawberry.field(description="部门")
    async def department(self, info: Info) -> Department:
        return await _department(info, self.department_id)


@strawberry.type(description="一次向部门业务系统的办件推送（事务性发件箱）")
class OutboxMessage:
    department_id: Private[int]
    id: strawberry.ID = strawberry.field(description="标识")
    case_number: str = strawberry.field(description="办件编号")
    event: str = strawberry.field(description="事件，如 RECEIVED（已受理）")
    idempotency_key: str = strawberry.field(description="幂等键：办件编号 + 事件")
    status: OutboxStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    attempts: int = strawberry.field(description="已尝试次数")
    next_attempt_at: datetime | None = strawberry.field(description="下次尝试时间（待投递时）")
    last_error: str = strawberry.field(description="最近一次失败的原因")
    created_at: datetime = strawberry.field(description="写入时间（与办件受理同一事务）")
    delivered_at: datetime | None = strawberry.field(description="送达时间")

    @classmethod
    def of(cls, r: dict[str, Any]) -> OutboxMessage:
        status = m.OutboxStatus(r["status"])
        return cls(department_id=r["department_id"], id=strawberry.ID(str(r["id"])),
                   case_number=r["case__number"], event=r["event"],
                   idempotency_key=r["idempotency_key"], status=OutboxStatus(status.value),
                   status_label=m.OUTBOX_STATUS_LABELS[status], attempts=r["attempts"],
                   next_attempt_at=r["next_attempt_at"] if status == m.OutboxStatus.PENDING else None,
                   last_error=r["last_error"], created_at=r["created_at"],
                   delivered_at=r["delivered_at"])

    @strawberry.field(description="接收部门")
    async def department(self, info: Info) -> Department:
        return await _department(info, self.department_id)


IntegrationErrorCode = code_enum("IntegrationErrorCode", "部门接入操作错误代码", [
    ErrorCode.INVALID, ErrorCode.NOT_FOUND,
])


@strawberry.type(description="部门接入操作错误")
class IntegrationError(Error):
    code: ErrorCode = code_field(IntegrationErrorCode)


@strawberry.type(description="接入设置结果")
class DepartmentEndpointPayload:
    endpoint: DepartmentEndpoint | None = strawberry.field(description="保存后的接入设置")
    errors: list[IntegrationError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="重新投递结果")
class OutboxRetryPayload:
    message: OutboxMessage | None = strawberry.field(description="重新排队的推送")
    errors: list[IntegrationError] = strawberry.field(description="错误（为空表示成功）")
