"""GraphQL enums, registered from the model enums so both layers share one definition."""

from __future__ import annotations

import strawberry

from hub.models import enums as m

RegionLevel = strawberry.enum(m.RegionLevel, description="服务点层级：市 / 区县 / 街道（镇） / 社区（村）")
WindowKind = strawberry.enum(m.WindowKind, description="窗口类型：综合受理 / 综合出件")
Role = strawberry.enum(m.Role, description="工作人员或设备账号的角色")
ItemKind = strawberry.enum(m.ItemKind, description="办件类型：即办件（当场办结）/ 承诺件（承诺时限内办结）")
ChannelMode = strawberry.enum(
    m.ChannelMode, description="某一终端的可办程度：不可办 / 网上预审、大厅办结 / 全程网办"
)
Terminal = strawberry.enum(m.Terminal, description="四端：实体大厅、电脑端、手机端、自助终端")
AcceptScope = strawberry.enum(m.AcceptScope, description="受理范围：全区通办 / 指定服务点")
CatalogStandard = strawberry.enum(
    m.CatalogStandard, description="事项标准：全市统一 / 区县特有（以上带下）"
)
MaterialForm = strawberry.enum(m.MaterialForm, description="材料形式：原件、复印件、原件及复印件、电子材料")
MaterialRequirement = strawberry.enum(
    m.MaterialRequirement, description="材料必要性：必需 / 可选 / 容缺（可后补）"
)
