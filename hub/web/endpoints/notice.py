"""GET /notice/{item_code}.pdf?answers={...}: the one-time notice (一次性告知书) as a PDF, and
GET /c/{slug}: the short link printed on it, redirecting to the tailored checklist."""

from __future__ import annotations

import json
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from hub.core.clock import utcnow
from hub.core.errors import ErrorCode, HubError
from hub.core.models.enums import (
    ITEM_KIND_LABELS,
    MATERIAL_FORM_LABELS,
    MATERIAL_REQUIREMENT_LABELS,
    ItemKind,
    MaterialForm,
)
from hub.core.pdf.notice import NoticeData, NoticeLine, render_notice
from hub.core.workers import rendering
from hub.web.endpoints import public_base
from resolvers.catalog.actions import time_limit_label
from resolvers.catalog.checklists import TailoredChecklist, tailor_for
from resolvers.catalog.fees import DUE_LABELS, FeeLine, yuan
from resolvers.catalog.links import short_link, target
from resolvers.catalog.notice import places
from resolvers.catalog.related import default_district, related_for
from resolvers.catalog.situations import require_complete
from schema.catalog.types import answer_text


async def notice_pdf(request: Request) -> Response:
    code = request.path_params["code"]
    try:
        raw = json.loads(request.query_params.get("answers") or "{}")
        if not isinstance(raw, dict):
            raise ValueError
    except ValueError:
        return PlainTextResponse("answers 须为 JSON 对象，如 {\"household\":\"hangzhou\"}", status_code=400)
    try:  # a greeter's 一次告知: the material ids found missing at the door, marked 尚缺
        missing = {int(x) for x in (request.query_params.get("missing") or "").split(",")[:100] if x}
    except ValueError:
        return PlainTextResponse("missing 须为逗号分隔的材料标识", status_code=400)
    try:
        result = await tailor_for(code, raw)
        require_complete(result.checklist)
    except HubError as e:
        status = 404 if e.code == ErrorCode.NOT_FOUND else 400
        return PlainTextResponse(e.message, status_code=status)
    # the answers as the checklist parsed them: the same checklist gets the same short link
    url = await short_link(public_base(request), code, raw)
    found = await related_for([code], await default_district(), {code: result.item["base_code"]})
    data = notice_data(result, url, await places(result.item), missing,
                       tuple((r.name, r.reason) for r in found.get(code, [])))
    pdf = await rendering.run(render_notice, data)  # CPU-bound: in the small render pool
    filename = quote(f"一次性告知书-{result.item['name']}.pdf")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=\"notice-{code}.pdf\"; filename*=UTF-8''{filename}",
    })


def fee_text(fees: list[FeeLine]) -> str:
    """What the applicant of these answers will pay and why (the 收费标准 row of the notice)."""
    if not fees:
        return ""
    parts = [f"{f.name}：免收（{f.reason}）" if f.waived else
             f"{f.name} {yuan(f.amount)}，{DUE_LABELS[f.due]}（依据：{f.basis}）" for f in fees]
    total = sum(f.payable for f in fees)
    return "；".join(parts) + (f"。合计应缴 {yuan(total)}，可在窗口扫码或在线缴纳。" if total else "。")


def notice_data(result: TailoredChecklist, url: str, where: list[tuple[str, str, str]],
                missing: set[int] | None = None, related: tuple[tuple[str, str], ...] = ()) -> NoticeData:
    item = result.item
    by_code = {q.code: q for q in result.questions}
    promised = time_limit_label(ItemKind(item["kind"]), item["promised_time_limit_days"])
    return NoticeData(
        item_code=item["code"], item_name=item["name"], version=item["version"],
        department=item["dept_name"],
        kind_label=ITEM_KIND_LABELS[ItemKind(item["kind"])],
        scope=item["scope"], accepting_agency=item["accepting_agency"],
        deciding_agency=item["deciding_agency"],
        time_limit=f"法定 {item['legal_time_limit_days']} 个工作日，承诺 {promised}",
        fee=fee_text(result.fees) or item["fee"],
        answers=[(by_code[c].text, answer_text(by_code[c], v)) for c, v in result.checklist.answers.items()],
        lines=[
            NoticeLine(
                name=line.material.name,
                form=MATERIAL_FORM_LABELS[MaterialForm(line.material.form)],
                count=line.material.count,
                requirement=MATERIAL_REQUIREMENT_LABELS[line.requirement],
                reason=line.reason, note=line.material.note, satisfied_by=line.satisfied_by,
                missing=line.material.id in (missing or set()) and not line.satisfied_by,
            )
            for line in result.checklist.lines
        ],
        where=where, phone="12345", checklist_url=url, issued_at=utcnow(), related=related,
    )


async def checklist_link(request: Request) -> Response:
    try:
        return RedirectResponse(await target(request.path_params["slug"]), status_code=302)
    except HubError as e:
        return PlainTextResponse(e.message, status_code=404)
