"""The 联办申请表 of one application: what it prints (``form_facts``) and the short-lived
signed link to its PDF (``FormLinks``)."""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from hub.core.models import Bundle, Case, Person, ServicePoint, Staff
from hub.core.models.rows import ApplicationRow
from resolvers.cases.joint.bundles import BundleDef
from resolvers.cases.joint.tracking import aggregate

FORM_LINK_SECONDS = 3600


class FormLinks:
    """``/joint-forms/{number}.pdf?t=…``: the 联办申请表 of one application; the token names the
    application and expires after an hour (handed only to those who may see it)."""

    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="owh-joint-form")

    def url(self, number: str) -> str:
        return f"/joint-forms/{number}.pdf?t={self._s.dumps(number)}"

    def check(self, number: str, token: str) -> bool:
        try:
            return bool(self._s.loads(token, max_age=FORM_LINK_SECONDS) == number)
        except (BadSignature, SignatureExpired):
            return False


async def form_facts(application: ApplicationRow) -> dict[str, Any]:
    """What the 联办申请表 prints, read in a handful of queries."""
    bundle = (await Bundle.filter(id=application["bundle_id"]).values())[0]
    fields = BundleDef.of(bundle).shared_fields
    shared = application["shared"] or {}
    labels = []
    for f in fields:
        value = str(shared.get(f.code, ""))
        labels.append((f.label, dict(f.options).get(value, value) if f.options else value))
    cases = await Case.filter(application_id=application["id"]).order_by("id").values(
        "number", "item_name", "status", "department__name")
    person = await Person.filter(id=application["person_id"]).values("name", "id_number")
    point = await ServicePoint.filter(id=application["service_point_id"]).values("centre_name", "name")
    staff = (await Staff.filter(id=application["received_by_id"]).values_list("name", flat=True)
             if application["received_by_id"] else [])
    return {
        "bundle_name": bundle["name"], "fields": labels, "cases": cases,
        "applicant_name": person[0]["name"] if person else application["signed_name"],
        "applicant_id_number": person[0]["id_number"] if person else "",
        "service_point": point[0]["centre_name"] or point[0]["name"],
        "received_by": str(staff[0]) if staff else "网上申报",
        "status": aggregate([c["status"] for c in cases]).label,
    }
