"""The graph being checked, for the pyoxigraph SHACL engine: :class:`Data`, one in-memory pyoxigraph store
per document (its triples plus the context: ontology, registry), with the per-document indexes the
validator reads (values on a path, instances of a class, the IRIs among the data's subjects).
"""

from __future__ import annotations

import weakref

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from ..store.oxigraph import to_rdflib
from .terms import _to_ox


#: the context graphs' quads (ontology, registry: the same for every document of a build), by graph object
_CONTEXT_QUADS: dict[int, tuple] = {}


def _context_quads(g: Graph) -> list:
    """``g``'s quads, converted once while it is the same object of the same size (a build validates each
    document with the same ontology and registry; converting them again cost as much as validating a short
    document). The size of the ontology's and registry's graphs (rdflib's ``Memory`` store) costs nothing."""
    key = id(g)
    cached = _CONTEXT_QUADS.get(key)
    if cached is not None and cached[0]() is g and cached[1] == len(g):
        return cached[2]
    quads = [ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in g]
    _CONTEXT_QUADS[key] = (weakref.ref(g, lambda _, key=key: _CONTEXT_QUADS.pop(key, None)), len(g), quads)
    return quads


_OX_TYPE = ox.NamedNode(str(RDF.type))
_OX_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
_DEFAULT = ox.DefaultGraph()
#: the subjects in the store (asked before the context is added; GROUP BY costs pyoxigraph about half of
#: DISTINCT with an isIRI filter, and the blank nodes are left out in Python)
_SUBJECTS = "SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s"


class Data:
    """The graph being checked (plus its context), in an in-memory pyoxigraph store.

    ``graphs`` are rdflib graphs; ``ntriples`` (bytes) is the same data already written as N-Triples,
    loaded by pyoxigraph's parser instead. ``subject_iris`` are the IRIs among the data's subjects (not
    the context's; pyoxigraph terms) and ``triples`` its number of triples. The validator works on pyoxigraph
    terms and converts a value to rdflib (:meth:`term`) only for the checks that need rdflib's reading of it.
    """

    def __init__(self, graphs: list[Graph] = (), context: list[Graph] = (), ntriples: bytes | None = None):
        self.store = ox.Store()
        self._terms: dict = {}  # pyoxigraph term -> rdflib term
        self._instances: dict = {}
        self._paths: dict = {}  # path -> {pyoxigraph node: [pyoxigraph values]}
        if ntriples is not None:
            self.store.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
            # one grouping query: a Python object per subject, not per triple
            iris = {s for s, in self.store.query(_SUBJECTS) if type(s) is ox.NamedNode}
            self.triples = len(self.store)
        else:
            quads = []
            subjects = set()
            for g in graphs:
                for s, p, o in g:
                    s = _to_ox(s)
                    subjects.add(s)
                    quads.append(ox.Quad(s, _to_ox(p), _to_ox(o)))
            self.store.extend(quads)
            self.triples = len(quads) if len(graphs) <= 1 else len(self.store)
            iris = {s for s in subjects if isinstance(s, ox.NamedNode)}
        self.subject_iris = iris
        quads = []
        for g in context:
            quads += _context_quads(g)
        if quads:
            self.store.extend(quads)

    def query(self, text: str):
        return self.store.query(text)

    def term(self, t):
        """The rdflib term of the pyoxigraph term ``t`` (converted once)."""
        r = self._terms.get(t)
        if r is None:
            r = self._terms[t] = to_rdflib(t)
        return r

    def values(self, focus, path) -> list:
        """The values (pyoxigraph terms) of ``focus`` (a pyoxigraph term) on ``path`` (a predicate or
        ``("^", predicate)``)."""
        return self.path_index(path).get(focus, _NONE)

    def path_index(self, path) -> dict:
        """``{node: [values]}`` of ``path``, read from the store once per :class:`Data` (one pattern for
        every focus node, not one per node)."""
        index = self._paths.get(path)
        if index is None:
            index = self._paths[path] = {}
            if isinstance(path, tuple):
                for q in self.store.quads_for_pattern(None, _to_ox(path[1]), None):
                    index.setdefault(q.object, []).append(q.subject)
            else:
                for q in self.store.quads_for_pattern(None, _to_ox(path), None):
                    index.setdefault(q.subject, []).append(q.object)
        return index

    def instances(self, cls) -> set:
        """The instances (pyoxigraph terms) of ``cls`` and its subclasses: what ``?s a/rdfs:subClassOf* cls``
        matches, read with one pattern per class of the subclass closure (no property-path query)."""
        got = self._instances.get(cls)
        if got is None:
            got = self._instances[cls] = set()
            pattern = self.store.quads_for_pattern
            for c in self._subclasses(_to_ox(cls)):
                got.update(q.subject for q in pattern(None, _OX_TYPE, c, _DEFAULT))
        return got

    def _subclasses(self, cls) -> list:
        """``cls`` and every class ``rdfs:subClassOf+`` it, as the store says (the zero-or-more path)."""
        found = {cls: None}
        todo = [cls]
        while todo:
            for q in self.store.quads_for_pattern(None, _OX_SUBCLASS, todo.pop(), _DEFAULT):
                if q.subject not in found:
                    found[q.subject] = None
                    todo.append(q.subject)
        return list(found)


_NONE: list = []
