"""The dataset's VoID description and its statistics, computed once per build and stored in ``graph/void``.

Counting the whole graph when asked took tens of seconds on the corpus (27 s on
the on-disk store) and gave no counts on Virtuoso. So the build computes the
statistics once, on its in-memory copy of the new store after ``graph/derived``
(:func:`add_statistics`, with ``queries/void/*.rq``), and stores them as VoID in
``graph/void``: the dataset ``{base}void#dataset`` with its statements,
distinct subjects and objects, properties and classes, a class partition per
class, a property partition per property and a subset per named graph. A push
carries that graph like any other. The named queries ``void-totals``,
``void-partitions`` and ``void-graphs`` read it, and ``/.well-known/void``
(:func:`void_description`) reads them, so both stores give the same answer.

A rebuild that updates the served store (a few documents changed) does not
count again: :func:`updated_statistics` changes the served figures by the
statements removed and added, each looked up in the other store (still held in
another graph?), which gives the same figures as counting the new store.

The statistics describe the dataset's named graphs (``{base}graph/...``; a
server's system graphs are not part of it) except ``graph/void`` itself:
counting it would change the figures it states.

A store without stored statistics (data loaded by hand), or whose graphs are no
longer those the statistics name (a graph added or dropped by hand), gets them
computed when it is described, with the same queries over its graphs: the same
answer, but slow on a large store (:func:`read_statistics` says which).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD
from rdflib.term import Node

from . import identifiers as ids
from .export.queries import query_text
from .namespaces import bind_prefixes
from .store.base import Store, StoreError

VOID = Namespace("http://rdfs.org/ns/void#")
#: The computing queries, in ``queries/void/``; the named queries that read their stored figures.
COMPUTING = ("distinct-terms", "partitions", "graphs")
READING = ("void-totals", "void-partitions", "void-graphs")


@dataclass
class Statistics:
    """The VoID figures of a dataset; ``stored``: read from ``graph/void`` (else computed just now)."""

    triples: int = 0
    subjects: int = 0
    objects: int = 0
    properties: int = 0
    classes: int = 0
    class_entities: dict[Node, int] = field(default_factory=dict)
    property_triples: dict[Node, int] = field(default_factory=dict)
    graph_triples: dict[str, int] = field(default_factory=dict)
    stored: bool = field(default=False, compare=False)


def statistics_key(queries_dir: Path) -> str:
    """A hash of the computing queries and of this module: what ``graph/void`` depends on besides the data."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for name in COMPUTING:
        h.update(b"\0" + query_text(f"void/{name}", queries_dir).encode("utf-8"))
    return h.hexdigest()


def dataset_graphs(store: Store, base: str) -> list[str]:
    """The store's named graphs that make the dataset: named ``{base}graph/...``, but not ``graph/void``."""
    prefix, statistics = ids.graphs_prefix(base), ids.void_graph_uri(base)
    return [g for g in store.graphs() if g.startswith(prefix) and g != statistics]


def _rows(store: Store, text: str, **dataset) -> list[dict[str, Node]]:
    result = store.query(text, **dataset)
    if result.truncated:
        raise StoreError("the store's row cap cut the VoID statistics; raise it (ResultSetMaxRows) above "
                         f"{len(result.rows)} rows")
    return result.dicts()


def compute_statistics(store: Store, base: str, queries_dir=None) -> Statistics:
    """Count the dataset's graphs now (``queries/void/*.rq``, given the graphs as their named graphs)."""
    graphs = dataset_graphs(store, base)
    stats = Statistics()
    if not graphs:  # no named graph given would mean the whole store to a SPARQL server
        return stats

    def run(name: str) -> list[dict[str, Node]]:
        return _rows(store, query_text(f"void/{name}", queries_dir), named_graphs=graphs)

    for row in run("partitions"):
        kind = stats.class_entities if str(row["kind"]) == "class" else stats.property_triples
        kind[row["term"]] = int(row["count"])
    # Each distinct statement has one property: the property partitions add up to the statements.
    stats.triples = sum(stats.property_triples.values())
    stats.properties, stats.classes = len(stats.property_triples), len(stats.class_entities)
    terms = run("distinct-terms")[0]
    stats.subjects, stats.objects = int(terms["subjects"]), int(terms["objects"])
    stats.graph_triples = {str(r["graph"]): int(r["triples"]) for r in run("graphs")}
    return stats


