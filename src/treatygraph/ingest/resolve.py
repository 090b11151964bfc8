"""Resolution: raw mentions -> canonical URIs (minted by ``treatygraph.identifiers``).

Context rules, in the order they are tried:

- an attached qualifier decides (``《条约》``, ``CBD COP``, ``CITES``);
- a short name (``《公约》``, "the Convention") is the home instrument when it
  can name it, else the candidate the document has named most so far;
- an unqualified article belongs to the instrument the sentence is about (the
  name opening it), else the nearest one named before it in the sentence,
  else the home instrument;
- an unqualified act number is matched against every instrument's numbering
  rules (registry); several matches are decided by the names in the sentence,
  the part, the footnote's anchor, the home instrument;
- a bare paragraph number belongs to the nearest act or document cited before
  it in its sentence; after ``同上``/ibid. to the act the previous footnote
  cites; in a footnote, to the act cited before the footnote's marker in the
  anchoring paragraph; otherwise it is this document's own paragraph (no citation).

Slips are resolved and flagged (``19.3(1)`` read as ``19.3(l)``; a symbol root
missing its first letter); incomplete numbers stay unresolved with a warning.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .. import identifiers as ids
from ..registry import NumberingRule, Registry, normalise_alias
from .cite.common import SYMBOL_ROOTS, SYMBOL_WORDS_ZH, Found, Lexicon, Name, Raw
from .model import Mention
from .segment import Segmentation

_BOUNDARY = re.compile(r"[。！？；]|;\s|(?<![A-Z][a-z])(?<!Conf)(?<!No)\.\s+(?=[A-Z“\"(])|\n\s*\n(?=\s*\d+\.)")


_POSTPOSED = re.compile(r"\s+(?:of|in|under)\s+(?:the\s+)?")


@dataclass
class _Done:
    raw: Raw
    part: object
    ref: object | None  # an identifiers reference, or None
    inst: str | None


@lru_cache(maxsize=256)
def _rule_regex(pattern: str) -> tuple[re.Pattern, str]:
    """A matcher for a numbering rule's pattern; a leading abbreviation (``Conf. ``) is optional."""
    m = re.match(r"^([A-Z][a-z]+\.\s)", pattern)
    prefix = m.group(1) if m else ""
    out = ""
    for tok in re.split(r"(\{\w+\})", pattern[len(prefix):]):
        if tok == "{session}":
            out += r"(?P<session>[IVXLC]+|\d{1,3})"
        elif tok == "{n}":
            out += r"(?P<n>\d{1,3})"
        elif tok == "{year}":
            out += r"(?P<year>(?:19|20)\d\d)"
        elif tok == "{item}":
            out += r"(?P<item>\d{1,3}[A-Z]{0,3}(?:\.[A-Z0-9]{1,3})*)"
        else:
            out += re.escape(tok).replace(r"\ ", r"\s+")
    opt = f"(?:{re.escape(prefix).replace(chr(92) + ' ', chr(92) + 's*')})?" if prefix else ""
    return re.compile(opt + out), prefix


def match_rule(rule: NumberingRule, written: str) -> str | None:
    """The act number in the rule's official form, or None when the rule does not fit."""
    number = re.sub(r"\s*\(Rev\..*?\)\s*$", "", written.strip())
    rx, prefix = _rule_regex(rule.number_pattern)
    m = rx.fullmatch(number)
    if not m:
        return None
    values = m.groupdict()
    session = values.get("session")
    if session is not None:
        try:
            k = int(session) if session.isdigit() else ids.from_roman(session)
        except ids.IdentifierError:
            return None
        if not rule.applies_to(k):
            return None
        if rule.session_numerals == "roman":
            session = ids.to_roman(k)
        elif rule.session_numerals == "arabic":
            session = str(k)
        values["session"] = session
    out = rule.number_pattern[len(prefix):]
    for key, val in values.items():
        if val is not None:
            out = out.replace("{" + key + "}", val)
    return out


def _enclosing_act(part) -> tuple[ids.Act | None, tuple]:
    """The act a segment belongs to and the annex/appendix steps it sits in."""
    ref = getattr(part, "ref", None)
    if isinstance(ref, ids.Act):
        return ref, ()
    if isinstance(ref, ids.Part) and isinstance(ref.parent, ids.Act):
        steps = ref.steps
        k = max((i for i, (kind, _) in enumerate(steps) if kind in ("annex", "appendix")), default=-1)
        return ref.parent, tuple(steps[:k + 1])
    return None, ()


