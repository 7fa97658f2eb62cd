"""PDFs and exports off the event loop, in the small render pool (issue 15: CPU-heavy work in a
bounded thread pool): four one-time notices at once render at most ``HUB_RENDER_THREADS`` at
a time, never on the loop's thread, and ``/healthz`` keeps answering meanwhile."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest

from hub.core import workers
from hub.web.endpoints import export, notice
from tests.conftest import healthz_during

ANSWERS = json.dumps({"marriage": "mainland", "household": "other", "remarried": True})


def spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> dict[str, Any]:
    """Replace ``module.name`` by a wrapper recording the threads it ran in and how many ran
    at once."""
    seen: dict[str, Any] = {"threads": [], "running": 0, "most": 0}
    real: Callable[..., Any] = getattr(module, name)
    lock = threading.Lock()

    def recording(*args: Any) -> Any:
        with lock:
            seen["threads"].append(threading.current_thread().name)
            seen["running"] += 1
            seen["most"] = max(seen["most"], seen["running"])
        try:
            return real(*args)
        finally:
            with lock:
                seen["running"] -= 1

    monkeypatch.setattr(module, name, recording)
    return seen


async def test_healthz_answers_while_four_notices_render_two_at_a_time(gql, monkeypatch):
    seen = spy(monkeypatch, notice, "render_notice")
    responses, latencies, burst = await healthz_during(gql, asyncio.gather(*(
        gql.http.get("/notice/330106-WJ-001.pdf", params={"answers": ANSWERS}) for _ in range(4))))
    assert all(r.status_code == 200 and r.content.startswith(b"%PDF") for r in responses)
    assert len(seen["threads"]) == 4
    assert all(name.startswith("render") for name in seen["threads"]), set(seen["threads"])
    assert seen["most"] <= workers.rendering.threads == 2
    print(f"burst {burst:.2f} s, {len(latencies)} probes, max /healthz {max(latencies) * 1000:.0f} ms")
    # the loop answered throughout: many probes, none held for a large part of the burst
    assert len(latencies) >= 5
    assert max(latencies) < max(1.0, burst / 3)


async def test_exports_are_parsed_and_written_in_the_render_pool(gql, monkeypatch):
    seen = {kind: spy(monkeypatch, export, f"to_{kind}") for kind in ("csv", "xlsx")}
    await gql.login("zhuren", "demo1234")
    table = {"filename": "窗口工作量", "columns": ["窗口", "件数"], "rows": [["1号", 12], ["2号", 9]]}
    for kind in ("csv", "xlsx"):
        r = await gql.http.post(f"/export/{kind}", json=table,
                                headers={"authorization": f"Bearer {gql.token}"})
        assert r.status_code == 200, r.text
        assert [n.startswith("render") for n in seen[kind]["threads"]] == [True]
    # a table the page got wrong is still refused with a Chinese message
    bad = await gql.http.post("/export/csv", content=b"[1,", headers={
        "authorization": f"Bearer {gql.token}", "content-type": "application/json"})
    assert bad.status_code == 400 and bad.text == "导出内容须为 JSON"


def test_the_render_pool_size_is_a_setting():
    with pytest.raises(ValueError, match="HUB_RENDER_THREADS"):
        workers.rendering.configure(0)
    workers.rendering.configure(3)
    try:
        assert workers.rendering.executor()._max_workers == 3
    finally:
        workers.rendering.configure(2)
