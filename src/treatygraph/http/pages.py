"""Server-rendered HTML pages (Jinja2, no JavaScript) and the SVG pictures.

* ``/``                       what is in the graph, entry points, the network picture, search
* ``/search?q=``              labels in any language (zh, en)
* ``/page/{rest}``            one resource (``{base}id/{rest}``), rendered from its description
* ``/query``                  named queries as forms, a SPARQL box, results as a table
* ``/ontology``               the ontology's classes and properties; RDF by conneg or suffix
* ``/pictures/network.svg``, ``/pictures/neighbourhood.svg?uri=``
* ``/static/style.css``

A resource page shows exactly the data ``/data/{rest}.ttl`` serves
(:func:`treatygraph.export.describe.describe`), never a second query's view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from .. import identifiers as ids
from .. import pictures
from ..config import Settings
from ..export.describe import describe
from ..export.queries import query_text
from ..named_queries import ParameterError
from ..namespaces import CITO, ELI, TG, bind_prefixes
from ..store.base import BadQuery, QueryResult, Store, StoreTimeout
from .deps import get_settings, get_store
from .errors import ApiError
from .execution import execute_query
from .linked_data import (
    CORS_HEADERS, HTML, cached_response, canonical_base, canonical_uri, export_url,
    data_path, href, media_type_with_charset, public_base, resource_parameter, serialize,
)
from .negotiation import (
    GRAPH_FORMATS, NotAcceptable, by_media_type, by_suffix, media_types, negotiate,
)

router = APIRouter()

_HERE = Path(__file__).resolve().parent
_ENV = Environment(
    loader=FileSystemLoader(str(_HERE / "templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True, lstrip_blocks=True,
)
#: Rows shown at most in a results table on the query page.
MAX_TABLE_ROWS = 1000
FORMAT_LABELS = {"turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF/XML"}
DEFAULT_SPARQL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX tg: <https://w3id.org/treatygraph/ontology#>
SELECT ?instrument ?label WHERE {
  ?instrument a tg:Instrument ; rdfs:label ?label .
} ORDER BY ?label LIMIT 50
"""


def render(name: str, **context) -> HTMLResponse:
    """A template rendered as an HTML response (``Vary: Accept``: pages share URLs with data)."""
    return HTMLResponse(_ENV.get_template(name).render(**context), headers={"Vary": "Accept"})


def _run(store: Store, name: str, settings: Settings, **bindings: Node) -> QueryResult:
    return store.query(query_text(name, settings.queries_dir), bindings=bindings or None)


# --------------------------------------------------------------------------
# Labels and values
# --------------------------------------------------------------------------


def label_in(graph: Graph, node: Node, lang: str) -> str | None:
    """The ``rdfs:label``/``skos:prefLabel`` of ``node`` in ``lang`` (None when there is none)."""
    for prop in (RDFS.label, SKOS.prefLabel):
        for value in graph.objects(node, prop):
            if isinstance(value, Literal) and (value.language or "").lower().startswith(lang):
                return str(value)
    return None


def display_label(graph: Graph, node: Node) -> str:
    """English label, else Chinese, else any label, else a short form of the IRI."""
    found = label_in(graph, node, "en") or label_in(graph, node, "zh")
    if found:
        return found
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.notation):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    text = str(node)
    if isinstance(node, URIRef) and "/id/" in text:
        return text.rsplit("/id/", 1)[1]  # an unlabelled resource of ours: its identifier path
    return qname(graph, node)


def qname(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node).strip("<>")
        except Exception:  # noqa: BLE001 - rdflib raises various errors for odd IRIs
            return str(node)
    return str(node)


@dataclass
class Value:
    kind: str  # iri | bnode | literal
    text: str = ""
    lang: str = ""
    datatype: str = ""
    iri: str = ""
    href: str = ""
    label: str = ""
    rows: list = field(default_factory=list)


