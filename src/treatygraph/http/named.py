"""``/queries`` (the catalogue of named queries) and ``/queries/{name}`` (run one).

Parameters come as query-string arguments (``?provision=id/itpgrfa/art/19``);
a bad value or an unknown parameter is a 422 naming it. Results are
negotiated exactly as on ``/sparql`` (``format=`` overrides Accept).
Both answer ``HEAD`` and ``OPTIONS`` (CORS preflight, :mod:`treatygraph.http.cors`).
"""

from __future__ import annotations

import html
import json
import logging

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..config import Settings
from ..named_queries import NamedQuery, NamedQueryError, ParameterError, load_named_queries
from ..store.forms import shape
from .cors import preflight
from .deps import get_store
from .errors import ApiError
from .negotiation import negotiate
from .execution import TRUNCATED_HEADER, execute
from .sparql import _FORMATS_FOR_KIND, _with_charset, choose_format

router = APIRouter()
log = logging.getLogger("treatygraph.http")


def load_catalogue(settings: Settings) -> dict[str, NamedQuery]:
    """The named queries of ``settings.queries_dir``.

    A broken file is logged (naming file and line) and left out, so one bad
    query does not take the endpoint down; tests/http/test_named_queries.py
    fails on it.
    """
    errors: list[NamedQueryError] = []
    queries = load_named_queries(settings.queries_dir, errors=errors)
    for e in errors:
        log.error("named query left out: %s", e)
    return queries


def _catalogue(request: Request) -> dict[str, NamedQuery]:
    return request.app.state.named_queries


@router.api_route("/queries", methods=["GET", "HEAD"])
def list_queries(request: Request):
    """The named queries, as JSON or a minimal HTML list."""
    queries = _catalogue(request)
    media = negotiate(request.headers.get("accept"), ["application/json", "text/html"])
    if media == "text/html":
        items = "\n".join(
            f'<li><a href="{html.escape(str(request.url_for("run_query", name=q.name)))}">'
            f"{html.escape(q.title)}</a> — {html.escape(q.description)}"
            f"{_params_html(q)}</li>"
            for q in queries.values()
        )
        page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                f"<title>Named queries</title></head>\n<body><h1>Named queries</h1>\n"
                f"<ul>\n{items}\n</ul></body></html>\n")
        return Response(page, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
    body = [dict(q.to_json(), url=str(request.url_for("run_query", name=q.name)), sparql=q.sparql)
            for q in queries.values()]
    return Response(json.dumps({"queries": body}, ensure_ascii=False),
                    media_type="application/json", headers={"Vary": "Accept"})


def _params_html(q: NamedQuery) -> str:
    if not q.params:
        return ""
    rows = "".join(
        f"<li><code>{html.escape(p.name)}</code> ({html.escape(p.type)}"
        f"{', optional' if p.optional else ''}"
        f"{', default ' + html.escape(repr(p.default)) if p.default is not None else ''})"
        f" {html.escape(p.description)}</li>"
        for p in q.params
    )
    return f"<ul>{rows}</ul>"


@router.api_route("/queries/{name}", methods=["GET", "HEAD"], name="run_query")
async def run_query(name: str, request: Request):
    """Run one named query with its parameters from the query string."""
    query = _catalogue(request).get(name)
    if query is None:
        raise ApiError.not_found(
            f"no named query {name!r}; the list is at {request.url_for('list_queries')}")
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in values:
            raise ApiError.unprocessable(key, "given more than once")
        values[key] = value
    settings = request.app.state.settings
    try:
        bindings = query.bindings(values, settings.base)
    except ParameterError as e:
        raise ApiError.unprocessable(e.param, e.message) from None
    kind = shape(query.sparql).kind
    fmt, media = choose_format(request, _FORMATS_FOR_KIND[kind], values.get("format"))
    store = get_store(request)
    body, truncated = await execute(request, store, query.sparql, fmt, bindings=bindings)
    headers = {"Vary": "Accept"}
    if truncated:
        headers[TRUNCATED_HEADER] = "true"
    return Response(body, media_type=_with_charset(media), headers=headers)


# After the routes: for another method, the first route matching the path gives the 405 its Allow.
@router.options("/queries")
@router.options("/queries/{name}")
async def queries_options() -> Response:
    """CORS preflight (and plain OPTIONS): both routes are GET and HEAD."""
    return preflight(["GET", "HEAD"])
