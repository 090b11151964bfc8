"""``finditer`` of a grammar's pattern over a part of a document, at the cost of the few places it can match.

The grammars run each of their patterns over every citable part of a document
(``pattern.finditer(text, lo, hi)``: thousands of parts in a decision
compilation). Most patterns start with a look-behind (``(?<![A-Za-z])Article``),
which keeps ``re`` from skipping ahead to a literal: it tries the pattern at
every position of every part, 30-150 ns a character per pattern.

:func:`finditer` gives the same matches, in the same order. The pattern is read
with ``re._parser``; its *heads* are the sequences of regex atoms one of which
starts every match (``Article``, ``[Dd]ecision`` as ``D…``/``d…``,
``the\\s+annex``; each atom matches at least what the pattern's character
there does). Their places in the document are found once (``str.find`` of
their leading literal and the head's regex there; else a trie regex of the
heads), as a sorted list; a part's scan tries ``pattern.match(text, p, hi)`` at
those places only, in order, going on after each match's end as ``finditer``
does. A place holding no head cannot start a match, so none is missed;
``match`` at a place is what ``search`` tries there (the look-behind sees the
text before it, ``endpos`` bounds it the same way). A part holding no head
costs a bisection.

A pattern whose heads start with a class or with many different characters
is found through a *needle* instead: strings one of which every match holds
(``/CMA.``, ``Convention``…). A part holding none is not scanned; a part
holding one is scanned by ``re`` as before. A pattern with neither is always
scanned by ``re``. ``whole``/``offset`` scan a part cut out of its document as
a string of its own, its places looked up in the document; :class:`Group`
tells whether any of several patterns may match in a part at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from re import _constants as C
from re import _parser

from .common import _trie_regex

#: heads are cut after this many atoms (long enough to be rare in a text, short enough to stay few)
_HEAD_ATOMS = 12
#: at most this many heads (a class at the start multiplies them): more and the shorter ones are kept
_MAX_HEADS = 64
#: a character class starting a head is expanded into its characters when it has at most this many
#: (a literal first character lets ``re`` skip to the positions holding one)
_MAX_CLASS = 26
#: texts shorter than this are scanned by ``re`` directly (no index worth keeping)
_SHORT_TEXT = 2048

_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}

Head = tuple  # regex atoms, each matching (at least) what the pattern's character there matches


def _class_chars(items) -> list[str] | None:
    """The characters of a class (None: negated, a category, or more than ``_MAX_CLASS``)."""
    chars: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            chars.append(chr(av))
        elif op is C.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars += [chr(c) for c in range(av[0], av[1] + 1)]
        else:
            return None
        if len(chars) > _MAX_CLASS:
            return None
    return chars


def _class_atom(items) -> str | None:
    """The class as regex text (None: something this does not rebuild)."""
    out = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is C.RANGE:
            out.append(re.escape(chr(av[0])) + "-" + re.escape(chr(av[1])))
        elif op is C.NEGATE:
            out.append("^")
        elif op is C.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None
    return "[" + "".join(out) + "]"


def _char_atom(op, av) -> str | None:
    """One character of the pattern as an atom: a literal or a class (None: anything else)."""
    if op is C.LITERAL:
        return re.escape(chr(av))
    if op is C.IN:
        return _class_atom(av)
    return None


def _quantifier(low: int, high: int) -> str:
    if (low, high) == (1, 1):
        return ""
    return "{%d,%s}" % (low, "" if high == C.MAXREPEAT else high)


def _data(sub):
    return sub.data if hasattr(sub, "data") else sub


def _extend(open_: set[Head], closed: set[Head], items) -> set[Head]:
    """Heads after the sequence ``items``: ``open_`` may still grow, ``closed`` (filled in) may not.

    Every match goes through one head of ``open_ | closed``: a head is closed wherever the walk
    cannot follow the pattern further (what it has is still a prefix of the match)."""
    for op, av in items:
        if not open_:
            break
        if op in _ZERO_WIDTH:
            continue  # checked by the full pattern at the position
        single = op is C.LITERAL or op is C.IN
        if single or (op in _REPEATS and len(_data(av[2])) == 1 and _data(av[2])[0][0] in (C.LITERAL, C.IN)):
            sub_op, sub_av = (op, av) if single else _data(av[2])[0]
            low, high = (1, 1) if single else av[:2]
            atom = _char_atom(sub_op, sub_av)
            starting = {h for h in open_ if not h}
            grown: set[Head] = set()
            if open_ - starting:
                if atom is None:
                    closed |= open_ - starting
                else:
                    grown |= {h + (atom + _quantifier(low, high),) for h in open_ - starting}
            if starting:  # the first character: literal(s) where it can, so that re can skip ahead
                if low == 0:  # an optional start ("<?"): the head may begin after it
                    grown.add(())
                    low = 1
                chars = [chr(sub_av)] if sub_op is C.LITERAL else _class_chars(sub_av)
                if chars is not None and (high == 1 or atom is not None):
                    more = "" if high == 1 else _quantifier(low - 1, high if high == C.MAXREPEAT else high - 1)
                    grown |= {(re.escape(c),) + ((atom + more,) if more else ()) for c in chars}
                elif atom is not None:
                    grown.add((atom + _quantifier(low, high),))
                else:
                    closed |= starting
            open_ = grown
            done = {h for h in open_ if len(h) >= _HEAD_ATOMS}
            closed |= done
            open_ -= done
            if len(open_) > _MAX_HEADS:
                closed |= open_
                return set()
        elif op is C.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                closed |= open_
                return set()
            open_ = _extend(open_, closed, _data(sub))
        elif op is C.BRANCH:
            out: set[Head] = set()
            for alt in av[1]:
                out |= _extend(set(open_), closed, _data(alt))
            open_ = out
            if len(open_) > _MAX_HEADS:
                closed |= open_
                return set()
        elif op in _REPEATS:
            low, high, sub = av
            turn = _extend(set(open_), closed, _data(sub))  # one turn
            if high == 1:
                open_ = (open_ | turn) if low == 0 else turn
            else:
                closed |= turn  # what follows may be another turn or the rest
                if low > 0:
                    return set()
        else:  # any other character (., a back reference, a condition): heads end here
            closed |= open_
            return set()
    return open_


def heads(pattern: re.Pattern) -> list[Head] | None:
    """Regex atoms one sequence of which starts every match of ``pattern`` (None: no such set)."""
    closed: set[Head] = set()
    closed |= _extend({()}, closed, _parser.parse(pattern.pattern, pattern.flags).data)
    if not closed or () in closed:
        return None
    return sorted(closed)


#: heads found by their leading literal text (str.find) when every head has one at least this long
_MIN_PREFIX = 3


def _literal_prefixes(found: list[Head]) -> list[str] | None:
    """The distinct leading literal strings of the heads, none a prefix of another (None: one is short)."""
    prefixes = set()
    for h in found:
        text = ""
        for atom in h:
            char = re.sub(r"\\(.)", r"\1", atom)
            if len(char) != 1 or (atom != re.escape(char)):
                break
            text += char
        if len(text) < _MIN_PREFIX:
            return None
        prefixes.add(text)
    # "Decision" finds "Decisions": keep the shortest of nested ones, so each place is listed once
    return sorted(p for p in prefixes if not any(q != p and p.startswith(q) for q in prefixes))


#: a pattern whose heads start with more distinct characters than this is found through a needle instead
_MAX_FIRSTS = 8


def _fixed(items) -> set[str] | None:
    """The strings a sequence of items matches when it is made of literals and small classes only."""
    out = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is C.LITERAL:
            alts = {chr(av)}
        elif op is C.IN:
            chars = _class_chars(av)
            alts = set(chars) if chars is not None and len(chars) <= 4 else None
        elif op is C.SUBPATTERN and not (av[1] or av[2]):
            alts = _fixed(_data(av[3]))
        elif op is C.BRANCH:
            alts = set()
            for alt in av[1]:
                sub = _fixed(_data(alt))
                if sub is None:
                    return None
                alts |= sub
        else:
            return None
        if alts is None or len(out) * len(alts) > _MAX_HEADS:
            return None
        out = {a + b for a in out for b in alts}
    return out


def _required(items) -> list[set[str]]:
    """Sets of strings, one of each set being inside every match of ``items`` (runs of fixed items)."""
    found: list[set[str]] = []
    run = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        alts = _fixed([(op, av)])
        if alts is not None and len(run) * len(alts) <= _MAX_HEADS:
            run = {a + b for a in run for b in alts}
            continue
        if run != {""}:
            found.append(run)
        run = {""}
        if op is C.SUBPATTERN and not (av[1] or av[2]):
            found += _required(_data(av[3]))
        elif op in _REPEATS and av[0] >= 1:
            found += _required(_data(av[2]))
    if run != {""}:
        found.append(run)
    return found


def needles(pattern: re.Pattern) -> list[str] | None:
    """Strings one of which every match of ``pattern`` holds (the longest such set found), or None."""
    best = None
    for strings in _required(_parser.parse(pattern.pattern, pattern.flags).data):
        shortest = min(len(x) for x in strings)
        if shortest == 1 and any(x.isalnum() or x.isspace() for x in strings):
            continue  # a letter, a digit or a space is in every part
        if shortest and (best is None or (shortest, -len(strings)) > (min(map(len, best)), -len(best))):
            best = strings
    return None if best is None else sorted(best)


class Scanner:
    """One pattern's document scans (see the module docstring); keeps the head positions of the last two
    texts (a document read part by part, and perhaps a part cut out of it)."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        found = heads(pattern)
        #: found through a needle: a part is scanned by re when one of the needles is inside it
        self.needle = False
        if found is None or len({h[0] for h in found}) > _MAX_FIRSTS or any(h[0].startswith("[") for h in found):
            inside = needles(pattern)
            if inside is not None:
                found, self.needle = [tuple(re.escape(c) for c in x) for x in inside], True
        # a trie of literals: re skips to the positions holding one of their first characters
        self.heads = None if found is None else re.compile(
            _trie_regex([list(h) for h in found]), pattern.flags & re.IGNORECASE)
        #: the heads' leading literal strings, when each has one of _MIN_PREFIX characters or more: their
        #: places are found with str.find (far faster than re's scan), a superset of the heads' places
        self.prefixes = None if found is None or pattern.flags & re.IGNORECASE else _literal_prefixes(found)
        self._indexed: list[tuple[str, list[int]]] = []  # the last two texts: a document and a part of it
        self._last: tuple[str | None, list[int]] = (None, [])

    def positions(self, text: str) -> list[int]:
        """Every offset of ``text`` where a head starts (overlapping ones included), sorted."""
        if self._last[0] is text:
            return self._last[1]
        for t, at in self._indexed:
            if t is text:
                break
        else:
            at = []
            if self.prefixes is not None:
                match = self.heads.match
                for prefix in self.prefixes:
                    # the whole head: "Part" also starts "Parties"
                    at += [k for k in occurrences(text, prefix) if match(text, k)]
                at.sort()
            else:
                search = self.heads.search
                h = search(text)
                while h is not None:
                    at.append(h.start())
                    h = search(text, h.start() + 1)
            self._indexed = [(text, at)] + self._indexed[:1]
        self._last = (text, at)
        return at

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, whole: str | None = None,
                 offset: int = 0) -> list[re.Match]:
        """The matches of ``pattern.finditer(text, pos, endpos)``, as a list.

        ``whole``/``offset``: ``text`` is ``whole[offset:offset + len(text)]`` (a part cut out of its
        document, scanned as a string of its own); the heads are looked up in ``whole``, once per document."""
        end = len(text) if endpos is None or endpos > len(text) else endpos
        indexed = text if whole is None else whole
        if self.heads is None or len(indexed) < _SHORT_TEXT:
            return list(self.pattern.finditer(text, pos, end))
        at = self._last[1] if self._last[0] is indexed else self.positions(indexed)
        i, n = bisect_left(at, pos + offset), len(at)
        if i == n or at[i] - offset >= end:
            return _NONE
        if self.needle:  # a needle in the part: re scans it
            return list(self.pattern.finditer(text, pos, end))
        out: list[re.Match] = []
        match = self.pattern.match
        while i < n:
            p = at[i] - offset
            if p >= end:
                break
            i += 1
            if p < pos:
                continue  # inside the last match
            m = match(text, p, end)
            if m is not None:
                out.append(m)
                pos = m.end()
        return out