def value_of(graph: Graph, node: Node, settings: Settings, depth: int = 0) -> Value:
    """A term as the page shows it; blank nodes as nested tables (two levels)."""
    if isinstance(node, URIRef):
        return Value("iri", iri=str(node), href=href(settings, str(node)), label=display_label(graph, node))
    if isinstance(node, BNode):
        rows = property_rows(graph, node, settings, depth + 1) if depth < 3 else []
        return Value("bnode", rows=rows)
    assert isinstance(node, Literal)
    datatype = qname(graph, node.datatype) if node.datatype and not node.language else ""
    if datatype == "xsd:string":
        datatype = ""
    return Value("literal", text=str(node), lang=node.language or "", datatype=datatype)


def property_rows(graph: Graph, subject: Node, settings: Settings, depth: int = 0) -> list[dict]:
    """``[{name, href, predicate, values}]`` for the statements of ``subject`` (types excluded)."""
    by_pred: dict[URIRef, list[Node]] = {}
    for p, o in graph.predicate_objects(subject):
        if p == RDF.type and depth == 0:
            continue
        by_pred.setdefault(p, []).append(o)
    rows = []
    for p in sorted(by_pred, key=lambda x: qname(graph, x)):
        objs = sorted(by_pred[p], key=lambda o: (isinstance(o, Literal), getattr(o, "language", "") or "", str(o)))
        rows.append({"name": qname(graph, p), "href": href(settings, str(p)), "predicate": str(p),
                     "values": [value_of(graph, o, settings, depth) for o in objs]})
    return rows


def _int(graph: Graph, node: Node, prop: URIRef) -> int | None:
    value = graph.value(node, prop)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def ancestors(graph: Graph, node: Node, settings: Settings) -> list[dict]:
    """The ``eli:is_part_of`` chain above ``node``, outermost first, as links."""
    chain, seen = [], {node}
    current = graph.value(node, ELI.is_part_of)
    while current is not None and current not in seen:
        seen.add(current)
        chain.append({"label": display_label(graph, current), "href": href(settings, str(current))})
        current = graph.value(current, ELI.is_part_of)
    return list(reversed(chain))


def citations(graph: Graph, me: URIRef, settings: Settings) -> list[dict]:
    """The citations of ``me``: citing part, its text with the quote marked, offsets, line."""
    out = []
    for c in graph.subjects(CITO.hasCitedEntity, me):
        part = graph.value(c, CITO.hasCitingEntity)
        quote = str(graph.value(c, TG.quote) or "")
        start, end = _int(graph, c, TG.startOffset), _int(graph, c, TG.endOffset)
        text_node = graph.value(part, TG.text) if part is not None else None
        text = str(text_node) if text_node is not None else ""
        part_start = _int(graph, part, TG.startOffset) if part is not None else None
        entry = {
            "quote": quote, "line": _int(graph, c, TG.line),
            "warning": str(graph.value(c, TG.warning) or ""),
            "offsets": f"{start}–{end}" if start is not None and end is not None else "",
            "part_href": href(settings, str(part)) if part is not None else "",
            "part_label": display_label(graph, part) if part is not None else "(unknown part)",
            "context": ancestors(graph, part, settings) if part is not None else [],
            "lang": getattr(text_node, "language", None) or "",
            "has_text": False, "sort": (str(part), start or 0),
        }
        if text and None not in (start, end, part_start):
            a, b = start - part_start, end - part_start  # type: ignore[operator]
            if 0 <= a <= b <= len(text):
                entry.update(has_text=True, before=text[:a], marked=text[a:b], after=text[b:])
        elif text:
            # No offsets: mark the first occurrence of the quote, if any.
            at = text.find(quote) if quote else -1
            if at >= 0:
                entry.update(has_text=True, before=text[:at], marked=quote, after=text[at + len(quote):])
        out.append(entry)
    return sorted(out, key=lambda e: e["sort"])


