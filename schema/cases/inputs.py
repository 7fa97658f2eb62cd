"""GraphQL input types of cases (办件): intake, listing, applicants, instant cases, case events."""

from __future__ import annotations

import strawberry

from hub.core.models.enums import CaseChannel, IssueMethod
from schema.catalog.types import AnswerInput
from schema.enums import CaseStatus
from schema.enums import IssueMethod as IssueMethodEnum
from schema.idempotency import key_field


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
    finish_point_code: str | None = strawberry.field(
        default=None, description="申请人选定的出件地点（设综合出件窗口的服务点编码，任一渠道均可）；"
                                  "不填则为受理点，受理点不设出件窗口时为其上级服务中心")
    ticket_id: strawberry.ID | None = strawberry.field(default=None, description="窗口正在办理的排队号")
    offer_id: strawberry.ID | None = strawberry.field(
        default=None, description="顺便办：所办理的推荐（上一件的 relatedOffers.id），受理后记为已顺便办理")
    idempotency_key: str | None = key_field()


@strawberry.input(description="办件筛选")
class CaseFilterInput:
    statuses: list[CaseStatus] = strawberry.field(default_factory=list, description="状态（任一）")
    item_code: str | None = strawberry.field(default=None, description="事项编码")
    keyword: str | None = strawberry.field(default=None, description="办件编号（或其尾号）或申请人姓名")
    assigned_to_me: bool = strawberry.field(default=False, description="只看分配给我的")
