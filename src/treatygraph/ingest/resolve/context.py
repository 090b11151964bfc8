"""Context and names: what qualifies a mention, and which instrument the names around it make it.

A qualifier attached before the number (``《条约》``, ``CBD COP``, ``CITES``) or
following it (``of the Ramsar Convention``, ``of the COP-MOP to the Nagoya
Protocol``); a short name ("the Convention", ``《公约》``) read through the
document's own definitions, the home instrument, its family and the names the
document used most; the sentence's topic and the names before a mention; a
footnote's anchor. An unknown title never falls back to the home instrument:
the qualifier then says why the mention stays unresolved.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ...registry import normalise_alias
from ..cite.common import Name, Raw
from ..cite.scan import finditer as scan

_BOUNDARY = re.compile(r"[。！？；]|;\s|(?<![A-Z][a-z])(?<!Conf)(?<!No)\.\s+(?=[A-Z“\"(])|\n\s*\n(?=\s*\d+\.)|\n(?=#{1,6}\s)")
#: What may stand between a cited number and the instrument or body that follows it.
_FOLLOWING = re.compile(r"\s*,?\s*(?:of|in|under|to|adopted\s+by|from)\s+(?:the\s+)?")
#: between a body and the instrument it serves: "to the", and the "serving as the meeting of the Parties to the"
#: of a Convention body acting for a Protocol (its Protocol is the instrument)
_BODY_TO = re.compile(r"\s+(?:(?:to\s+the\s+Convention\s+)?serving\s+as\s+the\s+meeting\s+of\s+the\s+Parties\s+)?"
                      r"(?:to|of|under)\s+(?:the\s+)?")
_ZH_OWNER = re.compile(r"(?P<name>《[^《》]{2,60}》)[ \t\u3000]*(?:[\u4e00-\u9fff]{0,10}?(?:会议|大会|机构|委员会))[ \t\u3000]*$")


@dataclass
class _Done:
    raw: Raw
    part: object
    ref: object | None  # an identifiers reference, or None
    inst: str | None


@dataclass
class _Qualifier:
    """What names a mention's instrument: ``qualified`` when anything does; ``inst`` None then
    means it names something the registry lacks (``why`` says what)."""

    qualified: bool = False
    inst: str | None = None
    body: str | None = None
    scheme: str | None = None
    why: str | None = None
    explicit: bool = False  # an instrument named by its own name (not a short name or a body)
    defined: bool = False  # a short name this document defines ("'Convention' means …")


class Context:
    """The names around a mention (mixed into :class:`.resolver.Resolver`, whose state it reads)."""

    def sentence_start(self, pos: int, part) -> int:
        lo = part.start if part is not None else 0
        end = getattr(part, "end", None)
        hi = end if isinstance(end, int) and end >= pos else len(self.seg.source)
        # The boundaries of the part are found once (a scan from the part's start per mention was
        # quadratic in a long part); those ending well before ``pos`` are the ones a scan from ``lo``
        # to ``pos`` finds, and the last stretch is scanned as before.
        ends = self._boundary_ends.get((lo, hi))
        if ends is None:
            ends = self._boundary_ends[(lo, hi)] = [m.end() for m in scan(_BOUNDARY, self.seg.source, lo, hi)]
        k = bisect.bisect_right(ends, pos - 256)
        start = ends[k - 1] if k else lo
        for m in scan(_BOUNDARY, self.seg.source, start, pos):  # at the boundaries' places, found once
            start = m.end()
        return start

    def _name_inst(self, n: Name) -> str | None:
        if n.inst:
            return n.inst
        if n.short:
            return self.short_name(n.short)
        if n.body:
            insts = self.lex.bodies.get(n.body, {})
            if len(insts) == 1:
                return next(iter(insts))
        return None

    @property
    def definitions(self) -> dict[str, str]:
        """The short names this document defines ("'Convention' means ..."): they decide first."""
        if self._definitions is None:
            from ..cite.definitions import defined_instruments  # every language's "Use of terms" (issue 14)

            self._definitions = defined_instruments(self.seg.source, self.lex)
        return self._definitions

    def defines(self, short: str) -> bool:
        """True when this document defines ``short`` as an instrument of the registry."""
        return not self.definitions.get(normalise_alias(short), "?").startswith("?")

    def short_name(self, short: str) -> str | None:
        return self.short_name_why(short)[0]

    def short_name_why(self, short: str) -> tuple[str | None, str | None]:
        """The instrument a short name stands for here, or ``(None, why not)``."""
        defined = self.definitions.get(normalise_alias(short))
        if defined is not None:
            if defined.startswith("?"):
                return None, f"{short!r} is defined in this document as {defined[1:]!r}, which is not in the registry"
            return defined, None
        cands = self.lex.short_names.get(short, frozenset())
        if not cands:
            return None, f"{short!r} names no instrument in the registry"
        if self.home in cands:
            return self.home, None
        parent = self.parent_instrument(self.home)
        if parent in cands:
            return parent, None
        kin = sorted(cands & self.family(self.home))
        if len(kin) == 1:
            return kin[0], None  # "the Convention" in a decision under the Paris Agreement: the UNFCCC
        ranked = [(c, n) for c, n in self.counts.most_common() if c in cands]
        head = re.search(r"convention|agreement|protocol|treaty|公约|协定|议定书|条约", short, re.IGNORECASE)
        rivals = self.unknown_counts.get(head.group().lower(), Counter()) if head else Counter()
        rival = rivals.most_common(1)[0] if rivals else None
        if rival and (not ranked or rival[1] >= ranked[0][1]):
            return None, (f"{short!r} here most likely names {rival[0]!r}, which is not in the registry")
        if ranked:
            return ranked[0][0], None
        return None, (f"{short!r} could name {', '.join(sorted(cands))}: none is the home instrument, "
                      "of its family or named in the document")

    def parent_instrument(self, inst: str | None) -> str | None:
        """The instrument ``inst`` supplements (the registry's ``tg:parentInstrument``)."""
        return self.lex.parent_instrument(inst) if inst else None

    def family(self, inst: str | None) -> set[str]:
        """The instruments related to ``inst`` by ``tg:parentInstrument``: its parent, its protocols, their siblings."""
        return set(self.lex.family(inst)) if inst else set()

    def names_between(self, names: list[Name], a: int, b: int) -> list[Name]:
        i = bisect.bisect_left(self._name_starts, a) if len(self._name_starts) == len(names) else 0
        out = []
        while i < len(names) and names[i].start < b:
            if a <= names[i].start and names[i].end <= b:
                out.append(names[i])
            i += 1
        return out

    def names_back(self, names: list[Name], a: int, b: int):
        """``reversed(names_between(names, a, b))``, walked back from ``b`` as far as the caller reads
        (a part's names were listed from its start for each mention)."""
        if len(self._name_starts) != len(names):
            yield from reversed(self.names_between(names, a, b))
            return
        i = bisect.bisect_left(self._name_starts, b) - 1
        while i >= 0 and names[i].start >= a:
            if names[i].end <= b:
                yield names[i]
            i -= 1

    def instrument_from_qualifier(self, raw: Raw) -> str | None:
        return self.qualifier(raw).inst

    def qualifier(self, raw: Raw) -> _Qualifier:
        """What names the instrument of ``raw``: attached before it, inherited from its list, or following it."""
        if raw.inst:
            return _Qualifier(True, raw.inst, explicit=True)
        if raw.short:
            inst, why = self.short_name_why(raw.short)
            return _Qualifier(True, inst, why=why, defined=self.defines(raw.short))
        if raw.body:
            insts = self.lex.bodies.get(raw.body, {})
            if len(insts) == 1:
                return _Qualifier(True, next(iter(insts)), body=raw.body, explicit=True)
        if raw.parent is not None:
            d = self._done_of(raw.parent)
            if d is not None:
                q = self._quals.get(id(raw.parent))
                if q is not None and q.qualified:
                    return q
                return _Qualifier(bool(d.inst), d.inst)  # the list's first item was decided: so are its others
        before = self.attached_unknown(raw.start)
        if before is not None:
            return _Qualifier(True, None, why=f"{before.unknown!r} is not in the registry")
        owner = self.owner_before(raw.start)
        if owner is not None:
            return owner
        after = self.following(raw)
        if not after.qualified and raw.kind == "act":
            return self.chain_following(raw)
        return after

    def chain_following(self, raw: Raw) -> _Qualifier:
        """"Resolution 11.10 and Decision 12.5 of CMS": the qualifier after the last act of a chain of
        acts joined by ``,``/``and``/``or`` qualifies the unqualified ones before it."""
        end, src = self._list_end(raw), self.seg.source
        for nxt in self._acts[bisect.bisect_right(self._act_starts, raw.start):]:
            if nxt.start < end:
                continue
            if not re.fullmatch(r"\s*,?\s*(?:and|or)?\s*", src[end:nxt.start]) or nxt.start == end:
                return _Qualifier()
            if nxt.inst or nxt.short or nxt.body or nxt.internal or nxt.anaphor:
                return _Qualifier()
            q = self.following(nxt)
            if q.qualified:
                # a chain mixing instruments ("decision XI/6 and Resolution 11.10 of CMS"): only a number
                # the qualifier's instrument can read is its
                reads = q.inst and raw.number and self.candidate_matches(raw.number, raw.act_kind, [q.inst], None)
                return q if (q.inst is None or reads) else _Qualifier()
            end = self._list_end(nxt)
        return _Qualifier()

    def owner_before(self, pos: int) -> _Qualifier | None:
        """An instrument named in the same Chinese noun phrase, before a body word the registry may
        not list: 《名古屋议定书》缔约方会议第 2/4 号决定 is a Nagoya Protocol decision."""
        m = _ZH_OWNER.search(self.seg.source, max(0, pos - 40), pos)
        if not m:
            return None
        for n in self._names:
            if n.end == m.end("name") and n.start == m.start("name"):
                if n.unknown:
                    return _Qualifier(True, None, why=f"{n.unknown!r} is not in the registry")
                if n.inst:
                    return _Qualifier(True, n.inst, explicit=True)
                if n.short:
                    inst, why = self.short_name_why(n.short)
                    return _Qualifier(True, inst, why=why, defined=self.defines(n.short))
        return None

    def attached_unknown(self, pos: int) -> Name | None:
        """An unknown title ending right before ``pos`` (《巴黎协定》第 14 条, Paris Agreement Article 14)."""
        j = pos
        while j > 0 and self.seg.source[j - 1] in " \t\u3000":
            j -= 1
        return self._unknown_ending().get(j)

    def _unknown_ending(self) -> dict[int, Name]:
        """The first unknown title (in the names' order, by start) ending at each offset, read once."""
        index = self.__dict__.get("_unknown_by_end")
        if index is None or index[0] is not self._names:
            ends: dict[int, Name] = {}
            for n in self._names:
                if n.unknown:
                    ends.setdefault(n.end, n)
            index = self._unknown_by_end = (self._names, ends)
        return index[1]

    def _names_starting(self, lo: int, hi: int) -> list[Name]:
        """The names starting within ``lo``-``hi`` (both included), in order."""
        names = self._names
        if len(self._name_starts) != len(names):
            return [n for n in names if lo <= n.start <= hi]
        return names[bisect.bisect_left(self._name_starts, lo):bisect.bisect_right(self._name_starts, hi)]

    def _list_end(self, raw: Raw) -> int:
        return max([raw.end] + [r.end for r in self.list_items.get(id(raw), [])])

    def following(self, raw: Raw) -> _Qualifier:
        """A qualifier after the number or list: "of the Ramsar Convention", "of the COP-MOP to the Nagoya
        Protocol", "of the Kunming-Montreal GBF" (unknown: unresolved, saying so)."""
        src = self.seg.source
        m = _FOLLOWING.match(src, self._list_end(raw))
        if not m:
            return _Qualifier()

        def name_at(lo: int, hi: int) -> Name | None:
            cands = self._names_starting(lo, hi)
            return max(cands, key=lambda n: (n.end - n.start)) if cands else None

        n = name_at(m.start(), m.end())
        if n is None or n.start < self._list_end(raw):
            return _Qualifier()
        body = None
        if n.body and not (n.inst or n.short or n.unknown):
            body = n.body
            to = _BODY_TO.match(src, n.end)
            after = name_at(to.start(), to.end()) if to else None
            if after is None or after.body:
                insts = self.lex.bodies.get(body, {})
                return (_Qualifier(True, next(iter(insts)), body=body, explicit=True) if len(insts) == 1
                        else _Qualifier())
            n = after
        if n.unknown:
            return _Qualifier(True, None, body=body, why=f"{n.unknown!r} is not in the registry")
        if n.scheme:
            return _Qualifier(True, None, scheme=n.scheme)
        if n.inst:
            return _Qualifier(True, n.inst, body=body, explicit=True)
        if n.short:
            inst, why = self.short_name_why(n.short)
            return _Qualifier(True, inst, body=body, why=why, defined=self.defines(n.short))
        return _Qualifier()

    def sentence_instrument(self, raw: Raw, part, names) -> str | None:
        return self.sentence_instrument_why(raw, part, names)[0]

    def sentence_instrument_why(self, raw: Raw, part, names) -> tuple[str | None, str | None]:
        """The instrument the sentence is about (the name opening it), else the nearest one named before
        ``raw``; ``(None, why)`` when that name is a title the registry lacks."""
        s = self.sentence_start(raw.start, part)
        in_sentence = [n for n in self.names_between(names, s, raw.start)
                       if n.unknown or (self._name_inst(n) and (n.inst or n.short))]
        if not in_sentence:
            return None, None
        opening = in_sentence[0]
        lead = self.seg.source[s:opening.start]
        n = opening if re.fullmatch(r"\s*(?:\d+\.\s*)?", lead) else in_sentence[-1]
        if n.unknown:
            return None, f"its sentence is about {n.unknown!r}, which is not in the registry"
        return self._name_inst(n), None

    def pick(self, cands: list[str], raw: Raw, part, names) -> str | None:
        """Choose among instruments by the names around the mention."""
        s = self.sentence_start(raw.start, part)
        for n in self.names_back(names, s, raw.start):
            i = self._name_inst(n)
            if i in cands:
                return i
        for n in self.names_back(names, part.start, raw.start):
            i = self._name_inst(n)
            if i in cands:
                return i
        anchor = self.anchor(part)
        if anchor is not None:
            a_part, a_pos = anchor
            for n in self.names_back(names, a_part.start, a_pos):
                i = self._name_inst(n)
                if i in cands:
                    return i
        if self.home in cands:
            return self.home
        family = self.family(self.home)
        in_family = [c for c in cands if c in family]
        if len(in_family) == 1:
            return in_family[0]
        ranked = [c for c, _ in self.counts.most_common() if c in cands]
        return ranked[0] if ranked else None

    def anchor(self, part):
        """For a footnote: (the part holding its marker, the marker offset)."""
        marker = part.extra.get("marker") if part is not None and part.kind == "fn" else None
        if marker is None:
            return None
        holder = self.seg.citing_part(marker[0])
        return (holder, marker[0]) if holder is not None else None
