"""Enumerations shared by models, business rules and the GraphQL schema."""

from __future__ import annotations

from enum import StrEnum


class RegionLevel(StrEnum):
    CITY = "CITY"
    DISTRICT = "DISTRICT"
    STREET = "STREET"
    COMMUNITY = "COMMUNITY"


REGION_LEVEL_LABELS = {
    RegionLevel.CITY: "市级",
    RegionLevel.DISTRICT: "区县级",
    RegionLevel.STREET: "街道（镇）级",
    RegionLevel.COMMUNITY: "社区（村）级",
}


class WindowKind(StrEnum):
    INTAKE = "INTAKE"
    ISSUANCE = "ISSUANCE"


class Role(StrEnum):
    ADMIN = "ADMIN"
    SUPERVISOR = "SUPERVISOR"
    FRONT_DESK = "FRONT_DESK"
    BACK_OFFICE = "BACK_OFFICE"
    ISSUER = "ISSUER"
    EXPERT = "EXPERT"
    GRID_WORKER = "GRID_WORKER"
    KIOSK = "KIOSK"
    BOARD = "BOARD"
    GREETER = "GREETER"


ROLE_LABELS = {
    Role.ADMIN: "系统管理员",
    Role.SUPERVISOR: "管理者",
    Role.FRONT_DESK: "综合窗口人员",
    Role.BACK_OFFICE: "后台审批人员",
    Role.ISSUER: "出件窗口人员",
    Role.EXPERT: "业务专家",
    Role.GRID_WORKER: "网格员",
    Role.KIOSK: "自助终端",
    Role.BOARD: "叫号屏",
    Role.GREETER: "导办员",
}

DEVICE_ROLES = frozenset({Role.KIOSK, Role.BOARD})


class ItemKind(StrEnum):
    INSTANT = "INSTANT"
    PROMISED = "PROMISED"


ITEM_KIND_LABELS = {ItemKind.INSTANT: "即办件", ItemKind.PROMISED: "承诺件"}


class ChannelMode(StrEnum):
    NONE = "NONE"
    PREREVIEW = "PREREVIEW"
    ONLINE = "ONLINE"


class Terminal(StrEnum):
    COUNTER = "COUNTER"
    PC = "PC"
    MOBILE = "MOBILE"
    KIOSK = "KIOSK"


class AcceptScope(StrEnum):
    DISTRICT_WIDE = "DISTRICT_WIDE"
    LISTED_POINTS = "LISTED_POINTS"


ACCEPT_SCOPE_LABELS = {
    AcceptScope.DISTRICT_WIDE: "全区通办",
    AcceptScope.LISTED_POINTS: "指定服务点受理",
}


class CatalogStandard(StrEnum):
    CITY = "CITY"
    DISTRICT_VARIANT = "DISTRICT_VARIANT"
    DISTRICT_ONLY = "DISTRICT_ONLY"


CATALOG_STANDARD_LABELS = {
    CatalogStandard.CITY: "全市统一标准",
    CatalogStandard.DISTRICT_VARIANT: "区县变体（在全市标准上调整）",
    CatalogStandard.DISTRICT_ONLY: "区县特有事项",
}


class MaterialForm(StrEnum):
    ORIGINAL = "ORIGINAL"
    COPY = "COPY"
    ORIGINAL_AND_COPY = "ORIGINAL_AND_COPY"
    ELECTRONIC = "ELECTRONIC"


MATERIAL_FORM_LABELS = {
    MaterialForm.ORIGINAL: "原件",
    MaterialForm.COPY: "复印件",
    MaterialForm.ORIGINAL_AND_COPY: "原件及复印件",
    MaterialForm.ELECTRONIC: "电子材料",
}


class MaterialRequirement(StrEnum):
    REQUIRED = "REQUIRED"
    OPTIONAL = "OPTIONAL"
    DEFERRABLE = "DEFERRABLE"


MATERIAL_REQUIREMENT_LABELS = {
    MaterialRequirement.REQUIRED: "必需",
    MaterialRequirement.OPTIONAL: "可选",
    MaterialRequirement.DEFERRABLE: "容缺",
}


