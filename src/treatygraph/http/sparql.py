"""``/sparql``: the SPARQL 1.1 Protocol query operation, read-only.

* ``GET /sparql?query=...``; ``POST`` with ``application/x-www-form-urlencoded``
  (``query=...``) or ``application/sparql-query`` (the query is the body);
* ``default-graph-uri`` / ``named-graph-uri`` (repeatable, in the URL or the
  form) choose the dataset among the store's own graphs;
* results are negotiated (:func:`~treatygraph.http.negotiation.negotiate`):
  SELECT as SPARQL JSON, XML, CSV, TSV; ASK as JSON, XML; CONSTRUCT/DESCRIBE
  as Turtle, N-Triples, JSON-LD, RDF/XML; ``format=<name>`` overrides Accept;
* ``GET /sparql`` with no query answers the service description, or, to a
  browser (Accept prefers HTML), the SPARQL editor (:mod:`treatygraph.http.tools`);
* ``HEAD`` answers as ``GET`` without the body; ``OPTIONS`` (CORS preflight)
  names the methods (:mod:`treatygraph.http.cors`);
* updates (``update=``, ``application/sparql-update``) are refused with 400.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..namespaces import bind_prefixes
from ..store.base import Store
from ..store.forms import QueryShape, form_problem, shape
from ..store.guard import QueryFacts, check_query
from .cors import preflight
from .deps import get_store
from .errors import ApiError
from .execution import TRUNCATED_HEADER, budget_of, execute
from .tools import sparql_editor, wants_editor
from .negotiation import (
    ASK_FORMATS, FORMATS, GRAPH_FORMATS, SELECT_FORMATS, Format,
    by_media_type, by_name, media_types, negotiate,
)

router = APIRouter()

PATH = "/sparql"
#: Largest request body accepted by default, in bytes (``Budget.max_body`` is the one applied).
MAX_BODY = 1_000_000
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

READ_ONLY = ("SPARQL updates are not accepted: this endpoint is read-only "
             "(the graph changes only through `treatygraph build`)")

_FORMATS_FOR_KIND = {"select": SELECT_FORMATS, "ask": ASK_FORMATS, "graph": GRAPH_FORMATS}


def _params(raw: str, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(raw, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as e:
        raise ApiError.bad_query(f"the {where} is not valid UTF-8 (byte {e.start})") from e


def _content_type(request: Request) -> tuple[str | None, str | None]:
    """``(media type, charset)`` of the request body, lower-cased."""
    raw = request.headers.get("content-type")
    if not raw:
        return None, None
    mtype, *params = [p.strip() for p in raw.split(";")]
    charset = None
    for p in params:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"').lower()
    return mtype.lower(), charset


async def _body_text(request: Request, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise ApiError(415, "Unsupported Media Type",
                       f"request bodies must be UTF-8, not {charset!r}")
    limit = budget_of(request).max_body
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError.payload_too_large(limit)
    body = await request.body()
    if len(body) > limit:
        raise ApiError.payload_too_large(limit)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ApiError.bad_query(f"the request body is not valid UTF-8 (byte {e.start})") from e


async def protocol_fields(request: Request) -> list[tuple[str, str]]:
    """Every protocol parameter of the request (URL, form or direct body), in order."""
    fields = _params(request.url.query, "query string")
    if request.method in ("GET", "HEAD"):
        return fields
    mtype, charset = _content_type(request)
    if mtype == FORM:
        return fields + _params(await _body_text(request, charset), "form body")
    if mtype == DIRECT:
        return fields + [("query", await _body_text(request, charset))]
    if mtype == UPDATE:
        raise ApiError.bad_query(READ_ONLY)
    raise ApiError.unsupported_media_type(mtype, [FORM, DIRECT])


def choose_format(request: Request, offered: tuple[Format, ...], override: str | None) -> tuple[Format, str]:
    """The format to answer in, and its media type.

    ``format=`` (a name from the format table, or a media type) wins over the
    Accept header; a format the answer cannot carry is a 406.
    """
    if override:
        fmt = by_name(override) or by_media_type(override)
        if fmt is None or fmt not in offered:
            raise ApiError.not_acceptable([f.name for f in offered], f"format={override}")
        return fmt, fmt.media_type
    accept = request.headers.get("accept")
    chosen = negotiate(accept, media_types(offered))
    return by_media_type(chosen), chosen  # type: ignore[return-value]


def check_dataset(store: Store, default: list[str], named: list[str]) -> None:
    """Only the store's own graphs may make a protocol dataset (400 naming the others)."""
    asked = default + named
    if not asked:
        return
    known = set(store.graphs())
    unknown = [g for g in dict.fromkeys(asked) if g not in known]
    if unknown:
        raise ApiError.bad_query(
            "not a graph of this store: " + ", ".join(unknown)
            + " (GET /sparql with no query lists the store's graphs)"
        )


