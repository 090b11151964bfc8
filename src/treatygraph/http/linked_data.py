"""Dereferenceable URIs: ``/id/...`` answers 303 to a page or a data document (Cool URIs).

URL scheme (``docs/linked-data.md``), for the resource ``{base}id/{rest}``:

* ``/id/{rest}``             the resource itself: ``303 See Other`` chosen by ``Accept``;
* ``/page/{rest}``           its HTML page (:mod:`treatygraph.http.pages`);
* ``/data/{rest}.{suffix}``  its description as data: ``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``.

A data URL always ends in exactly one format suffix, which is stripped once:
``/data/cites/resolution/10.4.ttl`` is ``id/cites/resolution/10.4`` in Turtle,
so dots inside identifiers (``19.3.g``, ``Inf.10.36``) never clash.

A server reached at another base than the canonical one (``http://HOST:PORT/``)
answers for ``http://HOST:PORT/id/...`` as for ``{base}id/...``: the request
path maps to the canonical URI, and every ``{base}id/`` IRI in the served RDF
is rewritten to ``http://HOST:PORT/id/``, so a client gets triples about the
very URI it dereferenced.
"""

from __future__ import annotations

import hashlib
import logging

import pyoxigraph
from fastapi import APIRouter, Request
from rdflib import Graph
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response, StreamingResponse

from .. import identifiers as ids
from ..config import Settings
from ..export import (
    DEFAULT_MAX_TRIPLES, EXPORT_FORMATS, ExportCancelled, ExportError, ExportTooLarge,
    collect_subgraph, write,
)
from ..export.describe import describe, rebase_graph, resource_exists
from ..named_queries import Param, ParameterError, coerce
from ..namespaces import TG
from ..store.base import Store
from .cors import CORS_HEADERS, preflight as cors_preflight
from .deps import get_settings, get_store
from .errors import ApiError
from .execution import watching_disconnect
from .negotiation import (
    GRAPH_FORMATS, Format, NotAcceptable, by_media_type, by_name, by_suffix, media_types, negotiate,
)

log = logging.getLogger("treatygraph.http")
router = APIRouter()

HTML = by_name("html")
#: What ``/id/...`` offers, in server preference: a client that accepts
#: anything (no Accept, ``*/*``) is a program, and gets Turtle; browsers ask for HTML.
ID_FORMATS: tuple[Format, ...] = (*GRAPH_FORMATS, HTML)  # type: ignore[arg-type]



# --------------------------------------------------------------------------
# URIs and URLs (public: the pages use them too)
# --------------------------------------------------------------------------


def canonical_base(settings: Settings) -> str:
    return settings.base if settings.base.endswith("/") else settings.base + "/"


def public_base(request: Request) -> str:
    """The base this server is reached at: ``http://HOST:PORT/`` (with any root path)."""
    return str(request.base_url)


def canonical_uri(settings: Settings, rest: str) -> str:
    """The canonical URI for the path after ``id/``; 404 naming the problem when it is not one."""
    try:
        ref = ids.parse_path(f"id/{rest}")
    except ids.IdentifierError as e:
        raise ApiError.not_found(f"/id/{rest} is not a treatygraph identifier: {e}") from e
    return ids.mint(ref, canonical_base(settings))


def to_canonical(settings: Settings, request: Request, uri: str) -> str:
    """A URI given in the server's own form (``http://HOST:PORT/id/...``) in its canonical form."""
    here = public_base(request) + "id/"
    if uri.startswith(here) and here != canonical_base(settings) + "id/":
        return canonical_base(settings) + "id/" + uri[len(here):]
    return uri


def resource_parameter(settings: Settings, request: Request, name: str, raw: str) -> str:
    """The canonical URI a resource parameter (``root``, ``uri``) names; 422 naming it when it is not one.

    Accepted as a named query's ``iri`` parameter is (an absolute IRI, an
    ``id/...`` path or a project prefixed name), in the canonical or this
    server's form, and only if the store could take it as an IRI.
    """
    try:
        iri = str(coerce(Param(name, "iri"), raw, settings.base))
        pyoxigraph.NamedNode(iri)
    except ParameterError as e:
        raise ApiError.unprocessable(name, e.message) from None
    except ValueError as e:
        raise ApiError.unprocessable(name, f"{raw!r} is not an IRI ({e})") from None
    return to_canonical(settings, request, iri)


def id_rest(settings: Settings, uri: str) -> str | None:
    """``{base}id/itpgrfa/art/19`` -> ``itpgrfa/art/19``; None for any other IRI."""
    prefix = canonical_base(settings) + "id/"
    return uri[len(prefix):] if uri.startswith(prefix) and len(uri) > len(prefix) else None


