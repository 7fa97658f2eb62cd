"""GraphQL input types of attendance (考勤) and the hall's opening hours."""

from __future__ import annotations

import strawberry


@strawberry.input(description="服务点营业时间")
class OpeningHoursInput:
    weekly: strawberry.scalars.JSON = strawberry.field(
        description='每周时段，如 {"1": [["09:00","12:00"],["13:30","17:00"]]}（1 为周一）'
    )
    closed_dates: list[str] = strawberry.field(default_factory=list, description="休息日期 YYYY-MM-DD")
    open_dates: strawberry.scalars.JSON = strawberry.field(
        default_factory=dict, description='调休工作日及其时段，如 {"2026-10-10": [["09:00","17:00"]]}'
    )
    grace_minutes: int = strawberry.field(default=0, description="迟到宽限（分钟）")
