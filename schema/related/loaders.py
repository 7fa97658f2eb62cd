"""Request-scoped batch loaders of related items (顺便办)."""

from __future__ import annotations

from datetime import datetime

from strawberry.dataloader import DataLoader

from resolvers.cases.related_offers import Offer, offers_for
from resolvers.catalog.related import Related, related_for

# (item code, district code)
RelatedKey = tuple[str, str]
# (case id, person id, submitted at)
OfferKey = tuple[int, int, datetime]


async def _related(keys: list[RelatedKey]) -> list[list[Related]]:
    out: dict[RelatedKey, list[Related]] = {}
    for district in {d for _, d in keys}:
        found = await related_for([c for c, d in keys if d == district], district)
        out |= {(c, district): found.get(c, []) for c, d in keys if d == district}
    return [out[k] for k in keys]


async def _offers(keys: list[OfferKey]) -> list[list[Offer]]:
    found = await offers_for([{"id": i, "person_id": p, "submitted_at": s} for i, p, s in keys])
    return [found.get(i, []) for i, _, _ in keys]


class RelatedLoaders:
    def __init__(self) -> None:
        self.related_by_item = DataLoader(_related)
        self.offers_by_case = DataLoader(_offers)
