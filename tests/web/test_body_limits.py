"""Request bodies are limited while they are read: a 60 MB body, a 50 MB variables object and
500,000 variable keys are refused (413 / 400) before anything is parsed or executed, and the
hub never reads the rest of an oversized body."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from hub.web.app import create_app
from hub.web.limits import BodyLimit, Limit, count_variables
from tests.conftest import GQL, hub_server, test_settings

MB = 1024 * 1024
CHUNK = 64 * 1024


class Feeder:
    """An ASGI ``receive`` that hands out ``total`` bytes in chunks, counting what was taken."""

    def __init__(self, total: int, head: bytes = b"") -> None:
        self.total, self.head, self.taken = total, head, 0

    async def __call__(self) -> dict[str, Any]:
        if self.taken >= self.total:
            return {"type": "http.disconnect"}
        size = min(CHUNK, self.total - self.taken)
        body = (self.head + b" " * CHUNK)[:size] if self.taken == 0 else b" " * size
        self.taken += size
        return {"type": "http.request", "body": body, "more_body": self.taken < self.total}


async def call(app, path: str, feeder: Feeder, headers: list[tuple[bytes, bytes]] | None = None):
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "server": ("hub.test", 80), "client": ("10.9.0.1", 1234),
             "headers": [(b"host", b"hub.test"), (b"content-type", b"application/json"),
                         *(headers or [])]}
    await app(scope, feeder, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


def reason(body: dict) -> str:
    """The refusal's own code, under the request error's BAD_USER_INPUT."""
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    return error["extensions"]["reason"]


@pytest.fixture
async def app(database: str, tmp_path: Path):
    return create_app(test_settings(database, data_dir=tmp_path), manage_db=False)


async def test_a_60_mb_body_is_refused_after_the_first_megabyte_without_content_length(app):
    feeder = Feeder(60 * MB, b'{"query":"{ departments { code } }","variables":{"x":"')
    status, headers, body = await call(app, "/graphql", feeder)
    assert status == 413
    assert orjson.loads(body) == {"errors": [{"message": "请求内容超过 1 MB 上限", "extensions": {
        "code": "BAD_USER_INPUT", "reason": "BODY_TOO_LARGE"}}]}
    assert headers[b"connection"] == b"close"
    # the hub stopped pulling at the chunk that crossed the limit: the rest was never read
    assert feeder.taken <= MB + CHUNK


async def test_a_declared_content_length_over_the_limit_is_refused_before_reading(app):
    feeder = Feeder(60 * MB)
    status, _, body = await call(app, "/graphql", feeder, [(b"content-length", b"62914560")])
    assert status == 413 and "上限" in orjson.loads(body)["errors"][0]["message"]
    assert feeder.taken == 0


async def test_exports_and_uploads_have_their_own_limits(app):
    transport = httpx.ASGITransport(app=app, client=("10.9.0.5", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        gql = GQL(http)
        await gql.login("zhuren", "demo1234")
    signed_in = [(b"authorization", f"Bearer {gql.token}".encode())]
    # an export reads up to 20 MB (its old check after reading everything is now this one)
    feeder = Feeder(21 * MB)
    status, _, body = await call(app, "/export/csv", feeder, signed_in)
    assert status == 413 and orjson.loads(body)["error"] == "导出内容过大"
    assert feeder.taken <= 20 * MB + CHUNK
    # a material file says so with the upload's own code
    status, _, body = await call(app, "/case-files", Feeder(21 * MB),
                                 [(b"content-length", str(21 * MB).encode())])
    assert status == 413 and orjson.loads(body) == {"error": "文件超过 20 MB 上限",
                                                    "code": "FILE_TOO_LARGE"}
    # under the upload limit, a body larger than /graphql's is still read by the endpoint
    # (which then asks for a login)
    feeder = Feeder(2 * MB)
    status, _, _ = await call(app, "/case-files", feeder)
    assert status == 401


async def test_graphql_bodies_under_the_limit_still_work(app):
    transport = httpx.ASGITransport(app=app, client=("10.9.0.2", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        gql = GQL(http)
        padding = "x" * (MB - 1000)  # just under 1 MB in total
        r = await gql.post("query($p:String!){ item(code:$p){ name } }", {"p": padding})
        assert r.status_code == 200 and r.json()["data"] == {"item": None}, r.text


async def test_50_mb_of_variables_is_refused_with_413(app):
    transport = httpx.ASGITransport(app=app, client=("10.9.0.3", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        r = await GQL(http).post("query($p:String){ departments{ code } }", {"p": "x" * 50 * MB})
    assert r.status_code == 413 and reason(r.json()) == "BODY_TOO_LARGE"


async def test_500000_variable_keys_are_refused_before_execution(app):
    transport = httpx.ASGITransport(app=app, client=("10.9.0.4", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        gql = GQL(http)
        query = "query($v:Boolean=false){ departments @skip(if:$v){ code } }"
        # 500,000 keys: over the body limit already
        many = {f"k{i}": 0 for i in range(500_000)}
        assert (await gql.post(query, many)).status_code == 413
        # 500,000 list items fit in 1 MB: refused by the variables cap, before execution
        r = await http.post("/graphql", content=b'{"query":"' + query.encode() + b'",'
                            b'"variables":{"v":[' + b",".join([b"0"] * 500_000) + b"]}}",
                            headers={"content-type": "application/json"})
        assert r.status_code == 400 and r.headers["content-type"].startswith("application/json")
        assert r.json() == {"errors": [{"message": "变量过多：variables 中的键与列表项合计不得超过 1000 个",
                                        "extensions": {"code": "BAD_USER_INPUT"}}]}
        # as are 1,001 keys nested in objects (counted at any depth)
        nested = {"v": {"a": {f"k{i}": i for i in range(1001)}}}
        r = await gql.post(query, nested)
        assert r.status_code == 400 and "1000" in r.json()["errors"][0]["message"]
        # a thousand is fine (and the operation runs)
        ok = await gql.post(query, {"v": False, **{f"k{i}": i for i in range(999)}})
        assert ok.status_code == 200 and ok.json()["data"]["departments"], ok.text


def test_variables_are_counted_at_any_depth_and_the_count_stops_past_the_cap():
    assert count_variables(None, 10) == 0
    assert count_variables({"a": 1, "b": [1, 2, {"c": 3}]}, 100) == 6
    assert count_variables({"a": list(range(10**6))}, 1000) > 1000


async def test_limits_by_path_the_longest_prefix_wins():
    async def app(scope, receive, send) -> None:  # pragma: no cover - never reached here
        raise AssertionError

    limit = BodyLimit(app, default=10, limits=[Limit("/a", 20), Limit("/a/b", 30)])
    assert limit.limit_for("/a/b/c").max_bytes == 30
    assert limit.limit_for("/a/x").max_bytes == 20
    assert limit.limit_for("/z").max_bytes == 10


@pytest.fixture(scope="module")
def real_hub(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory):
    with hub_server(sqlite_template, tmp_path_factory.mktemp("body-limits")) as base:
        yield base


def test_a_real_server_answers_413_and_closes_while_a_chunked_60_mb_body_is_still_coming(real_hub):
    host, port = real_hub.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n" % CHUNK + b" " * CHUNK + b"\r\n"
        try:
            while sent < 60 * MB:
                s.sendall(chunk)
                sent += CHUNK
        except (BrokenPipeError, ConnectionResetError):
            pass
        s.settimeout(5)
        answer = b""
        deadline = time.monotonic() + 5
        try:
            while time.monotonic() < deadline:
                data = s.recv(65536)
                if not data:
                    break  # the server closed the connection
                answer += data
        except (ConnectionResetError, TimeoutError):
            pass
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"server: uvicorn" not in answer.lower()
    # the sender was cut off long before 60 MB (socket buffers hold a few megabytes at most)
    assert sent < 30 * MB


async def test_the_public_response_cache_does_not_read_past_the_limit_either(database, tmp_path):
    # the anonymous cache reads the body first (to key it): the same guard applies there
    app = create_app(test_settings(database, data_dir=tmp_path, public_cache_seconds=10),
                     manage_db=False)
    feeder = Feeder(60 * MB, b'{"query":"{ departments { code } }","x":"')
    status, _, body = await call(app, "/graphql", feeder)
    assert status == 413 and reason(orjson.loads(body)) == "BODY_TOO_LARGE"
    assert feeder.taken <= MB + CHUNK
