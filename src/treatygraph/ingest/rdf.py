"""The document graph: structure, citations, operative verbs, facts and provenance.

Graph shape (prefixes as in docs/architecture.md):

- ``<id/doc/{slug}>`` a ``tg:Document``: ``dcterms:title`` per language,
  ``dcterms:date``, ``dcterms:language``, ``dcterms:identifier`` (symbol),
  ``tg:homeInstrument``, ``tg:body`` (issuing body), ``tg:session``,
  ``tg:agendaItem``, ``tg:sourceFile``;
- each part ``<…/para/5>`` typed (``tg:SummaryItem``, ``tg:Section``,
  ``tg:Paragraph``, ``tg:ParagraphItem``, ``tg:Footnote``, ``tg:Annex``,
  ``tg:DocumentPart``, ``tg:TableRow``, ``tg:PreambularParagraph``,
  ``tg:OperativeParagraph``), ``eli:is_part_of`` its parent (``eli:has_part``
  back), ``tg:number``, ``tg:text`` (lang-tagged), ``dcterms:language``,
  ``tg:startOffset``/``tg:endOffset``; footnotes ``tg:footnoteOf`` the part
  holding the marker (``tg:hasFootnote`` back);
- each mention ``<{part}#cite-{start}>`` a ``tg:Citation``:
  ``cito:hasCitingEntity`` part, ``cito:hasCitedEntity`` target (when
  resolved), ``tg:quote``, ``tg:startOffset``, ``tg:endOffset``, ``tg:line``,
  ``tg:citationKind``, ``tg:resolved``, ``tg:warning``*, ``prov:wasGeneratedBy``
  the run; plus ``part eli:cites target``;
- cited resources, minimally typed with their ``eli:is_part_of`` chain,
  ``tg:instrument``, ``tg:body``, ``tg:number``/``skos:notation``;
- clauses of preambular and operative paragraphs and their items (:mod:`.clauses`):
  ``<{part}#clause-{start}>`` a ``tg:Clause``, ``tg:clauseOf`` the part
  (``tg:hasClause`` back), ``tg:verb`` (a concept ``tg:requests``…),
  ``tg:verbText``, ``tg:addressee`` (registry agents, agents of their own (``tg:Agent``)
  with ``rdfs:label``) each with a ``tg:AddresseeMention`` (quote, offsets),
  ``tg:objectText`` with ``tg:objectStartOffset``/``tg:objectEndOffset``,
  ``tg:object`` (what citations inside the object resolve to),
  ``tg:startOffset``/``tg:endOffset``, ``tg:text``; an item continuing its
  paragraph's clause ``tg:continues`` it. The paragraph keeps
  ``tg:operativeVerb`` and ``tg:actor`` (every clause's verb and addressee);
- a citation's function when the text says it (:func:`.clauses.citation_function`):
  ``cito:hasCitationCharacterization`` a CiTO property (or a ``tg:`` one under
  ``cito:cites``), ``tg:functionCue`` the words saying it, ``tg:inClause``; and
  ``part <property> target``;
- facts from :mod:`.facts`, each with ``prov:wasDerivedFrom`` its part;
- the run ``<run/{slug}-{hash8}>`` a ``tg:ExtractionRun`` with
  ``prov:startedAtTime``, ``tg:codeVersion``, ``tg:inputHash``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .. import identifiers as ids
from ..collector import paused as collector_paused
from ..config import Settings
from ..namespaces import CITO, ELI, TG
from ..ntriples import ntriples_lines
from ..triples import TripleSet, literal
from ..registry import Registry
from .cite import Lexicon, find_all
from .expressions import describe_expressions, is_instrument_text
from .facts import extract_facts
from .metadata import IngestError, Metadata
from .reading import ReadDocument, read_document
from .source import read_source
from .model import Mention, Segment, text_literal
from .resolve import ProvisionIndex, resolve
from .layouts import segment_as
from .segment import Segmentation
from .arrangement_facts import extract_arrangement_facts
from .quoted_paragraphs import extract_quoted_paragraphs
from .clauses import Agents, Clause, citation_function, split as split_clauses

try:  # the installed distribution's version, else the source tree's
    from importlib.metadata import version as _version

    CODE_VERSION = _version("treatygraph")
except Exception:  # pragma: no cover - running from a bare checkout
    CODE_VERSION = "0+unknown"

#: ``rdf:type`` (rdflib looks a DefinedNamespace's term up anew on every attribute access)
RDF_TYPE = RDF.type
PART_CLASSES = {
    "summary": TG.SummaryItem, "section": TG.Section, "para": TG.Paragraph, "item": TG.ParagraphItem,
    "fn": TG.Footnote, "annex": TG.Annex, "part": TG.DocumentPart, "row": TG.TableRow,
    "pp": TG.PreambularParagraph, "op": TG.OperativeParagraph,
}
ACT_CLASSES = {"decision": TG.Decision, "resolution": TG.Resolution, "recommendation": TG.Recommendation}
PROVISION_CLASSES = {1: TG.Article, 2: TG.ArticleParagraph, 3: TG.ArticlePoint}


@dataclass
class IngestResult:
    slug: str
    #: the document graph's triples as built (:attr:`graph` is the rdflib Graph of them)
    triples: TripleSet
    graph_uri: str
    mentions: list[Mention]
    warnings: list[str] = field(default_factory=list)
    segmentation: Segmentation | None = None
    metadata: Metadata | None = None
    #: the document's URI key (``id/doc/{key}``): its symbol's path, else ``slug``
    key: str | None = None
    _graph: Graph | None = field(default=None, repr=False, compare=False)

    @property
    def graph(self) -> Graph:
        """The document graph as an rdflib Graph, made on first use; from then on it is the graph's
        truth (what a caller adds to it is in :attr:`statements`)."""
        if self._graph is None:
            self._graph = self.triples.graph()
        return self._graph

    @property
    def statements(self) -> TripleSet | Graph:
        """The graph's triples: the rdflib Graph once made, else the triples as built (no Graph made)."""
        return self._graph if self._graph is not None else self.triples

    def ntriples_lines(self) -> list[str]:
        """The graph's N-Triples lines (without ``\\n``), as rdflib's serializer writes them."""
        return ntriples_lines(self.statements)


