"""The reference deployment (deploy/nginx): two hub instances behind Debian's nginx, sharing the
database and Redis. A journey over HTTP and websocket goes through nginx; the instance holding
the board is killed mid-way; the board reconnects through nginx to the other one and resumes by
cursor with nothing lost and nothing twice."""

from __future__ import annotations

import asyncio
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from hub.core.settings import ROOT
from tests.conftest import PROCESSES, _free_port, hub_process
from tests.realtime.test_two_instances import gql, login, next_event, sign_in_and_call, subscribe
from tests.services import need_nginx, need_redis

pytestmark = pytest.mark.both_databases  # and skipped on SQLite: see the fixture
SITE = ROOT / "deploy" / "nginx" / "onewindow-hub.conf"
TAKE = """mutation{ takeTicket(input:{servicePointCode:"330106013", prefix:"A"}){ ticket{ number } } }"""


def nginx_config(tmp: Path, listen: int, a: str, b: str) -> Path:
    """deploy/nginx's site as it is, pointed at this test's ports, inside a minimal nginx.conf."""
    site = SITE.read_text(encoding="utf-8")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    site = site.replace("127.0.0.1:8001", a.removeprefix("http://"))
    site = site.replace("127.0.0.1:8002", b.removeprefix("http://"))
    assert a.removeprefix("http://") in site and f":{listen};" in site
    (tmp / "site.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(f"    {kind}_temp_path {tmp}/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp / "nginx.conf"
    conf.write_text(f"""daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
{temp}
    include {tmp}/site.conf;
}}
""", encoding="utf-8")
    return conf


@pytest.fixture
def behind_nginx(db_backend: str, database_url: str, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    if db_backend != "postgres":  # the reference deployment's database; one run is enough
        pytest.skip("runs in the PostgreSQL pass (HUB_TEST_DATABASE=postgres)")
    need_redis()
    nginx = need_nginx()
    env = {"REDIS_URL": "redis://127.0.0.1:6379/0", "HUB_REDIS_NAMESPACE": f"test-{uuid.uuid4()}",
           "HUB_TRUSTED_PROXIES": "127.0.0.1"}
    for name in ("a", "b", "nginx"):
        (tmp_path / name).mkdir()
    with hub_process(database_url, tmp_path / "a", **env) as a, \
            hub_process(database_url, tmp_path / "b", **env) as b:
        port = _free_port()
        conf = nginx_config(tmp_path / "nginx", port, a, b)
        proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path / "nginx")],
                                stderr=subprocess.PIPE)
        front = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    if httpx.get(f"{front}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    if proc.poll() is not None:
                        raise RuntimeError(proc.stderr.read().decode()) from None
                    import time

                    time.sleep(0.1)
            yield front, a, b
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def board_connections(base: str) -> float:
    text = httpx.get(f"{base}/metrics", timeout=5).text  # loopback: allowed
    found = re.search(r"^owh_websocket_connections (\S+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


async def test_a_board_behind_nginx_survives_the_loss_of_its_instance(behind_nginx):
    front, a, b = behind_nginx
    async with httpx.AsyncClient(base_url=front, timeout=20) as http:
        # given a board, a kiosk and a counter, all through nginx
        assert (await http.get("/metrics")).status_code == 404  # kept inside
        kiosk, desk, board = (await login(http, "kiosk01"), await login(http, "qiantai"),
                              await login(http, "board01"))
        start = (await gql(http, '{ hall(servicePointCode:"330106013"){ cursor } }'))["hall"]["cursor"]
        ws = await subscribe(front, board, start)
        await gql(http, TAKE, token=kiosk)
        await sign_in_and_call(http, desk)
        assert (await next_event(ws))["kind"] == "TAKEN"
        called = await next_event(ws)
        assert called["kind"] == "CALLED" and called["call"]["number"] == "A001"
        last = called["cursor"]

        # when the instance holding the board dies
        holder = a if board_connections(a) == 1 else b
        assert board_connections(b if holder == a else a) == 0
        PROCESSES[holder].kill()
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 10)
        # and the hall goes on meanwhile, through nginx (to the survivor)
        taken = [(await gql(http, TAKE, token=kiosk))["takeTicket"]["ticket"]["number"] for _ in range(3)]
        # then the board reconnects through nginx and gets exactly what it missed, then live events
        ws = await subscribe(front, board, last)
        missed = [await next_event(ws) for _ in range(3)]
        assert [e["cursor"] for e in missed] == [last + 1, last + 2, last + 3]
        assert [e["kind"] for e in missed] == ["TAKEN"] * 3 and taken == ["A002", "A003", "A004"]
        again = await gql(http, "mutation{ recallTicket{ ticket{ number } errors{ message } } }", token=desk)
        assert again["recallTicket"]["errors"] == [], again
        live = await next_event(ws)
        assert live["cursor"] == last + 4 and live["kind"] == "RECALLED"
        assert live["call"]["number"] == "A001"
        with pytest.raises(TimeoutError):  # and nothing twice
            await next_event(ws, wait=1)
        await ws.close()
