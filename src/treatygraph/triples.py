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

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
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


#: ``xsd:integer`` as rdflib's ``Literal(int)`` sets it (a plain URIRef, not the namespace's term)
_XSD_INTEGER = URIRef(str(XSD.integer))
_booleans = {value: Literal(value) for value in (False, True)}


def literal(value, lang: str | None = None) -> Literal:
    """``Literal(value, lang=lang)`` for a string, an int or a boolean (no datatype given), the same
    literal made without rdflib's general conversion, which dominates the cost of building a
    document graph (a string or an int is stored as it is; ``tests/ingest/test_ntriples.py`` holds
    the two to be alike in value, text, language, datatype, equality and hash)."""
    kind = type(value)
    if kind is str:
        return _plain(value, _checked_language(lang) if lang else None)
    if lang is None and kind is int:
        return _make(str(value), None, _XSD_INTEGER, value)
    if lang is None and kind is bool:
        return _booleans[value]
    return Literal(value, lang=lang, normalize=False)


def _plain(text: str, lang: str | None) -> Literal:
    """A literal without datatype: its lexical form is its value (rdflib's ``_castLexicalToPython``)."""
    return _make(text, lang, None, text)


def _make(lexical: str, lang: str | None, datatype: URIRef | None, value) -> Literal:
    """The Literal ``rdflib.term.Literal.__new__`` ends with for these parts (its four slots set)."""
    made = str.__new__(Literal, lexical)
    made._language = lang
    made._datatype = datatype
    made._value = value
    made._ill_typed = None
    return made


@lru_cache(maxsize=64)
def _checked_language(lang: str) -> str:
    """``lang`` once rdflib has accepted it as a language tag (raises its ValueError otherwise)."""
    Literal("", lang=lang)
    return lang


__all__ = ["TripleSet", "literal"]
