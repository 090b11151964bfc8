"""The linked-data description of one resource, and moving identifiers to another base.

:func:`describe` runs ``queries/describe.rq`` (the resource bound as a typed
term) and returns an rdflib graph: the data ``/id/...`` serves and the HTML
page renders, so the page never says more or less than the data.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from ..namespaces import bind_prefixes
from ..store.base import Store
from .queries import query_text


def describe(store: Store, uri: str, queries_dir=None) -> Graph:
    """The description of ``uri`` (empty when the store knows nothing about it)."""
    result = store.query(query_text("describe", queries_dir), bindings={"resource": URIRef(uri)})
    return bind_prefixes(result.graph if result.graph is not None else Graph())


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

    out = bind_prefixes(Graph())
    for s, p, o in graph:
        out.add((move(s), move(p), move(o)))
    return out
