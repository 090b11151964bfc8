"""``/page/{rest}``: one resource, for reading.

What every page shows comes from the resource's description
(:func:`treatygraph.export.describe.describe`, the data ``/data/{rest}.ttl``
serves): its name and heading in the reader's language, its text (in every
language it has), breadcrumbs, the citations of it — each with the passage
around it, not the whole citing part —, what it cites, its properties.

What only some resources have comes from named queries (``queries/``), each
list paged:

* a whole with parts (a document, an act, an instrument, an article): its
  outline in document order with each part's text and what it cites
  (``outline.rq``, ``outline-cites.rq``);
* anything cited: "cited by" grouped by body, session and year with counts
  (``cited-by-context.rq``);
* an instrument: its bodies (``instrument-bodies.rq``); a body: its sessions
  with place and dates (``body-sessions.rq``); a session: the acts adopted
  there (``session-acts.rq``) — the way down from an instrument to a paragraph;
* an act, a document, a part: where it comes from (``resource-heading.rq``);
* a decision: its clauses and the decision network (:mod:`.decisions`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ...config import Settings
from ...export.describe import describe
from ...namespaces import CITO, ELI, TG
from ...store.base import Store
from ..deps import get_settings, get_store
from ..errors import ApiError
from ..linked_data import (
    CORS_HEADERS, cached_response, canonical_uri, data_path, export_url, public_base,
)
from ..negotiation import GRAPH_FORMATS
from . import decisions, language
from .common import paging
from .labels import display_label, heading, label_in, pick, qname, text_in
from .templating import page_headers, render_text
from .text import natural_key
from .citing import add_citing_versions, ancestors, cited_in_text, citations
from .sections import CITATIONS_PAGE, texts_by_language, kind_of, cited_by, heading_facts, outline, session_facts, way_down
from .view import VALUES_SHOWN, View, property_rows, value_of

router = APIRouter()

FORMAT_LABELS = {"turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF/XML"}


def resource_page(graph: Graph, uri: str, request: Request, settings: Settings,
                  store: Store | None = None) -> dict:
    """The template context of a resource page, from its (canonical) description and, with a
    ``store``, the sections of the named queries (outline, cited by, the way down)."""
    me = URIRef(uri)
    view = View(settings, language.preferences(request))
    base = view.base
    kind = kind_of(uri, base)
    type_names = {str(t).rsplit("#", 1)[-1] for t in graph.objects(me, RDF.type)}
    types = [{"iri": str(t), "href": view.href(str(t)),
              "label": str(pick(graph.objects(t, RDFS.label), view.langs) or qname(graph, t))}
             for t in sorted(graph.objects(me, RDF.type))]
    incoming: dict[URIRef, list[Node]] = {}
    for s, p in graph.subject_predicates(me):
        # Citations have their own section; other blank nodes (memberships) show as nested tables.
        if p not in (CITO.hasCitedEntity, ELI.is_part_of):
            incoming.setdefault(p, []).append(s)
    formats = [{"label": FORMAT_LABELS.get(f.name, f.name), "media_type": f.media_type,
                "href": data_path(settings, uri, f)} for f in GRAPH_FORMATS]
    exports = [{"label": name, "href": "/export?" + urlencode({"root": uri, "depth": 1, "format": name})}
               for name in ("turtle", "nquads", "graphml", "csv")]
    rest = uri[len(base + "id/"):]
    name = view.label(graph, me)
    title = text_in(graph, me, DCTERMS.title, view.langs)
    context: dict = {}
    outline_ = cited = down = clauses = network = None
    if store is not None:
        outline_ = outline(store, uri, view, request)
        cited = cited_by(store, uri, view, request)
        down = way_down(store, uri, kind, type_names, view)
        if kind == "act":
            clauses = decisions.clauses(store, uri, view, request)
            network = decisions.network(store, uri, view, request)
        if kind in ("act", "part", "document"):
            context = heading_facts(store, uri, view)
        elif kind == "session":
            context = session_facts(store, graph, uri, view)
    head = heading(name, context, view.langs) if context else name
    if title is not None and str(title) != name and kind not in ("document",):
        subtitle = str(title)
    else:
        subtitle = ""
    texts = texts_by_language(list(graph.objects(me, TG.text)), view.langs)
    if store is not None:
        add_citing_versions(store, graph, me, view)
    all_citations = citations(graph, me, view)
    cpage = paging(request, len(all_citations), CITATIONS_PAGE, name="cpage")
    return {
        "uri": uri,
        "local_uri": public_base(request) + "id/" + rest,
        "name": name,
        "heading": head,
        "subtitle": subtitle,
        "title_en": label_in(graph, me, "en") or display_label(graph, me, ["en"], base),
        "title_zh": label_in(graph, me, "zh") or "",
        "types": types,
        "crumbs": ancestors(graph, me, view),
        # A whole shows its outline, not its text again (a decision's text is all its paragraphs).
        "texts": [] if outline_ else texts,
        "outline": outline_,
        "cited_by": cited,
        "clauses": clauses,
        "network": network,
        "down": down,
        "props": property_rows(graph, me, view),
        "incoming": [{"name": qname(graph, p), "href": view.href(str(p)), "predicate": str(p),
                      "values": [value_of(graph, s, view)
                                 for s in sorted(subs, key=lambda n: natural_key(str(n)))[:VALUES_SHOWN]],
                      "more": max(0, len(subs) - VALUES_SHOWN)}
                     for p, subs in sorted(incoming.items(), key=lambda kv: qname(graph, kv[0]))],
        "citations": all_citations[cpage.first:cpage.first + cpage.size],
        "citations_total": len(all_citations),
        "citations_paging": cpage,
        "cites": cited_in_text(graph, me, view),
        "formats": formats,
        "exports": exports,
        "picture": "/pictures/neighbourhood.svg?" + urlencode({"uri": uri}),
        "truncated": getattr(graph, "truncated", False),
        "export_in": export_url(settings, uri, "in", 0, "csv"),
    }


@router.api_route("/page/{rest:path}", methods=["GET", "HEAD"], name="resource_page")
async def page(rest: str, request: Request) -> Response:
    """The HTML page of ``{base}id/{rest}``."""
    settings, store = get_settings(request), get_store(request)
    uri = canonical_uri(settings, rest)

    def gather() -> dict | None:
        graph = describe(store, uri, settings.queries_dir)
        if len(graph) == 0:
            return None
        return resource_page(graph, uri, request, settings, store)

    context = await run_in_threadpool(gather)
    if context is None:
        raise ApiError.not_found(f"no resource {uri} in the graph")
    body = render_text(request, "resource.html", page=context).encode("utf-8")
    headers = {**CORS_HEADERS, **page_headers(request), "Link": ", ".join(
        f'<{f["href"]}>; rel="alternate"; type="{f["media_type"]}"' for f in context["formats"])}
    response = cached_response(request, body, "text/html; charset=utf-8", "html", headers)
    if "Set-Cookie" in headers:
        response.headers["Cache-Control"] = "no-store"  # a cache would keep the page and drop the cookie
    return response


__all__ = ["router", "resource_page"]
