"""GraphQL entry points of cases: file a case (综合受理 / 网上申报 / 代办), read one, list the
visible ones, a resident's own, and tracking by case number plus ID number."""

from __future__ import annotations

import strawberry

from hub.errors import HubError, NotAuthenticated
from hub.models.enums import CaseChannel, IssueMethod
from hub.viewer import require_viewer
from resolvers.cases import access, listing
from resolvers.cases.filing import file_case
from resolvers.cases.intake import IntakeRequest, MaterialInput
from schema.context import Info
from schema.enums import CaseStatus
from schema.enums import IssueMethod as IssueMethodEnum
from schema.types.cases import Case, CaseError, case_view
from schema.types.catalog import PageInfo
from schema.types.situations import AnswerInput


@strawberry.input(description="申请人（个人，或单位的经办人）")
class ApplicantInput:
    id_number: str = strawberry.field(description="身份证号码（校验位检查）")
    name: str = strawberry.field(description="姓名（已登记的须一致）")
    phone: str = strawberry.field(default="", description="联系电话")
    address: str = strawberry.field(default="", description="联系地址")


@strawberry.input(description="申请单位")
class CompanyInput:
    credit_code: str = strawberry.field(description="统一社会信用代码（校验位检查）")
    name: str = strawberry.field(description="单位名称")


@strawberry.input(description="已上传的一个文件")
class UploadedFileInput:
    file_id: str = strawberry.field(description="上传接口 POST /case-files 返回的 fileId")
    filename: str = strawberry.field(default="", description="原文件名")


@strawberry.input(description="一项材料的收取情况")
class CollectedMaterialInput:
    material_id: int = strawberry.field(description="材料清单行的目录材料标识")
    files: list[UploadedFileInput] = strawberry.field(default_factory=list, description="上传的文件")
    deferred: bool = strawberry.field(default=False, description="容缺后补")
    original_seen: bool = strawberry.field(default=False, description="已核验原件")


@strawberry.input(description="收件（综合受理、网上申报或代办）")
class IntakeCaseInput:
    item_code: str = strawberry.field(description="事项编码")
    answers: list[AnswerInput] = strawberry.field(description="情形问题的答案（同定制清单查询）")
    applicant: ApplicantInput = strawberry.field(description="申请人")
    company: CompanyInput | None = strawberry.field(default=None, description="申请单位（单位办件时）")
    materials: list[CollectedMaterialInput] = strawberry.field(
        default_factory=list, description="材料收取情况（按本次生成的材料清单）")
    channel: CaseChannel = strawberry.field(
        default=CaseChannel.PC, description="申请人本人申报时：PC 或 MOBILE；工作人员和终端按账号确定")
    service_point_code: str | None = strawberry.field(
        default=None, description="申请人本人申报时：选择到哪个服务点办结；工作人员按本人服务点")
    issue_method: IssueMethodEnum = strawberry.field(default=IssueMethod.PICKUP, description="出件方式")
    delivery_address: str = strawberry.field(default="", description="快递或网格员送达地址")
    ticket_id: strawberry.ID | None = strawberry.field(default=None, description="窗口正在办理的排队号")


