"""联办申请表: one joint application (一件事联办) as a printable A4 PDF — the shared fields
collected once, the linked items with their departments and case numbers, the applicant's
signature line, and a QR code to follow the application.

Plain data in, PDF bytes out, like the one-time notice (hub/core/pdf/notice.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hub.core.pdf.fonts import SANS, SERIF
from hub.core.pdf.layout import (
    BODY_STYLE,
    EPW,
    LABEL_STYLE,
    MUTED,
    SMALL_PT,
    Column,
    NoticeDocument,
    add_row,
    cell_style,
    grid,
    title_block,
)
from hub.core.pdf.notice import shanghai_time
from hub.core.pdf.qr import draw_qr

QR_SIZE = 28.0
QR_COLUMN = QR_SIZE + 8.0
LABEL_MM = 30.0


@dataclass(frozen=True)
class JointFormItem:
    item_name: str
    department: str
    case_number: str
    status: str  # 已受理，待审批 …


@dataclass(frozen=True)
class JointFormData:
    number: str  # 330106L2026120100001
    bundle_name: str  # 新生儿出生一件事
    service_point: str  # 文新街道便民服务中心
    received_by: str  # the counter's staff member, or 网上申报
    applicant_name: str
    applicant_id_number: str
    fields: list[tuple[str, str]]  # (label, value) of the shared fields, in the bundle's order
    items: list[JointFormItem]
    signed_name: str
    signed_at: datetime  # timezone-aware
    status: str  # the aggregated status: 办理中（0/3 已办结）
    track_url: str


def render_joint_form(data: JointFormData) -> bytes:
    signed = shanghai_time(data.signed_at)
    pdf = NoticeDocument(
        title=f"联办申请表：{data.bundle_name}",
        running_title=f"联办申请表 · {data.bundle_name} · {data.number}",
        footer_note=f"申请编号：{data.number}",
        created=data.signed_at,
    )
    pdf.set_author(data.service_point)
    _title(pdf, data.bundle_name)
    _head(pdf, data)
    _applicant(pdf, data)
    _items(pdf, data)
    _signature(pdf, data, signed)
    return bytes(pdf.output())


def _title(pdf: NoticeDocument, bundle_name: str) -> None:
    title_block(pdf, "“一件事”联办申请表", bundle_name, size=22)


def _head(pdf: NoticeDocument, data: JointFormData) -> None:
    top = pdf.y
    columns = (Column(LABEL_MM, "CENTER"), Column(EPW - QR_COLUMN - LABEL_MM))
    url_style = cell_style(size=SMALL_PT, color=MUTED)
    with grid(pdf, columns) as table:
        for label, value, style in (
            ("申请编号", data.number, BODY_STYLE),
            ("受理地点", data.service_point, BODY_STYLE),
            ("受理人", data.received_by, BODY_STYLE),
            ("办理进度", data.status, BODY_STYLE),
            ("进度查询", data.track_url, url_style),
        ):
            add_row(pdf, table, columns, [(label, LABEL_STYLE), (value, style)])
    bottom = pdf.y
    left = pdf.w - pdf.r_margin - QR_SIZE
    draw_qr(pdf, data.track_url, left, top, QR_SIZE)
    pdf.link(left, top, QR_SIZE, QR_SIZE, data.track_url)
    pdf.set_xy(left - 4, top + QR_SIZE + 2.5)
    pdf.set_font(SANS, size=8.5)
    pdf.cell(QR_SIZE + 8, 5, "扫码查询办理进度", align="C")
    pdf.set_y(max(bottom, top + QR_SIZE + 7.5) + 4)


def _applicant(pdf: NoticeDocument, data: JointFormData) -> None:
    pdf.heading("一、申请人及共享信息（一次填写，各事项共用）")
    columns = (Column(LABEL_MM + 12, "CENTER"), Column(EPW - LABEL_MM - 12))
    with grid(pdf, columns) as table:
        add_row(pdf, table, columns, [("申请人", LABEL_STYLE), data.applicant_name])
        add_row(pdf, table, columns, [("申请人身份证号码", LABEL_STYLE), data.applicant_id_number])
        for label, value in data.fields:
            add_row(pdf, table, columns, [(label, LABEL_STYLE), value or "—"])


def _items(pdf: NoticeDocument, data: JointFormData) -> None:
    pdf.heading(f"二、联办事项（共 {len(data.items)} 项，分送各部门并联办理）")
    columns = (Column(11, "CENTER"), Column(52), Column(44), Column(45, "CENTER"), Column(EPW - 152))
    with grid(pdf, columns, heading=("序号", "事项", "承办部门", "办件编号", "状态")) as table:
        for n, item in enumerate(data.items, start=1):
            add_row(pdf, table, columns, [str(n), item.item_name, item.department, item.case_number,
                                          item.status])


def _signature(pdf: NoticeDocument, data: JointFormData, signed: str) -> None:
    pdf.heading("三、申请人确认")
    pdf.paragraph(
        "本人自愿申请上述事项联办，已知晓各事项的办理程序和时限，所填信息及提交材料真实有效，"
        "如有虚假，愿承担相应法律责任。", family=SERIF)
    pdf.ln(4)
    columns = (Column(LABEL_MM, "CENTER"), Column(EPW / 2 - LABEL_MM), Column(LABEL_MM, "CENTER"),
               Column(EPW / 2 - LABEL_MM))
    with grid(pdf, columns) as table:
        add_row(pdf, table, columns, [("申请人签名", LABEL_STYLE), data.signed_name,
                                      ("签署时间", LABEL_STYLE), signed])
    pdf.ln(3)
    pdf.paragraph("温馨提示：各事项由承办部门并联审批，一个事项审批通过后系统自动提醒下一环节审批人；"
                  "扫描二维码或凭申请编号和身份证号码可随时查询每个事项的办理进度。",
                  size=SMALL_PT + 0.5, color=MUTED)


__all__ = ["JointFormData", "JointFormItem", "render_joint_form"]
