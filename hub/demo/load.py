"""Loads the demo district (西湖区) from org.json and catalog.json, idempotently.

Rows are matched by their natural keys (codes, usernames); a row is written only when its
data differ, and an item's catalog version is raised only when the item really changed, so a
second run changes nothing. The catalogue goes through publishing (validated, versioned).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from hub.core import db
from hub.core.clock import local_date, utcnow
from hub.core.errors import HubError
from hub.core.models import (
    ApprovalPost,
    Bundle,
    CatalogHead,
    Department,
    DepartmentOffice,
    ElectronicLicense,
    Item,
    ItemRelation,
    Person,
    Question,
    QueueCategory,
    RobotGroup,
    ServicePoint,
    Staff,
    Window,
)
from hub.core.models.enums import NotifyChannel, RelationSource, RelationStatus, Role
from hub.core.security import hash_password
from hub.demo.training import load_learning, load_training
from resolvers.cases.joint.bundles import bundle_problems
from resolvers.catalog import documents, publishing
from resolvers.notify.robots import FAKE_BASE, demo_secret
from resolvers.staff.actions import check_password_strength

DATA_DIR = Path(__file__).parent


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    roles: tuple[Role, ...]
    point: str
    department: str | None
    password: str


DEMO_PASSWORD = "demo1234"
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "系统管理员", (Role.ADMIN,), "330106", None, "admin123"),
    DemoAccount("cityadmin", "市级目录管理员", (Role.ADMIN,), "330100", None, DEMO_PASSWORD),
    DemoAccount("zhuren", "王主任", (Role.SUPERVISOR,), "330106", None, DEMO_PASSWORD),
    DemoAccount("qiantai", "李晓敏", (Role.FRONT_DESK,), "330106013", None, DEMO_PASSWORD),
    # A new front-desk member without a certificate: must pass 综合窗口人员上岗考试 first.
    DemoAccount("xinren", "王小雨", (Role.FRONT_DESK,), "330106013", None, DEMO_PASSWORD),
    DemoAccount("shenpi", "陈建国", (Role.BACK_OFFICE,), "330106013", "YB", DEMO_PASSWORD),
    DemoAccount("chujian", "赵丽", (Role.ISSUER,), "330106013", None, DEMO_PASSWORD),
    DemoAccount("zhuanjia", "周海燕", (Role.EXPERT, Role.BACK_OFFICE), "330106013", "RS",
                DEMO_PASSWORD),
    DemoAccount("wangge", "黄雨晴", (Role.GRID_WORKER,), "330106004053", None, DEMO_PASSWORD),
    # 导办员 at the door of 文新街道's hall: pre-checks materials, then issues the ticket.
    DemoAccount("daoban", "钟晓岚", (Role.GREETER,), "330106013", None, DEMO_PASSWORD),
    DemoAccount("kiosk01", "文新街道1号自助终端", (Role.KIOSK,), "330106013", None, DEMO_PASSWORD),
    DemoAccount("board01", "文新街道叫号屏", (Role.BOARD,), "330106013", None, DEMO_PASSWORD),
)

# AB岗 at the district (330106), where most items are decided: per department the primary
# approver (A), the backup (B) and the department leader (copied). Usernames yb_a / yb_b / yb_lead …
DISTRICT_POSTS = (
    # department, A, B, leader
    ("YB", "孙明", "钱芳", "吴建华"),
    ("RS", "郑伟", "冯丽", "蒋国强"),
    ("MZ", "沈佳", "韩磊", "杨秀英"),
    ("GA", "朱刚", "秦晓", "许卫东"),
    ("WJ", "何静", "吕洋", "施红梅"),
    ("CL", "张琳", "孔杰", "曹文"),
    ("SJ", "严冬", "华敏", "金志强"),
    ("TY", "魏峰", "陶然", "姜涛"),
)
POST_ACCOUNTS = tuple(
    DemoAccount(f"{dept.lower()}_{suffix}", name, (Role.BACK_OFFICE,), "330106", dept, DEMO_PASSWORD)
    for dept, *names in DISTRICT_POSTS
    for suffix, name in zip(("a", "b", "lead"), names, strict=True)
)

# 窗口吹哨、科室报到: an expert of every department at the district and at 文新街道 (the street of
# the demo counter; its 人社 expert is zhuanjia), so a whistle on any item reaches someone.
DISTRICT_EXPERTS = (("YB", "徐慧敏"), ("RS", "陆振华"), ("MZ", "方淑芬"), ("GA", "邵国平"),
                    ("WJ", "潘晓红"), ("CL", "汤立新"), ("SJ", "范文博"), ("TY", "罗建军"))
STREET_EXPERTS = (("YB", "宋佳怡"), ("MZ", "谢雨婷"), ("GA", "唐志伟"), ("WJ", "董丽娟"),
                  ("CL", "袁晓峰"), ("SJ", "邓一鸣"), ("TY", "傅海涛"))
EXPERT_ACCOUNTS = tuple(
    DemoAccount(f"{dept.lower()}_zj", name, (Role.EXPERT,), "330106", dept, DEMO_PASSWORD)
    for dept, name in DISTRICT_EXPERTS
) + tuple(
    DemoAccount(f"wx_{dept.lower()}_zj", name, (Role.EXPERT,), "330106013", dept, DEMO_PASSWORD)
    for dept, name in STREET_EXPERTS
)

# City-level items (社会保障卡申领, 社保卡挂失) are decided at 杭州市 by the city's offices
# (org.json "offices"): one back-office account each.
CITY_ACCOUNTS = (
    DemoAccount("hzrs", "林志远", (Role.BACK_OFFICE,), "330100", "RS", DEMO_PASSWORD),
    DemoAccount("hzyb", "高文静", (Role.BACK_OFFICE,), "330100", "YB", DEMO_PASSWORD),
)

# 统一窗口出件: an issuer at every point with an issuance window (文新街道 has chujian); a
# community's cases finish at its street centre (resolvers.cases.finishing).
ISSUERS = (
    ("330106", "xihu", "陈雅琴"), ("330106001", "beishan", "郑晓岚"), ("330106004", "xixi", "胡婷婷"),
    ("330106005", "cuiyuan", "孙丽萍"), ("330106007", "gudang", "马俊杰"), ("330106009", "liuxia", "朱玲玲"),
    ("330106010", "zhuantang", "钟海波"), ("330106011", "jiangcun", "叶倩"),
    ("330106012", "lingyin", "林佳慧"), ("330106109", "sandun", "何晓东"),
    ("330106110", "shuangpu", "王梦婷"),
)
ISSUER_ACCOUNTS = tuple(
    DemoAccount(f"cj_{place}", name, (Role.ISSUER,), point, None, DEMO_PASSWORD)
    for point, place, name in ISSUERS
)
DEMO_ACCOUNTS = DEMO_ACCOUNTS + POST_ACCOUNTS + EXPERT_ACCOUNTS + CITY_ACCOUNTS + ISSUER_ACCOUNTS


def _read(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _changed(obj: Any, values: dict[str, Any]) -> bool:
    return any(getattr(obj, k) != v for k, v in values.items())


async def _upsert(model: Any, key: dict[str, Any], values: dict[str, Any], stats: Counter) -> Any:
    obj = await model.get_or_none(**key)
    name = model.__name__
    if obj is None:
        stats[f"{name}+"] += 1
        return await model.create(**key, **values)
    if _changed(obj, values):
        stats[f"{name}~"] += 1
        await obj.update_from_dict(values).save()
    return obj


async def load_org(stats: Counter) -> dict[str, ServicePoint]:
    org = _read("org.json")
    points: dict[str, ServicePoint] = {}
    for p in org["service_points"]:  # parents precede children in the file
        parent = points.get(p["parent"]) if p["parent"] else None
        path = (parent.path if parent else "") + p["code"] + "/"
        points[p["code"]] = await _upsert(
            ServicePoint, {"code": p["code"]},
            {
                "name": p["name"], "centre_name": p.get("centre_name", ""), "level": p["level"],
                "parent_id": parent.id if parent else None, "path": path,
                "address": p.get("address", ""), "phone": p.get("phone", ""),
                "hours": p.get("hours", ""), "sort": len(points),
            },
            stats,
        )
    departments = {}
    for d in org["departments"]:
        departments[d["code"]] = await _upsert(
            Department, {"code": d["code"]},
            {"name": d["name"], "short_name": d["short_name"], "sort": d.get("sort", 0)}, stats,
        )
    for o in org["offices"]:
        await _upsert(
            DepartmentOffice, {"department_id": departments[o["department"]].id,
                               "point_id": points[o["point"]].id},
            {"name": o["name"], "short_name": o["short_name"]}, stats,
        )
    for w in org["windows"]:
        point = points[w["service_point"]]
        await _upsert(
            Window, {"service_point_id": point.id, "number": w["number"]},
            {"name": w["name"], "kind": w["kind"]}, stats,
        )
    for i, q in enumerate(org["queues"]):
        await _upsert(
            QueueCategory, {"service_point_id": points[q["service_point"]].id, "prefix": q["prefix"]},
            {"name": q["name"], "department_codes": q["departments"], "daily_cap": q["daily_cap"],
             "service_minutes": q["service_minutes"], "sort": i}, stats,
        )
    return points


async def load_catalog(stats: Counter) -> None:
    """Publish catalog.json through the same path as an administrator's import; unchanged items
    get no new version, so a second run writes nothing."""
    catalog = _read("catalog.json")
    try:
        result = await publishing.publish(
            {item["code"]: item for item in catalog["items"]}, author="seed", kind="SEED",
            note="演示目录", life_events=catalog["life_events"],
        )
    except publishing.CatalogInvalid as e:
        raise ValueError("演示目录有误：\n" + "\n".join(e.problems)) from e
    if result.created:
        stats["ItemVersion+"] += len(result.created)
    if result.changed:
        stats["ItemVersion~"] += len(result.changed)


async def load_bundles(stats: Counter) -> None:
    """The joint-application definitions (一件事) of bundles.json, checked against the published
    catalogue (every item exists, every shared field answers a real question)."""
    items = await Item.filter(active=True).values("id", "code")
    questions = await Question.filter(item_id__in=[i["id"] for i in items]).values("item_id", "code")
    known: dict[str, dict[str, Any]] = {i["code"]: {"questions": set()} for i in items}
    by_id = {i["id"]: i["code"] for i in items}
    for q in questions:
        known[by_id[q["item_id"]]]["questions"].add(q["code"])
    bundles = _read("bundles.json")["bundles"]
    problems = [p for b in bundles for p in bundle_problems(b, known)]
    if problems:
        raise ValueError("演示一件事有误：\n" + "\n".join(problems))
    for b in bundles:
        await _upsert(Bundle, {"code": b["code"]}, {
            "name": b["name"], "description": b["description"], "item_codes": b["item_codes"],
            "shared_fields": b["shared_fields"], "active": True, "sort": b["sort"]}, stats)


async def load_relations(stats: Counter) -> None:
    """The curated related items of relations.json (顺便办), checked against the catalogue."""
    known = set(await CatalogHead.all().values_list("code", flat=True))
    rows = _read("relations.json")["relations"]
    missing = sorted({c for r in rows for c in (r["from"], r["to"]) if c not in known})
    if missing:
        raise ValueError("演示事项关联引用了不存在的事项：" + "、".join(missing))
    for r in rows:
        await _upsert(ItemRelation, {"from_code": r["from"], "to_code": r["to"], "scope": r.get("scope", "")},
                      {"reason": r["reason"], "source": RelationSource.CURATED,
                       "status": RelationStatus.ACTIVE,
                       "created_by": "系统初始化"}, stats)


async def load_people(stats: Counter) -> None:
    """Demo applicants and their electronic licences, matched by ID number / licence number."""
    for p in _read("people.json"):
        person = await _upsert(
            Person, {"id_number": p["id_number"]},
            {"name": p["name"], "phone": p["phone"], "address": p["address"]}, stats,
        )
        for lic in p["licenses"]:
            await _upsert(
                ElectronicLicense,
                {"person_id": person.id, "license_type": lic["license_type"], "number": lic["number"]},
                {"issuer": lic["issuer"], "issued_on": date.fromisoformat(lic["issued_on"]),
                 "valid_until": date.fromisoformat(lic["valid_until"]) if lic["valid_until"] else None},
                stats,
            )


async def load_accounts(points: dict[str, ServicePoint], stats: Counter) -> None:
    departments = {d.code: d for d in await Department.all()}
    existing = set(await Staff.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
        "username", flat=True))
    hashes: dict[str, str] = {}  # one (salted) hash per demo password: seeding stays quick
    for a in DEMO_ACCOUNTS:
        if a.username in existing:
            continue  # never reset a password somebody may have changed
        if a.password not in hashes:
            hashes[a.password] = hash_password(a.password)
        await Staff.create(
            username=a.username, name=a.name, password_hash=hashes[a.password],
            roles=[r.value for r in a.roles], service_point=points[a.point],
            department=departments[a.department] if a.department else None,
        )
        stats["Staff+"] += 1


async def load_posts(points: dict[str, ServicePoint], stats: Counter) -> None:
    """AB岗 of the district's departments (step 审批), from DISTRICT_POSTS."""
    departments = {d.code: d for d in await Department.all()}
    staff = {s.username: s.id for s in await Staff.filter(username__in=[a.username for a in POST_ACCOUNTS])}
    for dept, *_names in DISTRICT_POSTS:
        code = dept.lower()
        if not all(f"{code}_{x}" in staff for x in ("a", "b", "lead")):
            continue
        await _upsert(ApprovalPost, {"department_id": departments[dept].id, "point_id": points["330106"].id,
                                     "step": "审批"},
                      {"primary_id": staff[f"{code}_a"], "backup_id": staff[f"{code}_b"],
                       "leader_id": staff[f"{code}_lead"]}, stats)


