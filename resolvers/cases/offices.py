"""The office a case is decided by, as people read it: the department's own name, or the
office it decides through at the deciding point (``DepartmentOffice``: a district hub's 人社
decides city-level items as 杭州市人力资源和社会保障局)."""

from __future__ import annotations

from collections.abc import Iterable

from hub.core.models import Department, DepartmentOffice


async def offices_for(keys: Iterable[tuple[int, int]],
                      departments: dict[int, tuple[str, str]] | None = None,
                      ) -> dict[tuple[int, int], tuple[str, str]]:
    """(name, short name) of the deciding office per (department id, deciding point id), in two
    queries whatever the number of keys (one when the caller has read the departments' names:
    ``departments`` by id)."""
    wanted = set(keys)
    if not wanted:
        return {}
    if departments is None:
        departments = {d["id"]: (d["name"], d["short_name"]) for d in await Department.filter(
            id__in={d for d, _ in wanted}).values("id", "name", "short_name")}
    offices = {(o["department_id"], o["point_id"]): (o["name"], o["short_name"])
               for o in await DepartmentOffice.filter(
                   department_id__in={d for d, _ in wanted}, point_id__in={p for _, p in wanted}).values(
                   "department_id", "point_id", "name", "short_name")}
    return {k: offices.get(k) or departments[k[0]] for k in wanted if k[0] in departments}


async def office_name(department_id: int, point_id: int) -> str:
    return (await offices_for([(department_id, point_id)]))[(department_id, point_id)][0]
