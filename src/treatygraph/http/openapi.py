"""The app's OpenAPI document, made to tell the truth (checked by schemathesis in tests/security).

FastAPI derives the schema from the route signatures; routes that read the
request themselves (``/sparql``, ``/queries/{name}``, the pages) come out as
"200 application/json, no parameters", which is false. :func:`install`
replaces ``app.openapi`` with one that adds:

* the protocol parameters of ``/sparql`` and its two POST bodies;
* the media types each route really answers with (from the format table);
* the one error shape (:class:`~treatygraph.http.errors.ApiError`) for every
  status any route can answer, JSON or HTML.
"""

from __future__ import annotations

import re
import warnings

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .negotiation import FORMATS

_ANY_TEXT = {"schema": {"type": "string"}}
_SPARQL_JSON = {"schema": {"type": "object", "required": ["head"], "properties": {
    "head": {"type": "object"}, "boolean": {"type": "boolean"},
    "results": {"type": "object", "required": ["bindings"],
                "properties": {"bindings": {"type": "array", "items": {"type": "object"}}}},
    "truncated": {"type": "boolean"}}}}
_CATALOGUE_JSON = {"schema": {"type": "object", "required": ["queries"], "properties": {
    "queries": {"type": "array", "items": {"type": "object", "required": [
        "name", "title", "description", "params", "url", "sparql"]}}}}}


def _content(media_type: str, path: str) -> dict:
    if media_type == "application/sparql-results+json":
        return _SPARQL_JSON
    if media_type == "application/json":
        return _CATALOGUE_JSON if path == "/queries" else {"schema": {}}
    if media_type.endswith("json"):
        return {"schema": {}}
    return _ANY_TEXT
_RESULT_TYPES = [f.media_type for f in FORMATS if f.carries in ("results", "graph")]
_GRAPH_TYPES = [f.media_type for f in FORMATS if f.carries == "graph"]
_DATASET_TYPES = [f.media_type for f in FORMATS if f.carries in ("graph", "dataset")]

#: What a successful answer of each route is (path prefix -> media types); the first match wins.
SUCCESS_TYPES: list[tuple[str, list[str]]] = [
    ("/sparql", _RESULT_TYPES),
    ("/queries/{name}", _RESULT_TYPES),
    ("/queries", ["application/json", "text/html"]),
    ("/id/", ["text/plain"]),                       # 303 See Other (body: a line of text)
    ("/data/", _GRAPH_TYPES + ["text/html"]),
    ("/export", _DATASET_TYPES),
    ("/ontology.{suffix}", _GRAPH_TYPES),
    ("/pictures/", ["image/svg+xml"]),
    ("/static/", ["text/css", "image/svg+xml", "application/octet-stream"]),
    ("/", ["text/html"]),
]

ERROR_SCHEMA = {
    "type": "object", "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["status", "title", "detail"],
        "properties": {"status": {"type": "integer"}, "title": {"type": "string"},
                       "detail": {"type": "string"}},
    }},
}
#: Every error status the app answers (docs/http.md, docs/security.md).
ERROR_STATUSES = {
    "400": "Bad request: SPARQL syntax, refused query (update, SERVICE, FROM elsewhere)",
    "404": "Not found", "405": "Method not allowed", "406": "Not acceptable",
    "413": "Request body too large", "415": "Unsupported media type",
    "422": "A bad, missing, repeated or unknown parameter",
    "429": "Too many requests in flight from this client (Retry-After)",
    "500": "Internal error", "502": "The remote store answered garbage",
    "503": "No store (Retry-After)", "504": "The query ran out of time",
}

_SPARQL_PARAMS = [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "The SPARQL query (without it, GET answers the service description)"},
    {"name": "default-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True},
    {"name": "named-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True},
    {"name": "format", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "A format name (json, csv, turtle, ...) or media type; overrides Accept"},
]
_SPARQL_BODY = {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": {
        "type": "object", "required": ["query"],
        "properties": {"query": {"type": "string"}, "format": {"type": "string"}}}},
    "application/sparql-query": {"schema": {"type": "string"}},
}}


def _success_types(path: str) -> list[str]:
    for prefix, types in SUCCESS_TYPES:
        if prefix == "/" or path.startswith(prefix):
            return types
    return ["*/*"]


def document(app: FastAPI) -> dict:
    """The corrected OpenAPI document of ``app``."""
    with warnings.catch_warnings():  # FastAPI gives GET and HEAD of a route one operationId
        warnings.simplefilter("ignore", UserWarning)
        spec = get_openapi(title=app.title, version=app.version, description=app.description,
                           routes=app.routes)
    spec.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in spec.get("paths", {}).items():
        for method, op in operations.items():
            if "operationId" in op:  # unique per method, as OpenAPI requires
                op["operationId"] = f"{op['operationId'].rsplit('_', 1)[0]}_{method}"
            declared = {p["name"] for p in op.get("parameters", []) if p.get("in") == "path"}
            for name in re.findall(r"{(\w+)}", path):
                if name not in declared:
                    op.setdefault("parameters", []).append(
                        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
            types = _success_types(path)
            responses = op.setdefault("responses", {})
            if method == "options":
                responses.clear()
                responses["204"] = {"description": "The allowed methods (CORS preflight)"}
                responses["200"] = {"description": "The allowed methods"}
            else:
                ok = responses.setdefault("200", {"description": "Successful Response"})
                ok["content"] = {t: _content(t, path) for t in types}
                if path.startswith("/id/"):
                    responses.pop("200", None)
                    responses["303"] = {"description": "See Other: the representation to fetch",
                                        "content": {"text/plain": _ANY_TEXT}}
            error_body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}},
                          "text/html": _ANY_TEXT}
            for status, why in ERROR_STATUSES.items():
                responses[status] = {"description": why, "content": error_body}
            if path == "/sparql":
                op["parameters"] = list(_SPARQL_PARAMS)
                if method == "post":
                    op["requestBody"] = _SPARQL_BODY
            elif path == "/queries/{name}":
                op.setdefault("parameters", []).append(
                    {"name": "format", "in": "query", "required": False, "schema": {"type": "string"}})
    return spec


def install(app: FastAPI) -> None:
    """Serve :func:`document` at ``/openapi.json`` (computed once)."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
