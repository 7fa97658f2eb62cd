"""Helpers for joint-application tests: the 新生儿出生一件事 of a new mother, with every
material uploaded once (a material several items list gets one upload)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bench.cases import answers_for, upload
from hub.core.models.enums import CaseChannel, MaterialRequirement
from resolvers.cases.intake import MaterialInput
from resolvers.cases.joint.bundles import answers_with_shared, bundle_by_code
from resolvers.cases.joint.filing import ApplicationRequest, ItemRequest
from resolvers.catalog.checklists import tailor_for

MOTHER = "330106199203150027"  # 陈晓燕, not yet in the registry
FATHER = "330106199008170516"
BIRTH_ITEMS = ("330106-GA-001", "330106-YB-002", "330106-RS-012")
# 已婚、随父落户、境内出生 / 尚未落户（父母一方杭州户籍）、父母办理 / 新生儿
PREFER = {
    "330106-GA-001": {"parents": "married", "follow": "father", "birth_place": "hospital"},
    "330106-YB-002": {"household": "pending", "applicant": "parent"},
    "330106-RS-012": {"holder": "newborn"},
}


def birth_shared(**overrides: str) -> dict[str, str]:
    born = (date.today() - timedelta(days=10)).isoformat()
    shared = {"baby_name": "陈安安", "baby_gender": "female", "birth_date": born,
              "birth_hospital": "浙江大学医学院附属妇产科医院", "mother_name": "陈晓燕",
              "mother_id_number": MOTHER, "father_name": "陈立", "father_id_number": FATHER,
              "phone": "13900001111", "address": "杭州市西湖区文新街道骆家庄社区骆家庄东苑5幢1单元202室"}
    shared.update(overrides)
    return shared


async def birth_items(shared: dict[str, str], *, drop: tuple[int, str] | None = None
                      ) -> list[ItemRequest]:
    """Answers and materials of the three items; ``drop`` = (item index, material name) leaves
    that material out."""
    bundle = await bundle_by_code("BIRTH")
    assert bundle is not None
    uploads: dict[str, str] = {}
    items = []
    for i, code in enumerate(BIRTH_ITEMS):
        answers = answers_with_shared(bundle.shared_fields, shared, code, PREFER[code])
        answers = await answers_for(code, answers)
        materials = []
        for line in (await tailor_for(code, answers)).checklist.lines:
            name = line.material.name
            if drop == (i, name) or line.requirement == MaterialRequirement.OPTIONAL:
                continue
            if line.requirement == MaterialRequirement.DEFERRABLE:
                materials.append(MaterialInput(line.material.id, deferred=True))
                continue
            if name not in uploads:
                uploads[name] = await upload(f"joint/{name}".encode())
            materials.append(MaterialInput(line.material.id, files=[(uploads[name], f"{name}.pdf")],
                                           original_seen=True))
        items.append(ItemRequest(code, answers, materials))
    return items


async def birth_request(*, shared: dict[str, Any] | None = None, drop: tuple[int, str] | None = None,
                        signed_name: str = "陈晓燕", **extra: Any) -> ApplicationRequest:
    values = shared or birth_shared()
    return ApplicationRequest(
        bundle_code="BIRTH", service_point_code="330106013", channel=CaseChannel.COUNTER,
        id_number=MOTHER, name="陈晓燕", phone="13900001111", shared=values,
        items=await birth_items(values, drop=drop), signed_name=signed_name, **extra)