def read_text(path: Path) -> str:
    """The document's text of a file (any supported format; see :mod:`.source`)."""
    return read_source(path).text


def extract_mentions(text: str, registry: Registry, home: str | None, base: str = ids.DEFAULT_BASE,
                     slug: str = "doc", kind: str | None = None,
                     provisions: ProvisionIndex | None = None, uri_of=None,
                     segmentation: Segmentation | None = None) -> tuple[Segmentation, list[Mention]]:
    """Segment ``text`` (with the layout of ``kind``, classified when None), find and resolve
    its citations; mentions carry their part URI (``slug`` is the document's URI key).
    ``provisions``: what the corpus's treaty texts hold (see :mod:`.resolve.provisions`);
    ``uri_of``: the parts' URIs as :func:`_part_uris` mints them, when the caller keeps them too;
    ``segmentation``: ``text`` already segmented so (:meth:`.reading.ReadDocument.segmented`)."""
    seg = segmentation if segmentation is not None else segment_as(text, kind, home=home, registry=registry)
    lex = Lexicon(registry, home)
    mentions = resolve(find_all(seg, lex), seg, lex, registry, home, base, provisions)
    uri_of = uri_of or _part_uris(slug, base)
    for m in mentions:
        part = m.details.get("part")
        if part is not None:
            m.part_uri = uri_of(part)
    return seg, mentions


def part_uri(slug: str, part: Segment, base: str = ids.DEFAULT_BASE) -> str:
    """The URI of a segment: the resource it is (``part.ref``), else a part of the document."""
    if part.ref is not None:
        return ids.mint(part.ref, base)
    return ids.mint(ids.Part(ids.Document(slug), part.steps), base)


def _part_uris(slug: str, base: str):
    """``part_uri(slug, part, base)``, minted once per part (a part's URI is asked for by its children,
    its footnotes, its mentions and the facts)."""
    made: dict[int, tuple[Segment, str]] = {}

    def uri_of(part: Segment) -> str:
        hit = made.get(id(part))
        if hit is None or hit[0] is not part:
            hit = made[id(part)] = (part, part_uri(slug, part, base))
        return hit[1]

    return uri_of


def ingest_document(text_path: Path, registry: Registry, settings: Settings, home: str | None = None,
                    provisions: ProvisionIndex | None = None, read: ReadDocument | None = None) -> IngestResult:
    """Ingest one document file into its named graph (see the module docstring). ``read``: the file as
    already read with the same ``home`` (and segmented, when it was: the build's provision index reads the
    files first)."""
    text_path = Path(text_path)
    with collector_paused():
        doc = read if read is not None else read_document(text_path, registry, home)
        return ingest_text(doc.text, doc.metadata, registry, settings.base, source_name=text_path.name,
                           provisions=provisions, segmentation=doc.segmentation)


