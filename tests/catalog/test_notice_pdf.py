"""The 一次性告知书 PDF: real Chinese text with inked glyphs, tables across pages, a QR code that scans."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from PIL import Image

from hub.core.pdf import NoticeData, NoticeLine, render_notice
from hub.core.pdf.fonts import font_files

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
URL = "https://hub.example.gov.cn/checklist/330106-012-001-00?s=hz-newborn"
SECTION_TITLES = ("一次性告知书", "一、办事要素", "二、您的办事情形", "三、需提交的材料", "四、办理地点")
# SHA-256 of Sans/SubsetOTF/SC and Serif/SubsetOTF/SC in notofonts/noto-cjk, as pylopdf-fonts-zh-cn 0.1.1
# documents them: the embedded fonts are Google's and Adobe's, unmodified.
UPSTREAM_SHA256 = {
    "NotoSansSC-Regular.otf": "faa6c9df652116dde789d351359f3d7e5d2285a2b2a1f04a2d7244df706d5ea9",
    "NotoSerifSC-Regular.otf": "e8f396decc1f0963a016a989c3d8852e863d1350996f573860a80767c83a1cd3",
}


def line(name: str, requirement: str = "必需", **changes: object) -> NoticeLine:
    base = NoticeLine(
        name=name, form="原件", count=1, requirement=requirement,
        reason="所有申请人均需提供", note=None, satisfied_by=None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def sample_notice(**changes: object) -> NoticeData:
    """A realistic notice: a Hangzhou newborn's enrolment in resident medical insurance."""
    base = NoticeData(
        item_code="330106-012-001-00",
        item_name="城乡居民医疗保险参保登记",
        version=3,
        department="杭州市西湖区医疗保障局",
        kind_label="即办件",
        scope="具有本区户籍的城乡居民，以及在本区居住并办理居住证的非本市户籍人员（已参加职工医保的除外）",
        accepting_agency="杭州市西湖区医疗保障局（文新街道行政服务中心医保窗口受理）",
        deciding_agency="杭州市西湖区医疗保障局",
        time_limit="法定 20 个工作日，承诺 3 个工作日",
        fee="不收费",
        answers=[("户籍所在地", "杭州市户籍"), ("参保人员类别", "新生儿")],
        lines=[
            line("居民户口簿", reason="因为「户籍所在地」选择了「杭州市户籍」",
                 satisfied_by="已关联电子证照：居民户口簿（无需携带）"),
            line("一寸免冠近照", "容缺", count=2, note="新生儿可容缺，出生后 3 个月内补交"),
            line("出生医学证明", form="原件及复印件", reason="因为「参保人员类别」选择了「新生儿」"),
        ],
        where=[
            ("文新街道行政服务中心", "杭州市西湖区文一西路 778 号文新街道行政服务中心一楼医保窗口",
             "工作日 9:00–12:00，13:30–17:00"),
            ("西湖区民生服务中心", "杭州市西湖区西溪路 2 号", "周一至周六 8:30–17:00"),
        ],
        phone="0571-12345",
        checklist_url=URL,
        issued_at=datetime(2025, 3, 5, 6, 30, tzinfo=UTC),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def thirty_lines() -> list[NoticeLine]:
    return [
        line(f"第{i:02d}项材料：参保人员身份及缴费资格核验证明", ("必需", "可选", "容缺")[i % 3],
             reason=f"因为「参保类别」选择了「第{i:02d}类人员」，需核验其身份与缴费资格",
             note=None if i % 2 else f"第{i:02d}项备注：复印件须加盖单位公章")
        for i in range(1, 31)
    ]


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_notice(sample_notice())


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as pypdf extracts it, whitespace and NULs removed.

    pypdf reads the 2-byte codes of CID-keyed CFF fonts one byte at a time (it does not apply an
    embedded encoding CMap), which puts a NUL and sometimes a space before each character; the
    characters themselves come from the font's ToUnicode map, so they are the real text.
    """
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [compact(page.extract_text()) for page in reader.pages]


def compact(text: str) -> str:
    return "".join(text.replace("\x00", "").split())


def ink(image: Image.Image) -> int:
    """Dark pixels: the count of pixels darker than mid grey."""
    return sum(image.convert("L").histogram()[:128])


def test_sample_notice_carries_its_chinese_text_as_real_text(sample_pdf):
    # given the realistic sample, rendered
    data = sample_notice()
    # when its text is extracted
    text = "".join(page_texts(sample_pdf))
    # then the item, every material, the reasons and every section title are there as characters
    assert sample_pdf.startswith(b"%PDF-")
    for expected in (data.item_name, *SECTION_TITLES, "因为「户籍所在地」选择了「杭州市户籍」",
                     *(material.name for material in data.lines), "文新街道行政服务中心", "0571-12345"):
        assert compact(expected) in text, expected
    assert "新生儿可容缺" in text and "容缺材料可先行受理，请在规定时间内补齐" in text
    # and PDFium, the engine of Chrome's viewer, reads the same words with no clean-up at all
    page = pdfium.PdfDocument(sample_pdf)[0]
    assert "城乡居民医疗保险参保登记" in page.get_textpage().get_text_range()


def test_page_one_renders_with_chinese_glyphs_that_put_ink_on_the_page(sample_pdf):
    # given page 1, rendered as a person sees it
    document = pdfium.PdfDocument(sample_pdf)
    page = document[0]
    scale = 2
    shown = page.render(scale=scale).to_pil()
    ARTIFACTS.mkdir(exist_ok=True)
    shown.save(ARTIFACTS / "notice-page1.png")
    words = ("一次性告知书", "三、需提交的材料", "一寸免冠近照")
    boxes = {word: word_box(page, word, scale) for word in words}
    # when the same page is rendered with every text object removed
    for obj in list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,))):
        page.remove_obj(obj)
    page.gen_content()
    bare = page.render(scale=scale).to_pil()
    # then the page is far from blank, and each Chinese word's own area is inked by its glyphs alone
    assert ink(shown) > shown.width * shown.height // 50
    for word, box in boxes.items():
        with_text, without = ink(shown.crop(box)), ink(bare.crop(box))
        area = (box[2] - box[0]) * (box[3] - box[1])
        assert with_text > area // 10 and without < with_text // 20, (word, with_text, without, area)


def word_box(page: pdfium.PdfPage, word: str, scale: float) -> tuple[int, int, int, int]:
    """The pixel box (left, top, right, bottom) of ``word``'s glyphs on a render at ``scale``."""
    textpage = page.get_textpage()
    found = textpage.search(word).get_next()
    assert found, f"{word} not on the page"
    start, count = found
    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
    height = page.get_height()
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    return (
        int(left * scale), int((height - top) * scale),
        int(right * scale) + 1, int((height - bottom) * scale) + 1,
    )


def test_fonts_are_embedded_noto_cjk_subsets(sample_pdf):
    # given the rendered notice
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    # when its fonts are listed
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            fonts[font["/BaseFont"]] = descendant["/FontDescriptor"].get_object()
    # then they are the Noto CJK faces, embedded as subsets, and nothing relies on the reader's fonts
    tags, faces = zip(*(name.lstrip("/").split("+", 1) for name in fonts), strict=True)
    assert set(faces) == {"NotoSansSC", "NotoSerifSC"}
    assert all(len(tag) == 6 and tag.isupper() for tag in tags)  # a subset's tag, as in ABCDEF+Name
    for descriptor in fonts.values():
        embedded = descriptor["/FontFile3"].get_object()
        assert embedded["/Subtype"] == "/CIDFontType0C"
        assert 5_000 < len(embedded.get_data()) < 500_000  # a subset, not the 8 MB face


def test_the_installed_fonts_are_the_upstream_noto_files():
    # given the font package the renderer found
    files = font_files()
    # when the files are hashed
    digests = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in (files.sans, files.serif)}
    # then they are notofonts/noto-cjk's own (SIL OFL 1.1), byte for byte
    assert digests == UPSTREAM_SHA256


