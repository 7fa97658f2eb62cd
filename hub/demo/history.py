"""A year of realistic history for the dashboard: ``python -m hub history --cases 1000000``.

Deterministic for a seed and end day. Shapes taken from the seeds: 人社 items peak around the
15th of each month (医保 mildly at the start of the month), 杨家牌楼社区 receives far more cases a
day than the other communities with the same two windows, nearly every case comes in at the hall
(10,673 of 10,705 in seed 000; a few by phone, PC, kiosk and grid worker), working days follow
the official calendar, mornings and early afternoons are busiest. Each counter case has a queue
ticket whose wait grows with the point's load that day; promised cases are decided mostly on
time, some late, some after a supplement round (补件); about 45 % are rated, mostly 非常满意,
and every 不满意 / 非常不满意 has a rectification task (recent ones still open). Whistle calls
go with the cases. Rows are written with executemany (SQLite) or COPY (PostgreSQL), then the
rollups are rebuilt.

Only for an empty case table: the generator refuses to mix with real cases.
"""

from __future__ import annotations

import math
import random
import string
import time
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any

from tortoise import connections

from hub.core.clock import SHANGHAI
from hub.core.errors import ErrorCode, HubError
from resolvers.analytics import rollups
from resolvers.analytics.sql import Dialect, dialect
from resolvers.calendar.workdays import WorkCalendar

CHANNEL_MIX = (("COUNTER", 0.9925), ("MOBILE", 0.0030), ("PC", 0.0010), ("KIOSK", 0.0020), ("GRID", 0.0015))
DEPARTMENT_SHARE = {
    "RS": 0.30,
    "YB": 0.24,
    "MZ": 0.12,
    "GA": 0.10,
    "WJ": 0.08,
    "CL": 0.05,
    "SJ": 0.05,
    "TY": 0.06,
}
HOUR_WEIGHTS = {9: 15, 10: 19, 11: 12, 13: 3, 14: 17, 15: 15, 16: 9}
LEVELS = ((5, 0.855), (4, 0.09), (3, 0.033), (2, 0.015), (1, 0.007))
BUSY_POINT = "330106009004"  # 杨家牌楼社区
LEVEL_WEIGHT = {"DISTRICT": 4.4, "STREET": 2.2, "COMMUNITY": 1.0, "CITY": 0.0}
# Items that often follow another for the same applicant (related items, 顺便办): of the
# applicants of the first, about this share file the second some days later, so that
# `python -m hub mine-relations` (run after the history) has a suggestion to show. The pair is not
# one of the curated demo relations (relations.json).
FOLLOW_UPS = {"330106-GA-003": ("330106-YB-001", 0.6)}  # 居住证申领 → 城乡居民医疗保险参保登记
FOLLOW_UP_DAYS = (1, 25)
QUEUE_OF_DEPARTMENT = {"RS": "A", "YB": "A", "MZ": "B", "CL": "B", "TY": "B", "GA": "C", "WJ": "D", "SJ": "D"}


@dataclass
class Counts:
    cases: int = 0
    tickets: int = 0
    ratings: int = 0
    rectifications: int = 0
    supplements: int = 0
    whistles: int = 0
    persons: int = 0
    seconds: float = 0.0

    def text(self) -> str:
        return (
            f"历史数据已生成：办件 {self.cases:,} 件，取号 {self.tickets:,} 张，评价 {self.ratings:,} 条"
            f"（整改 {self.rectifications:,} 项），补件 {self.supplements:,} 次，吹哨 {self.whistles:,} 次，"
            f"申请人 {self.persons:,} 人；用时 {self.seconds:.1f} 秒"
        )


def dom_factor(department: str, dom: int) -> float:
    """How much busier a department is on a day of the month than usual."""
    if department == "RS":
        return 1.0 + 1.3 * math.exp(-(((dom - 15) / 1.8) ** 2))
    if department == "YB":
        return 1.0 + 0.35 * math.exp(-(((dom - 3) / 2.0) ** 2))
    return 1.0


def _id_number(rng: random.Random, seq: int) -> str:
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 80))
    body = f"3399{seq // 1000:02d}{birth:%Y%m%d}{seq % 1000:03d}"  # 3399xx: no real region
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _utc(day: date, seconds: float) -> datetime:
    """Local day + seconds since local midnight, as a whole-second UTC datetime."""
    local = datetime.combine(day, dtime(0), SHANGHAI) + timedelta(seconds=int(seconds))
    return local.astimezone(UTC)