def ingest_text(text: str, meta: Metadata, registry: Registry, base: str = ids.DEFAULT_BASE,
                source_name: str | None = None, kind: str | None = None,
                provisions: ProvisionIndex | None = None, segmentation: Segmentation | None = None) -> IngestResult:
    """Ingest already-decoded text with its metadata (``segmentation``: ``text`` already segmented with the
    layout of ``kind``, else of the metadata's kind)."""
    with collector_paused():
        return _ingest_text(text, meta, registry, base, source_name, kind, provisions, segmentation)


def _ingest_text(text: str, meta: Metadata, registry: Registry, base: str, source_name: str | None,
                 kind: str | None, provisions: ProvisionIndex | None,
                 segmentation: Segmentation | None = None) -> IngestResult:
    slug = meta.key or meta.slug  # parts and citations live under id/doc/{key}
    home = meta.home_instrument
    uri_of = _part_uris(slug, base)
    seg, mentions = extract_mentions(text, registry, home, base, slug, kind=kind or meta.kind, provisions=provisions,
                                     uri_of=uri_of, segmentation=segmentation)
    own = _own_uris(meta, base)
    mentions = [m for m in mentions if not _cites_itself(m, own)]
    lex = Lexicon(registry, home)
    agents = Agents(registry, home, base, lex)
    g = TripleSet()  # the rdflib Graph is made only when asked for (IngestResult.graph)
    doc = URIRef(ids.mint(ids.Document(slug), base))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    run = URIRef(ids.run_uri(f"{meta.slug}-{digest[:8]}", base))

    def uri(path: str) -> URIRef:
        return URIRef(base + path) if not path.startswith("http") else URIRef(path)

    refs: dict[str, URIRef] = {}

    def ref(u: str) -> URIRef:
        """``URIRef(u)``, made once per document (a part's URI is the subject of a dozen statements)."""
        hit = refs.get(u)
        if hit is None:
            hit = refs[u] = URIRef(u)
        return hit

    # --- run and document
    g.add((run, RDF_TYPE, TG.ExtractionRun))
    g.add((run, RDF_TYPE, PROV.Activity))
    g.add((run, PROV.startedAtTime, Literal(datetime.now(timezone.utc).replace(microsecond=0), datatype=XSD.dateTime)))
    g.add((run, TG.codeVersion, literal(CODE_VERSION)))
    g.add((run, TG.inputHash, literal(f"sha256:{digest}")))
    g.add((run, PROV.used, doc))
    g.add((doc, RDF_TYPE, TG.Document))
    g.add((doc, DCTERMS.language, literal(meta.language)))
    for lang, title in meta.title.items():
        g.add((doc, DCTERMS.title, literal(title, lang=lang)))
    if meta.date:
        dtype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(meta.date)]
        g.add((doc, DCTERMS.date, Literal(meta.date, datatype=dtype)))
    for symbol in meta.symbols or ([meta.symbol] if meta.symbol else []):
        g.add((doc, DCTERMS.identifier, literal(symbol)))
    if home:
        g.add((doc, TG.homeInstrument, URIRef(ids.mint(ids.Entity(home), base))))
    if meta.issuing_body:
        g.add((doc, TG.body, uri(meta.issuing_body)))
    if meta.session:
        g.add((doc, TG.session, uri(meta.session)))
        session = uri(meta.session)
        if meta.place:
            g.add((session, TG.place, literal(meta.place, lang="en")))
        for pred, value in ((TG.startDate, meta.start_date), (TG.endDate, meta.end_date)):
            if value:
                dtype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
                g.add((session, pred, Literal(value, datatype=dtype)))
    if meta.agenda_item:
        g.add((doc, TG.agendaItem, literal(meta.agenda_item)))
    if source_name:
        g.add((doc, TG.sourceFile, literal(source_name)))
    g.add((doc, PROV.wasGeneratedBy, run))

    # --- parts
    by_steps = {p.steps: p for p in seg.parts}
    clauses_of: dict[str, list[tuple[URIRef, Clause]]] = {}
    clause_uris: dict[int, URIRef] = {}  # id() of each clause added (kept alive in clauses_of) -> its URI
    last_clause: dict = {}
    footnote_marks: list[tuple[URIRef, int, str | None]] = []
    for p in seg.parts:
        pu = ref(uri_of(p))
        parent = ref(uri_of(by_steps[p.parent])) if p.parent in by_steps else _owner(p, doc, base)
        if isinstance(p.ref, ids.Act):
            parent = _describe_resource_segment(g, pu, p, doc, base)
        elif isinstance(p.ref, ids.Provision):  # an instrument's article, paragraph or point
            own = _describe_resource_segment(g, pu, p, doc, base)
            if not _of_instrument(by_steps[p.parent].ref if p.parent in by_steps else None, p.ref.inst):
                parent = own  # an annexed treaty's article is part of its instrument, not of the act's annex
        else:
            g.add((pu, RDF_TYPE, PART_CLASSES.get(p.kind, TG.DocumentPart)))
            g.add((pu, RDF_TYPE, TG.DocumentPart))
        if isinstance(p.ref, ids.Part) and isinstance(p.ref.parent, ids.Act):
            parent = URIRef(ids.mint(p.ref.up(), base))  # an act's parts nest as their URIs do
        if p.kind == "fn" and p.extra.get("marker"):
            annex = _annex_holding(seg.parts, p.extra["marker"][0])
            if annex is not None:  # numbered through the act or document (its URI), part of the annex
                parent = ref(uri_of(annex))
        if p.kind in ("pp", "op") or (p.kind in ("para", "item") and isinstance(p.ref, ids.Part)
                                      and isinstance(p.ref.parent, ids.Act)):
            g.add((pu, RDF_TYPE, TG.ActParagraph))
        g.add((pu, ELI.is_part_of, parent))
        g.add((parent, ELI.has_part, pu))
        if p.title and p.ref is not None and not isinstance(p.ref, ids.Act):
            g.add((pu, DCTERMS.title, literal(text_literal(p.title), lang=p.lang)))  # an article's or a part's own title
        if p.number is not None and not isinstance(p.ref, ids.Provision):  # a provision's is its notation
            g.add((pu, TG.number, literal(p.number)))
        body = p.title if p.kind == "section" and p.title else p.text(text)
        g.add((pu, TG.text, literal(text_literal(body), lang=p.lang)))
        if not is_instrument_text(p):  # an instrument's part: language and place are its expression's
            g.add((pu, DCTERMS.language, literal(p.lang)))
            g.add((pu, TG.startOffset, literal(p.start)))
            g.add((pu, TG.endOffset, literal(p.end)))
            g.add((pu, PROV.wasGeneratedBy, run))
        marker = p.extra.get("marker")
        if p.kind == "fn" and marker:
            holder = seg.citing_part(marker[0])
            if holder is not None:
                hu = ref(uri_of(holder))
                g.add((pu, TG.footnoteOf, hu))
                g.add((hu, TG.hasFootnote, pu))
            # where the mark stands, not only which paragraph holds it
            g.add((pu, TG.markStartOffset, literal(marker[0])))
            g.add((pu, TG.markEndOffset, literal(marker[1])))
            footnote_marks.append((pu, marker[0], uri_of(holder) if holder is not None else None))
        if p.kind in ("pp", "op") or (p.kind == "item" and p.parent in by_steps
                                      and by_steps[p.parent].kind in ("op", "item")):
            inst = _act_instrument(p.ref) or home
            found = split_clauses(text, p, agents, inst, last_clause.get(p.parent))
            if found:
                last_clause[p.steps] = found[-1]
            elif p.parent in last_clause and p.kind == "item":
                last_clause[p.steps] = last_clause[p.parent]
            for c in found:
                cu = _add_clause(g, pu, p, c, text, run, clause_uris)
                clauses_of.setdefault(str(pu), []).append((cu, c))
                clause_uris[id(c)] = cu

    for fu, mark, holder_uri in footnote_marks:  # the clause whose words carry the mark
        cu = next((u for u, c in clauses_of.get(holder_uri or "", []) if c.start <= mark <= c.end), None)
        if cu is not None:
            g.add((fu, TG.markInClause, cu))

    # --- the language version of an instrument's text (one work, several languages)
    describe_expressions(g, text, seg.parts, doc, run, base, meta.title, registry.parent_instrument,
                         ids.Document(slug), meta.language)

    # --- citations
    by_uri_lang = {uri_of(p): p.lang for p in seg.parts}
    warnings: list[str] = []
    used: set[str] = set()
    described_targets: set[tuple] = set()
    for m in mentions:
        if m.part_uri is None:
            continue
        key = f"{m.part_uri}#cite-{m.start}"
        if key in used:  # the implied middle items of a range quote the same words ("2–6" gives 3, 4, 5)
            tail = re.sub(r"[^A-Za-z0-9.]", "", (m.target_uri or "").rsplit("/", 1)[-1]) or "x"
            key = f"{key}-{tail}"
            while key in used:
                key += "x"
        used.add(key)
        cu = URIRef(key)
        citing = ref(m.part_uri)
        g.add((cu, RDF_TYPE, TG.Citation))
        g.add((cu, RDF_TYPE, CITO.Citation))
        g.add((cu, CITO.hasCitingEntity, citing))
        g.add((cu, TG.quote, literal(m.text)))
        g.add((cu, TG.startOffset, literal(m.start)))
        g.add((cu, TG.endOffset, literal(m.end)))
        g.add((cu, TG.line, literal(m.line)))
        g.add((cu, TG.citationKind, literal(m.kind)))
        g.add((cu, TG.resolved, literal(m.target_uri is not None)))
        g.add((cu, PROV.wasGeneratedBy, run))
        for w in m.warnings:
            g.add((cu, TG.warning, literal(w)))
            warnings.append(f"line {m.line}: {m.text!r}: {w}")
        if m.target_uri:
            target = ref(m.target_uri)
            g.add((cu, CITO.hasCitedEntity, target))
            if m.kind != "internal":  # a reference within the act is not a citation of another
                g.add((citing, ELI.cites, target))
            described = (m.target_uri, m.details.get("number"), m.details.get("body"), m.details.get("symbol"))
            if m.target_uri not in by_uri_lang and described not in described_targets:
                # the text's own parts are described by its segmentation; a target cited again with the
                # same details adds nothing new
                described_targets.add(described)
                _describe_target(g, target, m, base)
            holder = next(((u, c) for u, c in clauses_of.get(m.part_uri, []) if c.start <= m.start < c.end), None)
            if holder is not None and holder[1].object_start <= m.start:
                g.add((holder[0], TG.object, target))
            fn = citation_function(text, holder[1] if holder else None, m.start, m.end,
                                   by_uri_lang.get(m.part_uri, meta.language))
            if fn is not None:
                prop, cue_start, cue_end = fn
                g.add((cu, CITO.hasCitationCharacterization, prop))
                g.add((cu, TG.functionCue, literal(text[cue_start:cue_end])))
                g.add((citing, prop, target))
                if holder is not None:
                    g.add((cu, TG.inClause, holder[0]))

    # --- facts
    facts = extract_facts(seg, mentions, registry, lex, uri_of, base)
    for t in facts.triples:
        g.add(t)
    for t in extract_quoted_paragraphs(seg, mentions, uri_of, doc, base).triples:
        g.add(t)
    for t in extract_arrangement_facts(seg, registry, agents, uri_of, base, run).triples:
        g.add(t)
    return IngestResult(meta.slug, g, ids.document_graph_uri(meta.slug, base), mentions, warnings, seg, meta,
                        key=slug)


