"""Resident ID numbers (GB 11643): checksum, birth date, masking."""

from datetime import date

import pytest

from hub.core.errors import HubError
from hub.core.idcard import check_char, parse_id_number


def test_a_valid_number_gives_birth_date_sex_and_a_masked_form():
    number = parse_id_number(" 11010519491231002x ")  # the standard's own example
    assert number.value == "11010519491231002X"
    assert number.birth_date == date(1949, 12, 31) and number.female
    assert number.masked == "110105********002X"


@pytest.mark.parametrize(("raw", "message"), [
    ("11010519491231002", "身份证号码应为 18 位（最后一位可为 X）"),
    ("1101051949123100XX", "身份证号码应为 18 位（最后一位可为 X）"),
    ("110105194912310021", "身份证号码校验位不正确，请核对"),
    ("110105194902300023", "身份证号码中的出生日期无效"),
    ("110105209901010023", "身份证号码中的出生日期无效"),
])
def test_bad_numbers_say_what_is_wrong(raw, message):
    with pytest.raises(HubError) as e:
        parse_id_number(raw, "applicantIdNumber")
    assert e.value.message == message and e.value.field == "applicantIdNumber"


def test_the_check_character_follows_the_iso_7064_weights():
    assert check_char("11010519491231002") == "X"
    assert check_char("33010619580312024") == "5"
