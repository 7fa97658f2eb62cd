"""GraphQL input types of the training module: question bank, exams, attempts, certificates."""

from __future__ import annotations

import strawberry

from schema.enums import QuestionCategory


@strawberry.input(description="题库筛选条件")
class ExamQuestionFilter:
    category: QuestionCategory | None = strawberry.field(default=None, description="类别")
    department_code: str | None = strawberry.field(default=None, description="部门编码")
    active: bool | None = strawberry.field(default=None, description="是否在用")
    keyword: str | None = strawberry.field(default=None, description="题干或编码中的关键词")
