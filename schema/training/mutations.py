"""GraphQL mutations of the training module: question bank, exams, attempts, certificates."""

from __future__ import annotations

import strawberry

from hub.core.clock import local_date, utcnow
from hub.core.errors import HubError
from hub.core.models.enums import Role
from hub.core.qr import phone_unreachable_warning, qr_data_url
from schema.context import Info
from schema.permissions import IsAuthenticated, has_role
from schema.training.types import (
    Certificate,
    Exam,
    ExamAnswerInput,
    ExamInput,
    ExamPaper,
    ExamQuestion,
    ExamQuestionInput,
    ExamQuestionPayload,
    ExamSession,
    ImportExamQuestionsPayload,
    OpenExamSessionInput,
    OpenExamSessionPayload,
    RevokeCertificatePayload,
    SaveExamAnswersPayload,
    SaveExamPayload,
    StartExamPayload,
    SubmitExamPayload,
    TrainingError,
)
from training import attempts, bank, certificates, exams
from training.links import ExamLinkSigner, signer_for

ADMIN = [has_role(Role.ADMIN)]


def _signer(info: Info) -> ExamLinkSigner:
    return signer_for(info.context.services.settings.secret_key)


def _answers(items: list[ExamAnswerInput] | None) -> list[tuple[int, list[str]]]:
    return [(a.index, list(a.choices)) for a in items or []]


def _fail(e: HubError) -> list[TrainingError]:
    return TrainingError.all_of(e)