def test_a_thirty_line_checklist_runs_over_pages_with_the_header_repeated():
    # given a checklist of 30 materials
    data = sample_notice(lines=thirty_lines())
    # when it is rendered
    texts = page_texts(render_notice(data))
    # then it takes more than one page, numbered, and every material is still in the text
    assert len(texts) > 2
    whole = "".join(texts)
    for material in data.lines:
        assert compact(material.name) in whole, material.name
    assert "第14项备注：复印件须加盖单位公章" in whole
    pages_with_table = [t for t in texts if "材料名称" in t]
    assert len(pages_with_table) >= 2  # the table heading row is repeated
    assert f"第2页/共{len(texts)}页" in texts[1]


def test_the_qr_code_scans_back_to_the_checklist_url(sample_pdf):
    # given page 1 rendered at 288 dpi
    image = pdfium.PdfDocument(sample_pdf)[0].render(scale=4).to_pil()
    # when a QR decoder reads it
    found = [code for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]
    # then it finds exactly the checklist URL
    assert [code.text for code in found] == [URL]


def test_a_notice_with_no_answers_says_so():
    # given a citizen who answered no question
    data = sample_notice(answers=[])
    # when rendered
    text = "".join(page_texts(render_notice(data)))
    # then section 二 explains that only the general materials apply
    assert "二、您的办事情形" in text and "您未选择办事情形" in text
    assert "居民户口簿" in text


