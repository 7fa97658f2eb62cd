"""GraphQL fields of the catalog editor (administrators only)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from hub.errors import HubError
from hub.models.enums import Role
from resolvers.catalog import governance
from schema.context import Info
from schema.permissions import has_role
from schema.types.governance import CatalogEntry, CatalogFormat, CatalogItemVersion, CatalogPublishPayload

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


@strawberry.type
class GovernanceMutation:
    @strawberry.mutation(
        description="新建或修改一个事项，发布为新版本。修改已有事项须给出 expectedVersion"
        "（防止覆盖他人的修改）；区县变体可提交完整内容，只保存与全市标准不同之处",
        permission_classes=ADMIN,
    )
    async def save_catalog_item(
        self, info: Info, document: JSON, expected_version: int | None = None, note: str = ""
    ) -> CatalogPublishPayload:
        try:
            result = await governance.save_item(await info.context.viewer(), document, expected_version, note)
        except HubError as e:
            return CatalogPublishPayload.failed(e)
        return CatalogPublishPayload.of(result)

    @strawberry.mutation(
        description="导入目录文件（新增或更新文件中的事项）：整体校验，全部通过才写入，否则列出全部问题",
        permission_classes=ADMIN,
    )
    async def import_catalog(
        self, info: Info, content: str, format: CatalogFormat, note: str = ""
    ) -> CatalogPublishPayload:
        try:
            result = await governance.import_file(await info.context.viewer(), content, format.value, note)
        except HubError as e:
            return CatalogPublishPayload.failed(e)
        return CatalogPublishPayload.of(result)
