"""GraphQL over HTTP: encoding, methods, media types, limits, production hardening."""

import re

import httpx
import pytest

from bench.querycount import count_queries
from hub.web.app import create_app
from tests.conftest import test_settings

GRAPHQL_RESPONSE = "application/graphql-response+json"
GATEWAY_SECRET = "gateway-secret-for-tests"


async def test_responses_are_utf8_with_chinese_unescaped(gql):
    response = await gql.post('{ item(code:"330106-YB-001"){ name } }')
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert "城乡居民医疗保险参保登记".encode() in response.content
    assert b"\\u" not in response.content


async def test_get_serves_queries_but_never_mutations(gql):
    ok = await gql.http.get("/graphql", params={"query": "{ departments{ code } }"})
    assert ok.status_code == 200 and ok.json()["data"]["departments"]
    mutation = 'mutation{ login(input:{username:"admin",password:"admin123"}){ token } }'
    refused = await gql.http.get("/graphql", params={"query": mutation})
    assert refused.status_code == 405


async def test_graphql_response_media_type_gets_400_for_request_errors(gql):
    for query, variables in (("{ nope }", None), ("{ items(", None),
                             ("query($n:Int!){ items(first:$n){ totalCount } }", {"n": "x"})):
        r = await gql.post(query, variables, accept=GRAPHQL_RESPONSE)
        assert r.status_code == 400, query
        assert r.headers["content-type"].startswith(GRAPHQL_RESPONSE)
        assert "data" not in r.json() and r.json()["errors"]
        legacy = await gql.post(query, variables, accept="application/json")
        assert legacy.status_code == 200 and legacy.json()["errors"]


async def test_graphql_response_media_type_keeps_200_for_field_errors(gql):
    r = await gql.post("{ staffMembers{ edges{ cursor } } }", accept=GRAPHQL_RESPONSE)
    assert r.status_code == 200 and r.json()["errors"][0]["message"] == "请先登录"


async def test_batched_requests_are_refused(gql):
    r = await gql.http.post("/graphql", json=[{"query": "{ departments{ code } }"}] * 2)
    assert r.status_code == 400


async def test_depth_alias_and_token_limits(gql):
    deep = "{ servicePoints{ " + "children{ " * 12 + "code" + " }" * 12 + " } }"
    assert "exceeds maximum operation depth" in (await gql(deep))["errors"][0]["message"]
    aliases = "{ " + " ".join(f"a{i}: departments{{ code }}" for i in range(31)) + " }"
    assert "aliases" in (await gql(aliases))["errors"][0]["message"]
    tokens = "{ departments{ " + "code " * 2100 + "} }"
    assert "token" in (await gql(tokens))["errors"][0]["message"].lower()


async def test_health_and_readiness(gql):
    assert (await gql.http.get("/healthz")).json() == {"status": "ok"}
    assert (await gql.http.get("/readyz")).json()["database"] == "ok"


async def test_frontend_routes_fall_back_to_the_app_shell(gql):
    r = await gql.http.get("/guide/items/330106-YB-001")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert (await gql.http.get("/assets/no-such-chunk.js")).status_code == 404


@pytest.fixture
async def prod(database):
    app = create_app(test_settings(database, mode="prod", gateway_secret=GATEWAY_SECRET), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        yield c


async def test_production_mode_hides_introspection_and_graphiql(prod):
    r = await prod.post("/graphql", json={"query": "{ __schema{ types{ name } } }"})
    assert "introspection" in r.json()["errors"][0]["message"].lower()
    ide = await prod.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 404
    sdl = await prod.post("/graphql", json={"query": "{ _service{ sdl } }"},
                          headers={"x-gateway-secret": GATEWAY_SECRET})
    assert "@key" in sdl.json()["data"]["_service"]["sdl"]  # the gateway still composes


async def test_production_mode_masks_unexpected_errors_but_not_user_messages(prod, monkeypatch):
    from resolvers.catalog import actions

    async def boom(*args, **kwargs):
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(actions, "list_items", boom)
    r = await prod.post("/graphql", json={"query": "{ items(first:1){ totalCount } }"})
    assert r.json()["errors"][0]["message"] == "服务器内部错误"
    assert "hunter2" not in r.text
    r = await prod.post("/graphql", json={"query": "{ staffMembers{ edges{ cursor } } }"})
    assert r.json()["errors"][0]["message"] == "请先登录"


async def test_development_mode_serves_graphiql(gql):
    ide = await gql.http.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200 and "/graphiql/graphiql.min.js" in ide.text
    assert not re.findall(r'(?:src|href)="https?://', ide.text), "every IDE asset is local"


async def test_me_costs_one_query_per_request(gql):
    await gql.login("admin", "admin123")
    with count_queries() as statements:
        body = await gql("{ me{ name roles } }")
    assert body["data"]["me"]["name"] == "系统管理员"
    assert len(statements) == 2, statements  # the viewer, then the staff row for the type
