"""Per-client limits, enforced before any route runs (pure ASGI middleware).

* at most ``max_concurrent_per_client`` requests in flight per client (the
  remote address): one more is answered **429** with ``Retry-After: 1``;
* a request body larger than ``max_body`` bytes is answered **413**, from
  ``Content-Length`` before reading, or as soon as a chunked body passes
  the limit (the route reading it gets the error).
"""

from __future__ import annotations

import threading
from collections import Counter

from starlette.requests import Request

from ..store.budget import Budget
from .errors import ApiError, error_response

RETRY_AFTER_BUSY = 1


def client_key(scope) -> str:
    """Who a request comes from, for every per-client limit: the remote address of ``scope``.

    The ASGI server sets it (from a trusted proxy's ``X-Forwarded-For`` only
    when it is configured to trust one).
    """
    return (scope.get("client") or ("unknown", 0))[0]


class ClientLimits:
    """ASGI middleware applying a :class:`~treatygraph.store.budget.Budget`'s per-client limits."""

    def __init__(self, app, budget: Budget):
        self.app = app
        self.budget = budget
        self._in_flight: Counter[str] = Counter()
        self._lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        client = client_key(scope)
        limit = self.budget.max_concurrent_per_client
        with self._lock:
            busy = self._in_flight[client] >= limit
            if not busy:
                self._in_flight[client] += 1
        if busy:
            error = ApiError(429, "Too Many Requests",
                             f"more than {limit} requests at once from {client}; retry shortly",
                             {"Retry-After": str(RETRY_AFTER_BUSY)})
            return await error_response(Request(scope), error)(scope, receive, send)
        try:
            declared = dict(scope.get("headers") or []).get(b"content-length", b"")
            if declared.isdigit() and int(declared) > self.budget.max_body:
                error = ApiError.payload_too_large(self.budget.max_body)
                return await error_response(Request(scope), error)(scope, receive, send)
            await self.app(scope, self._capped(receive), send)
        finally:
            with self._lock:
                self._in_flight[client] -= 1
                if self._in_flight[client] <= 0:
                    del self._in_flight[client]

    def _capped(self, receive):
        seen = 0
        limit = self.budget.max_body

        async def wrapped():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiError.payload_too_large(limit)
            return message

        return wrapped