def cited_in_text(graph: Graph, me: URIRef, settings: Settings) -> dict | None:
    """The text of a citing part cut into segments, each citation it makes marked and linked.

    ``{"lang", "segments": [{"text", "href"?, "title"?}]}``; None when the part
    has no text or makes no citation with usable offsets. Overlapping mentions
    keep the first.
    """
    text_node = graph.value(me, TG.text)
    part_start = _int(graph, me, TG.startOffset)
    if text_node is None or part_start is None:
        return None
    text = str(text_node)
    spans = []
    for c in graph.subjects(CITO.hasCitingEntity, me):
        start, end = _int(graph, c, TG.startOffset), _int(graph, c, TG.endOffset)
        if start is None or end is None or not 0 <= start - part_start <= end - part_start <= len(text):
            continue
        cited = graph.value(c, CITO.hasCitedEntity)
        spans.append((start - part_start, end - part_start, cited))
    if not spans:
        return None
    segments, at = [], 0
    for a, b, cited in sorted(spans, key=lambda x: (x[0], -x[1])):
        if a < at:
            continue
        if a > at:
            segments.append({"text": text[at:a]})
        mark = {"text": text[a:b], "mark": True}
        if cited is not None:
            mark.update(href=href(settings, str(cited)), title=display_label(graph, cited))
        else:
            mark.update(title="unresolved")
        segments.append(mark)
        at = b
    if at < len(text):
        segments.append({"text": text[at:]})
    return {"lang": getattr(text_node, "language", None) or "", "segments": segments}


def resource_page(graph: Graph, uri: str, request: Request, settings: Settings) -> dict:
    """The template context of a resource page, from its (canonical) description."""
    me = URIRef(uri)
    types = [{"iri": str(t), "href": href(settings, str(t)), "label": label_in(graph, t, "en") or qname(graph, t)}
             for t in sorted(graph.objects(me, RDF.type))]
    incoming: dict[URIRef, list[Node]] = {}
    for s, p in graph.subject_predicates(me):
        # Citations have their own section; other blank nodes (memberships) show as nested tables.
        if p != CITO.hasCitedEntity:
            incoming.setdefault(p, []).append(s)
    formats = [{"label": FORMAT_LABELS.get(f.name, f.name), "media_type": f.media_type,
                "href": data_path(settings, uri, f)} for f in GRAPH_FORMATS]
    exports = [{"label": name, "href": "/export?" + urlencode({"root": uri, "depth": 1, "format": name})}
               for name in ("turtle", "nquads", "graphml", "csv")]
    rest = uri[len(canonical_base(settings) + "id/"):]
    return {
        "uri": uri,
        "local_uri": public_base(request) + "id/" + rest,
        "title_en": label_in(graph, me, "en") or display_label(graph, me),
        "title_zh": label_in(graph, me, "zh") or "",
        "types": types,
        "crumbs": ancestors(graph, me, settings),
        "props": property_rows(graph, me, settings),
        "incoming": [{"name": qname(graph, p), "href": href(settings, str(p)), "predicate": str(p),
                      "values": [value_of(graph, s, settings) for s in sorted(subs, key=str)]}
                     for p, subs in sorted(incoming.items(), key=lambda kv: qname(graph, kv[0]))],
        "citations": citations(graph, me, settings),
        "cites": cited_in_text(graph, me, settings),
        "formats": formats,
        "exports": exports,
        "picture": "/pictures/neighbourhood.svg?" + urlencode({"uri": uri}),
        "truncated": getattr(graph, "truncated", False),
        "export_in": export_url(settings, uri, "in", 0, "csv"),
    }


# --------------------------------------------------------------------------
# Routes
# --------------------------------------------------------------------------


