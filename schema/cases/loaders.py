"""Request-scoped batch loaders of a case's parts (one SQL query per batch)."""

from __future__ import annotations

from typing import cast

from strawberry.dataloader import DataLoader

from hub.core.keyed import KeyedSelect
from hub.core.models import (
    Annotation,
    Application,
    Case,
    CaseFile,
    CaseLog,
    CaseMaterial,
    Company,
    Evaluation,
    InfoCheck,
    SupplementRequest,
)
from hub.core.models.rows import CaseRow, Row, by_key, grouped

MATERIAL_FIELDS = ("id", "case_id", "material_id", "name", "form", "count", "requirement", "reason",
                   "license_type", "status", "original_seen", "sort")


FILE_FIELDS = ("id", "case_id", "material_id", "filename", "round", "channel", "created_at",
               "stored__content_type", "stored__size")


LOG_FIELDS = ("id", "case_id", "at", "action", "from_status", "to_status", "actor_name", "channel",
              "service_point__name", "detail")


SUPPLEMENT_FIELDS = ("id", "case_id", "round", "stage", "note", "requested_at", "fulfilled_at",
                     "requested_by__name")


ANNOTATION_FIELDS = ("id", "request_id", "material_id", "kind", "text", "file_id", "box",
                     "request__case_id", "request__round")


_CASES_BY_ID = KeyedSelect(Case, None, "id")  # every column, as .values() gives them
_CASES_BY_NUMBER = KeyedSelect(Case, None, "number")
_MATERIALS = KeyedSelect(CaseMaterial, MATERIAL_FIELDS, "case_id", order_by=("sort", "id"))
_FILES = KeyedSelect(CaseFile, FILE_FIELDS, "case_id", order_by=("id",))
_LOGS = KeyedSelect(CaseLog, LOG_FIELDS, "case_id", order_by=("id",))
_SUPPLEMENTS = KeyedSelect(SupplementRequest, SUPPLEMENT_FIELDS, "case_id", order_by=("round",))


async def _cases_by_id(ids: list[int]) -> list[CaseRow | None]:
    return by_key(cast(list[CaseRow], await _CASES_BY_ID.rows(ids)), ids, "id")


async def _cases_by_number(numbers: list[str]) -> list[CaseRow | None]:
    return by_key(cast(list[CaseRow], await _CASES_BY_NUMBER.rows(numbers)), numbers, "number")


async def _materials(case_ids: list[int]) -> list[list[Row]]:
    rows = await _MATERIALS.rows(case_ids)
    return grouped(rows, case_ids, "case_id")


async def _files(case_ids: list[int]) -> list[list[Row]]:
    rows = await _FILES.rows(case_ids)
    return grouped(rows, case_ids, "case_id")


async def _log(case_ids: list[int]) -> list[list[Row]]:
    rows = await _LOGS.rows(case_ids)
    return grouped(rows, case_ids, "case_id")


async def _supplements(case_ids: list[int]) -> list[list[Row]]:
    rows = await _SUPPLEMENTS.rows(case_ids)
    return grouped(rows, case_ids, "case_id")


async def _annotations(case_ids: list[int]) -> list[list[Row]]:
    rows = await Annotation.filter(request__case_id__in=case_ids).order_by("id").values(*ANNOTATION_FIELDS)
    return grouped(rows, case_ids, "request__case_id")


async def _issuances(case_ids: list[int]) -> list[Row | None]:
    from resolvers.cases.issuance import issuances_of

    return by_key(await issuances_of(case_ids), case_ids, "case_id")


async def _evaluations(case_ids: list[int]) -> list[Row | None]:
    from resolvers.cases.ratings import EVALUATION_FIELDS

    rows = await Evaluation.filter(case_id__in=case_ids).values(*EVALUATION_FIELDS,
                                                                "rectification__status")
    return by_key(rows, case_ids, "case_id")


async def _info_checks(case_ids: list[int]) -> list[list[Row]]:
    from resolvers.cases.backoffice import CHECK_FIELDS

    rows = await InfoCheck.filter(case_id__in=case_ids).order_by("id").values(*CHECK_FIELDS)
    return grouped(rows, case_ids, "case_id")


async def _companies(ids: list[int]) -> list[Row | None]:
    return by_key(await Company.filter(id__in=ids).values("id", "credit_code", "name"), ids, "id")


async def _applications(ids: list[int]) -> list[Row | None]:
    """A joint application's number, bundle and its cases' statuses (two queries per batch)."""
    rows = await Application.filter(id__in=ids).values("id", "number", "bundle__code", "bundle__name")
    statuses = await Case.filter(application_id__in=ids).order_by("id").values("application_id", "status")
    by_app = dict(zip(ids, grouped(statuses, ids, "application_id"), strict=True))
    found = {r["id"]: {**r, "statuses": [s["status"] for s in by_app[r["id"]]]} for r in rows}
    return [found.get(i) for i in ids]


async def _frozen_questions(keys: list[tuple[str, int]]) -> list[list[Row]]:
    """The questions of the item versions cases froze, by (item code, version)."""
    from hub.core.models import ItemVersion

    rows = await ItemVersion.filter(code__in={c for c, _ in keys}).values("code", "version", "effective")
    found = {(r["code"], r["version"]): list(r["effective"].get("questions") or []) for r in rows}
    return [found.get(k, []) for k in keys]


class CaseLoaders:
    def __init__(self) -> None:
        self.case_by_id = DataLoader(_cases_by_id)
        self.frozen_questions = DataLoader(_frozen_questions)
        self.case_by_number = DataLoader(_cases_by_number)
        self.materials_by_case = DataLoader(_materials)
        self.files_by_case = DataLoader(_files)
        self.log_by_case = DataLoader(_log)
        self.supplements_by_case = DataLoader(_supplements)
        self.annotations_by_case = DataLoader(_annotations)
        self.company_by_id = DataLoader(_companies)
        self.issuance_by_case = DataLoader(_issuances)
        self.evaluation_by_case = DataLoader(_evaluations)
        self.info_checks_by_case = DataLoader(_info_checks)
        self.application_by_id = DataLoader(_applications)
