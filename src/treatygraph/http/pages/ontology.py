"""``/ontology``: the ontology's classes and properties as a page; RDF by conneg or suffix."""

from __future__ import annotations

from fastapi import APIRouter, Request
from rdflib import Graph, URIRef
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ... import identifiers as ids
from ...config import Settings
from ...namespaces import TG, bind_prefixes
from ..deps import get_settings, get_store
from ..errors import ApiError
from ..linked_data import (
    CORS_HEADERS, HTML, cached_response, canonical_base, href, media_type_with_charset, serialize,
)
from ..negotiation import GRAPH_FORMATS, NotAcceptable, by_media_type, by_suffix, media_types, negotiate
from .common import run as _run
from .labels import qname
from .templating import render

router = APIRouter()
FORMAT_LABELS = {"turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF/XML"}


def _ontology_graph_uri(settings: Settings) -> str:
    return ids.graph_uri("ontology", canonical_base(settings))


def _term_ref(graph: Graph, settings: Settings, iri: str | None, labels: dict[str, str]) -> dict | None:
    if not iri:
        return None
    return {"href": href(settings, iri), "label": labels.get(iri) or qname(graph, URIRef(iri))}


@router.api_route("/ontology", methods=["GET", "HEAD"], name="ontology")
async def ontology(request: Request) -> Response:
    """The ontology: an HTML page of its terms, or the ontology graph as RDF (content negotiation)."""
    return await _ontology(request, None)


@router.api_route("/ontology.{suffix}", methods=["GET", "HEAD"], name="ontology_data")
async def ontology_data(request: Request, suffix: str) -> Response:
    """The ontology graph in the RDF format its suffix names (``/ontology.ttl``)."""
    return await _ontology(request, suffix)


async def _ontology(request: Request, suffix: str | None) -> Response:
    """The page or the graph: a suffix from the path only (a ``?suffix=`` query is not one)."""
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
    response = render(request, "ontology.html", terms=terms, namespace=str(TG), formats=formats)
    response.headers.update(negotiated)
    return response

