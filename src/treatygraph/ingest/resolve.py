"""Resolution: raw mentions -> canonical URIs (minted by ``treatygraph.identifiers``).

Context rules, in the order they are tried:

- a qualifier decides, attached before the number (``《条约》``, ``CBD COP``,
  ``CITES``) or following it (``of the Ramsar Convention``, ``of the COP-MOP
  to the Nagoya Protocol``); a full title wins over a short name inside it;
  a title the registry does not know (``the Paris Agreement``,
  ``《巴黎协定》``) leaves the mention unresolved with a warning naming it,
  never falls back to the home instrument;
- a short name (``《公约》``, "the Convention") is the home instrument when it
  can name it, else the instrument the home instrument belongs to
  (``tg:parentInstrument``), else the candidate the document has named most
  so far, unless an unknown title of the same kind was named more (then
  unresolved); with no candidate named, unresolved;
- an unqualified article belongs to the instrument the sentence is about (the
  name opening it), else the nearest one named before it in the sentence,
  else the instrument the same article number was qualified with earlier in
  its part ("Article 6 of the Paris Agreement … (Article 6, paragraph 2)"),
  else the home instrument;
  inside a treaty annex that numbers its own articles (or after "Annex III,"),
  an article the annex has is the annex's (``id/unclos/annex/III/art/13``);
- an act number is matched against the numbering rules (registry) of its
  qualifier's instrument, else of every instrument; a Roman session number
  is never read by an arabic-numbered rule; an unqualified number is decided
  by the names in the sentence, the part, the footnote's anchor, the home
  instrument, the instruments the document named; a number nothing decides
  stays unresolved, unless its form names its body (``1/CP.21``, ``NP-1/1``);
- a decision symbol (``UNEP/CBD/COP/DEC/X/2``) is that decision only when every
  segment before ``DEC`` is an instrument, a body or an organisation the
  registry knows (``CBD/CP/MOP/DEC/10/5`` names a body it lacks: unresolved);
- a target's scheme comes from its own noun phrase (attached or following),
  else the last scheme named before it in its part; an unknown framework
  named nearer leaves it unresolved; its number must be one of the scheme's
  targets when the registry lists them;
- a bare paragraph number belongs to the act or document named right after it
  (``paragraph 9 of decision X/20``; through an annex: ``paragraph 13 of the
  annex to decision X/2`` is ``…/annex/1/para/13``, as is ``decision X/2,
  annex, paragraph 13``), and is no citation when what follows ``of`` is not
  a cited act (``paragraph 5 of the report``); else to the nearest act or
  document cited before it in its sentence; after ``同上``/ibid. to the act the previous footnote
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

from rdflib import URIRef
from rdflib.namespace import SKOS

from .. import identifiers as ids
from ..registry import NumberingRule, Registry, normalise_alias
from .cite.common import SYMBOL_ROOTS, SYMBOL_WORDS_ZH, Found, Lexicon, Name, Raw
from .model import Mention
from .segment import Segmentation

_BOUNDARY = re.compile(r"[。！？；]|;\s|(?<![A-Z][a-z])(?<!Conf)(?<!No)\.\s+(?=[A-Z“\"(])|\n\s*\n(?=\s*\d+\.)|\n(?=#{1,6}\s)")


_POSTPOSED = re.compile(r"\s+(?:of|in|under)\s+(?:the\s+)?")
#: What may stand between a cited number and the instrument or body that follows it.
_FOLLOWING = re.compile(r"\s*,?\s*(?:of|in|under|to|adopted\s+by|from)\s+(?:the\s+)?")
#: between a body and the instrument it serves: "to the", and the "serving as the meeting of the Parties to the"
#: of a Convention body acting for a Protocol (its Protocol is the instrument)
_BODY_TO = re.compile(r"\s+(?:(?:to\s+the\s+Convention\s+)?serving\s+as\s+the\s+meeting\s+of\s+the\s+Parties\s+)?"
                      r"(?:to|of|under)\s+(?:the\s+)?")
#: An annex step between an act and its paragraph: "decision X/2, annex, paragraph 3", "决定 X/2 附件第 3 段".
_ANNEX_BETWEEN = re.compile(
    r"\s*,?\s*(?:(?:the\s+)?[Aa]nnex(?:\s+(?P<n>[IVXL]{1,5}|\d{1,2}))?|的?\s*附件\s*(?P<zh>[IVXL]{1,5}|\d{1,2}|[一二三四五六七八九十]{1,3})?)\s*,?\s*的?\s*$")
#: "paragraph 13 of the annex to decision X/2", "paragraph 3 of annex I to decision 18/CMA.1"
_ANNEX_OF = re.compile(r"(?:the\s+)?annex(?:\s+(?P<n>[IVXL]{1,5}|\d{1,2}))?\s+(?:to|of)\s+(?:the\s+)?$", re.IGNORECASE)
#: an annex step before an act: "annex I to decision 18/CMA.1, paragraph 77(d)"
_ANNEX_BEFORE = re.compile(r"(?<![A-Za-z])[Aa]nnex(?:\s+(?P<n>[IVXL]{1,5}|\d{1,2}))?\s+(?:to|of)\s+(?:the\s+)?$")
_ZH_OWNER = re.compile(r"(?P<name>《[^《》]{2,60}》)[ \t\u3000]*(?:[\u4e00-\u9fff]{0,10}?(?:会议|大会|机构|委员会))[ \t\u3000]*$")
#: an annex named right before an article: "Annex III, article 13"
_ANNEX_COMMA = re.compile(r"\bAnnex\s+([IVXL]{1,5}|\d{1,2}),\s*$")
#: points and an ``of the …`` after an article number: " b) of the Convention", "(c), of the"
_OF_AFTER_POINTS = re.compile(r"(?:\s*\(?[a-z]{1,3}\))*\s*,?\s+(?:of|under)\s+(?:the|this|that)\s+(?![Aa]nnex\b)")
_SCHEME_LIKE = re.compile(r"Framework|GBF|Targets?|Goals?|Plan|框架|目标|计划", re.IGNORECASE)


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


def match_rule(rule: NumberingRule, written: str, qualified: bool = False) -> str | None:
    """The act number in the rule's official form, or None when the rule does not fit.

    ``qualified``: the instrument is named explicitly, so a letter prefix of the
    rule (``NP-`` of ``NP-{session}/{n}``) may be left out ("decision 2/4 of the
    COP-MOP to the Nagoya Protocol" is NP-2/4).
    """
    number = re.sub(r"\s*\(Rev\..*?\)\s*$", "", written.strip())
    rx, prefix = _rule_regex(rule.number_pattern)
    m = rx.fullmatch(number)
    if not m and qualified:
        lead = re.match(r"[A-Z]{1,5}-(?=\{)", rule.number_pattern[len(prefix):])
        if lead and not number.startswith(lead.group()):
            m = rx.fullmatch(lead.group() + number) if not prefix else rx.fullmatch(prefix + lead.group() + number)
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


@lru_cache(maxsize=64)
def _symbol_regex(pattern: str) -> re.Pattern:
    out = ""
    for tok in re.split(r"(\{\w+\}|\[[^\]]*\])", pattern):
        if tok == "{session}":
            out += r"(?P<session>\d{1,3})"
        elif tok == "{type}":
            out += r"(?P<type>Doc|Inf|Com)"
        elif tok == "{item}":
            out += r"(?P<item>\d{1,3}(?:\.\d{1,3})*)"
        elif tok.startswith("["):
            out += r"(?:" + re.escape(tok[1:-1].strip()) + r"\s*)?"
        else:
            out += r"\s*" + r"\s*".join(re.escape(c) for c in tok.replace(" ", "")) + r"\s*"
    return re.compile(out, re.IGNORECASE)


def match_symbol_pattern(pattern: str, written: str) -> str | None:
    """The symbol under its root (``"CITES/CoP18 Doc. 12"``, ``"Ramsar/COP13 Doc.18.1"``) when ``written`` fits ``pattern``."""
    m = _symbol_regex(pattern).fullmatch(written.strip())
    if not m:
        return None
    root = re.match(r"\[([^\]]*)\]", pattern)
    out = (root.group(1).strip() + "/" + pattern[root.end():]) if root else pattern
    for key in ("session", "type", "item"):
        out = out.replace("{" + key + "}", m.group(key).capitalize() if key == "type" else m.group(key))
    return out


def names_its_body(rule: NumberingRule, written: str) -> bool:
    """True when the written number carries the rule's own letters (``CP.`` of ``{n}/CP.{session}``,
    ``NP-``, ``COM``, ``Conf.``): such a number says whose it is without a qualifier."""
    letters = re.findall(r"[A-Za-z]+", re.sub(r"\{\w+\}", " ", rule.number_pattern))
    return bool(letters) and all(re.search(r"(?<![A-Za-z])" + re.escape(w) + r"(?![a-z])", written) for w in letters)


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
            if ref in self.segment_refs() or not self.article_has_paragraphs(part.ref):
                # an article whose paragraphs the layout did not read (OCR'd lines): taken as written,
                # as where the segmentation knows no articles at all
                return ref, ref.inst, "internal", warnings
            warnings.append(f"unresolved: the article has no paragraph {raw.para}")
            return None, ref.inst, "internal", warnings
        if act is None and raw.kind == "paragraph" and raw.steps and self.home:
            # (issue 14) a paragraph of the article the grammar found it in from the text's headings,
            # where the segmentation does not know the text's articles (a language its layout lacks)
            return ids.Provision(self.home, tuple(raw.steps)), self.home, "internal", warnings
        if act is None:
            return None, None, None, warnings  # not within an act: this document's own part
        self.details[id(raw)] = self.act_details(act)
        if raw.kind == "act":
            ref = ids.Part(act, (("annex", raw.annex),)) if raw.annex else act
            return ref, act.inst, "internal", warnings
        if raw.annex and not any(k == "annex" for k, _ in container):  # "paragraph 6 of the annex", in the act's body
            container = (("annex", raw.annex),)
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

    def act_details(self, act: ids.Act) -> dict:
        """The official number and body of the act a document holds (for its description when a reference
        within it is the first thing to name it, as in a General Assembly resolution)."""
        for p in self.seg.parts:
            if p.ref == act and p.number:
                return {"number": p.number, "body": p.extra.get("body")}
        for rule in self.lex.rules.get(act.inst, ()):
            if rule.act_kind != act.kind:
                continue
            for written in {act.number.replace("-", "/"), act.number.replace("-", " ")}:
                official = match_rule(rule, written)
                if official is not None and ids.number_to_path(official) == act.number:
                    return {"number": official, "body": rule.body}
        return {}

    def article_has_paragraphs(self, provision) -> bool:
        """True when the segmentation holds some paragraph of ``provision``'s article."""
        head = (provision.inst, provision.steps[0])
        return any(isinstance(r, ids.Provision) and len(r.steps) > 1 and (r.inst, r.steps[0]) == head
                   for r in self.segment_refs())

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
        self._definitions: dict[str, str] | None = None
        self.para_parent: dict[int, _Done] = {}
        self.details: dict[int, dict] = {}
        self._by_raw: dict[int, _Done] = {}
        self._quals: dict[int, _Qualifier] = {}
        #: (part, article number) -> the instrument an earlier mention in that part qualified it with
        self._qualified_articles: dict[tuple[int, str], str] = {}
        self._para_annex: dict[int, str | None] = {}
        self.list_items: dict[int, list[Raw]] = {}
        self._name_starts: list[int] = []
        self.counts: Counter[str] = Counter()
        #: unknown titles named so far, by head noun ("convention") and by title
        self.unknown_counts: dict[str, Counter[str]] = {}
        self._names: list[Name] = []
        self._acts: list[Raw] = []
        self._act_starts: list[int] = []
        self._boundary_ends: dict[tuple[int, int], list[int]] = {}

    # ------------------------------------------------------------ context

    def sentence_start(self, pos: int, part) -> int:
        lo = part.start if part is not None else 0
        end = getattr(part, "end", None)
        hi = end if isinstance(end, int) and end >= pos else len(self.seg.source)
        # The boundaries of the part are found once (a scan from the part's start per mention was
        # quadratic in a long part); those ending well before ``pos`` are the ones a scan from ``lo``
        # to ``pos`` finds, and the last stretch is scanned as before.
        ends = self._boundary_ends.get((lo, hi))
        if ends is None:
            ends = self._boundary_ends[(lo, hi)] = [m.end() for m in _BOUNDARY.finditer(self.seg.source, lo, hi)]
        k = bisect.bisect_right(ends, pos - 256)
        start = ends[k - 1] if k else lo
        for m in _BOUNDARY.finditer(self.seg.source, start, pos):
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
            from .cite.definitions import defined_instruments  # every language's "Use of terms" (issue 14)

            self._definitions = defined_instruments(self.seg.source, self.lex)
        return self._definitions

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
        return self.registry.parent_instrument(inst) if inst else None

    def family(self, inst: str | None) -> set[str]:
        """The instruments related to ``inst`` by ``tg:parentInstrument``: its parent, its protocols, their siblings."""
        return set(self.registry.family(inst)) if inst else set()

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
        self._acts = sorted((r for r in found.raws if r.kind == "act" and r.parent is None), key=lambda r: r.start)
        self._act_starts = [r.start for r in self._acts]
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
            if r.kind == "instrument":
                continue  # a title alone is the name itself: the document names that instrument
            for n in self.names_between(names, r.start, r.end):
                inside.add((n.start, n.end))
        mentions: list[Mention] = []
        self._names = names
        for _, is_raw, obj in items:
            if not is_raw:
                if obj.inst and (obj.start, obj.end) not in inside:
                    self.counts[obj.inst] += 1
                if obj.unknown and obj.head:
                    self.unknown_counts.setdefault(obj.head, Counter())[obj.unknown] += 1
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
        if raw.incomplete and raw.kind != "act":  # the grammar saw why it cannot be resolved
            warnings.append(f"unresolved: {raw.incomplete}")
            return None, None, raw.kind, warnings
        if raw.kind == "instrument-part":
            return self.instrument_part(raw, warnings)
        if raw.kind == "instrument":  # a title alone; the text of that instrument does not cite itself
            return (None, None, None, warnings) if raw.inst == self.home else (
                ids.Entity(raw.inst), raw.inst, "instrument", warnings)
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
        return self.qualifier(raw).inst

    def qualifier(self, raw: Raw) -> _Qualifier:
        """What names the instrument of ``raw``: attached before it, inherited from its list, or following it."""
        if raw.inst:
            return _Qualifier(True, raw.inst, explicit=True)
        if raw.short:
            inst, why = self.short_name_why(raw.short)
            return _Qualifier(True, inst, why=why)
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
                    return _Qualifier(True, inst, why=why)
        return None

    def attached_unknown(self, pos: int) -> Name | None:
        """An unknown title ending right before ``pos`` (《巴黎协定》第 14 条, Paris Agreement Article 14)."""
        j = pos
        while j > 0 and self.seg.source[j - 1] in " \t\u3000":
            j -= 1
        for n in self._names:
            if n.end == j and n.unknown:
                return n
            if n.start > j:
                break
        return None

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
            cands = [n for n in self._names if lo <= n.start <= hi]
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
            return _Qualifier(True, inst, body=body, why=why)
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

    def article(self, raw, part, names, letter_points, warnings):
        q = self.qualifier(raw)
        self._quals[id(raw)] = q
        if not q.qualified or (raw.inst is not None and raw.inst == self.home):  # unqualified, or the text's own
            own = self.annex_article(raw, part, warnings)
            if own is not None:
                return own
        if q.qualified:
            inst = q.inst
            if inst is None:
                warnings.append(f"unresolved: {q.why or 'its instrument is not in the registry'}")
                return None, None, "article", warnings
            if raw.steps:
                self._qualified_articles[(id(part), raw.steps[0])] = inst
        else:
            inst, why = self.sentence_instrument_why(raw, part, names)
            if why:
                warnings.append(f"unresolved: {why}")
                return None, None, "article", warnings
            inst = inst or self.earlier_qualified_article(part, raw) or self.home
        steps = list(raw.steps)
        if inst is None:
            warnings.append("unresolved: no instrument for this article (no qualifier, no home instrument)")
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

    def earlier_qualified_article(self, part, raw) -> str | None:
        """The instrument the same article number was qualified with before, in this part or in its
        parent's own text (a heading "Matters relating to Article 6 of the Paris Agreement" above
        the item "(Article 6, paragraph 2)"); None when it was not."""
        if not raw.steps:
            return None
        parent = self.seg.part(part.parent) if part.parent else None
        for where in (part, parent):
            if where is not None and (id(where), raw.steps[0]) in self._qualified_articles:
                return self._qualified_articles[(id(where), raw.steps[0])]
        return None

    def annex_article(self, raw, part, warnings):
        """An article inside a treaty annex that numbers its own articles (the UNCCD's regional
        annexes), unqualified or read as the text's own (a bare "article 2"), is that annex's article when the annex has one of that number; else
        ``None`` (the treaty's own article, as outside the annex). An ``of the …`` right after the
        number and its points ("Article 4, paragraph 2 b) of the Convention"), an instrument named
        later in the clause or a possessive "its" before it leave the article to the treaty: ``None``."""
        ref = getattr(part, "ref", None)
        src, end = self.seg.source, self._list_end(raw)
        first = raw.parent or raw
        named = _ANNEX_COMMA.search(src, max(0, first.start - 20), first.start)
        if named and self.home:  # "Annex III, article 5, paragraph 3(a)": that annex's article
            ref = ids.Part(ids.Entity(self.home), (("annex", named.group(1)), ("art", raw.steps[0])))
            if ref not in self.segment_refs():
                return None
        if not (isinstance(ref, ids.Part) and isinstance(ref.parent, ids.Entity) and ref.steps[0][0] == "annex"):
            return None
        if _OF_AFTER_POINTS.match(src, end) or re.search(r"\bits\s+$", src[max(0, raw.start - 8):raw.start]):
            return None  # "of the Convention" after it; "its article 7" (of what was just named)
        clause = re.search(r"[.;\n]", src[end:end + 300])
        if any(n.inst or n.short for n in self.names_between(self._names, end, end + (clause.start() if clause else 300))):
            return None  # "articles 6, 13 and 20 and other related provisions of the Convention"
        k = next((i for i, (kind, _) in enumerate(ref.steps) if kind == "art"), len(ref.steps))
        container = tuple(ref.steps[:k])  # the annex (or its part) whose articles these are
        article = ids.Part(ref.parent, container + (("art", raw.steps[0]),))
        if article not in self.segment_refs():
            return None
        target = ids.Part(ref.parent, container + (("art", ".".join(raw.steps)),))
        return target, ref.parent.code, "instrument-part", warnings

    def candidate_matches(self, number: str, act_kind: str | None, insts, body: str | None, qualified: bool = False):
        out = []
        roman = bool(re.match(r"(?:[A-Z]{1,3}-)?[IVXLC]+[./]", number.strip()))
        for inst in insts:
            rules = self.lex.rules.get(inst, ())
            if roman and not any(r.session_numerals == "roman" for r in rules):
                continue  # an instrument that never numbers in Roman does not read XI.6 (Ramsar's, not CITES 11.6)
            for rule in rules:
                if act_kind and rule.act_kind != act_kind:
                    continue
                if body and rule.body != body:
                    continue
                official = match_rule(rule, number, qualified)
                if official is not None:
                    out.append((inst, rule, official))
        return out

    def pick(self, cands: list[str], raw: Raw, part, names) -> str | None:
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

    def act(self, raw, part, names, warnings, act_kind=None, number=None):
        act_kind = act_kind or raw.act_kind
        number = number or raw.number
        kind = act_kind or "decision"
        if raw.incomplete or not number:
            warnings.append(f"unresolved: {raw.incomplete or 'no act number'}")
            return None, None, kind, warnings
        spaced = re.sub(r"\s*/\s*|(?<=\.)\s+(?=\d)", lambda m: m.group().strip(), number)
        roman = re.match(r"(?:[IVXLC]+1[IVXLC]*|1[IVXLC]+)(?=/)", spaced)
        if roman:  # "X1/8": a Roman I extracted as the digit 1
            spaced = roman.group().replace("1", "I") + spaced[roman.end():]
        if spaced != number:
            warnings.append(f"slip corrected: {number!r} read as {spaced!r}")
            number = spaced
        q = self.qualifier(raw)
        self._quals[id(raw)] = q
        if q.qualified and q.inst is None:
            warnings.append(f"unresolved: {act_kind or 'act'} {number}: {q.why or 'its instrument is not in the registry'}")
            return None, None, kind, warnings
        inst = q.inst
        body_alias = raw.body or q.body
        body = self.lex.bodies.get(body_alias, {}).get(inst) if (inst and body_alias) else None
        insts = [inst] if inst else self.registry.instruments()
        matches = self.candidate_matches(number, act_kind, insts, body, qualified=q.explicit)
        if inst is None and body_alias in self.lex.bodies:
            # "SBI recommendation 3/1": a body alias several instruments share still names a body
            owners = self.lex.bodies[body_alias]
            matches = [m for m in matches if owners.get(m[0]) == m[1].body]
        if not matches and inst is None and not body_alias:
            # "decision IPBES-7/1": an organization's act, its letters in the number
            matches = [m for m in self.candidate_matches(number, act_kind, self.registry.act_issuers(), None)
                       if names_its_body(m[1], number)]
        if not matches and inst and body_alias and body is None:
            matches = self.candidate_matches(number, act_kind, insts, None, qualified=q.explicit)
        if not matches and inst and self.inherited_only(raw):
            # a list mixing bodies ("decisions 7/CP.24, 3/CMP.14 and 7/CMA.1"): a number that carries
            # its body's letters speaks for itself; any other stays with the list's instrument
            matches = [m for m in self.candidate_matches(number, act_kind, self.registry.instruments(), None)
                       if names_its_body(m[1], number)]
            if matches:
                inst = None
        if not matches:
            warnings.append(f"unresolved: no numbering rule of {inst or 'any instrument'} reads {act_kind or 'act'} {number!r}")
            return None, inst, kind, warnings
        by_inst = {}
        for m in matches:
            by_inst.setdefault(m[0], m)
        if inst is not None:
            chosen = inst
        else:
            chosen = self.pick(sorted(by_inst), raw, part, names)
            if chosen is None and len(by_inst) == 1:
                only = next(iter(by_inst.values()))
                chosen = only[0] if names_its_body(only[1], number) else None
            if chosen is None:
                warnings.append(f"unresolved: no instrument named for {act_kind or 'act'} {number!r} "
                                f"(the numbering of {', '.join(sorted(by_inst))} would read it)")
                return None, None, kind, warnings
        inst, rule, official = by_inst[chosen]
        rivals = sorted({m[1].body for m in matches if m[0] == inst and m[2] != official} - {rule.body})
        if rivals and not body and not names_its_body(rule, number):
            # "recommendation 3/1" of the CBD: SBI 3/1 or SBSTTA III/1; only a named body decides
            warnings.append(f"unresolved: {act_kind or 'act'} {number!r} of {inst} could be of "
                            f"{', '.join(sorted([rule.body] + rivals))}: no body named")
            return None, inst, kind, warnings
        self.details[id(raw)] = {"number": official, "body": rule.body}
        if "Rev." in number:
            warnings.append(f"revision suffix of {number!r} not part of the act's identifier")
        try:
            ref = ids.Act(inst, rule.act_kind, ids.number_to_path(official))
            ids.path_of(ref)
            steps = ((("annex", raw.annex),) if raw.annex else ()) + tuple(raw.part_steps)  # + "chapter V"
            if steps:
                act_ref, ref = ref, ids.Part(ref, steps)
                ids.path_of(ref)
                if raw.part_steps and act_ref in self.segment_refs() and ref not in self.segment_refs():
                    # an act of this very document: its chapters are known, and this is not one of them
                    warnings.append(f"unresolved: {ids.path_of(act_ref)} has no {'/'.join(map('/'.join, steps))}")
                    return None, inst, kind, warnings
        except ids.IdentifierError as exc:
            warnings.append(f"unresolved: {exc}")
            return None, inst, kind, warnings
        return ref, inst, rule.act_kind, warnings

    def series_document(self, raw, part, names, warnings):
        """A meeting-document symbol without a root ("CoP18 Doc. 12"): the body whose tg:symbolPattern reads it,
        of the instrument a qualifier or the context names; none named, unresolved."""
        written = re.sub(r"\s+", " ", raw.symbol or "")
        cands = {}
        for inst, body, pattern in self.registry.symbol_patterns():
            official = match_symbol_pattern(pattern, written)
            if official is not None:
                cands.setdefault(inst, official)
        q = self.qualifier(raw)
        if q.qualified and q.inst is None:
            warnings.append(f"unresolved: document {written}: {q.why or 'its instrument is not in the registry'}")
            return None, None, "document", warnings
        chosen = q.inst if q.inst in cands else None
        if q.inst and chosen is None:
            warnings.append(f"unresolved: no document symbol pattern of {q.inst} reads {written!r}")
            return None, None, "document", warnings
        chosen = chosen or self.pick(sorted(cands), raw, part, names)
        if chosen is None:
            warnings.append(f"unresolved: no instrument named for document {written!r}"
                            + (f" (the symbols of {', '.join(sorted(cands))} would read it)" if cands else ""))
            return None, None, "document", warnings
        symbol = cands[chosen]
        self.details[id(raw)] = {"symbol": symbol}
        ref = ids.Document(ids.symbol_to_path(symbol))
        return ref, chosen, "document", warnings

    def document(self, raw, part, names, warnings):
        if raw.series:
            return self.series_document(raw, part, names, warnings)
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
            unknown = [x for x in segs[:k] if not (self.lex.instruments.get(normalise_alias(x))
                                                   or normalise_alias(x) in self.lex.bodies or x in SYMBOL_ROOTS)]
            if unknown:
                warnings.append(f"unresolved: decision symbol {symbol}: {', '.join(map(repr, unknown))} "
                                "name no instrument or body in the registry")
                self.details[id(raw)] = {"symbol": symbol}
                return None, None, "decision", warnings
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
        annex = None
        if raw.of is not None:
            parent = self._done_of(raw.of)
            if parent is None:
                return None, None, None, warnings
        elif raw.parent is not None:
            if id(raw.parent) not in self.para_parent:
                return None, None, None, warnings
            parent = self.para_parent[id(raw.parent)]
            annex = self._para_annex.get(id(raw.parent))
        elif raw.ibid:
            parent = self.previous_footnote_act(part)
        else:
            following = self._following_cited(raw, part)
            if following is False:
                if self.of_something_else(raw):
                    warnings.append("unresolved: the paragraph is of something named after it that is not a known act"
                                    " or document")
                    return None, None, "document-paragraph", warnings
                return None, None, None, warnings  # "paragraph 5 of the report": not a cited act's paragraph
            if following is not None:
                parent, annex = following
            else:
                parent = self._last_cited(part, self.sentence_start(raw.start, part), raw.start)
                if parent is not None:
                    annex = self._annex_between(parent, raw)
            if parent is None and part.kind == "fn":
                anchor = self.anchor(part)
                if anchor is not None:
                    parent = self._last_cited(anchor[0], anchor[0].start, anchor[1])
        if parent is None:
            return None, None, None, warnings  # this document's own paragraph
        self.para_parent[id(raw)] = parent
        self._para_annex[id(raw)] = annex
        kind = "decision-paragraph" if parent.raw.kind == "act" or isinstance(parent.ref, ids.Act) else "document-paragraph"
        if parent.ref is None:
            warnings.append("unresolved: the act or document this paragraph belongs to is unresolved")
            return None, None, kind, warnings
        if getattr(parent, "act_details", None):
            self.details[id(raw)] = dict(parent.act_details)  # the act's number, for its description
        target, steps = parent.ref, ()
        if isinstance(target, ids.Part):  # "paragraph 77(d) of annex I to decision 18/CMA.1"
            target, steps = target.parent, target.steps
        if any(k == "section" for k, _ in steps):
            # "paragraph 36 of section III of decision 1/CP.21" is the act's paragraph 36, but "paragraph 5(a) of
            # section XV of the annex to decision 27/CMP.1" is the section's own: which one the text does not say
            warnings.append("unresolved: a paragraph cited with its chapter or section (numbered through the act "
                            "or per chapter: not known)")
            return None, None, kind, warnings
        if annex and not any(k == "annex" for k, _ in steps):
            steps += (("annex", annex),)
        ref = ids.Part(target, steps + (("para", raw.para),))
        try:
            ids.path_of(ref)
        except ids.IdentifierError as exc:  # "paragraph 17(j–g)": a number no paragraph has
            warnings.append(f"unresolved: {exc}")
            return None, None, kind, warnings
        return ref, None, kind, warnings

    def _annex_between(self, parent: _Done, raw: Raw) -> str | None:
        """The annex step of "decision X/2, annex, paragraph 3" / "annex I to decision X/2, paragraph 3"."""
        src = self.seg.source
        m = _ANNEX_BETWEEN.match(src[parent.raw.end:raw.start])
        if m:
            n = m.group("n") or m.group("zh")
            if n and not n.isdigit() and not re.fullmatch(r"[IVXL]+", n):
                from .cite.common import chinese_number

                n = str(chinese_number(n))
            return n or "1"
        if re.fullmatch(r"\s*,\s*", src[parent.raw.end:raw.start]):
            b = _ANNEX_BEFORE.search(src, max(0, parent.raw.start - 20), parent.raw.start)
            if b:
                return b.group("n") or "1"
        return None

    def _following_cited(self, raw: Raw, part):
        """"paragraph 9 of decision X/20": ``(the act or document named right after the list, annex step)``;
        ``False`` when what follows ``of`` is something else (the paragraph is not a cited act's)."""
        end = max([raw.end] + [r.end for r in self.list_items.get(id(raw), [])])
        m = _POSTPOSED.match(self.seg.source, end)
        if not m:
            return None
        for d in self.done:
            if d.part is part and m.start() < d.raw.start <= m.end() + 40 and d.raw.kind in ("act", "document"):
                between = self.seg.source[min(m.end(), d.raw.start):d.raw.start]
                if re.fullmatch(r"\s*(?:(?:its|their|his|her|said|that|the)\s+)?", between):
                    return d, None
                annex = _ANNEX_OF.fullmatch(between)
                if annex:
                    return d, annex.group("n") or "1"
                if re.search(r"[,;.。，；]", between):
                    return None
                return False
        # "paragraph 5 of the report", "of this decision": a paragraph of something no citation names here
        return False if re.match(r"[A-Za-z]", self.seg.source[m.end():m.end() + 1]) else None

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
            elif d is not None:
                warnings.append("unresolved: the target this list continues is unresolved")
                return None, None, "target", warnings
        if scheme is None:
            q = self.qualifier(raw)
            if q.qualified and q.scheme:
                scheme = q.scheme
            elif q.qualified and q.why:
                warnings.append(f"unresolved: {q.why} (no target scheme of that name)")
                return None, None, "target", warnings
        if scheme is None:
            prior = [n for n in names if part.start <= n.start < raw.start
                     and (n.scheme or (n.unknown and _SCHEME_LIKE.search(n.unknown)))]
            if prior and prior[-1].unknown:
                warnings.append(f"unresolved: the nearest framework named before it, {prior[-1].unknown!r}, "
                                "is not a target scheme in the registry")
                return None, None, "target", warnings
            if prior:
                scheme = prior[-1].scheme
        if scheme is None:
            warnings.append("unresolved: no target scheme named before this target")
            return None, None, "target", warnings
        ref = ids.Target(scheme, raw.para)
        members = self._scheme_members(scheme)
        if members and raw.para not in members:
            warnings.append(f"unresolved: {scheme} has no target {raw.para} (its targets: {min(members, key=_num)}"
                            f"–{max(members, key=_num)})")
            return None, None, "target", warnings
        return ref, None, "target", warnings

    def _scheme_members(self, scheme: str) -> set[str]:
        """The target numbers the registry lists in a scheme (empty: it lists none, nothing to check)."""
        scheme_uri = URIRef(ids.mint(ids.TargetScheme(scheme), self.registry.base))
        out = set()
        for t in self.registry.graph.subjects(SKOS.inScheme, scheme_uri):
            out.add(str(t).rstrip("/").rsplit("/", 1)[-1])
        return out

    def instrument_part(self, raw, warnings):
        """A part of an instrument's own text (Part XI, annex I) of the instrument that qualifies it."""
        inst = self.instrument_from_qualifier(raw) or self.home
        if inst is None:
            warnings.append("unresolved: no instrument for this part")
            return None, None, "instrument-part", warnings
        try:
            ref = ids.Part(ids.Entity(inst), tuple(raw.part_steps))
            ids.path_of(ref)
        except ids.IdentifierError as exc:
            warnings.append(f"unresolved: {exc}")
            return None, inst, "instrument-part", warnings
        return ref, inst, "instrument-part", warnings


def _num(s: str) -> int:
    return int(s) if s.isdigit() else 0


def resolve(found: Found, seg: Segmentation, lex: Lexicon, registry: Registry,
            home: str | None, base: str = ids.DEFAULT_BASE) -> list[Mention]:
    """Resolve a document's raw mentions (in order) into :class:`Mention` objects."""
    return Resolver(seg, lex, registry, home, base).run(found)
