"""The per-request (or per-websocket) GraphQL context: services, loaders, the viewer."""

from __future__ import annotations

import asyncio
from functools import cached_property
from typing import Any

from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from hub.core.clientip import client_address
from hub.core.security import bearer_token
from hub.core.viewer import Viewer
from resolvers.citizens.accounts import Citizen, load_citizen
from resolvers.queue import greeter
from resolvers.staff.actions import load_viewer
from schema.cases.loaders import CaseLoaders
from schema.catalog.loaders import CatalogLoaders
from schema.org.loaders import OrgLoaders
from schema.people.loaders import PeopleLoaders
from schema.related.loaders import RelatedLoaders
from schema.services import Services

BAD_TOKEN_MESSAGE = "令牌无效或已过期，请重新登录"


async def _pre_checks_by_ticket(ids: list[int]) -> list[dict[str, Any] | None]:
    found = await greeter.of_tickets(ids)
    return [found.get(i) for i in ids]


class HubContext:
    def __init__(self, request: Any, response: Any, services: Services) -> None:
        self.request = request
        self.response = response
        self.services = services
        self.connection_params: dict[str, Any] | None = None
        self._viewer: asyncio.Future[Viewer | None] | None = None
        self._citizen: asyncio.Future[Citizen | None] | None = None

    # Loaders are created on first use: most requests touch only a few of them.
    @cached_property
    def org(self) -> OrgLoaders:
        return OrgLoaders()

    @cached_property
    def catalog(self) -> CatalogLoaders:
        return CatalogLoaders()

    @cached_property
    def cases(self) -> CaseLoaders:
        return CaseLoaders()

    @cached_property
    def people(self) -> PeopleLoaders:
        return PeopleLoaders()

    @cached_property
    def pre_checks(self) -> DataLoader[int, dict[str, Any] | None]:
        """A ticket's pre-check (导办) by ticket id."""
        return DataLoader(load_fn=_pre_checks_by_ticket)

    @cached_property
    def related(self) -> RelatedLoaders:
        return RelatedLoaders()

    @property
    def client_ip(self) -> str:
        """The client per-IP limits count: the TCP peer, or what trusted proxies say it is."""
        client = getattr(self.request, "client", None)
        peer = client.host if client else "unknown"
        headers = getattr(self.request, "headers", None)
        forwarded = headers.get("x-forwarded-for") if headers is not None else None
        return client_address(peer, forwarded, self.services.settings.trusted_proxies)

    def public_base(self) -> str:
        """Where phones reach the hub: HUB_PUBLIC_BASE_URL, else the address this request used."""
        configured = self.services.settings.public_base_url
        return configured or str(self.request.base_url).rstrip("/")

    def bearer_token(self) -> str | None:
        if self.connection_params is not None:  # websocket: token from connection_init
            token = self.connection_params.get("authToken")
            return token if isinstance(token, str) and token else None
        return bearer_token(self.request.headers.get("authorization", ""))

    async def has_bad_token(self) -> bool:
        """Whether the request carries a token that is neither a staff nor a resident token
        (a resident following their own case is as welcome as staff)."""
        if self.bearer_token() is None:
            return False
        return await self.viewer() is None and await self.citizen() is None

    async def viewer(self) -> Viewer | None:
        """The authenticated staff member, loaded once per request; None when anonymous.

        Concurrent resolvers (100 entity representations, say) share the one lookup in flight
        instead of each starting its own, and resume together, so the loaders they call next
        still batch into one query."""
        if self._viewer is None:
            self._viewer = asyncio.ensure_future(self._load_viewer())
        return await asyncio.shield(self._viewer)

    async def citizen(self) -> Citizen | None:
        """The logged-in resident (a citizen token), loaded once per request; None otherwise."""
        if self._citizen is None:
            self._citizen = asyncio.ensure_future(self._load_citizen())
        return await asyncio.shield(self._citizen)

    def identity(self) -> int | str | None:
        """Who the request turned out to be, for the access log, without loading anything: the
        staff id, ``citizen`` for a resident, None when anonymous or never asked."""
        for future, label in ((self._viewer, "staff"), (self._citizen, "citizen")):
            if future is not None and future.done() and not future.cancelled() \
                    and future.exception() is None and future.result() is not None:
                return future.result().staff_id if label == "staff" else label  # type: ignore[union-attr]
        return None

    async def _load_citizen(self) -> Citizen | None:
        token = self.bearer_token()
        claims = self.services.citizen_signer.verify(token) if token else None
        return await load_citizen(claims) if claims else None

    async def _load_viewer(self) -> Viewer | None:
        token = self.bearer_token()
        claims = self.services.signer.verify(token) if token else None  # signature and expiry
        if claims is None or token is None:
            return None
        cache = self.services.viewer_cache  # the account's version checked a moment ago
        viewer = cache.get(token)
        if viewer is None:
            viewer = await load_viewer(claims)
            if viewer is not None:
                cache.put(token, viewer)
        return viewer


Info = StrawberryInfo[HubContext, None]