@strawberry.type
class TrainingMutation:
    @strawberry.mutation(description="新建考题（系统管理员）", permission_classes=ADMIN)
    async def create_exam_question(self, info: Info, input: ExamQuestionInput) -> ExamQuestionPayload:
        try:
            row = await bank.create_question(await info.context.viewer(), input.document())
        except HubError as e:
            return ExamQuestionPayload(question=None, errors=_fail(e))
        return ExamQuestionPayload(question=ExamQuestion.from_row(row), errors=[])

    @strawberry.mutation(description="修改考题；已抽到该题的答卷保留抽题时的内容", permission_classes=ADMIN)
    async def update_exam_question(
        self, info: Info, code: str, input: ExamQuestionInput
    ) -> ExamQuestionPayload:
        try:
            row = await bank.update_question(await info.context.viewer(), code, input.document())
        except HubError as e:
            return ExamQuestionPayload(question=None, errors=_fail(e))
        return ExamQuestionPayload(question=ExamQuestion.from_row(row), errors=[])

    @strawberry.mutation(description="停用或启用考题；停用的题不再被抽取", permission_classes=ADMIN)
    async def set_exam_question_active(self, info: Info, code: str, active: bool) -> ExamQuestionPayload:
        try:
            row = await bank.set_active(await info.context.viewer(), code, active)
        except HubError as e:
            return ExamQuestionPayload(question=None, errors=_fail(e))
        return ExamQuestionPayload(question=ExamQuestion.from_row(row), errors=[])

    @strawberry.mutation(
        description="导入题库 JSON（按编码新增或修改）：整体校验，全部通过才写入，否则列出全部问题",
        permission_classes=ADMIN,
    )
    async def import_exam_questions(self, info: Info, content: str) -> ImportExamQuestionsPayload:
        try:
            r = await bank.import_bank(await info.context.viewer(), content)
        except HubError as e:
            return ImportExamQuestionsPayload(created=[], updated=[], unchanged=0, errors=_fail(e))
        return ImportExamQuestionsPayload(
            created=r.created, updated=r.updated, unchanged=r.unchanged, errors=[]
        )

    @strawberry.mutation(description="新建或修改考试（按编码）；题库不足以抽题时拒绝",
                         permission_classes=ADMIN)
    async def save_exam(self, info: Info, input: ExamInput) -> SaveExamPayload:
        spec = exams.ExamSpec(
            code=input.code, title=input.title, description=input.description,
            time_limit_minutes=input.time_limit_minutes, max_attempts=input.max_attempts,
            cooldown_minutes=input.cooldown_minutes, link_valid_minutes=input.link_valid_minutes,
            scope_categories=list(input.scope_categories), scope_departments=list(input.scope_departments),
            parts=[exams.PartSpec(p.name, p.category, p.department_code, list(p.tags), p.question_count,
                                  p.pass_percent) for p in input.parts],
            active=input.active,
        )
        try:
            row = await exams.save_exam(await info.context.viewer(), spec)
        except HubError as e:
            return SaveExamPayload(exam=None, errors=_fail(e))
        parts = await exams.parts_of([row["id"]])
        names = await certificates.department_names()
        return SaveExamPayload(exam=Exam.from_row(row, parts, names), errors=[])

    @strawberry.mutation(
        description="为本人或管辖范围内的人员开考：返回一次有效、限时的考试二维码，手机扫码即开始",
        permission_classes=[IsAuthenticated],
    )
    async def open_exam_session(self, info: Info, input: OpenExamSessionInput) -> OpenExamSessionPayload:
        try:
            s = await attempts.open_session(
                await info.context.viewer(), int(input.staff_id), input.exam_code, signer=_signer(info),
                now=utcnow(),
            )
        except HubError as e:
            return OpenExamSessionPayload(session=None, errors=_fail(e))
        url = f"{info.context.public_base()}/exam/{s.token}"
        return OpenExamSessionPayload(session=ExamSession(
            attempt_id=strawberry.ID(str(s.attempt_id)), staff_name=s.staff_name, exam_title=s.exam["title"],
            token=s.token, url=url, qr_data_url=qr_data_url(url), expires_at=s.expires_at,
            url_warning=phone_unreachable_warning(url),
        ), errors=[])

    @strawberry.mutation(description="开始考试（开考确认页上“确认身份，开始考试”；无需登录，链接即凭证，只能使用一次）：抽题并开始计时")
    async def start_exam(self, info: Info, token: str) -> StartExamPayload:
        signer, now = _signer(info), utcnow()
        try:
            session, _ = await attempts.start(token, signer=signer, now=now)
        except HubError as e:
            return StartExamPayload(session_token=None, paper=None, errors=_fail(e))
        paper = await attempts.paper_view(session, signer=signer, now=now)
        return StartExamPayload(session_token=session, paper=ExamPaper.from_view(paper), errors=[])

    @strawberry.mutation(description="考试中保存作答（可多次，覆盖同一题之前的作答）；交卷或到时后拒绝")
    async def save_exam_answers(
        self, info: Info, session_token: str, answers: list[ExamAnswerInput]
    ) -> SaveExamAnswersPayload:
        now = utcnow()
        try:
            remaining = await attempts.save_answers(
                session_token, _answers(answers), signer=_signer(info), now=now
            )
        except HubError as e:
            return SaveExamAnswersPayload(saved=0, remaining_seconds=0, errors=_fail(e))
        return SaveExamAnswersPayload(saved=len(answers), remaining_seconds=remaining, errors=[])

    @strawberry.mutation(
        description="交卷并评分（只评一次）；同时提交的作答先保存。到时后交卷只计已按时保存的作答"
    )
    async def submit_exam(
        self, info: Info, session_token: str, answers: list[ExamAnswerInput] | None = None
    ) -> SubmitExamPayload:
        signer, now = _signer(info), utcnow()
        try:
            await attempts.submit(session_token, _answers(answers), signer=signer, now=now)
        except HubError as e:
            return SubmitExamPayload(paper=None, errors=_fail(e))
        paper = await attempts.paper_view(session_token, signer=signer, now=now)
        return SubmitExamPayload(paper=ExamPaper.from_view(paper), errors=[])

    @strawberry.mutation(
        description="撤销上岗证（管理者、系统管理员，限管辖范围），立即生效",
        permission_classes=[has_role(Role.SUPERVISOR, Role.ADMIN)],
    )
    async def revoke_certificate(self, info: Info, code: str, reason: str) -> RevokeCertificatePayload:
        now = utcnow()
        try:
            row = await certificates.revoke(await info.context.viewer(), code, reason, now)
        except HubError as e:
            return RevokeCertificatePayload(certificate=None, errors=_fail(e))
        cert = Certificate.from_row(row, local_date(now), await certificates.department_names())
        return RevokeCertificatePayload(certificate=cert, errors=[])
