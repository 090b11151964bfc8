"""Institutional facts with a regular structure, extracted with their source part.

- activities of a cooperation arrangement printed as a numbered list (a joint
  initiative's groups ``1.``–``3.`` with items ``a.``…) or as a table (a joint
  work plan's rows ``1.1 …<TAB>2012-14``): ``id/arrangement/{slug}/activity/{n}``
  with ``tg:number``, ``tg:text``, ``tg:timeframe``; sub-activities are
  ``eli:is_part_of`` their group. The arrangement is the registry's one whose
  label is the annex's (or sub-document's) title;
- targets cited inside an arrangement's text: ``tg:addressesTarget``;
- meetings stated with dates and place (``《生物多样性公约》第十一届缔约方大会于
  2012 年 10 月 8—19 日在印度海得拉巴举行``): ``tg:startDate``/``tg:endDate``
  (xsd:date) and ``tg:place``;
- sessions of a body stated with their dates in English (``held its first session from
  14 to 25 April 2025``; ``the first and second sessions of <body> from 14 to 25 April
  and from 18 to 29 August 2025, respectively``; ``a third session will be convened from
  23 March to 2 April 2026``): the session ``id/{inst}/{body}/{n}`` (``tg:Session``,
  ``tg:body``, ``tg:sessionNumber``) with ``tg:startDate``/``tg:endDate``. The body is
  the registry body named right after ``sessions of``, else the last one named before
  it in the same paragraph.

Every fact carries ``prov:wasDerivedFrom`` the part it was read from.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from .. import identifiers as ids
from ..namespaces import ELI, TG
from ..registry import Registry, normalise_alias
from .cite.common import Lexicon, chinese_number
from .cite.scan import finditer as scan
from .model import Mention, Segment
from .segment import Segmentation


@dataclass
class Facts:
    triples: list[tuple] = field(default_factory=list)

    def add(self, s, p, o) -> None:
        self.triples.append((s, p, o))


def title_key(title: str) -> str:
    """A title as the arrangements are keyed by it (aliases normalised, spaces and bold marks dropped)."""
    return re.sub(r"[\s*]+", "", normalise_alias(title))


#: each registry's table, read once (it walks every triple of the registry; a document asked twice)
_BY_TITLE: "weakref.WeakKeyDictionary[Registry, dict[str, str]]" = weakref.WeakKeyDictionary()


def arrangements_by_title(registry: Registry) -> dict[str, str]:
    """Normalised arrangement labels -> arrangement slug (from the registry; a copy of the table read
    once per registry)."""
    try:
        return dict(_BY_TITLE[registry])
    except KeyError:
        table = _BY_TITLE[registry] = _arrangements_by_title(registry)
        return dict(table)


def _arrangements_by_title(registry: Registry) -> dict[str, str]:
    out: dict[str, str] = {}
    from rdflib.namespace import RDFS, SKOS
    for s, p, o in registry.graph.triples((None, None, None)):
        if p not in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) or not isinstance(s, URIRef):
            continue
        try:
            ref = ids.parse(str(s), registry.base)
        except ids.IdentifierError:
            continue
        if isinstance(ref, ids.Arrangement) and ref.activity is None:
            out[title_key(str(o))] = ref.slug
    return out


def extract_facts(seg: Segmentation, mentions: list[Mention], registry: Registry, lex: Lexicon,
                  part_uri, base: str) -> Facts:
    """Facts stated in the document (see the module docstring)."""
    facts = Facts()
    titles = arrangements_by_title(registry)
    src = seg.source

    def slug_of(container: Segment) -> str | None:
        return titles.get(title_key(container.title or "")) if container.title else None

    containers = [p for p in seg.parts if p.kind in ("annex", "part")]
    for c in containers:
        slug = slug_of(c)
        if slug is None:
            continue
        arr = URIRef(ids.mint(ids.Arrangement(slug), base))
        c_uri = URIRef(part_uri(c))
        for p in seg.parts:
            if p.parent != c.steps and not (p.parent and p.parent[: len(c.steps)] == c.steps):
                continue
            if p.kind in ("row", "para") and p.parent == c.steps:
                _activity(facts, arr, slug, p.number, p, src, URIRef(part_uri(p)), base)
            elif p.kind == "item" and p.parent and len(p.parent) == len(c.steps) + 1:
                group = p.parent[-1][1]
                _activity(facts, arr, slug, f"{group}.{p.number}", p, src, URIRef(part_uri(p)), base,
                          parent=group)
        for m in mentions:
            if m.kind == "target" and m.target_uri and c.start <= m.start < c.end:
                facts.add(arr, TG.addressesTarget, URIRef(m.target_uri))
                facts.add(arr, PROV.wasDerivedFrom, URIRef(m.part_uri) if m.part_uri else c_uri)
    _meetings(facts, seg, lex, part_uri, base)
    _sessions_en(facts, seg, lex, part_uri, base)
    return facts


def _activity(facts: Facts, arr, slug, number, p: Segment, src, source_uri, base, parent=None) -> None:
    number = number if "." in number or parent is None else number
    try:
        act = URIRef(ids.mint(ids.Arrangement(slug, number), base))
    except ids.IdentifierError:
        return
    text = re.sub(r"<[^>]+>", "", p.text(src)).strip()
    text = re.sub(r"^\s*(?:\d+(?:\.\d+)?\.?|[-•]\s*[a-z][.)])\s*", "", text)
    facts.add(act, RDF.type, TG.ArrangementActivity)
    if parent is None:  # lettered sub-activities hang off their group only (eli:is_part_of)
        facts.add(act, TG.activityOf, arr)
        facts.add(arr, TG.activity, act)
    facts.add(act, TG.number, Literal(number))
    facts.add(act, TG.text, Literal(text, lang=p.lang))
    if p.extra.get("timeframe"):
        facts.add(act, TG.timeframe, Literal(p.extra["timeframe"]))
    group = parent or (number.split(".")[0] if "." in number else None)
    if group is not None and group != number:
        facts.add(act, ELI.is_part_of, URIRef(ids.mint(ids.Arrangement(slug, group), base)))
    facts.add(act, PROV.wasDerivedFrom, source_uri)


_CN = r"[一二三四五六七八九十百]+|\d+"
_MEETING_ZH = re.compile(
    r"第(?P<n>" + _CN + r")届(?P<body>[^\s，。第于]{2,8}?)\s*于\s*"
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*(?:[—–-]\s*(?P<d2>\d{1,2})\s*)?日\s*"
    r"在(?P<place>[^，。；\s]{2,16}?)举行"
)


def _meetings(facts: Facts, seg: Segmentation, lex: Lexicon, part_uri, base: str) -> None:
    src = seg.source
    for m in _MEETING_ZH.finditer(src):
        part = seg.citing_part(m.start())
        if part is None:
            continue
        n = int(m.group("n")) if m.group("n").isdigit() else chinese_number(m.group("n"))
        insts = lex.bodies.get(normalise_alias(m.group("body")), {})
        # the instrument named right before the ordinal decides among bodies of that name
        inst = None
        if lex.name_regex is not None:
            before = [x for x in lex.name_regex.finditer(src, part.start, m.start()) if x.end() >= m.start() - 1]
            if before:
                code, short = lex.classify_name(before[-1].group())
                inst = code
        if inst is None and len(insts) == 1:
            inst = next(iter(insts))
        if inst is None or inst not in insts or not n:
            continue
        session = URIRef(ids.mint(ids.Session(inst, insts[inst], n), base))
        y, mo = int(m.group("y")), int(m.group("m"))
        d1 = int(m.group("d1"))
        d2 = int(m.group("d2")) if m.group("d2") else d1
        facts.add(session, TG.startDate, Literal(f"{y:04d}-{mo:02d}-{d1:02d}", datatype=XSD.date))
        facts.add(session, TG.endDate, Literal(f"{y:04d}-{mo:02d}-{d2:02d}", datatype=XSD.date))
        facts.add(session, TG.place, Literal(m.group("place"), lang="zh"))
        facts.add(session, PROV.wasDerivedFrom, URIRef(part_uri(part)))


_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth"]
_ORD = r"(?:" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"
_SESSIONS_EN = re.compile(r"(?<![\w-])(?P<ords>" + _ORD + r"(?:(?:\s*,\s*|\s+and\s+)" + _ORD + r")*)\s+sessions?\b",
                          re.I)
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MONTH = r"(?:" + "|".join(m.capitalize() for m in _MONTHS) + r")"
_RANGE_EN = re.compile(
    r"from\s+(?P<d1>\d{1,2})(?:\s+(?P<m1>" + _MONTH + r"))?(?:\s+(?P<y1>\d{4}))?\s+(?:to|until)\s+"
    r"(?P<d2>\d{1,2})\s+(?P<m2>" + _MONTH + r")(?:\s+(?P<y2>\d{4}))?")


def _ordinal(word: str) -> int | None:
    w = word.lower()
    if w in _ORDINALS:
        return _ORDINALS.index(w) + 1
    m = re.match(r"\d{1,2}", w)
    return int(m.group()) if m else None


def _ranges_after(src: str, pos: int, hi: int) -> list[tuple[str, str]]:
    """The date ranges of the clause from ``pos``, as (start, end) xsd:date strings; a year printed
    once (``from 14 to 25 April and from 18 to 29 August 2025``) holds for the ranges before it."""
    clause_end = re.compile(r";|\.\s|\n").search(src, pos, hi)
    hi = clause_end.start() if clause_end else hi
    found, at = [], pos
    for m in _RANGE_EN.finditer(src, pos, hi):
        gap = src[at:m.start()]
        if (found and not re.fullmatch(r"\s*,?\s*(?:and\s+)?", gap)) or (not found and len(gap) > 400):
            break  # the list has ended, or the dates are not this phrase's
        found.append(m)
        at = m.end()
    out, year = [], None
    for m in reversed(found):
        year = m.group("y2") or year
        if year is None:
            return []
        m1 = m.group("m1") or m.group("m2")
        y1 = m.group("y1") or (year if _MONTHS.index(m1.lower()) <= _MONTHS.index(m.group("m2").lower())
                               else str(int(year) - 1))
        out.append((f"{int(y1):04d}-{_MONTHS.index(m1.lower()) + 1:02d}-{int(m.group('d1')):02d}",
                    f"{int(year):04d}-{_MONTHS.index(m.group('m2').lower()) + 1:02d}-{int(m.group('d2')):02d}"))
    return out[::-1]


def _session_labels(inst: str, code: str, n: int) -> list[Literal]:
    """English and Chinese labels of a session known by its body and number (the shapes ask both)."""
    ordinal = _ORDINALS[n - 1].capitalize() if n <= len(_ORDINALS) else f"Session {n}"
    return [Literal(f"{ordinal} session ({inst.upper()} {code.upper()})", lang="en"),
            Literal(f"第{n}届会议（{inst.upper()} {code.upper()}）", lang="zh")]


def _sessions_en(facts: Facts, seg: Segmentation, lex: Lexicon, part_uri, base: str) -> None:
    src = seg.source
    if lex.body_regex is None:
        return
    for part in seg.parts:
        if part.kind not in ("para", "pp", "op", "item"):
            continue
        lo, hi = part.start, part.end
        bodies = []  # (start, end, inst, body code) of the registry bodies named in the paragraph
        # at the places of the body names' heads in the whole text, found once (see AliasPattern.finditer)
        for b in lex.body_regex.finditer(src, lo, hi, whole=src):
            owners = lex.bodies.get(normalise_alias(b.group()), {})
            if len(owners) == 1:
                bodies.append((b.start(), b.end(), *next(iter(owners.items()))))
        if not bodies:
            continue
        for m in scan(_SESSIONS_EN, src, lo, hi):  # only a paragraph holding "session" is read by re
            numbers = [_ordinal(w) for w in re.findall(_ORD, m.group("ords"), re.I)]
            of = re.match(r"\s+of\s+(?:the\s+)?", src[m.end():hi])
            named = next((b for b in bodies if of and m.end() < b[0] <= m.end() + of.end()), None)
            before = [b for b in bodies if b[1] <= m.start()]
            body = named or (before[-1] if before else None)
            if body is None or not all(numbers):
                continue
            ranges = _ranges_after(src, named[1] if named else m.end(), hi)
            if not ranges or len(ranges) < len(numbers) or (len(numbers) > 1 and len(ranges) != len(numbers)):
                continue
            _, _, inst, code = body
            for n, (start, end) in zip(numbers, ranges):  # "respectively": in order
                session = URIRef(ids.mint(ids.Session(inst, code, n), base))
                facts.add(session, RDF.type, TG.Session)
                facts.add(session, TG.body, URIRef(ids.mint(ids.Body(inst, code), base)))
                facts.add(session, TG.sessionNumber, Literal(n))
                for label in _session_labels(inst, code, n):  # named by us from its number (every session is)
                    facts.add(session, RDFS.label, label)
                    facts.add(session, SKOS.prefLabel, label)
                facts.add(session, TG.startDate, Literal(start, datatype=XSD.date))
                facts.add(session, TG.endDate, Literal(end, datatype=XSD.date))
                facts.add(session, PROV.wasDerivedFrom, URIRef(part_uri(part)))
