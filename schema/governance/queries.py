"""GraphQL query fields of catalogue governance (city/district versions, publishing)."""

from __future__ import annotations

import strawberry

from hub.core.models.enums import Role
from resolvers.catalog import governance
from schema.context import Info
from schema.governance.types import CatalogEntry, CatalogFormat, CatalogItemVersion
from schema.permissions import has_role

ADMIN = [has_role(Role.ADMIN)]


@strawberry.type
class GovernanceQuery:
    @strawberry.field(description="目录维护：全部事项编码及其当前版本（含全市标准、区县变体、区县特有）",
                      permission_classes=ADMIN)
    async def catalog_entries(self) -> list[CatalogEntry]:
        return [CatalogEntry.of(e) for e in await governance.entries()]

    @strawberry.field(description="目录维护：事项的当前版本，或指定的历史版本", permission_classes=ADMIN)
    async def catalog_item(self, code: str, version: int | None = None) -> CatalogItemVersion | None:
        info = await governance.version_info(code, version)
        return CatalogItemVersion.of(info) if info else None

    @strawberry.field(description="目录维护：事项的全部版本（新的在前）", permission_classes=ADMIN)
    async def catalog_history(self, code: str) -> list[CatalogItemVersion]:
        return [CatalogItemVersion.of(v) for v in await governance.history(code)]

    @strawberry.field(description="导出整个目录（JSON 或 YAML 文本）", permission_classes=ADMIN)
    async def catalog_export(self, info: Info, format: CatalogFormat) -> str:
        return await governance.export_file(await info.context.viewer(), format.value)
