"""RDF terms written as SPARQL/N-Triples text, and variables bound by a VALUES block.

Used by every store: the remote one binds named-query parameters this way, the
embedded one adds the same block so that its planner starts from the bound
values, and the N-Triples/N-Quads exports write their terms with
:func:`term_to_sparql`. Kept free of network imports.
"""

from __future__ import annotations

import re
from typing import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .base import BadQuery
from .forms import blank_opaque, shape

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
# Characters an IRIREF may not contain (SPARQL 1.1 grammar, production 139).
_BAD_IRI_CHAR = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Other control characters as \uXXXX: Virtuoso's lexer ends a string at a raw NUL.
_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


# --------------------------------------------------------------------------
# Terms and bindings
# --------------------------------------------------------------------------


def _escape(match: re.Match) -> str:
    char = match.group(0)
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def term_to_sparql(term: Node, *, allow_bnode: bool = False) -> str:
    """The N-Triples form of an rdflib IRI or literal, escaped; ValueError if it cannot be one.

    Blank nodes are refused unless ``allow_bnode`` (update templates, where
    ``_:label`` is meaningful within one request).
    """
    if isinstance(term, URIRef):
        iri = str(term)
        bad = _BAD_IRI_CHAR.search(iri)
        if bad:
            raise ValueError(f"not an IRI: {iri!r} contains {bad.group(0)!r} at position {bad.start()}")
        return f"<{iri}>"
    if isinstance(term, Literal):
        text = '"' + _ESCAPE.sub(_escape, str(term)) + '"'
        if term.language:
            if not _LANG.match(term.language):
                raise ValueError(f"not a language tag: {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^{term_to_sparql(URIRef(term.datatype))}"
        return text
    if isinstance(term, BNode) and allow_bnode:
        label = re.sub(r"[^A-Za-z0-9_]", "_", str(term))
        return f"_:b{label}"
    raise ValueError(f"cannot be bound as an RDF term: {term!r} ({type(term).__name__})")


def values_block(bindings: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` for one row of bindings; BadQuery naming a bad parameter."""
    names, terms = [], []
    for name, term in bindings.items():
        var = name[1:] if name[:1] in "?$" else name
        if not _VAR.match(var):
            raise BadQuery(f"binding {name!r}: not a SPARQL variable name")
        try:
            terms.append(term_to_sparql(term))
        except ValueError as exc:
            raise BadQuery(f"binding ?{var}: {exc}") from None
        names.append(f"?{var}")
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def bind_values(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """``sparql`` with a VALUES block for ``bindings`` opening its outermost group pattern."""
    if not bindings:
        return sparql
    block = values_block(bindings)
    form = shape(sparql).form
    text = blank_opaque(sparql)
    depth, parens, groups = 0, 0, 0
    # CONSTRUCT's first top-level group is its template, the pattern is the second.
    wanted = 2 if form == "construct" else 1
    if form == "construct" and re.search(r"(?i)\bCONSTRUCT\s+WHERE\b", text):
        raise BadQuery("bindings cannot be applied to the short form CONSTRUCT WHERE { ... }")
    for pos, char in enumerate(text):
        if char == "(":
            parens += 1
        elif char == ")":
            parens -= 1
        elif char == "{":
            if depth == 0 and parens == 0:
                groups += 1
                if groups == wanted:
                    rest = sparql[pos + 1:]
                    return f"{sparql[:pos + 1]} {block}{rest if rest[:1].isspace() else ' ' + rest}"
            depth += 1
        elif char == "}":
            depth -= 1
    raise BadQuery("bindings given, but the query has no group pattern to bind them in")