@router.api_route("/", methods=["GET", "HEAD"], name="home")
async def home(request: Request) -> Response:
    """Counts per class, entry points, the network picture and a search box."""
    settings, store = get_settings(request), get_store(request)

    def gather():
        counts = [{"href": href(settings, str(r["class"])), "count": int(r["count"]),
                   "label_en": str(r.get("label_en") or str(r["class"]).rsplit("#", 1)[-1]),
                   "label_zh": str(r.get("label_zh", ""))}
                  for r in _run(store, "class-counts", settings).dicts()]
        entries: dict[str, list[dict]] = {}
        for r in _run(store, "entry-points", settings).dicts():
            uri = str(r["resource"])
            entries.setdefault(str(r["kind"]), []).append({
                "href": href(settings, uri), "label_en": str(r.get("label_en") or r.get("label_zh") or uri),
                "label_zh": str(r.get("label_zh", ""))})
        link = lambda u: href(settings, u)  # noqa: E731
        nodes, edges = pictures.network(store, settings.queries_dir)
        try:
            svg = pictures.network_svg_of(nodes, edges, link)
        except pictures.PictureError as e:
            svg = f'<p class="error">{_escape(str(e))}</p>'
        return counts, entries, svg, pictures.network_rows(nodes, edges, link)

    counts, entries, svg, rows = await run_in_threadpool(gather)
    return render("home.html", counts=counts, entries=entries, network_svg=svg, network_rows=rows)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


@router.api_route("/search", methods=["GET", "HEAD"], name="search")
async def search(request: Request, q: str = "") -> Response:
    """Resources whose label, alias or notation contains ``q`` (any language)."""
    settings, store = get_settings(request), get_store(request)
    q = q.strip()
    results = []
    if q:
        result = await run_in_threadpool(_run, store, "search-labels", settings, q=Literal(q))
        grouped: dict[str, dict] = {}
        for r in result.dicts():
            uri = str(r["resource"])
            entry = grouped.setdefault(uri, {
                "iri": uri, "href": href(settings, uri), "title": str(r.get("title") or r["label"]),
                "label": str(r["label"]),
                "lang": getattr(r["label"], "language", None) or "", "types": []})
            t = r.get("type")
            if t is not None:
                short = str(t).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                if short not in entry["types"]:
                    entry["types"].append(short)
        results = list(grouped.values())
    return render("search.html", q=q, results=results)


@router.api_route("/page/{rest:path}", methods=["GET", "HEAD"], name="resource_page")
async def page(rest: str, request: Request) -> Response:
    """The HTML page of ``{base}id/{rest}``."""
    settings, store = get_settings(request), get_store(request)
    uri = canonical_uri(settings, rest)
    graph = await run_in_threadpool(describe, store, uri, settings.queries_dir)
    if len(graph) == 0:
        raise ApiError.not_found(f"no resource {uri} in the graph")
    context = resource_page(graph, uri, request, settings)
    body = _ENV.get_template("resource.html").render(page=context).encode("utf-8")
    headers = {**CORS_HEADERS, "Link": ", ".join(
        f'<{f["href"]}>; rel="alternate"; type="{f["media_type"]}"' for f in context["formats"])}
    return cached_response(request, body, "text/html; charset=utf-8", "html", headers)


# ---- query page ------------------------------------------------------------


_NAMES = bind_prefixes(Graph())


def compact(settings: Settings, iri: str) -> str:
    """An IRI as a table shows it: ``id/cbd`` for ours, ``tg:Treaty`` for a known namespace."""
    base = canonical_base(settings)
    if iri.startswith(base + "id/"):
        return iri[len(base):]
    for prefix, ns in _NAMES.namespaces():
        if prefix and iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            local = iri[len(str(ns)):]
            if "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return iri


def _cell(term: Node | None, settings: Settings) -> dict | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"text": compact(settings, str(term)), "iri": str(term), "href": href(settings, str(term))}
    if isinstance(term, Literal):
        return {"text": str(term), "lang": term.language or ""}
    return {"text": f"_:{term}"}


