"""Facts about cooperation arrangements that a document's text states, each marked as extracted.

- the signing of an arrangement on the margins of an event (``在巴西里约热内卢举行的联合国可持续发展峰会
  （里约会议二十周年峰会）间隙，秘书与《生物多样性公约》执行秘书编写并签署了《联合举措》文件``):
  ``tg:signatory`` (each signer, resolved as clause addressees are), ``tg:signedAt`` (the place as
  written) and ``tg:signedOnMarginsOf`` (the event as written);
- the month or day of a signing (``双方秘书处于 2010 年 10 月签署的《合作备忘录》``): ``tg:signedOn``;
- the focal points of a work plan (``Focal Points: … - CBD Secretariat – the Principal Officer …``):
  a ``tg:FocalPoint`` (``{part}#focal-point-{offset}``) labelled with the officer's title, for the
  party it names (``tg:forParty``), linked by ``tg:focalPoint``.

The arrangement is the registry's: by a label of its own (《联合举措》), by a short title that only one
arrangement of the home instrument's secretariat carries (《合作备忘录》 in a Treaty document), or, for
focal points, the arrangement whose label is the annex's or sub-document's title. Each fact is asserted
and described by a ``tg:StatedFact`` (``rdf:subject`` / ``rdf:predicate`` / ``rdf:object``, the quoted
words with their offsets, ``prov:wasDerivedFrom`` the part): a registry fact with no stated fact is
curated, whatever else it says.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from .. import identifiers as ids
from ..namespaces import TG
from ..registry import Registry, normalise_alias
from .clauses import Agents, agents_in_span
from .facts import Facts, arrangements_by_title, title_key
from .segment import Segmentation

_SIGNED_AT_EVENT_ZH = re.compile(
    r"在(?P<place>[^，。；,\s]{2,20}?)举行的(?P<event>[^，。；]{2,60}?)(?:间隙|期间|会外|边会上)[，,]\s*"
    r"(?P<who>[^，。；]{2,60}?)(?:编写并|共同)?签署了(?:\s*)(?P<doc>《[^》]{1,60}》)")
_SIGNED_ON_ZH = re.compile(
    r"于\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?\s*签署的\s*(?P<doc>《[^》]{1,60}》)")
_FOCAL_POINTS_EN = re.compile(r"Focal\s+Points?\s*:[^\n]*\n(?P<list>(?:[ \t]*\n|[ \t]*[-•*][^\n]*\n?)+)", re.I)
_FOCAL_LINE_EN = re.compile(r"[ \t]*[-•*]\s*(?P<party>[^\n–—]+?)\s+[–—-]\s+(?P<officer>[^\n]+?)\.?[ \t]*$", re.M)


class _Arrangements:
    """Registry arrangements by label, and by a short title among the home secretariat's."""

    def __init__(self, registry: Registry, home: str | None, base: str):
        self.registry = registry
        self.base = base
        self.by_title = arrangements_by_title(registry)
        sec = registry.graph.value(URIRef(ids.mint(ids.Entity(home), base)), TG.hasSecretariat) if home else None
        self.home_secretariat = sec

    def named(self, title: str) -> URIRef | None:
        for key in (title_key(title), title_key(title.strip("《》"))):
            if key in self.by_title:
                return URIRef(ids.mint(ids.Arrangement(self.by_title[key]), self.base))
        if self.home_secretariat is None:
            return None
        short = normalise_alias(title.strip("《》"))
        g = self.registry.graph
        found = set()
        for arr in g.subjects(TG.party, self.home_secretariat):
            labels = [normalise_alias(str(o)).rstrip("》") for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
                      for o in g.objects(arr, p)]
            if any(lab.endswith(short) for lab in labels):  # the title's head: "…合作备忘录", not "…联合举措"
                found.add(arr)
        return next(iter(found)) if len(found) == 1 else None


def extract_arrangement_facts(seg: Segmentation, registry: Registry, agents: Agents, part_uri, base: str,
                              run: URIRef | None = None) -> Facts:
    """The arrangement facts stated in ``seg``'s text (see the module docstring)."""
    facts = Facts()
    src = seg.source
    arrangements = _Arrangements(registry, agents.home, base)

    def stated(subject, predicate, obj, start: int, end: int, tag: str) -> None:
        part = seg.citing_part(start)
        if part is None:
            return
        pu = URIRef(part_uri(part))
        facts.add(subject, predicate, obj)
        fact = URIRef(f"{pu}#fact-{start}-{tag}")
        facts.add(fact, RDF.type, TG.StatedFact)
        facts.add(fact, RDF.subject, subject)
        facts.add(fact, RDF.predicate, predicate)
        facts.add(fact, RDF.object, obj)
        facts.add(fact, TG.quote, Literal(src[start:end]))
        facts.add(fact, TG.startOffset, Literal(start))
        facts.add(fact, TG.endOffset, Literal(end))
        facts.add(fact, PROV.wasDerivedFrom, pu)
        if run is not None:
            facts.add(fact, PROV.wasGeneratedBy, run)

    for m in _SIGNED_AT_EVENT_ZH.finditer(src):
        arr = arrangements.named(m.group("doc"))
        if arr is None:
            continue
        lang = "zh"
        stated(arr, TG.signedAt, Literal(m.group("place"), lang=lang), m.start(), m.end(), "place")
        stated(arr, TG.signedOnMarginsOf, Literal(m.group("event"), lang=lang), m.start(), m.end(), "event")
        for k, a in enumerate(agents_in_span(src, m.start("who"), m.end("who"), "zh", agents, agents.home)):
            if a.known:
                stated(arr, TG.signatory, URIRef(a.uri), a.start, a.end, f"signatory-{k}")
    for m in _SIGNED_ON_ZH.finditer(src):
        arr = arrangements.named(m.group("doc"))
        if arr is None:
            continue
        y, mo = int(m.group("y")), int(m.group("m"))
        date = (Literal(f"{y:04d}-{mo:02d}-{int(m.group('d')):02d}", datatype=XSD.date) if m.group("d")
                else Literal(f"{y:04d}-{mo:02d}", datatype=XSD.gYearMonth))
        stated(arr, TG.signedOn, date, m.start(), m.end(), "date")
    containers = [p for p in seg.parts if p.kind in ("annex", "part") and p.title]
    for m in _FOCAL_POINTS_EN.finditer(src):
        holders = [c for c in containers if c.start <= m.start() < c.end
                   and title_key(c.title) in arrangements.by_title]
        if not holders:
            continue
        holder = min(holders, key=lambda c: c.end - c.start)
        arr = URIRef(ids.mint(ids.Arrangement(arrangements.by_title[title_key(holder.title)]), base))
        for k, line in enumerate(_FOCAL_LINE_EN.finditer(src, m.start("list"), m.end("list"))):
            parties = [a for a in agents_in_span(src, line.start("party"), line.end("party"), "en", agents,
                                                 agents.home) if a.known]
            part = seg.citing_part(line.start())
            if len(parties) != 1 or part is None:
                continue
            fp = URIRef(f"{part_uri(part)}#focal-point-{line.start('party')}")
            officer = re.sub(r"^the\s+", "", line.group("officer").strip(), flags=re.I)
            facts.add(fp, RDF.type, TG.FocalPoint)
            facts.add(fp, RDFS.label, Literal(officer, lang="en"))
            facts.add(fp, PROV.wasDerivedFrom, URIRef(part_uri(part)))
            stated(fp, TG.forParty, URIRef(parties[0].uri), line.start("party"), line.end(), f"party-{k}")
            stated(arr, TG.focalPoint, fp, line.start("party"), line.end(), f"focal-point-{k}")
    return facts
