"""Courses (培训课程): administrators write text and attach uploaded videos and documents; staff
read them and mark a course as learned (once; marking again keeps the first time)."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count

from hub.core.errors import ErrorCode, HubError
from hub.core.models import Course, CourseCompletion, CourseMaterial, Department, MediaFile
from hub.core.models.enums import DEVICE_ROLES, MaterialKind, Role
from hub.core.viewer import Viewer, require_role, require_viewer
from training.media import ALLOWED

COURSE_FIELDS = ("id", "code", "title", "summary", "department_code", "published", "sort", "updated_at")
MATERIAL_FIELDS = (
    "id",
    "course_id",
    "sort",
    "kind",
    "title",
    "text",
    "markdown",
    "media_id",
    "media__sha256",
    "media__content_type",
    "media__size",
    "media__filename",
)
_CODE = re.compile(r"^[A-Za-z0-9_-]{2,32}$")


@dataclass(frozen=True)
class CourseSpec:
    code: str
    title: str
    summary: str = ""
    department_code: str | None = None
    published: bool = False
    sort: int = 0


def _not_found(code: str) -> HubError:
    return HubError(ErrorCode.NOT_FOUND, f"课程 {code} 不存在", "code")


async def list_courses(viewer: Viewer | None, include_unpublished: bool) -> list[dict[str, Any]]:
    v = require_viewer(viewer)
    q = Course.all()
    if not (include_unpublished and v.has_role(Role.ADMIN)):
        q = q.filter(published=True)
    return list(await q.values(*COURSE_FIELDS))


async def course_row(viewer: Viewer | None, code: str) -> dict[str, Any]:
    v = require_viewer(viewer)
    rows = await Course.filter(code=code).values(*COURSE_FIELDS)
    if not rows or (not rows[0]["published"] and not v.has_role(Role.ADMIN)):
        raise _not_found(code)
    return rows[0]


async def materials_of(course_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        await CourseMaterial.filter(course_id__in=course_ids).order_by("sort", "id").values(*MATERIAL_FIELDS)
    )
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in course_ids}
    for r in rows:
        out[r["course_id"]].append(r)
    return out


async def completions_of(staff_id: int, course_ids: list[int]) -> dict[int, datetime]:
    rows = await CourseCompletion.filter(staff_id=staff_id, course_id__in=course_ids).values(
        "course_id", "completed_at"
    )
    return {r["course_id"]: r["completed_at"] for r in rows}


async def completion_counts(course_ids: list[int]) -> dict[int, int]:
    rows = (
        await CourseCompletion.filter(course_id__in=course_ids)
        .annotate(n=Count("id"))
        .group_by("course_id")
        .values("course_id", "n")
    )
    return {r["course_id"]: r["n"] for r in rows}


async def save_course(viewer: Viewer | None, spec: CourseSpec) -> dict[str, Any]:
    require_role(viewer, Role.ADMIN)
    problems = []
    if not _CODE.match(spec.code):
        problems.append("课程编码须为 2–32 位字母、数字、下划线或连字符")
    if not spec.title.strip():
        problems.append("课程名称不能为空")
    if spec.department_code and not await Department.exists(code=spec.department_code):
        problems.append(f"部门 {spec.department_code} 不存在")
    if problems:
        raise HubError(ErrorCode.INVALID, "；".join(problems), "input")
    await Course.update_or_create(
        {
            "title": spec.title.strip(),
            "summary": spec.summary,
            "department_code": spec.department_code or None,
            "published": spec.published,
            "sort": spec.sort,
        },
        code=spec.code,
    )
    return (await Course.filter(code=spec.code).values(*COURSE_FIELDS))[0]


async def add_material(
    viewer: Viewer | None,
    course_code: str,
    kind: MaterialKind,
    title: str,
    text: str,
    markdown: bool,
    media_sha256: str | None,
) -> dict[str, Any]:
    require_role(viewer, Role.ADMIN)
    course = await Course.get_or_none(code=course_code)
    if course is None:
        raise _not_found(course_code)
    if not title.strip():
        raise HubError(ErrorCode.INVALID, "资料标题不能为空", "title")
    media_id = None
    if kind == MaterialKind.TEXT:
        if not text.strip():
            raise HubError(ErrorCode.INVALID, "图文资料的正文不能为空", "text")
    else:
        media = await MediaFile.get_or_none(sha256=media_sha256 or "")
        if media is None:
            raise HubError(ErrorCode.NOT_FOUND, "请先上传文件（未找到该文件）", "mediaSha256")
        is_video = media.content_type.startswith("video/")
        if (kind == MaterialKind.VIDEO) != is_video:
            want = "视频（MP4、WebM）" if kind == MaterialKind.VIDEO else "文档（PDF）"
            raise HubError(
                ErrorCode.MEDIA_INVALID,
                f"该文件是{ALLOWED[media.content_type]}，这里需要{want}", "mediaSha256"
            )
        media_id = media.id
    last = await CourseMaterial.filter(course_id=course.id).order_by("-sort").first()
    await CourseMaterial.create(
        course_id=course.id,
        sort=(last.sort + 1) if last else 0,
        kind=kind,
        title=title.strip(),
        text=text if kind == MaterialKind.TEXT else "",
        markdown=markdown,
        media_id=media_id,
    )
    return (await Course.filter(id=course.id).values(*COURSE_FIELDS))[0]


async def remove_material(viewer: Viewer | None, material_id: int) -> dict[str, Any]:
    require_role(viewer, Role.ADMIN)
    material = await CourseMaterial.get_or_none(id=material_id)
    if material is None:
        raise HubError(ErrorCode.NOT_FOUND, "资料不存在", "materialId")
    course_id = material.course_id
    await material.delete()
    return (await Course.filter(id=course_id).values(*COURSE_FIELDS))[0]


async def complete(viewer: Viewer | None, code: str, now: datetime) -> tuple[dict[str, Any], datetime]:
    """Mark a published course learned by the viewer; the first time is kept."""
    v = require_viewer(viewer)
    if v.roles & DEVICE_ROLES:
        raise HubError(ErrorCode.INVALID, "设备账号不能学习课程", None)
    course = await course_row(v, code)
    with contextlib.suppress(IntegrityError):
        await CourseCompletion.get_or_create(
            {"completed_at": now}, course_id=course["id"], staff_id=v.staff_id
        )
    done = await completions_of(v.staff_id, [course["id"]])
    return course, done[course["id"]]
