"""Settings read from environment variables (documented in README.md)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = ROOT / "data"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


def _list(name: str) -> tuple[str, ...]:
    """A comma- or space-separated list."""
    return tuple(v for v in os.environ.get(name, "").replace(",", " ").split() if v)


@dataclass(frozen=True)
class Settings:
    mode: str = "dev"  # dev | prod
    database_url: str = ""
    redis_url: str | None = None
    # Pub/sub channels are global to a Redis server: hubs sharing one Redis but not one
    # database must use different namespaces.
    redis_namespace: str = "owh"
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = DEFAULT_DATA_DIR
    frontend_dir: Path = ROOT / "frontends" / "dist"
    token_ttl_seconds: int = 12 * 3600
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2000
    max_page_size: int = 100
    # Query cost budgets (hub/web/cost.py: the estimated number of fields in the answer), checked
    # before execution: anonymous requests (public pages, residents) and staff tokens.
    cost_limit_anonymous: int = 10000
    cost_limit_staff: int = 25000
    # Request bodies (hub/web/limits.py): /graphql and every other path without its own limit
    # (uploads and exports have theirs); object keys + list items in GraphQL variables.
    max_body_bytes: int = 1024 * 1024
    max_variables: int = 1000
    max_subscriptions_per_connection: int = 20
    # Events a subscriber may fall behind by before it is disconnected (it resumes by cursor).
    subscriber_queue_size: int = 256
    # Unsent bytes a board's socket may hold before the board is disconnected (it resumes by
    # cursor): live hall events are written straight to the socket (realtime.frames).
    ws_send_buffer_bytes: int = 256 * 1024
    ws_init_timeout_seconds: int = 10
    # graphql-transport-ws keep-alive: the hub pings every ws_ping_seconds (0: never) and closes
    # (4408) a connection that has not answered pong within ws_pong_timeout_seconds.
    ws_ping_seconds: float = 15
    ws_pong_timeout_seconds: float = 10
    # The secret Hive Gateway sends in X-Gateway-Secret (its GATEWAY_SUBGRAPH_SECRET): in
    # production only requests carrying it (or an administrator's) may read `_service { sdl }`.
    gateway_secret: str = ""
    login_max_failures: int = 5
    login_lock_seconds: int = 300
    login_ip_attempts_per_minute: int = 30
    # Residents' SMS login codes (resolvers/citizens/sms_login.py): validity, the wait before a
    # new code, wrong tries per code, and code requests allowed per number and per client address
    # in a sliding window of login_code_window_seconds. login_code_echo logs each code (a demo
    # without an SMS gateway): on by default in dev mode, refused in prod.
    login_code_ttl_seconds: int = 300
    login_code_resend_seconds: int = 60
    login_code_max_attempts: int = 5
    login_code_per_phone: int = 5
    login_code_per_ip: int = 20
    login_code_window_seconds: int = 3600
    login_code_echo: bool = False
    # Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs); none by default,
    # so the per-client limits key on the TCP peer (hub/core/clientip.py).
    trusted_proxies: tuple[str, ...] = ()
    # Threads argon2 hashes and checks run in, off the event loop (64 MiB of memory each).
    password_hash_threads: int = 2
    # Threads PDFs (receipts, notices, decisions, joint forms) and export files are made in
    # (hub/core/workers.py): few, so the event loop keeps its share of the GIL.
    render_threads: int = 2
    # Public lookups by a code or number plus an ID number (trackCase, findAppointment …): each
    # executed field counts once per client address and once per looked-up number, per minute.
    lookup_attempts_per_minute: int = 30
    lookup_target_attempts_per_minute: int = 20
    public_cache_seconds: float = 0  # tests and direct construction: off unless asked for
    # How long a process may reuse a verified viewer for the same bearer token
    # (resolvers/staff/viewer_cache.py; HUB_VIEWER_CACHE_SECONDS, 5 from the environment):
    # revocations reach every process through the backplane at once, changes made outside the
    # hub within this bound. 0 (tests and direct construction) reads the staff row every request.
    viewer_cache_seconds: float = 0
    # The address phones and printouts reach the hub at (exam and certificate QR codes);
    # empty: the address of the request that asked.
    public_base_url: str = ""
    # 窗口吹哨: minutes before an unaccepted call escalates to the supervisors, and how recently
    # an expert must have been seen (login, open expert console) to count as on duty.
    whistle_escalate_minutes: int = 3
    # The dashboard rollups are refreshed at most this often per process (0: before every query).
    analytics_refresh_seconds: int = 10
    whistle_on_duty_minutes: int = 10
    # 网上预约: minutes after a slot's start during which the booking may still be checked in
    appointment_grace_minutes: int = 15
    # The kiosk issues tickets only within the hall's opening hours and never on an official
    # holiday (resolvers/queue/opening.py). On unless HUB_KIOSK_OPENING_HOURS=off (a 24-hour
    # self-service area, a training room); direct construction (tests) leaves it off unless asked.
    kiosk_opening_hours: bool = False
    # The transactional outbox (hub/core/outbox.py; department hand-offs are its first topic):
    # how often an idle dispatcher looks for due messages, attempts before a message is DEAD, the
    # exponential back-off (first delay, ceiling; full delays jittered to 50–100 %), the time one
    # delivery (a hand-off's HTTP request) may take. outbox_poll_seconds 0: no dispatcher here.
    outbox_poll_seconds: float = 1.0
    # Idempotency keys are pruned once they are this old, by an hourly job that one instance
    # at a time runs (hub/core/jobs.py); 0 days: never pruned.
    idempotency_retention_days: float = 7
    outbox_max_attempts: int = 20
    outbox_backoff_seconds: float = 2.0
    outbox_backoff_max_seconds: float = 600.0
    outbox_timeout_seconds: float = 10.0
    # The adapters of the ports (hub/core/ports.py, built by hub/web/wiring.py): a built-in name
    # or "package.module:factory" (a class or a function returning the adapter).
    # Shared base data (人口库, 电子证照库), merged with the hub's own registry
    # (resolvers/integration/basedata.py): "" or local (the registry only) | fake | module:factory
    basedata_adapter: str = ""
    # The courier results are posted with (resolvers/cases/couriers.py): local | fake | module:factory
    courier_adapter: str = "local"
    # How hand-offs reach department systems (resolvers/integration/handoff.py): http | fake | …
    handoff_adapter: str = "http"
    # Notifications (resolvers/notify): the SMS provider (dysms: Aliyun-Dysmsapi-shaped over
    # HTTP | fake | module:factory) and the group robots (http: DingTalk / WeCom webhooks | fake);
    # both are "fake" in dev mode unless set, "dysms" / "http" in prod.
    sms_adapter: str = "fake"
    robot_adapter: str = "fake"
    sms_endpoint: str = "https://dysmsapi.aliyuncs.com/"
    sms_access_key_id: str = ""
    sms_access_key_secret: str = ""
    sms_sign_name: str = "一窗受理"
    sms_receipt_secret: str = ""  # delivery receipts POSTed to /notify/sms/receipts are signed with it
    # Per recipient (phone number): SMS per hour and per day; quiet hours (Shanghai, "21-8"; "off").
    notify_sms_per_hour: int = 5
    notify_sms_per_day: int = 20
    notify_quiet_hours: str = "21-8"
    # The payment platform fees are paid through (resolvers/payment/platform.py): fake (the
    # built-in 模拟统一支付平台 with its cashier page) | module:factory
    payment_adapter: str = "fake"
    # The payment job (resolvers/payment/orders.py sweep: query unpaid orders whose notification
    # never came, retire expired ones) and the daily reconciliation, once across instances;
    # 0: not run by this instance.
    payment_sweep_seconds: float = 60.0

    # GET /metrics (hub/web/metrics.py): clients allowed by address (after HUB_TRUSTED_PROXIES),
    # or anyone with this bearer token.
    metrics_allow: tuple[str, ...] = ("127.0.0.1", "::1")
    metrics_token: str = ""
    # The retention job (resolvers/retention.py): days kept of the event log, department callback
    # receipts and dead exam links; 0 keeps for ever; how often the job runs (once across instances).
    retention_event_days: int = 30
    retention_receipt_days: int = 90
    retention_exam_link_days: int = 30
    retention_interval_seconds: float = 3600.0
    # The notification reminders job (resolvers/notify/reminders.py: appointments tomorrow,
    # certificates expiring, rectifications due): how often it runs, once across instances; 0: never.
    notify_reminder_interval_seconds: float = 3600.0
    # `python -m hub migrate` on PostgreSQL: how long a statement waits for a table lock before
    # its migration rolls back and is tried again (hub/core/db.py migrate), and how many times.
    migration_lock_timeout_seconds: float = 5.0
    migration_lock_attempts: int = 10
    migration_lock_pause_seconds: float = 2.0  # before the second try, doubling, at most 30 s
    # Mining related items from history (resolvers/catalog/mining.py, `python -m hub mine-relations`):
    # a pair A → B counts an applicant who filed B within the window after A; it is suggested when
    # at least this many applicants did and they are at least this share of A's applicants.
    related_window_days: int = 30
    related_history_days: int = 365
    related_min_support: int = 5
    related_min_confidence: float = 0.1

    @property
    def is_prod(self) -> bool:
        return self.mode == "prod"

    @classmethod
    def from_env(cls) -> Settings:
        mode = os.environ.get("HUB_MODE", "dev")
        if mode not in ("dev", "prod"):
            raise ValueError(f"HUB_MODE must be dev or prod, not {mode!r}")
        data_dir = Path(os.environ.get("HUB_DATA_DIR", str(DEFAULT_DATA_DIR)))
        secret = os.environ.get("SECRET_KEY", "")
        if not secret:
            if mode == "prod":
                raise ValueError("SECRET_KEY must be set when HUB_MODE=prod")
            secret = _dev_secret(data_dir)
        return cls(
            mode=mode,
            database_url=database_url_from_env(),
            redis_url=os.environ.get("REDIS_URL") or None,
            redis_namespace=os.environ.get("HUB_REDIS_NAMESPACE", "owh"),
            secret_key=secret,
            host=os.environ.get("HUB_HOST", "127.0.0.1"),
            port=_int("HUB_PORT", 8000),
            data_dir=data_dir,
            frontend_dir=Path(os.environ.get("HUB_FRONTEND_DIR", str(cls.frontend_dir))),
            token_ttl_seconds=_int("HUB_TOKEN_TTL", 12 * 3600),
            lookup_attempts_per_minute=_int("HUB_LOOKUP_ATTEMPTS_PER_MINUTE", 30),
            lookup_target_attempts_per_minute=_int("HUB_LOOKUP_TARGET_ATTEMPTS_PER_MINUTE", 20),
            gateway_secret=os.environ.get("HUB_GATEWAY_SECRET", ""),
            cost_limit_anonymous=_int("HUB_COST_LIMIT_ANONYMOUS", 10000),
            cost_limit_staff=_int("HUB_COST_LIMIT_STAFF", 25000),
            max_body_bytes=_int("HUB_MAX_BODY_BYTES", 1024 * 1024),
            max_variables=_int("HUB_MAX_VARIABLES", 1000),
            public_cache_seconds=float(os.environ.get("HUB_PUBLIC_CACHE_SECONDS", "10")),
            viewer_cache_seconds=_float("HUB_VIEWER_CACHE_SECONDS", 5.0),
            public_base_url=os.environ.get("HUB_PUBLIC_BASE_URL", "").rstrip("/"),
            whistle_escalate_minutes=_int("HUB_WHISTLE_ESCALATE_MINUTES", 3),
            analytics_refresh_seconds=_int("HUB_ANALYTICS_REFRESH_SECONDS", 10),
            whistle_on_duty_minutes=_int("HUB_WHISTLE_ON_DUTY_MINUTES", 10),
            appointment_grace_minutes=_int("HUB_APPOINTMENT_GRACE_MINUTES", 15),
            kiosk_opening_hours=os.environ.get("HUB_KIOSK_OPENING_HOURS", "on").strip().lower()
            not in ("off", "0", "false", "no"),
            trusted_proxies=_list("HUB_TRUSTED_PROXIES"),
            login_code_ttl_seconds=_int("HUB_LOGIN_CODE_TTL_SECONDS", 300),
            login_code_resend_seconds=_int("HUB_LOGIN_CODE_RESEND_SECONDS", 60),
            login_code_max_attempts=_int("HUB_LOGIN_CODE_MAX_ATTEMPTS", 5),
            login_code_per_phone=_int("HUB_LOGIN_CODE_PER_PHONE", 5),
            login_code_per_ip=_int("HUB_LOGIN_CODE_PER_IP", 20),
            login_code_window_seconds=_int("HUB_LOGIN_CODE_WINDOW_SECONDS", 3600),
            login_code_echo=_login_code_echo(mode),
            password_hash_threads=_int("HUB_PASSWORD_HASH_THREADS", 2),
            render_threads=_int("HUB_RENDER_THREADS", 2),
            ws_send_buffer_bytes=_int("HUB_WS_SEND_BUFFER_BYTES", 256 * 1024),
            ws_ping_seconds=_float("HUB_WS_PING_SECONDS", 15),
            ws_pong_timeout_seconds=_float("HUB_WS_PONG_TIMEOUT_SECONDS", 10),
            outbox_poll_seconds=_float("HUB_OUTBOX_POLL_SECONDS", 1.0),
            idempotency_retention_days=_float("HUB_IDEMPOTENCY_RETENTION_DAYS", 7),
            outbox_max_attempts=_int("HUB_OUTBOX_MAX_ATTEMPTS", 20),
            outbox_backoff_seconds=_float("HUB_OUTBOX_BACKOFF_SECONDS", 2.0),
            outbox_backoff_max_seconds=_float("HUB_OUTBOX_BACKOFF_MAX_SECONDS", 600.0),
            outbox_timeout_seconds=_float("HUB_OUTBOX_TIMEOUT_SECONDS", 10.0),
            basedata_adapter=os.environ.get("HUB_BASEDATA_ADAPTER", "").strip(),
            courier_adapter=os.environ.get("HUB_COURIER_ADAPTER", "").strip() or "local",
            handoff_adapter=os.environ.get("HUB_HANDOFF_ADAPTER", "").strip() or "http",
            sms_adapter=os.environ.get("HUB_SMS_ADAPTER", "").strip()
            or ("dysms" if mode == "prod" else "fake"),
            robot_adapter=os.environ.get("HUB_ROBOT_ADAPTER", "").strip()
            or ("http" if mode == "prod" else "fake"),
            sms_endpoint=os.environ.get("HUB_SMS_ENDPOINT", "").strip() or cls.sms_endpoint,
            sms_access_key_id=os.environ.get("HUB_SMS_ACCESS_KEY_ID", ""),
            sms_access_key_secret=os.environ.get("HUB_SMS_ACCESS_KEY_SECRET", ""),
            sms_sign_name=os.environ.get("HUB_SMS_SIGN_NAME", "").strip() or cls.sms_sign_name,
            sms_receipt_secret=os.environ.get("HUB_SMS_RECEIPT_SECRET", ""),
            notify_sms_per_hour=_int("HUB_NOTIFY_SMS_PER_HOUR", 5),
            notify_sms_per_day=_int("HUB_NOTIFY_SMS_PER_DAY", 20),
            notify_quiet_hours=os.environ.get("HUB_NOTIFY_QUIET_HOURS", "21-8").strip(),
            payment_adapter=os.environ.get("HUB_PAYMENT_ADAPTER", "").strip() or "fake",
            payment_sweep_seconds=_float("HUB_PAYMENT_SWEEP_SECONDS", 60.0),
            metrics_allow=_list("HUB_METRICS_ALLOW") or cls.metrics_allow,
            metrics_token=os.environ.get("HUB_METRICS_TOKEN", ""),
            retention_event_days=_int("HUB_RETENTION_EVENT_DAYS", 30),
            retention_receipt_days=_int("HUB_RETENTION_RECEIPT_DAYS", 90),
            retention_exam_link_days=_int("HUB_RETENTION_EXAM_LINK_DAYS", 30),
            retention_interval_seconds=_float("HUB_RETENTION_INTERVAL_SECONDS", 3600.0),
            notify_reminder_interval_seconds=_float("HUB_NOTIFY_REMINDER_INTERVAL_SECONDS", 3600.0),
            migration_lock_timeout_seconds=_float("HUB_MIGRATION_LOCK_TIMEOUT_SECONDS", 5.0),
            migration_lock_attempts=_int("HUB_MIGRATION_LOCK_ATTEMPTS", 10),
            migration_lock_pause_seconds=_float("HUB_MIGRATION_LOCK_PAUSE_SECONDS", 2.0),
            related_window_days=_int("HUB_RELATED_WINDOW_DAYS", 30),
            related_history_days=_int("HUB_RELATED_HISTORY_DAYS", 365),
            related_min_support=_int("HUB_RELATED_MIN_SUPPORT", 5),
            related_min_confidence=_float("HUB_RELATED_MIN_CONFIDENCE", 0.1),
        )


def _login_code_echo(mode: str) -> bool:
    """``HUB_LOGIN_CODE_ECHO``: log SMS login codes; on by default in dev, never in prod."""
    raw = os.environ.get("HUB_LOGIN_CODE_ECHO", "").strip().lower()
    on = raw in ("on", "1", "true", "yes") or (not raw and mode == "dev")
    if on and mode == "prod":
        raise ValueError("HUB_LOGIN_CODE_ECHO must be off when HUB_MODE=prod (it logs SMS login codes)")
    return on


def calendar_known_until() -> int | None:
    """``HUB_CALENDAR_KNOWN_UNTIL``: the last year of the bundled holiday schedules to trust."""
    raw = os.environ.get("HUB_CALENDAR_KNOWN_UNTIL", "").strip()
    return int(raw) if raw else None


def database_url_from_env() -> str:
    data_dir = Path(os.environ.get("HUB_DATA_DIR", str(DEFAULT_DATA_DIR)))
    return os.environ.get("DATABASE_URL") or f"sqlite://{data_dir / 'hub.sqlite3'}"


def _dev_secret(data_dir: Path) -> str:
    """A per-checkout random key, kept in the data directory so tokens survive restarts."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