class QuestionKind(StrEnum):
    SINGLE = "SINGLE"
    MULTIPLE = "MULTIPLE"
    YES_NO = "YES_NO"
    DATE = "DATE"
    NUMBER = "NUMBER"


QUESTION_KIND_LABELS = {
    QuestionKind.SINGLE: "单选",
    QuestionKind.MULTIPLE: "多选",
    QuestionKind.YES_NO: "是否",
    QuestionKind.DATE: "日期",
    QuestionKind.NUMBER: "数字",
}

LICENSE_TYPE_LABELS = {
    "ID_CARD": "居民身份证",
    "HOUSEHOLD_REGISTER": "居民户口簿",
    "BIRTH_CERTIFICATE": "出生医学证明",
    "MARRIAGE_CERTIFICATE": "结婚证",
    "RESIDENCE_PERMIT": "浙江省居住证",
    "DISABILITY_CERTIFICATE": "残疾人证",
    "SOCIAL_SECURITY_CARD": "社会保障卡",
    "BUSINESS_LICENSE": "营业执照",
    "VETERAN_CERTIFICATE": "退役军人证",
}


class QuestionCategory(StrEnum):
    BUSINESS = "BUSINESS"
    SYSTEM = "SYSTEM"


QUESTION_CATEGORY_LABELS = {QuestionCategory.BUSINESS: "业务知识", QuestionCategory.SYSTEM: "系统操作"}


class ExamQuestionType(StrEnum):
    SINGLE = "SINGLE"
    MULTIPLE = "MULTIPLE"
    TRUE_FALSE = "TRUE_FALSE"


EXAM_QUESTION_TYPE_LABELS = {
    ExamQuestionType.SINGLE: "单选题",
    ExamQuestionType.MULTIPLE: "多选题",
    ExamQuestionType.TRUE_FALSE: "判断题",
}


class AttemptStatus(StrEnum):
    ISSUED = "ISSUED"  # link handed out, not yet scanned
    RUNNING = "RUNNING"
    SUBMITTED = "SUBMITTED"  # graded: handed in, or closed by the deadline
    CANCELLED = "CANCELLED"  # superseded by a newer link before it was scanned


ATTEMPT_STATUS_LABELS = {
    AttemptStatus.ISSUED: "待扫码",
    AttemptStatus.RUNNING: "答题中",
    AttemptStatus.SUBMITTED: "已交卷",
    AttemptStatus.CANCELLED: "已作废",
}


class CertificateStatus(StrEnum):
    VALID = "VALID"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"


CERTIFICATE_STATUS_LABELS = {
    CertificateStatus.VALID: "有效",
    CertificateStatus.EXPIRED: "已过期",
    CertificateStatus.REVOKED: "已撤销",
}


class TicketStatus(StrEnum):
    WAITING = "WAITING"
    CALLED = "CALLED"
    SERVING = "SERVING"
    DONE = "DONE"
    NO_SHOW = "NO_SHOW"
    CANCELLED = "CANCELLED"


class PreCheckOutcome(StrEnum):
    TICKET = "TICKET"  # a ticket was issued with the pre-check attached
    SENT_HOME = "SENT_HOME"  # required materials missing: the resident left with the list (一次告知)


PRE_CHECK_OUTCOME_LABELS = {
    PreCheckOutcome.TICKET: "已取号",
    PreCheckOutcome.SENT_HOME: "一次告知",
}


TICKET_STATUS_LABELS = {
    TicketStatus.WAITING: "等候中",
    TicketStatus.CALLED: "已叫号",
    TicketStatus.SERVING: "办理中",
    TicketStatus.DONE: "已办结",
    TicketStatus.NO_SHOW: "过号",
    TicketStatus.CANCELLED: "已取消",
}


class PriorityClass(StrEnum):
    NORMAL = "NORMAL"
    ELDERLY = "ELDERLY"
    DISABLED = "DISABLED"
    MILITARY = "MILITARY"
    APPOINTMENT = "APPOINTMENT"


PRIORITY_LABELS = {
    PriorityClass.NORMAL: "普通",
    PriorityClass.ELDERLY: "老年人（70 周岁以上）",
    PriorityClass.DISABLED: "残疾人",
    PriorityClass.MILITARY: "军人及优抚对象",
    PriorityClass.APPOINTMENT: "预约",
}


