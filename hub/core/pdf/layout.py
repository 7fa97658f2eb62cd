"""A4 page furniture and building blocks for printed notices: running header, footer with
page numbers, headings, paragraphs and tables, in the style of a government service form."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF, FontFace
from fpdf.enums import WrapMode
from fpdf.table import Table

from hub.core.pdf.fonts import SANS, SERIF, register_fonts

Color = tuple[int, int, int]

MARGIN = 18.0  # mm, left and right
EPW = 210.0 - 2 * MARGIN  # A4's width within the margins
TOP = 16.0
BOTTOM = 20.0  # room for the footer

INK: Color = (30, 30, 30)
MUTED: Color = (105, 105, 105)
RULE: Color = (150, 150, 150)
ACCENT: Color = (178, 34, 34)  # the red rule of Chinese official documents
LABEL_FILL: Color = (242, 242, 242)
HEAD_FILL: Color = (226, 226, 226)

BODY_PT = 10.0
SMALL_PT = 8.0
LINE_MM = 5.0  # line height in table cells at BODY_PT
PAD_Y, PAD_X = 1.4, 2.0  # cell padding, mm
SLACK = 0.3  # mm our line breaking keeps inside a cell, against rounding in the table's own
# Chinese has no spaces to break at: fpdf2 may wrap anywhere (our own ``wrap_lines`` has placed
# the breaks already, so this only guards against a rounding difference).
WRAP = WrapMode.CHAR
# 禁则 (line-breaking rules of Chinese typesetting): no line starts with closing punctuation
# and none ends with opening punctuation; a number, time, code or link is never cut.
NO_LINE_START = frozenset("，。、；：！？）》」』”’〕】〉…%,.;:!?)]}")
NO_LINE_END = frozenset("（《「『“‘〔【〈([{")
UNBROKEN = re.compile(r"[A-Za-z0-9:./\-–_%@?=&#~+×]+")


def tokens(text: str) -> list[str]:
    """The pieces a line may break between: a run of Latin letters, digits and the marks of
    times, numbers and links, or one other character, with the punctuation that may not start
    (or end) a line glued to its neighbour."""
    out: list[str] = []
    i = 0
    while i < len(text):
        run = UNBROKEN.match(text, i)
        token = run.group() if run else text[i]
        i += len(token)
        if out and out[-1] != " " and token != " " and (
                token[0] in NO_LINE_START or out[-1][-1] in NO_LINE_END):
            out[-1] += token
        else:
            out.append(token)
    return out


def wrap_lines(pdf: FPDF, text: str, width: float) -> list[str]:
    """``text`` broken into lines of at most ``width`` mm in the current font, by the rules above
    (a piece wider than a whole line, a very long link, is cut where it must be)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for token in tokens(paragraph):
            if not line and token == " ":
                continue
            w = pdf.get_string_width(token)
            if used + w <= width:
                line, used = line + token, used + w
                continue
            if line:
                lines.append(line.rstrip())
            token = token.lstrip()
            while len(token) > 1 and pdf.get_string_width(token) > width:
                cut = len(token) - 1
                while cut > 1 and pdf.get_string_width(token[:cut]) > width:
                    cut -= 1
                lines.append(token[:cut])
                token = token[cut:]
            line, used = token, pdf.get_string_width(token)
        lines.append(line.rstrip())
    return lines


