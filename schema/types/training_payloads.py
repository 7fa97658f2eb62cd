"""Inputs and mutation payloads of training."""

from __future__ import annotations

from typing import Any

import strawberry

from hub.models.enums import ExamQuestionType as ModelQuestionType
from schema.enums import ExamQuestionType, QuestionCategory
from schema.types.training import (
    Certificate,
    Exam,
    ExamPaper,
    ExamQuestion,
    ExamSession,
    TrainingError,
)


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
