"""One vocabulary for how much a material is needed, on every terminal and paper.

必需 (every applicant in this situation brings it), 可选 (welcome, never a reason to refuse),
容缺 (accepted now, handed in later) and 视情形 (the catalogue's fixed list: needed only in some
situations, which the situation questions decide). A tailored checklist has answered the
questions, so its lines are 必需, 可选 or 容缺 only; the fixed list of an item page says 视情形
for a material with a condition instead of calling it 必需.
"""

from __future__ import annotations

from hub.core.models.enums import MATERIAL_REQUIREMENT_LABELS, MaterialRequirement

SITUATIONAL = "视情形"
# Why a line is on a checklist when no situation put it there.
EVERYONE = "所有申请人均需提供"
OPTIONAL_FOR_EVERYONE = "非必需材料，可按需提供，不提供不影响受理"
OPTIONAL_SUFFIX = "，可按需提供"


def catalogue_label(requirement: MaterialRequirement, conditional: bool) -> str:
    """The label of a material on the item's fixed list (before any question is answered)."""
    if conditional and requirement != MaterialRequirement.OPTIONAL:
        return SITUATIONAL
    return MATERIAL_REQUIREMENT_LABELS[requirement]


def line_label(requirement: MaterialRequirement) -> str:
    """The label of a tailored checklist line (the situation is known)."""
    return MATERIAL_REQUIREMENT_LABELS[requirement]


def unconditional_reason(requirement: MaterialRequirement) -> str:
    """The reason of a line without a condition: an optional one is not "needed by all"."""
    return OPTIONAL_FOR_EVERYONE if requirement == MaterialRequirement.OPTIONAL else EVERYONE


def conditional_reason(because: str, requirement: MaterialRequirement) -> str:
    return because + OPTIONAL_SUFFIX if requirement == MaterialRequirement.OPTIONAL else because
