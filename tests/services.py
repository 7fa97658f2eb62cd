"""Which external services the suite may use; REQUIRE_SERVICES=1 turns a skip into a failure."""

from __future__ import annotations

import os
import shutil
import socket

import pytest

PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PGPORT", "5432"))
PG_USER = os.environ.get("PGUSER", "postgres")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def need(name: str, available: bool) -> None:
    """Skip (on a laptop) or fail (in CI) when a service is missing."""
    if available:
        return
    message = f"{name} is not available"
    if services_required():
        pytest.fail(f"{message}, and REQUIRE_SERVICES=1 demands it")
    pytest.skip(message)


def need_postgres() -> None:
    need(f"PostgreSQL at {PG_HOST}:{PG_PORT}", _port_open(PG_HOST, PG_PORT))


def need_redis() -> None:
    need("Redis at 127.0.0.1:6379", _port_open("127.0.0.1", 6379))


NGINX = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")


def need_nginx() -> str:
    """Debian's nginx (the reference deployment's balancer, deploy/nginx)."""
    need("nginx (apt install nginx)", NGINX is not None)
    assert NGINX is not None
    return NGINX


def need_chromium() -> None:
    need(f"Chromium at {CHROMIUM}", shutil.which(CHROMIUM) is not None)


def need_node() -> str:
    """The path of Node.js (>= 20), which runs the gateway and its composition."""
    node = shutil.which("node")
    need("Node.js (for the supergraph gateway)", node is not None)
    assert node is not None
    return node