class AppointmentStatus(StrEnum):
    BOOKED = "BOOKED"
    CHECKED_IN = "CHECKED_IN"
    CANCELLED = "CANCELLED"
    MISSED = "MISSED"


APPOINTMENT_STATUS_LABELS = {
    AppointmentStatus.BOOKED: "已预约",
    AppointmentStatus.CHECKED_IN: "已签到取号",
    AppointmentStatus.CANCELLED: "已取消",
    AppointmentStatus.MISSED: "已失效（未按时签到）",
}


class HelpCallStatus(StrEnum):
    OPEN = "OPEN"
    ACCEPTED = "ACCEPTED"
    RESOLVED = "RESOLVED"


HELP_CALL_STATUS_LABELS = {
    HelpCallStatus.OPEN: "待接单",
    HelpCallStatus.ACCEPTED: "专家已接单",
    HelpCallStatus.RESOLVED: "已解决",
}


class MaterialKind(StrEnum):
    TEXT = "TEXT"
    VIDEO = "VIDEO"
    DOCUMENT = "DOCUMENT"


MATERIAL_KIND_LABELS = {MaterialKind.TEXT: "图文", MaterialKind.VIDEO: "视频", MaterialKind.DOCUMENT: "文档"}


class ClockMethod(StrEnum):
    QR = "QR"  # the phone scanned the hall's rotating code
    WORKBENCH = "WORKBENCH"  # the button on the workbench or the 考勤 page


CLOCK_METHOD_LABELS = {ClockMethod.QR: "扫码", ClockMethod.WORKBENCH: "工作台"}


class AttendanceMark(StrEnum):
    NORMAL = "NORMAL"
    LATE = "LATE"
    EARLY_LEAVE = "EARLY_LEAVE"
    ABSENT = "ABSENT"
    MISSING_CLOCK_OUT = "MISSING_CLOCK_OUT"
    NOT_YET = "NOT_YET"  # today, not clocked in yet, the day is not over
    ON_DUTY = "ON_DUTY"  # today, clocked in, not out, the day is not over
    REST = "REST"  # no opening hours that day (weekend, closed date)
    NOT_STARTED = "NOT_STARTED"  # before the staff account existed: not judged


ATTENDANCE_MARK_LABELS = {
    AttendanceMark.NORMAL: "正常",
    AttendanceMark.LATE: "迟到",
    AttendanceMark.EARLY_LEAVE: "早退",
    AttendanceMark.ABSENT: "缺勤",
    AttendanceMark.MISSING_CLOCK_OUT: "未签退",
    AttendanceMark.NOT_YET: "未签到",
    AttendanceMark.ON_DUTY: "在岗",
    AttendanceMark.REST: "休息日",
    AttendanceMark.NOT_STARTED: "未入职",
}


class SessionSignIn(StrEnum):
    SELF = "SELF"  # the staff member signed in during the session window
    SUPERVISOR = "SUPERVISOR"  # marked by the organiser


SESSION_SIGN_IN_LABELS = {SessionSignIn.SELF: "本人签到", SessionSignIn.SUPERVISOR: "管理者标记"}


class CaseChannel(StrEnum):
    COUNTER = "COUNTER"  # 窗口受理
    PC = "PC"  # 网上申报（电脑）
    MOBILE = "MOBILE"  # 掌上办
    KIOSK = "KIOSK"  # 自助终端
    GRID = "GRID"  # 网格员上门代办


CASE_CHANNEL_LABELS = {
    CaseChannel.COUNTER: "窗口受理",
    CaseChannel.PC: "网上申报",
    CaseChannel.MOBILE: "掌上办",
    CaseChannel.KIOSK: "自助终端",
    CaseChannel.GRID: "网格员代办",
}