def _annex_holding(parts: list[Segment], offset: int) -> Segment | None:
    """The innermost annex whose text holds ``offset`` (a footnote's mark), or None."""
    holders = [a for a in parts if a.kind == "annex" and a.contains(offset)]
    return min(holders, key=lambda a: a.end - a.start) if holders else None


def _act_instrument(ref) -> str | None:
    """The instrument whose act holds a paragraph (``id/paris/decision/1-CMA.1/para/5`` -> ``paris``)."""
    while isinstance(ref, ids.Part):
        ref = ref.parent
    return ref.inst if isinstance(ref, ids.Act) else None


def _add_clause(g: TripleSet, pu: URIRef, p: Segment, c: Clause, text: str, run: URIRef,
                clause_uris: dict[int, URIRef]) -> URIRef:
    """One clause of a paragraph, with its verb, addressees and object (offsets into the source);
    ``clause_uris``: the URIs of the clauses added before it, by ``id()`` of the clause."""
    cu = URIRef(f"{pu}#clause-{c.start}")
    g.add((cu, RDF_TYPE, TG.Clause))
    g.add((cu, TG.clauseOf, pu))
    g.add((pu, TG.hasClause, cu))
    g.add((cu, TG.verb, TG[c.verb]))
    g.add((pu, TG.operativeVerb, TG[c.verb]))
    g.add((cu, TG.verbText, literal(text[c.verb_start:c.verb_end])))
    g.add((cu, TG.text, literal(text[c.start:c.end], lang=p.lang)))
    g.add((cu, TG.startOffset, literal(c.start)))
    g.add((cu, TG.endOffset, literal(c.end)))
    g.add((cu, PROV.wasGeneratedBy, run))
    if c.object_end > c.object_start:
        g.add((cu, TG.objectText, literal(text[c.object_start:c.object_end], lang=p.lang)))
        g.add((cu, TG.objectStartOffset, literal(c.object_start)))
        g.add((cu, TG.objectEndOffset, literal(c.object_end)))
    if c.continues is not None:
        parent = clause_uris.get(id(c.continues))
        if parent is not None:
            g.add((cu, TG.continues, parent))
    at_start: dict[int, int] = {}
    for a in c.addressees:
        agent = URIRef(a.uri)
        g.add((cu, TG.addressee, agent))
        g.add((pu, TG.actor, agent))
        # A pronoun ("encourages them") stands for every addressee it takes over: one mention each.
        k = at_start[a.start] = at_start.get(a.start, 0) + 1
        mention = URIRef(f"{cu}-addressee-{a.start}" + (f"-{k}" if k > 1 else ""))
        g.add((cu, TG.addresseeMention, mention))
        g.add((mention, RDF_TYPE, TG.AddresseeMention))
        g.add((mention, TG.agent, agent))
        g.add((mention, TG.quote, literal(a.label)))
        g.add((mention, TG.startOffset, literal(a.start)))
        g.add((mention, TG.endOffset, literal(a.end)))
        if not a.known:
            g.add((agent, RDF_TYPE, TG.Agent))
            g.add((agent, RDFS.label, literal(re.sub(r"\s+", " ", a.label), lang=p.lang)))
    return cu


