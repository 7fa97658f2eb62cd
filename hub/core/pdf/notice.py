"""一次性告知书: the citizen's tailored checklist for one service item, as a printable A4 PDF.

Plain data in, PDF bytes out: no database, GraphQL or HTTP here, and no network at render time
(the fonts are installed files, the QR code is drawn locally).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fpdf import FontFace

from hub.core.clock import SHANGHAI
from hub.core.pdf.fonts import SANS
from hub.core.pdf.layout import (
    BODY_STYLE,
    EPW,
    INK,
    LABEL_STYLE,
    MUTED,
    SMALL_PT,
    Cell,
    Color,
    Column,
    NoticeDocument,
    add_row,
    cell_style,
    grid,
    title_block,
)
from hub.core.pdf.qr import draw_qr

QR_SIZE = 30.0  # mm, the printed symbol; about 3 cm scans well from a phone at arm's length
QR_COLUMN = QR_SIZE + 8.0
DEFERRABLE = "容缺"  # may be handed in after acceptance
DEFERRABLE_NOTE = "* 容缺材料可先行受理，请在规定时间内补齐。"

SATISFIED_FILL: Color = (233, 244, 236)
SATISFIED_INK: Color = (26, 112, 52)
DEFERRABLE_INK: Color = (176, 92, 0)
MISSING_INK: Color = (192, 0, 0)
LABEL_MM = 24.0
MATERIAL_HEADING = ("序号", "材料名称", "形式", "份数", "必要性", "说明 / 原因")
MATERIAL_COLUMNS = (
    Column(11, "CENTER"),
    Column(38),
    Column(25, "CENTER"),
    Column(11, "CENTER"),
    Column(17, "CENTER"),
    Column(EPW - 102),
)


@dataclass(frozen=True)
class NoticeLine:
    name: str  # 居民户口簿
    form: str  # 原件 / 复印件 / 原件及复印件 / 电子材料
    count: int
    requirement: str  # 必需 / 可选 / 容缺
    reason: str  # why it is on the list: 所有申请人均需提供, 因为「户籍所在地」选择了「杭州市户籍」
    note: str | None
    satisfied_by: str | None  # 已关联电子证照：居民户口簿（无需携带）, when no paper is needed
    missing: bool = False  # a greeter's pre-check found it not carried: 尚缺，请备齐后再来


@dataclass(frozen=True)
class NoticeData:
    item_code: str
    item_name: str
    version: int  # the catalogue version the checklist was computed under
    department: str
    kind_label: str  # 即办件 / 承诺件
    scope: str
    accepting_agency: str
    deciding_agency: str
    time_limit: str  # 法定 20 个工作日，承诺 3 个工作日 / 即办
    fee: str
    answers: list[tuple[str, str]]  # (question, the citizen's answer)
    lines: list[NoticeLine]
    where: list[tuple[str, str, str]]  # (centre, address, hours)
    phone: str
    checklist_url: str  # the QR code opens the same checklist online
    issued_at: datetime  # timezone-aware; printed in Asia/Shanghai time
    related: tuple[tuple[str, str], ...] = ()  # (item, reason): 您可能还需要办理 (顺便办)


def render_notice(data: NoticeData) -> bytes:
    """The complete PDF: A4 portrait, Chinese fonts embedded as subsets."""
    issued = shanghai_time(data.issued_at)
    pdf = NoticeDocument(
        title=f"一次性告知书：{data.item_name}",
        running_title=f"一次性告知书 · {data.item_name}",
        footer_note=f"告知时间：{issued}",
        created=data.issued_at,
    )
    pdf.set_author(data.department)
    _title(pdf, data.item_name)
    _item_box(pdf, data)
    pdf.paragraph("根据您提供的办事情形，现将办理本事项所需材料及有关事项一次性告知如下：")
    _elements(pdf, data)
    _answers(pdf, data.answers)
    _materials(pdf, data.lines)
    _where(pdf, data)
    related_section(pdf, data.related)
    _closing(pdf)
    return bytes(pdf.output())


def shanghai_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        # A naive time could be UTC or local: guessing would print a wrong hour on an official notice.
        raise ValueError("issued_at must be timezone-aware")
    local = moment.astimezone(SHANGHAI)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _title(pdf: NoticeDocument, item_name: str) -> None:
    title_block(pdf, "一次性告知书", item_name)


def _item_box(pdf: NoticeDocument, data: NoticeData) -> None:
    """事项编码 / 实施部门 / 办件类型 in a box, the QR code beside it."""
    top = pdf.y
    columns = (Column(LABEL_MM, "CENTER"), Column(EPW - QR_COLUMN - LABEL_MM))
    # The URL in small grey type: it is for typing in only if scanning fails.
    url_style = cell_style(size=SMALL_PT, color=MUTED)
    with grid(pdf, columns) as table:
        for label, value, style in (
            ("事项编码", f"{data.item_code}（目录第 {data.version} 版）", BODY_STYLE),
            ("实施部门", data.department, BODY_STYLE),
            ("办件类型", data.kind_label, BODY_STYLE),
            ("电子版清单", data.checklist_url, url_style),
        ):
            add_row(pdf, table, columns, [(label, LABEL_STYLE), (value, style)])
    box_bottom = pdf.y
    qr_bottom = _qr(pdf, data.checklist_url, top)
    pdf.set_y(max(box_bottom, qr_bottom) + 4)


def _qr(pdf: NoticeDocument, url: str, top: float) -> float:
    """Draw the QR code at the right margin from ``top``; return the bottom of its caption."""
    left = pdf.w - pdf.r_margin - QR_SIZE
    # At least 4 modules (under 4 mm) of white on every side: 8 mm to the box, the page margin,
    # the red rule above, and the caption's own leading below.
    draw_qr(pdf, url, left, top, QR_SIZE)
    pdf.link(left, top, QR_SIZE, QR_SIZE, url)  # clickable where the PDF is read on screen
    pdf.set_xy(left - 4, top + QR_SIZE + 2.5)
    pdf.set_font(SANS, size=8.5)
    pdf.cell(QR_SIZE + 8, 5, "扫码查看电子版清单", align="C")
    return top + QR_SIZE + 7.5


def _elements(pdf: NoticeDocument, data: NoticeData) -> None:
    pdf.heading("一、办事要素")
    columns = (Column(LABEL_MM, "CENTER"), Column(EPW - LABEL_MM))
    with grid(pdf, columns) as table:
        for label, value in (
            ("适用范围", data.scope),
            ("受理机构", data.accepting_agency),
            ("决定机构", data.deciding_agency),
            ("办结时限", data.time_limit),
            ("收费标准", data.fee),
        ):
            add_row(pdf, table, columns, [(label, LABEL_STYLE), value])


def _answers(pdf: NoticeDocument, answers: list[tuple[str, str]]) -> None:
    pdf.heading("二、您的办事情形")
    if not answers:
        pdf.paragraph("您未选择办事情形，以下为本事项适用于所有申请人的材料。")
        return
    columns = (Column(11, "CENTER"), Column(80), Column(EPW - 91))
    with grid(pdf, columns, heading=("序号", "情形", "您的选择")) as table:
        for number, (question, answer) in enumerate(answers, start=1):
            add_row(pdf, table, columns, [str(number), question, answer])


def _materials(pdf: NoticeDocument, lines: list[NoticeLine]) -> None:
    pdf.heading("三、需提交的材料")
    pdf.paragraph(material_summary(lines))
    if lines:
        pdf.ln(2)
        with grid(pdf, MATERIAL_COLUMNS, heading=MATERIAL_HEADING) as table:
            for number, line in enumerate(lines, start=1):
                add_row(pdf, table, MATERIAL_COLUMNS, material_cells(number, line))
    if any(line.requirement == DEFERRABLE for line in lines):
        pdf.ln(1.5)
        pdf.paragraph(DEFERRABLE_NOTE, size=SMALL_PT + 0.5, color=MUTED)


def material_summary(lines: list[NoticeLine]) -> str:
    if not lines:
        return "本事项在您的办事情形下无需提交材料。"
    counts = Counter(line.requirement for line in lines)
    parts = "、".join(f"{kind} {counts[kind]} 项" for kind in ("必需", "可选", DEFERRABLE) if counts[kind])
    text = f"共 {len(lines)} 项材料" + (f"（{parts}）" if parts else "") + "。"
    satisfied = sum(1 for line in lines if line.satisfied_by)
    if satisfied:
        text += f"其中 {satisfied} 项已通过电子证照获取，无需携带，表中以“✓ 免提交”标出。"
    missing = sum(1 for line in lines if line.missing)
    if missing:
        text += f"经导办核对，您尚缺 {missing} 项必需材料，表中以“✗ 尚缺”标出，请备齐后再来办理。"
    return text


def material_cells(number: int, line: NoticeLine) -> list[Cell]:
    fill = SATISFIED_FILL if line.satisfied_by else None
    # A line met by an electronic licence is greyed out on a green band: it needs no paper.
    plain = cell_style(size=9.5, color=MUTED if line.satisfied_by else INK, fill=fill)
    return [
        (str(number), plain),
        (line.name, plain),
        (line.form, plain),
        (str(line.count) if line.count > 0 else "—", plain),
        _necessity(line, fill),
        (explanation(line), plain),
    ]


def _necessity(line: NoticeLine, fill: Color | None) -> tuple[str, FontFace]:
    if line.satisfied_by:
        text, color = "✓ 免提交", SATISFIED_INK
    elif line.missing:
        text, color = "✗ 尚缺", MISSING_INK
    elif line.requirement == DEFERRABLE:
        text, color = f"{DEFERRABLE}*", DEFERRABLE_INK
    elif line.requirement == "可选":
        text, color = line.requirement, MUTED
    else:
        text, color = line.requirement, INK
    return text, cell_style(family=SANS, size=9, color=color, fill=fill)


def explanation(line: NoticeLine) -> str:
    """The 说明 / 原因 cell: what makes the paper unnecessary first, then why it is listed."""
    parts = [line.satisfied_by] if line.satisfied_by else []
    if line.missing:
        parts.append("导办核对：未携带，请备齐后再来")
    parts.append(line.reason)
    if line.note:
        parts.append(f"备注：{line.note}")
    return "\n".join(parts)


def _where(pdf: NoticeDocument, data: NoticeData) -> None:
    pdf.heading("四、办理地点")
    if data.where:
        columns = (Column(46), Column(82), Column(EPW - 128))
        with grid(pdf, columns, heading=("办理地点", "地址", "办公时间")) as table:
            for centre, address, hours in data.where:
                add_row(pdf, table, columns, [centre, address, hours])
        pdf.ln(2)
    pdf.paragraph(f"咨询电话：{data.phone}", family=SANS)


def related_section(pdf: NoticeDocument, related: Sequence[tuple[str, str]]) -> None:
    """您可能还需要办理: the related items (顺便办) and why, one short line each."""
    if not related:
        return
    pdf.ln(2)
    pdf.heading("您可能还需要办理")
    for name, reason in related:
        pdf.paragraph(f"· {name}：{reason}" if reason else f"· {name}", size=SMALL_PT + 1)


def _closing(pdf: NoticeDocument) -> None:
    pdf.ln(3)
    pdf.paragraph(
        "温馨提示：本告知书根据您提供的办事情形生成。情形有变化的，材料以窗口工作人员审核意见为准；"
        "扫描二维码可随时查看最新的电子版清单。",
        size=SMALL_PT + 0.5,
        color=MUTED,
    )


__all__ = ["NoticeData", "NoticeLine", "render_notice"]
