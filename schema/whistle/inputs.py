"""GraphQL input types of the whistle (窗口吹哨)."""

from __future__ import annotations

import strawberry


@strawberry.input(description="窗口吹哨")
class RaiseWhistleInput:
    question: str = strawberry.field(description="问题（最多 500 字）")
    item_code: str | None = strawberry.field(
        default=None, description="所问事项编码：由事项所属部门的专家解答")
    department_code: str | None = strawberry.field(
        default=None, description="未选事项时求助的部门编码")
    topic: str | None = strawberry.field(default=None, description="主题（未选事项时必填）")
    case_ref: str | None = strawberry.field(default=None, description="关联的办件编号（可选）")
