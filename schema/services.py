"""Process-wide services built once by the app factory and shared by every request."""

from __future__ import annotations

from dataclasses import dataclass

from hub.core.security import RateLimiter, TokenSigner
from hub.core.settings import Settings
from realtime.bus import EventBus
from resolvers.staff.actions import LoginPolicy


@dataclass
class Services:
    settings: Settings
    signer: TokenSigner
    citizen_signer: TokenSigner
    login_limiter: RateLimiter
    login_policy: LoginPolicy
    bus: EventBus

    @classmethod
    def build(cls, settings: Settings) -> Services:
        return cls(
            settings=settings,
            signer=TokenSigner(settings.secret_key, settings.token_ttl_seconds),
            citizen_signer=TokenSigner(settings.secret_key, settings.token_ttl_seconds,
                                       salt="owh-citizen-token"),
            login_limiter=RateLimiter(settings.login_ip_attempts_per_minute, 60),
            login_policy=LoginPolicy(settings.login_max_failures, settings.login_lock_seconds),
            bus=EventBus(settings.redis_url, settings.subscriber_queue_size,
                         namespace=settings.redis_namespace),
        )