class _Writer:
    """Buffers rows per table and writes them in batches (executemany or COPY)."""

    def __init__(self, d: Dialect, columns: dict[str, Sequence[str]]) -> None:
        self.d = d
        self.columns = columns
        self.buffers: dict[str, list[tuple]] = defaultdict(list)

    async def add(self, table: str, row: tuple) -> None:
        buf = self.buffers[table]
        buf.append(row)
        if len(buf) >= 20_000:
            await self.flush()  # every table, parents first (foreign keys)

    async def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.columns):
            rows, self.buffers[name] = self.buffers[name], []
            if rows:
                await self._write(name, rows)

    async def _write(self, table: str, rows: list[tuple]) -> None:
        cols = self.columns[table]
        async with self.d.conn.acquire_connection() as raw:  # type: ignore[attr-defined]
            if self.d.pg:
                await raw.copy_records_to_table(table, records=rows, columns=list(cols))
            else:
                marks = ", ".join("?" for _ in cols)
                converted = [tuple(_sqlite_value(v) for v in r) for r in rows]
                await raw.execute("BEGIN")
                await raw.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", converted)
                await raw.execute("COMMIT")


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


COLUMNS: dict[str, Sequence[str]] = {
    "person": ("id", "id_number", "name", "phone", "address", "created_at", "updated_at"),
    "queue_category": (
        "id",
        "service_point_id",
        "prefix",
        "name",
        "department_codes",
        "daily_cap",
        "service_minutes",
        "slot_capacity",
        "sort",
        "active",
    ),
    "ticket": (
        "id",
        "service_point_id",
        "category_id",
        "queue_id",
        "day",
        "seq",
        "number",
        "person_id",
        "priority",
        "status",
        "rank_at",
        "taken_at",
        "channel",
        "window_id",
        "called_at",
        "recalls",
        "serving_at",
        "finished_at",
        "transfers",
        "nonce",
    ),
    "service_case": (
        "id",
        "number",
        "item_id",
        "item_code",
        "item_name",
        "item_version",
        "instant",
        "answers",
        "department_id",
        "decide_point_id",
        "decide_path",
        "service_point_id",
        "point_path",
        "finish_point_id",
        "channel",
        "ticket_id",
        "person_id",
        "applicant_name",
        "contact_phone",
        "status",
        "version",
        "offered_to_backup",
        "supplement_round",
        "submitted_at",
        "accepted_at",
        "promised_days",
        "legal_days",
        "due_on",
        "legal_due_on",
        "due_provisional",
        "paused_workdays",
        "decided_at",
        "decision_note",
        "issue_method",
        "delivery_address",
        "issued_at",
        "created_at",
        "updated_at",
    ),
    "supplement_request": (
        "case_id",
        "round",
        "stage",
        "note",
        "requested_by_id",
        "requested_at",
        "fulfilled_at",
        "fulfilled_channel",
    ),
    "evaluation": (
        "id",
        "case_id",
        "service_point_id",
        "department_id",
        "level",
        "comment",
        "channel",
        "created_at",
    ),
    "rectification": (
        "evaluation_id",
        "service_point_id",
        "due_on",
        "status",
        "measures",
        "callback_at",
        "callback_note",
        "callback_result",
        "closed_at",
        "created_at",
    ),
    "help_call": (
        "caller_id",
        "service_point_id",
        "point_path",
        "routed_path",
        "department_id",
        "item_code",
        "item_name",
        "topic",
        "question",
        "status",
        "raised_at",
        "accepted_at",
        "resolved_at",
        "answer",
        "response_seconds",
        "resolution_seconds",
        "escalation_reason",
    ),
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩"
    "凯健俊帆帅旭宁龙林欢阳建国建华文博子涵雨轩欣怡梓萱佳怡浩然宇轩"
)
BAD_COMMENTS = (
    "等候时间太长",
    "窗口人员态度一般",
    "材料要求没有一次说清楚",
    "系统卡顿，办理慢",
    "排队的人太多，窗口太少",
    "需要跑两次",
)


