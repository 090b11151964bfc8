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

How: the text is cut into SPARQL terminals (IRIREF, the four string forms,
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

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Iterator
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
#: Longest run of names joined by ``.`` or ``-`` outside IRIs, strings and prefixed
#: names (``a.b-c``; no valid query has a long one): each is searched for keywords.
MAX_NAME_RUN = 1_024
#: The rdflib second opinion (:func:`deep_check`) reads texts up to this many characters.
DEEP_CHECK_CHARS = 16_384

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


# --------------------------------------------------------------------------- tokens

# One alternative per terminal, tried in this order at each position. Every
# repeat is possessive (``*+``, ``++``), so no alternative backtracks; and no
# text is scanned from two token starts: a name run (``a.b-c``) is matched
# once whole and split afterwards, and a quote opening a string that never
# closes is a token of its own (``open``, refused).
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_PN_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL_CHAR = rf"[\w:\-]|%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC}"
# (trailing dots are not part of a local name: tokens() gives them back as punctuation)
_LOCAL = rf"(?:{_LOCAL_CHAR})(?:[\w.:\-]++|%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC})*+"
_PUNCT = r"!%&()*+,\-/;=>\[\]^{|}~`."


def _token_pattern(iri_body: str) -> re.Pattern:
    return re.compile(
        r"(?P<ws>(?:\s++|#[^\n\r]*+)++)"  # whitespace and comments
        rf"|(?P<iri><(?:{iri_body})*+>)"
        r'|(?P<string>"""(?:[^"\\]++|\\.|"(?!""))*+"""'
        r"|'''(?:[^'\\]++|\\.|'(?!''))*+''')"
        # a long string that never closes (an empty short string here would have
        # the text after it scanned again from the next quote)
        r"|(?P<open_long>\"\"\"|''')"
        r'|(?P<short>"(?:[^"\\\n\r]++|\\[^\n\r])*+"'
        r"|'(?:[^'\\\n\r]++|\\[^\n\r])*+')"
        r"|(?P<open>[\"'])"
        r"|(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]++)"
        # a name run; when ':' follows it (and it does not end in '.'), a prefixed name
        rf"|(?P<run>[^\W\d_][\w.\-]*+)(?P<local>(?<!\.):(?:{_LOCAL})?)?"
        rf"|(?P<pname>:(?:{_LOCAL})?)"
        r"|(?P<lang>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+)"
        r"|(?P<word>_[A-Za-z0-9_]*+)"
        r"|(?P<number>(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][+\-]?[0-9]++)?)"
        rf"|(?P<punct>[{_PUNCT}]++)"
        r"|(?P<other>.)",
        re.DOTALL,
    )


#: The text as SPARQL 1.1 (§19.2) and rdflib read it: escape-decoded first.
_TOKEN = _token_pattern(r'[^<>"{}|^`\\\x00-\x20]++')
#: The text as sent, as pyoxigraph reads it: ``\uXXXX`` is an escape inside IRIs and strings only.
_TOKEN_RAW = _token_pattern(rf'[^<>"{{}}|^`\\\x00-\x20]++|{_UCHAR}')

#: Words the guard acts on; a name run that is not one word is searched for these only.
KEYWORDS = UPDATE_WORDS | {"service", "base", "prefix", "from", "named", "values", "exists"}
_ASCII_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*+")
# Inside a name run a word starts at a letter not continuing a word: after a
# '.', '-', a non-ASCII letter, or digits that follow one of those.
_KEYWORD_IN_RUN = re.compile(
    r"(?<![A-Za-z0-9_])[0-9]*+(" + "|".join(sorted(KEYWORDS, key=len, reverse=True))
    + r")(?![A-Za-z0-9_])", re.IGNORECASE | re.ASCII)
_SERVICE_WORD = re.compile("service", re.IGNORECASE | re.ASCII)
_BRACKET_DELTA = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}
_BRACKETS = re.compile(r"[{}()\[\]]")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


def tokens(text: str, *, raw: bool = False) -> Iterator[Token]:
    """The SPARQL terminals of a query, whitespace and comments left out, in linear time.

    ``raw=False`` reads an escape-decoded text (the spec's reading),
    ``raw=True`` the text as sent (pyoxigraph's). Punctuation comes in runs
    (``punct``: ``{(``, ``)}.``); a name run that is not a prefixed name
    (``a.b-c``) comes as its keywords (``word``) and the ``other`` pieces
    between them. :class:`QueryRefused` for a string that is never closed.
    """
    for m in (_TOKEN_RAW if raw else _TOKEN).finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "short":
            kind = "string"
        elif kind == "open" or kind == "open_long":
            raise QueryRefused(f"unterminated string: the quote at character {m.start()} is "
                               "never closed (a short string must close on its line)")
        if kind == "run" or kind == "local":
            if m.group("local") is not None:
                yield from _pname(m.group(0), m.start())
            else:
                yield from _split_run(m.group(0), m.start())
            continue
        if kind == "pname":
            yield from _pname(m.group(0), m.start())
            continue
        yield Token(kind, m.group(0), m.start())  # type: ignore[arg-type]


def _pname(text: str, pos: int) -> Iterator[Token]:
    name = text.rstrip(".")
    if name.endswith("\\"):  # an escaped dot ends the name: keep it
        name = text[:len(name) + 1]
    yield Token("pname", name, pos)
    if len(name) < len(text):
        yield Token("punct", text[len(name):], pos + len(name))


def _split_run(run: str, pos: int) -> Iterator[Token]:
    """A name run that is no prefixed name: its keywords as ``word`` tokens, the rest as ``other``."""
    if _ASCII_WORD.fullmatch(run):
        yield Token("word", run, pos)
        return
    if len(run) > MAX_NAME_RUN:
        raise QueryRefused(
            f"a bare name of {len(run)} characters at character {pos} (names joined by '.' "
            f"or '-'): no SPARQL term is like it, and the limit is {MAX_NAME_RUN}")
    at = 0
    for m in _KEYWORD_IN_RUN.finditer(run):
        if m.start(1) > at:
            yield Token("other", run[at:m.start(1)], pos + at)
        yield Token("word", m.group(1), pos + m.start(1))
        at = m.end(1)
    if at < len(run):
        yield Token("other", run[at:], pos + at)


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


class ByteBoundedCache:
    """A thread-safe LRU map from a text's digest to a small value, bounded in bytes.

    No text is kept: the key is a 16-byte BLAKE2b digest. An entry counts
    :attr:`ENTRY_BYTES` (digest, dict and list nodes, tuple headers) plus
    the size the caller gives for its value; the oldest entries go first.
    """

    ENTRY_BYTES = 256

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.nbytes = 0
        self._entries: OrderedDict[bytes, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(*parts: str) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        for part in parts:
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.digest()

    def get(self, key: bytes):
        with self._lock:
            hit = self._entries.get(key)
            if hit is None:
                return None
            self._entries.move_to_end(key)
            return hit[0]

    def put(self, key: bytes, value, size: int = 0) -> None:
        size += self.ENTRY_BYTES
        if size > self.max_bytes // 16:
            return  # one entry never takes more than a sixteenth
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.nbytes -= old[1]
            self._entries[key] = (value, size)
            self.nbytes += size
            while self.nbytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.nbytes -= dropped

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.nbytes = 0


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