@strawberry.type(description="收件结果")
class CasePayload:
    case: Case | None = strawberry.field(description="办件（失败时为空）")
    errors: list[CaseError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.input(description="办件筛选")
class CaseFilterInput:
    statuses: list[CaseStatus] = strawberry.field(default_factory=list, description="状态（任一）")
    item_code: str | None = strawberry.field(default=None, description="事项编码")
    keyword: str | None = strawberry.field(default=None, description="办件编号（或其尾号）或申请人姓名")
    assigned_to_me: bool = strawberry.field(default=False, description="只看分配给我的")


@strawberry.type(description="办件列表中的一条")
class CaseEdge:
    cursor: str = strawberry.field(description="该条的游标")
    node: Case = strawberry.field(description="办件")


@strawberry.type(description="办件分页列表（新的在前）")
class CaseConnection:
    edges: list[CaseEdge] = strawberry.field(description="本页办件")
    page_info: PageInfo = strawberry.field(description="分页信息")
    total_count: int = strawberry.field(description="符合条件的办件总数")


def _request(input: IntakeCaseInput) -> IntakeRequest:
    answers = {a.question: a.values if a.values is not None else a.value for a in input.answers}
    return IntakeRequest(
        item_code=input.item_code, answers=answers,
        service_point_code=input.service_point_code or "", channel=CaseChannel(input.channel.value),
        id_number=input.applicant.id_number, name=input.applicant.name, phone=input.applicant.phone,
        address=input.applicant.address,
        credit_code=input.company.credit_code if input.company else None,
        company_name=input.company.name if input.company else "",
        materials=[MaterialInput(m.material_id, [(f.file_id, f.filename) for f in m.files],
                                 m.deferred, m.original_seen) for m in input.materials],
        issue_method=IssueMethod(input.issue_method.value), delivery_address=input.delivery_address,
        ticket_id=int(input.ticket_id) if input.ticket_id and str(input.ticket_id).isdigit() else None)


@strawberry.type
class CaseQuery:
    @strawberry.field(description="一个办件：工作人员按权限范围，申请人只能看本人的；无权查看与不存在同样返回空")
    async def case(self, info: Info, id: strawberry.ID) -> Case | None:
        case_id = int(id) if str(id).isdigit() else -1
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        if viewer is None and citizen is None:
            raise NotAuthenticated()
        try:
            if viewer is not None:
                row = await access.case_for(viewer, case_id)
            else:
                assert citizen is not None
                row = await access.case_for_applicant(citizen.person_id, case_id)
        except HubError:
            return None
        return await case_view(info, row)

    @strawberry.field(description="按办件编号查看（工作人员，按权限范围）")
    async def case_by_number(self, info: Info, number: str) -> Case | None:
        viewer = require_viewer(await info.context.viewer())
        row = await info.context.cases.case_by_number.load(number.strip())
        if row is None or not access.can_see(viewer, row):
            return None
        return await case_view(info, row)

    @strawberry.field(description="本人权限范围内的办件（窗口：本服务点；后台：本部门本辖区；管理者：辖区）")
    async def cases(self, info: Info, filter: CaseFilterInput | None = None, first: int = 20,
                    after: str | None = None) -> CaseConnection:
        viewer = await info.context.viewer()
        f = filter or CaseFilterInput()
        rules = listing.CaseFilter(statuses=[s for s in f.statuses], item_code=f.item_code,
                                   keyword=f.keyword, assigned_to_me=f.assigned_to_me)
        page = await listing.staff_cases(viewer, rules, first, after)
        assert viewer is not None
        edges = [CaseEdge(cursor=c, node=await case_view(info, r))
                 for r, c in zip(page.rows, page.cursors, strict=True)]
        return CaseConnection(edges=edges, page_info=PageInfo.of(page),
                              total_count=await listing.count_staff_cases(viewer, rules))

    @strawberry.field(description="申请人本人的办件（须登录）")
    async def my_cases(self, info: Info, first: int = 50) -> list[Case]:
        citizen = await info.context.citizen()
        if citizen is None:
            raise NotAuthenticated()
        return [await case_view(info, r) for r in await listing.own_cases(citizen.person_id, first)]

    @strawberry.field(description="办件查询：办件编号加申请人身份证号码（无需登录）；不匹配时返回空")
    async def track_case(self, info: Info, number: str, id_number: str) -> Case | None:
        if not info.context.services.login_limiter.hit(f"track:{info.context.client_ip}"):
            raise HubError("RATE_LIMITED", "查询过于频繁，请一分钟后再试")
        try:
            row = await listing.track(number, id_number)
        except HubError:
            return None
        return await case_view(info, row)


@strawberry.type
class CaseMutation:
    @strawberry.mutation(description="收件：综合窗口受理、申请人网上申报、网格员代办或自助终端申报")
    async def intake_case(self, info: Info, input: IntakeCaseInput) -> CasePayload:
        viewer = await info.context.viewer()
        citizen = None if viewer else await info.context.citizen()
        try:
            done = await file_case(viewer, citizen, _request(input))
        except HubError as e:
            return CasePayload(case=None, errors=[CaseError.of(e)])
        await info.context.services.bus.publish(done.events)
        return CasePayload(case=await case_view(info, done.case), errors=[])
