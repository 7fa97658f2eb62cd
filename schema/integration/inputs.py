"""GraphQL input types of department integration (endpoints, hand-offs)."""

from __future__ import annotations

import strawberry


@strawberry.input(description="部门业务系统接入设置")
class DepartmentEndpointInput:
    department_code: str = strawberry.field(description="部门编码，如 YB")
    url: str = strawberry.field(description="办件推送地址（http:// 或 https://，生产环境请用 https）")
    secret: str | None = strawberry.field(
        default=None, description="签名密钥（至少 32 个字符，双方共享）；修改其他设置时可不填，保留原密钥")
    active: bool = strawberry.field(default=True, description="是否启用")
