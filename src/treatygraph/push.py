"""Push a build's named graphs from the embedded store to a SPARQL 1.1 server.

Semantics, per named graph: the server's graph of the same name is
*replaced* (pushing twice never duplicates); graphs on the server that the
build does not have are left alone. Each graph is loaded in batches into
``<graph>__staging`` and switched in with one update request
(``DROP SILENT GRAPH <g> ; MOVE SILENT GRAPH <g__staging> TO GRAPH <g>``), so
readers see either the old or the new version of a graph, never a half
loaded one (on servers that run one update request as one transaction, as
Virtuoso, Fuseki/TDB2 and GraphDB do). A push that stops half way leaves
some graphs new and the rest old plus, perhaps, one staging graph; running
it again replaces every graph again, clears the leftover staging graph,
and converges.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

from rdflib import Graph

from .store.base import BadQuery, Store, StoreError


@dataclass
class GraphPushed:
    graph: str
    triples: int
    seconds: float


@dataclass
class PushSummary:
    """What a push did: one entry per graph, in push order."""

    graphs: list[GraphPushed] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    def __str__(self) -> str:
        return f"pushed {len(self.graphs)} graphs, {self.triples} triples in {self.seconds:.1f} s"


class PushFailed(StoreError):
    """A push stopped part way; ``summary`` lists the graphs already replaced."""

    def __init__(self, message: str, summary: PushSummary, failed_graph: str):
        super().__init__(message)
        self.summary = summary
        self.failed_graph = failed_graph


def push(
    source: Store,
    target: Store,
    *,
    graphs: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> PushSummary:
    """Replace each named graph of ``source`` (or only ``graphs``) on ``target``; :class:`PushFailed` on a fault."""
    names = list(graphs) if graphs is not None else source.graphs()
    missing = sorted(set(names) - set(source.graphs()))
    if missing:
        raise StoreError(f"not in the source store: {', '.join(missing)}")
    summary = PushSummary()
    started = time.monotonic()
    for number, name in enumerate(names, 1):
        t0 = time.monotonic()
        triples = [(s, p, o) for s, p, o, _ in source.quads(name)]
        try:
            loader = getattr(target, "replace_graph_triples", None)
            if loader is not None:
                loader(name, triples)
            else:
                g = Graph()
                for t in triples:
                    g.add(t)
                target.replace_graph(name, g)
        except (StoreError, BadQuery) as exc:
            summary.seconds = time.monotonic() - started
            done = ", ".join(g.graph for g in summary.graphs) or "none"
            raise PushFailed(
                f"push stopped at graph {number}/{len(names)} <{name}>: {exc}\n"
                f"  replaced already: {done}\n"
                f"  <{name}> and the graphs after it keep their previous content on the server.\n"
                f"  Run the same push again: it replaces every graph again and converges.",
                summary, name,
            ) from exc
        seconds = time.monotonic() - t0
        summary.graphs.append(GraphPushed(name, len(triples), seconds))
        if progress:
            progress(f"[{number}/{len(names)}] <{name}>: {len(triples)} triples in {seconds:.1f} s")
    summary.seconds = time.monotonic() - started
    return summary
