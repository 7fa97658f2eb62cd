"""Unified social credit codes (GB 32100-2015) with the organisation code check (GB 11714)."""

import pytest

from hub.core.errors import HubError
from resolvers.people.uscc import check_char, org_check_char, parse_uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_published_codes_are_valid(code):
    assert parse_uscc(code).value == code


def test_spaces_and_lower_case_are_forgiven_and_the_parts_are_named():
    parsed = parse_uscc(" 91350100m000100y43 ")
    assert (parsed.value, parsed.region_code, parsed.organisation_code) == (
        "91350100M000100Y43", "350100", "M000100Y4")


def test_a_code_built_from_its_parts_round_trips():
    org = "MA27Y5XX"
    first17 = "91330106" + org + org_check_char(org)
    assert parse_uscc(first17 + check_char(first17)).region_code == "330106"


@pytest.mark.parametrize(("code", "message"), [
    ("91350100M000100Y4", "统一社会信用代码应为 18 位"),
    ("91350100M0001O0Y43", "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）或格式不符"),
    ("91350100M000100Y44", "统一社会信用代码校验位不正确，请核对"),
    ("91350100M000100X43", "统一社会信用代码中的组织机构代码校验位不正确，请核对"),
])
def test_bad_codes_say_what_is_wrong(code, message):
    with pytest.raises(HubError) as caught:
        parse_uscc(code)
    assert (caught.value.code, caught.value.message, caught.value.field) == (
        "INVALID_CREDIT_CODE", message, "creditCode")
