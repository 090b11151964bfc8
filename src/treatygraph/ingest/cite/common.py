"""What the citation grammars share: the mention model, the lexicon, number tokens.

A grammar (``zh.py``, ``en.py``) finds *raw mentions*: spans of text with the
fields a citation is made of (an attached instrument or body qualifier, the
type word, the number as written, a document symbol, paragraph numbers). It
also reports *names* (an instrument or body named without a number) because
the resolver needs them as context. Nothing here decides a URI: that is
``ingest.resolve``.

The lexicon is built from the registry (instrument names and aliases,
context-dependent short names, body names, target schemes); the grammars know
only generic words (第/条/段/决定/决议/Article/decision/Resolution/...).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from re._casefix import _EXTRA_CASES  # the characters re.IGNORECASE equates beyond lower-casing
from dataclasses import dataclass, field
import weakref

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from ... import identifiers
from ...registry import Registry, normalise_alias


@dataclass(eq=False)
class Raw:
    """A citation found by a grammar, before resolution.

    ``kind``: ``article``, ``act``, ``document``, ``paragraph``, ``target``, ``instrument-part``,
    ``instrument`` (an instrument named by its title alone).
    ``parent`` is, for a later item of a coordinated list, the list's first
    item (whose qualifier and parent it shares); ``None`` otherwise.
    """

    start: int
    end: int
    kind: str
    inst: str | None = None          # instrument code from an attached qualifier
    short: str | None = None         # normalised short name (《条约》, the Convention)
    body: str | None = None          # normalised body alias (管理机构, COP)
    act_kind: str | None = None      # decision / resolution / recommendation
    number: str | None = None        # act number as written (XI/6, Conf. 10.4)
    steps: tuple[str, ...] = ()      # article steps ("19", "3", "g")
    symbol: str | None = None        # document symbol as written
    para: str | None = None          # paragraph path form ("42.d")
    scheme: str | None = None        # target scheme code
    parent: "Raw | None" = None      # the first item of the list this item belongs to
    ibid: bool = False
    incomplete: str | None = None    # why the reference cannot be resolved
    part_steps: tuple = ()           # a part of an instrument's text: (("part", "XI"),), (("annex", "I"),)
    warnings: list[str] = field(default_factory=list)
    annex: str | None = None         # an act's annex as printed ("I"; "1" for a sole annex)
    of: "Raw | None" = None          # a paragraph's act or document, written beside it
    internal: bool = False           # "paragraph 5 above", "this decision": within the citing act
    anaphor: str | None = None       # "that decision", "the same document": the kind referred back to
    series: bool = False             # a meeting-document symbol without a root ("CoP18 Doc. 12")


@dataclass
class Name:
    """An instrument, short name or body named in the text (context for the resolver)."""

    start: int
    end: int
    inst: str | None = None
    short: str | None = None
    body: str | None = None
    scheme: str | None = None
    #: the title of an instrument, framework or scheme the registry does not know, as written
    #: ("the Paris Agreement", "《巴黎协定》"): it qualifies like a name, and resolves to nothing
    unknown: str | None = None

    @property
    def head(self) -> str | None:
        """The type noun of an unknown title (``convention``, ``agreement``, ``公约``…)."""
        if not self.unknown:
            return None
        m = re.search(TITLE_HEADS + r"|公约|协定|议定书|条约|框架", self.unknown, re.IGNORECASE)
        return m.group().lower() if m else None


@dataclass
class Found:
    raws: list[Raw]
    names: list[Name]


# ---------------------------------------------------------------- numbers

_ROMAN = r"(?:[IVXLC]{1,6})"
#: An act number as MEAs write them (the resolver checks it against the
#: registry's numbering rules): Conf. 10.4 (Rev. CoP17), 8.11, IX.5,
#: NP-1/1, XI/6, 14/30, 8/2011, 1/CP.21, 30 COM 6, 33 COM 5C.
ACT_NUMBER = (
    r"(?:"
    r"\d{1,3}\s+COM\s+\d+[A-Z]{0,3}(?:\.[A-Z0-9]{1,3})*"
    r"|\d{1,3}\s?/\s?(?:CP|CMP|CMA|COP)\.\s{0,2}\d{1,3}"
    r"|[A-Z]{1,5}-(?:" + _ROMAN + r"|\d{1,3})/\d{1,3}"
    r"|(?:" + _ROMAN + r"|\d{1,3})/\s?\d{1,4}"
    r"|(?:[IVXLC]+1[IVXLC]*|1[IVXLC]+)/\s?\d{1,4}"  # a Roman I extracted as 1: X1/8
    r"|(?:Conf\.\s*)?\d{1,3}\.\d{1,3}(?:\s*\(Rev\.\s*CoP\s*\d{1,3}\))?"
    r"|" + _ROMAN + r"\.\d{1,3}"
    r")(?![A-Za-z0-9/])"
)

#: A paragraph number: 42, 42(d), 4.2.
PARA_NUMBER = r"\d{1,3}(?:\.\d{1,3})?(?:\s*\(\s*[a-z]{1,2}\s*\))?"


#: A paragraph number with a range of points: 17(g–j), 17(g)–(j).
PARA_LETTER_RANGE = r"\d{1,3}(?:\.\d{1,3})?\s*\(\s*[a-z]\s*(?:\)\s*)?[–—-]\s*\(?\s*[a-z]\s*\)"
_LETTER_RANGE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*\(\s*([a-z])\s*(?:\)\s*)?[–—-]\s*\(?\s*([a-z])\s*\)\s*")


def para_path(written: str) -> str:
    """``'42(d)' -> '42.d'``, ``'4.2' -> '4.2'``; a range of points gives its first (``'17(g–j)' -> '17.g'``)."""
    return para_paths(written)[0]


def para_paths(written: str) -> list[str]:
    """``'17(g–j)' -> ['17.g', '17.h', '17.i', '17.j']``; any other number gives one path."""
    r = _LETTER_RANGE.fullmatch(written)
    if r and r.group(2) < r.group(3) and ord(r.group(3)) - ord(r.group(2)) <= 12:
        return [f"{r.group(1)}.{chr(c)}" for c in range(ord(r.group(2)), ord(r.group(3)) + 1)]
    # "(2) (j)": a paragraph number in brackets; "4 (b) (i)": a point's sub-point
    m = re.fullmatch(r"\s*(?:(\d+(?:\.\d+)?)|\(\s*(\d{1,3})\s*\))\s*(?:\(\s*([a-z]{1,2})\s*\))?"
                     r"(?:\s*\(\s*([ivx]{1,4})\s*\))?\s*", written)
    if not m:
        return [written.strip()]
    return [".".join(x for x in (m.group(1) or m.group(2), m.group(3), m.group(3) and m.group(4)) if x)]


def _range_tail(written: str) -> int:
    """Offset in ``written`` where a range of points continues after its first point (the dash)."""
    k = re.search(r"[–—-]", written)
    return k.start() if k else len(written)


def add_paragraph_list_items(m: re.Match, first: "Raw", add, items: re.Pattern, range_sep: str,
                              ibid: bool) -> None:
    """The later items of a paragraph list whose first item is ``first``.

    ``m`` matched the whole list with groups ``first`` and ``more``; ``items``
    finds each later item (groups ``sep`` and ``n``) in ``more``. A range
    (``3 to 5``, ``3 至 5``) also adds the numbers between its ends, each spanning
    from the range word to the last number.
    """
    def points(written: str, at: int) -> None:  # "17(g–j)": the points after the first, quoting the range
        for p in para_paths(written)[1:]:
            add(Raw(at + _range_tail(written), at + len(written), "paragraph", para=p, parent=first, ibid=ibid))

    prev_n = m.group("first")
    points(prev_n, m.start("first"))
    for im in items.finditer(m.group("more") or ""):
        a = m.start("more") + im.start("n")
        n = im.group("n")
        sep = im.group("sep")
        if n.startswith("("):  # "paragraphs 2 (a) and (c)": another point of the paragraph before
            base = re.match(r"\d+(?:\.\d+)?", prev_n)
            prev_path = para_path(prev_n)
            if re.fullmatch(r"[^.]+\.[a-z]{1,2}\.[ivx]{1,4}", prev_path) and re.fullmatch(r"\(\s*[ivx]{1,4}\s*\)", n):
                # "77(d)(ii) and (iii)": another sub-point of the same point
                add(Raw(a, a + len(n), "paragraph", para=prev_path.rsplit(".", 1)[0] + "." + n.strip("() "),
                        parent=first, ibid=ibid))
            elif base is not None:
                add(Raw(a, a + len(n), "paragraph", para=f"{base.group()}.{n.strip('() ')}", parent=first, ibid=ibid))
            continue
        if re.fullmatch(range_sep, sep) and prev_n.isdigit() and n.isdigit():
            sep_at = m.start("more") + im.start("sep") + (len(sep) - len(sep.lstrip()))
            for k in range(int(prev_n) + 1, int(n)):
                add(Raw(sep_at, a + len(n), "paragraph", para=str(k), parent=first, ibid=ibid))
        add(Raw(a, a + len(n), "paragraph", para=para_path(n), parent=first, ibid=ibid))
        points(n, a)
        prev_n = n


def article_steps(number: str, point: str | None = None) -> tuple[str, ...]:
    """``('19.3', 'g') -> ('19', '3', 'g')``."""
    steps = tuple(s for s in number.split(".") if s)
    return steps + ((point,) if point else ())


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(s: str) -> int | None:
    """``'十九' -> 19``, ``'二十五' -> 25``, ``'一百零二' -> 102``; written digit by digit,
    ``'二八七' -> 287``; None if not a numeral."""
    if not s or any(c not in _CN_DIGITS and c not in "十百" for c in s):
        return None
    if len(s) > 1 and not any(c in "十百" for c in s):  # positional: 二八七, 二〇二三
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, current = 0, 0
    for c in s:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


# ---------------------------------------------------------------- symbols

#: Series roots of UN and MEA document symbols. A root that is one of these
#: with its first letter lost in extraction (NEP/ for UNEP/) is corrected.
SYMBOL_ROOTS = frozenset({
    "UNEP", "FCCC", "ICCD", "IT", "CBD", "CITES", "CMS", "WHC", "FAO", "UNESCO",
    "CGRFA", "UNDP", "IPBES", "GEF", "UNCCD", "A", "E", "CL", "C", "TD",
})
#: Words Chinese symbols write in Chinese; the URI keeps the English form.
SYMBOL_WORDS_ZH = {"报告": "Report", "增编": "Add.", "更正": "Corr.", "修订": "Rev."}

_SEG = r"[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?"
SYMBOL = (
    r"(?=[A-Z])"  # every symbol starts with a capital: re fails fast at every other place
    r"(?<![A-Za-z0-9/.\-])"
    # a one-letter root only for the General Assembly's and ECOSOC's series ("A/78/220", "A/CONF.232/2023/4")
    r"(?:[A-Z]{2,8}|[AE](?=/(?:\d{2,3}/|CONF\.|AC\.|C\.\d)))(?:/" + _SEG + r"(?:\s\d{1,3}(?=/))?){2,}"
    r"(?:/(?:报告|增编\d*|更正\d*|修订\d*))?"
    r"(?![A-Za-z0-9/])"
)

URL = re.compile(r"<?(?:https?://|www\.)[^\s<>，。；、）)]+>?")


def url_spans(text: str, whole: str | None = None, offset: int = 0) -> list[tuple[int, int]]:
    """Spans of web addresses in ``text`` (``whole``/``offset``: see :func:`.scan.finditer`)."""
    return [(m.start(), m.end()) for m in _scan(URL, text, whole=whole, offset=offset)]


# ---------------------------------------------------------------- lexicon


def alias_pattern(alias: str) -> str:
    """A regular expression for a normalised alias: spaces match any whitespace run."""
    parts = [re.escape(p) for p in alias.split(" ")]
    body = r"\s*".join(parts)
    if re.match(r"[A-Za-z0-9]", alias[0]):
        body = r"(?<![A-Za-z0-9])" + body
    if re.match(r"[A-Za-z0-9]", alias[-1]):
        body = body + r"(?![A-Za-z0-9])"
    return body


def _folded(c: str) -> list[str]:
    """The characters of a lower-cased text that ``re.IGNORECASE`` equates with ``c``."""
    low = c.lower()
    if len(low) != 1:
        return [c]
    return [low, *map(chr, _EXTRA_CASES.get(ord(low), ()))]


def _folded_atom(c: str) -> str:
    chars = _folded(c)
    return re.escape(chars[0]) if len(chars) == 1 else "[" + "".join(map(re.escape, chars)) + "]"


def _trie_regex(seqs: list[list[str]]) -> str:
    """One regular expression for the alternatives ``seqs`` (lists of regex atoms), as a trie:
    the same strings match, but each position is tried against the distinct next atoms only."""
    trie: dict = {}
    for atoms in seqs:
        node = trie
        for a in atoms:
            node = node.setdefault(a, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [a + emit(child) for a, child in sorted(node.items()) if a]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 or "" in node else branches[0]
        return body + "?" if "" in node else body

    return emit(trie)


_LAST_LOWERED: list = [None, ""]


def _lowered(text: str) -> str:
    """``text.lower()``, kept for the last text: a document is scanned part by part (``pos``, ``endpos``),
    and lowering the whole of it for each part made the scans quadratic."""
    if _LAST_LOWERED[0] is not text:
        _LAST_LOWERED[:] = [text, text.lower()]
    return _LAST_LOWERED[1]


#: a key starting with one of these has a look-behind (see ``alias_pattern``)
_SEPARATED = re.compile(r"[A-Za-z0-9]")
#: heads starting with this many different characters or fewer are found by their first character
_FEW_FIRSTS = 8


def _starts(search, text: str) -> list[int]:
    """Every offset where ``search`` finds a match starting (overlapping ones included)."""
    at: list[int] = []
    h = search(text)
    while h is not None:
        at.append(h.start())
        h = search(text, h.start() + 1)
    return at


class AliasPattern:
    """An alternation of many aliases that scans like one regular expression, in a fraction of the time.

    Python's ``re`` tries every alternative at every position of the text (the
    aliases start with a look-behind and ignore case, so it cannot skip ahead).
    Here the aliases' distinct first words, as a trie matched case-sensitively
    against the lower-cased text, find the positions where one may start; the
    full alternation is tried there only. The matches are the ones ``finditer``
    of the full pattern gives (same order, same priority): every match starts
    with a head, and the heads' pattern accepts every character ``re.IGNORECASE``
    would (``_folded``; a text whose lower-casing changes its length is scanned
    with the heads' case-insensitive trie instead).
    """

    def __init__(self, keys: list[str]):
        self.full = re.compile("|".join(f"(?:{alias_pattern(k)})" for k in keys), re.IGNORECASE)
        heads = sorted({self._head(k) for k in keys})
        # a literal first character in every alternative lets re skip to the positions holding one
        self.heads_folded = re.compile(_trie_regex([[re.escape(first)] + atoms[1:] for h in heads
                                                    for atoms in [self._atoms(h, _folded_atom)]
                                                    for first in _folded(h[0][0])]))
        self.heads = re.compile(_trie_regex([self._atoms(h, re.escape) for h in heads]), re.IGNORECASE)
        # A key starting with a letter or digit has a look-behind: in a lower-cased text it can only start
        # after a character other than [a-z0-9] (or at 0). When the heads start with many different letters,
        # looking for that character first lets re skip the letters of every word, instead of trying the
        # heads at most of them.
        separated = [h for h in heads if _SEPARATED.match(h[0][0])]
        if len({c for h in separated for c in _folded(h[0][0])}) <= _FEW_FIRSTS:
            separated = []
        others = [h for h in heads if h not in separated]
        self._after_separator = re.compile(r"[^a-z0-9](?=" + self._folded_trie(separated) + ")") if separated else None
        self._other_heads = re.compile(self._folded_trie(others)) if others else None
        # The alternation tried at a place is that of the keys whose first character can be the one there
        # (in the same order: the first alternative matching there is the same), not all of them.
        groups: dict[str, list[str]] = {}
        for k in keys:
            for c in dict.fromkeys(_folded(k[0])):
                groups.setdefault(c, []).append(k)
        self._by_first = {c: re.compile("|".join(f"(?:{alias_pattern(k)})" for k in ks), re.IGNORECASE).match
                          for c, ks in groups.items()}
        self.pattern = self.full.pattern
        self._indexed: str | None = None
        self._at: list[int] = []
        self._lowered: str | None = None  # the indexed text lower-cased, when that keeps its length

    @classmethod
    def _folded_trie(cls, heads) -> str:
        """The heads as a trie matched case-sensitively against a lower-cased text (see ``_folded``)."""
        return _trie_regex([[re.escape(first)] + atoms[1:] for h in heads
                            for atoms in [cls._atoms(h, _folded_atom)] for first in _folded(h[0][0])])

    @staticmethod
    def _head(key: str) -> tuple[str, ...]:
        """What every match of ``key`` starts with: its first word, with the next one after a short word
        ("the convention", not "the", which starts a tenth of an English text's words)."""
        words = key.split(" ")
        return tuple(words[:2] if len(words) > 1 and len(words[0]) <= 3 else words[:1])

    @staticmethod
    def _atoms(words: tuple[str, ...], char) -> list[str]:
        """The head as regex atoms: ``char(c)`` for each character, ``\\s*`` between words."""
        atoms: list[str] = []
        for w in words:
            atoms += ([r"\s*"] if atoms else []) + [char(c) for c in w]
        return atoms

    def positions(self, whole: str) -> list[int]:
        """Every offset of ``whole`` where a head starts (overlapping ones included), kept for the last text."""
        if self._indexed is not whole:
            lowered = _lowered(whole)
            at: list[int] = []
            if len(lowered) == len(whole):  # one character for one: lowered[p - 1] is the look-behind's
                if self.heads_folded.match(lowered):
                    at.append(0)
                if self._after_separator is not None:
                    at += [m.end() for m in self._after_separator.finditer(lowered)]
                if self._other_heads is not None:
                    at += _starts(self._other_heads.search, lowered)
                    at = sorted(set(at))
            else:
                at = _starts(self.heads.search, whole)
            self._indexed, self._at = whole, at
            self._lowered = lowered if len(lowered) == len(whole) else None
        return self._at

    def _part_start(self, whole: str, p: int) -> bool:
        """Whether a head starts at ``p``, the first character of a part cut out of ``whole``, that
        :meth:`positions` left out: there the look-behind sees nothing before it."""
        if self._after_separator is None or self._lowered is None or p >= len(whole):
            return False  # every head's place is listed
        return p > 0 and self.heads_folded.match(self._lowered, p) is not None and _SEPARATED.match(
            self._lowered[p - 1]) is not None

    def any_in(self, whole: str, lo: int, hi: int) -> bool:
        """Whether a head starts in ``whole[lo:hi]`` read as a part (False: no alias can match there)."""
        at = self.positions(whole)
        i = bisect_left(at, lo)
        return (i < len(at) and at[i] < hi) or (lo < hi and self._part_start(whole, lo))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, whole: str | None = None,
                 offset: int = 0):
        end = len(text) if endpos is None else endpos
        if whole is not None:  # text is whole[offset:offset + len(text)]: heads looked up once in whole
            at = self.positions(whole)
            i, n = bisect_left(at, pos + offset), len(at)
            lowered, by_first, match = self._lowered, self._by_first, self.full.match
            if pos == 0 and end > 0 and self._part_start(whole, offset):  # the part's first character
                m = by_first.get(lowered[offset], match)(text, 0, end)
                if m is not None and m.end() > m.start():
                    yield m
                    pos = m.end()
            while i < n:
                p = at[i] - offset
                if p >= end:
                    return
                i += 1
                if p < pos:
                    continue
                if lowered is not None:
                    match = by_first.get(lowered[p + offset])
                    if match is None:
                        continue
                m = match(text, p, end)
                if m is not None and m.end() > m.start():
                    yield m
                    pos = m.end()
            return
        lowered = _lowered(text)
        folded = len(lowered) == len(text)
        if folded:
            search, scanned = self.heads_folded.search, lowered
        else:
            search, scanned = self.heads.search, text
        by_first, match = self._by_first, self.full.match
        while pos < end:
            head = search(scanned, pos, end)
            if head is None:
                return
            if folded:
                match = by_first.get(lowered[head.start()]) or self.full.match
            m = match(text, head.start(), end)
            if m is not None and m.end() > m.start():
                yield m
                pos = m.end()
            else:
                pos = head.start() + 1

    def __getattr__(self, name):  # search, match, ... of the full pattern
        return getattr(self.full, name)


#: Tables and patterns a Lexicon reads from a registry, computed once per registry object (a build
#: makes a Lexicon per document: walking the registry and compiling the alias patterns again each time
#: cost more than finding the citations of a short document).
_PER_REGISTRY: "weakref.WeakKeyDictionary[Registry, dict]" = weakref.WeakKeyDictionary()


def _per_registry(compute):
    """Like ``cached_property``, shared by every Lexicon of the same registry (none depends on ``home``)."""
    name = compute.__name__

    def get(self):
        mine = self.__dict__.setdefault("_seen", {})  # the grammars ask for these per part: no weakref lookup
        if name in mine:
            return mine[name]
        try:
            table = _PER_REGISTRY.setdefault(self.registry, {})
        except TypeError:  # a registry that cannot be weakly referenced: per Lexicon
            table = self.__dict__.setdefault("_tables", {})
        if name not in table:
            table[name] = compute(self)
        mine[name] = table[name]
        return table[name]

    get.__doc__ = compute.__doc__
    return property(get)


class Lexicon:
    """Names the grammars look for, from the registry (one source of truth)."""

    def __init__(self, registry: Registry, home: str | None = None):
        self.registry = registry
        self.home = home

    # Two lexicons of the same registry and home are the same lexicon: the grammars' patterns cached by
    # lexicon (``lru_cache``) are compiled once per registry and home, not again for every document.
    def __eq__(self, other) -> bool:
        return isinstance(other, Lexicon) and other.registry is self.registry and other.home == self.home

    def __hash__(self) -> int:
        return hash((id(self.registry), self.home))

    @_per_registry
    def instruments(self) -> dict[str, str]:
        return self.registry.instrument_aliases()

    @_per_registry
    def short_names(self) -> dict[str, frozenset[str]]:
        return self.registry.short_names()

    @_per_registry
    def bodies(self) -> dict[str, dict[str, str]]:
        """Normalised body alias -> {instrument: body code}."""
        out: dict[str, dict[str, str]] = {}
        for inst in self.registry.instruments():
            for alias, body in self.registry.body_aliases(inst).items():
                out.setdefault(alias, {})[inst] = body
        return out

    @_per_registry
    def parents(self) -> dict[str, str | None]:
        """Instrument code -> the instrument it supplements (``Registry.parent_instrument``), read once."""
        return {code: self.registry.parent_instrument(code) for code in self.registry.instruments()}

    def parent_instrument(self, code: str) -> str | None:
        """``Registry.parent_instrument`` from the table read once (an unknown code has none)."""
        return self.parents.get(code)

    def family(self, code: str) -> frozenset[str]:
        """``Registry.family`` from the table read once: ``code``, the instrument it supplements and the
        instruments supplementing either."""
        families = self.__dict__.setdefault("_families", {})
        found = families.get(code)
        if found is None:
            parents = self.parents
            top = parents.get(code) or code
            found = families[code] = frozenset({code, top} | {c for c, p in parents.items() if p == top})
        return found

    @_per_registry
    def rules(self) -> dict:
        """Instrument code -> its bodies' numbering rules (read once)."""
        codes = self.registry.instruments() + self.registry.act_issuers()
        return {code: self.registry.numbering_rules(code) for code in codes}

    @_per_registry
    def schemes(self) -> dict[str, str]:
        """Normalised target-scheme names (and their singular) -> scheme code."""
        out: dict[str, str] = {}
        g = self.registry.graph
        for s in set(g.subjects()):
            if not isinstance(s, URIRef):
                continue
            try:
                ref = identifiers.parse(str(s), self.registry.base)
            except identifiers.IdentifierError:
                continue
            code = getattr(ref, "scheme", None) if type(ref).__name__ == "TargetScheme" else None
            if code is None and isinstance(ref, identifiers.Entity) and identifiers.is_target_scheme(ref.code):
                code = ref.code
            if code is None:
                continue
            for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
                for o in g.objects(s, p):
                    out[normalise_alias(str(o))] = code
        return out

    def _regex(self, keys) -> AliasPattern | None:
        keys = sorted({k for k in keys if k}, key=len, reverse=True)
        if not keys:
            return None
        return AliasPattern(keys)

    @_per_registry
    def name_regex(self) -> AliasPattern | None:
        """Instrument aliases and short names, longest first.

        A full name read with its article ("the Convention on Biological Diversity")
        must win over the short name it starts with ("the Convention"): such names
        are also looked for with the article, as longer keys.
        """
        heads = {k.split(" ", 1)[1] for k in self.short_names if k.startswith("the ") and " " in k}
        with_article = ["the " + k for k in self.instruments
                        if " " in k and k.split(" ", 1)[0] in heads]
        return self._regex(list(self.instruments) + list(self.short_names) + with_article)

    def classify_name(self, surface: str) -> tuple[str | None, str | None]:
        """``(instrument code, None)`` for an alias, ``(None, short name)`` for a short name."""
        key = normalise_alias(surface)
        if key in self.instruments:
            return self.instruments[key], None
        if key.startswith("the ") and key[4:] in self.instruments and " " in key[4:]:
            return self.instruments[key[4:]], None
        if key in self.short_names:
            return None, key
        return None, None

    @_per_registry
    def body_regex(self) -> AliasPattern | None:
        return self._regex(self.bodies)

    @_per_registry
    def scheme_regex(self) -> AliasPattern | None:
        keys = set(self.schemes)
        keys |= {k[:-1] for k in self.schemes if k.endswith("targets")}
        return self._regex(keys)

    def scheme_of(self, surface: str) -> str | None:
        key = normalise_alias(surface)
        return self.schemes.get(key) or self.schemes.get(key + "s")


def acceptable_name(surface: str) -> bool:
    """Single-word ASCII aliases must be capitalised as names are (not 'cbd' in a URL)."""
    s = surface.strip()
    if re.fullmatch(r"[A-Za-z]+", s):
        return s[0].isupper()
    return True


#: Nouns that head the title of an instrument, framework or scheme.
TITLE_HEADS = r"(?:Convention|Agreement|Protocol|Treaty|Amendment|Accord|Framework|GBF|Covenant|Charter|Statute)"
_CAP = r"[A-Z][\w'’\-–]*"
#: capitalised words that open a sentence or point at the document's own instrument, not a title
_NOT_TITLE = r"(?!(?:This|That|These|Those|Such|Each|Any|Every|Said|Present|Other|Article|Decision)\b)"
_GLUE = r"(?:and|of|the|on|in|for|to|from|beyond|against|concerning|relating|especially|as|with|its|by)"
#: An English title: capitalised words ending in a head noun, then an optional complement
#: ("on the Conservation of Migratory Species of Wild Animals") that ends on a capitalised word.
_TITLE_EN = re.compile(
    # a title starts with "the " or a capital (a pre-word or the head): the look-ahead fails at every other
    # place before the costlier look-behind and optional groups are tried there
    r"(?=[A-Z]|the\s)(?<![\w'’\-])(?P<the>the\s+)?(?P<pre>(?:" + _NOT_TITLE + _CAP + r"[ \t]+){0,8}?)(?P<head>" + TITLE_HEADS
    + r")(?![\w\-])"
    r"(?P<comp>\s+(?:on|for|to|of|concerning|relating\s+to|under)\s+(?:" + _GLUE + r"\s+)*" + _CAP
    + r"(?:\s+(?:" + _GLUE + r"\s+)*" + _CAP + r")*)?"
)
_TITLE_ZH = re.compile(r"《[^《》\n]{2,80}》")


def unknown_titles(text: str, known: list[Name], whole: str | None = None, offset: int = 0) -> list[Name]:
    """Titles of instruments the registry does not know (see :attr:`Name.unknown`).

    A title is unknown when no registry name covers it up to its end: "the
    Convention on the Conservation of Migratory Species of Wild Animals" is not
    the short name "the Convention" followed by words. ``this Agreement`` and
    ``the present Convention`` name the document's own instrument: not titles.
    """
    ends = {}
    for n in known:
        if n.inst or n.short or n.scheme:
            ends.setdefault(n.end, []).append(n)
    out: list[Name] = []
    for m in _scan(_TITLE_EN, text, whole=whole, offset=offset):
        if not (m.group("the") or m.group("pre") or m.group("comp")):
            continue  # a bare "Agreement": a common noun, or "this Agreement"
        start = m.start() if m.group("the") else m.start("pre")
        if re.search(r"(?:[Tt]his|[Tt]hat|[Pp]resent|[Ss]aid)\s+$", text[max(0, start - 10):start]):
            continue
        if any(k.start >= start - 4 for k in ends.get(m.end(), [])):
            continue  # a registry name covers it to its end ("the Agreement" left here: a short name it lacks)
        out.append(Name(start, m.end(), unknown=re.sub(r"\s+", " ", text[start:m.end()])))
    for m in _TITLE_ZH.finditer(text):
        if any(k.start == m.start() for k in ends.get(m.end(), [])):
            continue
        out.append(Name(m.start(), m.end(), unknown=m.group()))
    return out


def _outside_titles(names: list[Name], titles: list[Name]) -> list[Name]:
    """``names`` less the registry names lying inside one of ``titles`` without being all of it; each name is
    checked against the titles starting between its end minus the longest title and its start only (a
    long part holds many of both)."""
    spans = sorted((u.start, u.end) for u in titles)
    starts = [a for a, _ in spans]
    longest = max(b - a for a, b in spans)

    def inside(n: Name) -> bool:
        return any(n.end <= b and (a, b) != (n.start, n.end)
                   for a, b in spans[bisect_left(starts, n.end - longest):bisect_right(starts, n.start)])

    return [n for n in names if not ((n.inst or n.short or n.scheme) and inside(n))]


def find_names(text: str, lex: Lexicon, whole: str | None = None, offset: int = 0) -> list[Name]:
    """Every instrument alias, short name and body alias in the text, and unknown titles.

    A registry name inside an unknown title ("the Convention" in "the Convention
    on the Conservation of Migratory Species …") is not a name of its own.
    ``whole``/``offset``: ``text`` is ``whole[offset:offset + len(text)]``, a part read as a string of
    its own; the patterns' heads are looked up once in ``whole`` (see :func:`.scan.finditer`).
    """
    names: list[Name] = []
    name_rx, body_rx, scheme_rx = lex.name_regex, lex.body_regex, lex.scheme_regex
    if whole is not None and len(whole) >= 2048:
        # a pattern none of whose heads starts in this part finds nothing in it (see AliasPattern.finditer)
        lo, hi = offset, offset + len(text)
        name_rx, body_rx, scheme_rx = (rx if rx is not None and rx.any_in(whole, lo, hi) else None
                                       for rx in (name_rx, body_rx, scheme_rx))
        if name_rx is None and body_rx is None and scheme_rx is None and "《" not in text \
                and not _scan_any_in(_TITLE_EN, whole, lo, hi):
            return names  # no name, no title can start in this part
    if name_rx is not None:
        for m in name_rx.finditer(text, whole=whole, offset=offset):
            if not acceptable_name(m.group()):
                continue
            inst, short = lex.classify_name(m.group())
            names.append(Name(m.start(), m.end(), inst=inst, short=short))
    if body_rx is not None:
        for m in body_rx.finditer(text, whole=whole, offset=offset):
            if acceptable_name(m.group()):
                names.append(Name(m.start(), m.end(), body=normalise_alias(m.group())))
    if scheme_rx is not None:
        for m in scheme_rx.finditer(text, whole=whole, offset=offset):
            names.append(Name(m.start(), m.end(), scheme=lex.scheme_of(m.group())))
    unknown = unknown_titles(text, names, whole, offset)
    if unknown:
        names = _outside_titles(names, unknown)
        names += unknown
    names.sort(key=lambda n: (n.start, -(n.end - n.start)))
    return names


def qualifier_before(names: list[Name], pos: int, text: str, gap: str = r"\s*") -> tuple[int, str | None, str | None, str | None]:
    """An instrument and/or body qualifier ending right before ``pos``.

    Returns ``(start, inst, short, body)``; ``start == pos`` when nothing is attached.
    """
    start, inst, short, body = pos, None, None, None
    by_end: dict[int, list[Name]] = {}
    for n in names:
        by_end.setdefault(n.end, []).append(n)

    def attached(end_at: int, want) -> Name | None:
        # skip whitespace backwards
        j = end_at
        while j > 0 and text[j - 1] in " \t\u3000":
            j -= 1
        cands = [n for n in by_end.get(j, []) if want(n)]
        return max(cands, key=lambda n: n.end - n.start) if cands else None

    b = attached(start, lambda n: n.body is not None)
    if b is not None:
        body, start = b.body, b.start
    i = attached(start, lambda n: n.inst is not None or n.short is not None)
    if i is not None:
        inst, short, start = i.inst, i.short, i.start
    return start, inst, short, body


from .scan import any_in as _scan_any_in, finditer as _scan  # noqa: E402  (scan reads _trie_regex from here)
