"""受理回执: what the applicant takes home when a case is filed — the case number, the item, who
received it and when, the promised completion date, every material as received, deferred (容缺,
with the date to hand it in) or covered by an electronic licence, and a QR code to track it.

Plain data in, PDF bytes out: no database, GraphQL or HTTP here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hub.core.pdf.fonts import SANS, SERIF
from hub.core.pdf.layout import (
    ACCENT,
    BODY_PT,
    BODY_STYLE,
    EPW,
    INK,
    LABEL_STYLE,
    MUTED,
    SMALL_PT,
    WRAP,
    Color,
    Column,
    NoticeDocument,
    add_row,
    cell_style,
    grid,
    title_block,
)
from hub.core.pdf.notice import related_section, shanghai_time
from hub.core.pdf.qr import draw_qr

QR_SIZE = 32.0
QR_COLUMN = QR_SIZE + 8.0
LABEL_MM = 24.0
RECEIVED_INK: Color = (26, 112, 52)
DEFERRED_INK: Color = (176, 92, 0)
MATERIAL_COLUMNS = (
    Column(11, "CENTER"),
    Column(52),
    Column(30, "CENTER"),
    Column(EPW - 93 - 22),
    Column(22, "CENTER"),
)
MATERIAL_HEADING = ("序号", "材料名称", "形式 / 份数", "收取情况", "原件核验")


@dataclass(frozen=True)
class ReceiptMaterial:
    name: str
    form: str  # 原件 / 复印件 …
    count: int
    status: str  # COLLECTED / DEFERRED / LICENSED / MISSING
    files: int  # files received for it
    original_seen: bool
    requirement: str  # 必需 / 可选 / 容缺


@dataclass(frozen=True)
class ReceiptPayment:
    """统一支付 on the receipt: what is due or paid, and the payment code while one is live."""

    text: str  # 应缴 20.00 元（居民身份证工本费）… / 已缴费 …
    code_url: str | None = None  # the live order's code (expires): printed as a QR code
    expires_at: datetime | None = None


@dataclass(frozen=True)
class ReceiptData:
    number: str
    accepted: bool  # False: a pre-application, the clock has not started
    item_name: str
    item_code: str
    item_version: int
    kind_label: str  # 即办件 / 承诺件
    instant: bool  # 即办件: done at the window, no working days to count
    department: str
    applicant: str  # the person (or the company and its agent)
    masked_id_number: str
    company: str | None  # 单位名称（统一社会信用代码）
    channel_label: str
    point_name: str
    point_address: str
    point_phone: str
    received_by: str
    submitted_at: datetime
    accepted_at: datetime | None
    due_on: date | None
    due_provisional: bool
    promised_days: int
    issue_method: str  # 窗口领取 / 快递送达（地址）…
    materials: list[ReceiptMaterial]
    track_url: str
    printed_at: datetime
    closed_at: datetime | None = None  # an instant item approved and handed over at the window
    related: tuple[tuple[str, str], ...] = ()  # (item, reason): 您可能还需要办理 (顺便办)
    payment: ReceiptPayment | None = None  # the case's fees (统一支付), when it has any


def date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def due_text(data: ReceiptData) -> str:
    if not data.accepted:
        return "预审通过、窗口受理后开始计时"
    if data.instant:
        if data.closed_at is not None:
            return f"即办件，已于 {shanghai_time(data.closed_at)} 当场办结"
        if any(m.status == "DEFERRED" for m in data.materials):
            return "即办件，补齐容缺材料后当场办结"
        return "即办件，当场办结"
    if data.due_on is None:
        return "当场办结"
    text = f"{date_text(data.due_on)}（{data.promised_days} 个工作日）"
    if data.due_provisional:
        text += "（暂定）"
    return text


def status_text(m: ReceiptMaterial, data: ReceiptData) -> str:
    if m.status == "COLLECTED":
        return f"已收取（{m.files} 个文件）" if m.files else "已收取"
    if m.status == "DEFERRED":
        if data.accepted and data.due_on is not None:
            return f"容缺后补：请于 {date_text(data.due_on)} 前补交"
        return "容缺后补：请在办结前补交"
    if m.status == "LICENSED":
        return "电子证照免提交"
    return "未提供（可选材料）"


def render_receipt(data: ReceiptData) -> bytes:
    title = "受理回执" if data.accepted else "申报回执"
    printed = shanghai_time(data.printed_at)
    pdf = NoticeDocument(
        title=f"{title}：{data.number}",
        running_title=f"{title} · {data.number} · {data.item_name}",
        footer_note=f"打印时间：{printed}",
        created=data.printed_at,
    )
    pdf.set_author(data.point_name)
    _title(pdf, title, data)
    _case_box(pdf, data)
    _materials(pdf, data)
    related_section(pdf, data.related)
    if data.payment is not None:
        _payment(pdf, data.payment)
    _closing(pdf, data)
    _signatures(pdf)
    return bytes(pdf.output())


def _title(pdf: NoticeDocument, title: str, data: ReceiptData) -> None:
    title_block(pdf, title, data.point_name, subtitle_size=12)


def _case_box(pdf: NoticeDocument, data: ReceiptData) -> None:
    top = pdf.y
    columns = (Column(LABEL_MM, "CENTER"), Column(EPW - QR_COLUMN - LABEL_MM))
    number_style = cell_style(family=SANS, size=13)
    due_style = cell_style(family=SANS, size=10.5, color=ACCENT if data.accepted else INK)
    applicant = f"{data.applicant}（身份证 {data.masked_id_number}）"
    if data.company:
        applicant = f"{data.company}\n经办人：{applicant}"
    rows: list[tuple[str, str, object]] = [
        ("办件编号", data.number, number_style),
        ("办理事项", f"{data.item_name}（{data.item_code}，目录第 {data.item_version} 版，"
                     f"{data.kind_label}）", BODY_STYLE),
        ("主管部门", data.department, BODY_STYLE),
        ("申请人", applicant, BODY_STYLE),
        ("申报渠道", data.channel_label, BODY_STYLE),
        ("收件人", data.received_by, BODY_STYLE),
        ("申报时间", shanghai_time(data.submitted_at), BODY_STYLE),
    ]
    if data.accepted_at is not None:
        rows.append(("受理时间", shanghai_time(data.accepted_at), BODY_STYLE))
    rows += [("承诺办结", due_text(data), due_style), ("出件方式", data.issue_method, BODY_STYLE)]
    with grid(pdf, columns) as table:
        for label, value, style in rows:
            add_row(pdf, table, columns, [(label, LABEL_STYLE), (value, style)])  # type: ignore[list-item]
    box_bottom = pdf.y
    left = pdf.w - pdf.r_margin - QR_SIZE
    draw_qr(pdf, data.track_url, left, top, QR_SIZE)
    pdf.link(left, top, QR_SIZE, QR_SIZE, data.track_url)
    pdf.set_xy(left - 4, top + QR_SIZE + 2.5)
    pdf.set_font(SANS, size=8.5)
    pdf.cell(QR_SIZE + 8, 5, "扫码查询办理进度", align="C")
    pdf.set_y(max(box_bottom, top + QR_SIZE + 7.5) + 4)


def _materials(pdf: NoticeDocument, data: ReceiptData) -> None:
    pdf.heading("材料收取情况")
    counts = {s: sum(1 for m in data.materials if m.status == s)
              for s in ("COLLECTED", "DEFERRED", "LICENSED", "MISSING")}
    parts = [f"已收取 {counts['COLLECTED']} 项"]
    if counts["DEFERRED"]:
        parts.append(f"容缺后补 {counts['DEFERRED']} 项")
    if counts["LICENSED"]:
        parts.append(f"电子证照免提交 {counts['LICENSED']} 项")
    if counts["MISSING"]:
        parts.append(f"未提供的可选材料 {counts['MISSING']} 项")
    pdf.paragraph(f"共 {len(data.materials)} 项材料：" + "，".join(parts) + "。")
    if not data.materials:
        return
    pdf.ln(2)
    with grid(pdf, MATERIAL_COLUMNS, heading=MATERIAL_HEADING) as table:
        for number, m in enumerate(data.materials, start=1):
            ink = {"COLLECTED": RECEIVED_INK, "DEFERRED": DEFERRED_INK}.get(m.status, MUTED)
            add_row(pdf, table, MATERIAL_COLUMNS, [
                str(number), m.name,
                f"{m.form} × {m.count}" if m.count > 0 else m.form,
                (status_text(m, data), cell_style(family=SANS, size=9, color=ink)),
                "已核验" if m.original_seen else "—",
            ])


def _payment(pdf: NoticeDocument, payment: ReceiptPayment) -> None:
    pdf.heading("缴费")
    if payment.code_url is None:
        pdf.paragraph(payment.text)
        return
    if pdf.will_page_break(QR_SIZE + 12):
        pdf.add_page()
    top = pdf.y
    left = pdf.w - pdf.r_margin - QR_SIZE
    width = pdf.epw - QR_SIZE - 8  # the text beside the code
    pdf.set_font(SERIF, size=BODY_PT)
    pdf.multi_cell(width, BODY_PT * 0.6, "\n".join(pdf.wrap(payment.text, width - 4)), wrapmode=WRAP,
                   new_x="LMARGIN", new_y="NEXT")
    draw_qr(pdf, payment.code_url, left, top, QR_SIZE)
    pdf.link(left, top, QR_SIZE, QR_SIZE, payment.code_url)
    pdf.set_xy(left - 4, top + QR_SIZE + 2.5)
    pdf.set_font(SANS, size=8.5)
    until = f"，{shanghai_time(payment.expires_at)[-5:]}前有效" if payment.expires_at else ""
    pdf.cell(QR_SIZE + 8, 5, f"扫码缴费{until}", align="C")
    pdf.set_y(max(pdf.y, top + QR_SIZE + 8))


def _closing(pdf: NoticeDocument, data: ReceiptData) -> None:
    pdf.ln(3)
    if any(m.status == "DEFERRED" for m in data.materials):
        pdf.paragraph("* 容缺材料已先行受理，请在上述期限内到任一综合窗口补交，逾期未补交的将影响办结。",
                      size=SMALL_PT + 0.5, color=MUTED)
        pdf.ln(1)
    contact = f"受理地点：{data.point_name}"
    if data.point_address:
        contact += f"（{data.point_address}）"
    pdf.paragraph(contact, family=SANS)
    pdf.paragraph(f"咨询电话：{data.point_phone or '12345'}", family=SANS)
    pdf.ln(2)
    pdf.paragraph(f"查询办理进度：扫描上方二维码，或访问 {data.track_url}，"
                  "凭办件编号和申请人身份证号码查询。",
                  size=SMALL_PT + 0.5, color=MUTED)
    pdf.paragraph("请妥善保管本回执，领取办理结果时请出示本回执和申请人身份证件。",
                  size=SMALL_PT + 0.5, color=MUTED)


SIGN_HEIGHT = 34.0
STAMP_DIAMETER = 30.0


def _signatures(pdf: NoticeDocument) -> None:
    """Where the window signs and stamps the paper and the applicant signs that it is right."""
    if pdf.will_page_break(SIGN_HEIGHT + 6):
        pdf.add_page()
    pdf.ln(4)
    top, left = pdf.y, pdf.l_margin
    third = EPW / 3
    pdf.rect(left, top, EPW, SIGN_HEIGHT)
    for i in (1, 2):
        pdf.line(left + third * i, top, left + third * i, top + SIGN_HEIGHT)
    pdf.set_font(SANS, size=9.5)
    for i, (label, line) in enumerate((("受理人（签名）", "日期：      年    月    日"),
                                      ("申请人（签名）", "日期：      年    月    日"),
                                      ("受理单位（盖章）", ""))):
        pdf.set_xy(left + third * i + 3, top + 3)
        pdf.cell(third - 6, 5, label)
        if line:
            pdf.set_xy(left + third * i + 3, top + SIGN_HEIGHT - 8)
            pdf.cell(third - 6, 5, line)
    # the stamp goes in the dashed circle
    cx, cy = left + third * 2.5, top + SIGN_HEIGHT / 2 + 2
    r = STAMP_DIAMETER / 2 - 2
    with pdf.local_context(draw_color=ACCENT, line_width=0.3, dash_pattern={"dash": 1.2, "gap": 1.2}):
        pdf.ellipse(cx - r, cy - r, 2 * r, 2 * r)
    with pdf.local_context(text_color=MUTED):
        pdf.set_font(SANS, size=8)
        pdf.set_xy(cx - r, cy - 2.5)
        pdf.cell(2 * r, 5, "受理专用章", align="C")
    pdf.set_y(top + SIGN_HEIGHT + 2)
