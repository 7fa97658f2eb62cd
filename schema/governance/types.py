"""GraphQL output types of catalogue governance (city/district versions, publishing)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import cast

import strawberry
from strawberry.scalars import JSON

from hub.core.errors import ErrorCode, HubError
from hub.core.models import enums as m
from resolvers.catalog import governance, publishing
from schema.enums import CatalogStandard
from schema.errors import Error, code_enum, code_field


@strawberry.enum(description="目录文件格式")
class CatalogFormat(Enum):
    JSON = "JSON"
    YAML = "YAML"


@strawberry.type(description="目录中的一个事项编码及其当前版本")
class CatalogEntry:
    code: str = strawberry.field(description="事项编码")
    name: str = strawberry.field(description="事项名称（生效内容）")
    standard: CatalogStandard = strawberry.field(description="标准类型")
    standard_label: str = strawberry.field(description="标准类型的中文名称")
    base: str | None = strawberry.field(description="区县变体所基于的全市标准事项编码")
    version: int = strawberry.field(description="当前版本号")
    active: bool = strawberry.field(description="是否在用")
    served: bool = strawberry.field(description="本区办事指南是否提供（被本区变体取代的全市事项为否）")
    department: str = strawberry.field(description="部门编码")
    updated_at: datetime = strawberry.field(description="当前版本发布时间")
    author: str = strawberry.field(description="当前版本发布人")

    @classmethod
    def of(cls, e: governance.Entry) -> CatalogEntry:
        standard = m.CatalogStandard(e.standard)
        return cls(
            code=e.code, name=e.name, standard=standard, standard_label=m.CATALOG_STANDARD_LABELS[standard],
            base=e.base, version=e.version, active=e.active, served=e.served, department=e.department,
            updated_at=e.updated_at, author=e.author,
        )


@strawberry.type(description="事项的一个已发布版本（发布后不可修改）")
class CatalogItemVersion:
    code: str = strawberry.field(description="事项编码")
    version: int = strawberry.field(description="版本号")
    standard: CatalogStandard = strawberry.field(description="标准类型")
    standard_label: str = strawberry.field(description="标准类型的中文名称")
    document: JSON = strawberry.field(description="编写的文档（区县变体只含与全市标准不同之处）")
    effective: JSON = strawberry.field(description="生效内容（区县变体已合并全市标准）")
    revision: int = strawberry.field(description="目录修订号")
    author: str = strawberry.field(description="发布人")
    note: str = strawberry.field(description="修改说明")
    created_at: datetime = strawberry.field(description="发布时间")

    @classmethod
    def of(cls, v: governance.VersionInfo) -> CatalogItemVersion:
        standard = m.CatalogStandard(v.standard)
        return cls(code=v.code, version=v.version, standard=standard,
                   standard_label=m.CATALOG_STANDARD_LABELS[standard],
                   document=cast(JSON, v.document), effective=cast(JSON, v.effective),
                   revision=v.revision, author=v.author, note=v.note, created_at=v.created_at)


CatalogErrorCode = code_enum("CatalogErrorCode", "目录维护错误代码", [
    ErrorCode.INVALID, ErrorCode.CATALOG_INVALID, ErrorCode.CONFLICT, ErrorCode.NOT_FOUND,
])


@strawberry.type(description="目录维护错误：校验不通过时每个问题一条")
class CatalogError(Error):
    code: ErrorCode = code_field(CatalogErrorCode)


@strawberry.type(description="发布结果：校验全部通过才写入，否则一条不写并列出全部问题")
class CatalogPublishPayload:
    revision: int | None = strawberry.field(description="新的目录修订号（没有任何变化时为空）")
    created: list[str] = strawberry.field(description="新增的事项编码")
    changed: list[str] = strawberry.field(description="产生新版本的事项编码")
    unchanged: int = strawberry.field(description="未变化的事项数")
    errors: list[CatalogError] = strawberry.field(description="错误（为空表示成功）")

    @classmethod
    def of(cls, r: publishing.PublishResult) -> CatalogPublishPayload:
        return cls(revision=r.revision, created=r.created, changed=r.changed, unchanged=r.unchanged,
                   errors=[])

    @classmethod
    def failed(cls, e: HubError) -> CatalogPublishPayload:
        return cls(revision=None, created=[], changed=[], unchanged=0, errors=CatalogError.all_of(e))
