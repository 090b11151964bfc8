"""The store interface every backend implements (embedded Oxigraph, remote SPARQL server).

Results travel as rdflib terms so that the HTTP layer, the CLI and the pages
never care which backend answered. Named-query parameters are passed as
``bindings`` (variable name -> rdflib term) and bound by the backend as typed
terms (Oxigraph ``substitutions``, or a ``VALUES`` block on a remote server),
never pasted into the query text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from rdflib import Graph
from rdflib.term import Node


class StoreError(Exception):
    """The store failed (a 5xx for the HTTP layer)."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (HTTP 503 with Retry-After)."""


class StoreTimeout(StoreError):
    """The store did not answer in time (HTTP 504)."""


class StoreBadResponse(StoreError):
    """The store answered with something that is not a result: an HTML error page, broken JSON (HTTP 502)."""


class BadQuery(Exception):
    """The query itself is wrong: syntax, an update on a read-only path, ... (HTTP 400)."""


class QueryRefused(BadQuery):
    """A query this endpoint will not run (HTTP 400; the query guard, :mod:`.guard`); the message says why."""


@dataclass
class QueryResult:
    """The answer to a SPARQL query.

    ``kind`` is ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT/DESCRIBE).
    ``truncated`` is True when a row cap or a partial answer from a server cut
    the result: it must never be shown as complete.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False

    def dicts(self) -> list[dict[str, Node]]:
        """Rows as ``{variable: term}``, unbound variables left out."""
        return [
            {v: t for v, t in zip(self.variables, row) if t is not None}
            for row in self.rows
        ]


class Store(ABC):
    """A SPARQL 1.1 store holding the ontology, the registry and one named graph per document."""

    read_only: bool = False

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a read-only SPARQL query. ``bindings`` bind variables as typed terms."""

    @abstractmethod
    def graphs(self) -> list[str]:
        """The named graphs in the store."""

    @abstractmethod
    def replace_graph(self, graph_uri: str, graph: Graph) -> None:
        """Replace one named graph with ``graph`` (the old content goes)."""

    def replace_graphs(self, graphs: Mapping[str, Graph]) -> None:
        """Replace several named graphs; backends may do it in one transaction."""
        for uri, g in graphs.items():
            self.replace_graph(uri, g)

    @abstractmethod
    def drop_graph(self, graph_uri: str) -> None:
        """Remove one named graph."""

    def quads(self, graph_uri: str | None = None) -> Iterable[tuple[Node, Node, Node, Node]]:
        """Every quad (optionally of one graph); used by export and push."""
        raise NotImplementedError

    def close(self) -> None:
        """Release files, connections."""
