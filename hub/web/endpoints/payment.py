"""Payment endpoints beside GraphQL:

- POST /payment/notify — the platform's signed notifications (resolvers/payment/notify.py);
- GET /payment/receipt/{number}.pdf?t=… and /payment/refund/{number}.pdf?t=… — the e-receipt
  and the refund note, through signed links the GraphQL API hands out;
- GET /payment/verify/{receipt} — 票据查验, the page the receipt's QR code opens (public, the
  payer's name masked);
- GET/POST /fakepay/cashier/{number} — the fake platform's cashier (only while
  HUB_PAYMENT_ADAPTER=fake): the page a payment code opens, where 确认支付 pays the order and
  the platform notifies the hub.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response

from hub.core.clock import local_text
from hub.core.pdf.payment import render_receipt
from hub.core.pdf.payment import yuan as figures
from hub.core.ports import ports
from hub.core.workers import rendering
from hub.web.endpoints import public_base
from resolvers.catalog.fees import yuan
from resolvers.payment import notify, views
from resolvers.payment.platform import FakePlatform, PlatformError, SignedNotification

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>
<style>{fonts}body{{font-family:"Noto Sans SC",system-ui,sans-serif;margin:0;background:#f3f5f8;
color:#1f2d3d}}
main{{max-width:420px;margin:0 auto;padding:24px 16px}}h1{{font-size:20px;margin:0 0 16px}}
.card{{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 4px #0001}}
.amount{{font-size:40px;font-weight:700;color:#0b6b3a;margin:12px 0}}dl{{margin:0}}
dt{{color:#5a6b7d;font-size:14px;margin-top:10px}}dd{{margin:2px 0 0;font-size:16px}}
button,a.button{{display:block;width:100%;box-sizing:border-box;margin-top:20px;padding:14px;
border:0;border-radius:8px;background:#07c160;color:#fff;font-size:18px;text-align:center;
text-decoration:none}}.muted{{color:#5a6b7d;font-size:13px}}.error{{color:#b42318}}</style>
</head><body><main>{body}</main></body></html>"""


CASHIER = "<h1>模拟统一支付平台 · 收银台</h1>"


def _fonts(frontend: Path) -> str:
    """@font-face rules for the embedded Noto Sans SC the built frontends carry (no CDN, and
    phones and kiosks may have no Chinese font): these pages are served outside the app."""
    rules = []
    for weight in (400, 700):
        found = sorted((frontend / "assets").glob(f"noto-sans-sc-chinese-simplified-{weight}-normal*.woff2"))
        if found:
            rules.append(f"@font-face{{font-family:'Noto Sans SC';font-weight:{weight};"
                         f"src:url('/assets/{found[0].name}') format('woff2')}}")
    return "".join(rules)


def _page(request: Request, title: str, body: str, status: int = 200) -> HTMLResponse:
    fonts = _fonts(request.app.state.services.settings.frontend_dir)
    return HTMLResponse(PAGE.format(title=html.escape(title), body=body, fonts=fonts), status_code=status)


async def payment_notify(request: Request) -> Response:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > notify.MAX_BODY_BYTES:
        return JSONResponse({"code": "FAIL", "message": "报文过大"}, status_code=413)
    reply = await notify.receive(dict(request.headers), await request.body())
    if reply.events:
        await request.app.state.services.bus.publish(reply.events)
    return JSONResponse(reply.body, status_code=reply.status)


async def receipt_pdf(request: Request) -> Response:
    kind, number = request.path_params["kind"], request.path_params["number"]
    links = views.ReceiptLinks(request.app.state.services.settings.secret_key)
    if kind not in ("receipt", "refund") or not links.check(number, kind, request.query_params.get("t", "")):
        return PlainTextResponse("链接无效或已过期，请刷新页面", status_code=403)
    data = await views.receipt_data(number, kind, public_base(request))
    if data is None:
        return PlainTextResponse("该订单没有电子票据或退款凭证", status_code=404)
    pdf = await rendering.run(render_receipt, data)
    name = quote(f"{data.title}-{data.receipt_number}.pdf")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition":
            f"inline; filename=\"{kind}-{data.receipt_number}.pdf\"; filename*=UTF-8''{name}",
        "Cache-Control": "private, no-store"})


