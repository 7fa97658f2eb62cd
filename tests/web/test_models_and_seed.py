"""Migrations, the organisation tree, catalog constraints and the idempotent demo data."""

import pytest
from tortoise.exceptions import IntegrityError

from hub.core import db
from hub.core.models import Department, Item, Material, ServicePoint, Staff, Window
from hub.core.models.enums import RegionLevel
from hub.demo.load import seed_database

pytestmark = pytest.mark.both_databases

REQUIRED_ITEMS = {
    "老年人优待证办理", "城乡居民医疗保险参保登记", "生育登记", "出生登记", "新生儿参保",
    "流动人口信息登记", "个人就业登记", "失业登记", "社保卡挂失", "基本医疗保险关系转移",
    "残疾人证办理", "最低生活保障申请",
}


async def test_demo_district_is_real_and_complete(database):
    xihu = await ServicePoint.get(code="330106")
    streets = await ServicePoint.filter(parent=xihu, level=RegionLevel.STREET).values_list(
        "name", flat=True
    )
    assert len(streets) == 11 and {"古荡街道", "西溪街道", "文新街道", "留下街道"} <= set(streets)
    communities = set(
        await ServicePoint.filter(level=RegionLevel.COMMUNITY).values_list("name", flat=True)
    )
    assert {"骆家庄社区", "石灰桥社区", "杨家牌楼社区"} <= communities
    assert await Department.all().count() >= 6
    names = set(await Item.all().values_list("name", flat=True))
    assert len(names) >= 42 and names >= REQUIRED_ITEMS
    assert await Window.filter(service_point=xihu).count() > 0
    roles = {r for roles in await Staff.all().values_list("roles", flat=True) for r in roles}
    assert roles >= {"ADMIN", "SUPERVISOR", "FRONT_DESK", "BACK_OFFICE", "ISSUER", "EXPERT",
                     "GRID_WORKER", "KIOSK", "BOARD", "GREETER"}


async def test_paths_make_subtrees_one_prefix_query(database):
    luojiazhuang = await ServicePoint.get(name="骆家庄社区")
    wenxin = await ServicePoint.get(code="330106013")
    assert luojiazhuang.path.startswith(wenxin.path) and wenxin.path.startswith("330100/330106/")
    under = await ServicePoint.filter(path__startswith=wenxin.path).values_list("name", flat=True)
    assert "骆家庄社区" in under and "石灰桥社区" not in under


async def test_item_codes_and_window_numbers_are_unique(database):
    item = await Item.first()
    assert item is not None
    with pytest.raises(IntegrityError):
        await Item.create(code=item.code, name="重复", department_id=item.department_id,
                          kind="INSTANT", decision_level="STREET")
    window = await Window.first()
    assert window is not None
    with pytest.raises(IntegrityError):
        await Window.create(service_point_id=window.service_point_id, number=window.number, name="x")


async def test_materials_go_with_their_item(database):
    dept = await Department.first()
    assert dept is not None
    item = await Item.create(code="T-1", name="测试事项", department=dept, kind="PROMISED",
                             decision_level="STREET", promised_time_limit_days=3)
    await Material.create(item=item, name="居民身份证")
    await item.delete()
    assert not await Material.filter(name="居民身份证", item_id=item.id).exists()


async def test_seeding_twice_changes_nothing(database_url):
    # given a seeded database (the fixture), when the demo data is loaded again
    message = await seed_database(database_url)
    # then nothing is written and no item version moves
    assert message == "演示数据已是最新，无需更改"
    await db.init_db(database_url)
    try:
        assert set(await Item.all().values_list("version", flat=True)) == {1}
    finally:
        await db.close_db()


async def test_migrations_are_idempotent(database_url):
    await db.migrate(database_url)  # already applied by the fixture: nothing to do
    await db.init_db(database_url)
    try:
        assert await Item.all().count() >= 42
    finally:
        await db.close_db()
