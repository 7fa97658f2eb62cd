"""Process-wide services shared by every request, built once at start-up by the composition root
(hub/web/wiring.build_services)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.core.security import TokenSigner
from hub.core.settings import Settings
from hub.core.throttle import Throttle
from realtime.bus import EventBus
from resolvers.citizens.sms_login import LoginCodes
from resolvers.staff.actions import LoginPolicy
from resolvers.staff.viewer_cache import ViewerCache
from schema.guard import LookupGuard


@dataclass
class Services:
    settings: Settings
    signer: TokenSigner
    citizen_signer: TokenSigner
    login_limiter: Throttle
    login_policy: LoginPolicy
    login_codes: LoginCodes
    bus: EventBus
    lookup_guard: LookupGuard
    # Viewers by token for a few seconds (resolvers/staff/viewer_cache.py); off unless wired.
    viewer_cache: ViewerCache = field(default_factory=lambda: ViewerCache(0))
