"""Small builders for rows the demo data does not already provide."""

from __future__ import annotations

from hub.models import ServicePoint, Staff
from hub.models.enums import Role
from hub.security import hash_password

PASSWORD = "pass1234"


async def make_staff(
    username: str, *roles: Role, point_code: str = "330106013", password: str = PASSWORD
) -> Staff:
    point = await ServicePoint.get(code=point_code)
    return await Staff.create(
        username=username, name=f"测试{username}", password_hash=hash_password(password),
        roles=[r.value for r in roles], service_point=point,
    )
