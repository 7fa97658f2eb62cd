"""Related items (办好一件事，主动办好一串事): which items usually follow an item, per district.

Relations follow the catalogue's governance (以上带下, resolvers/catalog/governance.py):

* a city relation (``scope`` "") applies in every district, unless that district hides it (a row
  of its own for the same pair with status HIDDEN);
* a district adds its own relations (``scope`` = its code); for a pair both have, the district's
  reason is the one shown;
* relations are written on item codes as the catalogue names them: a relation from or to a city
  item also holds for the district variant that replaces it (``Item.base_code``).

Curated relations (an administrator wrote them) are offered at once (ACTIVE); mined ones
(resolvers/catalog/mining.py) wait as SUGGESTED until an administrator accepts (ACCEPTED, with
the reason the resident reads) or rejects them (REJECTED, never offered and never suggested again).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError, PermissionDenied
from hub.core.models import CatalogHead, Item, ItemRelation, ServicePoint
from hub.core.models.enums import RegionLevel, RelationSource, RelationStatus, Role
from hub.core.pagination import check_page_size
from hub.core.viewer import Viewer, require_role

OFFERED = (RelationStatus.ACTIVE, RelationStatus.ACCEPTED)
MAX_RELATED = 8  # the most related items offered after one item (the counter shows them at once)
MAX_REASON = 120
MAX_PAGE = 100


def district_of(path: str) -> str:
    """The district's code of a service point path ("330100/330106/330106003/" → "330106");
    "" for the city's own points."""
    codes = [c for c in path.split("/") if c]
    return codes[1] if len(codes) > 1 else ""


@dataclass(frozen=True)
class Related:
    """One item offered after another, as the applicant reads it."""

    relation_id: int
    from_code: str
    code: str  # the served item's code (a district variant when one replaces the city item)
    name: str
    reason: str
    source: str
    scope: str


async def related_for(
    codes: Iterable[str], district: str, bases: Mapping[str, str | None] | None = None
) -> dict[str, list[Related]]:
    """The related items offered after each of ``codes`` in ``district`` (one query for the
    relations and one for the items they name, whatever the number of codes; one more for the
    codes' city items unless ``bases`` gives them)."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return {}
    if bases is None:
        bases = dict(await Item.filter(code__in=wanted).values_list("code", "base_code"))
    keys = {c: [c, *([bases[c]] if bases.get(c) else [])] for c in wanted}
    all_keys = {k for ks in keys.values() for k in ks}
    rows = (
        await ItemRelation.filter(
            from_code__in=all_keys,
            scope__in=list({"", district}),
            status__in=[*OFFERED, RelationStatus.HIDDEN],
        )
        .order_by("id")
        .values("id", "from_code", "to_code", "reason", "source", "status", "scope", "confidence")
    )
    hidden = {
        (r["from_code"], r["to_code"]) for r in rows if r["scope"] and r["status"] == RelationStatus.HIDDEN
    }
    own = {(r["from_code"], r["to_code"]) for r in rows if r["scope"]}
    usable = [
        r
        for r in rows
        if r["status"] in OFFERED
        and (
            r["scope"]
            or ((r["from_code"], r["to_code"]) not in hidden and (r["from_code"], r["to_code"]) not in own)
        )
    ]
    served = await _served({r["to_code"] for r in usable})
    out: dict[str, list[Related]] = {}
    for code in wanted:
        mine = [r for r in usable if r["from_code"] in keys.get(code, [])]
        # the district's own first, curated before mined, then the most confident
        mine.sort(
            key=lambda r: (r["scope"] == "", r["source"] != RelationSource.CURATED, -r["confidence"], r["id"])
        )
        seen: set[str] = {code}
        lines: list[Related] = []
        for r in mine:
            item = served.get(r["to_code"])
            if item is None or item["code"] in seen:
                continue
            seen.add(item["code"])
            lines.append(
                Related(r["id"], code, item["code"], item["name"], r["reason"], r["source"], r["scope"])
            )
        out[code] = lines[:MAX_RELATED]
    return out


async def _served(codes: set[str]) -> dict[str, dict[str, Any]]:
    """Catalogue code → the active item serving it: itself, or the district variant replacing it."""
    if not codes:
        return {}
    rows = await Item.filter(Q(code__in=codes) | Q(base_code__in=codes), active=True).values(
        "code", "name", "base_code"
    )
    out = {r["base_code"]: r for r in rows if r["base_code"] in codes}
    out |= {r["code"]: r for r in rows if r["code"] in codes}
    return out


# --- administration --------------------------------------------------------------------------------


def _admin_scope(viewer: Viewer | None) -> tuple[Viewer, str]:
    """The administrator and the scope they govern: "" for the city's, else their district."""
    v = require_role(viewer, Role.ADMIN)
    return v, district_of(v.service_point_path)


