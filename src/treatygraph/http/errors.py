"""One error type for the HTTP layer, and one handler answering every error the same way.

Raise :class:`ApiError` (through its named constructors) anywhere in a
route; store errors (:mod:`treatygraph.store.base`) and
:class:`~treatygraph.http.negotiation.NotAcceptable` are mapped here too.
The body is JSON by default::

    {"error": {"status": 404, "title": "Not Found", "detail": "no named query 'x'"}}

or a small HTML page when the client prefers ``text/html``. Only 5xx
errors are logged (with the traceback for 500s); 4xx are the client's.
"""

from __future__ import annotations

import html
import json
import logging
from typing import Mapping, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ..store.base import BadQuery, StoreBadResponse, StoreError, StoreTimeout, StoreUnavailable
from .negotiation import NotAcceptable, negotiate

log = logging.getLogger("treatygraph.http")

#: Seconds a client should wait before retrying when the store is unavailable.
RETRY_AFTER = 10

_TITLES = {
    400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    406: "Not Acceptable", 413: "Payload Too Large", 415: "Unsupported Media Type",
    422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
    503: "Service Unavailable", 504: "Gateway Timeout",
}


class ApiError(Exception):
    """An HTTP error with a status, a short title and a detail for humans."""

    def __init__(self, status: int, title: str, detail: str,
                 headers: Mapping[str, str] | None = None):
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = dict(headers or {})

    def body(self) -> dict:
        """The JSON body (pinned by tests/http/test_errors.py)."""
        return {"error": {"status": self.status, "title": self.title, "detail": self.detail}}

    # ---- named constructors -------------------------------------------

    @classmethod
    def bad_query(cls, detail: str) -> "ApiError":
        return cls(400, "Bad Request", detail)

    @classmethod
    def not_found(cls, detail: str) -> "ApiError":
        return cls(404, "Not Found", detail)

    @classmethod
    def method_not_allowed(cls, method: str, allowed: Sequence[str]) -> "ApiError":
        return cls(405, "Method Not Allowed",
                   f"{method} is not allowed here; use {', '.join(allowed)}",
                   {"Allow": ", ".join(allowed)})

    @classmethod
    def not_acceptable(cls, offered: Sequence[str], accept: str | None = None) -> "ApiError":
        return cls(406, "Not Acceptable",
                   f"cannot answer in any type the Accept header allows ({accept!r}); "
                   f"acceptable: {', '.join(offered)}")

    @classmethod
    def payload_too_large(cls, limit: int) -> "ApiError":
        return cls(413, "Payload Too Large", f"the request body exceeds {limit} bytes")

    @classmethod
    def unsupported_media_type(cls, got: str | None, supported: Sequence[str]) -> "ApiError":
        what = f"Content-Type {got!r}" if got else "a missing Content-Type"
        return cls(415, "Unsupported Media Type",
                   f"cannot read a request body with {what}; send one of: {', '.join(supported)}")

    @classmethod
    def unprocessable(cls, parameter: str, detail: str) -> "ApiError":
        return cls(422, "Unprocessable Content", f"parameter {parameter!r}: {detail}")

    @classmethod
    def internal(cls, detail: str = "an unexpected error occurred; it has been logged") -> "ApiError":
        return cls(500, "Internal Server Error", detail)

    @classmethod
    def upstream_bad(cls, detail: str) -> "ApiError":
        return cls(502, "Bad Gateway", detail)

    @classmethod
    def store_unavailable(cls, detail: str, retry_after: int = RETRY_AFTER) -> "ApiError":
        return cls(503, "Service Unavailable", detail, {"Retry-After": str(retry_after)})

    @classmethod
    def store_timeout(cls, detail: str) -> "ApiError":
        return cls(504, "Gateway Timeout", detail)

    @classmethod
    def client_gone(cls, detail: str) -> "ApiError":
        """The client closed its connection (nginx's 499): nobody reads this answer."""
        return cls(499, "Client Closed Request", detail)

    @classmethod
    def from_exception(cls, exc: BaseException) -> "ApiError":
        """The ApiError for a store error, a negotiation failure, or anything else (500)."""
        if isinstance(exc, ApiError):
            return exc
        if isinstance(exc, NotAcceptable):
            return cls.not_acceptable(exc.offered, exc.accept)
        if isinstance(exc, BadQuery):
            return cls.bad_query(str(exc))
        if isinstance(exc, StoreUnavailable):
            # An open circuit breaker knows when it will let a request through again.
            return cls.store_unavailable(str(exc), getattr(exc, "retry_after", RETRY_AFTER))
        if isinstance(exc, StoreTimeout):
            return cls.store_timeout(str(exc))
        if isinstance(exc, StoreBadResponse):
            return cls.upstream_bad(str(exc))
        if isinstance(exc, StoreError):
            return cls.internal(str(exc))
        return cls.internal()


def error_response(request: Request, error: ApiError) -> Response:
    """The response for an error: JSON, or HTML when the client prefers it (so it varies on Accept)."""
    if error.status >= 500:
        log.error("%s %s -> %s", request.method, request.url.path, error)
    vary = [v.strip() for v in error.headers.get("Vary", "").split(",") if v.strip()]
    if not any(v.lower() == "accept" for v in vary):
        error.headers["Vary"] = ", ".join([*vary, "Accept"])
    try:
        media = negotiate(request.headers.get("accept"), ["application/json", "text/html"])
    except NotAcceptable:
        media = "application/json"  # an error is never itself a 406
    if media == "text/html":
        content = _html_page(request, error)
        return Response(content, status_code=error.status, headers=error.headers,
                        media_type="text/html; charset=utf-8")
    return Response(json.dumps(error.body(), ensure_ascii=False), status_code=error.status,
                    headers=error.headers, media_type="application/json")


def _html_page(request: Request, error: ApiError) -> str:
    """The site's styled error page (navigation, search); a bare page if it cannot be rendered."""
    try:
        from .pages.errors import error_page

        return error_page(request, error.status, error.title, error.detail)
    except Exception:  # noqa: BLE001 - an error page must never fail itself
        log.exception("the error page could not be rendered")
        t, d = html.escape(error.title), html.escape(error.detail)
        return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{error.status} {t}</title></head>\n<body><h1>{error.status} {t}</h1>"
                f"\n<p>{d}</p></body></html>\n")


def install(app: FastAPI) -> None:
    """Register the handlers on an app (done by :func:`treatygraph.http.app.create_app`)."""

    async def on_api_error(request: Request, exc: ApiError):
        return error_response(request, exc)

    async def on_mapped(request: Request, exc: Exception):
        if not isinstance(exc, (ApiError, NotAcceptable, BadQuery, StoreError)):
            log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, ApiError.from_exception(exc))

    async def on_http(request: Request, exc: StarletteHTTPException):
        title = _TITLES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else title
        if exc.status_code == 404 and detail == title:
            detail = f"no resource at {request.url.path}"
        elif exc.status_code == 405:
            allow = (exc.headers or {}).get("Allow", "")
            detail = f"{request.method} is not allowed on {request.url.path}; use {allow}"
        return error_response(request, ApiError(exc.status_code, title, detail, exc.headers))

    async def on_validation(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body", "header")]
        return error_response(request, ApiError.unprocessable(
            ".".join(loc) or "request", first.get("msg", "invalid value")))

    app.add_exception_handler(ApiError, on_api_error)
    for exc_type in (NotAcceptable, BadQuery, StoreError, Exception):
        app.add_exception_handler(exc_type, on_mapped)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
