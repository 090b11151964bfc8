"""A graph under construction: triples of rdflib terms collected without rdflib's store.

Building a document graph only adds statements; rdflib's ``Graph.add`` indexes
each one three ways as it comes (most of the cost of building the graph). A
:class:`TripleSet` keeps them in a dict, in the order added, without
duplicates (rdflib's term equality), and makes the rdflib ``Graph`` once, when
asked. Its N-Triples lines come from :mod:`treatygraph.ntriples`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from rdflib import Graph, Literal
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

from .namespaces import bind_prefixes
from .ntriples import ntriples_lines


class TripleSet:
    """Triples in the order first added, each once: ``add``, ``len``, ``in`` and iteration, as on a Graph."""

    __slots__ = ("_triples",)

    def __init__(self, triples: Iterable[tuple] = ()) -> None:
        self._triples: dict[tuple, None] = dict.fromkeys(triples)

    def add(self, triple: tuple) -> TripleSet:
        self._triples[triple] = None
        return self

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._triples)

    def __contains__(self, triple: tuple) -> bool:
        return triple in self._triples

    def ntriples_lines(self) -> list[str]:
        """The N-Triples lines (without ``\\n``), as rdflib's serializer writes them, in the order added."""
        return ntriples_lines(self._triples)

    def graph(self) -> Graph:
        """A new rdflib Graph of these triples (in-memory, without contexts), with the project's prefixes."""
        g = bind_prefixes(Graph(store=SimpleMemory()))
        add = g.store.add  # Graph.add checks the terms and hands each triple to the store: checked here
        for t in self._triples:
            s, p, o = t
            if not (isinstance(s, Node) and isinstance(p, Node) and isinstance(o, Node)):
                raise TypeError(f"not a triple of rdflib terms: {t!r}")
            add(t, g)
        return g


_value_literal = lru_cache(maxsize=1 << 16, typed=True)(Literal)


def literal(value, lang: str | None = None) -> Literal:
    """``Literal(value, lang=lang)`` (no datatype), the same literal made faster: an int or a boolean
    (offsets, numbers, flags) once per value; a string without rdflib's normalising pass, which for a
    literal without datatype only hands the string back to itself."""
    if lang is None and type(value) in (int, bool):
        return _value_literal(value)
    return Literal(value, lang=lang, normalize=False)


__all__ = ["TripleSet", "literal"]
