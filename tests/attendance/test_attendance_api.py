"""人员考勤 over GraphQL and through its rules on a real database: the hall QR code, clocking in
and out, reports for staff and supervisors, and on_duty for routing."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from hub.core.clock import SHANGHAI, local_date
from hub.core.models import Attendance, Staff
from hub.core.models.enums import AttendanceMark as M
from hub.core.models.enums import Role
from resolvers.attendance import clocking as attendance
from resolvers.attendance.clockcodes import ClockCodeSigner
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, make_staff
from tests.training.training_support import viewer_of

pytestmark = pytest.mark.both_databases

SIGNER = ClockCodeSigner(TEST_SECRET)
WENXIN = "330106013"  # 文新街道, where the demo front desk works
BEISHAN = "330106001"  # 北山街道
CLOCK_IN = """mutation($t:String){ clockIn(token:$t){ alreadyClockedIn
  record{ day staffName servicePointName clockInAt clockInMethod clockOutAt marks markLabels lateMinutes }
  errors{ code field message } } }"""
CLOCK_OUT = """mutation($t:String){ clockOut(token:$t){ record{ clockOutAt clockOutMethod marks }
  errors{ code message } } }"""
CODE = """query($p:String!){ clockCode(servicePointCode:$p){ servicePointName url qrDataUrl expiresAt
  refreshSeconds } }"""


def sh(day: date, hh: int, mm: int) -> datetime:
    return datetime.combine(day, time(hh, mm), SHANGHAI).astimezone(UTC)


async def hall_token(gql, point: str = WENXIN) -> str:
    await gql.login("zhuren", "demo1234")
    body = await gql(CODE, {"p": point})
    gql.token = None
    return body["data"]["clockCode"]["url"].split("?t=")[1]


async def test_the_hall_shows_a_rotating_code_that_opens_the_phone_page(gql):
    # given the supervisor of 西湖区 (or the hall's board) asks for 文新街道's code
    await gql.login("board01", "demo1234")
    code = (await gql(CODE, {"p": WENXIN}))["data"]["clockCode"]
    # then it encodes the phone clock-in page and is refreshed every minute
    assert code["servicePointName"] == "文新街道"
    assert code["url"].startswith("http://hub.test/m/clock?t=")
    assert code["qrDataUrl"].startswith("data:image/svg+xml;base64,")
    assert code["refreshSeconds"] == 60
    # but a board may not show another point's code
    body = await gql(CODE, {"p": BEISHAN})
    assert "大厅屏幕" in body["errors"][0]["message"]


async def test_clocking_in_with_the_hall_code_and_twice_keeps_one_record(gql):
    token = await hall_token(gql)
    await gql.login("qiantai", "demo1234")
    first = (await gql(CLOCK_IN, {"t": token}))["data"]["clockIn"]
    assert first["errors"] == []
    assert first["record"]["clockInMethod"] == "QR"
    assert first["record"]["servicePointName"] == "文新街道"
    assert first["alreadyClockedIn"] is False
    # when the staff member clocks in again (the workbench button this time)
    again = (await gql(CLOCK_IN, {"t": None}))["data"]["clockIn"]
    # then nothing is duplicated and the first time stands
    assert again["alreadyClockedIn"] is True
    assert again["record"]["clockInAt"] == first["record"]["clockInAt"]
    staff = await Staff.get(username="qiantai")
    assert await Attendance.filter(staff_id=staff.id).count() == 1
    # and clocking out records the time
    out = (await gql(CLOCK_OUT, {"t": token}))["data"]["clockOut"]
    assert out["errors"] == [] and out["record"]["clockOutMethod"] == "QR"


async def test_a_code_of_another_service_point_is_refused_in_chinese(gql):
    token = await hall_token(gql, BEISHAN)
    await gql.login("qiantai", "demo1234")
    result = (await gql(CLOCK_IN, {"t": token}))["data"]["clockIn"]
    assert result["record"] is None
    assert result["errors"] == [{
        "code": "WRONG_POINT", "field": "token",
        "message": "该考勤二维码属于北山街道，您的考勤服务点是文新街道，请在本服务点扫码",
    }]


async def test_an_expired_or_forged_code_is_refused_in_chinese(gql):
    # given a code issued three minutes ago (each is good for two)
    staff = await Staff.get(username="qiantai")
    old = SIGNER.issue(staff.service_point_id, datetime.now(UTC) - timedelta(minutes=3)).token
    await gql.login("qiantai", "demo1234")
    expired = (await gql(CLOCK_IN, {"t": old}))["data"]["clockIn"]["errors"][0]
    assert expired["code"] == "CODE_EXPIRED"
    assert "已过期" in expired["message"]
    forged = (await gql(CLOCK_IN, {"t": old[:-3] + "abc"}))["data"]["clockIn"]["errors"][0]
    assert forged["code"] == "CODE_INVALID"
    assert "考勤二维码无效" in forged["message"]
    assert await Attendance.filter(staff_id=staff.id).count() == 0


async def test_clocking_out_before_in_and_device_accounts_are_refused(gql):
    await gql.login("qiantai", "demo1234")
    err = (await gql(CLOCK_OUT))["data"]["clockOut"]["errors"][0]
    assert (err["code"], err["message"]) == ("NOT_CLOCKED_IN", "今天尚未签到，不能签退")
    await gql.login("kiosk01", "demo1234")
    err = (await gql(CLOCK_IN))["data"]["clockIn"]["errors"][0]
    assert err["message"] == "设备账号不参加考勤"


async def test_a_month_of_attendance_across_lunch_weekend_and_missing_clock_out(database):
    # given a staff member of 文新街道 in November 2026 (Mon 23 – Fri 27, weekend 28–29)
    person = await make_staff("kaoqin", Role.FRONT_DESK)
    await Staff.filter(id=person.id).update(created_at=datetime(2026, 10, 8, tzinfo=UTC))
    me = await viewer_of(person)
    code = lambda now: SIGNER.issue(person.service_point_id, now).token  # noqa: E731
    days = {d: date(2026, 11, d) for d in range(23, 30)}

    async def clock(day: int, hh: int, mm: int, out: tuple[int, int] | None):
        now = sh(days[day], hh, mm)
        await attendance.clock_in(me, code(now), signer=SIGNER, now=now)
        if out:
            later = sh(days[day], *out)
            await attendance.clock_out(me, None, signer=SIGNER, now=later)

    await clock(23, 8, 58, (17, 2))  # normal
    await clock(24, 13, 40, (17, 0))  # came after lunch: 190 minutes late
    await clock(25, 9, 0, (11, 50))  # left before lunch: 220 minutes early
    await clock(26, 8, 50, None)  # forgot to clock out
    # 27 (Friday): absent; 28 (Saturday): worked a little, a rest day; 29: rest
    await clock(28, 9, 0, (10, 0))
    now = sh(date(2026, 11, 30), 8, 0)
    report = await attendance.month_report(me, "2026-11", None, None, now)
    marks = {line.day.day: line.verdict for line in report.lines if line.day.day >= 23}
    assert marks[23].marks == (M.NORMAL,)
    assert (marks[24].marks, marks[24].late) == ((M.LATE,), 190)
    assert (marks[25].marks, marks[25].early_leave) == ((M.EARLY_LEAVE,), 220)
    assert marks[26].marks == (M.MISSING_CLOCK_OUT,)
    assert (marks[27].marks, marks[27].absent) == ((M.ABSENT,), 390)
    assert marks[28].marks == marks[29].marks == (M.REST,)
    (_, totals), = report.people
    # November 2–20 had no clock-ins: 15 working days absent before the week above; Monday 30
    # (today, before opening) is a working day not yet judged
    assert totals.work_days == 21 and totals.attended_days == 4
    assert (totals.late_count, totals.late_minutes) == (1, 190)
    assert (totals.early_count, totals.early_minutes) == (1, 220)
    assert totals.missing_clock_out == 1 and totals.absent_days == 16


async def test_days_before_the_account_existed_are_not_absences(database):
    # given someone whose account was created on Wednesday 25 November 2026
    person = await make_staff("newcomer", Role.FRONT_DESK)
    await Staff.filter(id=person.id).update(created_at=sh(date(2026, 11, 25), 8, 0))
    report = await attendance.month_report(await viewer_of(person), "2026-11", None, None,
                                           sh(date(2026, 11, 26), 20, 0))
    marks = {line.day.day: line.verdict.marks for line in report.lines}
    # then the days before are 未入职, not 缺勤; from the first day on they count
    assert marks[24] == (M.NOT_STARTED,) and marks[2] == (M.NOT_STARTED,)
    assert marks[25] == marks[26] == (M.ABSENT,)
    (_, totals), = report.people
    assert (totals.work_days, totals.absent_days) == (2, 2)


async def test_supervisors_see_their_subtree_and_staff_only_themselves(gql):
    token = await hall_token(gql)
    await gql.login("qiantai", "demo1234")
    await gql(CLOCK_IN, {"t": token})
    day_query = """query($p:String,$s:ID){ attendanceDay(servicePointCode:$p, staffId:$s){
      staffName servicePointName marks clockInAt } }"""
    # the supervisor of 西湖区 sees 文新街道's staff, with 李晓敏 clocked in
    await gql.login("zhuren", "demo1234")
    rows = (await gql(day_query, {"p": WENXIN}))["data"]["attendanceDay"]
    names = {r["staffName"]: r for r in rows}
    assert names["李晓敏"]["clockInAt"] is not None
    assert "文新街道1号自助终端" not in names  # devices do not clock in
    # the staff member sees only their own day, and may not ask for others
    await gql.login("qiantai", "demo1234")
    own = (await gql(day_query))["data"]["attendanceDay"]
    assert [r["staffName"] for r in own] == ["李晓敏"]
    other = await Staff.get(username="shenpi")
    body = await gql(day_query, {"s": str(other.id)})
    assert body["errors"][0]["message"] == "只能查看本人的考勤"
    month = """query($m:String!){ attendanceMonth(month:$m){ people{ staffName totals{ workDays } }
      servicePoints{ servicePointName staffCount } } }"""
    today = local_date(datetime.now(UTC))
    report = (await gql(month, {"m": f"{today:%Y-%m}"}))["data"]["attendanceMonth"]
    assert [p["staffName"] for p in report["people"]] == ["李晓敏"]


async def test_on_duty_answers_who_is_clocked_in_at_a_moment(database):
    a = await make_staff("duty_a", Role.FRONT_DESK)
    b = await make_staff("duty_b", Role.FRONT_DESK)
    c = await make_staff("duty_c", Role.FRONT_DESK)
    day = date(2026, 11, 24)
    for person, out in ((a, None), (b, (12, 0))):
        now = sh(day, 9, 0)
        await attendance.clock_in(await viewer_of(person), None, signer=SIGNER, now=now)
        if out:
            await attendance.clock_out(await viewer_of(person), None, signer=SIGNER, now=sh(day, *out))
    ids = [a.id, b.id, c.id]
    assert await attendance.on_duty(ids, sh(day, 10, 0)) == {a.id, b.id}
    assert await attendance.on_duty(ids, sh(day, 14, 0)) == {a.id}
    assert await attendance.on_duty(ids, sh(day, 8, 0)) == set()
    assert await attendance.on_duty([], sh(day, 10, 0)) == set()


async def test_opening_hours_are_inherited_and_set_by_administrators(gql):
    query = """query($p:String!){ openingHours(servicePointCode:$p){ inherited text graceMinutes } }"""
    await gql.login("qiantai", "demo1234")
    hours = (await gql(query, {"p": WENXIN}))["data"]["openingHours"]
    assert hours == {"inherited": True, "text": "周一至周五 09:00–12:00、13:30–17:00", "graceMinutes": 0}
    save = """mutation($p:String!,$i:OpeningHoursInput!){ setOpeningHours(servicePointCode:$p, input:$i){
      openingHours{ inherited text } errors{ code message } } }"""
    await gql.login("admin", "admin123")
    weekly = {"1": [["08:30", "12:00"], ["13:30", "17:00"]], "6": [["09:00", "12:00"]]}
    saved = (await gql(save, {"p": WENXIN, "i": {"weekly": weekly, "graceMinutes": 5}}))["data"]
    assert saved["setOpeningHours"]["openingHours"] == {
        "inherited": False, "text": "周一 08:30–12:00、13:30–17:00；周六 09:00–12:00"}
    bad = (await gql(save, {"p": WENXIN, "i": {"weekly": {"1": [["12:00", "09:00"]]}}}))["data"]
    assert "结束时间须晚于开始时间" in bad["setOpeningHours"]["errors"][0]["message"]
    assert PASSWORD  # factories' password, used by other tests of this module


async def test_report_and_list_queries_cost_a_fixed_number_of_sql_statements(gql):
    from bench.querycount import count_queries

    for i in range(5):  # more people must not mean more queries
        await make_staff(f"many{i}", Role.FRONT_DESK)
    await gql.login("zhuren", "demo1234")
    today = local_date(datetime.now(UTC))
    month = f'attendanceMonth(month:"{today:%Y-%m}")'
    cases = {
        "{ attendanceDay{ staffName marks } }": 5,
        "{ " + month + "{ people{ staffName } servicePoints{ staffCount } } }": 5,
        "{ courses{ code materials{ title } completedAt completionCount } }": 5,
        "{ trainingSessions(includePast:true){ title attendees{ name } } }": 3,
    }
    for query, expected in cases.items():
        with count_queries() as statements:
            body = await gql(query)
        assert "errors" not in body, body
        assert len(statements) == expected, (query, statements)
