"""电子票据 (in the shape of a 非税收入 receipt) and 退款凭证: payer, payee, items with their
legal basis, amounts in figures and in capitals, the order and transaction numbers, and a QR
code to verify the receipt. Plain data in, PDF bytes out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hub.core.pdf.fonts import SANS, SERIF
from hub.core.pdf.layout import (
    ACCENT,
    EPW,
    HEAD_STYLE,
    LABEL_STYLE,
    MUTED,
    SMALL_PT,
    Column,
    NoticeDocument,
    add_row,
    grid,
)
from hub.core.pdf.notice import shanghai_time
from hub.core.pdf.qr import draw_qr

QR_SIZE = 28.0
LABEL_MM = 26.0
DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
GROUPS = ["", "万", "亿"]


@dataclass(frozen=True)
class ReceiptDocument:
    title: str  # 浙江省非税收入统一票据（电子） | 退款凭证
    receipt_number: str
    order_number: str
    payer: str
    payee: str
    case_number: str
    item_name: str
    lines: list[tuple[str, str, int]]  # (name, basis, fen)
    amount: int
    paid_at: datetime
    transaction_id: str
    verify_url: str
    refund: tuple[str, int, datetime, str] | None = None  # (number, fen, at, reason)


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _four(part: int) -> str:
    """0 < part < 10000 in capitals, with 零 for inner zeros (1001 → 壹仟零壹)."""
    out, zero = "", False
    for i in range(3, -1, -1):
        d = part // 10**i % 10
        if d == 0:
            zero = bool(out)
            continue
        out += ("零" if zero else "") + DIGITS[d] + UNITS[i]
        zero = False
    return out


def capitals(fen: int) -> str:
    """人民币大写: 2000 → 贰拾元整, 4050 → 肆拾元伍角整, 1000100 → 壹万零壹元整."""
    whole, jiao, fen_ = fen // 100, fen // 10 % 10, fen % 10
    text = ""
    groups = []
    while whole:
        groups.append(whole % 10000)
        whole //= 10000
    for g in range(len(groups) - 1, -1, -1):
        part = groups[g]
        if part == 0:
            continue
        higher = any(groups[g + 1:])
        if higher and (part < 1000 or groups[g + 1] == 0):
            text += "零"
        text += _four(part) + GROUPS[g]
    if text:
        text += "元"
    if jiao:
        text += DIGITS[jiao] + "角"
    if fen_:
        text += ("零" if not jiao and text else "") + DIGITS[fen_] + "分"
    return (text or "零元") + ("" if fen_ else "整")


def render_receipt(data: ReceiptDocument) -> bytes:
    refund = data.refund
    pdf = NoticeDocument(title=f"{data.title}：{data.receipt_number}",
                         running_title=f"{data.title} · {data.receipt_number}",
                         footer_note=f"开具时间：{shanghai_time(refund[2] if refund else data.paid_at)}",
                         created=refund[2] if refund else data.paid_at)
    pdf.set_author(data.payee)
    pdf.set_font(SERIF, size=20)
    with pdf.bold(0.3), pdf.local_context(char_spacing=2):
        pdf.cell(pdf.epw, 12, data.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(SANS, size=10)
    with pdf.local_context(text_color=MUTED):
        pdf.cell(pdf.epw, 6, f"票据号码：{data.receipt_number}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.hline(pdf.y, ACCENT, 0.8)
    pdf.ln(4)

    top = pdf.y
    columns = (Column(LABEL_MM, "CENTER"), Column(EPW - QR_SIZE - 8 - LABEL_MM))
    rows = [("交款人", data.payer), ("收款单位", data.payee),
            ("办理事项", f"{data.item_name}（办件 {data.case_number}）"),
            ("订单号", data.order_number), ("支付流水号", data.transaction_id),
            ("缴费时间", shanghai_time(data.paid_at))]
    if refund:
        rows += [("退款单号", refund[0]), ("退款时间", shanghai_time(refund[2])), ("退款原因", refund[3])]
    with grid(pdf, columns) as table:
        for label, value in rows:
            add_row(pdf, table, columns, [(label, LABEL_STYLE), value])
    bottom = pdf.y
    left = pdf.w - pdf.r_margin - QR_SIZE
    draw_qr(pdf, data.verify_url, left, top, QR_SIZE)
    pdf.link(left, top, QR_SIZE, QR_SIZE, data.verify_url)
    pdf.set_xy(left - 4, top + QR_SIZE + 2)
    pdf.set_font(SANS, size=8.5)
    pdf.cell(QR_SIZE + 8, 5, "扫码查验票据", align="C")
    pdf.set_y(max(bottom, top + QR_SIZE + 8) + 4)

    items = (Column(13, "CENTER"), Column(46), Column(EPW - 13 - 46 - 30), Column(30, "RIGHT"))
    with grid(pdf, items, heading=("序号", "项目名称", "收费依据", "金额（元）")) as table:
        for n, (name, basis, fen) in enumerate(data.lines, start=1):
            add_row(pdf, table, items, [str(n), name, basis, yuan(fen)])
        total = refund[1] if refund else data.amount
        add_row(pdf, table, items, [("", HEAD_STYLE), ("退款金额" if refund else "合计", HEAD_STYLE),
                                    (f"人民币（大写）{capitals(total)}", HEAD_STYLE),
                                    (yuan(total), HEAD_STYLE)])
    pdf.ln(6)
    note = ("本凭证证明上述费用已原路退回交款人的支付账户。" if refund else
            "本票据由统一公共支付平台缴费后自动开具，与纸质票据具有同等效力；扫描二维码可查验真伪。")
    pdf.paragraph(note, size=SMALL_PT + 1, color=MUTED, family=SANS)
    pdf.paragraph(f"查验网址：{data.verify_url}", size=SMALL_PT, color=MUTED, family=SANS)
    return bytes(pdf.output())


__all__ = ["ReceiptDocument", "capitals", "render_receipt"]
