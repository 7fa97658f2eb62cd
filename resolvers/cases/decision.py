"""The decision notice of a refused case (不予受理 / 不予许可决定书): who may fetch it, through
a short-lived signed link (``/cases/{id}/decision.pdf?t=…``) that the GraphQL API hands only to
those who may see the case, and the data printed on it."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from hub.core.models import Case, CaseLog
from hub.core.models.enums import CaseStatus
from hub.core.pdf.decision import DecisionData
from resolvers.cases.backoffice import RejectKind

LINK_SECONDS = 3600


class DecisionLinks:
    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="owh-case-decision")

    def url(self, case_id: int) -> str:
        return f"/cases/{case_id}/decision.pdf?t={self._s.dumps(case_id)}"

    def check(self, case_id: int, token: str) -> bool:
        try:
            return self._s.loads(token, max_age=LINK_SECONDS) == case_id
        except (BadSignature, SignatureExpired):
            return False


async def decision_data(case_id: int, base_url: str) -> DecisionData | None:
    """What the notice prints, or None when the case was not refused."""
    rows = await Case.filter(id=case_id, status=CaseStatus.REJECTED).values(
        "number", "applicant_name", "item_name", "item_code", "submitted_at", "decided_at",
        "decision_note", "department__name", "decide_point__name", "decide_point__centre_name")
    if not rows or rows[0]["decided_at"] is None:
        return None
    r = rows[0]
    actions = await CaseLog.filter(case_id=case_id, action__in=[k.value for k in RejectKind]).order_by(
        "-id").limit(1).values_list("action", flat=True)
    kind = str(actions[0]) if actions else RejectKind.REJECT.value
    return DecisionData(
        kind=kind, case_number=r["number"], applicant=r["applicant_name"], item_name=r["item_name"],
        item_code=r["item_code"], submitted_at=r["submitted_at"], decided_at=r["decided_at"],
        reason=r["decision_note"], department=r["department__name"],
        decide_point=r["decide_point__centre_name"] or r["decide_point__name"],
        track_url=f"{base_url.rstrip('/')}/track?number={r['number']}")
