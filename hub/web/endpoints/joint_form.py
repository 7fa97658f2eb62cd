"""GET /joint-forms/{number}.pdf?t=…: the 联办申请表 of a joint application, through the signed
link the GraphQL field ``Application.formUrl`` hands to those who may see the application."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hub.core.models.enums import CASE_STATUS_LABELS, CaseStatus
from hub.core.pdf.joint_form import JointFormData, JointFormItem, render_joint_form
from hub.core.workers import rendering
from resolvers.cases.joint.forms import FormLinks, form_facts
from resolvers.cases.joint.tracking import application_row


async def joint_form_pdf(request: Request) -> Response:
    number = request.path_params["number"]
    links = FormLinks(request.app.state.services.settings.secret_key)
    if not links.check(number, request.query_params.get("t", "")):
        return PlainTextResponse("链接无效或已过期，请重新打开联办申请", status_code=403)
    app = await application_row(number=number)
    if app is None:
        return PlainTextResponse("联办申请不存在", status_code=404)
    facts = await form_facts(app)
    base = str(request.base_url).rstrip("/")
    data = JointFormData(
        number=app["number"], bundle_name=facts["bundle_name"], service_point=facts["service_point"],
        received_by=facts["received_by"], applicant_name=facts["applicant_name"],
        applicant_id_number=facts["applicant_id_number"], fields=facts["fields"],
        items=[JointFormItem(c["item_name"], c["department__name"], c["number"],
                             CASE_STATUS_LABELS[CaseStatus(c["status"])]) for c in facts["cases"]],
        signed_name=app["signed_name"],
        signed_at=cast(datetime, app["signed_at"]).astimezone(UTC),  # set when filed
        status=facts["status"], track_url=f"{base}/track/application/{quote(app['number'])}")
    pdf = await rendering.run(render_joint_form, data)  # CPU-bound: in the small render pool
    filename = quote(f"联办申请表-{app['number']}.pdf")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f"inline; filename=\"joint-{app['number']}.pdf\"; filename*=UTF-8''{filename}",
        "Cache-Control": "private, no-store",
    })
