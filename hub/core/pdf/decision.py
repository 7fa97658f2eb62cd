"""不予受理决定书 / 不予许可决定书: the written decision an applicant receives when the back
office refuses a case, with the reason, its legal basis, the appeal rights (行政复议 within
60 days, 行政诉讼 within 6 months) and a QR code to track the case.

Plain data in, PDF bytes out (no database, GraphQL or HTTP here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hub.core.clock import SHANGHAI
from hub.core.pdf.fonts import SANS, SERIF
from hub.core.pdf.layout import (
    ACCENT,
    EPW,
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

TITLES = {"REFUSE": "不予受理决定书", "REJECT": "不予许可决定书"}
BASIS = {
    "REFUSE": "《中华人民共和国行政许可法》第三十二条第一款",
    "REJECT": "《中华人民共和国行政许可法》第三十八条第二款",
}
DECIDED = {"REFUSE": "决定不予受理", "REJECT": "决定不予许可"}
APPEAL = ("如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，"
          "或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。")


@dataclass(frozen=True)
class DecisionData:
    kind: str  # REFUSE (不予受理) | REJECT (不予许可)
    case_number: str
    applicant: str
    item_name: str
    item_code: str
    submitted_at: datetime
    decided_at: datetime  # timezone-aware
    reason: str
    department: str  # the deciding department
    decide_point: str  # the deciding service point
    track_url: str  # the QR code opens the case's tracking page


def render_decision(data: DecisionData) -> bytes:
    title = TITLES[data.kind]
    decided = data.decided_at.astimezone(SHANGHAI)
    pdf = NoticeDocument(title=f"{title}：{data.case_number}", running_title=f"{title} · {data.case_number}",
                         footer_note=f"决定时间：{shanghai_time(data.decided_at)}", created=data.decided_at)
    pdf.set_author(data.department)
    pdf.set_font(SERIF, size=22)
    with pdf.bold(0.3), pdf.local_context(char_spacing=3):
        pdf.cell(pdf.epw, 13, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(SANS, size=10)
    with pdf.local_context(text_color=MUTED):
        pdf.cell(pdf.epw, 6, f"办件编号：{data.case_number}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.hline(pdf.y, ACCENT, 0.8)
    pdf.hline(pdf.y + 1.1, ACCENT, 0.25)
    pdf.ln(5)

    top = pdf.y
    columns = (Column(LABEL_MM, "CENTER"), Column(EPW - QR_SIZE - 8 - LABEL_MM))
    submitted = data.submitted_at.astimezone(SHANGHAI)
    with grid(pdf, columns) as table:
        for label, value in (("办件编号", data.case_number), ("申请人", data.applicant),
                             ("申请事项", f"{data.item_name}（{data.item_code}）"),
                             ("申请日期", f"{submitted.year}年{submitted.month}月{submitted.day}日"),
                             ("决定机关", data.department)):
            add_row(pdf, table, columns, [(label, LABEL_STYLE), value])
    bottom = pdf.y
    left = pdf.w - pdf.r_margin - QR_SIZE
    draw_qr(pdf, data.track_url, left, top, QR_SIZE)
    pdf.link(left, top, QR_SIZE, QR_SIZE, data.track_url)
    pdf.set_xy(left - 4, top + QR_SIZE + 2)
    pdf.set_font(SANS, size=8.5)
    pdf.cell(QR_SIZE + 8, 5, "扫码查询办件进度", align="C")
    pdf.set_y(max(bottom, top + QR_SIZE + 8) + 4)

    pdf.paragraph(f"{data.applicant}：")
    pdf.ln(1)
    pdf.paragraph(
        f"你（单位）于{submitted.year}年{submitted.month}月{submitted.day}日提出的“{data.item_name}”申请"
        f"（办件编号 {data.case_number}），经审查，{DECIDED[data.kind]}。")
    pdf.heading("一、理由")
    pdf.paragraph(data.reason)
    pdf.heading("二、依据")
    pdf.paragraph(f"依据{BASIS[data.kind]}的规定，作出本决定。")
    pdf.heading("三、救济途径")
    pdf.paragraph(APPEAL)
    pdf.ln(10)
    pdf.set_font(SERIF, size=11)
    for text in (data.department, data.decide_point,
                 f"{decided.year}年{decided.month}月{decided.day}日"):
        pdf.cell(pdf.epw, 7, text, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.paragraph(f"办件进度查询：{data.track_url}", size=SMALL_PT, color=MUTED, family=SANS)
    return bytes(pdf.output())


__all__ = ["DecisionData", "render_decision"]