def _own_uris(meta: Metadata, base: str) -> set[str]:
    """The document's own URIs: by its key, and by each symbol in its header."""
    own = {ids.mint(ids.Document(meta.key or meta.slug), base)}
    for symbol in meta.symbols or ([meta.symbol] if meta.symbol else []):
        try:
            own.add(ids.mint(ids.Document(ids.symbol_to_path(symbol)), base))
        except ids.IdentifierError:
            pass
    return own


def _cites_itself(m: Mention, own: set[str]) -> bool:
    """A document never cites itself: its own symbol in its header, or its own parts by their URI
    (``own``: :func:`_own_uris`)."""
    if not m.target_uri:
        return False
    # an addendum or corrigendum (FCCC/SBI/2023/10/Add.1) is another document, not a part of this one
    return any(m.target_uri == u or (m.target_uri.startswith(u + "/")
                                     and not re.match(r"(?:Add|Corr|Rev)\.\d", m.target_uri[len(u) + 1:]))
               for u in own)


def _owner(p: Segment, doc: URIRef, base: str) -> URIRef:
    """What a top-level segment is part of: the instrument it belongs to, else the document."""
    ref = p.ref
    if isinstance(ref, ids.Provision):
        return URIRef(ids.mint(ids.Entity(ref.inst), base))
    if isinstance(ref, ids.Part) and not isinstance(ref.parent, ids.Document):
        return URIRef(ids.mint(ref.parent, base))
    return doc


