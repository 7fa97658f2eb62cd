"""Production tells strangers nothing about the schema (issue 15, finding 8): `_service { sdl }`
for the gateway (shared secret) and administrators only; no "Did you mean" suggestions."""

import httpx
import pytest

from hub.web.app import create_app
from tests.conftest import test_settings

SECRET = "gateway-secret-for-tests"
SDL = "{ _service{ sdl } }"


@pytest.fixture
async def prod(database):
    app = create_app(test_settings(database, mode="prod", gateway_secret=SECRET), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        yield c


async def login(client: httpx.AsyncClient, username: str, password: str) -> str:
    r = await client.post("/graphql", json={
        "query": "mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ token } }",
        "variables": {"u": username, "p": password}})
    return r.json()["data"]["login"]["token"]


async def test_anonymous_and_staff_callers_get_no_sdl_in_production(prod):
    front_desk = await login(prod, "qiantai", "demo1234")
    for headers in ({}, {"x-gateway-secret": "guess"}, {"authorization": f"Bearer {front_desk}"}):
        r = await prod.post("/graphql", json={"query": SDL}, headers=headers)
        body = r.json()
        assert body["data"] is None, headers
        assert "mutation" not in r.text.lower() and "@key" not in r.text
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["errors"][0]["message"] == "仅网关或系统管理员可以读取服务描述"


async def test_the_gateway_and_administrators_get_the_sdl_in_production(prod):
    gateway = await prod.post("/graphql", json={"query": SDL}, headers={"x-gateway-secret": SECRET})
    assert "@key" in gateway.json()["data"]["_service"]["sdl"]
    admin = await login(prod, "admin", "admin123")
    r = await prod.post("/graphql", json={"query": SDL}, headers={"authorization": f"Bearer {admin}"})
    assert "type Mutation" in r.json()["data"]["_service"]["sdl"]


async def test_without_a_configured_secret_only_administrators_get_the_sdl(database):
    app = create_app(test_settings(database, mode="prod"), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        r = await c.post("/graphql", json={"query": SDL}, headers={"x-gateway-secret": ""})
        assert r.json()["data"] is None


async def test_production_suggests_no_field_names(prod, gql):
    r = await prod.post("/graphql", json={"query": "{ cas }"})
    message = r.json()["errors"][0]["message"]
    assert message == "Cannot query field 'cas' on type 'Query'."
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # development keeps helping
    assert "Did you mean" in (await gql("{ cas }"))["errors"][0]["message"]


async def test_development_serves_the_sdl_to_anyone(gql):
    assert "@key" in (await gql(SDL))["data"]["_service"]["sdl"]


def test_the_websocket_gives_no_sdl_either_in_production(database_url):
    from starlette.testclient import TestClient

    app = create_app(test_settings(database_url, mode="prod", gateway_secret=SECRET))
    with TestClient(app) as client, client.websocket_connect(
            "/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": SDL}})
        answer = ws.receive_json()
        assert "@key" not in str(answer)
        assert answer["payload"]["errors"][0]["extensions"]["code"] == "FORBIDDEN"
