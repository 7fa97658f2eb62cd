"""GET /cases/{case_id}/receipt.pdf?t=…: the receipt (受理回执) through the signed link that the
GraphQL API gives staff who may see the case and the applicant (``Case.receiptUrl``)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hub.core.clock import utcnow
from hub.core.pdf.receipt import render_receipt
from hub.core.workers import rendering
from hub.web.endpoints import public_base
from resolvers.cases.receipt import ReceiptLinks, receipt_data
from resolvers.payment import views as payment_views


async def case_receipt_pdf(request: Request) -> Response:
    services = request.app.state.services
    raw = request.path_params["case_id"]
    case_id = int(raw) if raw.isdigit() else -1
    token = request.query_params.get("t", "")
    if case_id < 0 or not ReceiptLinks(services.settings.secret_key).check(case_id, token):
        return PlainTextResponse("回执链接无效或已过期，请在页面上重新点击“打印回执”", status_code=403)
    now = utcnow()
    data = await receipt_data(case_id, public_base(request), now)
    if data is None:
        return PlainTextResponse("办件不存在", status_code=404)
    # 统一支付: the fees, and the payment code while one is live (resolvers/payment)
    data = replace(data, payment=await payment_views.on_receipt(case_id, public_base(request), now))
    pdf = await rendering.run(render_receipt, data)  # CPU-bound: in the small render pool
    disposition = "attachment" if request.query_params.get("download") else "inline"
    name = quote(f"受理回执-{data.number}.pdf")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition":
            f"{disposition}; filename=\"receipt-{data.number}.pdf\"; filename*=UTF-8''{name}",
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    })