def _of_instrument(ref, inst: str) -> bool:
    """True when ``ref`` is a resource of instrument ``inst``'s own text (a provision, a part of it)."""
    if isinstance(ref, ids.Provision):
        return ref.inst == inst
    return isinstance(ref, ids.Part) and ref.parent == ids.Entity(inst)


def _describe_resource_segment(g: TripleSet, pu: URIRef, p: Segment, doc: URIRef, base: str) -> URIRef:
    """A segment that *is* an act or a provision: typed as such; returns what it is part of.

    An act published in the document is part of it (the compilation lists the
    acts it publishes with ``eli:has_part``); a provision is part of its parent
    provision, an article of its instrument, as when it is cited.
    """
    if isinstance(p.ref, ids.Act):
        details = {"number": p.number, "body": p.extra.get("body")}
        _describe_act(g, pu, p.ref, details, base)
        if p.title:
            g.add((pu, DCTERMS.title, literal(p.title, lang=p.lang)))
        return doc
    ref = p.ref
    g.add((pu, RDF_TYPE, PROVISION_CLASSES.get(len(ref.steps), TG.Provision)))
    g.add((pu, TG.instrument, URIRef(ids.mint(ids.Entity(ref.inst), base))))
    g.add((pu, SKOS.notation, literal(_provision_number(ref.steps))))
    g.add((pu, TG.number, literal(_provision_number(ref.steps))))
    parent = ref.parent()
    return URIRef(ids.mint(parent if parent is not None else ids.Entity(ref.inst), base))


