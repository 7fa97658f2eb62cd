"""Staff mutations: login, password change, account creation."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.errors import HubError
from hub.models.enums import Role
from resolvers.staff import actions
from resolvers.whistle import presence
from resolvers.whistle.actions import clock
from schema.context import Info
from schema.enums import Role as RoleEnum
from schema.errors import AuthError, StaffError
from schema.permissions import IsAuthenticated, has_role
from schema.types.org import Staff


@strawberry.input(description="登录信息")
class LoginInput:
    username: str = strawberry.field(description="登录名")
    password: str = strawberry.field(description="密码")


@strawberry.type(description="登录结果")
class LoginPayload:
    token: str | None = strawberry.field(description="访问令牌，放在 Authorization: Bearer 中")
    expires_at: datetime | None = strawberry.field(description="令牌过期时间")
    staff: Staff | None = strawberry.field(description="登录的工作人员")
    errors: list[AuthError] = strawberry.field(description="失败原因")


@strawberry.input(description="修改密码")
class ChangePasswordInput:
    old_password: str = strawberry.field(description="原密码")
    new_password: str = strawberry.field(description="新密码：至少 8 位，含字母和数字")


@strawberry.type(description="修改密码结果；成功后旧令牌全部失效")
class ChangePasswordPayload:
    ok: bool = strawberry.field(description="是否成功")
    errors: list[AuthError] = strawberry.field(description="失败原因")


@strawberry.input(description="新建工作人员或设备账号")
class CreateStaffInput:
    username: str = strawberry.field(description="登录名")
    name: str = strawberry.field(description="姓名或设备名称")
    password: str = strawberry.field(description="初始密码")
    roles: list[RoleEnum] = strawberry.field(description="角色")
    service_point_code: str = strawberry.field(description="所属服务点编码")
    department_code: str | None = strawberry.field(default=None, description="所属部门编码")
    phone: str = strawberry.field(default="", description="联系电话")


@strawberry.type(description="新建人员结果")
class CreateStaffPayload:
    staff: Staff | None = strawberry.field(description="新建的人员")
    errors: list[StaffError] = strawberry.field(description="失败原因")


@strawberry.type
class StaffMutation:
    @strawberry.mutation(description="工作人员用户名密码登录，获取访问令牌")
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:
        services = info.context.services
        try:
            result = await actions.login(
                input.username, input.password, client_ip=info.context.client_ip,
                signer=services.signer, limiter=services.login_limiter,
                policy=services.login_policy,
            )
        except HubError as e:
            return LoginPayload(token=None, expires_at=None, staff=None, errors=[AuthError.of(e)])
        if Role.EXPERT.value in result.staff.roles:  # an expert who logs in counts as on duty
            await presence.touch(result.staff.id, clock())
        row = await info.context.org.staff_by_id.load(result.staff.id)
        assert row is not None
        return LoginPayload(
            token=result.token, expires_at=result.expires_at, staff=Staff.from_row(row), errors=[]
        )

    @strawberry.mutation(description="修改本人密码", permission_classes=[IsAuthenticated])
    async def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordPayload:
        try:
            await actions.change_password(
                await info.context.viewer(), input.old_password, input.new_password
            )
        except HubError as e:
            return ChangePasswordPayload(ok=False, errors=[AuthError.of(e)])
        return ChangePasswordPayload(ok=True, errors=[])

    @strawberry.mutation(
        description="在本人管辖范围内新建工作人员或设备账号",
        permission_classes=[has_role(Role.ADMIN, Role.SUPERVISOR)],
    )
    async def create_staff(self, info: Info, input: CreateStaffInput) -> CreateStaffPayload:
        data = actions.NewStaff(
            username=input.username, name=input.name, password=input.password,
            roles=list(input.roles), service_point_code=input.service_point_code,
            department_code=input.department_code, phone=input.phone,
        )
        try:
            staff = await actions.create_staff(await info.context.viewer(), data)
        except HubError as e:
            return CreateStaffPayload(staff=None, errors=[StaffError.of(e)])
        row = await info.context.org.staff_by_id.load(staff.id)
        assert row is not None
        return CreateStaffPayload(staff=Staff.from_row(row), errors=[])