def _single(fields: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in fields if k == name]
    if len(values) > 1:
        raise ApiError.bad_query(f"give exactly one {name!r} parameter, not {len(values)}")
    return values[0] if values else None


#: The methods of ``/sparql`` (OPTIONS aside).
METHODS = ["GET", "HEAD", "POST"]


@router.api_route(PATH, methods=METHODS)
async def sparql_endpoint(request: Request):
    """The SPARQL 1.1 Protocol query operation."""
    fields = await protocol_fields(request)
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in fields):
        raise ApiError.bad_query(READ_ONLY)
    query = _single(fields, "query")
    override = _single(fields, "format")
    store = get_store(request)
    if query is None:
        if request.method == "POST":
            raise ApiError.bad_query("no 'query' parameter in the request")
        if override is None and wants_editor(request):
            return sparql_editor(request)  # a browser: the query editor
        return service_description(request, store, override)

    default = [v for k, v in fields if k == "default-graph-uri"]
    named = [v for k, v in fields if k == "named-graph-uri"]
    base = request.app.state.settings.base
    form, facts = await run_in_threadpool(read_query, query, base)
    if facts.dataset_iris:
        check_dataset(store, facts.from_graphs, facts.from_named_graphs)
    dataset = {}
    if default or named:
        check_dataset(store, default, named)
        dataset = {"default_graph": default, "named_graphs": named}

    if form.kind is None:
        # Not recognisably a query: let the store's parser say what is wrong.
        await execute(request, store, query, SELECT_FORMATS[0], base_iri=base, **dataset)
        raise ApiError.bad_query(form_problem(query) or "not a SPARQL query form (SELECT, ASK, CONSTRUCT, DESCRIBE)")
    fmt, media = choose_format(request, _FORMATS_FOR_KIND[form.kind], override)
    body, truncated = await execute(request, store, query, fmt, base_iri=base, **dataset)
    headers = {"Vary": "Accept"}
    if truncated:
        headers[TRUNCATED_HEADER] = "true"
    return Response(body, media_type=_with_charset(media), headers=headers)


def read_query(query: str, base: str | None) -> tuple[QueryShape, QueryFacts]:
    """The query's form and the guard's reading (:func:`check_query`); 400 for an update.

    Linear in the text, but up to ~0.5 s for a crafted 1 MB text: the route
    runs it in a worker thread, never on the event loop.
    """
    # SERVICE, LOAD, updates, parser limits refused for every store; FROM checked by the caller.
    # The guard first: it stops early on most crafted texts.
    facts = check_query(query, base_iri=base)
    form = shape(query)
    if form.is_update:
        raise ApiError.bad_query(READ_ONLY)
    return form, facts


# After the endpoint: for another method, the first route matching the path gives the 405 its Allow.
@router.options(PATH)
async def sparql_options() -> Response:
    """CORS preflight (and plain OPTIONS): the methods of ``/sparql``."""
    return preflight(METHODS)


def _with_charset(media: str) -> str:
    return media if media.endswith("+xml") or media.endswith("/xml") else f"{media}; charset=utf-8"


def service_description(request: Request, store: Store, override: str | None) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in a negotiated RDF format."""
    g = bind_prefixes(Graph())
    g.bind("sd", SD)
    service = BNode("service")
    endpoint = URIRef(str(request.url.replace(query="", fragment="")))
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for f in FORMATS:
        if f.carries in ("results", "graph") and f.w3c_iri:
            g.add((service, SD.resultFormat, URIRef(f.w3c_iri)))
    dataset, default = BNode("dataset"), BNode("default")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for uri in store.graphs():
        ng = BNode()
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(uri)))
    fmt, media = choose_format(request, GRAPH_FORMATS, override)
    return Response(g.serialize(format=fmt.rdflib, encoding="utf-8"),
                    media_type=_with_charset(media), headers={"Vary": "Accept"})
