"""The query guard: what a SPARQL request may do here, decided before any store runs it.

Every path that runs user SPARQL calls :func:`check_query` (the embedded
store in :meth:`OxigraphStore._run`, so ``/sparql``, named queries, the pages
and the CLI all pass through it; the HTTP layer also calls it, off the event
loop, before handing a query to any store, remote ones included). Refused,
with :class:`QueryRefused` (a :class:`~treatygraph.store.base.BadQuery`, so a
400 saying why):

* ``SERVICE`` (pyoxigraph really fetches a SERVICE IRI over HTTP), in any
  spelling: case, ``\\u0053ERVICE`` / ``\\U00000053ERVICE`` escapes,
  comments and line breaks around it;
* updates and ``LOAD`` (the endpoint is read-only);
* ``FROM`` / ``FROM NAMED`` naming a graph the store does not hold;
* what would crash a query worker: brackets nested deeper than
  :data:`MAX_DEPTH`, more than :data:`MAX_TOKENS` tokens outside ``VALUES``
  blocks; and a string that is never closed.

How: the text is cut (:mod:`.sparql_tokens`) into SPARQL terminals (IRIREF, the four string forms,
comments, prefixed names, variables, keywords) by one regular expression
following the grammar's terminals (§19.8), in linear time (every repeat is
possessive, and no text is scanned twice). It is read twice when it holds
``\\u`` escapes: decoded first, as SPARQL 1.1 §19.2 and rdflib read it, and
as sent, as pyoxigraph reads it (an escape only inside strings and IRIs);
``"x\\u0022, "`` is one string to pyoxigraph and a string and a half to the
spec, so a SERVICE can hide in either reading. A keyword is only ever a
bare word token, so a ``SERVICE`` keyword token in either reading means a
SERVICE call is possible. When the word "service" appears elsewhere (inside
an IRI, a string, a comment, a prefixed name), rdflib's SPARQL parser checks
the algebra as a second opinion (:func:`deep_check`); it only parses, never
executes, and only texts up to :data:`DEEP_CHECK_CHARS` (it is super-linear
on crafted input); a longer such text is refused.

Memory: the caches (:data:`READ_CACHE`, :data:`DEEP_CHECK_CACHE`) are keyed
by a digest of the text, never the text, and bounded in bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable
from urllib.parse import urljoin

from .base import QueryRefused
from .digest_cache import ByteBoundedCache
from .sparql_tokens import (_BRACKET_DELTA, _BRACKETS, _PN_LOCAL_ESC, _SERVICE_WORD, UPDATE_WORDS, Token,
                            decode_escapes, tokens)

READ_ONLY = ("SPARQL updates are not accepted: this endpoint is read-only "
             "(the graph changes only through `treatygraph build`)")
NO_SERVICE = ("SERVICE is not allowed: this endpoint never queries other endpoints "
              "(federated queries are refused)")

# --------------------------------------------------------------------------- limits

#: Deepest bracket nesting (``{``, ``(`` and ``[`` together) accepted. pyoxigraph
#: recurses on nesting and its worker dies of a stack overflow at ~2,200 nested
#: ``{``, ~4,600 ``(``, ~700 nested ``FILTER(EXISTS{``; hand-written queries stay under 20.
MAX_DEPTH = 64
#: Most tokens accepted outside ``VALUES`` data blocks. pyoxigraph also recurses
#: along long chains (``1 + 1 + …``, ``UNION``, collection members, MINUS after
#: MINUS …): a 4,000-member collection or 2,600 MINUS groups kill a worker.
#: ``VALUES`` rows are read flat and not counted; a token inside ``EXISTS { }``
#: counts three times: pyoxigraph dies on ~2,600 triple patterns there (a
#: 1,300-member collection), where elsewhere 4,000 members still run.
MAX_TOKENS = 2_000
EXISTS_WEIGHT = 3
#: The rdflib second opinion (:func:`deep_check`) reads texts up to this many characters.
DEEP_CHECK_CHARS = 16_384

#: Cost of one token outside VALUES, in units of one punctuation character inside VALUES.
_UNITS = 16


def _weight(tok: Token) -> int:
    """How many of pyoxigraph's tokens ``tok`` stands for (a punctuation run, the rest of ``a.b-c``)."""
    if tok.kind == "punct":
        return len(tok.text)
    if tok.kind == "other":
        return 1 + tok.text.count(".") + tok.text.count("-")
    return 1


