"""GraphQL input types of staff accounts and login."""

from __future__ import annotations

import strawberry

from schema.enums import Role as RoleEnum


@strawberry.input(description="登录信息")
class LoginInput:
    username: str = strawberry.field(description="登录名")
    password: str = strawberry.field(description="密码")


@strawberry.input(description="修改密码")
class ChangePasswordInput:
    old_password: str = strawberry.field(description="原密码")
    new_password: str = strawberry.field(description="新密码：至少 8 位，含字母和数字")


@strawberry.input(description="新建工作人员或设备账号")
class CreateStaffInput:
    username: str = strawberry.field(description="登录名")
    name: str = strawberry.field(description="姓名或设备名称")
    password: str = strawberry.field(description="初始密码")
    roles: list[RoleEnum] = strawberry.field(description="角色")
    service_point_code: str = strawberry.field(description="所属服务点编码")
    department_code: str | None = strawberry.field(default=None, description="所属部门编码")
    phone: str = strawberry.field(default="", description="联系电话")
