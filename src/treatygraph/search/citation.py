"""A search query read as a citation, with the ingestion's own grammars and resolver.

``Article 19.3(g)``, ``decision X/20``, ``1/CP.21, paragraph 53``, ``第 19.3(g) 条``,
``article 52 BBNJ``, ``A/RES/70/1``: the query is read as a one-paragraph text by
the ingestion's functions (``segment_as``, ``find_all``, ``resolve``: every
grammar, the registry's numbering rules), so search and ingestion never disagree on what
a citation means. No grammar is written here; this module only chooses the
context the text lacks:

1. the query as written, with no home instrument;
2. an instrument named anywhere in it, by an alias of the registry or by its
   code (``article 52 BBNJ``, ``UNCLOS article 76``): the rest read with that
   instrument as home;
3. still unresolved, every instrument of the registry in turn as home; the
   targets that the store holds are the candidates (``Article 19.3(g)`` is an
   article of the one instrument whose graph has it);
4. a bare symbol (``A/RES/70/1``) as the document it names, else as the act
   it names, read after each act kind of ``identifiers.ACT_KINDS``
   ("resolution A/RES/70/1").

The caller keeps the candidates the store knows (:func:`read_citation` takes
an ``exists`` test) and sends the reader to the one, or lists several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .. import identifiers as ids
from ..ingest.cite import find_all
from ..ingest.cite.common import Lexicon, find_names
from ..ingest.layouts import segment_as
from ..ingest.resolve import resolve
from ..registry import Registry

#: A query longer than this is text, never a citation.
MAX_CITATION_CHARS = 120
_SYMBOL = re.compile(r"^[A-Z]{1,8}(?:/[A-Za-z0-9.\-]+){2,}$")


@dataclass
class CitationReading:
    """What a query cites: candidate URIs (most specific mention last), and what was read."""

    targets: list[str] = field(default_factory=list)
    quote: str = ""
    kind: str = ""


class _Reader:
    """One query segmented once (the ``generic`` layout: a query is one paragraph), its
    mentions found once, resolved in as many contexts as needed."""

    def __init__(self, text: str, registry: Registry, base: str):
        self.registry, self.base = registry, base
        try:
            self.seg = segment_as(text, "generic")
            self.found = find_all(self.seg, Lexicon(registry, None))
        except Exception:  # noqa: BLE001 - a query is not a document: a grammar failure means "not a citation"
            self.seg, self.found = None, None

    @property
    def mentions(self) -> list:
        return self.found.raws if self.found is not None else []

    def resolved(self, home: str | None) -> list:
        if not self.mentions:
            return []
        try:
            found = resolve(self.found, self.seg, Lexicon(self.registry, home), self.registry, home, self.base)
        except Exception:  # noqa: BLE001
            return []
        return [m for m in found if m.target_uri]


def _last(mentions) -> tuple[str, str, str]:
    """The most specific target of a reading: the last resolved mention (``1/CP.21, paragraph 53``)."""
    m = mentions[-1]
    return m.target_uri, m.text, m.kind


def _sentence_case(text: str) -> str:
    """A query as the start of a sentence (``article 52`` -> ``Article 52``): grammars read
    the capital a citation has in running text."""
    return text[:1].upper() + text[1:]


def _named_instruments(q: str, registry: Registry) -> list[tuple[int, int, str]]:
    """``(start, end, code)`` of each instrument named in ``q``: by an alias of the registry,
    or by its code as a word (``BBNJ``, ``UNCLOS``)."""
    named = [(n.start, n.end, n.inst) for n in find_names(q, Lexicon(registry, None)) if n.inst]
    codes = set(registry.instruments())
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9-]*", q):
        code = m.group().lower()
        if code in codes and not any(a <= m.start() < b for a, b, _ in named):
            named.append((m.start(), m.end(), code))
    return named


def read_citation(query: str, registry: Registry, exists: Callable[[str], bool],
                  base: str = ids.DEFAULT_BASE) -> CitationReading | None:
    """The resources ``query`` cites that ``exists`` accepts, or None when it is not a citation."""
    q = _sentence_case(" ".join(query.split()))
    if not q or len(q) > MAX_CITATION_CHARS:
        return None
    if _SYMBOL.match(q):
        try:
            uri = ids.mint(ids.Document(ids.symbol_to_path(q)), base)
        except ids.IdentifierError:
            uri = None
        if uri and exists(uri):
            return CitationReading([uri], q, "document")
        for kind in sorted(ids.ACT_KINDS):  # an act's symbol (A/RES/70/1), read as the grammars read "resolution A/RES/70/1"
            found = _Reader(f"{kind.capitalize()} {q}", registry, base).resolved(None)
            if found and exists(_last(found)[0]):
                return CitationReading([_last(found)[0]], q, "act")
    reader = _Reader(q, registry, base)
    resolved = reader.resolved(None)
    if resolved:
        uri, quote, kind = _last(resolved)
        if exists(uri):
            return CitationReading([uri], quote, kind)
    for a, b, inst in _named_instruments(q, registry):
        rest = _sentence_case((q[:a] + " " + q[b:]).strip(" ,;:"))
        found = _Reader(rest, registry, base).resolved(inst)
        if found:
            uri, _quote, kind = _last(found)
            if exists(uri):
                return CitationReading([uri], q, kind)
    if not reader.mentions:
        return None
    # A citation naming no instrument: whichever instruments' graphs hold it.
    candidates: list[str] = []
    quote, kind = q[reader.mentions[-1].start:reader.mentions[-1].end], reader.mentions[-1].kind
    for inst in registry.instruments():
        found = reader.resolved(inst)
        if found:
            uri = _last(found)[0]
            if uri not in candidates and exists(uri):
                candidates.append(uri)
    return CitationReading(candidates, quote, kind) if candidates else None


__all__ = ["CitationReading", "read_citation", "MAX_CITATION_CHARS"]
