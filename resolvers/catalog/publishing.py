"""Publishing catalogue changes: validate the whole catalogue, write immutable item versions,
move the heads, and recompile the rows the guide serves — all in one transaction.

Sources (the authored documents, see documents.py) live in item_version; ``item``,
``question`` and ``material`` are the district's effective catalogue compiled from them, so the
read paths stay plain SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from hub.core.errors import ErrorCode, HubError
from hub.core.models import (
    CatalogHead,
    CatalogRevision,
    Department,
    Item,
    ItemVersion,
    LifeEvent,
    Material,
    Question,
    ServicePoint,
)
from resolvers.catalog import documents
from resolvers.catalog.documents import Doc


class CatalogInvalid(HubError):
    """A change that would break the catalogue; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(ErrorCode.CATALOG_INVALID, f"目录校验未通过，共 {len(problems)} 个问题")
        self.problems = problems

    def per_problem(self) -> list[tuple[str | None, str]]:
        return [(self.field, p) for p in self.problems]


@dataclass
class Head:
    version: int
    document: Doc
    effective: Doc


@dataclass
class PublishResult:
    revision: int | None  # None when nothing changed
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0


async def heads() -> dict[str, Head]:
    rows = await CatalogHead.all().values(
        "code", v="version__version", d="version__document", e="version__effective"
    )
    return {r["code"]: Head(r["v"], r["d"], r["e"]) for r in rows}


async def references(extra_life_events: set[str]) -> documents.References:
    async def codes(model: Any) -> frozenset[str]:
        return frozenset(r["code"] for r in await model.all().values("code"))

    return documents.References(
        departments=await codes(Department),
        life_events=await codes(LifeEvent) | extra_life_events,
        points=await codes(ServicePoint),
    )


async def publish(
    changes: Mapping[str, Doc], *, author: str, kind: str, note: str = "",
    expected_versions: Mapping[str, int] | None = None, life_events: list[Doc] | None = None,
    file_problems: list[str] | None = None,
) -> PublishResult:
    """Apply changed source documents (by code); every problem of the result is reported at once
    and then nothing is written. ``expected_versions`` guards an edit against a concurrent one."""
    try:
        async with in_transaction():
            return await _publish(changes, author, kind, note, expected_versions or {}, life_events or [],
                                  file_problems or [])
    except IntegrityError as e:  # two publishers raced for the same version number
        raise HubError(ErrorCode.CONFLICT, "目录刚被他人修改，请刷新后重试") from e


async def _publish(changes: Mapping[str, Doc], author: str, kind: str, note: str,
                   expected: Mapping[str, int], life_events: list[Doc], file_problems: list[str],
                   ) -> PublishResult:
    current = await heads()
    for code, version in expected.items():
        if code in current and current[code].version != version:
            now = current[code].version
            raise HubError(ErrorCode.CONFLICT, f"事项 {code} 已被他人修改为第 {now} 版，请刷新后再改")
    sources = {code: h.document for code, h in current.items()}
    sources |= {code: documents.normalize(doc) for code, doc in changes.items()}
    refs = await references({e["code"] for e in life_events})
    problems = file_problems + documents.check_catalog(sources, refs)
    if problems:
        raise CatalogInvalid(problems)
    served = documents.effective_documents(sources)
    result = PublishResult(revision=None)
    new_versions = []
    for code, source in sources.items():
        effective = served.get(code, source)
        head = current.get(code)
        if head and head.document == source and head.effective == effective:
            result.unchanged += 1
            continue
        (result.changed if head else result.created).append(code)
        new_versions.append((code, (head.version if head else 0) + 1, source, effective))
    await _upsert_life_events(life_events)
    # a city item that a new variant replaces keeps its versions but leaves the guide
    await Item.filter(active=True, code__in=[c for c in sources if c not in served]).update(active=False)
    if not new_versions:
        return result
    revision = await CatalogRevision.create(kind=kind, author=author, note=note[:255])
    result.revision = revision.id
    for code, number, source, effective in new_versions:
        created = await ItemVersion.create(
            code=code, version=number, revision=revision, standard=source["standard"],
            document=source, effective=effective,
        )
        await CatalogHead.update_or_create(defaults={"version": created}, code=code)
        await _compile(code, number, served.get(code))
    return result


async def _upsert_life_events(events: list[Doc]) -> None:
    for sort, e in enumerate(events):
        values = {"name": e["name"], "description": e.get("description", ""), "sort": e.get("sort", sort)}
        await LifeEvent.update_or_create(defaults=values, code=e["code"])


async def _compile(code: str, version: int, doc: Doc | None) -> None:
    """Make the served rows of one code match its effective document (or withdraw it)."""
    item = await Item.get_or_none(code=code)
    if doc is None:  # a city item this district serves through its variant
        if item is not None:
            await Item.filter(id=item.id).update(version=version)
        return
    department = await Department.get(code=doc["department"])
    values: dict[str, Any] = {k: doc[k] for k in (
        "name", "summary", "keywords", "kind", "decision_level", "scope", "accepting_agency",
        "deciding_agency", "legal_time_limit_days", "promised_time_limit_days", "fee", "fee_basis",
        "fees", "accept_scope", "standard", "active",
    )}
    values |= doc["channels"] | {
        "department_id": department.id, "base_code": doc.get("base"), "version": version,
        "sort": item.sort if item else await Item.all().count(),
    }
    if item is None:
        item = await Item.create(code=code, **values)
    else:
        await item.update_from_dict(values).save()
    await Question.filter(item=item).delete()
    await Question.bulk_create([
        Question(item=item, sort=i, **{k: q[k] for k in documents.QUESTION_KEYS})
        for i, q in enumerate(doc["questions"])
    ])
    await Material.filter(item=item).delete()
    await Material.bulk_create([
        Material(item=item, sort=i, **{k: m[k] for k in documents.MATERIAL_KEYS})
        for i, m in enumerate(doc["materials"])
    ])
    await item.life_events.clear()
    await item.life_events.add(*await LifeEvent.filter(code__in=doc["life_events"]))
    await item.accepting_points.clear()
    await item.accepting_points.add(*await ServicePoint.filter(code__in=doc["accepting_points"]))
