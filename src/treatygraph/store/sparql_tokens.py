"""SPARQL terminals for the query guard: a linear-time tokenizer and codepoint-escape decoding.

The text is cut into SPARQL terminals (IRIREF, the four string forms,
comments, prefixed names, variables, keywords) by one regular expression
following the grammar's terminals (SPARQL 1.1 §19.8). What the guard does
with them is in :mod:`.guard`. A text that cannot be tokenized (a string
never closed, an invalid escape, an absurdly long name run) is refused with
:class:`~treatygraph.store.base.QueryRefused`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .base import QueryRefused

#: Words that only occur in SPARQL Update requests.
UPDATE_WORDS = frozenset({
    "insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with",
    "using",
})
#: Longest run of names joined by ``.`` or ``-`` outside IRIs, strings and prefixed
#: names (``a.b-c``; no valid query has a long one): each is searched for keywords.
MAX_NAME_RUN = 1_024
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
