"""The embedded store: :class:`OxigraphStore`, the :class:`~treatygraph.store.base.Store` over pyoxigraph.

Dataset choice: every triple treatygraph writes lives in a named graph
(ontology, registry, one graph per document). When a query names no dataset
(no ``FROM``/``FROM NAMED`` in its text, no ``default_graph``/``named_graphs``
argument) the default graph is **the union of the store's graphs**
(pyoxigraph ``use_default_graph_as_union=True``), so plain
``SELECT ... WHERE { ?s ?p ?o }`` sees everything while ``GRAPH ?g { ... }``
still tells the graphs apart. A query's own ``FROM`` clauses, or a dataset
given by argument (the protocol's ``default-graph-uri``/``named-graph-uri``),
replace that default; when only named graphs are given the default graph is
empty, as the SPARQL 1.1 Protocol says.

Serving is read-only: :meth:`OxigraphStore.query` refuses updates with
:class:`~treatygraph.store.base.BadQuery`. Writing (``replace_graph``,
``drop_graph``) is for the build, on a store opened with ``read_only=False``.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..namespaces import bind_prefixes
from .base import BadQuery, QueryResult, Store, StoreError, StoreTimeout, StoreUnavailable
from .terms import bind_values
from .forms import form_problem, shape
from .guard import check_query

_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)

#: Media types served by :meth:`OxigraphStore.query_serialized` with pyoxigraph's own writers.
RESULTS_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: Graph formats written by rdflib instead (pyoxigraph writes expanded JSON-LD only).
RDFLIB_GRAPH_FORMATS = {"application/ld+json": "json-ld"}


# --------------------------------------------------------------------------
# Term conversion
# --------------------------------------------------------------------------


def to_rdflib(term) -> Node | None:
    """A pyoxigraph term as the equal rdflib term (``xsd:string`` literals become plain literals)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise StoreError(f"RDF-star triple terms are not supported in results: {term!r}")


def rdflib_graph(triples, on_each=None) -> Graph:
    """pyoxigraph triples as an rdflib graph with the project's prefixes.

    ``on_each(i)`` is called for every triple (e.g. to check a deadline).
    """
    graph = bind_prefixes(Graph())
    for i, t in enumerate(triples):
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        if on_each is not None:
            on_each(i)
    return graph


def to_oxigraph(term: Node):
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) not in (_XSD_STRING, _LANG_STRING):
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _quads(graph: Graph, graph_name) -> Iterable[ox.Quad]:
    for s, p, o in graph:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name)


# --------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------


