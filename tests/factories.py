"""Small builders for rows the demo data does not already provide."""

from __future__ import annotations

from hub.core.models import ServicePoint, Staff
from hub.core.models.enums import Role
from hub.core.security import hash_password

PASSWORD = "pass1234"


async def make_staff(
    username: str, *roles: Role, point_code: str = "330106013", password: str = PASSWORD
) -> Staff:
    point = await ServicePoint.get(code=point_code)
    return await Staff.create(
        username=username, name=f"测试{username}", password_hash=hash_password(password),
        roles=[r.value for r in roles], service_point=point,
    )


async def give_situations(item_code: str) -> None:
    """Replace an item's questions and materials with a small, known rule set."""
    from hub.core.models import Item, Material, Question

    item = await Item.get(code=item_code)
    await Question.filter(item=item).delete()
    await Material.filter(item=item).delete()
    await Question.create(item=item, code="household", text="户籍所在地", kind="SINGLE", sort=0,
                          options=[{"value": "hangzhou", "label": "杭州市户籍"},
                                   {"value": "other", "label": "非杭州市户籍"}])
    await Question.create(item=item, code="minor", text="是否未满 18 周岁", kind="YES_NO", sort=1)
    await Question.create(item=item, code="birth_date", text="孩子出生日期", kind="DATE", sort=2,
                          show_if={"q": "minor", "is": True})
    await Material.create(item=item, name="居民户口簿", sort=0, license_type="HOUSEHOLD_REGISTER")
    await Material.create(item=item, name="一寸免冠近照", sort=1, note="用于制作市民卡",
                          deferrable_if={"q": "birth_date", "age_lt_days": 90})
    await Material.create(item=item, name="浙江省居住证", sort=2, condition={"q": "household", "is": "other"})
    await Material.create(item=item, name="居民身份证", sort=3, form="COPY",
                          condition={"q": "minor", "is": False})


async def make_resident(id_number: str, name: str, phone: str, password: str = PASSWORD) -> int:
    """A resident with an account (as registered online) and a mobile number; the person's id."""
    from hub.core.models import CitizenAccount, Person

    person = await Person.create(id_number=id_number, name=name, phone=phone)
    await CitizenAccount.create(person=person, password_hash=hash_password(password))
    return person.id
