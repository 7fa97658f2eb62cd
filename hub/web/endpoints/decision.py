"""GET /cases/{id}/decision.pdf?t=…: the 不予受理 / 不予许可 decision notice of a refused case,
through a signed link the GraphQL API hands to those who may see the case."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hub.core.pdf.decision import TITLES, render_decision
from hub.core.workers import rendering
from hub.web.endpoints import public_base
from resolvers.cases.decision import DecisionLinks, decision_data


async def decision_pdf(request: Request) -> Response:
    services = request.app.state.services
    raw = request.path_params["case_id"]
    case_id = int(raw) if raw.isdigit() else -1
    if case_id < 0 or not DecisionLinks(services.settings.secret_key).check(
            case_id, request.query_params.get("t", "")):
        return PlainTextResponse("链接无效或已过期，请刷新页面", status_code=403)
    data = await decision_data(case_id, public_base(request))
    if data is None:
        return PlainTextResponse("该办件没有不予受理或不予许可决定", status_code=404)
    pdf = await rendering.run(render_decision, data)  # CPU-bound: in the small render pool
    name = quote(f"{TITLES[data.kind]}-{data.case_number}.pdf")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition":
            f"inline; filename=\"decision-{data.case_number}.pdf\"; filename*=UTF-8''{name}",
        "Cache-Control": "private, no-store",
    })