def page_path(settings: Settings, uri: str) -> str | None:
    """The server-relative page URL of a canonical resource URI (None if not ours)."""
    rest = id_rest(settings, uri)
    return f"/page/{rest}" if rest is not None else None


def data_path(settings: Settings, uri: str, fmt: Format) -> str | None:
    """The server-relative data URL of a canonical resource URI in ``fmt``."""
    rest = id_rest(settings, uri)
    return f"/data/{rest}{fmt.suffix}" if rest is not None else None


def href(settings: Settings, uri: str) -> str:
    """Where a link to ``uri`` goes in a page: our page, the ontology page, the IRI itself
    (http and https only), or nowhere (``#``)."""
    page = page_path(settings, uri)
    if page:
        return page
    if uri.startswith(str(TG)):
        return "/ontology#" + uri[len(str(TG)):]
    if uri.rstrip("#") == str(TG).rstrip("#"):
        return "/ontology"
    # Other IRIs link out, but only over http(s): data must not smuggle javascript: links in.
    return uri if uri.startswith(("http://", "https://")) else "#"


def export_url(settings: Settings, uri: str, direction: str = "both", depth: int = 0,
               format: str = "nquads") -> str:
    """The ``/export`` URL of the statements around ``uri`` (all of them, unlike a capped description)."""
    from urllib.parse import urlencode

    return "/export?" + urlencode({"root": uri, "depth": depth, "direction": direction, "format": format})


def alternates_header(settings: Settings, uri: str, exclude: Format | None = None) -> str:
    """``Link`` header value naming every representation of ``uri`` except ``exclude``."""
    links = []
    for fmt in ID_FORMATS:
        if fmt is exclude:
            continue
        url = page_path(settings, uri) if fmt is HTML else data_path(settings, uri, fmt)
        links.append(f'<{url}>; rel="alternate"; type="{fmt.media_type}"')
    return ", ".join(links)


# --------------------------------------------------------------------------
# Caching
# --------------------------------------------------------------------------


def etag_for(body: bytes, fmt_name: str) -> str:
    """A strong ETag: a digest of the representation's bytes and its format."""
    digest = hashlib.sha256(fmt_name.encode() + b"\0" + body).hexdigest()[:32]
    return f'"{digest}"'


def not_modified(request: Request, etag: str) -> bool:
    """True when ``If-None-Match`` names ``etag`` (weak comparison, as RFC 9110 asks for GET)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    return any(t.removeprefix("W/") == etag for t in tags)


def cached_response(request: Request, body: bytes, media_type: str, fmt_name: str,
                    headers: dict[str, str]) -> Response:
    """200 with an ETag, or 304 when the client already has this representation."""
    etag = etag_for(body, fmt_name)
    headers = {**headers, "ETag": etag, "Cache-Control": "public, max-age=300"}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


# --------------------------------------------------------------------------
# Describing
# --------------------------------------------------------------------------


def description_for(request: Request, settings: Settings, store: Store, uri: str) -> Graph:
    """The description of canonical ``uri``, moved to the request's base; 404 when unknown."""
    graph = describe(store, uri, settings.queries_dir)
    if len(graph) == 0:
        raise ApiError.not_found(f"no resource {uri} in the graph")
    return rebase_graph(graph, canonical_base(settings) + "id/", public_base(request) + "id/")


def serialize(graph: Graph, fmt: Format) -> bytes:
    """``graph`` in a graph format of the format table."""
    if fmt.name == "jsonld":
        return graph.serialize(format="json-ld", auto_compact=True, ensure_ascii=False).encode("utf-8")
    return graph.serialize(format=fmt.rdflib, encoding="utf-8")


def media_type_with_charset(fmt: Format) -> str:
    return fmt.media_type if fmt.media_type.endswith("xml") else f"{fmt.media_type}; charset=utf-8"


# --------------------------------------------------------------------------
# Routes
# --------------------------------------------------------------------------


@router.api_route("/id/{rest:path}", methods=["GET", "HEAD"], name="resource")
async def resource(rest: str, request: Request) -> Response:
    """303 See Other to the representation of the resource the client prefers."""
    settings = get_settings(request)
    store = get_store(request)
    negotiated = {"Vary": "Accept", **CORS_HEADERS}
    try:
        uri = canonical_uri(settings, rest)
    except ApiError as e:
        e.headers.update(negotiated)
        raise
    accept = request.headers.get("accept")
    try:
        chosen = by_media_type(negotiate(accept, media_types(ID_FORMATS)))
    except NotAcceptable as e:  # add our headers to the 406
        error = ApiError.from_exception(e)
        error.headers.update(negotiated)
        raise error from e
    if not await run_in_threadpool(resource_exists, store, uri, settings.queries_dir):
        raise ApiError(404, "Not Found", f"no resource {uri} in the graph", negotiated)
    target = page_path(settings, uri) if chosen is HTML else data_path(settings, uri, chosen)
    location = str(request.base_url).rstrip("/") + target
    headers = {**negotiated, "Location": location,
               "Link": alternates_header(settings, uri), "Cache-Control": "public, max-age=300"}
    return Response(f"303 See Other: {location}\n", status_code=303, headers=headers,
                    media_type="text/plain; charset=utf-8")