async def load_robot_groups(stats: Counter) -> None:
    """A DingTalk group per district department with AB posts, on the fake robot endpoints
    (resolvers/notify/robots.py): 联办提醒 shows at /_fake/robots while the fake is configured."""
    departments = {d.code: d for d in await Department.filter(code__in=[p[0] for p in DISTRICT_POSTS])}
    for dept, *_names in DISTRICT_POSTS:
        if dept not in departments:
            continue
        token = f"demo-{dept.lower()}"
        name = f"{departments[dept].name}审批群"
        if await RobotGroup.exists(name=name):
            continue  # an administrator may have pointed it at a real group
        await RobotGroup.create(name=name, channel=NotifyChannel.DINGTALK,
                                department_id=departments[dept].id,
                                webhook=f"{FAKE_BASE}/dingtalk/robot/send?access_token={token}",
                                secret=demo_secret(token), created_at=utcnow())
        stats["RobotGroup+"] += 1


async def seed_database(database_url: str) -> str:
    await db.init_db(database_url)
    try:
        stats: Counter = Counter()
        async with in_transaction():
            points = await load_org(stats)
            await load_catalog(stats)
            await load_bundles(stats)
            await load_relations(stats)
            await load_accounts(points, stats)
            await load_posts(points, stats)
            await load_robot_groups(stats)
            await load_people(stats)
            await load_training(stats, local_date(utcnow()), tuple(a.username for a in ISSUER_ACCOUNTS))
            await load_learning(stats)
    finally:
        await db.close_db()
    if not stats:
        return "演示数据已是最新，无需更改"
    return "演示数据已载入：" + "，".join(f"{k} {v}" for k, v in sorted(stats.items()))


