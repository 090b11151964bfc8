"""Statements a build computes from the graph it just loaded: ``graph/derived``.

Every ``queries/derive/*.rq`` is a CONSTRUCT run once per build, over the union
of the other graphs, after they are loaded; its triples are stored in
``graph/derived``. This is for answers that aggregate over the whole graph and
would otherwise be recomputed on every request (``interlinkages`` counted every
citation of the corpus: 14 s on the on-disk store at 1 M triples, against
milliseconds to read the derived links; docs/performance.md).

The derivation queries are written once, here in ``queries/derive/``; the named
queries that read their output say which one they read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from . import identifiers


def derivation_queries(queries_dir: Path) -> list[tuple[str, str]]:
    """``(name, CONSTRUCT text)`` of every ``queries/derive/*.rq``, by name."""
    folder = Path(queries_dir) / "derive"
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]


def derivation_key(queries_dir: Path) -> str:
    """A hash of the derivation queries and of this module: what ``graph/derived`` depends on besides the data."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for name, text in derivation_queries(queries_dir):
        h.update(b"\0" + name.encode("utf-8") + b"\0" + text.encode("utf-8"))
    return h.hexdigest()


def add_derived(store: ox.Store, queries_dir: Path, base: str) -> int:
    """Run the derivation queries on ``store`` and put their triples in ``graph/derived``; returns how many.

    The queries see the union of every other graph: ``graph/derived`` is emptied first.
    """
    graph = ox.NamedNode(identifiers.derived_graph_uri(base))
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    triples: list[ox.Triple] = []
    for name, text in derivation_queries(queries_dir):
        try:
            answer = store.query(text, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise ValueError(f"queries/derive/{name}.rq: {e}") from e
        triples.extend(answer)
    store.add_graph(graph)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return len(set(triples))


def read_predicates(queries_dir: Path) -> frozenset[str] | None:
    """The predicates (IRIs) the derivation queries' patterns can match, or None when a pattern can match
    any predicate (a variable or a negated property set) or a query cannot be read here.

    ``graph/derived`` depends on statements with these predicates only: a rebuild computes it on a copy
    holding just those (:func:`treatygraph.build.store._update_store`).
    """
    return pattern_predicates([text for _, text in derivation_queries(queries_dir)])


def pattern_predicates(texts: list[str]) -> frozenset[str] | None:
    """The predicates (IRIs) the patterns of the SPARQL queries ``texts`` can match, or None when a pattern
    can match any predicate (a variable or a negated property set) or a query cannot be read here."""
    from rdflib.paths import NegatedPath, Path as PropertyPath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    found: set[str] = set()

    class _Any(Exception):
        pass

    def predicate(p) -> None:
        if isinstance(p, URIRef):
            found.add(str(p))
        elif isinstance(p, NegatedPath) or isinstance(p, Variable) or not isinstance(p, PropertyPath):
            raise _Any
        else:  # sequence, alternative, inverse, * + ?: every IRI in it
            for part in getattr(p, "args", None) or [getattr(p, "path", None) or getattr(p, "arg", None)]:
                predicate(part)

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if "triples" in node:  # a BGP, or an EXISTS pattern's TriplesBlock (left untranslated)
                for _, p, _ in node["triples"]:
                    predicate(p)
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    try:
        for text in texts:
            walk(prepareQuery(text).algebra)
    except _Any:
        return None
    except Exception:  # noqa: BLE001 - rdflib cannot read it: every statement, pyoxigraph decides
        return None
    return frozenset(found)
