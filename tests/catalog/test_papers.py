"""The papers a citizen takes home, read back from the PDFs: the one-time notice's short link
from HUB_PUBLIC_BASE_URL and the hall's structured hours, Chinese line breaking (no line starts
with a comma, no time cut in two), the receipt's signature and stamp area and its wording for an
instant item, and one vocabulary of 必需 / 可选 / 容缺 / 视情形 on the item page and the checklist."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

import httpx
import pypdfium2 as pdfium
import pytest

from hub.core.pdf.layout import NO_LINE_START
from hub.web.app import create_app
from resolvers.catalog import wording
from tests.cases.test_case_api import as_input, intake
from tests.catalog.test_notice_pdf import compact, page_texts
from tests.conftest import GQL, test_settings

PUBLIC = "https://zwfw.xihu.example.cn"
ANSWERS = {"marriage": "mainland", "household": "other", "remarried": True}
DIGITS = set("0123456789:")
CELL_GAP = 6.0  # pt: wider than any space between two characters of one line, narrower than a cell's padding


@dataclass(frozen=True)
class Line:
    text: str
    left: float  # pt, where the line starts (a table cell's lines share it)


def printed_lines(pdf: bytes) -> list[Line]:
    """Every printed line in drawing order, from the characters' positions on the page."""
    lines: list[Line] = []
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        chars, prev = "", None
        left = 0.0
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if not ch.strip():
                continue
            box = text.get_charbox(i, loose=True)  # (left, bottom, right, top) of the line box
            # a new line: another baseline, back to the left, or a jump to the next table cell
            if prev is None or abs(box[1] - prev[1]) > 2 or not -2 <= box[0] - prev[2] < CELL_GAP:
                if chars:
                    lines.append(Line(chars, left))
                chars, left = "", box[0]
            chars += ch
            prev = box
        if chars:
            lines.append(Line(chars, left))
    return lines


def assert_typeset(pdf: bytes) -> list[Line]:
    lines = printed_lines(pdf)
    assert len(lines) > 20
    starts = [line.text for line in lines if line.text[0] in NO_LINE_START]
    assert starts == []  # no line begins with a comma, a full stop, a closing bracket …
    cut = [(a.text, b.text) for a, b in pairwise(lines)
           if abs(a.left - b.left) < 1 and a.text[-1] in DIGITS and b.text[0] in DIGITS]
    assert cut == []  # no number or time broken over two lines of a cell
    return lines


@pytest.fixture
async def hall(database: str) -> AsyncIterator[GQL]:
    """The hub as a phone would be sent to it: HUB_PUBLIC_BASE_URL set, requests on loopback."""
    app = create_app(test_settings(database, public_base_url=PUBLIC), manage_db=False)
    transport = httpx.ASGITransport(app=app, client=("10.0.9.9", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as http:
        yield GQL(http)


async def test_the_notice_prints_a_short_public_link_and_the_halls_real_hours(hall):
    # given a complete answer set, on a hub whose public address is configured
    r = await hall.http.get("/notice/330106-WJ-001.pdf", params={"answers": json.dumps(ANSWERS)})
    assert r.status_code == 200
    text = compact("".join(page_texts(r.content)))
    # then the link is short, public, and not a percent-encoded loopback address
    assert "127.0.0.1" not in text and "%7B" not in text and "%22" not in text
    start = text.index(f"{PUBLIC}/c/")
    link = text[start:start + len(PUBLIC) + 11]
    # and it opens the same tailored checklist
    again = await hall.http.get("/notice/330106-WJ-001.pdf", params={"answers": json.dumps(ANSWERS)})
    assert link in compact("".join(page_texts(again.content)))  # the same checklist, the same link
    hop = await hall.http.get(urlsplit(link).path)
    assert hop.status_code == 302
    target = urlsplit(hop.headers["location"])
    assert target.path == "/guide/items/330106-WJ-001"
    assert json.loads(parse_qs(target.query)["answers"][0]) == ANSWERS
    assert (await hall.http.get("/c/zzzzzzzz")).status_code == 404
    # and the hours are the structured ones (09:00), whole, the holidays said once per place
    assert "09:00–12:00、13:30–17:00" in text and "8:30" not in text
    assert "法定节假日除外" in text
    assert_typeset(r.content)


async def test_an_instant_receipt_says_done_on_the_spot_and_has_signature_and_stamp_boxes(hall):
    await hall.login("qiantai", "demo1234")
    case = (await intake(hall, item="330106-MZ-001"))["data"]["intakeCase"]["case"]
    url = (await hall("query($id:ID!){ case(id:$id){ receiptUrl } }", {"id": case["id"]}))
    r = await hall.http.get(url["data"]["case"]["receiptUrl"])
    text = compact("".join(page_texts(r.content)))
    assert "当场办结" in text and "个工作日" not in text
    for box in ("受理人（签名）", "申请人（签名）", "受理单位（盖章）", "受理专用章"):
        assert box in text
    assert f"{PUBLIC}/track?number={case['number']}" in text and "127.0.0.1" not in text
    assert_typeset(r.content)


async def test_a_promised_receipt_counts_working_days(hall):
    await hall.login("qiantai", "demo1234")
    case = (await intake(hall))["data"]["intakeCase"]["case"]
    url = (await hall("query($id:ID!){ case(id:$id){ receiptUrl } }", {"id": case["id"]}))
    text = compact("".join(page_texts((await hall.http.get(url["data"]["case"]["receiptUrl"])).content)))
    assert "个工作日）" in text and "0个工作日" not in text and "当场办结" not in text


ITEM_MATERIALS = """query($c:String!){ item(code:$c){ materials{ name requirement requirementLabel
  conditional } } }"""
CHECKLIST = """query($c:String!,$a:[AnswerInput!]){ checklist(itemCode:$c, answers:$a){
  checklist{ lines{ name requirement requirementLabel reason } } } }"""


async def test_the_fixed_list_says_situational_and_an_optional_line_is_never_needed_by_all(gql):
    # given 老年人优待证办理, whose 居住证, 原证 and 代办人身份证 depend on the situation
    body = await gql(ITEM_MATERIALS, {"c": "330106-MZ-001"})
    labels = {m["name"]: m["requirementLabel"] for m in body["data"]["item"]["materials"]}
    # then the item page's fixed list says 视情形 for them, 必需 for what everyone brings
    assert labels["浙江省居住证"] == labels["原老年人优待证"] == labels["代办人居民身份证"] == "视情形"
    assert labels["居民身份证"] == "必需"
    assert set(labels.values()) <= {"必需", "可选", "容缺", "视情形"}
    # and on a tailored checklist an optional line does not say every applicant must bring it
    answers = as_input({"household": "other", "apply_type": "damaged", "in_person": False})
    body = await gql(CHECKLIST, {"c": "330106-MZ-001", "a": answers})
    lines = body["data"]["checklist"]["checklist"]["lines"]
    assert {"浙江省居住证", "原老年人优待证", "代办人居民身份证"} <= {line["name"] for line in lines}
    optional = [line for line in lines if line["requirement"] == "OPTIONAL"]
    assert optional and all(line["requirementLabel"] == "可选" for line in optional)
    assert all(wording.EVERYONE not in line["reason"] for line in optional)
    assert all(line["requirementLabel"] in {"必需", "可选", "容缺"} for line in lines)
