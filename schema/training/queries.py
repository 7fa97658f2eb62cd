"""GraphQL query fields of the training module: question bank, exams, attempts, certificates."""

from __future__ import annotations

import strawberry

from hub.core.clock import local_date, utcnow
from hub.core.errors import HubError
from hub.core.models.enums import Role
from schema.catalog.types import PageInfo
from schema.context import Info
from schema.permissions import IsAuthenticated, has_role
from schema.training.inputs import ExamQuestionFilter
from schema.training.types import (
    Certificate,
    CertificateConnection,
    CertificateEdge,
    CertificateVerification,
    Exam,
    ExamAttempt,
    ExamLinkPreview,
    ExamLinkPreviewPayload,
    ExamPaper,
    ExamQuestion,
    ExamQuestionConnection,
    ExamQuestionEdge,
    TrainingError,
)
from training import attempts, bank, certificates, exams
from training.links import signer_for


@strawberry.type
class TrainingQuery:
    @strawberry.field(description="题库（系统管理员）", permission_classes=[has_role(Role.ADMIN)])
    async def exam_questions(
        self, info: Info, first: int = 20, after: str | None = None, filter: ExamQuestionFilter | None = None
    ) -> ExamQuestionConnection:
        f = filter or ExamQuestionFilter()
        page = await bank.list_questions(
            await info.context.viewer(),
            bank.QuestionFilter(f.category, f.department_code, f.active, f.keyword),
            first, after, info.context.services.settings.max_page_size,
        )
        return ExamQuestionConnection(
            edges=[ExamQuestionEdge(cursor=c, node=ExamQuestion.from_row(r))
                   for r, c in zip(page.rows, page.cursors, strict=True)],
            page_info=PageInfo.of(page),
        )

    @strawberry.field(description="导出整个题库（JSON 文本，可再导入）",
                      permission_classes=[has_role(Role.ADMIN)])
    async def exam_question_bank_export(self, info: Info) -> str:
        return await bank.export_bank(await info.context.viewer())

    @strawberry.field(description="考试列表", permission_classes=[IsAuthenticated])
    async def exams(self, include_inactive: bool = False) -> list[Exam]:
        rows = await exams.list_exams(include_inactive)
        parts = await exams.parts_of([r["id"] for r in rows])
        names = await certificates.department_names()
        return [Exam.from_row(r, parts, names) for r in rows]

    @strawberry.field(description="开考确认页（无需登录，链接即凭证）：考生身份与考试规则；只读，不开始计时")
    async def exam_link_preview(self, info: Info, token: str) -> ExamLinkPreviewPayload:
        signer = signer_for(info.context.services.settings.secret_key)
        try:
            found = await attempts.preview(token, signer=signer, now=utcnow())
        except HubError as e:
            return ExamLinkPreviewPayload(preview=None, errors=TrainingError.all_of(e))
        return ExamLinkPreviewPayload(preview=ExamLinkPreview.of(found), errors=[])

    @strawberry.field(description="手机答卷：凭扫码得到的会话令牌查看题目、已存作答与剩余时间；交卷后含成绩与解析")
    async def exam_paper(self, info: Info, session_token: str) -> ExamPaper:
        signer = signer_for(info.context.services.settings.secret_key)
        return ExamPaper.from_view(await attempts.paper_view(session_token, signer=signer, now=utcnow()))

    @strawberry.field(description="工作人员的考试记录（本人，或管理者查看管辖范围内的人员）",
                      permission_classes=[IsAuthenticated])
    async def exam_attempts(
        self, info: Info, staff_id: strawberry.ID, exam_code: str | None = None
    ) -> list[ExamAttempt]:
        now = utcnow()
        rows = await attempts.history_of(await info.context.viewer(), int(staff_id), exam_code, now)
        return [ExamAttempt.from_row(r, now) for r in rows]

    @strawberry.field(description="工作人员的上岗证（本人，或管理者查看管辖范围内的人员）",
                      permission_classes=[IsAuthenticated])
    async def certificates(self, info: Info, staff_id: strawberry.ID) -> list[Certificate]:
        rows = await certificates.of_staff(await info.context.viewer(), int(staff_id))
        today, names = local_date(utcnow()), await certificates.department_names()
        return [Certificate.from_row(r, today, names) for r in rows]

    @strawberry.field(
        description="管辖范围内 days 天内到期的有效上岗证，最早到期的在前（用于 30 天、7 天到期提醒）",
        permission_classes=[has_role(Role.SUPERVISOR, Role.ADMIN)],
    )
    async def expiring_certificates(
        self, info: Info, days: int, first: int = 20, after: str | None = None
    ) -> CertificateConnection:
        today = local_date(utcnow())
        page = await certificates.expiring(
            await info.context.viewer(), days, today, first, after,
            info.context.services.settings.max_page_size,
        )
        names = await certificates.department_names()
        return CertificateConnection(
            edges=[CertificateEdge(cursor=c, node=Certificate.from_row(r, today, names))
                   for r, c in zip(page.rows, page.cursors, strict=True)],
            page_info=PageInfo.of(page),
        )

    @strawberry.field(
        description="公开核验上岗证（无需登录）：脱敏姓名、范围、有效期与状态；编号不存在时为 null"
    )
    async def verify_certificate(self, code: str) -> CertificateVerification | None:
        view = await certificates.verify(code, local_date(utcnow()))
        return CertificateVerification.from_view(view) if view else None