def stored_statistics(store: Store, base: str, queries_dir=None) -> Statistics | None:
    """The statistics ``graph/void`` holds (the named queries ``void-*``); None when the store has none."""
    dataset = URIRef(ids.void_dataset_uri(base))

    def run(name: str) -> list[dict[str, Node]]:
        return [r for r in _rows(store, query_text(name, queries_dir)) if r.get("dataset") == dataset]

    totals = run("void-totals")
    if not totals:
        return None
    row = totals[0]
    stats = Statistics(*(int(row[c]) for c in ("triples", "subjects", "objects", "properties", "classes")),
                       stored=True)
    for row in run("void-partitions"):
        kind = stats.class_entities if str(row["kind"]) == "class" else stats.property_triples
        kind[row["term"]] = int(row["count"])
    stats.graph_triples = {str(r["graph"]): int(r["triples"]) for r in run("void-graphs")}
    return stats


def _names_the_graphs(store: Store, stats: Statistics, base: str) -> bool:
    """Whether the store's dataset graphs are the ones the statistics count (none added or dropped since)."""
    held = set(dataset_graphs(store, base))
    counted = {g for g, n in stats.graph_triples.items() if n}
    # an empty graph (graph/derived when nothing was derived) is not a subset, and a server may not keep it
    added = [g for g in held - counted if next(iter(store.quads(g)), None) is not None]
    return not added and counted <= held


def read_statistics(store: Store, base: str, queries_dir=None) -> Statistics:
    """The stored statistics when they describe the store's graphs; else computed now (``stored`` False)."""
    stats = stored_statistics(store, base, queries_dir)
    if stats is not None and _names_the_graphs(store, stats, base):
        return stats
    return compute_statistics(store, base, queries_dir)


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def statistics_graph(stats: Statistics, base: str) -> Graph:
    """The statistics as VoID statements about ``{base}void#dataset`` (what ``graph/void`` holds)."""
    g = bind_prefixes(Graph())
    g.bind("void", VOID)
    dataset = URIRef(ids.void_dataset_uri(base))
    g.add((dataset, RDF.type, VOID.Dataset))
    for prop, value in ((VOID.triples, stats.triples), (VOID.distinctSubjects, stats.subjects),
                        (VOID.distinctObjects, stats.objects), (VOID.properties, stats.properties),
                        (VOID.classes, stats.classes)):
        g.add((dataset, prop, _count(value)))
    for term, n in stats.class_entities.items():
        part = BNode()
        g.add((dataset, VOID.classPartition, part))
        g.add((part, VOID["class"], term))
        g.add((part, VOID.entities, _count(n)))
    for term, n in stats.property_triples.items():
        part = BNode()
        g.add((dataset, VOID.propertyPartition, part))
        g.add((part, VOID.property, term))
        g.add((part, VOID.triples, _count(n)))
    for graph, n in stats.graph_triples.items():
        subset = URIRef(graph)
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, _count(n)))
    return g


def add_statistics(store, queries_dir: Path, base: str) -> int:
    """Compute the statistics of a pyoxigraph store's graphs and put them in ``graph/void``; the triples written.

    For the build, on its in-memory copy of the new store, once every other graph is there.
    """
    from .store.oxigraph import OxigraphStore

    writable = OxigraphStore(store, read_only=False)
    writable.drop_graph(ids.void_graph_uri(base))
    return put_statistics(store, compute_statistics(writable, base, queries_dir), base)


def put_statistics(store, stats: Statistics, base: str) -> int:
    """Write ``stats`` as a pyoxigraph store's ``graph/void`` (replacing it); the triples written."""
    from .store.oxigraph import OxigraphStore

    graph = statistics_graph(stats, base)
    OxigraphStore(store, read_only=False).replace_graph(ids.void_graph_uri(base), graph)
    return len(graph)


