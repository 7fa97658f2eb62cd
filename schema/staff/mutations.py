"""GraphQL mutations of staff accounts and login."""

from __future__ import annotations

import strawberry

from hub.core.errors import HubError
from hub.core.models.enums import Role
from resolvers.staff import actions
from schema.context import Info
from schema.errors import AuthError, StaffError
from schema.org.types import Staff
from schema.permissions import IsAuthenticated, has_role
from schema.staff.inputs import ChangePasswordInput, CreateStaffInput, LoginInput
from schema.staff.types import ChangePasswordPayload, CreateStaffPayload, LoginPayload


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
        row = await info.context.org.staff_by_id.load(result.staff.id)
        assert row is not None
        return LoginPayload(
            token=result.token, expires_at=result.expires_at, staff=Staff.from_row(row), errors=[]
        )

    @strawberry.mutation(description="修改本人密码", permission_classes=[IsAuthenticated])
    async def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordPayload:
        viewer = await info.context.viewer()
        try:
            events = await actions.change_password(viewer, input.old_password, input.new_password)
        except HubError as e:
            return ChangePasswordPayload(ok=False, errors=[AuthError.of(e)])
        services = info.context.services
        if viewer is not None:  # this process at once; the others through the backplane
            services.viewer_cache.forget_staff(viewer.staff_id)
        await services.bus.publish(events)
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
