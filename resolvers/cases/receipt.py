"""The receipt (受理回执) of a case: the data it prints and the signed link that opens it.

The GraphQL API hands ``Case.receiptUrl`` only to those who may see the case (staff within
their reach, the applicant); the link names the case, expires after an hour and is checked by
``GET /cases/{id}/receipt.pdf?t=…`` (a browser's print or download cannot send a bearer token).
"""

from __future__ import annotations

from datetime import datetime
from typing import cast
from urllib.parse import quote

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from hub.core.idcard import parse_id_number
from hub.core.models import (
    Case,
    CaseFile,
    CaseMaterial,
    Company,
    Item,
    Person,
    RelatedOffer,
    ServicePoint,
    Staff,
)
from hub.core.models.enums import (
    CASE_CHANNEL_LABELS,
    ISSUE_METHOD_LABELS,
    MATERIAL_FORM_LABELS,
    MATERIAL_REQUIREMENT_LABELS,
    CaseChannel,
    CaseStatus,
    IssueMethod,
    MaterialForm,
    MaterialRequirement,
)
from hub.core.models.rows import CaseRow
from hub.core.pdf.receipt import ReceiptData, ReceiptMaterial
from resolvers.cases.offices import office_name

LINK_SECONDS = 3600
NOT_ACCEPTED = {CaseStatus.PREREVIEW.value, CaseStatus.PREREVIEWED.value}


class ReceiptLinks:
    """``/cases/{id}/receipt.pdf?t=…``: the token names the case and expires after an hour."""

    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="owh-case-receipt")

    def url(self, case_id: int) -> str:
        return f"/cases/{case_id}/receipt.pdf?t={self._s.dumps(case_id)}"

    def check(self, case_id: int, token: str) -> bool:
        try:
            return self._s.loads(token, max_age=LINK_SECONDS) == case_id
        except (BadSignature, SignatureExpired):
            return False


def track_url(base_url: str, number: str) -> str:
    """The tracking page the receipt's QR code opens (the applicant adds the ID number there)."""
    return f"{base_url.rstrip('/')}/track?number={quote(number)}"


async def receipt_data(case_id: int, base_url: str, now: datetime) -> ReceiptData | None:
    rows = cast(list[CaseRow], await Case.filter(id=case_id).values())
    if not rows:
        return None
    c = rows[0]
    person = await Person.get(id=c["person_id"]).values("id_number")
    point = await ServicePoint.get(id=c["service_point_id"]).values("name", "centre_name", "address", "phone")
    department = await office_name(c["department_id"], c["decide_point_id"])
    company = None
    if c["company_id"] is not None:
        co = await Company.get(id=c["company_id"]).values("name", "credit_code")
        company = f"{co['name']}（统一社会信用代码 {co['credit_code']}）"
    received_by = await _received_by(c)
    materials = await CaseMaterial.filter(case_id=case_id).order_by("sort", "id").values(
        "id", "name", "form", "count", "status", "original_seen", "requirement")
    file_rows = await CaseFile.filter(case_id=case_id, round=0).values("material_id")
    files: dict[int, int] = {}
    for f in file_rows:
        files[f["material_id"]] = files.get(f["material_id"], 0) + 1
    method = ISSUE_METHOD_LABELS[IssueMethod(c["issue_method"])]
    if c["delivery_address"]:
        method += f"（{c['delivery_address']}）"
    if c["finish_point_id"] not in (None, c["service_point_id"]):
        finish = await ServicePoint.get(id=c["finish_point_id"]).values("name", "centre_name")
        method += f"，出件地点：{finish['centre_name'] or finish['name']}"
    return ReceiptData(
        number=c["number"], accepted=c["status"] not in NOT_ACCEPTED and c["accepted_at"] is not None,
        item_name=c["item_name"], item_code=c["item_code"], item_version=c["item_version"],
        kind_label="即办件" if c["instant"] else "承诺件", instant=c["instant"],
        department=department,
        applicant=c["applicant_name"] if company is None else await _person_name(c["person_id"]),
        masked_id_number=parse_id_number(person["id_number"]).masked, company=company,
        channel_label=CASE_CHANNEL_LABELS[CaseChannel(c["channel"])],
        point_name=point["centre_name"] or point["name"], point_address=point["address"],
        point_phone=point["phone"], received_by=received_by, submitted_at=c["submitted_at"],
        accepted_at=c["accepted_at"], due_on=c["due_on"], due_provisional=c["due_provisional"],
        promised_days=c["promised_days"], issue_method=method,
        materials=[ReceiptMaterial(
            name=m["name"], form=_form(m["form"]), count=m["count"], status=m["status"],
            files=files.get(m["id"], 0), original_seen=m["original_seen"],
            requirement=_requirement(m["requirement"])) for m in materials],
        track_url=track_url(base_url, c["number"]), printed_at=now,
        closed_at=c["issued_at"] if c["instant"] and c["status"] == CaseStatus.ISSUED.value else None,
        related=await _related(case_id))


async def _related(case_id: int) -> tuple[tuple[str, str], ...]:
    """The offers of the case not yet taken (顺便办), for 您可能还需要办理."""
    rows = await RelatedOffer.filter(case_id=case_id, taken_case_id=None).order_by("id").values(
        "reason", name="item_code")
    names = dict(await Item.filter(code__in=[r["name"] for r in rows]).values_list("code", "name"))
    return tuple((str(names.get(r["name"], r["name"])), r["reason"]) for r in rows)


async def _received_by(c: CaseRow) -> str:
    channel = CaseChannel(c["channel"])
    if c["received_by_id"] is None:
        return "申请人本人（网上申报）"
    name = (await Staff.get(id=c["received_by_id"]).values("name"))["name"]
    if channel == CaseChannel.KIOSK:
        return f"自助终端（{name}）"
    if channel == CaseChannel.GRID:
        return f"网格员 {name}（上门代办）"
    return f"窗口人员 {name}"


async def _person_name(person_id: int) -> str:
    return str((await Person.get(id=person_id).values("name"))["name"])


def _form(value: str) -> str:
    try:
        return MATERIAL_FORM_LABELS[MaterialForm(value)]
    except ValueError:
        return value


def _requirement(value: str) -> str:
    try:
        return MATERIAL_REQUIREMENT_LABELS[MaterialRequirement(value)]
    except ValueError:
        return value