def updated_statistics(stats: Statistics, removed: set, added: set, before, after, base: str,
                       graph_triples: dict[str, int]) -> Statistics:
    """The statistics of the pyoxigraph store ``after`` from ``stats``, those of ``before``, without
    counting the whole dataset again: the same figures as :func:`compute_statistics` on ``after``.

    ``removed``: ``pyoxigraph.Triple`` of quads that ``before``'s dataset graphs held and ``after``'s
    do not; ``added``: those of quads ``after`` holds and ``before`` did not (supersets do no harm, as
    long as every triple of ``removed`` was in ``before`` and every one of ``added`` is in ``after``).
    Only those statements, their subjects and their objects can have changed figures: each is looked up
    in the other store (is it held in another graph?). ``graph_triples``: the statements per graph of
    ``after`` (counted by the caller)."""
    import pyoxigraph as ox

    from .store.oxigraph import to_rdflib

    prefix, statistics = ids.graphs_prefix(base), ids.void_graph_uri(base)

    def held(found) -> bool:
        return any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(prefix)
                   and q.graph_name.value != statistics for q in found)

    out = Statistics(class_entities=dict(stats.class_entities), property_triples=dict(stats.property_triples))
    type_ = ox.NamedNode(str(RDF.type))
    for triples, other, step in ((removed - added, after, -1), (added - removed, before, 1)):
        for t in triples:
            if held(other.quads_for_pattern(t.subject, t.predicate, t.object, None)):
                continue  # held in another graph (or already before): the same distinct statements
            p = to_rdflib(t.predicate)
            out.property_triples[p] = out.property_triples.get(p, 0) + step
            if t.predicate == type_:  # one distinct statement (s a C) per instance s of C
                c = to_rdflib(t.object)
                out.class_entities[c] = out.class_entities.get(c, 0) + step
    distinct = {"subjects": stats.subjects, "objects": stats.objects}
    for kind, term in (("subjects", lambda t: t.subject), ("objects", lambda t: t.object)):
        was, now = {term(t) for t in removed}, {term(t) for t in added}
        for x in was ^ now:  # held on one side for sure; on the other one only if another statement has it
            pattern = (x, None, None, None) if kind == "subjects" else (None, None, x, None)
            if x in was and not held(after.quads_for_pattern(*pattern)):
                distinct[kind] -= 1
            elif x in now and not held(before.quads_for_pattern(*pattern)):
                distinct[kind] += 1
    for partition in (out.class_entities, out.property_triples):
        if any(n < 0 for n in partition.values()):
            raise ValueError("the statistics do not match the changes given: count them again")
        for term in [t for t, n in partition.items() if n == 0]:
            del partition[term]
    out.subjects, out.objects = distinct["subjects"], distinct["objects"]
    out.triples = sum(out.property_triples.values())
    out.properties, out.classes = len(out.property_triples), len(out.class_entities)
    out.graph_triples = {g: n for g, n in graph_triples.items() if n and g.startswith(prefix) and g != statistics}
    return out


def void_description(store: Store, settings, public_base: str | None = None) -> Graph:
    """The VoID description of the dataset: its statistics (:func:`read_statistics`) and how to get it.

    Besides the figures, the dataset ``{base}void#dataset`` has its title, its
    ``void:uriSpace`` and, at ``public_base`` (the serving host; default the
    base), its SPARQL endpoint and its dump.
    """
    base = settings.base
    served = (public_base or base).rstrip("/") + "/"
    dataset = URIRef(ids.void_dataset_uri(base))
    g = statistics_graph(read_statistics(store, base, settings.queries_dir), base)
    g.add((dataset, DCTERMS.title, Literal("treatygraph: interlinkages of multilateral environmental agreements",
                                           lang="en")))
    g.add((dataset, VOID.uriSpace, Literal(f"{base}id/")))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(f"{served}sparql")))
    g.add((dataset, VOID.dataDump, URIRef(f"{served}dump")))
    g.add((dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Quads")))
    return g