def _reason(text: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise HubError(ErrorCode.INVALID, "请填写向申请人说明的推荐理由", "reason")
    if len(reason) > MAX_REASON:
        raise HubError(ErrorCode.INVALID, f"推荐理由不超过 {MAX_REASON} 个字", "reason")
    return reason


async def create_relation(viewer: Viewer | None, from_code: str, to_code: str, reason: str) -> dict[str, Any]:
    """A curated relation in the administrator's scope (a city administrator's applies
    everywhere; a district administrator's in their district)."""
    v, scope = _admin_scope(viewer)
    from_code, to_code, text = from_code.strip(), to_code.strip(), _reason(reason)
    if from_code == to_code:
        raise HubError(ErrorCode.INVALID, "不能把事项推荐给它自己", "toCode")
    # any catalogue code: a city item a district serves through its variant has no served row
    found = set(await CatalogHead.filter(code__in=[from_code, to_code]).values_list("code", flat=True))
    for code, field in ((from_code, "fromCode"), (to_code, "toCode")):
        if code not in found:
            raise HubError(ErrorCode.NOT_FOUND, f"事项 {code} 不存在", field)
    try:
        async with in_transaction():
            row = await ItemRelation.create(
                from_code=from_code,
                to_code=to_code,
                reason=text,
                source=RelationSource.CURATED,
                status=RelationStatus.ACTIVE,
                scope=scope,
                created_by=v.name,
            )
    except IntegrityError as e:
        raise HubError(ErrorCode.DUPLICATE, "这两个事项的关联已存在，请在列表中修改", "toCode") from e
    return await relation(row.id)


async def relation(relation_id: int) -> dict[str, Any]:
    rows = await ItemRelation.filter(id=relation_id).values()
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, "关联不存在", "id")
    return rows[0]


async def decide(
    viewer: Viewer | None, relation_id: int, accept: bool, reason: str, version: int
) -> dict[str, Any]:
    """Accept (with the reason the resident reads) or reject a mined suggestion, with one
    compare-and-set on its version: of two administrators deciding at once, one wins."""
    v, scope = _admin_scope(viewer)
    row = await relation(relation_id)
    if row["scope"] != scope and scope:  # a district administrator decides only their own
        raise PermissionDenied("只能审核本区的关联建议")
    if row["source"] != RelationSource.MINED:
        raise HubError(ErrorCode.INVALID, "只有数据挖掘的关联建议需要审核", "id")
    text = _reason(reason) if accept else (reason or "").strip()[:MAX_REASON] or row["reason"]
    status = RelationStatus.ACCEPTED if accept else RelationStatus.REJECTED
    changed = await ItemRelation.filter(id=relation_id, version=version).update(
        status=status, reason=text, decided_by=v.name, decided_at=utcnow(), version=version + 1
    )
    if not changed:
        raise HubError(ErrorCode.CONFLICT, "该建议刚被他人处理或修改，请刷新后再审核", "version")
    return await relation(relation_id)


async def set_hidden(viewer: Viewer | None, relation_id: int, hidden: bool) -> dict[str, Any]:
    """A district administrator hides a city relation in their district (or shows it again)."""
    v, scope = _admin_scope(viewer)
    if not scope:
        raise HubError(
            ErrorCode.NOT_ALLOWED, "市级关联在全市生效；停用请直接驳回或删除，区县管理员可在本区停用", "id"
        )
    row = await relation(relation_id)
    if row["scope"] != "":
        raise HubError(ErrorCode.INVALID, "只能在本区停用全市的关联", "id")
    pair = {"from_code": row["from_code"], "to_code": row["to_code"], "scope": scope}
    async with in_transaction():
        existing = await ItemRelation.filter(**pair).first()
        if hidden:
            if existing is None:
                await ItemRelation.create(
                    **pair,
                    reason="",
                    source=RelationSource.CURATED,
                    status=RelationStatus.HIDDEN,
                    created_by=v.name,
                )
            elif existing.status != RelationStatus.HIDDEN:
                raise HubError(ErrorCode.CONFLICT, "本区已有这两个事项的关联，请直接修改本区的关联", "id")
        elif existing is not None and existing.status == RelationStatus.HIDDEN:
            await ItemRelation.filter(id=existing.id, status=RelationStatus.HIDDEN).delete()
    return row


async def relations(
    viewer: Viewer | None, status: RelationStatus | None, source: RelationSource | None, first: int = 50
) -> list[dict[str, Any]]:
    """The relations an administrator governs or sees (their scope and the city's), the mined
    suggestions first by confidence."""
    _, scope = _admin_scope(viewer)
    check_page_size(first, MAX_PAGE)
    query = ItemRelation.filter(scope__in=list({"", scope}))
    if status is not None:
        query = query.filter(status=status)
    if source is not None:
        query = query.filter(source=source)
    return await query.order_by("-confidence", "from_code", "to_code", "id").limit(first).values()


@dataclass(frozen=True)
class Names:
    by_code: dict[str, str]

    def of(self, code: str) -> str:
        return self.by_code.get(code, code)


async def names(codes: Iterable[str]) -> Names:
    rows = await Item.filter(code__in=list(set(codes))).values_list("code", "name")
    return Names({str(c): str(n) for c, n in rows})


async def default_district() -> str:
    """The district a public reader's guide is for: the hub's only district, else none (the
    city's relations only)."""
    codes = await ServicePoint.filter(level=RegionLevel.DISTRICT).limit(2).values_list("code", flat=True)
    return str(codes[0]) if len(codes) == 1 else ""
