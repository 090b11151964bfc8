"""Collect the subgraph around a root resource: breadth-first, N hops, a size cap.

Each hop runs ``queries/subgraph-out.rq`` and/or ``queries/subgraph-in.rq``
once per frontier node, with the node bound as a typed term. Blank nodes are
never frontier nodes: their statements come with the node that reaches them
(a citation with the part it cites from, a membership with its interval), so
a citation's quote, offsets and citing part travel with the cited article.
Classes (objects of ``rdf:type``) are not followed either: one hop from an
article to ``tg:Article`` must not pull in every article of every treaty. Nor
are ``tg:Citation`` nodes (with IRIs): their statements come with the cited
resource, and the walk goes on from the citing part (reached by ``eli:cites``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..namespaces import TG
from ..store.base import Store
from .queries import query_text

DIRECTIONS = ("out", "in", "both")
#: Default cap on the number of quads one export may hold.
DEFAULT_MAX_TRIPLES = 100_000
#: Deepest allowed walk; deeper walks reach most of the graph anyway.
MAX_DEPTH = 5

Quad = tuple[Node, Node, Node, Node]


class ExportError(ValueError):
    """A bad export request; ``parameter`` names the offending input."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


class ExportTooLarge(Exception):
    """The subgraph crossed the size cap (HTTP 413)."""

    def __init__(self, limit: int, reached: int, depth: int):
        super().__init__(
            f"the subgraph has more than {limit} statements (reached {reached} at depth {depth}); "
            f"lower depth, choose direction=out or in, or raise the cap"
        )
        self.limit = limit
        self.reached = reached
        self.depth = depth


class ExportCancelled(Exception):
    """The caller gave up (its client went away); the walk stopped before its next query."""


@dataclass
class Subgraph:
    """Quads around ``root``, de-duplicated, in the order they were found."""

    root: URIRef
    depth: int
    direction: str
    quads: list[Quad] = field(default_factory=list)
    #: True when the store cut one of the walk's answers (a server row cap): statements may be missing.
    truncated: bool = False

    def triples(self) -> list[tuple[Node, Node, Node]]:
        """The statements without their graphs, each once."""
        seen: dict[tuple[Node, Node, Node], None] = {}
        for s, p, o, _ in self.quads:
            seen.setdefault((s, p, o), None)
        return list(seen)

    def nodes(self) -> set[Node]:
        """Resources (IRIs and blank nodes) that appear as subject or object."""
        out: set[Node] = set()
        for s, _, o, _ in self.quads:
            out.add(s)
            if not isinstance(o, Literal):
                out.add(o)
        return out


def check_request(depth: int, direction: str) -> None:
    """Raise :class:`ExportError` naming the parameter when depth/direction are out of range."""
    if direction not in DIRECTIONS:
        raise ExportError("direction", f"must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    if not 0 <= depth <= MAX_DEPTH:
        raise ExportError("depth", f"must be between 0 and {MAX_DEPTH}, not {depth}")


def _reached(quads: Iterable[Quad], visited: set[URIRef], citations: set[Node]) -> set[URIRef]:
    """IRIs the quads lead to: subjects and objects, not classes, not citation nodes."""
    found: set[URIRef] = set()
    for s, p, o, _ in quads:
        if isinstance(s, URIRef) and s not in visited and s not in citations:
            found.add(s)
        if isinstance(o, URIRef) and p != RDF.type and o not in visited and o not in citations:
            found.add(o)
    return found


def collect_subgraph(
    store: Store,
    root: str,
    *,
    depth: int = 1,
    direction: str = "both",
    max_triples: int = DEFAULT_MAX_TRIPLES,
    queries_dir=None,
    cancelled: Callable[[], bool] | None = None,
) -> Subgraph:
    """The statements within ``depth`` hops of ``root`` (depth 0: the root's own statements).

    Raises :class:`ExportError` for bad parameters, :class:`ExportTooLarge`
    as soon as more than ``max_triples`` distinct quads are collected, and
    :class:`ExportCancelled` before the first query after ``cancelled()``
    turns true.
    """
    check_request(depth, direction)
    queries = []
    if direction in ("out", "both"):
        queries.append(query_text("subgraph-out", queries_dir))
    if direction in ("in", "both"):
        queries.append(query_text("subgraph-in", queries_dir))
    root_ref = URIRef(root)
    sub = Subgraph(root_ref, depth, direction)
    seen: set[Quad] = set()
    visited: set[URIRef] = set()
    citations: set[Node] = set()  # tg:Citation nodes: statements kept, never walked from
    frontier = {root_ref}
    for hop in range(depth + 1):
        found: set[Quad] = set()
        for node in sorted(frontier):
            visited.add(node)
            for sparql in queries:
                if cancelled is not None and cancelled():
                    raise ExportCancelled(f"the export of {root} was abandoned at depth {hop}")
                result = store.query(sparql, bindings={"node": node})
                sub.truncated = sub.truncated or result.truncated
                cols = [result.variables.index(v) for v in ("s", "p", "o", "g")]
                for row in result.rows:
                    quad = tuple(row[i] for i in cols)
                    if any(t is None for t in quad) or quad in seen:
                        continue
                    seen.add(quad)
                    sub.quads.append(quad)  # type: ignore[arg-type]
                    if len(sub.quads) > max_triples:
                        raise ExportTooLarge(max_triples, len(sub.quads), hop)
                    if quad[1] == RDF.type and quad[2] == TG.Citation:
                        citations.add(quad[0])
                    found.add(quad)  # type: ignore[arg-type]
        frontier = _reached(found, visited, citations)
        if not frontier:
            break
    return sub


def is_resource(term: Node) -> bool:
    """IRIs and blank nodes are graph nodes; literals are values."""
    return isinstance(term, (URIRef, BNode))
