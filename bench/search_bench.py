"""In-process figures for the item search index (`python -m bench.search_bench`).

Builds 2,000 items (the 45 demo items plus seeded, realistic local variants of them), times the index
build, then runs a fixed mix of queries once each — the first run of a query is what a citizen gets,
so nothing is warmed up — and prints latency percentiles. Figures only: it never asserts on timing.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from pypinyin import Style, lazy_pinyin

from hub.demo.load import demo_served_items
from resolvers.catalog.search import ItemSearchIndex, SearchDoc

ROOT = Path(__file__).resolve().parent.parent
TOTAL = 2000
SEED = 20261122
TARGET_P95_MS = 5.0

PLACES = [
    "文新街道", "北山街道", "西溪街道", "灵隐街道", "翠苑街道", "古荡街道", "留下街道", "转塘街道",
    "蒋村街道", "三墩镇", "双浦镇", "上城区", "拱墅区", "滨江区", "萧山区", "余杭区", "临平区",
    "钱塘区", "富阳区", "临安区", "石灰桥社区", "紫荆花社区",
]
SUFFIXES = ["申请", "变更", "注销", "补办", "延续", "换领", "查询", "预约", "备案", "年审"]
ACTION = re.compile(r"(办理|申请|申领|登记|换领|预约|认定|采集|备案)$")
# plausible slips of the pen for the typo queries
TYPO_CHARS = "的地得在再己已代待证正申身请情领令记纪保报医依"


def terminals(channels: dict[str, Any]) -> frozenset[str]:
    out = {"COUNTER"} if channels["counter"] else set()
    return frozenset(out | {k.upper() for k in ("pc", "mobile", "kiosk") if channels[k] != "NONE"})


def build_docs(rng: random.Random) -> list[SearchDoc]:
    items = demo_served_items()
    docs = [
        SearchDoc(
            code=it["code"], name=it["name"], keywords=tuple(it["keywords"]), summary=it["summary"],
            department_code=it["department"], life_event_codes=frozenset(it["life_events"]),
            terminals=terminals(it["channels"]), sort=i,
        )
        for i, it in enumerate(items)
    ]
    seen = {d.name for d in docs}
    while len(docs) < TOTAL:
        base = rng.choice(docs[: len(items)])
        place, suffix = rng.choice(PLACES), rng.choice(SUFFIXES)
        stem = ACTION.sub("", base.name)
        name = rng.choice([f"{place}{stem}{suffix}", f"{stem}{suffix}（{place}）", f"{stem}{suffix}"])
        if name in seen:
            continue
        seen.add(name)
        keywords = (*base.keywords, place, f"{rng.choice(base.keywords)}{suffix}")
        docs.append(SearchDoc(
            code=f"{base.code}-{len(docs):04d}", name=name, keywords=keywords,
            summary=f"{place}：{base.summary}", department_code=base.department_code,
            life_event_codes=base.life_event_codes, terminals=base.terminals, sort=len(docs),
        ))
    return docs


def typo(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    kind = rng.choice(["wrong", "missing", "extra"])
    if kind == "missing":
        return text[:i] + text[i + 1 :]
    ch = rng.choice(TYPO_CHARS if "\u4e00" <= text[0] <= "\u9fff" else "abcdefghijklmnopqrstuvwxyz")
    return text[:i] + ch + (text[i + 1 :] if kind == "wrong" else text[i:])


def build_queries(docs: list[SearchDoc], rng: random.Random) -> list[tuple[str, str, dict[str, Any]]]:
    """(category, text, filters): 75 queries of each of 8 kinds, 600 in all."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    departments = sorted({d.department_code for d in docs})
    events = sorted({e for d in docs for e in d.life_event_codes})
    for _ in range(75):
        doc = rng.choice(docs)
        syllables = lazy_pinyin(doc.name, style=Style.NORMAL)
        initials = "".join(lazy_pinyin(doc.name, style=Style.FIRST_LETTER))
        start = rng.randrange(max(1, len(doc.name) - 3))
        out += [
            ("汉字：名称或片段", rng.choice([doc.name, doc.name[:3], doc.name[start : start + 3]]), {}),
            ("汉字：关键词", rng.choice(doc.keywords), {}),
            ("全拼（含空格）", rng.choice(["", " "]).join(syllables[: rng.randint(2, 4)]), {}),
            ("拼音首字母", initials[: rng.randint(2, 5)], {}),
            ("汉字纠错", typo(doc.name[start : start + rng.randint(4, 6)], rng), {}),
            ("拼音纠错", typo("".join(syllables[:3]) if len("".join(syllables[:3])) >= 6
                              else "".join(syllables), rng), {}),
            ("筛选", rng.choice([doc.name[:2], "".join(syllables[:2]), "申请", "shenqing", "补贴"]),
             rng.choice([{"department": rng.choice(departments)}, {"life_event": rng.choice(events)},
                         {"terminal": rng.choice(["PC", "MOBILE", "KIOSK"])}])),
            ("宽泛：单字/单字母/常用词", rng.choice(["证", "申", "l", "s", "sq", "登记", "申领", "bt"]), {}),
        ]
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    rng = random.Random(SEED)
    docs = build_docs(rng)
    started = time.perf_counter()
    index = ItemSearchIndex(docs)
    build_ms = (time.perf_counter() - started) * 1000
    queries = build_queries(docs, rng)
    timings: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    found = 0
    for kind, text, filters in queries:
        started = time.perf_counter()
        hits = index.search(text, **filters)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        by_kind[kind].append(elapsed)
        found += bool(hits)
    p95 = percentile(timings, 95)
    print(f"documents: {len(index)}")
    print(f"index build: {build_ms:.0f} ms")
    print(f"queries: {len(queries)} (each run once, limit 20), {found} with at least one hit")
    print(
        f"per query: p50 {percentile(timings, 50):.3f} ms, p95 {p95:.3f} ms, "
        f"p99 {percentile(timings, 99):.3f} ms, max {max(timings):.3f} ms, "
        f"mean {statistics.fmean(timings):.3f} ms"
    )
    for kind, values in by_kind.items():
        print(f"  {kind}: p50 {percentile(values, 50):.3f} ms, p95 {percentile(values, 95):.3f} ms")
    print(f"p95 < {TARGET_P95_MS:g} ms: {'yes' if p95 < TARGET_P95_MS else 'NO'}")


if __name__ == "__main__":
    main()
