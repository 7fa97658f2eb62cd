"""The real client address behind trusted reverse proxies (``HUB_TRUSTED_PROXIES``).

By default no proxy is trusted and ``X-Forwarded-For`` is ignored: the client is the peer of the
TCP connection. When the peer is one of the trusted addresses or networks, the header is read from
the right — each proxy appends the address it received the request from — and the first hop that
is not itself a trusted proxy is the client. Anything a client writes into the header sits to the
left of that hop, so a spoofed header never changes the key a rate limit counts under.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def parse_networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    """``("10.0.0.1", "192.168.0.0/16")`` as networks; ValueError naming a bad entry."""
    networks = []
    for entry in spec:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"HUB_TRUSTED_PROXIES: {entry!r} is not an address or network") from None
    return tuple(networks)


def within(address: str, networks: tuple[Network, ...]) -> bool:
    """Whether ``address`` (an IP, else False) is in one of ``networks``."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip.version == n.version and ip in n for n in networks)


def client_address(peer: str, forwarded_for: str | None, trusted: tuple[str, ...]) -> str:
    """The address to key per-client limits on: ``peer`` unless it is a trusted proxy."""
    networks = parse_networks(trusted)
    if not networks or not forwarded_for or not within(peer, networks):
        return peer
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        hop = hop.strip()
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage a trusted proxy passed on: keep the last address we can vouch for
        client = hop
        if not within(hop, networks):
            break
    return client
