"""管理驾驶舱: every figure against a small hand-computed fixture, scoping by role and subtree,
incremental rollups, the SQL cost of the dashboard.

The fixture (local Shanghai times, "today" frozen at 2026-11-30):

case  point       item, dept        channel  received     status, due day              ticket (w1)
C1    文新街道    RS-001 人社 即办  COUNTER  11-16 09:30  ISSUED at once, 11-16         09:00 09:10 09:30
C2    文新街道    RS-001 人社 即办  COUNTER  11-16 10:15  ISSUED at once, 11-16         10:00 10:04 10:10
C3    文新街道    YB-003 医保       COUNTER  11-02 14:20  ISSUED 11-12 late, 11-09 补件  14:00 14:02 14:20
C4    骆家庄社区  YB-003 医保       MOBILE   11-17 20:00  IN_REVIEW, 11-24 (overdue)    -
C5    石灰桥社区  MZ-002 民政       COUNTER  11-16 15:00  APPROVED 11-20, 12-14         14:30 14:50 15:00
C6    石灰桥社区  MZ-002 民政       COUNTER  11-17 09:05  SUPPLEMENT 补件, 11-20        -

Tickets without a case at 文新 window 2 on 11-16: one served (11:00 → 11:30 → 11:35), one
no-show (11:00 → 11:05). Ratings: C1 5 (11-16), C2 4 (11-16), C3 1 "等太久" (11-12, rectification
open, due 11-17), C5 2 (11-20, rectification done). Whistle at 文新 (人社): responses 30 s and
90 s, the second escalated.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from bench.querycount import count_queries
from hub.core.clock import SHANGHAI
from hub.core.models import (
    Case,
    CaseLog,
    Department,
    Evaluation,
    HelpCall,
    Item,
    Person,
    QueueCategory,
    Rectification,
    ServicePoint,
    Staff,
    Ticket,
    Window,
)
from hub.core.models.enums import Role
from resolvers.analytics import rollups
from resolvers.analytics import scope as scoping
from tests.factories import PASSWORD, make_staff

pytestmark = pytest.mark.both_databases

TODAY = date(2026, 11, 30)
NOV = {"dateFrom": "2026-11-01", "dateTo": "2026-11-30"}


def at(day: str, hm: str) -> datetime:
    """A local Shanghai time as UTC."""
    h, m = (int(x) for x in hm.split(":"))
    return datetime.combine(date.fromisoformat(day), time(h, m), SHANGHAI).astimezone(UTC)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoping, "now", lambda: at("2026-11-30", "16:00"))
    rollups.forget_refresh()


class Fixture:
    def __init__(self) -> None:
        self.seq = 0
        self.cases: dict[str, Case] = {}

    async def ticket(
        self,
        point: str,
        window_no: int,
        taken: datetime,
        called: datetime,
        finished: datetime | None,
        status: str = "DONE",
    ) -> Ticket:
        sp = await ServicePoint.get(code=point)
        cat = await QueueCategory.filter(service_point=sp).first()
        if cat is None:
            cat = await QueueCategory.create(service_point=sp, prefix="Z", name="综合受理")
        window = await Window.get(service_point=sp, number=window_no)
        self.seq += 1
        day = taken.astimezone(SHANGHAI).date()
        return await Ticket.create(
            service_point=sp,
            category=cat,
            queue=cat,
            day=day,
            seq=self.seq,
            number=f"Z{self.seq:03d}",
            status=status,
            rank_at=taken,
            taken_at=taken,
            window=window,
            called_at=called,
            serving_at=called,
            finished_at=finished,
            nonce=f"n{self.seq}",
        )

    async def case(
        self,
        name: str,
        point: str,
        item_code: str,
        channel: str,
        submitted: datetime,
        status: str,
        due: str,
        *,
        decided: datetime | None = None,
        rounds: int = 0,
        ticket: Ticket | None = None,
    ) -> Case:
        sp = await ServicePoint.get(code=point)
        item = await Item.get(code=item_code)
        person = await Person.first()
        assert person is not None
        self.seq += 1
        c = await Case.create(
            number=f"T{self.seq:06d}",
            item=item,
            item_code=item.code,
            item_name=item.name,
            item_version=item.version,
            instant=item.kind == "INSTANT",
            department_id=item.department_id,  # type: ignore[attr-defined]
            decide_point=sp,
            decide_path=sp.path,
            service_point=sp,
            point_path=sp.path,
            channel=channel,
            ticket=ticket,
            person=person,
            applicant_name=person.name,
            status=status,
            supplement_round=rounds,
            submitted_at=submitted,
            accepted_at=submitted,
            due_on=date.fromisoformat(due),
            decided_at=decided,
            issued_at=decided if status == "ISSUED" else None,
        )
        self.cases[name] = c
        return c

    async def rate(
        self, case: Case, level: int, day: str, comment: str = "", rectification: str | None = None
    ) -> Evaluation:
        e = await Evaluation.create(
            case=case,
            service_point_id=case.service_point_id,  # type: ignore[attr-defined]
            department_id=case.department_id,
            level=level,  # type: ignore[attr-defined]
            comment=comment,
            channel="COUNTER",
            created_at=at(day, "17:00"),
        )
        if rectification:
            await Rectification.create(
                evaluation=e,
                service_point_id=case.service_point_id,  # type: ignore[attr-defined]
                due_on=date(2026, 11, 17),
                status=rectification,
                created_at=at(day, "17:00"),
            )
        return e


async def build() -> Fixture:
    f = Fixture()
    t1 = await f.ticket(
        "330106013", 1, at("2026-11-16", "09:00"), at("2026-11-16", "09:10"), at("2026-11-16", "09:30")
    )
    t2 = await f.ticket(
        "330106013", 1, at("2026-11-16", "10:00"), at("2026-11-16", "10:04"), at("2026-11-16", "10:10")
    )
    t3 = await f.ticket(
        "330106013", 1, at("2026-11-02", "14:00"), at("2026-11-02", "14:02"), at("2026-11-02", "14:20")
    )
    t5 = await f.ticket(
        "330106004053", 1, at("2026-11-16", "14:30"), at("2026-11-16", "14:50"), at("2026-11-16", "15:00")
    )
    await f.ticket(
        "330106013", 2, at("2026-11-16", "11:00"), at("2026-11-16", "11:30"), at("2026-11-16", "11:35")
    )
    await f.ticket("330106013", 2, at("2026-11-16", "11:00"), at("2026-11-16", "11:05"), None, "NO_SHOW")
    c1 = await f.case(
        "C1",
        "330106013",
        "330106-RS-001",
        "COUNTER",
        at("2026-11-16", "09:30"),
        "ISSUED",
        "2026-11-16",
        decided=at("2026-11-16", "09:30"),
        ticket=t1,
    )
    c2 = await f.case(
        "C2",
        "330106013",
        "330106-RS-001",
        "COUNTER",
        at("2026-11-16", "10:15"),
        "ISSUED",
        "2026-11-16",
        decided=at("2026-11-16", "10:15"),
        ticket=t2,
    )
    c3 = await f.case(
        "C3",
        "330106013",
        "330106-YB-003",
        "COUNTER",
        at("2026-11-02", "14:20"),
        "ISSUED",
        "2026-11-09",
        decided=at("2026-11-12", "10:00"),
        rounds=1,
        ticket=t3,
    )
    await f.case(
        "C4", "330106013005", "330106-YB-003", "MOBILE", at("2026-11-17", "20:00"), "IN_REVIEW", "2026-11-24"
    )
    c5 = await f.case(
        "C5",
        "330106004053",
        "330106-MZ-002",
        "COUNTER",
        at("2026-11-16", "15:00"),
        "APPROVED",
        "2026-12-14",
        decided=at("2026-11-20", "11:00"),
        ticket=t5,
    )
    await f.case(
        "C6",
        "330106004053",
        "330106-MZ-002",
        "COUNTER",
        at("2026-11-17", "09:05"),
        "SUPPLEMENT",
        "2026-11-20",
        rounds=1,
    )
    await f.rate(c1, 5, "2026-11-16")
    await f.rate(c2, 4, "2026-11-16")
    await f.rate(c3, 1, "2026-11-12", "等太久", rectification="OPEN")
    await f.rate(c5, 2, "2026-11-20", "态度一般", rectification="DONE")
    caller = await Staff.get(username="qiantai")
    rs = await Department.get(code="RS")
    wenxin = await ServicePoint.get(code="330106013")
    for i, (resp, escalated) in enumerate(((30, False), (90, True))):
        raised = at("2026-11-16", f"1{i}:00")
        await HelpCall.create(
            caller=caller,
            service_point=wenxin,
            point_path=wenxin.path,
            department=rs,
            question="问",
            status="RESOLVED",
            raised_at=raised,
            escalated_at=raised if escalated else None,
            response_seconds=resp,
            resolution_seconds=resp + 60,
        )
    return f


async def dashboard(
    gql: Any, selection: str, variables: dict | None = None, user: str = "zhuren", password: str = "demo1234"
) -> dict[str, Any]:
    await gql.login(user, password)
    body = await gql(
        "query($f: AnalyticsFilterInput){ analytics(filter: $f) { " + selection + " } }",
        {"f": variables if variables is not None else NOV},
    )
    assert "errors" not in body, body
    return body["data"]["analytics"]


async def test_summary_counts_rates_and_times(gql):
    # given the fixture
    await build()
    # when the district supervisor opens November
    a = await dashboard(
        gql,
        "summary { cases days instant instantRate decided firstTime firstTimeRate "
        "onTime late onTimeRate openOverdue ratings ratingAverage satisfactionRate unhappy "
        "times { count avgWait p50Wait p90Wait avgHandle } }",
    )
    s = a["summary"]
    # then: 6 cases on 3 days, 2 instant, 4 decided of which 3 without 补件, 3 on time and 1 late
    assert (s["cases"], s["days"], s["instant"], s["decided"], s["firstTime"]) == (6, 3, 2, 4, 3)
    assert s["instantRate"] == pytest.approx(2 / 6)
    assert s["firstTimeRate"] == pytest.approx(0.75)
    assert (s["onTime"], s["late"], s["onTimeRate"]) == (3, 1, 0.75)
    assert s["openOverdue"] == 1  # C4; C6 waits for a supplement
    assert (s["ratings"], s["ratingAverage"], s["satisfactionRate"], s["unhappy"]) == (4, 3.0, 0.5, 2)
    # waits of the 4 counter cases with tickets: 10, 4, 2, 20 minutes; handling 20, 6, 18, 10
    assert s["times"]["count"] == 4
    assert s["times"]["avgWait"] == 9.0
    assert s["times"]["avgHandle"] == 13.5
    # four visits: exact nearest-rank percentiles of the waits themselves (2, 4, 10, 20)
    assert s["times"]["p50Wait"] == 4.0
    assert s["times"]["p90Wait"] == 20.0


async def test_cases_by_dimension_and_over_time(gql):
    await build()
    a = await dashboard(
        gql,
        """
        channel: casesBy(dimension: CHANNEL) { key label count share }
        department: casesBy(dimension: DEPARTMENT) { label count }
        status: casesBy(dimension: STATUS) { key label count }
        point: casesBy(dimension: SERVICE_POINT) { label count }
        week: casesOverTime(granularity: WEEK) { key count }
        month: casesOverTime(granularity: MONTH) { key label count }
        day: casesOverTime { key count }""",
    )
    assert [(r["key"], r["label"], r["count"]) for r in a["channel"]] == [
        ("COUNTER", "窗口受理", 5),
        ("MOBILE", "掌上办", 1),
    ]
    assert a["channel"][0]["share"] == pytest.approx(5 / 6)
    assert sorted((r["label"], r["count"]) for r in a["department"]) == [
        ("人社", 2),
        ("医保", 2),
        ("民政", 2),
    ]
    assert {r["key"]: r["count"] for r in a["status"]} == {
        "ISSUED": 3,
        "IN_REVIEW": 1,
        "APPROVED": 1,
        "SUPPLEMENT": 1,
    }
    assert sorted((r["label"], r["count"]) for r in a["point"]) == [
        ("文新街道", 3),
        ("石灰桥社区", 2),
        ("骆家庄社区", 1),
    ]
    # weeks start on Monday: 10-26 (covers 11-01), 11-02, 11-09, 11-16, 11-23, 11-30
    assert [(r["key"], r["count"]) for r in a["week"]] == [
        ("2026-10-26", 0),
        ("2026-11-02", 1),
        ("2026-11-09", 0),
        ("2026-11-16", 5),
        ("2026-11-23", 0),
        ("2026-11-30", 0),
    ]
    assert a["month"] == [{"key": "2026-11-01", "label": "2026-11", "count": 6}]
    assert len(a["day"]) == 30
    assert {r["key"]: r["count"] for r in a["day"] if r["count"]} == {
        "2026-11-02": 1,
        "2026-11-16": 3,
        "2026-11-17": 2,
    }


async def test_peaks_by_day_of_month_and_hour(gql):
    await build()
    a = await dashboard(
        gql, "peaksByDayOfMonth { key label values total } peaksByHour { key label values total }"
    )
    dom = {s["label"]: s for s in a["peaksByDayOfMonth"]}
    # each of the days 2, 16 and 17 occurs once with cases: averages are the counts
    assert dom["合计"]["values"][1] == 1 and dom["合计"]["values"][15] == 3 and dom["合计"]["values"][16] == 2
    assert sum(dom["合计"]["values"]) == 6
    assert dom["人社"]["values"][15] == 2 and dom["人社"]["total"] == 2
    assert dom["医保"]["values"][1] == 1 and dom["医保"]["values"][16] == 1
    hours = {s["label"]: s["values"] for s in a["peaksByHour"]}
    assert {h: v for h, v in enumerate(hours["合计"]) if v} == {9: 2, 10: 1, 14: 1, 15: 1, 20: 1}
    assert {h: v for h, v in enumerate(hours["民政"]) if v} == {9: 1, 15: 1}


async def test_waiting_times_per_window_point_and_item(gql):
    await build()
    a = await dashboard(
        gql,
        """
        windows { name servicePointName called served noShow days servedPerDay
                  times { count avgWait avgHandle } }
        byPoint: waitingTimes(by: SERVICE_POINT) { label times { count avgWait p90Wait } }
        byItem: waitingTimes(by: ITEM) { key label times { count avgWait p50Wait p90Wait avgHandle } }
        """,
    )
    wins = {(w["servicePointName"], w["name"]): w for w in a["windows"]}
    w1 = wins[("文新街道", "1号综合受理窗口")]
    assert (w1["called"], w1["served"], w1["noShow"], w1["days"], w1["servedPerDay"]) == (3, 3, 0, 2, 1.5)
    assert w1["times"]["avgWait"] == pytest.approx(5.3)  # (10 + 4 + 2) / 3
    w2 = wins[("文新街道", "2号综合受理窗口")]
    assert (w2["called"], w2["served"], w2["noShow"], w2["times"]["count"], w2["times"]["avgWait"]) == (
        2,
        1,
        1,
        1,
        30.0,
    )
    points = {r["label"]: r["times"] for r in a["byPoint"]}
    assert points["文新街道"]["count"] == 4 and points["文新街道"]["avgWait"] == 11.5  # 10, 4, 2, 30
    assert points["石灰桥社区"]["avgWait"] == 20.0
    items = {r["label"]: r["times"] for r in a["byItem"]}
    rs = items[(await Item.get(code="330106-RS-001")).name]
    # RS-001: waits 10 and 4 → avg 7.0, exact p50 4.0 and p90 10.0; handling (20 + 6) / 2
    assert (rs["avgWait"], rs["p50Wait"], rs["p90Wait"], rs["avgHandle"]) == (7.0, 4.0, 10.0, 13.0)


async def test_overdue_satisfaction_rectifications_and_whistle(gql):
    f = await build()
    a = await dashboard(
        gql,
        """
        overdueCases { number itemName department servicePointName statusLabel dueOn daysOverdue }
        satisfaction { key label count share }
        unhappyRatings { level levelLabel comment servicePointName caseNumber rectification }
        openRectifications { servicePointName levelLabel comment caseNumber dueOn overdue }
        whistle { key label calls answered escalated avgResponseSeconds p50ResponseSeconds p90ResponseSeconds
                  avgResolutionSeconds }""",
    )
    assert a["overdueCases"] == [
        {
            "number": f.cases["C4"].number,
            "itemName": f.cases["C4"].item_name,
            "department": "医保",
            "servicePointName": "骆家庄社区",
            "statusLabel": "审批中",
            "dueOn": "2026-11-24",
            "daysOverdue": 6,
        }
    ]
    assert [(r["label"], r["count"]) for r in a["satisfaction"]] == [
        ("非常满意", 1),
        ("满意", 1),
        ("基本满意", 0),
        ("不满意", 1),
        ("非常不满意", 1),
    ]
    assert a["satisfaction"][0]["share"] == 0.25
    assert [(r["level"], r["comment"], r["caseNumber"], r["rectification"]) for r in a["unhappyRatings"]] == [
        (2, "态度一般", f.cases["C5"].number, "已整改回访"),
        (1, "等太久", f.cases["C3"].number, "整改中"),
    ]
    assert a["openRectifications"] == [
        {
            "servicePointName": "文新街道",
            "levelLabel": "非常不满意",
            "comment": "等太久",
            "caseNumber": f.cases["C3"].number,
            "dueOn": "2026-11-17",
            "overdue": True,
        }
    ]
    total = a["whistle"][0]
    assert total["key"] == "ALL"
    assert (total["calls"], total["answered"], total["escalated"]) == (2, 2, 1)
    assert (total["avgResponseSeconds"], total["p50ResponseSeconds"], total["p90ResponseSeconds"]) == (
        60.0,
        30.0,
        90.0,
    )
    assert total["avgResolutionSeconds"] == 120.0
    assert [r["label"] for r in a["whistle"][1:]] == ["人社"]


async def test_drill_down_district_street_community_window(gql):
    await build()
    district = await dashboard(
        gql,
        "scope { regionName parentCode } regions { code name isSelf hasChildren "
        "cases counterCases windows casesPerWindowDay onTimeRate ratings unhappy }",
    )
    assert district["scope"] == {"regionName": "西湖区", "parentCode": None}  # 杭州市 is above 王主任
    rows = {r["name"]: r for r in district["regions"]}
    assert set(rows) == {"文新街道", "西溪街道"} | {r for r in rows if rows[r]["cases"] == 0}
    assert rows["文新街道"]["cases"] == 4 and rows["文新街道"]["hasChildren"]
    assert rows["西溪街道"]["cases"] == 2 and rows["西溪街道"]["unhappy"] == 1
    # 文新: 3 counter cases over 3 window-days (w1 on 11-02 and 11-16, w2 on 11-16)
    assert (
        rows["文新街道"]["counterCases"],
        rows["文新街道"]["windows"],
        rows["文新街道"]["casesPerWindowDay"],
    ) == (3, 2, 1.0)
    street = await dashboard(
        gql,
        "scope { regionName parentCode } regions { code name isSelf cases }",
        {**NOV, "regionCode": "330106013"},
    )
    assert street["scope"] == {"regionName": "文新街道", "parentCode": "330106"}
    assert [(r["name"], r["isSelf"], r["cases"]) for r in street["regions"] if r["cases"]] == [
        ("文新街道（本级）", True, 3),
        ("骆家庄社区", False, 1),
    ]
    point = await dashboard(gql, "windows { name served }", {**NOV, "servicePointCode": "330106013"})
    assert sorted((w["name"], w["served"]) for w in point["windows"]) == [
        ("1号综合受理窗口", 3),
        ("2号综合受理窗口", 1),
    ]


async def test_filters_department_item_point_and_dates(gql):
    await build()
    by_dept = await dashboard(
        gql, "summary { cases } satisfaction { count }", {**NOV, "departmentCode": "MZ"}
    )
    assert by_dept["summary"]["cases"] == 2
    assert sum(r["count"] for r in by_dept["satisfaction"]) == 1
    by_item = await dashboard(gql, "summary { cases onTime }", {**NOV, "itemCode": "330106-YB-003"})
    assert by_item["summary"] == {"cases": 2, "onTime": 0}
    by_point = await dashboard(gql, "summary { cases }", {**NOV, "servicePointCode": "330106004053"})
    assert by_point["summary"]["cases"] == 2
    first_half = await dashboard(
        gql, "summary { cases } overdueCases { number }", {"dateFrom": "2026-11-01", "dateTo": "2026-11-15"}
    )
    assert first_half["summary"]["cases"] == 1
    assert first_half["overdueCases"] == []  # C4 was received on the 17th


async def test_staffing_advice_follows_the_numbers(gql):
    f = await build()
    # 杨家牌楼 on 11-16: six counter cases, all called at window 1 (its window 2 stayed shut)
    for i in range(6):
        t = await f.ticket(
            "330106009004",
            1,
            at("2026-11-16", f"09:{i}0"),
            at("2026-11-16", f"09:{i}5"),
            at("2026-11-16", f"09:{i}8"),
        )
        await f.case(
            f"Y{i}",
            "330106009004",
            "330106-RS-001",
            "COUNTER",
            at("2026-11-16", f"09:{i}8"),
            "ISSUED",
            "2026-11-16",
            decided=at("2026-11-16", f"09:{i}8"),
            ticket=t,
        )
    # 人社 on the 3rd and 4th: one case each (so 人社 has 8 on the 16th against 1 on other days)
    for day in ("2026-11-03", "2026-11-04"):
        await f.case(
            f"R{day}",
            "330106013",
            "330106-RS-001",
            "PC",
            at(day, "10:00"),
            "ISSUED",
            day,
            decided=at(day, "10:00"),
        )
    a = await dashboard(
        gql,
        """staffingAdvice(threshold: 2) { threshold
        busyDays { servicePointName day cases windows perWindow }
        windows { servicePointName days busyDays dailyAverage windows perWindow busyDayCases suggestedWindows
                  extraWindows text }
        experts { departmentCode department firstDay lastDay peakAverage usualAverage factor extraWindows
                  text } }
        """,
    )
    adv = a["staffingAdvice"]
    # only 杨家牌楼 on 11-16 exceeds 2 cases per open window: 6 cases, 1 window
    assert adv["busyDays"] == [
        {"servicePointName": "杨家牌楼社区", "day": "2026-11-16", "cases": 6, "windows": 1, "perWindow": 6.0}
    ]
    # it has 2 windows; 6 cases / 2 per window → 3 windows, one more
    (w,) = adv["windows"]
    assert (
        w["servicePointName"],
        w["days"],
        w["busyDays"],
        w["windows"],
        w["busyDayCases"],
        w["suggestedWindows"],
        w["extraWindows"],
    ) == ("杨家牌楼社区", 1, 1, 2, 6, 3, 1)
    assert "建议增设 1 个综合窗口" in w["text"]
    # 人社 per day of month: 16th 8 (C1, C2, six at 杨家牌楼), 3rd 1, 4th 1 → usual (8 + 1 + 1) / 3
    rs = [e for e in adv["experts"] if e["departmentCode"] == "RS"]
    assert len(rs) == 1
    assert (rs[0]["firstDay"], rs[0]["lastDay"], rs[0]["peakAverage"]) == (16, 16, 8.0)
    assert rs[0]["usualAverage"] == pytest.approx(3.3)
    assert rs[0]["extraWindows"] == 3  # ceil((8 - 10/3) / 2)
    assert "人社：每月 16 日" in rs[0]["text"] and "人社骨干到综合窗口支援" in rs[0]["text"]


async def test_today_is_live_from_the_source_tables(gql):
    f = await build()
    now = at("2026-11-30", "16:00")
    t = await f.ticket(
        "330106013", 1, at("2026-11-30", "09:00"), at("2026-11-30", "09:06"), at("2026-11-30", "09:20")
    )
    await f.ticket("330106013", 1, at("2026-11-30", "15:50"), now, None, "WAITING")
    await Ticket.filter(status="WAITING").update(called_at=None, window_id=None)
    await f.case(
        "T1",
        "330106013",
        "330106-RS-001",
        "COUNTER",
        at("2026-11-30", "09:20"),
        "ISSUED",
        "2026-11-30",
        decided=at("2026-11-30", "09:20"),
        ticket=t,
    )
    a = await dashboard(gql, "today { day cases tickets waiting served avgWait openWindows }")
    assert a["today"] == {
        "day": "2026-11-30",
        "cases": 1,
        "tickets": 2,
        "waiting": 1,
        "served": 1,
        "avgWait": 6.0,
        "openWindows": 1,
    }


async def test_rollups_follow_changes_after_the_first_refresh(gql):
    f = await build()
    a = await dashboard(gql, "summary { cases onTime openOverdue }")
    assert a["summary"] == {"cases": 6, "onTime": 3, "openOverdue": 1}
    # the back office decides C4 on time's far side (11-27, due 11-24) — with its case log row
    c4 = f.cases["C4"]
    await Case.filter(id=c4.id).update(status="ISSUED", decided_at=at("2026-11-27", "10:00"))
    await CaseLog.create(
        case=c4, at=at("2026-11-30", "15:59"), action="decide", actor_name="系统", channel="COUNTER"
    )
    # and a new case arrives on an earlier day (online, filed on the 10th, logged now)
    c7 = await f.case(
        "C7",
        "330106013",
        "330106-RS-001",
        "PC",
        at("2026-11-10", "08:00"),
        "ISSUED",
        "2026-11-10",
        decided=at("2026-11-10", "08:00"),
    )
    await CaseLog.create(
        case=c7, at=at("2026-11-30", "15:59"), action="intake", actor_name="申请人", channel="PC"
    )
    rollups.forget_refresh()
    b = await dashboard(gql, "summary { cases onTime late openOverdue }")
    assert b["summary"] == {"cases": 7, "onTime": 4, "late": 2, "openOverdue": 0}


async def test_only_supervisors_and_administrators_of_the_subtree(gql):
    await build()
    # a front-desk member is refused
    await gql.login("qiantai", "demo1234")
    body = await gql("{ analytics { summary { cases } } }")
    assert body["data"] is None and "需要以下角色之一" in body["errors"][0]["message"]
    # the district supervisor may not look above the district
    await gql.login("zhuren", "demo1234")
    body = await gql('{ analytics(filter: {regionCode: "330100"}) { summary { cases } } }')
    assert "不在您的管辖范围内" in body["errors"][0]["message"]
    # a street supervisor (西溪街道) sees only the street, by default and when asking
    await make_staff("xixi", Role.SUPERVISOR, point_code="330106004")
    a = await dashboard(
        gql,
        "scope { regionName parentCode } summary { cases } overdueCases { number }",
        user="xixi",
        password=PASSWORD,
    )
    assert a["scope"] == {"regionName": "西溪街道", "parentCode": None}
    assert a["summary"]["cases"] == 2 and a["overdueCases"] == []
    body = await gql('{ analytics(filter: {regionCode: "330106013"}) { summary { cases } } }')
    assert "不在您的管辖范围内" in body["errors"][0]["message"]
    body = await gql('{ analytics(filter: {servicePointCode: "330106013005"}) { summary { cases } } }')
    assert "不在您的管辖范围内" in body["errors"][0]["message"]
    # an administrator of the district sees it all
    a = await dashboard(gql, "summary { cases }", user="admin", password="admin123")
    assert a["summary"]["cases"] == 6
    # anonymous callers get nothing
    gql.token = None
    body = await gql("{ analytics { summary { cases } } }")
    assert body["data"] is None


async def test_bad_filters_are_chinese_errors(gql):
    await gql.login("zhuren", "demo1234")
    body = await gql(
        '{ analytics(filter: {dateFrom: "2026-11-30", dateTo: "2026-11-01"}) { summary { cases } } }'
    )
    assert body["errors"][0]["message"] == "开始日期不能晚于结束日期"
    body = await gql('{ analytics(filter: {itemCode: "NOPE"}) { summary { cases } } }')
    assert body["errors"][0]["message"] == "事项 NOPE 不存在"


async def test_the_whole_dashboard_costs_a_fixed_number_of_queries(gql):
    await build()
    await gql.login("zhuren", "demo1234")
    query = """query($f: AnalyticsFilterInput){ analytics(filter: $f) {
        scope { regionName } summary { cases } casesOverTime { count } casesBy(dimension: ITEM) { count }
        regions { cases } windows { served } peaksByDayOfMonth { total } peaksByHour { total }
        waitingTimes(by: ITEM) { key } overdueCases { number } satisfaction { count }
        unhappyRatings { level } openRectifications { dueOn } whistle { calls }
        staffingAdvice { threshold } today { cases } } }"""
    assert "errors" not in await gql(query, {"f": NOV})  # the first call builds the rollups
    with count_queries() as statements:
        body = await gql(query, {"f": NOV})
    assert "errors" not in body
    # viewer 1, scope 2 (region, parent); the rollups were refreshed moments ago (no refresh);
    # figures: summary 3, over time 1, by item 2, regions 4, windows 2, day of month 2, hour 2,
    # waits 2, overdue 1, satisfaction 1, unhappy 1, rectifications 1, whistle 2, advice 7, today 2;
    # and the exact times of a small sample: summary, regions, windows and waits one each
    assert len(statements) == PINNED_QUERIES, "\n".join(statements)


PINNED_QUERIES = 41


async def test_tables_export_as_csv_and_xlsx(gql):
    from io import BytesIO
    from zipfile import ZipFile

    table = {
        "filename": "差评/列表",
        "columns": ["服务点", "件数", "备注"],
        "rows": [["杨家牌楼社区", 255, "=1+1"], ["文新街道", 3.5, None]],
    }
    # anonymous: refused
    response = await gql.http.post("/export/csv", json=table)
    assert response.status_code == 401
    await gql.login("zhuren", "demo1234")
    headers = {"authorization": f"Bearer {gql.token}"}
    response = await gql.http.post("/export/csv", json=table, headers=headers)
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig").splitlines() == [
        "服务点,件数,备注",
        "杨家牌楼社区,255,'=1+1",
        "文新街道,3.5,",
    ]
    assert (
        "filename*=UTF-8''%E5%B7%AE%E8%AF%84_%E5%88%97%E8%A1%A8.csv"
        in response.headers["content-disposition"]
    )
    response = await gql.http.post("/export/xlsx", json=table, headers=headers)
    assert response.status_code == 200
    with ZipFile(BytesIO(response.content)) as z:
        shared = z.read("xl/sharedStrings.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "杨家牌楼社区" in shared and "'=1+1" in shared
    assert "<v>255</v>" in sheet and "<v>3.5</v>" in sheet
    bad = await gql.http.post("/export/xlsx", json={"columns": [], "rows": []}, headers=headers)
    assert bad.status_code == 400 and "columns" in bad.text


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised():
    from resolvers.analytics.export import parse_table, to_csv

    cells = ["=HYPERLINK(\"http://x\")", "+1+cmd", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1",
             "\t5", "-3.5", "+7", "普通文字", "a=b"]
    _, columns, rows = parse_table({"columns": ["c"] * len(cells), "rows": [cells]})
    assert rows[0] == ["'=HYPERLINK(\"http://x\")", "'+1+cmd", "'-2+3", "'@SUM(A1)", "'\t=1+1",
                       "'\r=1+1", "'\t5", "-3.5", "+7", "普通文字", "a=b"]
    text = to_csv(columns, rows).decode("utf-8-sig")
    assert "'\t=1+1" in text and "'\r=1+1" in text


def test_month_parts_cover_the_range_with_whole_months_and_edge_days():
    from resolvers.analytics.figures import month_parts

    d = date
    assert month_parts(d(2025, 12, 3), d(2026, 12, 2)) == [
        ("stat_case_item_day", d(2025, 12, 3), d(2025, 12, 31)),
        ("stat_case_item_month", d(2026, 1, 1), d(2026, 11, 30)),
        ("stat_case_item_day", d(2026, 12, 1), d(2026, 12, 2)),
    ]
    assert month_parts(d(2026, 11, 1), d(2026, 11, 30)) == [
        ("stat_case_item_month", d(2026, 11, 1), d(2026, 11, 30))
    ]
    assert month_parts(d(2026, 11, 5), d(2026, 11, 30)) == [
        ("stat_case_item_day", d(2026, 11, 5), d(2026, 11, 30))
    ]
    assert month_parts(d(2026, 2, 1), d(2026, 3, 10)) == [
        ("stat_case_item_month", d(2026, 2, 1), d(2026, 2, 28)),
        ("stat_case_item_day", d(2026, 3, 1), d(2026, 3, 10)),
    ]


async def test_per_item_figures_read_whole_months_and_edge_days_alike(gql):
    await build()
    # October 15 .. November 30: the October days from the daily rows, November from the month
    wide = {"dateFrom": "2026-10-15", "dateTo": "2026-11-30"}
    a = await dashboard(
        gql,
        "casesBy(dimension: ITEM) { key count } waitingTimes(by: ITEM) { key times { count avgWait } }",
        wide,
    )
    b = await dashboard(
        gql,
        "casesBy(dimension: ITEM) { key count } waitingTimes(by: ITEM) { key times { count avgWait } }",
        {"dateFrom": "2026-11-10", "dateTo": "2026-11-30"},
    )  # days only
    assert {r["key"]: r["count"] for r in a["casesBy"]} == {
        "330106-RS-001": 2,
        "330106-YB-003": 2,
        "330106-MZ-002": 2,
    }
    assert {r["key"]: r["count"] for r in b["casesBy"]} == {
        "330106-RS-001": 2,
        "330106-YB-003": 1,
        "330106-MZ-002": 2,
    }
    assert sorted((r["times"]["count"], r["times"]["avgWait"]) for r in a["waitingTimes"]) == [
        (1, 2.0),
        (1, 20.0),
        (2, 7.0),
    ]


def test_percentiles_are_exact_on_small_samples_and_bounded_by_the_average_on_histograms():
    from resolvers.analytics.figures import TimeStat, percentile
    from resolvers.analytics.samples import Sample

    # three waits of a few seconds (issue 16: came out as avg 0.0, p50 0.5, p90 0.9)
    row = {"n_timed": 3, "wait_sum": 9, "handle_sum": 600, "w0": 3, "s0": 0, "s5": 3}
    exact = TimeStat.of(row, Sample(waits=[2, 3, 4], handles=[180, 200, 220]))
    assert (exact.avg_wait, exact.p50_wait, exact.p90_wait) == (0.1, 0.1, 0.1)
    assert (exact.avg_handle, exact.p50_handle, exact.p90_handle) == (3.3, 3.3, 3.7)
    # the same from the histogram alone: never above what the average allows
    estimated = TimeStat.of(row)
    assert estimated.p50_wait is not None and estimated.p50_wait <= 2 * 9 / 3 / 60 + 0.05
    assert estimated.p90_wait is not None and estimated.p90_wait <= 10 * 9 / 3 / 60 + 0.05
    # a large histogram keeps its interpolation where the average allows it
    assert percentile([0, 0, 0, 100] + [0] * 12, 0.5, mean=4.0) == 4.0  # [3, 5): 3 + 2 * 0.5
    assert percentile([100] + [0] * 15, 0.5, mean=0.0) == 0.0
