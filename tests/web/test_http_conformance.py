"""GraphQL over HTTP request errors (issue 15, findings 11–13): refused before any cache or
execution, with a GraphQL error body and a code."""

import httpx
import pytest

from hub.web.app import create_app
from tests.conftest import test_settings

GRAPHQL_RESPONSE = "application/graphql-response+json"
PUBLIC = "{ departments{ code } }"


@pytest.fixture
async def cached(database):
    """The hub with the anonymous public cache on, as in production."""
    app = create_app(test_settings(database, public_cache_seconds=60), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        yield c


async def test_a_post_without_a_json_content_type_is_never_answered_from_the_cache(cached):
    # given the public query answered once, so it sits in the anonymous cache
    first = await cached.post("/graphql", json={"query": PUBLIC})
    assert first.status_code == 200 and first.json()["data"]["departments"]
    body = first.request.content
    # when the same bytes come without a content type, or with a non-JSON one
    for headers in ({"content-type": ""}, {"content-type": "text/plain"}):
        r = await cached.post("/graphql", content=body, headers=headers)
        # then the cache does not answer: the request is refused as not GraphQL over HTTP
        assert r.status_code != 200, headers
    # and the JSON request is still served from the cache
    assert (await cached.post("/graphql", json={"query": PUBLIC})).content == first.content


@pytest.mark.parametrize("accept", ["application/json", GRAPHQL_RESPONSE])
@pytest.mark.parametrize("name", [{"a": 1}, ["x"], 7, True])
async def test_a_non_string_operation_name_is_a_request_error(cached, gql, name, accept):
    for client in (cached, gql.http):  # with and without the anonymous cache
        r = await client.post("/graphql", json={"query": PUBLIC, "operationName": name},
                              headers={"accept": accept})
        assert r.status_code == 400, r.text
        assert r.headers["content-type"].startswith(accept)
        body = r.json()
        assert "data" not in body
        assert body["errors"][0]["message"] == "operationName 必须是字符串或 null"
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_several_operations_without_a_name_are_a_request_error(gql):
    document = "query A { departments{ code } } query B { lifeEvents{ code } }"
    r = await gql.http.post("/graphql", json={"query": document})
    assert r.status_code == 400
    assert "operationName" in r.json()["errors"][0]["message"]
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # with a name, the named one runs
    named = await gql.http.post("/graphql", json={"query": document, "operationName": "B"})
    assert named.status_code == 200 and "lifeEvents" in named.json()["data"]
    # over GET too
    get = await gql.http.get("/graphql", params={"query": document})
    assert get.status_code == 400


async def test_a_subscription_over_plain_http_is_a_request_error(gql):
    subscription = 'subscription { hallEvents(servicePointCode:"330106013"){ cursor } }'
    for accept in ("application/json", GRAPHQL_RESPONSE):
        r = await gql.http.post("/graphql", json={"query": subscription}, headers={"accept": accept})
        assert r.status_code == 400, r.text
        error = r.json()["errors"][0]
        assert "WebSocket" in error["message"] and error["extensions"]["code"] == "BAD_USER_INPUT"
    # a subscription named among queries is refused too; the query beside it still runs
    document = subscription.replace("subscription {", "subscription S {") + " query Q { departments{ code } }"
    r = await gql.http.post("/graphql", json={"query": document, "operationName": "S"})
    assert r.status_code == 400
    ok = await gql.http.post("/graphql", json={"query": document, "operationName": "Q"})
    assert ok.status_code == 200 and ok.json()["data"]["departments"]


@pytest.mark.parametrize(("request_args", "status", "message"), [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400,
     "请求体不是有效的 JSON"),
    ({"json": {"variables": {}}}, 400, "请求中没有 GraphQL 查询（query）"),
    ({"json": {"query": PUBLIC, "variables": [1]}}, 400, "variables 必须是对象或 null"),
    ({"content": b"query", "headers": {"content-type": "text/plain"}}, 400,
     "不支持的 Content-Type，请以 application/json 提交"),
])
async def test_every_request_error_is_one_json_shape_in_chinese(gql, request_args, status, message):
    # strawberry's own refusals (once plain English text) come in the GraphQL-over-HTTP shape
    for accept in ("application/json", GRAPHQL_RESPONSE):
        r = await gql.http.post("/graphql", headers={"accept": accept, **request_args.get("headers", {})},
                                **{k: v for k, v in request_args.items() if k != "headers"})
        assert r.status_code == status and r.headers["content-type"].startswith(accept), r.text
        assert r.json() == {"errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}
    # a mutation over GET: 405, same shape
    mutation = 'mutation { login(input:{username:"a",password:"b"}){ token } }'
    r = await gql.http.get("/graphql", params={"query": mutation})
    assert r.status_code == 405
    assert r.json()["errors"][0] == {"message": "只能使用 POST 提交变更（mutation）",
                                     "extensions": {"code": "BAD_USER_INPUT"}}
