"""CORS: every answer may be read by a browser page from any origin (the endpoint is public and read-only).

* :class:`CorsHeaders` (ASGI middleware) adds :data:`CORS_HEADERS` to every
  response, errors and 429/413 included, so a browser client (YASGUI, a
  linked-data viewer) can read the answer and its ``Treatygraph-*`` headers.
  ``Access-Control-Allow-Origin: *`` is safe here: nothing uses cookies or
  credentials, and nothing can be changed through the API.
* :func:`preflight` answers ``OPTIONS`` on a route (a CORS preflight or a
  plain ``OPTIONS``): 204 with ``Allow`` and the methods and request headers
  a browser may use. Each router declares its own ``OPTIONS`` routes with the
  methods it serves, so a preflight never promises a method the route refuses.
"""

from __future__ import annotations

from typing import Sequence

from starlette.datastructures import MutableHeaders
from starlette.responses import Response

#: Response headers a browser script may read.
EXPOSED_HEADERS = ("Link", "ETag", "Content-Location", "Location", "Vary", "Content-Disposition",
                   "Retry-After", "Allow", "Treatygraph-Truncated", "Treatygraph-Statements")
#: Request headers a SPARQL or linked-data client sends beyond the CORS-safelisted ones.
ALLOWED_HEADERS = ("Accept", "Accept-Language", "Content-Type", "If-None-Match",
                   "If-Modified-Since", "Cache-Control", "X-Requested-With")
#: Seconds a browser may cache a preflight answer.
MAX_AGE = 86400

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": ", ".join(EXPOSED_HEADERS),
}


def preflight(methods: Sequence[str]) -> Response:
    """The answer to ``OPTIONS`` on a route serving ``methods`` (``OPTIONS`` is added)."""
    allowed = ", ".join(dict.fromkeys([*methods, "OPTIONS"]))
    return Response(status_code=204, headers={
        **CORS_HEADERS, "Allow": allowed,
        "Access-Control-Allow-Methods": allowed,
        "Access-Control-Allow-Headers": ", ".join(ALLOWED_HEADERS),
        "Access-Control-Max-Age": str(MAX_AGE),
    })


class CorsHeaders:
    """ASGI middleware: :data:`CORS_HEADERS` on every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_cors(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                headers = MutableHeaders(scope=message)
                for name, value in CORS_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_cors)