# --------------------------------------------------------------------------- caches

#: Queries up to this many characters have their guard reading cached (a client re-sending
#: the same query, the named queries); longer ones are read each time.
CACHED_QUERY_CHARS = 16_384
#: Bytes the guard's two caches may hold together.
CACHE_BYTES = 1_000_000


#: Readings of short queries (their FROM / FROM NAMED graphs), by digest of text and base IRI.
READ_CACHE = ByteBoundedCache(CACHE_BYTES * 3 // 4)
#: Digests of the texts rdflib found free of SERVICE.
DEEP_CHECK_CACHE = ByteBoundedCache(CACHE_BYTES // 4)


# --------------------------------------------------------------------------- reading


@dataclass
class QueryFacts:
    """What the guard read from a query: its dataset clauses, resolved to absolute IRIs."""

    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)

    @property
    def dataset_iris(self) -> list[str]:
        return self.from_graphs + self.from_named_graphs


def inspect(sparql: str, base_iri: str | None = None) -> QueryFacts:
    """Read a query's dataset clauses; :class:`QueryRefused` for SERVICE, updates, LOAD, the limits.

    Does not decide whether the query is valid: the store's parser does.
    """
    if len(sparql) > CACHED_QUERY_CHARS:
        from_graphs, from_named_graphs = _read(sparql, base_iri)
    else:
        key = READ_CACHE.key(sparql, base_iri or "")
        hit = READ_CACHE.get(key)
        if hit is None:  # a refusal raises: a refused query is read again each time
            hit = _read(sparql, base_iri)
            READ_CACHE.put(key, hit, sum(len(g) for graphs in hit for g in graphs))
        from_graphs, from_named_graphs = hit
    return QueryFacts(list(from_graphs), list(from_named_graphs))


def _read(sparql: str, base_iri: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = decode_escapes(sparql)
    if "\x00" in text:
        raise QueryRefused("the query contains a NUL character")
    try:
        facts = _read_tokens(tokens(text), base_iri)
    except QueryRefused as e:
        if text != sparql and str(e).startswith("unterminated string"):
            raise QueryRefused(
                f"{e}, once \\uXXXX escapes are read as the characters they stand for "
                "(SPARQL 1.1 §19.2): inside a string write \\\" or \\n, not \\u0022 or \\u000A"
            ) from None
        raise
    if text != sparql:  # both readings must pass; the graphs of both are checked
        raw = _read_tokens(tokens(sparql, raw=True), base_iri)
        facts.from_graphs += [g for g in raw.from_graphs if g not in facts.from_graphs]
        facts.from_named_graphs += [g for g in raw.from_named_graphs
                                    if g not in facts.from_named_graphs]
    if _SERVICE_WORD.search(text) or _SERVICE_WORD.search(sparql):
        deep_check(sparql)
    return tuple(facts.from_graphs), tuple(facts.from_named_graphs)


def _read_tokens(toks: Iterable[Token], base_iri: str | None) -> QueryFacts:
    """One pass over the tokens: refuse SERVICE, updates and the limits; collect FROM / FROM NAMED."""
    facts = QueryFacts()
    prefixes: dict[str, str] = {}
    base = base_iri or ""
    depth = units = 0
    values_depth: int | None = None  # the depth just outside an open VALUES data block
    values_next = False  # VALUES read, its '{' not yet
    exists_depth: int | None = None  # the depth just outside the outermost EXISTS group
    exists_next = False
    previous: list[Token] = []  # the last two tokens, for BASE <iri> and PREFIX p: <iri>
    from_clause: list[Token] = []  # FROM [NAMED] read, its graph not yet
    for tok in toks:
        kind = tok.kind
        inside = values_depth is not None
        if kind == "punct" and _BRACKETS.search(tok.text):
            # past this many characters the count below refuses the text anyway
            for i, ch in enumerate(tok.text[:MAX_TOKENS * _UNITS + 1]):
                delta = _BRACKET_DELTA.get(ch)
                if delta is None:
                    continue
                if ch == "{" and values_next:
                    values_depth, values_next = depth, False
                if ch == "{" and exists_next:
                    exists_next = False
                    exists_depth = depth if exists_depth is None else exists_depth
                depth = max(depth + delta, 0)
                if depth > MAX_DEPTH:
                    raise QueryRefused(
                        f"the query nests brackets ({{, ( and [ together) deeper than "
                        f"{MAX_DEPTH} levels, at character {tok.pos + i}")
                if values_depth is not None and depth <= values_depth:
                    values_depth = None
                if exists_depth is not None and depth <= exists_depth:
                    exists_depth = None
        # a token outside VALUES costs _UNITS (times EXISTS_WEIGHT inside EXISTS);
        # punctuation inside VALUES costs 1 per character, terms there nothing
        if inside:
            units += len(tok.text) if kind == "punct" else 0
        else:
            units += _UNITS * _weight(tok) * (1 if exists_depth is None else EXISTS_WEIGHT)
        if units > MAX_TOKENS * _UNITS:
            raise QueryRefused(
                f"the query has more than {MAX_TOKENS} tokens outside VALUES blocks (the limit "
                f"is reached at character {tok.pos}); a long list of values belongs in VALUES")
        word = tok.text.lower() if kind == "word" else ""
        if word == "service":
            raise QueryRefused(f"{NO_SERVICE} (at character {tok.pos})")
        if word in UPDATE_WORDS:
            raise QueryRefused(READ_ONLY)
        if word == "values":
            values_next = True
        elif word == "exists":
            exists_next = True
        if from_clause:
            if word == "named" and len(from_clause) == 1:
                from_clause.append(tok)
            else:
                target = facts.from_named_graphs if len(from_clause) == 2 else facts.from_graphs
                target.append(_resolve(tok, prefixes, base))
                from_clause = []
        elif word == "from":
            from_clause = [tok]
        if kind == "iri" and previous:
            if previous[-1].kind == "word" and previous[-1].text.lower() == "base":
                base = urljoin(base, _iri(tok))
            elif len(previous) == 2 and previous[0].kind == "word" \
                    and previous[0].text.lower() == "prefix" and previous[1].kind == "pname":
                prefixes[previous[1].text.split(":", 1)[0]] = urljoin(base, _iri(tok))
        previous = [previous[-1], tok] if previous else [tok]
    return facts


def _iri(tok: Token) -> str:
    return decode_escapes(tok.text[1:-1])


def _resolve(tok: Token, prefixes: dict[str, str], base: str) -> str:
    if tok.kind == "iri":
        return urljoin(base, _iri(tok)) if base else _iri(tok)
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
    Linear in the text's length (about 0.1 s per MB of the worst text; the
    HTTP layer runs it in a worker thread, off the event loop).
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


def deep_check(text: str) -> None:
    """Second opinion from rdflib's parser (parse only, never executed): no ServiceGraphPattern, no update.

    ``text`` is the query as sent (rdflib decodes its escapes itself). A
    text rdflib cannot parse is refused here, since only suspicious texts
    (holding the word "service" somewhere) come this way; so is a text
    longer than :data:`DEEP_CHECK_CHARS`, as rdflib is super-linear on
    crafted input.
    """
    if len(text) > DEEP_CHECK_CHARS:
        raise QueryRefused(
            f"the query mentions 'service' outside a SERVICE keyword (in an IRI, a string, a "
            f"comment or a name) and is {len(text)} characters long: such a query is "
            f"double-checked, which is done up to {DEEP_CHECK_CHARS} characters only")
    key = DEEP_CHECK_CACHE.key(text)
    if DEEP_CHECK_CACHE.get(key):
        return
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
    DEEP_CHECK_CACHE.put(key, True)


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
