"""Downloading the one-time notice (一次性告知书) of a tailored checklist."""

import json

from tests.catalog.test_notice_pdf import compact, page_texts

ANSWERS = {"marriage": "mainland", "household": "other", "remarried": True}


async def test_a_complete_answer_set_downloads_a_pdf_with_the_tailored_materials(gql):
    r = await gql.http.get("/notice/330106-WJ-001.pdf", params={"answers": json.dumps(ANSWERS)})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    text = compact("".join(page_texts(r.content)))
    assert "生育登记" in text and "一次性告知书" in text
    assert "330106-WJ-001（目录第1版）" in text  # the catalogue version the checklist follows
    for material in ("居民身份证", "浙江省居住证", "离婚证"):
        assert material in text
    assert "非浙江" in text  # the answers are printed as given


async def test_incomplete_invalid_or_unknown_requests_get_chinese_errors(gql):
    partial = await gql.http.get("/notice/330106-WJ-001.pdf", params={"answers": '{"marriage":"mainland"}'})
    assert partial.status_code == 400 and partial.text.startswith("请回答「")
    invalid = await gql.http.get("/notice/330106-WJ-001.pdf", params={"answers": '{"marriage":"moon"}'})
    assert invalid.status_code == 400 and "答案无效" in invalid.text
    broken = await gql.http.get("/notice/330106-WJ-001.pdf", params={"answers": "[1,"})
    assert broken.status_code == 400 and "JSON" in broken.text
    missing = await gql.http.get("/notice/NOPE.pdf")
    assert missing.status_code == 404 and missing.text == "事项 NOPE 不存在"


async def test_an_item_accepted_only_at_listed_points_sends_people_there(gql):
    # 居民身份证申领 is accepted at the district centre only, not at street centres
    answers = {"apply_type": "renew", "birth_date": "1990-05-01"}
    r = await gql.http.get("/notice/330106-GA-004.pdf", params={"answers": json.dumps(answers)})
    assert r.status_code == 200, r.text
    text = compact("".join(page_texts(r.content)))
    assert "西湖区行政服务中心" in text and "街道行政服务中心" not in text