def _describe_target(g: TripleSet, target: URIRef, m: Mention, base: str) -> None:
    """Minimal typing of a cited resource and its part-of chain."""
    ref = ids.parse(str(target), base)
    details = m.details
    if isinstance(ref, ids.Provision):
        inst = URIRef(ids.mint(ids.Entity(ref.inst), base))
        node: ids.Provision | None = ref
        while node is not None:
            u = URIRef(ids.mint(node, base))
            g.add((u, RDF_TYPE, PROVISION_CLASSES.get(len(node.steps), TG.Provision)))
            g.add((u, TG.instrument, inst))
            notation = _provision_number(node.steps)
            g.add((u, TG.number, literal(notation)))
            g.add((u, SKOS.notation, literal(notation)))
            parent = node.parent()
            g.add((u, ELI.is_part_of, URIRef(ids.mint(parent, base)) if parent else inst))
            node = parent
    elif isinstance(ref, ids.Act):
        _describe_act(g, target, ref, details, base)
    elif isinstance(ref, ids.Part):
        kind, value = ref.steps[-1]
        if kind == "art" and "." in value:  # annex/I/art/4.2 is in annex/I/art/4, as the treaty layout nests it
            parent = URIRef(ids.mint(ids.Part(ref.parent, ref.steps[:-1] + ((kind, value.rsplit(".", 1)[0]),)), base))
        else:
            parent = URIRef(ids.mint(ref.up(), base))
        g.add((target, RDF_TYPE, TG.ActParagraph if isinstance(ref.parent, ids.Act) else TG.DocumentPart))
        g.add((target, ELI.is_part_of, parent))
        g.add((target, TG.number, literal(ref.steps[-1][1])))
        if isinstance(ref.parent, ids.Act):
            act_details = {k: details[k] for k in ("number", "body") if details.get(k) is not None}  # "": the issuer
            _describe_act(g, URIRef(ids.mint(ref.parent, base)), ref.parent, act_details, base)
        elif isinstance(ref.parent, ids.Document):
            g.add((parent, RDF_TYPE, TG.Document))
    elif isinstance(ref, ids.Document):
        g.add((target, RDF_TYPE, TG.Document))
        g.add((target, DCTERMS.identifier, literal(ids.path_to_symbol(ref.key))))
    elif isinstance(ref, ids.Target):
        g.add((target, RDF_TYPE, TG.Target))
        g.add((target, SKOS.notation, literal(ref.number)))
        g.add((target, SKOS.inScheme, URIRef(ids.mint(ids.TargetScheme(ref.scheme), base))))


def _describe_act(g: TripleSet, u: URIRef, ref: ids.Act, details: dict, base: str) -> None:
    g.add((u, RDF_TYPE, ACT_CLASSES.get(ref.kind, TG.Act)))
    issuer = URIRef(ids.mint(ids.Entity(ref.inst), base))
    if details.get("body") == "":  # numbered by the organization itself (the General Assembly): it is the body
        g.add((u, TG.body, issuer))
    else:
        g.add((u, TG.instrument, issuer))
    if details.get("body"):
        g.add((u, TG.body, URIRef(ids.mint(ids.Body(ref.inst, details["body"]), base))))
    if details.get("number"):
        g.add((u, TG.number, literal(details["number"])))
        g.add((u, SKOS.notation, literal(details["number"])))
    if details.get("symbol") and "/DEC/" in details["symbol"].upper():
        g.add((u, DCTERMS.identifier, literal(details["symbol"])))


def _provision_number(steps: tuple[str, ...]) -> str:
    """``('19','3','g') -> '19.3(g)'``."""
    return ids.provision_notation(steps)


__all__ = ["IngestResult", "IngestError", "ingest_document", "ingest_text", "extract_mentions", "read_text"]
