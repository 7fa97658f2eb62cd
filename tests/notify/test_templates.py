"""Templates: only the event's variables, never an ID number; a new version per change and none
for the same wording saved again; SMS length with the signature, 70 in one, else parts of 67."""

from __future__ import annotations

import pytest

from hub.core.errors import HubError
from hub.core.models import NotifyTemplate
from hub.core.models.enums import NotifyChannel
from resolvers.notify import templates
from resolvers.notify.events import EVENTS

pytestmark = [pytest.mark.both_databases, pytest.mark.usefixtures("database")]


def test_sms_length_counts_the_signature_and_splits_at_seventy():
    assert templates.sms_size("字" * 64, "一窗受理") == templates.SmsSize(70, 1)  # 64 + 【一窗受理】
    assert templates.sms_size("字" * 65, "一窗受理") == templates.SmsSize(71, 2)
    assert templates.sms_size("字" * 128, "一窗受理") == templates.SmsSize(134, 2)  # 2 × 67
    assert templates.sms_size("字" * 129, "一窗受理") == templates.SmsSize(135, 3)


async def save(body: str, note: str = ""):
    return await templates.save("CASE_ACCEPTED", NotifyChannel.SMS, body, True, note, "管理员")


async def test_unknown_variables_and_id_numbers_are_refused_and_versions_count_changes():
    with pytest.raises(HubError) as unknown:
        await save("${name}的${idNumber}已受理")
    assert unknown.value.code == "INVALID" and "模板中有未知变量 ${idNumber}" in unknown.value.message
    assert "${name}" in unknown.value.message  # the allowed ones are listed
    with pytest.raises(HubError) as id_number:
        await save("330106195803120245 已受理")
    assert id_number.value.message == "模板中不得出现身份证号码"
    with pytest.raises(HubError) as open_brace:
        await save("${name 已受理")
    assert "未闭合" in open_brace.value.message
    assert await NotifyTemplate.all().count() == 0  # nothing written

    first = await save("${name}：${item}已受理", "改短")
    again = await save("${name}：${item}已受理")
    second = await save("${name}：${item}已受理。")
    assert (first.version, again.id, second.version) == (1, first.id, 2)
    now = await templates.current(None, EVENTS["CASE_ACCEPTED"], NotifyChannel.SMS)
    assert now is not None and (now.version, now.body) == (2, "${name}：${item}已受理。")