def _table(result: QueryResult, settings: Settings) -> dict:
    if result.kind == "ask":
        return {"boolean": bool(result.boolean), "count": 1, "columns": [], "rows": [], "truncated": False}
    if result.kind == "graph":
        triples = sorted(result.graph or [])
        columns, rows = ["subject", "predicate", "object"], [tuple(t) for t in triples]
    else:
        columns, rows = result.variables, result.rows
    return {"boolean": None, "count": len(rows), "columns": columns,
            "rows": [[_cell(t, settings) for t in row] for row in rows[:MAX_TABLE_ROWS]],
            "truncated": result.truncated or len(rows) > MAX_TABLE_ROWS}


@router.api_route("/query", methods=["GET", "HEAD"], name="query_page")
async def query_page(request: Request) -> Response:
    """Named queries as forms (one input per typed parameter) and a SPARQL box."""
    settings = get_settings(request)
    catalogue = request.app.state.named_queries
    params = dict(request.query_params)
    name, sparql = params.pop("name", None), params.pop("sparql", None)
    context = {"queries": list(catalogue.values()), "values": params, "current": name,
               "sparql": sparql, "default_sparql": DEFAULT_SPARQL, "result": None, "error": None,
               "downloads": [], "result_title": ""}
    to_run, bindings, download = None, None, None
    if name is not None:
        query = catalogue.get(name)
        if query is None:
            raise ApiError.not_found(f"no named query {name!r}; the list is at /queries")
        context["result_title"] = query.title
        try:
            bindings = query.bindings(params, settings.base)
            to_run = query.sparql
            download = lambda fmt: f"/queries/{name}?" + urlencode({**params, "format": fmt})  # noqa: E731
        except ParameterError as e:
            context["error"] = f"parameter {e.param!r}: {e.message}"
    elif sparql:
        context["result_title"] = "SPARQL"
        to_run = sparql
        download = lambda fmt: "/sparql?" + urlencode({"query": sparql, "format": fmt})  # noqa: E731
    if to_run is not None:
        store = get_store(request)
        try:
            # The user's query runs within the app's budget (timeout, row cap), as on /sparql.
            result = await execute_query(request, store, to_run, bindings=bindings)
        except (BadQuery, StoreTimeout) as e:
            context["error"] = str(e)
        else:
            context["result"] = _table(result, settings)
            for fmt in ("csv", "json") if result.kind != "graph" else ("turtle", "jsonld"):
                context["downloads"].append({"label": fmt.upper() if len(fmt) < 5 else fmt,
                                             "href": download(fmt)})
    return render("query.html", **context)


# ---- ontology ----------------------------------------------------------------

def _ontology_graph_uri(settings: Settings) -> str:
    return ids.graph_uri("ontology", canonical_base(settings))


def _term_ref(graph: Graph, settings: Settings, iri: str | None, labels: dict[str, str]) -> dict | None:
    if not iri:
        return None
    return {"href": href(settings, iri), "label": labels.get(iri) or qname(graph, URIRef(iri))}