async def verify_receipt(request: Request) -> Response:
    found = await views.verify(request.path_params["receipt"])
    if found is None:
        return _page(request, "票据查验", '<h1>票据查验</h1><div class="card"><p class="error">未查到该票据：'
                     '票据号码有误，或票据不是本平台开具的。</p></div>', 404)
    rows = [("票据号码", found["receiptNumber"]), ("交款人", found["payer"]), ("收款单位", found["payee"]),
            ("项目", found["item"]), ("金额", yuan(found["amount"])), ("状态", found["status"]),
            ("缴费时间", local_text(found["paidAt"]) if found["paidAt"] else "—")]
    body = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in rows)
    return _page(request, "票据查验", f'<h1>票据查验：真实有效</h1><div class="card"><dl>{body}</dl></div>')


def _fake() -> FakePlatform | None:
    platform = ports().payment
    return platform if isinstance(platform, FakePlatform) else None


def _back(request: Request) -> str:
    """Where 返回 leads: a path of this hub only (never another site)."""
    target = request.query_params.get("return", "")
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else ""


async def fake_cashier(request: Request) -> Response:
    fake = _fake()
    if fake is None:
        return PlainTextResponse("模拟收银台仅在 HUB_PAYMENT_ADAPTER=fake 时提供", status_code=404)
    number = request.path_params["number"]
    trade = fake.trades.get(number)
    if trade is None:
        return _page(request, "收银台", f'{CASHIER}<div class="card"><p class="error">订单不存在</p></div>',
                     404)
    back = _back(request)
    back_link = f'<a class="button" href="{html.escape(back)}">返回办件</a>' if back else ""
    if request.method == "POST":
        try:
            fake.pay(number)
        except PlatformError as e:
            return _page(request, "收银台", f'{CASHIER}<div class="card" data-test="cashier-error">'
                         f'<p class="error">{html.escape(e.message)}</p>{back_link}</div>', 409)
        if back:
            return RedirectResponse(back, status_code=303)
        return _page(request, "支付成功", f'{CASHIER}<div class="card" data-test="cashier-done">'
                     '<p class="amount">支付成功</p>'
                     '<p class="muted">请回到办件页面查看缴费结果和电子票据。</p></div>')
    r = trade.request
    state = {"NOTPAY": "", "SUCCESS": "订单已支付", "REFUND": "订单已支付（已退款）",
             "CLOSED": "订单已关闭"}[trade.state]
    action = (f'<form method="post"><button type="submit" data-test="cashier-pay">确认支付 '
              f'{figures(r.amount)} 元</button></form>' if not state else
              f'<p class="error">{state}</p>{back_link}')
    body = (f'{CASHIER}<div class="card"><div class="muted">{html.escape(r.description)}</div>'
            f'<div class="amount" data-test="cashier-amount">¥ {figures(r.amount)}</div><dl>'
            f'<dt>订单号</dt><dd>{html.escape(r.out_trade_no)}</dd><dt>付款人</dt><dd>{html.escape(r.payer)}</dd>'
            f'<dt>有效期至</dt><dd>{local_text(r.expires_at)}</dd></dl>{action}'
            '<p class="muted">演示环境：这是模拟的支付平台页面，不会扣款。</p></div>')
    return _page(request, "收银台", body)


def wire_fake_delivery(bus: object) -> None:
    """In the demo the fake platform delivers its notifications to this hub's own handler (as
    the real one POSTs them to /payment/notify), and the case's followers hear the result."""
    fake = _fake()
    if fake is None:
        return

    async def deliver(note: SignedNotification) -> bool:
        reply = await notify.receive(note.headers, note.body)
        if reply.events:
            await bus.publish(reply.events)  # type: ignore[attr-defined]
        return reply.status == 200

    fake.deliver = deliver