def _act_of_ref(ref) -> ids.Act | None:
    if isinstance(ref, ids.Act):
        return ref
    if isinstance(ref, ids.Part) and isinstance(ref.parent, ids.Act):
        return ref.parent
    return None


class ActContext:
    """References within an act and back to an earlier one (decision compilations).

    A part whose segment *is* a resource of an act (``Segment.ref``) knows its
    act: "paragraph 5 above", "this decision", "the annex to this decision" are
    references within that act (kind ``internal``, never a citation of another
    act, and an act's own number is one too); "that decision", "the same
    document" refer back to the last act or document cited in the act; the
    act's instrument is the home of its parts (so "the Convention" in a CMA
    decision is the UNFCCC, the Paris Agreement's parent).
    """

    def part_home(self, part) -> str | None:
        ref = getattr(part, "ref", None)
        act, _ = _enclosing_act(part)
        if act is not None:
            return act.inst
        if isinstance(ref, ids.Provision):
            return ref.inst
        return self.home


    def own_act(self, ref, part) -> bool:
        act, _ = _enclosing_act(part)
        return act is not None and _act_of_ref(ref) == act


    def inherited_only(self, raw: Raw) -> bool:
        """True when a list item has no qualifier of its own (it took the first item's)."""
        return raw.parent is not None and not (raw.inst or raw.short or raw.body)


    def internal_ref(self, raw: Raw, part, warnings):
        act, container = _enclosing_act(part)
        if act is None and isinstance(part.ref, ids.Provision) and raw.kind == "paragraph":
            # "paragraph 4 of this Article" in a treaty text: the article's own paragraph
            ref = ids.Provision(part.ref.inst, (part.ref.steps[0],) + tuple(raw.para.split(".")))
            if ref in self.segment_refs():
                return ref, ref.inst, "internal", warnings
            warnings.append(f"unresolved: the article has no paragraph {raw.para}")
            return None, ref.inst, "internal", warnings
        if act is None:
            return None, None, None, warnings  # not within an act: this document's own part
        if raw.kind == "act":
            ref = ids.Part(act, (("annex", raw.annex),)) if raw.annex else act
            return ref, act.inst, "internal", warnings
        try:
            ref = ids.Part(act, container + (("para", raw.para),))
            ids.path_of(ref)
        except ids.IdentifierError as exc:
            warnings.append(f"unresolved: {exc}")
            return None, act.inst, "internal", warnings
        if ref not in self.segment_refs():
            warnings.append(f"unresolved: {ids.path_of(ref)} is not a paragraph of this act as segmented"
                            " (a quoted text's numbering, or a paragraph the layout missed)")
            return None, act.inst, "internal", warnings
        return ref, act.inst, "internal", warnings

    def segment_refs(self) -> set:
        """The resources the document's segments are (computed once)."""
        if getattr(self, "_segment_refs", None) is None:
            self._segment_refs = {p.ref for p in self.seg.parts if p.ref is not None}
        return self._segment_refs


    def anaphor_ref(self, raw: Raw, part, warnings):
        act, _ = _enclosing_act(part)
        lo = part.start
        if act is not None:
            lo = min((p.start for p in self.seg.parts if _enclosing_act(p)[0] == act), default=part.start)
        want = "document" if raw.anaphor == "document" else "act"
        for d in reversed(self.done):
            if d.raw.start >= raw.start or d.raw.start < lo or d.ref is None or d.raw.kind != want or d.raw.anaphor:
                continue
            if raw.anaphor == "annex":  # "paragraphs 65–78 of that annex": the last annex of an act cited
                if not (isinstance(d.ref, ids.Part) and d.ref.steps[0][0] == "annex"):
                    continue
                self.details[id(raw)] = dict(getattr(d, "act_details", {}))
                return ids.Part(d.ref.parent, d.ref.steps[:1]), d.inst, "decision", warnings
            ref = _act_of_ref(d.ref) if want == "act" else d.ref
            if ref is None or (want == "act" and ref == act):
                continue
            self.details[id(raw)] = dict(self.details.get(id(d.raw), {}))
            return ref, d.inst, "decision" if want == "act" else "document", warnings
        warnings.append(f"unresolved: no {raw.anaphor} cited before to refer back to")
        return None, None, "decision" if want == "act" else "document", warnings