def demo_accounts_table() -> str:
    lines = ["演示账号（用户名 / 密码 / 角色 / 服务点）："]
    for a in DEMO_ACCOUNTS:
        roles = "、".join(r.value for r in a.roles)
        lines.append(f"  {a.username:<10} {a.password:<10} {roles:<24} {a.point}")
    return "\n".join(lines)


async def create_admin(
    database_url: str, username: str, name: str, password: str, point_code: str | None
) -> str:
    try:
        check_password_strength(password, "password")
    except HubError as e:
        raise ValueError(e.message) from e
    await db.init_db(database_url)
    try:
        point = (
            await ServicePoint.get_or_none(code=point_code)
            if point_code
            else await ServicePoint.filter(parent_id=None).first()
        )
        if point is None:
            raise ValueError("找不到服务点：请先运行 python -m hub seed 或指定 --service-point")
        if await Staff.exists(username=username):
            raise ValueError(f"用户名 {username} 已存在")
        await Staff.create(
            username=username, name=name, password_hash=hash_password(password),
            roles=[Role.ADMIN.value], service_point=point,
        )
    finally:
        await db.close_db()
    return f"已创建管理员 {username}（{point.name}）"


def demo_served_items() -> list[dict[str, Any]]:
    """The items the demo district serves (variants merged onto their city items), in file order,
    as publishing compiles them — for tests and benchmarks that need no database."""
    sources = {d["code"]: documents.normalize(d) for d in _read("catalog.json")["items"]}
    return list(documents.effective_documents(sources).values())