_OCCURRENCES: list = [None, {}]  # the last text, and its literal -> offsets


def occurrences(text: str, literal: str) -> list[int]:
    """Every offset of ``literal`` in ``text`` (overlapping ones included), sorted; kept for the last text
    (the patterns of a grammar share leading words: "Article", "decision", "the")."""
    if _OCCURRENCES[0] is not text:
        _OCCURRENCES[:] = [text, {}]
    found = _OCCURRENCES[1].get(literal)
    if found is None:
        if any(literal[:k] == literal[-k:] for k in range(1, len(literal))):  # "aa": occurrences may overlap
            found, k = [], text.find(literal)
            while k >= 0:
                found.append(k)
                k = text.find(literal, k + 1)
        else:
            found = [m.start() for m in re.finditer(re.escape(literal), text)]
        _OCCURRENCES[1][literal] = found
    return found


_NONE: tuple = ()
#: by the pattern's id (hashing a compiled pattern hashes its code): the pattern is kept beside its scanner
_SCANNERS: dict[int, Scanner] = {}


def scanner(pattern: re.Pattern) -> Scanner:
    s = _SCANNERS.get(id(pattern))
    if s is None or s.pattern is not pattern:
        s = _SCANNERS[id(pattern)] = Scanner(pattern)
    return s