@router.api_route("/ontology", methods=["GET", "HEAD"], name="ontology")
@router.api_route("/ontology.{suffix}", methods=["GET", "HEAD"], name="ontology_data")
async def ontology(request: Request, suffix: str | None = None) -> Response:
    """The ontology: an HTML page of its terms, or the ontology graph as RDF (conneg or suffix)."""
    settings, store = get_settings(request), get_store(request)
    negotiated = {"Vary": "Accept", **CORS_HEADERS}
    if suffix is not None:
        fmt = by_suffix(suffix)
        if fmt is None or fmt not in GRAPH_FORMATS:
            raise ApiError.not_found(f"/ontology.{suffix}: use one of "
                                     + ", ".join(f"/ontology{f.suffix}" for f in GRAPH_FORMATS))
        negotiated = dict(CORS_HEADERS)
    else:
        try:
            fmt = by_media_type(negotiate(request.headers.get("accept"), media_types(
                (HTML, *GRAPH_FORMATS))))  # a page first here: the ontology is read by people
        except NotAcceptable as e:
            error = ApiError.from_exception(e)
            error.headers.update(negotiated)
            raise error from e
    graph_uri = URIRef(_ontology_graph_uri(settings))
    if fmt is not HTML:
        result = await run_in_threadpool(_run, store, "graph-content", settings, graph=graph_uri)
        graph = bind_prefixes(result.graph or Graph())
        headers = {**negotiated, "Content-Location": f"/ontology{fmt.suffix}"}
        return cached_response(request, serialize(graph, fmt), media_type_with_charset(fmt), fmt.name, headers)
    rows = (await run_in_threadpool(_run, store, "ontology-terms", settings, graph=graph_uri)).dicts()
    names = bind_prefixes(Graph())
    labels = {str(r["term"]): str(r["label_en"]) for r in rows if r.get("label_en")}
    terms = []
    for r in rows:
        iri = str(r["term"])
        terms.append({
            "kind": str(r["kind"]), "qname": qname(names, URIRef(iri)),
            "anchor": iri.rsplit("#", 1)[-1] if iri.startswith(str(TG)) else qname(names, URIRef(iri)),
            "label_en": str(r.get("label_en", "")), "label_zh": str(r.get("label_zh", "")),
            "comment": str(r.get("comment", "")),
            "supers": [_term_ref(names, settings, s, labels) for s in str(r.get("supers", "")).split()],
            "domain": _term_ref(names, settings, str(r["domain"]) if r.get("domain") else None, labels),
            "range": _term_ref(names, settings, str(r["range"]) if r.get("range") else None, labels),
        })
    formats = [{"label": FORMAT_LABELS.get(f.name, f.name), "media_type": f.media_type,
                "href": f"/ontology{f.suffix}"} for f in GRAPH_FORMATS]
    response = render("ontology.html", terms=terms, namespace=str(TG), formats=formats)
    response.headers.update(negotiated)
    return response


# ---- pictures and static files -----------------------------------------------

SVG = "image/svg+xml"


@router.api_route("/pictures/network.svg", methods=["GET", "HEAD"], name="network_svg")
async def network_picture(request: Request) -> Response:
    """The instrument network as SVG."""
    settings, store = get_settings(request), get_store(request)
    try:
        svg = await run_in_threadpool(pictures.network_svg, store, lambda u: href(settings, u),
                                      settings.queries_dir)
    except pictures.PictureError as e:
        raise ApiError.internal(str(e)) from e
    return cached_response(request, svg.encode("utf-8"), SVG, "svg", dict(CORS_HEADERS))


@router.api_route("/pictures/neighbourhood.svg", methods=["GET", "HEAD"], name="neighbourhood_svg")
async def neighbourhood_picture(request: Request, uri: str = "") -> Response:
    """The links around one resource (``uri``: canonical or this server's form) as SVG."""
    settings, store = get_settings(request), get_store(request)
    if not uri:
        raise ApiError.unprocessable("uri", "required: the resource whose neighbourhood to draw")
    uri = resource_parameter(settings, request, "uri", uri)
    graph = await run_in_threadpool(describe, store, uri, settings.queries_dir)
    if len(graph) == 0:
        raise ApiError.not_found(f"no resource {uri} in the graph")
    try:
        svg = await run_in_threadpool(pictures.neighbourhood_svg, graph, uri, lambda u: href(settings, u))
    except pictures.PictureError as e:
        raise ApiError.internal(str(e)) from e
    return cached_response(request, svg.encode("utf-8"), SVG, "svg", dict(CORS_HEADERS))


@router.api_route("/static/{name}", methods=["GET", "HEAD"], name="static")
async def static(name: str, request: Request) -> Response:
    """The pages' stylesheet (and any other file of ``http/static/``)."""
    path = _HERE / "static" / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise ApiError.not_found(f"no static file {name!r}")
    media = {"css": "text/css; charset=utf-8", "svg": SVG}.get(path.suffix.lstrip("."), "application/octet-stream")
    return cached_response(request, path.read_bytes(), media, "static", {})


__all__ = ["router", "resource_page", "citations", "display_label", "label_in", "render"]
