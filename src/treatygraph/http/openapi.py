"""The app's OpenAPI document, made to tell the truth (checked by schemathesis in tests/security).

FastAPI derives the schema from the route signatures; routes that read the
request themselves (``/sparql``, ``/queries/{name}``, the pages) come out as
"200 application/json, no parameters", which is false. :func:`install`
replaces ``app.openapi`` with one that adds:

* the protocol parameters of ``/sparql`` and its two POST bodies, with the
  formats each query form can be answered in (a query and its ``format``
  go together, so they are one exploded object parameter, ``anyOf`` by form);
* one path per named query (``/queries/citing-provision``), with its
  parameters, which are required, their types, and the formats its form allows;
* required parameters and enumerated values of ``/export`` and the pictures;
* the media types each route really answers with (from the format table);
* the one error shape (:class:`~treatygraph.http.errors.ApiError`) for every
  status any route can answer, JSON or HTML;
* a tag on every operation (:data:`TAGS`, :data:`ROUTE_TAGS`): the sections of ``/api``.

String formats beyond JSON Schema's own (``iri``, ``date``): ``sparql-select``,
``sparql-ask``, ``sparql-graph`` (CONSTRUCT or DESCRIBE), ``sparql-query``
(any of them), ``store-graph`` (the IRI of one of the store's graphs, as the
service description lists them). tests/security/test_schemathesis.py gives
schemathesis a generator for each, and checks that no request valid by this
document is refused.
"""

from __future__ import annotations

import re
import warnings

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ..export import DIRECTIONS, EXPORT_FORMATS, MAX_DEPTH
from ..named_queries import MAX_VALUE_LENGTH, NamedQuery, Param
from ..store.forms import shape
from .negotiation import ASK_FORMATS, FORMATS, GRAPH_FORMATS, SELECT_FORMATS, Format

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
_EXPORT_TYPES = list(dict.fromkeys(f.media_type.split(";")[0] for f in EXPORT_FORMATS.values()))

#: What a successful answer of each route is (path prefix -> media types); the first match wins.
SUCCESS_TYPES: list[tuple[str, list[str]]] = [
    ("/sparql", _RESULT_TYPES + ["text/html"]),  # text/html: the query editor, for a browser
    ("/queries/{name}", _RESULT_TYPES),
    ("/queries/", _RESULT_TYPES),
    ("/queries", ["application/json", "text/html"]),
    ("/healthz", ["application/json"]),
    ("/id/", ["text/plain"]),                       # 303 See Other (body: a line of text)
    ("/data/", _GRAPH_TYPES + ["text/html"]),
    ("/export", _EXPORT_TYPES),
    ("/ontology.{suffix}", _GRAPH_TYPES),
    ("/dump", ["application/gzip"]),                # gzip-compressed N-Quads, a file
    ("/.well-known/void", _GRAPH_TYPES),
    ("/pictures/", ["image/svg+xml"]),
    ("/static/", ["text/css", "image/svg+xml", "application/octet-stream"]),
    ("/", ["text/html"]),
]

#: The groups the operations are listed in (Swagger UI's sections): (name, description).
TAGS: list[tuple[str, str]] = [
    ("SPARQL", "The SPARQL 1.1 endpoint: queries, and the service description without one"),
    ("Named queries", "The questions the graph answers, one path each, with typed parameters"),
    ("Linked data", "Dereferenceable URIs (303 to a format), their descriptions, the ontology, "
                    "the VoID description and the dump"),
    ("Export", "A resource's neighbourhood as a subgraph, in RDF or for graph tools"),
    ("Pages", "The HTML site: home, resource pages, search, the query form, pictures, style"),
    ("Service", "Readiness"),
]
#: The group of each route (path prefix -> tag name); the first match wins.
ROUTE_TAGS: list[tuple[str, str]] = [
    ("/sparql", "SPARQL"),
    ("/queries", "Named queries"),
    ("/id/", "Linked data"), ("/data/", "Linked data"), ("/ontology", "Linked data"),
    ("/.well-known/void", "Linked data"), ("/dump", "Linked data"),
    ("/export", "Export"),
    ("/healthz", "Service"),
    ("/", "Pages"),
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
    "503": "No store, or it does not answer (Retry-After)", "504": "The query ran out of time",
}

def _format_names(formats: tuple[Format, ...]) -> list[str]:
    """What ``format=`` may say for these formats: their names and media types."""
    return [f.name for f in formats] + [m for f in formats for m in f.media_types]


#: (title, string format of the query, the formats its answer can take), by query form.
_FORMS = [
    ("SELECT", "sparql-select", SELECT_FORMATS),
    ("ASK", "sparql-ask", ASK_FORMATS),
    ("CONSTRUCT or DESCRIBE", "sparql-graph", GRAPH_FORMATS),
]
_QUERY_TEXT = "A SPARQL 1.1 query (read-only: no updates, no SERVICE, FROM only this store's graphs)"


def _query_and_format(with_query_optional: bool) -> dict:
    """The schema of a query with its ``format``: one branch per query form (and none, for GET)."""
    branches = [{
        "title": title, "type": "object", "required": ["query"], "additionalProperties": False,
        "properties": {
            "query": {"type": "string", "format": fmt, "description": _QUERY_TEXT},
            "format": {"type": "string", "enum": _format_names(formats),
                       "description": "Overrides Accept"},
        },
    } for title, fmt, formats in _FORMS]
    if with_query_optional:
        branches.append({
            "title": "service description", "type": "object", "additionalProperties": False,
            "properties": {"format": {"type": "string", "enum": _format_names(GRAPH_FORMATS)}},
        })
    return {"type": "object", "anyOf": branches}


