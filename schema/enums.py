"""GraphQL enums: the model enums themselves, registered with their descriptions, so that
both layers share one definition."""

from __future__ import annotations

from typing import Any

import strawberry

from hub.models.enums import (
    AcceptScope,
    AppointmentStatus,
    AttemptStatus,
    AttendanceMark,
    CatalogStandard,
    CertificateStatus,
    ChannelMode,
    ClockMethod,
    ExamQuestionType,
    ItemKind,
    MaterialForm,
    MaterialKind,
    MaterialRequirement,
    PriorityClass,
    QuestionCategory,
    QuestionKind,
    RegionLevel,
    Role,
    SessionSignIn,
    Terminal,
    TicketStatus,
    WindowKind,
)

_DESCRIPTIONS: dict[Any, str] = {
    RegionLevel: "服务点层级：市 / 区县 / 街道（镇） / 社区（村）",
    WindowKind: "窗口类型：综合受理 / 综合出件",
    Role: "工作人员或设备账号的角色",
    ItemKind: "办件类型：即办件（当场办结）/ 承诺件（承诺时限内办结）",
    ChannelMode: "某一终端的可办程度：不可办 / 网上预审、大厅办结 / 全程网办",
    Terminal: "四端：实体大厅、电脑端、手机端、自助终端",
    AcceptScope: "受理范围：全区通办 / 指定服务点",
    CatalogStandard: "事项标准：全市统一 / 区县变体 / 区县特有（以上带下）",
    MaterialForm: "材料形式：原件、复印件、原件及复印件、电子材料",
    MaterialRequirement: "材料必要性：必需 / 可选 / 容缺（可后补）",
    QuestionKind: "情形问题的题型：单选、多选、是否、日期、数字",
    QuestionCategory: "考题类别：业务知识 / 系统操作",
    ExamQuestionType: "考题题型：单选题、多选题、判断题",
    AttemptStatus: "考试场次状态：待扫码、答题中、已交卷、已作废",
    CertificateStatus: "上岗证状态：有效、已过期、已撤销",
    TicketStatus: "排队号状态：等候中、已叫号、办理中、已办结、过号、已取消",
    PriorityClass: "优先类别：普通、老年人、残疾人、军人、预约",
    MaterialKind: "课程资料类型：图文、视频、文档",
    ClockMethod: "考勤方式：扫描大厅二维码、工作台按钮",
    AttendanceMark: "考勤结论：正常、迟到、早退、缺勤、未签退、未签到、在岗、休息日、未入职（建号前不计）",
    SessionSignIn: "培训签到方式：本人签到、管理者标记",
    AppointmentStatus: "预约状态：已预约、已签到取号、已取消、已失效",
}
for _enum, _description in _DESCRIPTIONS.items():
    strawberry.enum(_enum, description=_description)

__all__ = [
    "AcceptScope", "AppointmentStatus", "AttemptStatus", "AttendanceMark", "CatalogStandard",
    "CertificateStatus", "ChannelMode", "ClockMethod", "ExamQuestionType", "ItemKind",
    "MaterialForm", "MaterialKind", "MaterialRequirement", "PriorityClass", "QuestionCategory",
    "QuestionKind", "RegionLevel", "Role", "SessionSignIn", "Terminal", "TicketStatus",
    "WindowKind",
]
