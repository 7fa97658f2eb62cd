"""Every top-level error carries extensions.code; parse errors are in Chinese (issue 15, 18)."""

import httpx
import pytest

from hub.web.app import create_app
from hub.web.graphql_errors import TOP_LEVEL_CODES
from tests.conftest import test_settings


def only_error(body: dict) -> dict:
    assert len(body["errors"]) == 1, body
    error = body["errors"][0]
    assert error["extensions"]["code"] in TOP_LEVEL_CODES
    return error


async def test_not_logged_in_is_unauthenticated(gql):
    error = only_error(await gql("{ staffMembers{ edges{ cursor } } }"))
    assert (error["message"], error["extensions"]["code"]) == ("请先登录", "UNAUTHENTICATED")
    error = only_error(await gql("{ myCases{ number } }"))
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_logged_in_without_the_role_is_forbidden(gql):
    await gql.login("board01", "demo1234")
    error = only_error(await gql("{ staffMembers{ edges{ cursor } } }"))
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"].startswith("需要以下角色之一")


async def test_a_failed_login_is_typed_and_an_out_of_range_day_count_too(gql):
    payload = await gql.login("qiantai", "wrong-password")
    assert payload["token"] is None and payload["errors"][0]["code"] == "INVALID_CREDENTIALS"
    error = only_error(await gql('{ workingDayDue(start:"2024-01-01", days:-1){ due } }'))
    assert error["message"] == "工作日数须在 0 到 3650 之间"
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "reason": "INVALID"}


async def test_unknown_things_are_not_found(gql):
    error = only_error(await gql('{ bundleChecklist(bundleCode:"NOPE"){ __typename } }'))
    assert error["extensions"]["code"] == "NOT_FOUND" and "不存在" in error["message"]


async def test_too_many_lookups_are_rate_limited(gql):
    query = '{ trackCase(number:"X", idNumber:"110101199003074514"){ number } }'
    codes = [only_error(b)["extensions"]["code"] if "errors" in b else None
             for b in [await gql(query) for _ in range(40)]]
    assert "RATE_LIMITED" in codes


@pytest.mark.parametrize("query, variables, wording", [
    ('{ workingDayDue(start:"2024-13-01", days:1){ __typename } }', None, "「2024-13-01」不是有效的日期"),
    ("query($d: Date!){ workingDayDue(start:$d, days:1){ __typename } }", {"d": "7月1日"},
     "变量 $d 的值无效：「7月1日」不是有效的日期"),
    ('{ workingDayDue(start:"2024-01-01", days:"x"){ __typename } }', None, "「x」不是有效的整数"),
    ("query($n:Int!){ items(first:$n){ totalCount } }", {"n": "x"}, "变量 $n 的值无效"),
    ("query($n:Int!){ items(first:$n){ totalCount } }", None, "变量 $n 的值无效：必须提供 Int! 类型的值"),
    ("{ items(", None, "查询语法错误"),
    ('{ workingDayDue(start:"2024-01-01", days:99999999999){ __typename } }', None,
     "「99999999999」超出整数范围（-2147483648 至 2147483647）"),
    ("query($n:Int!){ items(first:$n){ totalCount } }", {"n": 2**40}, "超出整数范围"),
    ("mutation($a:DateTime){ runCaseSweep(at:$a){ __typename } }", {"a": "昨天"},
     "变量 $a 的值无效：「昨天」不是有效的日期时间（ISO 8601 格式）"),
    ('mutation{ runCaseSweep(at:"2024-99-01T00:00"){ __typename } }', None,
     "「2024-99-01T00:00」不是有效的日期时间"),
])
async def test_parse_errors_are_bad_user_input_in_chinese(gql, query, variables, wording):
    error = only_error(await gql(query, variables))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert wording in error["message"], error["message"]


async def test_business_refusals_at_the_top_keep_their_own_code_as_the_reason(gql):
    await gql.login("qiantai", "demo1234")
    error = only_error(await gql('{ person(idNumber:"330106195803120244"){ name } }'))
    assert error["message"] == "身份证号码校验位不正确，请核对"
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["reason"] == "INVALID_ID_NUMBER"
    error = only_error(await gql('{ items(first:1, after:"garbage"){ totalCount } }'))
    extensions = error["extensions"]
    assert (extensions["code"], extensions["reason"]) == ("BAD_USER_INPUT", "INVALID_CURSOR")


@pytest.mark.parametrize("mode", ["dev", "prod"])
async def test_unexpected_failures_are_internal(database, monkeypatch, mode):
    from resolvers.catalog import actions

    async def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(actions, "list_items", boom)
    app = create_app(test_settings(database, mode=mode), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://h") as c:
        r = await c.post("/graphql", json={"query": "{ items(first:1){ totalCount } }"})
    assert only_error(r.json())["extensions"]["code"] == "INTERNAL"


async def test_a_logged_in_board_uploading_a_file_is_forbidden_not_unauthenticated(gql):
    anonymous = await gql.http.post("/case-files?filename=a.pdf", content=b"%PDF-1.4\n")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "UNAUTHENTICATED"
    await gql.login("board01", "demo1234")
    r = await gql.http.post("/case-files?filename=a.pdf", content=b"%PDF-1.4\n",
                            headers={"authorization": f"Bearer {gql.token}"})
    assert r.status_code == 403, r.text
    assert r.json() == {"error": "当前账号没有上传材料的权限", "code": "FORBIDDEN"}
