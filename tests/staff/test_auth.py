"""Login, tokens, lockout, password change, role and scope checks."""

import pytest

from hub.core.models import Staff
from hub.core.models.enums import Role
from tests.factories import PASSWORD, make_staff

pytestmark = pytest.mark.both_databases

ME = "{ me{ username name roles roleLabels servicePoint{ code } department{ code } } }"


async def test_login_returns_a_token_that_identifies_me(gql):
    payload = await gql.login("admin", "admin123")
    assert payload["errors"] == [] and payload["staff"]["name"] == "系统管理员"
    me = (await gql(ME))["data"]["me"]
    assert me["username"] == "admin" and me["roleLabels"] == ["系统管理员"]


async def test_wrong_password_and_unknown_user_get_the_same_chinese_error(gql):
    bad = await gql.login("admin", "wrong-pass1")
    unknown = await gql.login("nobody", "wrong-pass1")
    assert bad["token"] is None and bad["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert bad["errors"] == unknown["errors"]
    assert bad["errors"][0]["message"] == "用户名或密码错误"


async def test_anonymous_and_tampered_tokens_see_no_one(gql):
    assert (await gql(ME))["data"]["me"] is None
    await gql.login("admin", "admin123")
    gql.token = gql.token[:-2] + ("AA" if not gql.token.endswith("AA") else "BB")
    assert (await gql(ME))["data"]["me"] is None


async def test_five_failures_lock_the_account_even_for_the_right_password(gql):
    await make_staff("locky", Role.FRONT_DESK)
    for _ in range(5):
        assert (await gql.login("locky", "nope-1234"))["errors"][0]["code"] == "INVALID_CREDENTIALS"
    locked = await gql.login("locky", PASSWORD)
    assert locked["token"] is None and locked["errors"][0]["code"] == "LOCKED"
    assert "锁定" in locked["errors"][0]["message"]


async def test_a_success_resets_the_failure_count(gql):
    await make_staff("resetty", Role.FRONT_DESK)
    for _ in range(4):
        await gql.login("resetty", "nope-1234")
    assert (await gql.login("resetty", PASSWORD))["token"]
    assert (await Staff.get(username="resetty")).failed_logins == 0


async def test_one_client_spraying_logins_is_rate_limited(gql):
    codes = [(await gql.login(f"user{i}", "x-123456"))["errors"][0]["code"] for i in range(31)]
    assert codes[:30] == ["INVALID_CREDENTIALS"] * 30 and codes[30] == "RATE_LIMITED"


async def test_inactive_accounts_cannot_log_in(gql):
    await make_staff("gone", Role.FRONT_DESK)
    await Staff.filter(username="gone").update(active=False)
    assert (await gql.login("gone", PASSWORD))["errors"][0]["code"] == "INACTIVE"


CHANGE = """mutation($o:String!,$n:String!){ changePassword(input:{oldPassword:$o,newPassword:$n})
{ ok errors{ code field message } } }"""


async def test_changing_the_password_revokes_old_tokens(gql):
    await make_staff("changer", Role.FRONT_DESK)
    await gql.login("changer", PASSWORD)
    old_token = gql.token
    weak = (await gql(CHANGE, {"o": PASSWORD, "n": "short"}))["data"]["changePassword"]
    assert weak["ok"] is False and weak["errors"][0]["field"] == "newPassword"
    wrong = (await gql(CHANGE, {"o": "wrong-123", "n": "newpass123"}))["data"]["changePassword"]
    assert wrong["errors"][0]["field"] == "oldPassword"
    ok = (await gql(CHANGE, {"o": PASSWORD, "n": "newpass123"}))["data"]["changePassword"]
    assert ok == {"ok": True, "errors": []}
    gql.token = old_token
    assert (await gql(ME))["data"]["me"] is None
    assert (await gql.login("changer", "newpass123"))["token"]


async def test_change_password_needs_a_login(gql):
    body = await gql(CHANGE, {"o": "a", "n": "b"})
    assert body["data"] is None and body["errors"][0]["message"] == "请先登录"


STAFF = "query($p:String){ staffMembers(first:100, servicePointCode:$p){ edges{ node{ username } } } }"
CREATE = """mutation($i:CreateStaffInput!){ createStaff(input:$i){ staff{ username roles
servicePoint{ code } } errors{ code field message } } }"""


async def test_staff_lists_are_for_admins_and_supervisors_within_their_subtree(gql):
    await gql.login("qiantai", "demo1234")  # front desk
    denied = await gql(STAFF)
    assert denied["errors"][0]["message"].startswith("需要以下角色之一")
    await make_staff("street_boss", Role.SUPERVISOR, point_code="330106013")
    await gql.login("street_boss", PASSWORD)
    names = {e["node"]["username"] for e in (await gql(STAFF))["data"]["staffMembers"]["edges"]}
    assert "qiantai" in names and "admin" not in names  # admin sits at the district
    outside = await gql(STAFF, {"p": "330106004"})  # 西溪街道 is not under 文新街道
    assert outside["errors"][0]["message"] == "该服务点不在您的管辖范围内"


async def test_admin_creates_staff_with_validation(gql):
    await gql.login("admin", "admin123")
    good = {"username": "newbie", "name": "新人", "password": "welcome123",
            "roles": ["FRONT_DESK"], "servicePointCode": "330106013"}
    created = (await gql(CREATE, {"i": good}))["data"]["createStaff"]
    assert created["errors"] == [] and created["staff"]["servicePoint"]["code"] == "330106013"
    dup = (await gql(CREATE, {"i": good}))["data"]["createStaff"]
    assert dup["errors"][0]["code"] == "DUPLICATE" and dup["errors"][0]["field"] == "username"
    mixed = (await gql(CREATE, {"i": good | {"username": "dev1", "roles": ["KIOSK", "FRONT_DESK"]}}))
    assert mixed["data"]["createStaff"]["errors"][0]["field"] == "roles"
    nowhere = await gql(CREATE, {"i": good | {"username": "dev2", "servicePointCode": "999"}})
    assert nowhere["data"]["createStaff"]["errors"][0]["code"] == "NOT_FOUND"


async def test_supervisor_cannot_create_admins_or_staff_outside_scope(gql):
    await make_staff("boss2", Role.SUPERVISOR, point_code="330106013")
    await gql.login("boss2", PASSWORD)
    base = {"username": "x_admin", "name": "某人", "password": "welcome123",
            "roles": ["ADMIN"], "servicePointCode": "330106013"}
    assert (await gql(CREATE, {"i": base}))["errors"][0]["message"] == "只有系统管理员可以创建管理员账号"
    elsewhere = base | {"roles": ["FRONT_DESK"], "servicePointCode": "330106004"}
    assert (await gql(CREATE, {"i": elsewhere}))["errors"][0]["message"] == "该服务点不在您的管辖范围内"
    assert not await Staff.exists(username="x_admin")


async def test_a_successful_login_notifies_the_login_listeners_and_a_failed_one_does_not(gql):
    # given a listener of logins (as the whistle registers one from the composition root)
    from resolvers.staff import actions

    heard: list[tuple[int, frozenset[Role]]] = []

    async def listener(staff_id: int, roles: frozenset[Role]) -> None:
        heard.append((staff_id, roles))

    desk = await make_staff("hooky", Role.FRONT_DESK, Role.EXPERT)
    with actions.logged_in.added(listener):
        # when a wrong password, then the right one, are tried
        await gql.login("hooky", "nope-1234")
        assert heard == []
        assert (await gql.login("hooky", PASSWORD))["token"]
    # then the listener heard the one success, with the account's roles
    assert heard == [(desk.id, frozenset({Role.FRONT_DESK, Role.EXPERT}))]
