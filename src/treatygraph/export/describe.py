"""The linked-data description of one resource, and moving identifiers to another base.

:func:`describe` runs ``queries/describe.rq`` (the resource's own data) and
``queries/describe-incoming.rq`` (what links to it, under a LIMIT), the
resource bound as a typed term, and returns an rdflib graph (a
:class:`Description`, which says whether the LIMIT cut it): the data
``/id/...`` serves and the HTML page renders, so the page never says more or
less than the data.
"""

from __future__ import annotations

import re

from rdflib import Graph, URIRef

from ..namespaces import bind_prefixes
from ..store.base import Store
from .queries import query_text


class Description(Graph):
    """The description graph; ``truncated`` is True when the query's LIMIT cut it."""

    truncated: bool = False


_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.IGNORECASE)


def _statements(store: Store, name: str, uri: str, queries_dir, graph: Graph) -> int:
    """Add the rows (?s ?p ?o) of the query ``name`` about ``uri`` to ``graph``; the row count."""
    result = store.query(query_text(name, queries_dir), bindings={"resource": URIRef(uri)})
    cols = [result.variables.index(v) for v in ("s", "p", "o")]
    for row in result.rows:
        triple = tuple(row[i] for i in cols)
        if None not in triple:
            graph.add(triple)  # type: ignore[arg-type]
    return len(result.rows) if not result.truncated else -1


def describe(store: Store, uri: str, queries_dir=None) -> Description:
    """The description of ``uri`` (empty when the store knows nothing about it).

    ``describe.rq`` gives the resource's own data (bounded by its own
    statements); ``describe-incoming.rq`` what links to it, under a LIMIT:
    when the rows reach it the result is marked ``truncated`` (a hub's
    incoming links were cut; ``/export`` lists them all).
    """
    graph = bind_prefixes(Description())
    own = _statements(store, "describe", uri, queries_dir, graph)
    incoming = _statements(store, "describe-incoming", uri, queries_dir, graph)
    limit = _LIMIT.search(query_text("describe-incoming", queries_dir).strip())
    graph.truncated = own < 0 or incoming < 0 or bool(limit and incoming >= int(limit.group(1)))
    return graph


def resource_exists(store: Store, uri: str, queries_dir=None) -> bool:
    """True when ``uri`` is the subject or object of some statement."""
    result = store.query(query_text("resource-exists", queries_dir), bindings={"resource": URIRef(uri)})
    return bool(result.boolean)


def rebase_graph(graph: Graph, prefix: str, new_prefix: str) -> Graph:
    """A copy of ``graph`` with every IRI starting with ``prefix`` moved under ``new_prefix``.

    Used with ``{base}id/`` → ``{server}id/`` so that a server on its own host
    describes the very URIs a client dereferenced there. Predicates and
    classes (``{base}ontology#``) do not start with ``{base}id/`` and stay.
    """
    if prefix == new_prefix:
        return graph

    def move(term):
        if isinstance(term, URIRef) and str(term).startswith(prefix):
            return URIRef(new_prefix + str(term)[len(prefix):])
        return term

    out = bind_prefixes(Description())
    out.truncated = getattr(graph, "truncated", False)
    out.addN((move(s), move(p), move(o), out) for s, p, o in graph)
    return out
