"""Who a request comes from: :func:`client_address`, the one answer every per-client rule uses.

By default the client is the peer of the TCP connection and proxy headers are
ignored: trusting ``X-Forwarded-For`` from anyone would let a client pick a
new address for every request and so escape the per-client limits. When the
server runs behind a reverse proxy, name the proxy's addresses in
``forwarded_allow_ips`` (``treatygraph serve --forwarded-allow-ips``, or
``TREATYGRAPH_FORWARDED_ALLOW_IPS``): then, for a request from one of them,
``X-Forwarded-For`` gives the client (the nearest address that is not a
trusted proxy) and ``X-Forwarded-Proto`` the scheme. uvicorn's own
``ProxyHeadersMiddleware`` does the parsing; :func:`install` puts it in front
of the app, so the rule holds under any ASGI server whose own proxy handling
is off (``treatygraph serve`` turns uvicorn's off).
"""

from __future__ import annotations

import ipaddress

from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

#: ``Settings.extra`` key (and, upper-cased with the prefix, environment variable) naming trusted proxies.
SETTING = "forwarded_allow_ips"
ENV = "TREATYGRAPH_FORWARDED_ALLOW_IPS"


def parse_trusted(value: str, where: str = ENV) -> list[str]:
    """The trusted proxies of a comma-separated list: IP addresses, networks (CIDR) or ``*``.

    An empty value trusts nobody. Anything else is a :class:`ValueError` naming ``where``.
    """
    entries = [e.strip() for e in (value or "").split(",") if e.strip()]
    for entry in entries:
        if entry == "*":
            continue
        try:
            ipaddress.ip_network(entry, strict=False) if "/" in entry else ipaddress.ip_address(entry)
        except ValueError:
            raise ValueError(f"{where}: {entry!r} is not an IP address, a network (CIDR) or '*'") from None
    return entries


def trusted_proxies(settings) -> list[str]:
    """The proxies ``settings`` trusts to forward the client's address (none by default)."""
    return parse_trusted(str((settings.extra or {}).get(SETTING) or ""))


def install(app: FastAPI, settings) -> None:
    """Read proxy headers from the trusted proxies only; call last, so it runs before every other middleware."""
    trusted = trusted_proxies(settings)
    if trusted:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=trusted)


def client_address(scope) -> str:
    """The address a request counts against: the peer, or what a trusted proxy forwarded."""
    client = scope.get("client")
    return client[0] if client else "unknown"
