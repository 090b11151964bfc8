"""Writing triples of rdflib terms as N-Triples, line for line as rdflib's ``nt`` serializer does, faster.

rdflib's serializer calls ``n3()`` on every term of every triple; a document
graph repeats its terms (a part's URI is the subject of a dozen statements, the
predicates are a few dozen), so :class:`NTriplesWriter` keeps each term's text.
The text is rdflib's: ``<iri>`` (an IRI holding one of ``<>" {}|\\^`` is refused
with rdflib's error), ``_:label``, and a literal's lexical form quoted with
``\\``, newline, ``"`` and carriage return escaped (nothing else: tabs and
non-ASCII characters are written as they are), then ``@lang`` or
``^^<datatype>``. Lines are UTF-8, each ending with ``" .\\n"``.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib.term import BNode, Literal, URIRef

#: what rdflib refuses to write inside ``<...>`` (``rdflib.term._invalid_uri_chars``)
_INVALID_IRI_CHARS = '<>" {}|\\^`'


def iri_text(iri: str) -> str:
    """``<iri>``; an IRI that N-Triples cannot carry raises rdflib's exception."""
    for c in _INVALID_IRI_CHARS:
        if c in iri:
            raise Exception(f'"{iri}" does not look like a valid URI, I cannot serialize this as N3/Turtle. '
                            "Perhaps you wanted to urlencode it?")
    return f"<{iri}>"


def literal_text(lexical: str, language: str | None = None, datatype: str | None = None) -> str:
    """A literal as rdflib's N-Triples serializer writes it (``_quoteLiteral``)."""
    quoted = '"' + lexical.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
    if language:
        if datatype:
            raise Exception("Literal has datatype AND language!")
        return f"{quoted}@{language}"
    if datatype:
        return f"{quoted}^^<{datatype}>"
    return quoted


def term_text(term) -> str:
    """The N-Triples text of an rdflib term."""
    if isinstance(term, Literal):
        return literal_text(str(term), term.language, term.datatype)
    if isinstance(term, URIRef):
        return iri_text(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return term.n3()  # a variable or quoted graph: never in a document graph, written as rdflib would


class NTriplesWriter:
    """N-Triples lines of triples, each term's text computed once (per writer)."""

    def __init__(self) -> None:
        self._nodes: dict = {}  # IRIs and blank nodes -> text
        # Literals -> (language, text): rdflib's literals are equal whatever their language tag's case,
        # and each is written with its own.
        self._literals: dict = {}

    def term(self, term) -> str:
        """The text of ``term`` (kept for the next time)."""
        if isinstance(term, Literal):
            hit = self._literals.get(term)
            if hit is None or hit[0] != term.language:
                hit = self._literals[term] = (term.language, term_text(term))
            return hit[1]
        text = self._nodes.get(term)
        if text is None:
            text = self._nodes[term] = term_text(term)
        return text

    def line(self, triple) -> str:
        """One triple as a line, without its ``\\n``. A literal object is written anew: most are
        written once (a text, an offset), and writing one costs less than rdflib's literal hash."""
        s, p, o = triple
        nodes = self._nodes
        if type(o) is Literal:
            o_text = literal_text(str(o), o.language, o.datatype)
        else:
            o_text = nodes.get(o) or self.term(o)
        return f"{nodes.get(s) or self.term(s)} {nodes.get(p) or self.term(p)} {o_text} ."

    def lines(self, triples: Iterable) -> list[str]:
        """The lines of ``triples``, in their order, without ``\\n``."""
        line = self.line
        return [line(t) for t in triples]


def ntriples_lines(triples: Iterable) -> list[str]:
    """The N-Triples lines (without ``\\n``) of ``triples`` (rdflib terms), in their order."""
    return NTriplesWriter().lines(triples)


def serialize(triples: Iterable) -> bytes:
    """``triples`` as N-Triples (UTF-8), one line per triple, in their order: the lines rdflib writes."""
    lines = ntriples_lines(triples)
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


__all__ = ["NTriplesWriter", "iri_text", "literal_text", "ntriples_lines", "serialize", "term_text"]
