"""``/query``: every named query as a form, a SPARQL box, results as a table."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from starlette.responses import Response

from ...config import Settings
from ...named_queries import ParameterError
from ...namespaces import bind_prefixes
from ...store.base import BadQuery, QueryResult, StoreTimeout
from ..deps import get_settings, get_store
from ..errors import ApiError
from ..execution import execute_query
from ..linked_data import canonical_base, href
from .templating import render

router = APIRouter()
#: Rows shown at most in a results table on the query page.
MAX_TABLE_ROWS = 1000
DEFAULT_SPARQL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX tg: <https://w3id.org/treatygraph/ontology#>
SELECT ?instrument ?label WHERE {
  ?instrument a tg:Instrument ; rdfs:label ?label .
} ORDER BY ?label LIMIT 50
"""

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
    return render(request, "query.html", **context)