class FollowUps:
    """Who files a follow-up item (FOLLOW_UPS): an applicant of the first item waiting for it,
    drawn from a random stream of its own so that the rest of the history stays as it was."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed * 7919 + 1)
        self.waiting: dict[str, deque[tuple[int, date]]] = defaultdict(deque)

    def person(self, code: str, day: date, drawn: int) -> int:
        out = drawn
        queue = self.waiting.get(code)
        if queue:
            while queue and (day - queue[0][1]).days > FOLLOW_UP_DAYS[1]:
                queue.popleft()
            if queue and (day - queue[0][1]).days >= FOLLOW_UP_DAYS[0]:
                out = queue.popleft()[0]
        if code in FOLLOW_UPS and self.rng.random() < FOLLOW_UPS[code][1]:
            self.waiting[FOLLOW_UPS[code][0]].append((out, day))
        return out


async def generate(cases: int, seed: int, end: date, days: int = 365) -> Counts:
    """Write ``cases`` cases over the ``days`` local days up to ``end`` and everything around them."""
    started = time.perf_counter()
    rng = random.Random(seed)
    conn = connections.get("default")
    d = dialect(conn)
    if (await d.rows("SELECT COUNT(*) AS n FROM service_case"))[0]["n"]:
        raise HubError(ErrorCode.CONFLICT, "数据库中已有办件，历史数据只能生成到没有办件的库中")
    points = await d.rows("SELECT id, code, name, path, level, parent_id FROM service_point ORDER BY id")
    by_code = {p["code"]: p for p in points}
    items = await d.rows(
        "SELECT i.id, i.code, i.name, i.version, i.kind, i.decision_level, "
        "i.promised_time_limit_days AS promised, i.legal_time_limit_days AS legal, "
        "i.department_id, dp.code AS dept FROM item i "
        "JOIN department dp ON dp.id = i.department_id WHERE i.active ORDER BY i.id"
    )
    if not items:
        raise HubError(ErrorCode.NOT_FOUND, "目录中没有事项：请先运行 python -m hub seed")
    windows = await d.rows("SELECT id, service_point_id FROM \"window\" WHERE kind = 'INTAKE' AND active")
    staff = await d.rows("SELECT id, roles, service_point_id FROM staff ORDER BY id")
    categories = await d.rows("SELECT id, service_point_id, prefix FROM queue_category")
    windows_of: dict[int, list[int]] = defaultdict(list)
    for w in windows:
        windows_of[w["service_point_id"]].append(w["id"])
    serving = [p for p in points if p["level"] != "CITY" and windows_of.get(p["id"])]
    weights = [LEVEL_WEIGHT[p["level"]] * (2.4 if p["code"] == BUSY_POINT else 1.0) for p in serving]
    if not d.pg:
        await d.execute("PRAGMA cache_size = -262144")  # 256 MiB while writing and aggregating
        await d.execute("PRAGMA temp_store = MEMORY")  # the year's GROUP BY sorts in memory
    writer = _Writer(d, COLUMNS)
    counts = Counts()

    # queue categories: a point without any gets one 综合受理 queue (Z)
    cat_of: dict[tuple[int, str], int] = {(c["service_point_id"], c["prefix"]): c["id"] for c in categories}
    next_cat = max([c["id"] for c in categories], default=0) + 1
    for p in serving:
        if not any(k[0] == p["id"] for k in cat_of):
            await writer.add(
                "queue_category", (next_cat, p["id"], "Z", "综合受理", "[]", 300, 10, 4, 0, True)
            )
            cat_of[(p["id"], "Z")] = next_cat
            next_cat += 1
    await writer.flush("queue_category")

    # applicants
    n_persons = max(1000, min(cases // 5, 99_000))
    person0 = (await d.rows("SELECT COALESCE(MAX(id), 0) AS m FROM person"))[0]["m"] + 1
    names = []
    now0 = datetime(end.year, end.month, end.day, tzinfo=UTC)
    for i in range(n_persons):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        names.append(name)
        await writer.add("person", (person0 + i, _id_number(rng, i), name, "", "", now0, now0))
    await writer.flush("person")
    counts.persons = n_persons

    # calendar: working days, and the district centre's Saturday mornings
    first = end - timedelta(days=days - 1)
    all_days = [first + timedelta(days=i) for i in range(days)]
    calendar = WorkCalendar()
    workdays = [x for x in all_days if calendar.is_workday(x)[0]]
    work_index = {x: i for i, x in enumerate(workdays)}

    def add_workdays(day: date, n: int) -> date:
        i = work_index.get(day)
        if i is None:
            later = [w for w in workdays if w > day]
            i = work_index[later[0]] - 1 if later else len(workdays) - 1
        j = i + n
        if j < len(workdays):
            return workdays[j]
        return workdays[-1] + timedelta(days=(j - len(workdays) + 1) * 7 // 5 + 1)

    dept_items: dict[str, list[dict]] = defaultdict(list)
    for it in items:
        dept_items[it["dept"]].append(it)
    depts = [k for k in DEPARTMENT_SHARE if dept_items.get(k)]
    item_weights = {k: [1.0 / (r + 1) ** 0.9 for r in range(len(dept_items[k]))] for k in depts}
    for k in depts:
        rng.shuffle(dept_items[k])

    # how many cases each working day: a gentle season, then day-of-month factors per department
    def day_weight(day: date) -> float:
        season = 1.0 - 0.15 * math.cos((day.timetuple().tm_yday - 60) / 365 * 2 * math.pi)
        return season * sum(DEPARTMENT_SHARE[k] * dom_factor(k, day.day) for k in depts)

    day_w = [day_weight(x) for x in workdays]
    total_w = sum(day_w)
    per_day = [int(cases * w / total_w) for w in day_w]
    for i in range(cases - sum(per_day)):
        per_day[i % len(per_day)] += 1

    ancestor_at: dict[tuple[int, str], dict] = {}
    for p in serving:
        chain = [c for c in p["path"].split("/") if c]
        for code in chain:
            q = by_code.get(code)
            if q:
                ancestor_at[(p["id"], q["level"])] = q
    back_office = [s["id"] for s in staff if "BACK_OFFICE" in s["roles"]] or [staff[0]["id"]]
    callers = [s["id"] for s in staff if "FRONT_DESK" in s["roles"]] or [staff[0]["id"]]
    case_id = ticket_id = eval_id = 0
    case_id = (await d.rows("SELECT COALESCE(MAX(id), 0) AS m FROM service_case"))[0]["m"]
    ticket_id = (await d.rows("SELECT COALESCE(MAX(id), 0) AS m FROM ticket"))[0]["m"]
    eval_id = (await d.rows("SELECT COALESCE(MAX(id), 0) AS m FROM evaluation"))[0]["m"]
    hours = list(HOUR_WEIGHTS)
    hour_w = list(HOUR_WEIGHTS.values())
    channels = [c for c, _ in CHANNEL_MIX]
    channel_w = [w for _, w in CHANNEL_MIX]
    levels = [lv for lv, _ in LEVELS]
    level_w = [w for _, w in LEVELS]
    alphabet = string.ascii_letters + string.digits

    follow = FollowUps(seed)
    for di, day in enumerate(workdays):
        n_day = per_day[di]
        # per department share of the day, then per point
        dept_w = [DEPARTMENT_SHARE[k] * dom_factor(k, day.day) for k in depts]
        day_depts = rng.choices(depts, dept_w, k=n_day)
        day_points = rng.choices(serving, weights, k=n_day)
        load: dict[int, int] = defaultdict(int)
        for p in day_points:
            load[p["id"]] += 1
        seqs: dict[int, int] = defaultdict(int)
        for j in range(n_day):
            dept = day_depts[j]
            p = day_points[j]
            it = rng.choices(dept_items[dept], item_weights[dept])[0]
            channel = rng.choices(channels, channel_w)[0]
            hour = rng.choices(hours, hour_w)[0]
            at_s = hour * 3600 + rng.randrange(0, 3600 if hour != 13 else 1800) + (1800 if hour == 13 else 0)
            submitted = _utc(day, at_s)
            person = rng.randrange(n_persons)
            person = follow.person(it["code"], day, person)
            case_id += 1
            tid = None
            finished = submitted
            if channel == "COUNTER":
                per_window = load[p["id"]] / max(1, len(windows_of[p["id"]]))
                mean_wait = 2.5 + 14.0 * min(4.0, (per_window / 60.0) ** 2)
                wait = min(150 * 60, rng.expovariate(1 / (mean_wait * 60)))
                handle = rng.lognormvariate(math.log(7 * 60 if it["kind"] == "INSTANT" else 11 * 60), 0.35)
                taken = submitted - timedelta(seconds=int(wait + handle))
                called = taken + timedelta(seconds=int(wait))
                finished = called + timedelta(seconds=int(handle))
                prefix = QUEUE_OF_DEPARTMENT.get(dept, "Z")
                cat = (
                    cat_of.get((p["id"], prefix))
                    or cat_of.get((p["id"], "Z"))
                    or next(v for kk, v in cat_of.items() if kk[0] == p["id"])
                )
                ticket_id += 1
                tid = ticket_id
                seqs[cat] += 1
                await writer.add(
                    "ticket",
                    (
                        tid,
                        p["id"],
                        cat,
                        cat,
                        day,
                        seqs[cat],
                        f"{prefix}{seqs[cat]:03d}",
                        person0 + person,
                        "NORMAL",
                        "DONE",
                        taken,
                        taken,
                        "KIOSK",
                        rng.choice(windows_of[p["id"]]),
                        called,
                        0,
                        called + timedelta(seconds=20),
                        finished,
                        0,
                        "".join(rng.choices(alphabet, k=16)),
                    ),
                )
                # a few visitors only ask, or miss their call
                if rng.random() < 0.06:
                    ticket_id += 1
                    seqs[cat] += 1
                    no_show = rng.random() < 0.4
                    t2 = taken + timedelta(seconds=rng.randrange(60, 900))
                    c2 = t2 + timedelta(seconds=int(rng.expovariate(1 / (mean_wait * 60))))
                    f2 = None if no_show else c2 + timedelta(seconds=rng.randrange(120, 420))
                    await writer.add(
                        "ticket",
                        (
                            ticket_id,
                            p["id"],
                            cat,
                            cat,
                            day,
                            seqs[cat],
                            f"{prefix}{seqs[cat]:03d}",
                            None,
                            "NORMAL",
                            "NO_SHOW" if no_show else "DONE",
                            t2,
                            t2,
                            "KIOSK",
                            rng.choice(windows_of[p["id"]]),
                            c2,
                            2 if no_show else 0,
                            None if no_show else c2 + timedelta(seconds=20),
                            f2,
                            0,
                            "".join(rng.choices(alphabet, k=16)),
                        ),
                    )
                    counts.tickets += 1
                counts.tickets += 1
            instant = it["kind"] == "INSTANT"
            level = it["decision_level"]
            dpoint = (
                p
                if level == "COMMUNITY" and p["level"] == "COMMUNITY"
                else (ancestor_at.get((p["id"], level)) or ancestor_at.get((p["id"], "DISTRICT")) or p)
            )
            accepted = finished
            rounds = 0
            if not instant:
                r = rng.random()
                rounds = 2 if r < 0.015 else 1 if r < 0.095 else 0
            promised = int(it["promised"] or 0)
            pause = sum(rng.randrange(1, 6) for _ in range(rounds))
            due = day if instant else add_workdays(day, promised + pause)
            legal_due = day if instant else add_workdays(day, int(it["legal"] or promised) + pause)
            if instant:
                decided_day: date | None = day
                decided = finished
            else:
                late = rng.random() < (0.07 if dept == "RS" and 12 <= day.day <= 18 else 0.035)
                need = (
                    promised + pause + (rng.randrange(1, 6) if late else -rng.randrange(0, max(1, promised)))
                )
                decided_day = add_workdays(day, max(0, need))
                decided = _utc(decided_day, rng.randrange(9 * 3600, 17 * 3600))
            status = "ISSUED"
            issued: datetime | None = None
            if decided_day is not None and decided_day > end:
                # still open at the end of the history
                decided_day, decided = None, None  # type: ignore[assignment]
                status = (
                    "SUPPLEMENT"
                    if rounds and rng.random() < 0.5
                    else rng.choice(("RECEIVED", "IN_REVIEW", "IN_REVIEW"))
                )
            else:
                rejected = not instant and rng.random() < 0.025
                status = "REJECTED" if rejected else "ISSUED"
                if status == "ISSUED":
                    issued = (
                        decided
                        if instant
                        else decided
                        + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)), seconds=rng.randrange(0, 3600))
                    )
                    if issued.astimezone(SHANGHAI).date() > end:
                        status, issued = "APPROVED", None
            counts.cases += 1
            await writer.add(
                "service_case",
                (
                    case_id,
                    f"H{day:%Y%m%d}{case_id:08d}",
                    it["id"],
                    it["code"],
                    it["name"],
                    it["version"],
                    instant,
                    "{}",
                    it["department_id"],
                    dpoint["id"],
                    dpoint["path"],
                    p["id"],
                    p["path"],
                    p["id"],  # a past case was issued where it was received
                    channel,
                    tid,
                    person0 + person,
                    names[person],
                    "",
                    status,
                    1 + rounds * 2,
                    False,
                    rounds,
                    submitted,
                    accepted,
                    promised,
                    int(it["legal"] or 0),
                    due,
                    legal_due,
                    False,
                    pause,
                    decided,
                    "",
                    "PICKUP",
                    "",
                    issued,
                    submitted,
                    decided or submitted,
                ),
            )
            for rnd in range(1, rounds + 1):
                req = submitted + timedelta(days=rnd, seconds=rng.randrange(0, 20000))
                fulfilled = (
                    req + timedelta(days=rng.randrange(1, 5))
                    if status != "SUPPLEMENT" or rnd < rounds
                    else None
                )
                await writer.add(
                    "supplement_request",
                    (
                        case_id,
                        rnd,
                        "REVIEW",
                        "材料不符合要求，请补正",
                        rng.choice(back_office),
                        req,
                        fulfilled,
                        "COUNTER" if fulfilled else None,
                    ),
                )
                counts.supplements += 1
            # ratings: busier points and late cases rate worse
            if (status in ("ISSUED", "REJECTED")) and rng.random() < 0.45:
                eval_id += 1
                per_window = load[p["id"]] / max(1, len(windows_of[p["id"]]))
                lv = rng.choices(levels, level_w)[0]
                if lv >= 4 and (per_window > 70 or status == "REJECTED") and rng.random() < 0.06:
                    lv = rng.choice((1, 2, 3))
                rated = (issued or decided or submitted) + timedelta(minutes=rng.randrange(1, 240))
                comment = rng.choice(BAD_COMMENTS) if lv <= 2 else ""
                await writer.add(
                    "evaluation",
                    (eval_id, case_id, p["id"], it["department_id"], lv, comment, channel, rated),
                )
                counts.ratings += 1
                if lv <= 2:
                    rated_day = rated.astimezone(SHANGHAI).date()
                    done = (end - rated_day).days > 10
                    await writer.add(
                        "rectification",
                        (
                            eval_id,
                            p["id"],
                            rated_day + timedelta(days=5),
                            "DONE" if done else "OPEN",
                            "已约谈窗口人员并改进" if done else "",
                            rated + timedelta(days=3) if done else None,
                            "已回访，群众表示认可" if done else "",
                            "SATISFIED" if done else "",
                            rated + timedelta(days=3) if done else None,
                            rated,
                        ),
                    )
                    counts.rectifications += 1
            if channel == "COUNTER" and rng.random() < 0.007:
                raised = submitted - timedelta(seconds=rng.randrange(60, 300))
                resp = int(rng.lognormvariate(math.log(55), 0.6))
                reso = resp + int(rng.lognormvariate(math.log(300), 0.5))
                await writer.add(
                    "help_call",
                    (
                        rng.choice(callers),
                        p["id"],
                        p["path"],
                        p["path"],
                        it["department_id"],
                        it["code"],
                        it["name"],
                        "",
                        "该情形材料如何认定？",
                        "RESOLVED",
                        raised,
                        raised + timedelta(seconds=resp),
                        raised + timedelta(seconds=reso),
                        "已现场指导",
                        resp,
                        reso,
                        "",
                    ),
                )
                counts.whistles += 1
        if di % 20 == 19:
            await writer.flush()
    await writer.flush()
    if d.pg:
        for table in ("person", "queue_category", "ticket", "service_case", "evaluation",
                      "supplement_request", "rectification", "help_call"):
            await d.rows(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
    await d.execute("ANALYZE")  # the planner must know the new sources before aggregating them
    await rollups.rebuild_all(datetime.combine(end, dtime(18), SHANGHAI).astimezone(UTC))
    await d.execute("ANALYZE")  # ... and the rollups before the dashboard reads them
    counts.seconds = time.perf_counter() - started
    return counts