class OxigraphStore(Store):
    """An embedded pyoxigraph store, on disk or in memory."""

    def __init__(self, store: ox.Store, *, read_only: bool, path: Path | None = None):
        self._store = store
        self.read_only = read_only
        self.path = path

    # ---- opening -------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, read_only: bool = True) -> "OxigraphStore":
        """Open the on-disk store at ``path`` (read-only for serving; the build opens it writable)."""
        path = Path(path)
        if read_only and not path.is_dir():
            raise StoreUnavailable(f"no store at {path} (run `treatygraph build` first)")
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as e:
            raise StoreUnavailable(f"cannot open the store at {path}: {e}") from e
        return cls(store, read_only=read_only, path=path)

    @classmethod
    def in_memory(cls) -> "OxigraphStore":
        """A new empty writable store in memory."""
        return cls(ox.Store(), read_only=False)

    @classmethod
    def from_graphs(cls, graphs: Mapping[str, Graph]) -> "OxigraphStore":
        """An in-memory store holding each rdflib graph under its name (empty graphs are kept)."""
        store = cls.in_memory()
        store.replace_graphs(graphs)
        return store

    # ---- querying ------------------------------------------------------

    def _run(self, sparql, bindings, default_graph, named_graphs, base_iri=None):
        """Run the query in pyoxigraph; map its errors onto the store errors."""
        form = shape(sparql)
        if form.is_update:
            raise BadQuery(
                "SPARQL updates are not accepted: the store is read-only for serving "
                "(the graph changes only through `treatygraph build`)"
            )
        check_query(sparql, self.graphs, base_iri=base_iri)  # SERVICE, LOAD, FROM elsewhere
        kwargs: dict = {"base_iri": base_iri} if base_iri else {}
        if default_graph is not None or named_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in (default_graph or [])]
            if named_graphs is not None:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        elif not form.has_dataset_clause:
            kwargs["use_default_graph_as_union"] = True
        if bindings:
            try:
                kwargs["substitutions"] = {
                    ox.Variable(name): to_oxigraph(term) for name, term in bindings.items()
                }
            except (ValueError, TypeError) as e:  # e.g. a relative IRI: the caller's input
                raise BadQuery(f"bad value for a query variable: {e}") from e
            # The same values also as a VALUES block opening the WHERE clause: pyoxigraph plans
            # the pattern without looking at ``substitutions`` (up to 100x slower on a large
            # store, docs/performance.md); the block lets the planner start from the bound
            # terms. Substitution still defines the answer (equal terms join trivially).
            try:
                sparql = bind_values(sparql, bindings)
            except BadQuery:
                pass  # no group pattern to open (CONSTRUCT WHERE): substitution alone
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as e:
            raise BadQuery(form_problem(sparql) or f"SPARQL syntax error {_position(str(e))}") from e
        except (ValueError, RuntimeError) as e:  # a bad IRI in the dataset, a substitution
            raise BadQuery(str(e)) from e         # of a variable the SELECT does not project
        except OSError as e:
            raise StoreUnavailable(f"the store could not be read: {e}") from e

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a read-only query; results come back as rdflib terms.

        ``timeout`` is checked while results are read (pyoxigraph cannot
        interrupt one evaluation step), raising :class:`StoreTimeout`.
        ``base_iri`` resolves relative IRIs in the query (an extension of
        the Store interface: the HTTP layer passes the URI base).
        """
        started = time.monotonic()

        def check(i: int) -> None:
            if timeout is not None and i % 256 == 0:
                _check_deadline(started, timeout)

        def read(answer) -> QueryResult:
            try:
                if isinstance(answer, ox.QueryBoolean):
                    return QueryResult(kind="ask", boolean=bool(answer))
                if isinstance(answer, ox.QuerySolutions):
                    variables = [v.value for v in answer.variables]
                    rows = []
                    for i, solution in enumerate(answer):
                        rows.append(tuple(to_rdflib(t) for t in solution))
                        check(i)
                    return QueryResult(kind="select", variables=variables, rows=rows)
                return QueryResult(kind="graph", graph=rdflib_graph(answer, check))
            except (SyntaxError, ValueError) as e:  # evaluation errors raised lazily
                raise BadQuery(str(e)) from e
            except OSError as e:
                raise StoreUnavailable(f"the store could not be read: {e}") from e

        return read_in_this_thread(self._run(sparql, bindings, default_graph, named_graphs, base_iri), read)

    def query_serialized(
        self,
        sparql: str,
        media_type: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> bytes:
        """Run a query and serialise the answer straight from pyoxigraph (fast path).

        ``media_type`` must suit the query form: a results format for
        SELECT/ASK, a graph format for CONSTRUCT/DESCRIBE (JSON-LD goes
        through rdflib); anything else raises ``ValueError``.
        """
        return self.query_capped(sparql, media_type, max_rows=None, bindings=bindings,
                                 default_graph=default_graph, named_graphs=named_graphs, base_iri=base_iri)[0]

    def query_capped(
        self,
        sparql: str,
        media_type: str,
        *,
        max_rows: int | None,
        bindings: Mapping[str, Node] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, bool]:
        """Run a query and serialise it with pyoxigraph, keeping at most ``max_rows`` solutions/triples
        (None: all, streamed by pyoxigraph's writers): ``(body, truncated)``."""
        from .budget import serialize_capped

        media_type = media_type.split(";")[0].strip().lower()

        def read(answer) -> tuple[bytes, bool]:
            try:
                if isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean)):
                    fmt = RESULTS_FORMATS.get(media_type)
                    if fmt is None or (isinstance(answer, ox.QueryBoolean) and fmt in (
                            ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV)):
                        raise ValueError(f"{media_type} is not a format for this query's results")
                    return serialize_capped(answer, fmt, max_rows=max_rows)
                if media_type not in GRAPH_FORMATS and media_type not in RDFLIB_GRAPH_FORMATS:
                    raise ValueError(f"{media_type} is not a format for a graph")
                return serialize_capped(answer, graph_format=GRAPH_FORMATS.get(media_type),
                                        rdflib_format=RDFLIB_GRAPH_FORMATS.get(media_type),
                                        max_rows=max_rows)
            except SyntaxError as e:
                raise BadQuery(str(e)) from e
            except OSError as e:
                raise StoreUnavailable(f"the store could not be read: {e}") from e

        return read_in_this_thread(self._run(sparql, bindings, default_graph, named_graphs, base_iri), read)

    # ---- graphs --------------------------------------------------------

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph_uri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph_uri))

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    def derive(self, queries_dir: Path, base: str) -> int:
        """Compute ``graph/derived`` from the other graphs, as a build does (:mod:`treatygraph.derive`)."""
        from ..derive import add_derived

        self._writable()
        return add_derived(self._store, queries_dir, base)

    def replace_graph(self, graph_uri: str, graph: Graph) -> None:
        self.replace_graphs({graph_uri: graph})

    def replace_graphs(self, graphs: Mapping[str, Graph]) -> None:
        """Replace each named graph with the given content (an empty graph is kept as a name)."""
        self._writable()
        for uri, graph in graphs.items():
            name = ox.NamedNode(uri)
            if self._store.contains_named_graph(name):
                self._store.remove_graph(name)
            self._store.add_graph(name)
            self._store.extend(_quads(graph, name))

    def drop_graph(self, graph_uri: str) -> None:
        self._writable()
        name = ox.NamedNode(graph_uri)
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)

    def quads(self, graph_uri: str | None = None):
        name = ox.NamedNode(graph_uri) if graph_uri else None
        for q in self._store.quads_for_pattern(None, None, None, name):
            g = q.graph_name
            yield (
                to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                None if isinstance(g, ox.DefaultGraph) else to_rdflib(g),
            )

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write pending changes to disk (a no-op in memory)."""
        if not self.read_only and self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        self._store = None  # pyoxigraph closes the database when the object goes


def read_in_this_thread(answer, read):
    """``read(answer)`` for a pyoxigraph answer, released in this thread however ``read`` ends.

    pyoxigraph's results and iterators (``QuerySolutions``, ``QueryTriples``,
    ``QuadIter``) are bound to the thread that made them: freed in another
    one they leak, with "is unsendable, but is being dropped on another
    thread" on stderr. A finished call's frame keeps its locals as long as
    something holds the frame: an exception's traceback (which the HTTP
    layer carries from the worker thread to the event loop), or a reference
    cycle that links the callers' frames (the guard's rdflib check leaves
    such cycles, freed by the garbage collector in whatever thread runs it).
    So the answer lives only here: dropped on the way out, and the frames of
    an exception raised while reading it cleared of their locals.
    """
    try:
        return read(answer)
    except BaseException as e:
        _clear_frames(e)
        raise
    finally:
        del answer


def _clear_frames(error: BaseException) -> None:
    """Clear the locals of the finished frames in ``error``'s tracebacks (its causes' too)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        traceback.clear_frames(error.__traceback__)  # skips the frames still running
        error = error.__cause__ or error.__context__


def _position(message: str) -> str:
    """pyoxigraph says ``error at 1:6: expected ...``; name the line and column plainly."""
    if message.startswith("error at "):
        where, _, rest = message[len("error at "):].partition(": ")
        line, _, col = where.partition(":")
        if line.isdigit() and col.isdigit():
            return f"at line {line}, column {col}: {rest}"
    return f": {message}"


def _check_deadline(started: float, timeout: float) -> None:
    if time.monotonic() - started > timeout:
        raise StoreTimeout(f"the query ran longer than {timeout:g} s")
