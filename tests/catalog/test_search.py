"""Fuzzy item search over the demo catalogue: characters, synonyms, pinyin, typos, filters, ranking.

No database: the index is built from the demo district's served items as the hub builds it from its rows.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from hub.demo.load import demo_served_items
from resolvers.catalog import search as search_module
from resolvers.catalog.search import ItemSearchIndex, SearchDoc, SearchHit

ROOT = Path(__file__).resolve().parents[2]
ITEMS: list[dict[str, Any]] = demo_served_items()
NAME = {item["code"]: item["name"] for item in ITEMS}
ELDERLY_CARD = "330106-MZ-001"  # 老年人优待证办理


def _terminals(channels: dict[str, Any]) -> frozenset[str]:
    where = {"COUNTER"} if channels["counter"] else set()
    return frozenset(where | {k.upper() for k in ("pc", "mobile", "kiosk") if channels[k] != "NONE"})


def _doc(item: dict[str, Any], sort: int) -> SearchDoc:
    return SearchDoc(
        code=item["code"], name=item["name"], keywords=tuple(item["keywords"]), summary=item["summary"],
        department_code=item["department"], life_event_codes=frozenset(item["life_events"]),
        terminals=_terminals(item["channels"]), sort=sort,
    )


def _synthetic(*docs: tuple[str, tuple[str, ...], str]) -> ItemSearchIndex:
    """Items named as given, in reverse catalogue order, so that `sort` alone cannot explain a ranking."""
    return ItemSearchIndex(
        SearchDoc(f"T-{i}", name, keywords, summary, "MZ", frozenset(), frozenset({"COUNTER"}), len(docs) - i)
        for i, (name, keywords, summary) in enumerate(docs)
    )


@pytest.fixture(scope="module")
def index() -> ItemSearchIndex:
    return ItemSearchIndex(_doc(item, sort) for sort, item in enumerate(ITEMS))


def names(hits: list[SearchHit]) -> list[str]:
    return [NAME[h.code] for h in hits]


def test_pinyin_initials_and_their_prefixes_find_the_elderly_card_first(index):
    # given the demo catalogue, when a citizen types initials of 老年人优待证办理, whole or begun
    for typed in ("lnr", "lnryd", "lnrydzbl", "LNR"):
        hits = index.search(typed)
        # then that item comes first, explained as an initials match
        assert hits and hits[0].code == ELDERLY_CARD, (typed, names(hits))
        assert hits[0].matched == "拼音首字母"


def test_a_synonym_from_the_keywords_finds_the_item_first(index):
    # given 老年证 is one of the demo keywords of 老年人优待证办理 (and in no item's name)
    assert "老年证" in next(i["keywords"] for i in ITEMS if i["code"] == ELDERLY_CARD)
    assert not any("老年证" in i["name"] for i in ITEMS)
    # when
    hits = index.search("老年证")
    # then
    assert hits[0].code == ELDERLY_CARD
    assert hits[0].matched == "关键词“老年证”"


@pytest.mark.parametrize(
    "typed", ["laonianren", "lao nian ren", "LaoNianRen", "ｌａｏ　ｎｉａｎ　ｒｅｎ", "laonianrenyoud"]
)
def test_full_pinyin_with_or_without_spaces_finds_the_elderly_card(index, typed):
    # when
    hits = index.search(typed)
    # then
    assert hits[0].code == ELDERLY_CARD, names(hits)
    assert hits[0].matched == "拼音"


def test_pinyin_of_a_keyword_is_explained_as_such(index):
    # when the citizen spells the synonym 老年证 in pinyin
    hits = index.search("laonianzheng")
    # then
    assert hits[0].code == ELDERLY_CARD
    assert hits[0].matched == "关键词“老年证”的拼音"


@pytest.mark.parametrize("typed", ["老年人优代证", "老年人优证", "老年人优待待证"])
def test_one_wrong_missing_or_extra_character_is_tolerated(index, typed):
    # when the query has one wrong / missing / extra character
    hits = index.search(typed)
    # then the item is still found first, as a correction
    assert hits[0].code == ELDERLY_CARD, names(hits)
    assert hits[0].matched == "名称（纠错 1 处）"
    assert hits[0].score < index.search("老年人优待证")[0].score


@pytest.mark.parametrize("typed", ["laonianrem", "laonianen", "laonianrren"])
def test_one_wrong_missing_or_extra_letter_in_pinyin_is_tolerated(index, typed):
    # when
    hits = index.search(typed)
    # then
    assert hits[0].code == ELDERLY_CARD, names(hits)
    assert hits[0].matched == "拼音（纠错 1 处）"


def test_typos_are_not_guessed_in_short_pinyin_nor_beyond_one_edit(index):
    # when the pinyin is under four letters, or two letters are wrong
    short, twice = index.search("lnx"), index.search("laonianrxm")
    # then nothing is corrected into the elderly card
    assert ELDERLY_CARD not in [h.code for h in short]
    assert ELDERLY_CARD not in [h.code for h in twice]
    # while one typo in the same query is corrected
    assert index.search("laonianrxn")[0].code == ELDERLY_CARD


def test_summary_text_matches_below_names_and_keywords(index):
    # when the words occur only in the item's summary
    hits = index.search("现场制证")
    # then
    assert [h.code for h in hits] == [ELDERLY_CARD]
    assert hits[0].matched == "简介"


def test_ranking_exact_name_then_prefix_contains_keywords_summary_then_typos():
    # given items each matching 社保卡 by a different rule, listed in reverse catalogue order
    idx = _synthetic(
        ("医疗救助", (), ""),  # no match at all
        ("社宝卡申领", (), ""),  # one wrong character
        ("卡务服务", (), "可办理社保卡相关业务"),  # summary
        ("卡片补办", ("社保卡丢失",), ""),  # keyword contains
        ("市民卡挂失", ("社保卡",), ""),  # keyword equals
        ("市民社保卡补办", (), ""),  # name contains
        ("社保卡挂失", (), ""),  # name prefix
        ("社保卡", (), ""),  # exact name
    )
    # when
    hits = idx.search("社保卡")
    # then best rule first, whatever the catalogue order
    assert [h.code for h in hits] == ["T-7", "T-6", "T-5", "T-4", "T-3", "T-2", "T-1"]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.score for h in hits}) == 7
    assert all(isinstance(h.score, float) for h in hits)
    assert [h.matched for h in hits] == [
        "名称", "名称", "名称", "关键词“社保卡”", "关键词“社保卡丢失”", "简介", "名称（纠错 1 处）",
    ]


def test_ranking_initials_prefix_then_full_pinyin_prefix_then_from_a_syllable():
    # given items matching "dan" by initials (档案内容), full pinyin prefix (单位) and mid-name (社保单位)
    idx = _synthetic(("社保单位变更", (), ""), ("单位登记", (), ""), ("档案内容查询", (), ""))
    # when
    hits = idx.search("dan")
    # then
    assert [h.code for h in hits] == ["T-2", "T-1", "T-0"]
    assert hits[0].score > hits[1].score > hits[2].score


def test_ties_keep_catalogue_order(index):
    # when many names contain the query equally
    hits = index.search("申请", limit=100)
    # then they come in catalogue order
    expected = [i["code"] for i in ITEMS if "申请" in i["name"]]
    assert len(expected) > 5
    assert [h.code for h in hits[: len(expected)]] == expected


def test_department_filter_restricts_results(index):
    # given 申请 occurs in items of several departments
    everywhere = index.search("申请", limit=100)
    assert {h.code.split("-")[1] for h in everywhere} > {"MZ"}
    # when restricted to 民政 (MZ)
    hits = index.search("申请", department="MZ", limit=100)
    # then only MZ items remain, all of those found before
    assert hits and {h.code.split("-")[1] for h in hits} == {"MZ"}
    assert {h.code for h in hits} == {h.code for h in everywhere if "-MZ-" in h.code}


def test_life_event_filter_restricts_results(index):
    # given
    birth = {i["code"] for i in ITEMS if "birth" in i["life_events"]}
    assert "失业登记" in names(index.search("登记", limit=100))
    # when
    hits = index.search("登记", life_event="birth", limit=100)
    # then
    assert {"生育登记", "出生登记"} <= set(names(hits))
    assert {h.code for h in hits} <= birth


def test_terminal_filter_restricts_results(index):
    # given 居民身份证申领 cannot be done at a kiosk, 退役军人优待证申领 not on the PC site
    assert index.search("身份证")[0].code == "330106-GA-004"
    # when / then
    assert "330106-GA-004" not in [h.code for h in index.search("身份证", terminal="KIOSK")]
    assert index.search("身份证", terminal="COUNTER")[0].code == "330106-GA-004"
    on_pc = names(index.search("优待证", terminal="PC"))
    assert on_pc[0] == "老年人优待证办理" and "退役军人优待证申领" not in on_pc
    assert set(names(index.search("优待证", terminal="MOBILE"))) >= {"老年人优待证办理", "退役军人优待证申领"}


def test_filters_combine_and_unknown_values_find_nothing(index):
    # when
    both = index.search("补贴", department="CL", life_event="assistance")
    # then
    assert names(both) == ["困难残疾人生活补贴申请"]
    assert index.search("补贴", department="XX") == []
    assert index.search("补贴", terminal="FAX") == []


def test_empty_or_blank_query_returns_nothing(index):
    # when / then: the caller lists the catalogue instead
    for blank in ("", "   ", "\u3000\t\n"):
        assert index.search(blank) == []
    assert index.search("老年证", limit=0) == []


def test_limit_caps_the_results(index):
    # given a broad query
    assert len(index.search("l", limit=100)) > 3
    # when / then
    assert len(index.search("l", limit=3)) == 3


def test_every_hit_explains_why_it_matched(index):
    # when queries of every kind are run
    queries = [
        "老年证", "lnr", "laonianren", "老年人优代证", "laonianrem", "现场制证", "医保", "shenqing", "登记",
    ]
    for query in queries:
        hits = index.search(query)
        # then each hit carries a short Chinese explanation
        assert hits, query
        assert all(h.matched and len(h.matched) <= 30 for h in hits), (query, hits)


def test_polyphones_match_the_usual_reading_first_and_the_others_too(index):
    # given 重度残疾人护理补贴申请, whose 重 reads zhong here (and chong elsewhere)
    severe = "330106-CL-003"
    usual, other, spelled = index.search("zdcj"), index.search("cdcj"), index.search("chongdu")
    # then all find it as a reading, not as a typo correction, the usual reading scoring higher
    assert usual[0].code == other[0].code == spelled[0].code == severe
    assert (usual[0].matched, other[0].matched, spelled[0].matched) == ("拼音首字母", "拼音首字母", "拼音")
    assert usual[0].score > other[0].score


def test_a_mixed_query_of_characters_and_pinyin_is_read_as_pinyin(index):
    # when
    hits = index.search("老年ren")
    # then
    assert hits[0].code == ELDERLY_CARD


def test_search_never_converts_documents_to_pinyin(index, monkeypatch):
    # given pypinyin is unavailable once the index is built
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("pypinyin called at query time")

    monkeypatch.setattr(search_module, "lazy_pinyin", boom)
    monkeypatch.setattr(search_module, "pinyin", boom)
    # when / then pinyin, initials and typo queries still work
    for query in ("lnr", "laonianren", "laonianrem", "老年人优代证"):
        assert index.search(query)[0].code == ELDERLY_CARD


def test_concurrent_searches_agree_with_sequential_ones(index):
    # given
    queries = ["lnr", "老年证", "申请", "shenqing", "laonianrem", "登记", "yibao", "残疾"] * 25
    expected = [index.search(q) for q in queries]
    # when
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(index.search, queries))
    # then
    assert got == expected


def test_documents_and_hits_are_immutable_and_codes_unique(index):
    # given
    hit = index.search("老年证")[0]
    doc = _doc(ITEMS[0], 0)
    # then
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.score = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.name = "x"  # type: ignore[misc]
    with pytest.raises(ValueError):
        ItemSearchIndex([doc, doc])


def test_search_module_pulls_in_neither_web_layers_nor_the_database():
    # given the module imported in a clean interpreter
    code = (
        "import sys, resolvers.catalog.search\n"
        "print(','.join(sorted(m for m in sys.modules\n"
        "    if m.split('.')[0] in ('strawberry', 'starlette', 'tortoise', 'hub'))))\n"
    )
    # when
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