class CaseStatus(StrEnum):
    PREREVIEW = "PREREVIEW"  # online pre-application waiting for the back office's pre-review
    PREREVIEWED = "PREREVIEWED"  # pre-review passed: the applicant finishes at a window
    RECEIVED = "RECEIVED"  # accepted (受理), in the department's queue, nobody has claimed it
    IN_REVIEW = "IN_REVIEW"  # claimed by an approver
    SUPPLEMENT = "SUPPLEMENT"  # waiting for the applicant's supplement (补件); the clock is paused
    APPROVED = "APPROVED"  # approved, waiting for issuance (待出件)
    REJECTED = "REJECTED"  # 不予受理 / 不予许可, with a notice
    ISSUED = "ISSUED"  # handed over, posted or delivered (已出件，办结)


CASE_STATUS_LABELS = {
    CaseStatus.PREREVIEW: "网上预审中",
    CaseStatus.PREREVIEWED: "预审通过，待窗口受理",
    CaseStatus.RECEIVED: "已受理，待审批",
    CaseStatus.IN_REVIEW: "审批中",
    CaseStatus.SUPPLEMENT: "待补件",
    CaseStatus.APPROVED: "审批通过，待出件",
    CaseStatus.REJECTED: "不予许可",
    CaseStatus.ISSUED: "已出件",
}

OPEN_CASE_STATUSES = frozenset({
    CaseStatus.PREREVIEW, CaseStatus.PREREVIEWED, CaseStatus.RECEIVED, CaseStatus.IN_REVIEW,
    CaseStatus.SUPPLEMENT, CaseStatus.APPROVED,
})


class CaseMaterialStatus(StrEnum):
    MISSING = "MISSING"  # not handed in yet
    COLLECTED = "COLLECTED"  # uploaded (and the original seen when its form asks for it)
    DEFERRED = "DEFERRED"  # 容缺: accepted now, handed in later
    LICENSED = "LICENSED"  # a valid electronic licence stands for it (免提交)


CASE_MATERIAL_STATUS_LABELS = {
    CaseMaterialStatus.MISSING: "未收取",
    CaseMaterialStatus.COLLECTED: "已收取",
    CaseMaterialStatus.DEFERRED: "容缺后补",
    CaseMaterialStatus.LICENSED: "电子证照免提交",
}


class AnnotationKind(StrEnum):
    BLURRY = "BLURRY"
    MISSING_PAGES = "MISSING_PAGES"
    EXPIRED = "EXPIRED"
    MISMATCH = "MISMATCH"
    UNSIGNED = "UNSIGNED"
    WRONG_MATERIAL = "WRONG_MATERIAL"
    OTHER = "OTHER"


ANNOTATION_KIND_LABELS = {
    AnnotationKind.BLURRY: "模糊不清",
    AnnotationKind.MISSING_PAGES: "缺页",
    AnnotationKind.EXPIRED: "已过期",
    AnnotationKind.MISMATCH: "信息不符",
    AnnotationKind.UNSIGNED: "缺少签字（盖章）",
    AnnotationKind.WRONG_MATERIAL: "材料错误",
    AnnotationKind.OTHER: "其他",
}


class IssueMethod(StrEnum):
    PICKUP = "PICKUP"  # 窗口领取
    COURIER = "COURIER"  # 快递送达
    GRID = "GRID"  # 网格员送达


ISSUE_METHOD_LABELS = {
    IssueMethod.PICKUP: "窗口领取",
    IssueMethod.COURIER: "快递送达",
    IssueMethod.GRID: "网格员送达",
}


class InfoCheckStatus(StrEnum):
    OPEN = "OPEN"
    CONFIRMED = "CONFIRMED"
    CORRECTED = "CORRECTED"


INFO_CHECK_STATUS_LABELS = {
    InfoCheckStatus.OPEN: "待核实",
    InfoCheckStatus.CONFIRMED: "核实无误",
    InfoCheckStatus.CORRECTED: "已更正",
}

RATING_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


class RectificationStatus(StrEnum):
    OPEN = "OPEN"
    DONE = "DONE"


RECTIFICATION_STATUS_LABELS = {RectificationStatus.OPEN: "整改中", RectificationStatus.DONE: "已整改回访"}


