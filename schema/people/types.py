"""The registered person (申请人) as a federation entity: department systems extend it."""

from __future__ import annotations

from typing import Any

import strawberry

from hub.core.idcard import parse_id_number
from resolvers.people.access import references_for, require_person_reader, sees_full_id_number
from schema.context import Info


@strawberry.federation.type(
    keys=["id"],
    description="在本系统登记的自然人（申请人）。仅窗口、审批、出件、专家、网格员、管理者与系统管理员可查看；"
    "部门系统以不透明的 id 扩展它，而不是以身份证号",
)
class Person:
    id: strawberry.ID = strawberry.field(description="不透明的人员标识（签名的登记号，不含身份证号）")
    name: str = strawberry.field(description="姓名（未留姓名时为空串）")
    id_number: str = strawberry.field(
        description="身份证号码：窗口、审批、出件人员与管理者得到完整号码，其他角色得到脱敏号码")
    masked_id_number: str = strawberry.field(description="脱敏的身份证号码，如 330106********1234")

    @classmethod
    async def of(cls, info: Info, row: dict[str, Any]) -> Person:
        """The person as the caller may see them (the caller was checked by the entry point)."""
        viewer = require_person_reader(await info.context.viewer())
        parsed = parse_id_number(row["id_number"])
        return cls(
            id=strawberry.ID(references_for(info.context.services.settings.secret_key).dumps(row["id"])),
            name=row["name"],
            id_number=parsed.value if sees_full_id_number(viewer) else parsed.masked,
            masked_id_number=parsed.masked,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID, **_fields: Any) -> Person | None:
        require_person_reader(await info.context.viewer())
        person_id = references_for(info.context.services.settings.secret_key).loads(str(id))
        if person_id is None:  # not a reference this hub signed
            return None
        row = await info.context.people.person_by_id.load(person_id)
        return await cls.of(info, row) if row else None