_GRAPHS = {"type": "array", "items": {"type": "string", "format": "store-graph"}}
_DATASET_PARAMS = [
    {"name": name, "in": "query", "required": False, "schema": _GRAPHS, "style": "form", "explode": True,
     "description": f"{what} graph of the query's dataset: one of this store's graphs "
                    "(GET /sparql without a query lists them)"}
    for name, what in (("default-graph-uri", "A default"), ("named-graph-uri", "A named"))
]
#: GET and HEAD: the query and format in the URL (no query: the service description).
_SPARQL_GET_PARAMS = [
    {"name": "request", "in": "query", "required": False, "style": "form", "explode": True,
     "schema": _query_and_format(with_query_optional=True),
     "description": "`query` (without it, the service description) and `format` (a format name "
                    "or media type the query form allows; overrides Accept)"},
    *_DATASET_PARAMS,
]
_SPARQL_BODY = {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": _query_and_format(with_query_optional=False)},
    "application/sparql-query": {"schema": {"type": "string", "format": "sparql-query",
                                            "description": _QUERY_TEXT}},
}}

_IRI_PARAM = {"type": "string", "format": "iri", "minLength": 1, "maxLength": MAX_VALUE_LENGTH}
#: Parameters whose FastAPI-derived schema says too little: (path, name) -> (required, schema).
_PARAMETERS = {
    ("/export", "root"): (True, {**_IRI_PARAM, "description":
                                 "The resource to start from: an IRI, an id/... path or a prefixed name"}),
    ("/export", "depth"): (False, {"type": "integer", "minimum": 0, "maximum": MAX_DEPTH, "default": 1}),
    ("/export", "direction"): (False, {"type": "string", "enum": list(DIRECTIONS), "default": "both"}),
    ("/export", "format"): (False, {"type": "string", "enum": list(EXPORT_FORMATS), "default": "turtle"}),
    ("/pictures/neighbourhood.svg", "uri"): (True, {**_IRI_PARAM, "description":
                                                   "The resource whose neighbourhood to draw"}),
}

#: JSON Schema of a named-query parameter value, by parameter type.
_VALUE_SCHEMAS = {
    "iri": _IRI_PARAM,
    # No C0/C1 control other than tab, CR, LF (named_queries.coerce refuses them).
    "literal": {"type": "string", "maxLength": MAX_VALUE_LENGTH,
                "pattern": "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ufffe\\uffff]*$"},
    "langString": {"type": "string", "maxLength": MAX_VALUE_LENGTH,
                   "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f@]*@[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"},
    "integer": {"type": "integer"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "string", "enum": ["true", "false", "1", "0"]},
}


def _named_query_parameter(p: Param) -> dict:
    schema = dict(_VALUE_SCHEMAS[p.type])
    required = not p.optional and p.default is None
    if p.default is not None:
        schema["default"] = p.default
    if required and schema.get("type") == "string":
        schema["minLength"] = 1  # an empty value counts as missing
    return {"name": p.name, "in": "query", "required": required,
            "schema": schema, "description": p.description or p.type}


def _named_query_paths(template: dict, queries: dict[str, NamedQuery]) -> dict:
    """One path per named query, from the operations of ``/queries/{name}``."""
    out = {}
    for q in queries.values():
        kind = shape(q.sparql).kind
        formats = {"select": SELECT_FORMATS, "ask": ASK_FORMATS, "graph": GRAPH_FORMATS}.get(kind, FORMATS)
        ops = {}
        for method, op in template.items():
            op = {**op, "operationId": f"query_{q.name.replace('-', '_')}_{method}",
                  "summary": q.title, "description": q.description}
            if method == "options":
                op["parameters"] = []
            else:
                op["parameters"] = [_named_query_parameter(p) for p in q.params] + [
                    {"name": "format", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": _format_names(formats)},
                     "description": "Overrides Accept"}]
            ops[method] = op
        out[f"/queries/{q.name}"] = ops
    return out


def _tag(path: str) -> str:
    return next(tag for prefix, tag in ROUTE_TAGS if path.startswith(prefix))


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
            if path == "/sparql" and method != "options":
                op["parameters"] = list(_DATASET_PARAMS if method == "post" else _SPARQL_GET_PARAMS)
                if method == "post":
                    op["requestBody"] = _SPARQL_BODY
            for param in op.get("parameters", []):
                if (path, param["name"]) in _PARAMETERS:
                    param["required"], param["schema"] = _PARAMETERS[path, param["name"]]
    paths = spec.get("paths", {})
    template = paths.pop("/queries/{name}", None)
    if template is not None:
        paths.update(_named_query_paths(template, getattr(app.state, "named_queries", {})))
    for path, operations in paths.items():
        for op in operations.values():
            op["tags"] = [_tag(path)]
    spec["tags"] = [{"name": name, "description": why} for name, why in TAGS]
    return spec


def install(app: FastAPI) -> None:
    """Serve :func:`document` at ``/openapi.json`` (computed once)."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
