"""Process-wide services shared by every request, built once at start-up by the composition root
(hub/web/wiring.build_services)."""

from __future__ import annotations

from dataclasses import dataclass

from hub.core.security import TokenSigner
from hub.core.settings import Settings
from hub.core.throttle import Throttle
from realtime.bus import EventBus
from resolvers.citizens.sms_login import LoginCodes
from resolvers.staff.actions import LoginPolicy
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
