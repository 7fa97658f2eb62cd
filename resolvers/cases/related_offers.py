"""顺便办: the related items offered after a case, and what a second intake carries over.

Offers are written with the case (in the intake's transaction), one row per related item of the
case's item in the case's district (resolvers/catalog/related.py), so that the dashboard counts
offers made and taken without recomputing the relations as they were then. An offer is *taken*
when a case is filed from it (the intake names the offer; one compare-and-set in the intake's
transaction marks it, so one offer is taken by one case).

What a second intake carries over from the first case (decided here, documented in DECISIONS):

* the applicant: ID number, name, phone and address (the registry's, as updated by the first
  intake) and the company when the first case was a company's;
* situation answers: those of the first case whose question has the same code, the same text and
  the same kind in the next item, and whose value the next item accepts (an option it offers);
* materials: a material of the next item with the same name as a material collected (with files)
  for the first case brings those files and the "original checked" mark along, so the window
  does not scan it again; licensed, deferred or missing lines bring nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count

from hub.core.errors import ErrorCode, HubError
from hub.core.models import (
    Case,
    CaseFile,
    CaseMaterial,
    Company,
    Item,
    Material,
    Person,
    Question,
    RelatedOffer,
)
from hub.core.models.enums import CaseMaterialStatus, Role
from hub.core.models.rows import CaseRow
from hub.core.viewer import Viewer, require_role
from resolvers.analytics.sql import day_range_utc
from resolvers.cases.access import case_for
from resolvers.catalog.related import district_of, related_for

ALREADY_DAYS = 30  # an item the applicant filed this close before (or after) the case is not offered


async def record_offers(
    conn: BaseDBAsyncClient, case_id: int, item: Mapping[str, Any], point_path: str, now: datetime
) -> int:
    """Write the offers of a case just filed (in the intake's transaction): two queries, and one
    insert when there is something to offer."""
    code = item["code"]
    related = (await related_for([code], district_of(point_path), {code: item.get("base_code")})).get(
        code, []
    )
    if not related:
        return 0
    await RelatedOffer.bulk_create(
        [
            RelatedOffer(
                case_id=case_id, relation_id=r.relation_id, item_code=r.code, reason=r.reason, offered_at=now
            )
            for r in related
        ],
        using_db=conn,
    )
    return len(related)


@dataclass(frozen=True)
class Offer:
    id: int
    case_id: int
    item_code: str
    item_name: str
    reason: str
    state: str  # OPEN: not yet filed; TAKEN: filed from this offer; FILED: the applicant filed it otherwise
    taken_case_number: str | None
    pc: str
    mobile: str


async def offers_for(cases: Sequence[Mapping[str, Any]]) -> dict[int, list[Offer]]:
    """The offers of several cases (three queries whatever their number): each with whether the
    applicant has meanwhile filed the item, from the offer or otherwise."""
    ids = [int(c["id"]) for c in cases]
    if not ids:
        return {}
    rows = (
        await RelatedOffer.filter(case_id__in=ids)
        .order_by("id")
        .values("id", "case_id", "item_code", "reason", "taken_case_id", taken_number="taken_case__number")
    )
    codes = {r["item_code"] for r in rows}
    items = {r["code"]: r for r in await Item.filter(code__in=codes).values("code", "name", "pc", "mobile")}
    persons = {int(c["person_id"]) for c in cases}
    earliest = min(c["submitted_at"] for c in cases) - timedelta(days=ALREADY_DAYS)
    filed = await Case.filter(person_id__in=persons, item_code__in=codes, submitted_at__gte=earliest).values(
        "person_id", "item_code", "submitted_at"
    )
    by_case = {int(c["id"]): c for c in cases}
    out: dict[int, list[Offer]] = {i: [] for i in ids}
    for r in rows:
        case = by_case[r["case_id"]]
        item = items.get(r["item_code"], {"name": r["item_code"], "pc": "NONE", "mobile": "NONE"})
        since = case["submitted_at"] - timedelta(days=ALREADY_DAYS)
        if r["taken_case_id"]:
            state = "TAKEN"
        elif any(
            f["person_id"] == case["person_id"]
            and f["item_code"] == r["item_code"]
            and f["submitted_at"] >= since
            for f in filed
        ):
            state = "FILED"
        else:
            state = "OPEN"
        out[r["case_id"]].append(
            Offer(
                r["id"],
                r["case_id"],
                r["item_code"],
                item["name"],
                r["reason"],
                state,
                r["taken_number"],
                str(item["pc"]),
                str(item["mobile"]),
            )
        )
    return out


# --- carrying the shared data into the next intake ----------------------------------------------


@dataclass(frozen=True)
class CarriedFile:
    sha256: str
    filename: str


@dataclass(frozen=True)
class CarriedMaterial:
    material_id: int  # the next item's catalogue material
    name: str
    files: list[CarriedFile]
    original_seen: bool


@dataclass(frozen=True)
class Carry:
    offer_id: int
    from_case_number: str
    item_code: str
    item_name: str
    reason: str
    id_number: str
    name: str
    phone: str
    address: str
    credit_code: str | None
    company_name: str
    answers: dict[str, Any] = field(default_factory=dict)
    materials: list[CarriedMaterial] = field(default_factory=list)


async def _offer(offer_id: int) -> dict[str, Any]:
    rows = await RelatedOffer.filter(id=offer_id).values(
        "id", "case_id", "item_code", "reason", "taken_case_id"
    )
    if not rows:
        raise HubError(ErrorCode.NOT_FOUND, "该顺便办推荐不存在", "offerId")
    return rows[0]


async def carry_over(viewer: Viewer, offer_id: int) -> Carry:
    """What a second intake of an offered item starts with (for a staff member who may see the
    first case; anyone else is told the offer does not exist)."""
    offer = await _offer(offer_id)
    try:
        case = await case_for(viewer, offer["case_id"])
    except HubError as e:
        raise HubError(ErrorCode.NOT_FOUND, "该顺便办推荐不存在", "offerId") from e
    if offer["taken_case_id"]:
        raise HubError(ErrorCode.CONFLICT, "该推荐事项已顺便办理，请勿重复受理", "offerId")
    items = await Item.filter(code=offer["item_code"], active=True).values("id", "code", "name")
    if not items:
        raise HubError(ErrorCode.NOT_FOUND, f"事项 {offer['item_code']} 已不再受理", "offerId")
    target = items[0]
    person = (await Person.filter(id=case["person_id"]).values("id_number", "name", "phone", "address"))[0]
    company = (
        (await Company.filter(id=case["company_id"]).values("credit_code", "name"))[0]
        if case["company_id"]
        else None
    )
    return Carry(
        offer_id=offer["id"],
        from_case_number=case["number"],
        item_code=target["code"],
        item_name=target["name"],
        reason=offer["reason"],
        id_number=person["id_number"],
        name=person["name"],
        phone=case["contact_phone"] or person["phone"],
        address=person["address"],
        credit_code=company["credit_code"] if company else None,
        company_name=company["name"] if company else "",
        answers=await _answers(case, target["id"]),
        materials=await _materials(case["id"], target["id"]),
    )


def _accepted(value: Any, options: Iterable[Mapping[str, Any]]) -> bool:
    allowed = {str(o.get("value")) for o in options}
    if not allowed:
        return True
    values = value if isinstance(value, list) else [value]
    return all(str(v) in allowed for v in values)


async def _answers(case: CaseRow, target_item_id: int) -> dict[str, Any]:
    given = cast(dict[str, Any], case["answers"] or {})
    if not given:
        return {}
    source = {
        r["code"]: r for r in await Question.filter(item_id=case["item_id"]).values("code", "text", "kind")
    }
    out: dict[str, Any] = {}
    for q in await Question.filter(item_id=target_item_id, code__in=list(given)).values(
        "code", "text", "kind", "options"
    ):
        same = source.get(q["code"])
        if (
            same
            and same["text"] == q["text"]
            and same["kind"] == q["kind"]
            and _accepted(given[q["code"]], q["options"])
        ):
            out[q["code"]] = given[q["code"]]
    return out


async def _materials(case_id: int, target_item_id: int) -> list[CarriedMaterial]:
    collected = await CaseMaterial.filter(case_id=case_id, status=CaseMaterialStatus.COLLECTED).values(
        "id", "name", "original_seen"
    )
    if not collected:
        return []
    wanted = {
        r["name"]: r["id"]
        for r in await Material.filter(
            item_id=target_item_id, name__in=[c["name"] for c in collected]
        ).values("id", "name")
    }
    lines = [c for c in collected if c["name"] in wanted]
    files = (
        await CaseFile.filter(material_id__in=[c["id"] for c in lines])
        .order_by("id")
        .values("material_id", "filename", sha="stored__sha256")
    )
    out = []
    for c in lines:
        mine = [CarriedFile(f["sha"], f["filename"]) for f in files if f["material_id"] == c["id"]]
        if mine:
            out.append(CarriedMaterial(wanted[c["name"]], c["name"], mine, bool(c["original_seen"])))
    return out


# --- taking an offer -------------------------------------------------------------------------------


async def check_offer(offer_id: int, item_code: str, id_number: str) -> None:
    """Before the intake writes: the offer exists, names this item and this applicant, and is open."""
    offer = await _offer(offer_id)
    case = await Case.filter(id=offer["case_id"]).values("person__id_number")
    if offer["item_code"] != item_code or not case or case[0]["person__id_number"] != id_number:
        raise HubError(ErrorCode.INVALID, "顺便办推荐与本次受理的事项或申请人不符", "offerId")
    if offer["taken_case_id"]:
        raise HubError(ErrorCode.CONFLICT, "该推荐事项已顺便办理，请勿重复受理", "offerId")


async def take_offer(conn: BaseDBAsyncClient, offer_id: int, case_id: int, now: datetime) -> None:
    """Mark the offer taken by the case just written (compare-and-set in the intake's
    transaction: when another intake took it first, this one is rolled back)."""
    changed = (
        await RelatedOffer.filter(id=offer_id, taken_case_id=None)
        .using_db(conn)
        .update(taken_case_id=case_id, taken_at=now)
    )
    if not changed:
        raise HubError(ErrorCode.CONFLICT, "该推荐事项已顺便办理，请勿重复受理", "offerId")


# --- the dashboard ---------------------------------------------------------------------------------

MAX_STAT_DAYS = 366


async def offer_stats(viewer: Viewer | None, first: date, last: date) -> list[dict[str, Any]]:
    """Offers made and taken per offered item, of the cases received in the viewer's region on
    the local days ``first`` … ``last`` (by when they were offered), the most offered first."""
    v = require_role(viewer, Role.SUPERVISOR, Role.ADMIN)
    if last < first or (last - first).days >= MAX_STAT_DAYS:
        raise HubError(ErrorCode.INVALID, f"统计区间须在 1 到 {MAX_STAT_DAYS} 天之间", "to")
    start, end = day_range_utc(first, last)
    rows = (
        await RelatedOffer.filter(
            offered_at__gte=start,
            offered_at__lt=end,
            case__point_path__startswith=v.service_point_path,
        )
        .annotate(offered=Count("id"), taken=Count("taken_case_id"))
        .group_by("item_code")
        .values("item_code", "offered", "taken")
    )
    names = dict(await Item.filter(code__in=[r["item_code"] for r in rows]).values_list("code", "name"))
    out = [
        {
            "item_code": r["item_code"],
            "item_name": names.get(r["item_code"], r["item_code"]),
            "offered": int(r["offered"]),
            "taken": int(r["taken"]),
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: (-r["offered"], -r["taken"], r["item_code"]))
