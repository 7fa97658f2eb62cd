"""GraphQL output types of the training module: question bank, exams, attempts, certificates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import Private

from hub.core.errors import ErrorCode
from hub.core.models import enums as m
from hub.core.models.enums import ExamQuestionType as ModelQuestionType
from hub.core.qr import qr_data_url
from schema.catalog.types import PageInfo
from schema.context import Info
from schema.enums import AttemptStatus, CertificateStatus, ExamQuestionType, QuestionCategory
from schema.errors import Error, code_enum, code_field
from schema.org.types import Staff
from training import exams
from training.certificates import status_of

Row = dict[str, Any]


@strawberry.type(description="考题的一个选项")
class ExamOption:
    key: str = strawberry.field(description="选项标识（答卷中为本次显示的字母 A、B、C …）")
    text: str = strawberry.field(description="选项内容")

    @classmethod
    def list_of(cls, options: list[dict[str, str]]) -> list[ExamOption]:
        return [cls(key=o["key"], text=o["text"]) for o in options]


@strawberry.type(description="题库中的一道考题，含正确答案与解析（仅系统管理员可见）")
class ExamQuestion:
    code: str = strawberry.field(description="题目编码")
    category: QuestionCategory = strawberry.field(description="类别")
    category_label: str = strawberry.field(description="类别的中文名称")
    department_code: str | None = strawberry.field(description="所属部门编码（业务题可选）")
    type: ExamQuestionType = strawberry.field(description="题型")
    type_label: str = strawberry.field(description="题型的中文名称")
    text: str = strawberry.field(description="题干")
    options: list[ExamOption] = strawberry.field(description="选项")
    answer: list[str] = strawberry.field(description="正确选项的标识")
    tags: list[str] = strawberry.field(description="标签，如 收件、容缺受理、叫号")
    explanation: str = strawberry.field(description="解析")
    difficulty: int = strawberry.field(description="难度 1–5")
    active: bool = strawberry.field(description="是否在用（停用的题不再被抽取）")
    updated_at: datetime = strawberry.field(description="最后修改时间")

    @classmethod
    def from_row(cls, r: Row) -> ExamQuestion:
        category, qtype = m.QuestionCategory(r["category"]), m.ExamQuestionType(r["type"])
        return cls(
            code=r["code"], category=category, category_label=m.QUESTION_CATEGORY_LABELS[category],
            department_code=r["department_code"], type=qtype, type_label=m.EXAM_QUESTION_TYPE_LABELS[qtype],
            text=r["text"], options=ExamOption.list_of(r["options"]), answer=r["answer"], tags=r["tags"],
            explanation=r["explanation"], difficulty=r["difficulty"], active=r["active"],
            updated_at=r["updated_at"],
        )


@strawberry.type(description="题库分页列表中的一条")
class ExamQuestionEdge:
    cursor: str = strawberry.field(description="该条的游标")
    node: ExamQuestion = strawberry.field(description="考题")


@strawberry.type(description="题库分页列表")
class ExamQuestionConnection:
    edges: list[ExamQuestionEdge] = strawberry.field(description="本页考题")
    page_info: PageInfo = strawberry.field(description="分页信息")


@strawberry.type(description="上岗证范围：持证人可服务的队列类别和部门")
class CertificateScope:
    queue_categories: list[str] = strawberry.field(description="队列类别编码，如 INTAKE（综合受理）")
    department_codes: list[str] = strawberry.field(description="部门编码")
    label: str = strawberry.field(description="中文说明，如 综合受理；人社、医保")

    @classmethod
    def of(cls, categories: list[str], departments: list[str], names: dict[str, str]) -> CertificateScope:
        return cls(queue_categories=categories, department_codes=departments,
                   label=exams.scope_label(categories, departments, names))


@strawberry.type(description="考试的一个部分：从题库按类别和标签随机抽题，单独计分")
class ExamPart:
    name: str = strawberry.field(description="名称，如 业务知识")
    category: QuestionCategory = strawberry.field(description="抽题类别")
    department_code: str | None = strawberry.field(description="只抽该部门的题（为空：不限）")
    tags: list[str] = strawberry.field(description="只抽带有其中任一标签的题（为空：不限）")
    question_count: int = strawberry.field(description="抽题数量")
    pass_percent: int = strawberry.field(description="合格线（正确率百分比）")


@strawberry.type(description="考试：各部分均合格即颁发上岗证")
class Exam:
    code: str = strawberry.field(description="考试编码")
    title: str = strawberry.field(description="考试名称")
    description: str = strawberry.field(description="说明")
    time_limit_minutes: int = strawberry.field(description="考试时长（分钟），由服务器计时")
    max_attempts: int = strawberry.field(description="未通过时允许的考试次数（通过后重新计数）")
    cooldown_minutes: int = strawberry.field(description="未通过后再次考试须间隔的分钟数")
    link_valid_minutes: int = strawberry.field(description="考试二维码生成后多少分钟内有效")
    scope: CertificateScope = strawberry.field(description="通过后上岗证的范围")
    parts: list[ExamPart] = strawberry.field(description="各部分")
    active: bool = strawberry.field(description="是否在用")

    @classmethod
    def from_row(cls, r: Row, parts: list[Row], names: dict[str, str]) -> Exam:
        return cls(
            code=r["code"], title=r["title"], description=r["description"],
            time_limit_minutes=r["time_limit_minutes"], max_attempts=r["max_attempts"],
            cooldown_minutes=r["cooldown_minutes"], link_valid_minutes=r["link_valid_minutes"],
            scope=CertificateScope.of(r["scope_categories"], r["scope_departments"], names),
            parts=[ExamPart(name=p["name"], category=m.QuestionCategory(p["category"]),
                            department_code=p["department_code"], tags=p["tags"],
                            question_count=p["question_count"], pass_percent=p["pass_percent"])
                   for p in parts if p["exam_id"] == r["id"]],
            active=r["active"],
        )


@strawberry.type(description="考试二维码：一次有效，过期作废；扫码即开始计时")
class ExamSession:
    attempt_id: strawberry.ID = strawberry.field(description="考试场次标识")
    staff_name: str = strawberry.field(description="考生姓名")
    exam_title: str = strawberry.field(description="考试名称")
    token: str = strawberry.field(description="考试链接令牌（即二维码内容的最后一段）")
    url: str = strawberry.field(description="考试链接：{公开地址}/exam/{token}")
    qr_data_url: str = strawberry.field(description="考试链接的二维码（SVG data URL，可直接作为图片地址）")
    expires_at: datetime = strawberry.field(description="二维码失效时间")
    url_warning: str | None = strawberry.field(
        description="链接地址手机无法访问时的提醒（如本机回环地址 127.0.0.1）；可访问时为空")


@strawberry.type(description="答卷的一个部分")
class PaperPart:
    name: str = strawberry.field(description="名称")
    question_count: int = strawberry.field(description="题数")
    pass_percent: int = strawberry.field(description="合格线（百分比）")


def _question_fields(q: Row) -> dict[str, Any]:
    qtype = m.ExamQuestionType(q["type"])
    return {"index": q["index"], "part": q["part"], "type": qtype, "type_label": q["type_label"],
            "text": q["text"], "options": ExamOption.list_of(q["options"]), "chosen": q["chosen"]}


@strawberry.type(description="答卷上的一道题：不含答案和解析")
class PaperQuestion:
    index: int = strawberry.field(description="题号（从 0 开始），保存答案时使用")
    part: str = strawberry.field(description="所属部分")
    type: ExamQuestionType = strawberry.field(description="题型")
    type_label: str = strawberry.field(description="题型的中文名称")
    text: str = strawberry.field(description="题干")
    options: list[ExamOption] = strawberry.field(description="选项（本次打乱后的顺序，标为 A、B、C …）")
    chosen: list[str] = strawberry.field(description="已保存的作答")

    @classmethod
    def from_row(cls, q: Row) -> PaperQuestion:
        return cls(**_question_fields(q))


@strawberry.type(description="交卷后的逐题解析")
class QuestionReview:
    index: int = strawberry.field(description="题号（从 0 开始）")
    part: str = strawberry.field(description="所属部分")
    type: ExamQuestionType = strawberry.field(description="题型")
    type_label: str = strawberry.field(description="题型的中文名称")
    text: str = strawberry.field(description="题干")
    options: list[ExamOption] = strawberry.field(description="选项（与答卷相同的顺序和字母）")
    chosen: list[str] = strawberry.field(description="考生的作答")
    answer: list[str] = strawberry.field(description="正确答案")
    correct: bool = strawberry.field(description="是否答对")
    explanation: str = strawberry.field(description="解析")

    @classmethod
    def from_row(cls, q: Row) -> QuestionReview:
        return cls(**_question_fields(q), answer=q["answer"], correct=q["correct"],
                   explanation=q["explanation"])


@strawberry.type(description="一个部分的成绩")
class PartResult:
    name: str = strawberry.field(description="部分名称")
    correct: int = strawberry.field(description="答对题数")
    total: int = strawberry.field(description="总题数")
    percent: float = strawberry.field(description="正确率（百分比）")
    pass_percent: int = strawberry.field(description="合格线（百分比）")
    passed: bool = strawberry.field(description="是否合格")

    @classmethod
    def list_of(cls, parts: list[Row]) -> list[PartResult]:
        return [cls(name=p["name"], correct=p["correct"], total=p["total"], percent=p["percent"],
                    pass_percent=p["pass_percent"], passed=p["passed"]) for p in parts]


@strawberry.type(description="上岗证的公开核验结果：姓名已脱敏")
class CertificateVerification:
    code: str = strawberry.field(description="证书编号")
    masked_name: str = strawberry.field(description="持证人姓名（脱敏，如 李*敏）")
    exam_title: str = strawberry.field(description="通过的考试")
    scope: CertificateScope = strawberry.field(description="可服务范围")
    issued_on: date = strawberry.field(description="发证日期")
    valid_until: date = strawberry.field(description="有效期至（含当日）")
    status: CertificateStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态的中文名称：有效 / 已过期 / 已撤销")

    @classmethod
    def from_view(cls, v: Row) -> CertificateVerification:
        status = m.CertificateStatus(v["status"])
        return cls(
            code=v["code"], masked_name=v["masked_name"], exam_title=v["exam_title"],
            scope=CertificateScope(queue_categories=v["scope_categories"],
                                   department_codes=v["scope_departments"], label=v["scope_label"]),
            issued_on=v["issued_on"], valid_until=v["valid_until"], status=status,
            status_label=m.CERTIFICATE_STATUS_LABELS[status],
        )


@strawberry.type(description="考试成绩：交卷（或到时自动交卷）后才有")
class ExamResult:
    passed: bool = strawberry.field(description="是否通过（各部分均合格）")
    timed_out: bool = strawberry.field(description="是否因到时自动交卷")
    submitted_at: datetime = strawberry.field(description="交卷时间")
    parts: list[PartResult] = strawberry.field(description="各部分成绩")
    review: list[QuestionReview] = strawberry.field(description="逐题答案与解析")
    certificate: CertificateVerification | None = strawberry.field(description="通过后颁发的上岗证")


@strawberry.type(description="手机上的答卷：交卷前不含答案和解析")
class ExamPaper:
    attempt_id: strawberry.ID = strawberry.field(description="考试场次标识")
    exam_title: str = strawberry.field(description="考试名称")
    candidate_name: str = strawberry.field(description="考生姓名")
    status: AttemptStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态的中文名称")
    started_at: datetime = strawberry.field(description="开始时间")
    deadline: datetime = strawberry.field(description="截止时间（服务器计时）")
    server_time: datetime = strawberry.field(description="服务器当前时间，用于校准手机上的倒计时")
    remaining_seconds: int = strawberry.field(description="剩余秒数")
    parts: list[PaperPart] = strawberry.field(description="各部分")
    questions: list[PaperQuestion] = strawberry.field(description="题目（交卷前不含答案）")
    result: ExamResult | None = strawberry.field(description="成绩与解析（交卷后才有）")

    @classmethod
    def from_view(cls, v: Row) -> ExamPaper:
        status = m.AttemptStatus(v["status"])
        r = v["result"]
        result = None if r is None else ExamResult(
            passed=r["passed"], timed_out=r["timed_out"], submitted_at=r["submitted_at"],
            parts=PartResult.list_of(r["parts"]), review=[QuestionReview.from_row(q) for q in r["review"]],
            certificate=CertificateVerification.from_view(r["certificate"]) if r["certificate"] else None,
        )
        return cls(
            attempt_id=strawberry.ID(str(v["attempt_id"])), exam_title=v["exam_title"],
            candidate_name=v["candidate"], status=status, status_label=m.ATTEMPT_STATUS_LABELS[status],
            started_at=v["started_at"], deadline=v["deadline"], server_time=v["server_time"],
            remaining_seconds=v["remaining_seconds"],
            parts=[PaperPart(name=p["name"], question_count=p["question_count"],
                             pass_percent=p["pass_percent"]) for p in v["parts"]],
            questions=[PaperQuestion.from_row(q) for q in v["questions"]], result=result,
        )


@strawberry.type(description="一次考试记录（成绩摘要，不含试题）")
class ExamAttempt:
    id: strawberry.ID = strawberry.field(description="考试场次标识")
    exam_title: str = strawberry.field(description="考试名称")
    status: AttemptStatus = strawberry.field(description="状态")
    status_label: str = strawberry.field(description="状态的中文名称（二维码过期未扫的显示为 已过期）")
    attempt_number: int | None = strawberry.field(description="第几次考试（扫码开始后才编号）")
    created_at: datetime = strawberry.field(description="二维码生成时间")
    started_at: datetime | None = strawberry.field(description="开始时间")
    deadline: datetime | None = strawberry.field(description="截止时间")
    submitted_at: datetime | None = strawberry.field(description="交卷时间")
    timed_out: bool = strawberry.field(description="是否到时自动交卷")
    passed: bool | None = strawberry.field(description="是否通过")
    parts: list[PartResult] = strawberry.field(description="各部分成绩（交卷后才有）")

    @classmethod
    def from_row(cls, r: Row, now: datetime) -> ExamAttempt:
        status = m.AttemptStatus(r["status"])
        label = m.ATTEMPT_STATUS_LABELS[status]
        if status == m.AttemptStatus.ISSUED and now >= r["link_expires_at"]:
            label = "已过期"
        return cls(
            id=strawberry.ID(str(r["id"])), exam_title=r["exam_title"], status=status, status_label=label,
            attempt_number=r["seq"], created_at=r["created_at"], started_at=r["started_at"],
            deadline=r["deadline"], submitted_at=r["submitted_at"], timed_out=r["timed_out"],
            passed=r["passed"], parts=PartResult.list_of(r["result"]["parts"]) if r["result"] else [],
        )


@strawberry.type(description="上岗证（持证上岗）")
class Certificate:
    staff_id: Private[int]
    code: str = strawberry.field(description="证书编号")
    holder_name: str = strawberry.field(description="持证人姓名（发证时）")
    exam_title: str = strawberry.field(description="通过的考试")
    scope: CertificateScope = strawberry.field(description="可服务范围")
    issued_on: date = strawberry.field(description="发证日期")
    valid_until: date = strawberry.field(description="有效期至（含当日）")
    days_left: int = strawberry.field(description="距到期的天数（已过期为负数）")
    status: CertificateStatus = strawberry.field(description="状态（按今天计算）")
    status_label: str = strawberry.field(description="状态的中文名称")
    revoked_reason: str = strawberry.field(description="撤销原因")
    revoked_at: datetime | None = strawberry.field(description="撤销时间")

    @classmethod
    def from_row(cls, r: Row, today: date, names: dict[str, str]) -> Certificate:
        status = m.CertificateStatus(status_of(r, today))
        return cls(
            staff_id=r["staff_id"], code=r["code"], holder_name=r["holder_name"], exam_title=r["exam_title"],
            scope=CertificateScope.of(r["scope_categories"], r["scope_departments"], names),
            issued_on=r["issued_on"], valid_until=r["valid_until"],
            days_left=(r["valid_until"] - today).days, status=status,
            status_label=m.CERTIFICATE_STATUS_LABELS[status], revoked_reason=r["revoked_reason"],
            revoked_at=r["revoked_at"],
        )

    @strawberry.field(description="持证人")
    async def holder(self, info: Info) -> Staff:
        row = await info.context.org.staff_by_id.load(self.staff_id)
        assert row is not None, "foreign key guarantees the holder"
        return Staff.from_row(row)

    @strawberry.field(description="核验链接：{公开地址}/verify/{code}")
    def verify_url(self, info: Info) -> str:
        return f"{info.context.public_base()}/verify/{self.code}"

    @strawberry.field(description="核验链接的二维码（SVG data URL），可印在上岗证上")
    def qr_data_url(self, info: Info) -> str:
        return qr_data_url(f"{info.context.public_base()}/verify/{self.code}")


@strawberry.type(description="上岗证分页列表中的一条")
class CertificateEdge:
    cursor: str = strawberry.field(description="该条的游标")
    node: Certificate = strawberry.field(description="上岗证")


@strawberry.type(description="上岗证分页列表")
class CertificateConnection:
    edges: list[CertificateEdge] = strawberry.field(description="本页上岗证")
    page_info: PageInfo = strawberry.field(description="分页信息")


TrainingErrorCode = code_enum("TrainingErrorCode", "培训考试错误代码", [
    ErrorCode.INVALID, ErrorCode.BANK_INVALID, ErrorCode.DUPLICATE, ErrorCode.NOT_FOUND,
    ErrorCode.NOT_ENOUGH_QUESTIONS, ErrorCode.IN_PROGRESS, ErrorCode.ATTEMPTS_EXHAUSTED,
    ErrorCode.COOLING_DOWN, ErrorCode.LINK_INVALID, ErrorCode.LINK_USED, ErrorCode.LINK_EXPIRED,
    ErrorCode.SESSION_INVALID, ErrorCode.TIME_UP, ErrorCode.ALREADY_SUBMITTED,
    ErrorCode.ALREADY_REVOKED, ErrorCode.ALREADY_CERTIFIED,
])


@strawberry.type(description="培训考试错误：校验不通过时每个问题一条")
class TrainingError(Error):
    code: ErrorCode = code_field(TrainingErrorCode)


@strawberry.input(description="考题选项")
class ExamOptionInput:
    key: str = strawberry.field(description="选项标识，如 A")
    text: str = strawberry.field(description="选项内容")


@strawberry.input(description="考题内容")
class ExamQuestionInput:
    category: QuestionCategory = strawberry.field(description="类别")
    type: ExamQuestionType = strawberry.field(description="题型")
    text: str = strawberry.field(description="题干")
    answer: list[str] = strawberry.field(description="正确选项的标识；判断题为 T（正确）或 F（错误）")
    options: list[ExamOptionInput] = strawberry.field(
        default_factory=list, description="选项（2–8 个）；判断题不填"
    )
    code: str | None = strawberry.field(default=None, description="题目编码（新建时可不填，自动生成）")
    department_code: str | None = strawberry.field(default=None, description="所属部门编码（业务题可选）")
    tags: list[str] = strawberry.field(default_factory=list, description="标签")
    explanation: str = strawberry.field(default="", description="解析（交卷后展示给考生）")
    difficulty: int = strawberry.field(default=3, description="难度 1–5")
    active: bool = strawberry.field(default=True, description="是否在用")

    def document(self) -> dict[str, Any]:
        options = [] if self.type == ModelQuestionType.TRUE_FALSE else [
            {"key": o.key, "text": o.text} for o in self.options
        ]
        return {
            "code": self.code, "category": self.category, "department_code": self.department_code,
            "type": self.type, "text": self.text, "options": options, "answer": self.answer,
            "tags": self.tags, "explanation": self.explanation, "difficulty": self.difficulty,
            "active": self.active,
        }


@strawberry.type(description="考题保存结果")
class ExamQuestionPayload:
    question: ExamQuestion | None = strawberry.field(description="保存后的考题")
    errors: list[TrainingError] = strawberry.field(description="错误（为空表示成功），每个问题一条")


@strawberry.type(description="题库导入结果：全部通过校验才写入，否则一条不写并列出全部问题")
class ImportExamQuestionsPayload:
    created: list[str] = strawberry.field(description="新增的题目编码")
    updated: list[str] = strawberry.field(description="修改的题目编码")
    unchanged: int = strawberry.field(description="未变化的题数")
    errors: list[TrainingError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.input(description="考试的一个部分")
class ExamPartInput:
    name: str = strawberry.field(description="名称，如 业务知识")
    category: QuestionCategory = strawberry.field(description="抽题类别")
    question_count: int = strawberry.field(description="抽题数量")
    pass_percent: int = strawberry.field(description="合格线（正确率百分比）")
    department_code: str | None = strawberry.field(default=None, description="只抽该部门的题")
    tags: list[str] = strawberry.field(default_factory=list, description="只抽带有其中任一标签的题")


@strawberry.input(description="考试定义（按编码新建或整体替换）")
class ExamInput:
    code: str = strawberry.field(description="考试编码")
    title: str = strawberry.field(description="考试名称")
    time_limit_minutes: int = strawberry.field(description="考试时长（分钟）")
    max_attempts: int = strawberry.field(description="未通过时允许的考试次数")
    parts: list[ExamPartInput] = strawberry.field(description="各部分（1–5 个）")
    scope_categories: list[str] = strawberry.field(
        default_factory=list, description="上岗证可服务的队列类别，如 INTAKE"
    )
    scope_departments: list[str] = strawberry.field(
        default_factory=list, description="上岗证可服务的部门编码"
    )
    cooldown_minutes: int = strawberry.field(default=0, description="未通过后再次考试须间隔的分钟数")
    link_valid_minutes: int = strawberry.field(default=15, description="考试二维码的有效分钟数")
    description: str = strawberry.field(default="", description="说明")
    active: bool = strawberry.field(default=True, description="是否在用")


@strawberry.type(description="考试保存结果")
class SaveExamPayload:
    exam: Exam | None = strawberry.field(description="保存后的考试")
    errors: list[TrainingError] = strawberry.field(description="错误（为空表示成功），每个问题一条")


@strawberry.input(description="为工作人员开考")
class OpenExamSessionInput:
    staff_id: strawberry.ID = strawberry.field(description="考生（本人，或管辖范围内的人员）")
    exam_code: str = strawberry.field(description="考试编码")


@strawberry.type(description="开考结果：一次有效的考试二维码")
class OpenExamSessionPayload:
    session: ExamSession | None = strawberry.field(description="考试二维码")
    errors: list[TrainingError] = strawberry.field(description="不能开考的原因")


@strawberry.input(description="一道题的作答")
class ExamAnswerInput:
    index: int = strawberry.field(description="题号（从 0 开始）")
    choices: list[str] = strawberry.field(description="所选选项的字母；空列表表示清除作答")


@strawberry.type(description="开考前的确认页：考生身份与考试规则（读取不会使用链接，也不开始计时）")
class ExamLinkPreview:
    exam_title: str = strawberry.field(description="考试名称")
    description: str = strawberry.field(description="考试说明")
    time_limit_minutes: int = strawberry.field(description="限时（分钟），点“开始考试”后才开始计时")
    max_attempts: int = strawberry.field(description="允许的考试次数")
    parts: list[ExamPart] = strawberry.field(description="各部分：抽题数量与合格线")
    candidate_name: str = strawberry.field(description="考生姓名")
    username: str = strawberry.field(description="考生工号（登录名）")
    masked_phone: str = strawberry.field(description="脱敏的手机号")
    service_point_name: str = strawberry.field(description="考生所属服务点")
    link_expires_at: datetime = strawberry.field(description="二维码失效时间：须在此前开始考试")

    @classmethod
    def of(cls, v: dict[str, Any]) -> ExamLinkPreview:
        e = v["exam"]
        return cls(
            exam_title=e["title"], description=e["description"],
            time_limit_minutes=e["time_limit_minutes"], max_attempts=e["max_attempts"],
            parts=[ExamPart(name=p["name"], category=m.QuestionCategory(p["category"]),
                            department_code=p["department_code"], tags=p["tags"],
                            question_count=p["question_count"], pass_percent=p["pass_percent"])
                   for p in v["parts"]],
            candidate_name=v["name"], username=v["username"], masked_phone=v["masked_phone"],
            service_point_name=v["service_point"], link_expires_at=v["link_expires_at"])


@strawberry.type(description="开考确认页的读取结果")
class ExamLinkPreviewPayload:
    preview: ExamLinkPreview | None = strawberry.field(description="考生与规则（链接不可用时为空）")
    errors: list[TrainingError] = strawberry.field(description="链接不可用的原因（已使用、已过期、已作废…）")


@strawberry.type(description="扫码进入考试的结果")
class StartExamPayload:
    session_token: str | None = strawberry.field(
        description="答题会话令牌：保存作答、交卷和查看答卷时使用（二维码本身已失效）"
    )
    paper: ExamPaper | None = strawberry.field(description="答卷（不含答案）")
    errors: list[TrainingError] = strawberry.field(description="不能进入的原因")


@strawberry.type(description="保存作答结果")
class SaveExamAnswersPayload:
    saved: int = strawberry.field(description="本次保存的题数")
    remaining_seconds: int = strawberry.field(description="剩余秒数")
    errors: list[TrainingError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="交卷结果")
class SubmitExamPayload:
    paper: ExamPaper | None = strawberry.field(description="交卷后的答卷：成绩、答案与解析")
    errors: list[TrainingError] = strawberry.field(description="错误（为空表示成功）")


@strawberry.type(description="撤销上岗证结果")
class RevokeCertificatePayload:
    certificate: Certificate | None = strawberry.field(description="撤销后的上岗证")
    errors: list[TrainingError] = strawberry.field(description="错误（为空表示成功）")