class NoticeDocument(FPDF):
    """An A4 portrait document with the fonts registered and a first page open."""

    def __init__(self, *, title: str, running_title: str, footer_note: str, created: datetime) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        register_fonts(self)
        # Each face falls back on the other for the odd symbol it lacks.
        self.set_fallback_fonts([SANS, SERIF])
        self.running_title = running_title
        self.footer_note = footer_note
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM)
        self.alias_nb_pages()
        self.set_title(title)
        self.set_lang("zh-CN")
        self.set_creator("OneWindow Hub 一窗受理集成服务平台")
        self.set_creation_date(created)  # the same notice renders to the same bytes
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.add_page()

    def header(self) -> None:
        if self.page_no() == 1:
            return  # the first page carries the full title instead
        self.set_font(SANS, size=SMALL_PT)
        with self.local_context(text_color=MUTED):
            self.cell(self.epw, 5, self.fit(self.running_title, self.epw), align="L")
        self.ln(6)
        self.hline(self.y, RULE, 0.2)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-BOTTOM + 6)
        self.hline(self.y, RULE, 0.2)
        self.ln(1.5)
        self.set_font(SANS, size=SMALL_PT)
        with self.local_context(text_color=MUTED):
            self.cell(self.epw / 2, 5, self.footer_note, align="L")
            self.cell(self.epw / 2, 5, f"第 {self.page_no()} 页 / 共 {{nb}} 页", align="R")

    def fit(self, text: str, width: float) -> str:
        """``text`` cut with an ellipsis to one line of ``width`` mm in the current font."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text + "…"

    def hline(self, y: float, color: Color, width: float) -> None:
        with self.local_context(draw_color=color, line_width=width):
            self.line(self.l_margin, y, self.w - self.r_margin, y)

    @contextmanager
    def bold(self, stroke: float) -> Iterator[None]:
        """Faux bold: also stroke the glyph outlines (the fonts ship one weight only)."""
        with self.local_context(text_mode="FILL_STROKE", line_width=stroke, draw_color=self.text_color):
            yield

    def heading(self, text: str) -> None:
        """A section title such as 一、办事要素; never left alone at the foot of a page."""
        if self.will_page_break(30):
            self.add_page()
        self.ln(2.5)
        self.set_font(SANS, size=12.5)
        with self.bold(0.12):
            self.cell(self.epw, 8, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, *, size: float = BODY_PT, color: Color = INK, family: str = SERIF) -> None:
        self.set_font(family, size=size)
        with self.local_context(text_color=color):
            self.multi_cell(self.epw, size * 0.6, "\n".join(self.wrap(text, self.epw - 0.5)),
                            wrapmode=WRAP, new_x="LMARGIN", new_y="NEXT")

    def wrap(self, text: str, width: float) -> list[str]:
        """The lines ``text`` takes in the current font at ``width`` mm."""
        return wrap_lines(self, text, width)


def cell_style(
    *, family: str = SERIF, size: float = BODY_PT, color: Color = INK, fill: Color | None = None
) -> FontFace:
    return FontFace(family=family, emphasis="", size_pt=size, color=color, fill_color=fill)


BODY_STYLE = cell_style()
LABEL_STYLE = cell_style(family=SANS, size=9.5, fill=LABEL_FILL)
HEAD_STYLE = cell_style(family=SANS, size=9.5, fill=HEAD_FILL)


@dataclass(frozen=True)
class Column:
    width: float  # mm
    align: str = "LEFT"


Cell = tuple[str, FontFace]


@contextmanager
def grid(
    pdf: NoticeDocument, columns: Sequence[Column], heading: Sequence[str] | None = None
) -> Iterator[Table]:
    """A bordered table, with its heading row repeated on every page it reaches."""
    pdf.set_font(SERIF, size=BODY_PT)
    with pdf.table(
        width=sum(c.width for c in columns),
        align="LEFT",
        col_widths=tuple(c.width for c in columns),
        text_align=tuple(c.align for c in columns),
        first_row_as_headings=heading is not None,
        headings_style=HEAD_STYLE,
        repeat_headings=1,
        line_height=LINE_MM,
        padding=(PAD_Y, PAD_X),
        wrapmode=WRAP,
    ) as table:
        if heading is not None:
            table.row(list(heading))
        yield table


def add_row(
    pdf: NoticeDocument, table: Table, columns: Sequence[Column], cells: Sequence[Cell | str]
) -> None:
    """One logical row (a bare str is body text); cut into several if taller than a page,
    which fpdf2 cannot break."""
    styled = [(cell, BODY_STYLE) if isinstance(cell, str) else cell for cell in cells]
    wrapped = [prewrap(pdf, text, style, column)
               for (text, style), column in zip(styled, columns, strict=True)]
    for texts in split_tall(pdf, wrapped, columns):
        row = table.row()
        for text, (_, style) in zip(texts, styled, strict=True):
            row.cell(text, style=style)


def prewrap(pdf: NoticeDocument, text: str, style: FontFace, column: Column) -> str:
    """The cell's text with its line breaks placed by ``wrap_lines`` in the cell's own font,
    a hair inside the cell so the table keeps them."""
    family, emphasis, size = pdf.font_family, pdf.font_style, pdf.font_size_pt
    pdf.set_font(style.family or SERIF, size=style.size_pt or BODY_PT)
    try:
        return "\n".join(pdf.wrap(text, column.width - 2 * PAD_X - SLACK))
    finally:
        pdf.set_font(family, emphasis, size)


def split_tall(pdf: NoticeDocument, texts: Sequence[str], columns: Sequence[Column]) -> list[list[str]]:
    # Room for the running header and the repeated heading row, with slack for the few
    # Latin characters that the sans face sets wider than the serif one measured here.
    max_lines = int((pdf.eph - 40) / LINE_MM)
    if not any(_may_exceed(text, column, max_lines) for text, column in zip(texts, columns, strict=True)):
        return [list(texts)]
    # 1 mm narrower than the cell, so the table never wraps the measured lines again.
    wrapped = [pdf.wrap(text, col.width - 2 * PAD_X - 1) for text, col in zip(texts, columns, strict=True)]
    parts = -(-max(len(lines) for lines in wrapped) // max_lines)
    per_row = max_lines
    rows = [["\n".join(lines[i * per_row : (i + 1) * per_row]) for lines in wrapped] for i in range(parts)]
    for row in rows[1:]:
        row[0] = row[0] or "续"  # marks the continuation of the row above
    return rows


def _may_exceed(text: str, column: Column, max_lines: int) -> bool:
    """Cheap upper bound on the wrapped lines: every character as wide as a Chinese one."""
    per_line = max(1, int((column.width - 2 * PAD_X - 1) / (BODY_PT * 0.3528)))
    return -(-len(text) // per_line) + text.count("\n") > max_lines


def title_block(pdf: NoticeDocument, title: str, subtitle: str, *, size: float = 24,
                subtitle_size: float = 13) -> None:
    """The heading of every hub document: the title spaced out in bold serif, a centred line
    under it (the item, the bundle, the service point) and the double red rule."""
    pdf.set_font(SERIF, size=size)
    with pdf.bold(0.3), pdf.local_context(char_spacing=3):
        pdf.cell(pdf.epw, size * 0.54, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(SANS, size=subtitle_size)
    pdf.multi_cell(pdf.epw, 7, "\n".join(pdf.wrap(subtitle, pdf.epw - 0.5)), align="C", wrapmode=WRAP,
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2.5)
    pdf.hline(pdf.y, ACCENT, 0.8)
    pdf.hline(pdf.y + 1.1, ACCENT, 0.25)
    pdf.ln(5)
