"""GraphQL mutations of catalogue governance (city/district versions, publishing)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from hub.core.errors import HubError
from resolvers.catalog import governance
from schema.context import Info
from schema.governance.queries import ADMIN
from schema.governance.types import CatalogFormat, CatalogPublishPayload


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