class NoticeKind(StrEnum):
    ASSIGNED = "ASSIGNED"  # a case entered my queue or was assigned to me
    OFFERED = "OFFERED"  # offered to me as the B post
    COPIED = "COPIED"  # copied to me as the department leader
    REMINDER = "REMINDER"  # the case reached its reminder point
    ESCALATED = "ESCALATED"  # overdue: escalated to me as the supervisor
    SUPPLEMENTED = "SUPPLEMENTED"  # the applicant handed in the supplement
    INFO_CHECK = "INFO_CHECK"  # the front desk flagged a datum for my department
    RECTIFICATION = "RECTIFICATION"  # a bad rating opened a rectification task
    JOINT = "JOINT"  # a linked case of my joint application was approved: mine is next


NOTICE_KIND_LABELS = {
    NoticeKind.ASSIGNED: "新办件",
    NoticeKind.OFFERED: "B岗接办",
    NoticeKind.COPIED: "抄送",
    NoticeKind.REMINDER: "临期提醒",
    NoticeKind.ESCALATED: "超期督办",
    NoticeKind.SUPPLEMENTED: "已补件",
    NoticeKind.INFO_CHECK: "信息校验",
    NoticeKind.RECTIFICATION: "差评整改",
    NoticeKind.JOINT: "联办提醒",
}


class OutboxStatus(StrEnum):
    PENDING = "PENDING"  # an outbox message waiting for (another) delivery attempt
    DELIVERED = "DELIVERED"  # its handler delivered it (a department system answered 2xx …)
    DEAD = "DEAD"  # gave up after the maximum attempts: an administrator looks at it


OUTBOX_STATUS_LABELS = {
    OutboxStatus.PENDING: "待投递",
    OutboxStatus.DELIVERED: "已送达",
    OutboxStatus.DEAD: "投递失败（已停止重试）",
}


class RelationSource(StrEnum):
    CURATED = "CURATED"  # written by an administrator (目录维护)
    MINED = "MINED"  # suggested from the history of cases (办件数据挖掘)


RELATION_SOURCE_LABELS = {RelationSource.CURATED: "人工配置", RelationSource.MINED: "数据挖掘"}


class RelationStatus(StrEnum):
    ACTIVE = "ACTIVE"  # a curated relation, offered
    SUGGESTED = "SUGGESTED"  # a mined relation waiting for an administrator: not offered
    ACCEPTED = "ACCEPTED"  # a mined relation an administrator accepted: offered
    REJECTED = "REJECTED"  # a mined relation an administrator rejected: never offered
    HIDDEN = "HIDDEN"  # a district's row that hides the city's relation of the same pair there


RELATION_STATUS_LABELS = {
    RelationStatus.ACTIVE: "生效",
    RelationStatus.SUGGESTED: "待审核",
    RelationStatus.ACCEPTED: "已采纳",
    RelationStatus.REJECTED: "已驳回",
    RelationStatus.HIDDEN: "本区停用",
}


class NotifyChannel(StrEnum):
    SMS = "SMS"  # 短信, through the sms port (an Aliyun-Dysmsapi-shaped provider)
    INAPP = "INAPP"  # 我的消息: the resident's inbox on PC and phone
    DINGTALK = "DINGTALK"  # 钉钉群机器人 (custom robot, signed webhook)
    WECOM = "WECOM"  # 企业微信群机器人 (group robot webhook)


NOTIFY_CHANNEL_LABELS = {
    NotifyChannel.SMS: "短信",
    NotifyChannel.INAPP: "站内消息",
    NotifyChannel.DINGTALK: "钉钉群",
    NotifyChannel.WECOM: "企业微信群",
}


class NotifyStatus(StrEnum):
    QUEUED = "QUEUED"  # written with its event, waiting for delivery (or deferred: see reason)
    SENT = "SENT"  # the provider / robot accepted it
    DELIVERED = "DELIVERED"  # the provider's receipt says it reached the phone; in-app: stored
    FAILED = "FAILED"  # the provider refused it, or the receipt says it did not arrive
    SUPPRESSED = "SUPPRESSED"  # not sent on purpose (opt-out, rate limit, event off): see reason


NOTIFY_STATUS_LABELS = {
    NotifyStatus.QUEUED: "待发送",
    NotifyStatus.SENT: "已发送",
    NotifyStatus.DELIVERED: "已送达",
    NotifyStatus.FAILED: "发送失败",
    NotifyStatus.SUPPRESSED: "未发送",
}