@router.api_route("/data/{rest:path}", methods=["GET", "HEAD"], name="resource_data")
async def resource_data(rest: str, request: Request) -> Response:
    """The description of a resource in the format its suffix names."""
    settings = get_settings(request)
    store = get_store(request)
    stem, dot, suffix = rest.rpartition(".")
    fmt = by_suffix(suffix) if dot else None
    if fmt is None or fmt not in GRAPH_FORMATS:
        known = ", ".join(f.suffix for f in GRAPH_FORMATS)
        raise ApiError(404, "Not Found",
                       f"/data/{rest}: a data URL ends in a format suffix ({known}), "
                       f"e.g. /data/{rest}.ttl", CORS_HEADERS)
    uri = canonical_uri(settings, stem)
    graph = await run_in_threadpool(description_for, request, settings, store, uri)
    body = serialize(graph, fmt)
    link = alternates_header(settings, uri, exclude=fmt)
    headers = {**CORS_HEADERS, "Content-Location": f"/data/{rest}"}
    if getattr(graph, "truncated", False):
        headers["Treatygraph-Truncated"] = "true"
        link += f', <{export_url(settings, uri, "in")}>; rel="related"'
    headers["Link"] = link
    return cached_response(request, body, media_type_with_charset(fmt), fmt.name, headers)


def export_limit(settings: Settings) -> int:
    """The most statements one export may hold (``settings.extra["export_max_triples"]``)."""
    return int(settings.extra.get("export_max_triples", DEFAULT_MAX_TRIPLES))


@router.api_route("/export", methods=["GET", "HEAD"], name="export")
async def export(request: Request, root: str = "", depth: int = 1, direction: str = "both",
                 format: str = "turtle") -> Response:
    """The subgraph around ``root`` (``depth`` hops, ``direction``), streamed in ``format``.

    Identifiers in the output are canonical (``{base}id/...``) whatever host
    served it; ``root`` may be given in either form.
    """
    settings = get_settings(request)
    store = get_store(request)
    if not root:
        raise ApiError.unprocessable("root", "required: the URI of the resource to start from")
    if format not in EXPORT_FORMATS:
        raise ApiError.unprocessable("format", f"must be one of {', '.join(EXPORT_FORMATS)}, not {format!r}")
    uri = resource_parameter(settings, request, "root", root)
    if not await run_in_threadpool(resource_exists, store, uri, settings.queries_dir):
        raise ApiError.not_found(f"no resource {uri} in the graph (parameter 'root')")
    limit = export_limit(settings)
    try:
        async with watching_disconnect(request) as gone:  # a client that leaves stops the walk
            sub = await run_in_threadpool(
                collect_subgraph, store, uri, depth=depth, direction=direction, max_triples=limit,
                queries_dir=settings.queries_dir, cancelled=gone.is_set)
    except ExportCancelled as e:
        log.info("%s", e)
        raise ApiError(499, "Client Closed Request", str(e)) from e
    except ExportError as e:
        raise ApiError.unprocessable(e.parameter, e.message) from e
    except ExportTooLarge as e:
        raise ApiError(413, "Content Too Large", f"{e} (the cap is export_max_triples)", CORS_HEADERS) from e
    fmt = EXPORT_FORMATS[format]
    rest = id_rest(settings, uri) or "export"
    filename = "treatygraph-" + "".join(c if c.isalnum() or c in "-." else "-" for c in rest)
    headers = {**CORS_HEADERS,
               "Content-Disposition": f'inline; filename="{filename}.{fmt.suffix}"',
               "Treatygraph-Statements": str(len(sub.quads))}
    if sub.truncated:
        headers["Treatygraph-Truncated"] = "true"
    if request.method == "HEAD":
        return Response(status_code=200, media_type=fmt.media_type, headers=headers)
    return StreamingResponse(
        (chunk.encode("utf-8") for chunk in write(sub, format)), media_type=fmt.media_type, headers=headers)


@router.options("/id/{rest:path}")
@router.options("/data/{rest:path}")
@router.options("/page/{rest:path}")
@router.options("/export")
async def preflight(request: Request) -> Response:
    """CORS preflight for browser-based clients."""
    return cors_preflight(["GET", "HEAD"])
