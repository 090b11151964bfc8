"""The query guard: what a SPARQL request may do here, decided before any store runs it.

Every path that runs user SPARQL calls :func:`check_query` (the embedded
store in :meth:`OxigraphStore._run`, so ``/sparql``, named queries, the pages
and the CLI all pass through it; the HTTP layer also calls it before handing
a query to any store, remote ones included). Refused, with
:class:`QueryRefused` (a :class:`~treatygraph.store.base.BadQuery`, so a 400
saying why):

* ``SERVICE`` (pyoxigraph really fetches a SERVICE IRI over HTTP), in any
  spelling: case, ``\\u0053ERVICE`` / ``\\U00000053ERVICE`` escapes (decoded
  first, SPARQL 1.1 §19.2), comments and line breaks around it;
* updates and ``LOAD`` (the endpoint is read-only);
* ``FROM`` / ``FROM NAMED`` naming a graph the store does not hold.

How: the text is escape-decoded, then cut into SPARQL terminals (IRIREF,
the four string forms, comments, prefixed names, variables, keywords) by
one regular expression following the grammar's terminals (§19.8), in linear
time. A keyword is only ever a bare word token, so a ``SERVICE`` keyword
token anywhere means a SERVICE call is possible. When the word "service"
appears elsewhere in the text (inside an IRI, a string, a comment, a
prefixed name), rdflib's SPARQL parser checks the algebra as a second
opinion (:func:`deep_check`); it only parses, never executes. rdflib is not
the first line because it takes ~80 ms per query and is super-linear on
crafted input: on every request, under the GIL, it would be a denial of
service of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Collection, Iterable
from urllib.parse import urljoin

from .base import BadQuery


class QueryRefused(BadQuery):
    """A query this endpoint will not run (HTTP 400); the message says why."""


#: Words that only occur in SPARQL Update requests.
UPDATE_WORDS = frozenset({
    "insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with",
    "using",
})
READ_ONLY = ("SPARQL updates are not accepted: this endpoint is read-only "
             "(the graph changes only through `treatygraph build`)")
NO_SERVICE = ("SERVICE is not allowed: this endpoint never queries other endpoints "
              "(federated queries are refused)")

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_escapes(text: str) -> str:
    """Replace ``\\uXXXX`` and ``\\UXXXXXXXX`` everywhere (SPARQL 1.1 §19.2 codepoint escapes).

    An escape that is not a Unicode scalar value (a surrogate, above
    U+10FFFF) is refused.
    """
    def one(m: re.Match) -> str:
        cp = int(m.group(1) or m.group(2), 16)
        if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            raise QueryRefused(f"invalid codepoint escape {m.group(0)!r} at character {m.start()}")
        return chr(cp)

    if "\\u" not in text and "\\U" not in text:
        return text
    return _ESCAPE.sub(one, text)


# One alternative per terminal; the first that matches at a position wins, as
# in the grammar (longest strings before short ones, prefixed names before words).
_PN_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>#[^\n\r]*)"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<string>\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r"|\"(?:[^\"\\\n\r]|\\.)*\""
    r"|'(?:[^'\\\n\r]|\\.)*')"
    r"|(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)"
    r"|(?P<pname>(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?:"
    rf"(?:(?:[\w:\-]|%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC})"
    rf"(?:[\w.:\-]|%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC})*"
    rf"(?<!\.))?)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<other>.)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


def tokens(text: str) -> list[Token]:
    """The SPARQL terminals of an (escape-decoded) query, whitespace and comments left out."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        out.append(Token(kind, m.group(0), m.start()))  # type: ignore[arg-type]
    return out


@dataclass
class QueryFacts:
    """What the guard read from a query: its dataset clauses, resolved to absolute IRIs."""

    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)

    @property
    def dataset_iris(self) -> list[str]:
        return self.from_graphs + self.from_named_graphs


#: Queries up to this many characters have their guard reading cached (a client re-sending
#: the same query, the named queries); longer ones are read each time, so the cache stays small.
CACHED_QUERY_CHARS = 16_384


