"""GraphQL types of related items (办好一件事，主动办好一串事 · 顺便办)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from hub.core.errors import ErrorCode
from hub.core.models import enums as m
from resolvers.cases.related_offers import Carry, Offer
from resolvers.catalog.mining import MiningResult
from resolvers.catalog.related import Names, Related
from schema.errors import Error, code_enum, code_field

# the model enums themselves, registered with their descriptions (as schema/enums.py does)
strawberry.enum(m.RelationSource, description="关联来源：人工配置或数据挖掘")
strawberry.enum(m.RelationStatus, description="关联状态：生效、待审核、已采纳、已驳回、本区停用")
RelationSource = m.RelationSource
RelationStatus = m.RelationStatus


@strawberry.enum(description="顺便办推荐的状态")
class OfferState(Enum):
    OPEN = "OPEN"
    TAKEN = "TAKEN"
    FILED = "FILED"


OFFER_STATE_LABELS = {"OPEN": "可顺便办理", "TAKEN": "已顺便办理", "FILED": "已另行申请"}


def scope_label(scope: str) -> str:
    return "全市" if not scope else f"本区（{scope}）"


@strawberry.type(description="相关事项：办完本事项后通常还要办的事项，及向申请人说明的理由")
class RelatedItem:
    code: str = strawberry.field(description="相关事项编码（本区实际受理的事项，区县变体优先）")
    name: str = strawberry.field(description="相关事项名称")
    reason: str = strawberry.field(description="推荐理由（申请人可见）")
    source: RelationSource = strawberry.field(description="关联来源")
    scope_label: str = strawberry.field(description="适用范围：全市或本区")

    @classmethod
    def of(cls, r: Related) -> RelatedItem:
        return cls(
            code=r.code,
            name=r.name,
            reason=r.reason,
            source=m.RelationSource(r.source),
            scope_label=scope_label(r.scope),
        )


@strawberry.type(description="办件受理后推荐的一个相关事项（顺便办）")
class RelatedOffer:
    id: strawberry.ID = strawberry.field(description="推荐标识（顺便办受理时提交 offerId）")
    item_code: str = strawberry.field(description="推荐事项编码")
    item_name: str = strawberry.field(description="推荐事项名称")
    reason: str = strawberry.field(description="推荐理由")
    state: OfferState = strawberry.field(description="状态")
    state_label: str = strawberry.field(description="状态（中文）")
    taken_case_number: str | None = strawberry.field(description="顺便办理形成的办件编号")
    online: bool = strawberry.field(description="可在网上（电脑或手机）申报")

    @classmethod
    def of(cls, o: Offer) -> RelatedOffer:
        return cls(
            id=strawberry.ID(str(o.id)),
            item_code=o.item_code,
            item_name=o.item_name,
            reason=o.reason,
            state=OfferState(o.state),
            state_label=OFFER_STATE_LABELS[o.state],
            taken_case_number=o.taken_case_number,
            online=o.pc != m.ChannelMode.NONE or o.mobile != m.ChannelMode.NONE,
        )


@strawberry.type(description="事项关联（目录管理）")
class ItemRelation:
    id: strawberry.ID = strawberry.field(description="关联标识")
    from_code: str = strawberry.field(description="办理的事项编码")
    from_name: str = strawberry.field(description="办理的事项名称")
    to_code: str = strawberry.field(description="推荐的事项编码")
    to_name: str = strawberry.field(description="推荐的事项名称")
    reason: str = strawberry.field(description="推荐理由（申请人可见）")
    source: RelationSource = strawberry.field(description="关联来源")
    source_label: str = strawberry.field(description="关联来源（中文）")
    status: RelationStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态（中文）")
    scope: str = strawberry.field(description="范围：空为全市，否则为区县编码")
    scope_label: str = strawberry.field(description="范围（中文）")
    support: int = strawberry.field(description="数据挖掘：30 天内先后办理两事项的申请人数")
    confidence: float = strawberry.field(description="数据挖掘：上述人数占办理前一事项申请人数的比例")
    version: int = strawberry.field(description="版本号（审核时提交，防并发）")
    decided_by: str = strawberry.field(description="审核人")
    decided_at: datetime | None = strawberry.field(description="审核时间")
    mined_at: datetime | None = strawberry.field(description="最近一次挖掘时间")

    @classmethod
    def of(cls, r: dict[str, Any], names: Names) -> ItemRelation:
        source, status = m.RelationSource(r["source"]), m.RelationStatus(r["status"])
        return cls(
            id=strawberry.ID(str(r["id"])),
            from_code=r["from_code"],
            from_name=names.of(r["from_code"]),
            to_code=r["to_code"],
            to_name=names.of(r["to_code"]),
            reason=r["reason"],
            source=source,
            source_label=m.RELATION_SOURCE_LABELS[source],
            status=status,
            status_label=m.RELATION_STATUS_LABELS[status],
            scope=r["scope"],
            scope_label=scope_label(r["scope"]),
            support=r["support"],
            confidence=round(float(r["confidence"]), 4),
            version=r["version"],
            decided_by=r["decided_by"],
            decided_at=r["decided_at"],
            mined_at=r["mined_at"],
        )


@strawberry.type(description="顺便办带入的一个文件")
class CarriedFile:
    file_id: str = strawberry.field(description="文件标识（同上传接口返回的 fileId，受理时原样提交）")
    filename: str = strawberry.field(description="原文件名")


@strawberry.type(description="顺便办带入的一项材料：上一件已收取、本事项同名的材料")
class CarriedMaterial:
    material_id: int = strawberry.field(description="本事项的目录材料标识")
    name: str = strawberry.field(description="材料名称")
    original_seen: bool = strawberry.field(description="上一件已核验原件")
    files: list[CarriedFile] = strawberry.field(description="已收取的文件")


@strawberry.type(description="顺便办：第二件受理时从上一件带入的申请人信息、情形答案和材料")
class RelatedCarry:
    offer_id: strawberry.ID = strawberry.field(description="推荐标识（受理时提交为 offerId）")
    from_case_number: str = strawberry.field(description="上一件办件编号")
    item_code: str = strawberry.field(description="要办理的事项编码")
    item_name: str = strawberry.field(description="要办理的事项名称")
    reason: str = strawberry.field(description="推荐理由")
    id_number: str = strawberry.field(description="申请人身份证号码")
    name: str = strawberry.field(description="申请人姓名")
    phone: str = strawberry.field(description="联系电话")
    address: str = strawberry.field(description="联系地址")
    credit_code: str | None = strawberry.field(description="单位办件：统一社会信用代码")
    company_name: str = strawberry.field(description="单位办件：单位名称")
    answers: JSON = strawberry.field(description="带入的情形答案（问题编码 → 答案），只含两事项相同的问题")
    materials: list[CarriedMaterial] = strawberry.field(description="带入的材料（同名且已收取）")

    @classmethod
    def of(cls, c: Carry) -> RelatedCarry:
        return cls(
            offer_id=strawberry.ID(str(c.offer_id)),
            from_case_number=c.from_case_number,
            item_code=c.item_code,
            item_name=c.item_name,
            reason=c.reason,
            id_number=c.id_number,
            name=c.name,
            phone=c.phone,
            address=c.address,
            credit_code=c.credit_code,
            company_name=c.company_name,
            answers=cast(JSON, c.answers),
            materials=[
                CarriedMaterial(
                    material_id=x.material_id,
                    name=x.name,
                    original_seen=x.original_seen,
                    files=[CarriedFile(file_id=f.sha256, filename=f.filename) for f in x.files],
                )
                for x in c.materials
            ],
        )


@strawberry.type(description="顺便办统计：一个事项被推荐和被顺便办理的次数")
class RelatedOfferStat:
    item_code: str = strawberry.field(description="推荐事项编码")
    item_name: str = strawberry.field(description="推荐事项名称")
    offered: int = strawberry.field(description="推荐次数")
    taken: int = strawberry.field(description="顺便办理次数")


RelatedErrorCode = code_enum(
    "RelatedErrorCode",
    "事项关联操作错误代码",
    [
        ErrorCode.INVALID,
        ErrorCode.NOT_FOUND,
        ErrorCode.NOT_ALLOWED,
        ErrorCode.CONFLICT,
        ErrorCode.DUPLICATE,
    ],
)


@strawberry.type(description="事项关联操作错误")
class RelatedError(Error):
    code: ErrorCode = code_field(RelatedErrorCode)


@strawberry.type(description="事项关联的新建、审核或停用结果")
class ItemRelationPayload:
    relation: ItemRelation | None = strawberry.field(description="关联（出错时为空）")
    errors: list[RelatedError] = strawberry.field(description="业务错误")


@strawberry.type(description="一次数据挖掘的结果")
class MineRelationsPayload:
    pairs: int = strawberry.field(description="达到阈值的事项对数")
    suggested: int = strawberry.field(description="新增待审核建议数")
    updated: int = strawberry.field(description="已有挖掘关联更新了统计数（审核结论不变）")
    skipped: int = strawberry.field(description="已人工配置而跳过的事项对数")
    errors: list[RelatedError] = strawberry.field(description="业务错误")

    @classmethod
    def of(cls, r: MiningResult) -> MineRelationsPayload:
        return cls(pairs=r.pairs, suggested=r.suggested, updated=r.updated, skipped=r.skipped, errors=[])