class Resolver(ActContext):
    """Resolves one document's raw mentions in document order."""

    def __init__(self, seg: Segmentation, lex: Lexicon, registry: Registry, home: str | None, base: str):
        self.seg = seg
        self.lex = lex
        self.registry = registry
        self.home = home
        self.base = base
        self.done: list[_Done] = []
        self.para_parent: dict[int, _Done] = {}
        self.details: dict[int, dict] = {}
        self._by_raw: dict[int, _Done] = {}
        self._name_starts: list[int] = []
        self.counts: Counter[str] = Counter()

    # ------------------------------------------------------------ context

    def sentence_start(self, pos: int, part) -> int:
        lo = part.start if part is not None else 0
        start = lo
        for m in _BOUNDARY.finditer(self.seg.source, lo, pos):
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

    def short_name(self, short: str) -> str | None:
        cands = self.lex.short_names.get(short, frozenset())
        if not cands:
            return None
        if self.home in cands:
            return self.home
        kin = sorted(cands & self.registry.family(self.home)) if self.home else []
        if len(kin) == 1:
            return kin[0]  # "the Convention" in a decision under the Paris Agreement: the UNFCCC
        ranked = [c for c, _ in self.counts.most_common() if c in cands]
        return ranked[0] if ranked else sorted(cands)[0]

    def names_between(self, names: list[Name], a: int, b: int) -> list[Name]:
        i = bisect.bisect_left(self._name_starts, a) if len(self._name_starts) == len(names) else 0
        out = []
        while i < len(names) and names[i].start < b:
            if a <= names[i].start and names[i].end <= b:
                out.append(names[i])
            i += 1
        return out

    # ------------------------------------------------------------ main

    def run(self, found: Found) -> list[Mention]:
        """Acts, documents, articles and targets first (in order), then paragraphs.

        Paragraphs go last so that one may belong to an act cited after it
        ("paragraph 9 of decision X/20").
        """
        names = found.names
        self._name_starts = [n.start for n in names]
        letter_points = {
            r.steps[:-1] for r in found.raws
            if r.kind == "article" and len(r.steps) >= 2 and r.steps[-1].isalpha()
        }
        self.list_items: dict[int, list[Raw]] = {}
        for r in found.raws:
            if r.parent is not None:
                self.list_items.setdefault(id(r.parent), []).append(r)
        items: list[tuple[int, int, object]] = [(n.start, 0, n) for n in names]
        items += [(r.start, 1, r) for r in found.raws if r.kind != "paragraph"]
        items.sort(key=lambda t: (t[0], t[1]))
        inside: set[tuple[int, int]] = set()
        for r in found.raws:
            for n in self.names_between(names, r.start, r.end):
                inside.add((n.start, n.end))
        mentions: list[Mention] = []
        for _, is_raw, obj in items:
            if not is_raw:
                if obj.inst and (obj.start, obj.end) not in inside:
                    self.counts[obj.inst] += 1
                continue
            self._emit(obj, names, letter_points, mentions)
        self.done.sort(key=lambda d: d.raw.start)
        for r in found.raws:
            if r.kind == "paragraph":
                self._emit(r, names, letter_points, mentions)
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _emit(self, raw: Raw, names, letter_points, mentions: list[Mention]) -> None:
        part = self.seg.citing_part(raw.start)
        if part is None:
            return
        home = self.home
        self.home = self.part_home(part)
        try:
            ref, inst, kind, warnings = self.resolve_one(raw, part, names, letter_points)
        finally:
            self.home = home
        if kind is None:
            return  # not a citation after all (this document's own paragraph)
        if ref is not None and kind != "internal" and self.own_act(ref, part):
            kind = "internal"  # an act never cites itself: its own number is a reference within it
        done = _Done(raw, part, ref, inst)
        self.done.append(done)
        self._by_raw[id(raw)] = done
        uri = ids.mint(ref, self.base) if ref is not None else None
        m = Mention(text=self.seg.source[raw.start:raw.end], start=raw.start, end=raw.end, kind=kind,
                    target_uri=uri, warnings=warnings, part_uri=None, line=self.seg.line_of(raw.start))
        m.details = {"part": part, "inst": inst, **self.details.pop(id(raw), {})}
        done.act_details = {k: m.details[k] for k in ("number", "body") if k in m.details}
        mentions.append(m)

    def _done_of(self, raw: Raw) -> _Done | None:
        return self._by_raw.get(id(raw))

    def resolve_one(self, raw: Raw, part, names, letter_points):
        warnings = list(raw.warnings)
        if raw.internal:
            return self.internal_ref(raw, part, warnings)
        if raw.anaphor:
            return self.anaphor_ref(raw, part, warnings)
        if raw.kind == "article":
            return self.article(raw, part, names, letter_points, warnings)
        if raw.kind == "act":
            return self.act(raw, part, names, warnings)
        if raw.kind == "document":
            return self.document(raw, part, names, warnings)
        if raw.kind == "paragraph":
            return self.paragraph(raw, part, warnings)
        if raw.kind == "target":
            return self.target(raw, part, names, warnings)
        return None, None, None, warnings

    # ------------------------------------------------------------ kinds

    def instrument_from_qualifier(self, raw: Raw) -> str | None:
        if raw.inst:
            return raw.inst
        if raw.short:
            return self.short_name(raw.short)
        if raw.body:
            insts = self.lex.bodies.get(raw.body, {})
            if len(insts) == 1:
                return next(iter(insts))
        if raw.parent is not None:
            d = self._done_of(raw.parent)
            if d is not None:
                return d.inst
        return None

    def sentence_instrument(self, raw: Raw, part, names) -> str | None:
        s = self.sentence_start(raw.start, part)
        in_sentence = [n for n in self.names_between(names, s, raw.start) if self._name_inst(n) and (n.inst or n.short)]
        if not in_sentence:
            return None
        opening = in_sentence[0]
        lead = self.seg.source[s:opening.start]
        if re.fullmatch(r"\s*(?:\d+\.\s*)?", lead):
            return self._name_inst(opening)
        return self._name_inst(in_sentence[-1])

    def article(self, raw, part, names, letter_points, warnings):
        inst = self.instrument_from_qualifier(raw) or self.sentence_instrument(raw, part, names) or self.home
        steps = list(raw.steps)
        if inst is None:
            warnings.append("no instrument for this article")
            return None, None, "article", warnings
        if len(steps) >= 2 and steps[-1] == "1" and tuple(steps[:-1]) in letter_points:
            steps[-1] = "l"
            warnings.append(
                f"slip corrected: point (1) read as (l): the points of Article {'.'.join(steps[:-1])} are letters")
        try:
            ref = ids.Provision(inst, tuple(steps))
            ids.path_of(ref)
        except ids.IdentifierError as exc:
            warnings.append(f"not a provision number: {exc}")
            return None, inst, "article", warnings
        return ref, inst, "article", warnings

    def candidate_matches(self, number: str, act_kind: str | None, insts, body: str | None):
        out = []
        for inst in insts:
            for rule in self.lex.rules.get(inst, ()):
                if act_kind and rule.act_kind != act_kind:
                    continue
                if body and rule.body != body:
                    continue
                official = match_rule(rule, number)
                if official is not None:
                    out.append((inst, rule, official))
        return out

    def pick(self, cands: list[str], raw: Raw, part, names) -> str:
        """Choose among instruments by the names around the mention."""
        s = self.sentence_start(raw.start, part)
        for n in reversed(self.names_between(names, s, raw.start)):
            i = self._name_inst(n)
            if i in cands:
                return i
        for n in reversed(self.names_between(names, part.start, raw.start)):
            i = self._name_inst(n)
            if i in cands:
                return i
        anchor = self.anchor(part)
        if anchor is not None:
            a_part, a_pos = anchor
            for n in reversed(self.names_between(names, a_part.start, a_pos)):
                i = self._name_inst(n)
                if i in cands:
                    return i
        if self.home in cands:
            return self.home
        ranked = [c for c, _ in self.counts.most_common() if c in cands]
        return ranked[0] if ranked else sorted(cands)[0]

    def anchor(self, part):
        """For a footnote: (the part holding its marker, the marker offset)."""
        marker = part.extra.get("marker") if part is not None and part.kind == "fn" else None
        if marker is None:
            return None
        holder = self.seg.citing_part(marker[0])
        return (holder, marker[0]) if holder is not None else None

    def act(self, raw, part, names, warnings, act_kind=None, number=None):
        act_kind = act_kind or raw.act_kind
        number = number or raw.number
        kind = act_kind or "decision"
        if raw.incomplete or not number:
            warnings.append(f"unresolved: {raw.incomplete or 'no act number'}")
            return None, None, kind, warnings
        spaced = re.sub(r"\s*/\s*|(?<=\.)\s+(?=\d)", lambda m: m.group().strip(), number)
        if spaced != number:
            warnings.append(f"slip corrected: {number!r} read as {spaced!r}")
            number = spaced
        inst = self.instrument_from_qualifier(raw)
        body = None
        if raw.body:
            body = self.lex.bodies.get(raw.body, {}).get(inst) if inst else None
        insts = [inst] if inst else self.registry.instruments()
        matches = self.candidate_matches(number, act_kind, insts, body)
        if not matches and inst and raw.body and body is None:
            matches = self.candidate_matches(number, act_kind, insts, None)
        if not matches and inst and self.inherited_only(raw):
            # a list mixing bodies ("decisions 7/CP.24, 3/CMP.14 and 7/CMA.1"): each number speaks for itself
            matches = self.candidate_matches(number, act_kind, self.registry.instruments(), None)
        if not matches:
            warnings.append(f"unresolved: no numbering rule of {inst or 'any instrument'} reads {act_kind or 'act'} {number!r}")
            return None, inst, kind, warnings
        by_inst = {}
        for m in matches:
            by_inst.setdefault(m[0], m)
        chosen = next(iter(by_inst)) if len(by_inst) == 1 else self.pick(sorted(by_inst), raw, part, names)
        inst, rule, official = by_inst[chosen]
        self.details[id(raw)] = {"number": official, "body": rule.body}
        if "Rev." in number:
            warnings.append(f"revision suffix of {number!r} not part of the act's identifier")
        try:
            ref = ids.Act(inst, rule.act_kind, ids.number_to_path(official))
            ids.path_of(ref)
            if raw.annex:
                ref = ids.Part(ref, (("annex", raw.annex),))
                ids.path_of(ref)
        except ids.IdentifierError as exc:
            warnings.append(f"unresolved: {exc}")
            return None, inst, kind, warnings
        return ref, inst, rule.act_kind, warnings

    def document(self, raw, part, names, warnings):
        symbol = raw.symbol or ""
        for zh_word, en_word in SYMBOL_WORDS_ZH.items():
            if symbol.endswith("/" + zh_word) or ("/" + zh_word) in symbol:
                symbol = symbol.replace(zh_word, en_word)
        segs = symbol.split("/")
        root = segs[0]
        if root not in SYMBOL_ROOTS:
            fixed = [r for r in SYMBOL_ROOTS if len(r) > 1 and r[1:] == root]
            if len(fixed) == 1:
                warnings.append(f"slip corrected: symbol root {root!r} read as {fixed[0]!r}")
                segs[0] = fixed[0]
                symbol = "/".join(segs)
        upper = [s.upper() for s in segs]
        if "DEC" in upper:
            k = upper.index("DEC")
            tail = segs[k + 1:]
            inst = next((self.lex.instruments.get(normalise_alias(s)) for s in segs[:k]
                         if self.lex.instruments.get(normalise_alias(s))), None)
            body_alias = normalise_alias(segs[k - 1]) if k >= 1 else None
            if inst and len(tail) == 2:
                shadow = Raw(raw.start, raw.end, "act", inst=inst, body=body_alias if body_alias in self.lex.bodies else None,
                             act_kind="decision", number=f"{tail[0]}/{tail[1]}")
                ref, inst2, kind, warnings = self.act(shadow, part, names, warnings)
                self.details[id(raw)] = {**self.details.pop(id(shadow), {}), "symbol": symbol}
                return ref, inst2, kind, warnings
        self.details[id(raw)] = {"symbol": symbol}
        try:
            ref = ids.Document(ids.symbol_to_path(symbol))
            ids.path_of(ref)
        except ids.IdentifierError as exc:
            warnings.append(f"unresolved: {exc}")
            return None, None, "document", warnings
        return ref, None, "document", warnings

    def _last_cited(self, part, lo: int, hi: int) -> _Done | None:
        for d in reversed(self.done):
            if d.part is part and lo <= d.raw.start < hi and d.raw.kind in ("act", "document"):
                return d
        return None

    def paragraph(self, raw, part, warnings):
        if raw.of is not None:
            parent = self._done_of(raw.of)
            if parent is None:
                return None, None, None, warnings
        elif raw.parent is not None:
            if id(raw.parent) not in self.para_parent:
                return None, None, None, warnings
            parent = self.para_parent[id(raw.parent)]
        elif raw.ibid:
            parent = self.previous_footnote_act(part)
        else:
            parent = self._following_cited(raw, part)
            if parent is None and self.of_something_else(raw):
                warnings.append("unresolved: the paragraph is of something named after it that is not a known act"
                                " or document")
                return None, None, "document-paragraph", warnings
            parent = parent or self._last_cited(part, self.sentence_start(raw.start, part), raw.start)
            if parent is None and part.kind == "fn":
                anchor = self.anchor(part)
                if anchor is not None:
                    parent = self._last_cited(anchor[0], anchor[0].start, anchor[1])
        if parent is None:
            return None, None, None, warnings  # this document's own paragraph
        self.para_parent[id(raw)] = parent
        kind = "decision-paragraph" if parent.raw.kind == "act" or isinstance(parent.ref, ids.Act) else "document-paragraph"
        if parent.ref is None:
            warnings.append("unresolved: the act or document this paragraph belongs to is unresolved")
            return None, None, kind, warnings
        if getattr(parent, "act_details", None):
            self.details[id(raw)] = dict(parent.act_details)  # the act's number, for its description
        if isinstance(parent.ref, ids.Part):  # "paragraph 77(d) of annex I to decision 18/CMA.1"
            return ids.Part(parent.ref.parent, parent.ref.steps + (("para", raw.para),)), None, kind, warnings
        return ids.Part(parent.ref, (("para", raw.para),)), None, kind, warnings

    def _following_cited(self, raw: Raw, part) -> _Done | None:
        """"paragraph 9 of decision X/20": the act or document named right after the list."""
        end = max([raw.end] + [r.end for r in self.list_items.get(id(raw), [])])
        m = _POSTPOSED.match(self.seg.source, end)
        if not m:
            return None
        for d in self.done:
            if d.part is part and m.start() < d.raw.start <= m.end() + 40 and d.raw.kind in ("act", "document"):
                between = self.seg.source[min(m.end(), d.raw.start):d.raw.start]
                return d if not re.search(r"[,;.。，；]", between) else None
        return None

    def of_something_else(self, raw: Raw) -> bool:
        """"paragraph 79 of the report on SBSTA 40": an English paragraph owned by what follows it."""
        end = max([raw.end] + [r.end for r in self.list_items.get(id(raw), [])])
        return re.match(r",?\s+of\s+(?:the|its|that|this|document|a|an)\b", self.seg.source[end:end + 20]) is not None

    def previous_footnote_act(self, part) -> _Done | None:
        if part.kind != "fn":
            # ibid. in running text: the last act or document cited before
            for d in reversed(self.done):
                if d.raw.kind in ("act", "document"):
                    return d
            return None
        n = int(part.number)
        for d in reversed(self.done):
            if d.part.kind == "fn" and int(d.part.number) < n and d.raw.kind in ("act", "document"):
                # the footnote's first cited act or document
                same = [e for e in self.done if e.part is d.part and e.raw.kind in ("act", "document")]
                return same[0]
        # no earlier footnote cites anything: the act cited before the marker
        anchor = self.anchor(part)
        return self._last_cited(anchor[0], anchor[0].start, anchor[1]) if anchor else None

    def target(self, raw, part, names, warnings):
        scheme = raw.scheme
        if scheme is None and raw.parent is not None:
            d = self._done_of(raw.parent)
            if d is not None and isinstance(d.ref, ids.Target):
                scheme = d.ref.scheme
        if scheme is None:
            prior = [n for n in names if n.scheme and part.start <= n.start < raw.start]
            if prior:
                scheme = prior[-1].scheme
        if scheme is None:
            warnings.append("unresolved: no target scheme named before this target")
            return None, None, "target", warnings
        return ids.Target(scheme, raw.para), None, "target", warnings


def resolve(found: Found, seg: Segmentation, lex: Lexicon, registry: Registry,
            home: str | None, base: str = ids.DEFAULT_BASE) -> list[Mention]:
    """Resolve a document's raw mentions (in order) into :class:`Mention` objects."""
    return Resolver(seg, lex, registry, home, base).run(found)
