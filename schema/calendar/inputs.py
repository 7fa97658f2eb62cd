"""GraphQL input types of the holiday calendar and working-day due dates."""

from __future__ import annotations

import strawberry


@strawberry.input(description="一个日期及其名称")
class NamedDateInput:
    date: str = strawberry.field(description="日期 YYYY-MM-DD")
    name: str = strawberry.field(description="名称，如 国庆节")