def test_a_licensed_line_is_marked_as_not_needed_and_the_footnote_follows_deferrable_lines(sample_pdf):
    # given the sample, with one line met by an electronic licence and one deferrable line
    text = "".join(page_texts(sample_pdf))
    # then the licensed line says so, the summary counts it, and the 容缺 footnote is printed
    assert "居民户口簿" in text and "✓免提交" in text
    assert "已关联电子证照：居民户口簿（无需携带）" in text
    assert "其中1项已通过电子证照获取" in text
    assert "容缺材料可先行受理" in text
    # and without a deferrable line there is no footnote to explain
    plain = sample_notice(lines=[line("居民身份证")])
    assert "容缺材料可先行受理" not in "".join(page_texts(render_notice(plain)))


def test_very_long_texts_wrap_and_continue_instead_of_failing():
    # given a reason longer than a whole page, and a long name and note in a single line
    reason = "因为「户籍所在地」选择了「杭州市户籍」且参保人员属于新生儿，" * 150 + "（理由结束）"
    data = sample_notice(
        item_name="城乡居民医疗保险参保登记（含新生儿、在校学生、灵活就业人员及困难群体参保资助认定）" * 2,
        lines=[line("居民户口簿" * 12, reason=reason, note="备注" * 200)],
        where=[],
    )
    # when rendered
    texts = page_texts(render_notice(data))
    # then no text is lost: the row continues over pages, marked 续
    whole = "".join(texts)
    assert len(texts) >= 4
    assert "（理由结束）" in whole and "备注" * 50 in whole and "居民户口簿" * 12 in whole
    assert "续" in whole


def test_the_time_is_printed_in_shanghai_time_and_naive_times_are_refused():
    # given an issue time in UTC and the same instant in another zone
    utc = sample_notice(issued_at=datetime(2025, 3, 5, 23, 45, tzinfo=UTC))
    tokyo = sample_notice(issued_at=datetime(2025, 3, 6, 8, 45, tzinfo=timezone(timedelta(hours=9))))
    # when rendered
    first, second = page_texts(render_notice(utc))[0], page_texts(render_notice(tokyo))[0]
    # then both footers show the Beijing time, the next morning
    assert "告知时间：2025年3月6日07:45" in first and "告知时间：2025年3月6日07:45" in second
    assert "第1页/共" in first
    # and a naive time is refused rather than guessed
    with pytest.raises(ValueError, match="timezone-aware"):
        render_notice(sample_notice(issued_at=datetime(2025, 3, 5, 14, 30)))


def test_the_renderer_imports_neither_strawberry_nor_starlette():
    # given a clean interpreter
    code = (
        "import sys, hub.core.pdf.notice\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('strawberry', 'starlette'))))\n"
    )
    # when it imports the renderer
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    # then neither web layer came along
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
