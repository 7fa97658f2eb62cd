"""Catalog governance (以上带下): who may edit which layer, and the editor's operations.

City-standard items are the city's: only an administrator at the city level edits them. A
district administrator adjusts them through a district variant, or adds district-only items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import CatalogHead, ItemVersion
from hub.core.models.enums import CatalogStandard, Role
from hub.core.viewer import Viewer, require_role
from resolvers.catalog import documents, publishing, transfer
from resolvers.catalog.documents import Doc


def is_city_admin(viewer: Viewer) -> bool:
    return viewer.service_point_path.count("/") == 1  # "330100/": the root of the tree


def require_editor(viewer: Viewer | None, standards: Iterable[str]) -> Viewer:
    v = require_role(viewer, Role.ADMIN)
    if CatalogStandard.CITY in set(standards) and not is_city_admin(v):
        raise PermissionDenied("全市统一标准事项只能由市级管理员修改；区县可创建本区变体")
    return v


# Revisions the hub wrote itself record a tag, not a person: say what it means.
SYSTEM_AUTHORS = {"seed": "系统初始化"}


def author_label(author: str) -> str:
    """Who published a revision, as an editor reads it."""
    return SYSTEM_AUTHORS.get(author, author)


@dataclass(frozen=True)
class Entry:
    """One line of the editor's list: the current version of an item code."""

    code: str
    name: str
    standard: str
    base: str | None
    version: int
    active: bool
    served: bool  # whether this district's guide offers it (a replaced city item is not)
    department: str
    updated_at: datetime
    author: str


async def entries() -> list[Entry]:
    rows = await CatalogHead.all().values(
        "code", v="version__version", d="version__document", e="version__effective",
        at="version__revision__created_at", by="version__revision__author",
    )
    replaced = {r["d"].get("base") for r in rows if r["d"]["standard"] == CatalogStandard.DISTRICT_VARIANT}
    out = [
        Entry(code=r["code"], name=r["e"]["name"], standard=r["d"]["standard"], base=r["d"].get("base"),
              version=r["v"], active=r["e"]["active"], served=r["code"] not in replaced,
              department=r["e"]["department"], updated_at=r["at"], author=author_label(r["by"]))
        for r in rows
    ]
    return sorted(out, key=lambda e: (documents.STANDARD_ORDER[e.standard], e.code))


@dataclass(frozen=True)
class VersionInfo:
    code: str
    version: int
    standard: str
    document: Doc
    effective: Doc
    revision: int
    author: str
    note: str
    created_at: datetime


async def history(code: str) -> list[VersionInfo]:
    rows = await ItemVersion.filter(code=code).order_by("-version").values(
        "code", "version", "standard", "document", "effective", "revision_id",
        author="revision__author", note="revision__note", at="revision__created_at",
    )
    return [_info(r) for r in rows]


async def version_info(code: str, version: int | None = None) -> VersionInfo | None:
    query = ItemVersion.filter(code=code)
    if version is None:
        head = await CatalogHead.get_or_none(code=code).values("version_id")
        if head is None:
            return None
        query = ItemVersion.filter(id=head["version_id"])
    else:
        query = query.filter(version=version)
    row = await query.first().values(
        "code", "version", "standard", "document", "effective", "revision_id",
        author="revision__author", note="revision__note", at="revision__created_at",
    )
    return _info(row) if row else None


def _info(r: dict[str, Any]) -> VersionInfo:
    return VersionInfo(code=r["code"], version=r["version"], standard=r["standard"], document=r["document"],
                       effective=r["effective"], revision=r["revision_id"], author=author_label(r["author"]),
                       note=r["note"], created_at=r["at"])


async def save_item(
    viewer: Viewer | None, document: Any, expected_version: int | None, note: str
) -> publishing.PublishResult:
    """Create or edit one item. A district variant may be sent whole (as the editor shows it):
    only its differences from the city item are kept, so later city edits still reach it."""
    if not isinstance(document, dict) or not isinstance(document.get("code"), str):
        raise HubError(ErrorCode.INVALID, "事项文档须是含编码 code 的对象", "document")
    code = document["code"].strip()
    doc = dict(document, code=code)
    v = require_editor(viewer, [doc.get("standard") or CatalogStandard.CITY])
    current = await publishing.heads()
    if code in current:
        require_editor(v, [current[code].document["standard"]])
        if expected_version is None:
            raise HubError(ErrorCode.INVALID,
                           f"事项 {code} 已存在：请基于当前第 {current[code].version} 版修改",
                           "expectedVersion")
    elif expected_version is not None:
        raise HubError(ErrorCode.NOT_FOUND, f"事项 {code} 不存在", "code")
    if doc.get("standard") == CatalogStandard.DISTRICT_VARIANT and "overrides" not in doc:
        base = current.get(doc.get("base") or "")
        if base is None or base.document["standard"] != CatalogStandard.CITY:
            raise HubError(ErrorCode.INVALID,
                           f"区县变体须基于一个全市统一标准事项（{doc.get('base')} 不是）", "base")
        doc = documents.diff(base.document, documents.normalize(doc | {"standard": "CITY"}))
        doc["code"] = code
    expected = {code: expected_version} if expected_version is not None else {}
    return await publishing.publish({code: doc}, author=v.name, kind="EDIT", note=note or f"编辑 {code}",
                                    expected_versions=expected)


async def import_file(viewer: Viewer | None, content: str, fmt: str, note: str) -> publishing.PublishResult:
    v = require_role(viewer, Role.ADMIN)
    file = transfer.parse(content, fmt)
    require_editor(v, [i.get("standard") or CatalogStandard.CITY for i in file.items.values()])
    return await transfer.import_catalog(file, author=v.name, note=note)


async def export_file(viewer: Viewer | None, fmt: str) -> str:
    require_role(viewer, Role.ADMIN)
    return await transfer.export_catalog(fmt)
