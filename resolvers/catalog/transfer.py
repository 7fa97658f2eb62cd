"""Import and export of the whole catalogue as one JSON or YAML file.

The file holds ``life_events`` and ``items`` (authored documents, variants as overrides). An
import adds or updates the items it lists and leaves the others alone; it is validated together
with the rest of the catalogue and is all-or-nothing (publishing.publish).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import yaml

from hub.core.clock import utcnow
from hub.core.models import CatalogRevision, LifeEvent
from resolvers.catalog import publishing
from resolvers.catalog.documents import STANDARD_ORDER, Doc

FORMATS = ("JSON", "YAML")
FILE_KIND = "onewindow-catalog"
MAX_IMPORT_BYTES = 5 * 1024 * 1024


@dataclass
class CatalogFile:
    life_events: list[Doc]
    items: dict[str, Doc]  # by code, the first of duplicates
    problems: list[str]  # of the file itself; reported together with the catalogue's


def parse(content: str, fmt: str) -> CatalogFile:
    """A catalogue file; CatalogInvalid when it cannot be read at all."""
    if len(content.encode()) > MAX_IMPORT_BYTES:
        raise publishing.CatalogInvalid([f"文件超过 {MAX_IMPORT_BYTES // 1024 // 1024} MB"])
    try:
        data = json.loads(content) if fmt == "JSON" else yaml.safe_load(content)
    except json.JSONDecodeError as e:
        raise publishing.CatalogInvalid([f"不是有效的 JSON：第 {e.lineno} 行第 {e.colno} 列，{e.msg}"]) from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "某处"
        raise publishing.CatalogInvalid([f"不是有效的 YAML：{where}格式错误"]) from e
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise publishing.CatalogInvalid(["文件须是一个对象，并含有 items 列表"])
    problems: list[str] = []
    events = data.get("life_events") or []
    if not isinstance(events, list) or not all(_has(e, "code", "name") for e in events):
        problems.append("life_events 须是列表，每项含 code 和 name")
        events = []
    items: dict[str, Doc] = {}
    for i, item in enumerate(data["items"]):
        if not _has(item, "code"):
            problems.append(f"第 {i + 1} 个事项：缺少编码 code")
        else:
            items.setdefault(item["code"], item)
    codes = Counter(item.get("code") for item in data["items"] if isinstance(item, dict))
    problems += [f"事项 {code}：编码在文件中重复 {n} 次" for code, n in codes.items() if code and n > 1]
    return CatalogFile(events, items, problems)


def _has(value: Any, *keys: str) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(k), str) and value[k] for k in keys)


async def import_catalog(file: CatalogFile, author: str, note: str = "") -> publishing.PublishResult:
    return await publishing.publish(
        file.items, author=author, kind="IMPORT", note=note or "导入目录文件",
        life_events=file.life_events, file_problems=file.problems,
    )


async def export_catalog(fmt: str) -> str:
    heads = await publishing.heads()
    items = sorted((h.document for h in heads.values()),
                   key=lambda d: (STANDARD_ORDER.get(d["standard"], 9), d["code"]))
    revision = await CatalogRevision.all().order_by("-id").first().values("id")
    data = {
        "kind": FILE_KIND,
        "revision": revision["id"] if revision else 0,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "life_events": await LifeEvent.all().values("code", "name", "description", "sort"),
        "items": items,
    }
    if fmt == "JSON":
        return json.dumps(data, ensure_ascii=False, indent=2)
    return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=120)


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated values out in full: a clerk reading the file should not meet &id001 anchors."""

    def ignore_aliases(self, data: object) -> bool:
        return True