def any_in(pattern: re.Pattern, text: str, lo: int, hi: int) -> bool:
    """False when ``pattern`` cannot match in ``text[lo:hi]`` (no head or needle of it starts there)."""
    s = _SCANNERS.get(id(pattern))
    if s is None or s.pattern is not pattern:
        s = scanner(pattern)
    if s.heads is None or len(text) < _SHORT_TEXT:
        return True
    at = s._last[1] if s._last[0] is text else s.positions(text)
    i = bisect_left(at, lo)
    return i < len(at) and at[i] < hi


class Group:
    """Several patterns scanned over the same parts: whether any of them may match in a part at all."""

    def __init__(self, patterns: list[re.Pattern]):
        self.patterns = list(patterns)
        self._ids = frozenset(id(p) for p in self.patterns)
        self._text: str | None = None
        self._at: list[int] = []
        self._who: list[int] = []  # beside each place of _at, the id of the pattern starting there

    def any_in(self, text: str, lo: int, hi: int) -> bool:
        """False when none of the patterns can match in ``text[lo:hi]`` (a head or needle of each is
        needed there); True otherwise."""
        if not self._index(text):
            return True
        i = bisect_left(self._at, lo)
        return i < len(self._at) and self._at[i] < hi

    def _index(self, text: str) -> bool:
        """The places of every pattern in ``text``, found once (False: a pattern has none to find)."""
        if len(text) < _SHORT_TEXT:
            return False
        if self._text is not text:
            scanners = [scanner(p) for p in self.patterns]
            if any(s.heads is None for s in scanners):
                return False
            k = len(scanners)  # a place and the scanner's index in one int: sorted faster than pairs
            placed = sorted(p * k + i for i, s in enumerate(scanners) for p in s.positions(text))
            ids = [id(s.pattern) for s in scanners]
            self._text, self._at, self._who = text, [x // k for x in placed], [ids[x % k] for x in placed]
        return True

    def focus(self, text: str, lo: int, hi: int) -> bool:
        """Like :meth:`any_in`; and until the next focus, :func:`finditer` of one of the patterns over
        ``text`` within ``lo``-``hi`` returns at once when the pattern has no head or needle there (what
        its own scan would find out after a bisection, for each of the patterns a grammar runs)."""
        if not self._index(text):
            _FOCUS[:] = [None, 0, 0, _NO_IDS]
            return True
        i, j = bisect_left(self._at, lo), bisect_left(self._at, hi)
        _FOCUS[:] = [text, lo, hi, self._ids.difference(self._who[i:j])]
        return i < j


_NO_IDS: frozenset = frozenset()
#: the part a grammar reads (:meth:`Group.focus`): text, lo, hi, and the ids of its group's patterns
#: that have no place in it
_FOCUS: list = [None, 0, 0, _NO_IDS]


def finditer(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None, whole: str | None = None,
             offset: int = 0) -> list[re.Match]:
    """The matches of ``pattern.finditer(text, pos, endpos)``, found at the positions of its heads
    (see :meth:`Scanner.finditer`)."""
    focus = _FOCUS
    if id(pattern) in focus[3] and focus[0] is text and whole is None and pos >= focus[1] \
            and endpos is not None and endpos <= focus[2]:
        return _NONE  # none of its places is in the part read (see Group.focus)
    s = _SCANNERS.get(id(pattern))
    if s is None or s.pattern is not pattern:
        s = scanner(pattern)
    return s.finditer(text, pos, endpos, whole, offset)


__all__ = ["any_in", "finditer", "heads", "needles", "scanner", "Group", "Scanner"]