def inspect(sparql: str, base_iri: str | None = None) -> QueryFacts:
    """Read a query's dataset clauses; :class:`QueryRefused` for SERVICE, updates, LOAD.

    Does not decide whether the query is valid: the store's parser does.
    """
    read = _read_cached if len(sparql) <= CACHED_QUERY_CHARS else _read
    from_graphs, from_named_graphs = read(sparql, base_iri)
    return QueryFacts(list(from_graphs), list(from_named_graphs))


def _read(sparql: str, base_iri: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = decode_escapes(sparql)
    if "\x00" in text:
        raise QueryRefused("the query contains a NUL character")
    toks = tokens(text)
    facts = QueryFacts()
    prefixes: dict[str, str] = {}
    base = base_iri or ""
    for i, tok in enumerate(toks):
        if tok.kind != "word":
            continue
        word = tok.text.lower()
        if word == "service":
            raise QueryRefused(f"{NO_SERVICE} (at character {tok.pos})")
        if word in UPDATE_WORDS:
            raise QueryRefused(READ_ONLY)
        if word == "base" and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            base = urljoin(base, toks[i + 1].text[1:-1])
        elif word == "prefix" and i + 2 < len(toks) and toks[i + 1].kind == "pname" \
                and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text.split(":", 1)[0]] = urljoin(base, toks[i + 2].text[1:-1])
        elif word == "from":
            j, target = i + 1, facts.from_graphs
            if j < len(toks) and toks[j].kind == "word" and toks[j].text.lower() == "named":
                j, target = j + 1, facts.from_named_graphs
            if j >= len(toks):
                continue  # the store's parser reports the syntax error
            target.append(_resolve(toks[j], prefixes, base))
    if "service" in text.lower():
        deep_check(text)
    return tuple(facts.from_graphs), tuple(facts.from_named_graphs)


# A refusal raises, and lru_cache keeps no exception: a refused query is read again each time.
_read_cached = lru_cache(maxsize=1024)(_read)


def _resolve(tok: Token, prefixes: dict[str, str], base: str) -> str:
    if tok.kind == "iri":
        return urljoin(base, tok.text[1:-1]) if base else tok.text[1:-1]
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(_PN_LOCAL_ESC, lambda m: m.group(0)[1:], local)
        raise QueryRefused(f"FROM {tok.text}: undeclared prefix {prefix!r}")
    raise QueryRefused(f"FROM must name a graph IRI, not {tok.text!r} (at character {tok.pos})")


def check_query(
    sparql: str,
    graphs: Collection[str] | Callable[[], Iterable[str]] | None = None,
    *,
    base_iri: str | None = None,
) -> QueryFacts:
    """Refuse what the endpoint must not run (:class:`QueryRefused`); return what was read.

    ``graphs`` is the store's named graphs (or a callable giving them, only
    called when the query has FROM / FROM NAMED); a dataset clause naming
    any other graph is refused. ``None`` skips that check (the caller checks).
    """
    facts = inspect(sparql, base_iri)
    if facts.dataset_iris and graphs is not None:
        known = set(graphs() if callable(graphs) else graphs)
        unknown = [g for g in dict.fromkeys(facts.dataset_iris) if g not in known]
        if unknown:
            raise QueryRefused(
                "FROM / FROM NAMED may only name this store's graphs; not a graph here: "
                + ", ".join(unknown) + " (GET /sparql with no query lists the store's graphs)")
    return facts


@lru_cache(maxsize=512)
def deep_check(text: str) -> None:
    """Second opinion from rdflib's parser (parse only, never executed): no ServiceGraphPattern, no update.

    A text rdflib cannot parse is refused here, since only suspicious texts
    (holding the word "service" somewhere) come this way.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import parser

    try:
        parsed = parser.parseQuery(text)
    except (ParseException, ValueError, TypeError, RecursionError) as e:
        try:
            parser.parseUpdate(text)
        except Exception:
            raise QueryRefused(
                f"the query mentions 'service' and could not be verified: {e}") from None
        raise QueryRefused(READ_ONLY) from None
    if _has_service(parsed):
        raise QueryRefused(NO_SERVICE)


def _has_service(node, depth: int = 0) -> bool:
    from pyparsing import ParseResults

    if depth > 500:
        return True  # absurdly deep: refuse rather than recurse forever
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        children = node.values()
    elif isinstance(node, (list, tuple, ParseResults)):
        children = node
    else:
        return False
    return any(_has_service(v, depth + 1) for v in children)
