"""A small but realistic treatygraph dataset for the linked-data tests.

It follows the vocabulary contract of ``docs/architecture.md``: the Plant
Treaty with Article 19 > 19.3 > 19.3.g (``eli:is_part_of``), the CBD, the
Nagoya Protocol and CMS, their secretariats, a governing-body session, a
resolution, the Liaison Group of Biodiversity-related Conventions with
memberships (blank nodes, nested time intervals), a memorandum of cooperation
with an activity, and one ingested document whose parts cite Article 19.3(g)
through ``tg:Citation`` nodes (quote, offsets, citing part, provenance) and
``eli:cites``. Labels are in Chinese and English.

Offsets are computed from a synthetic source text so that the citation's
``tg:startOffset`` minus its part's ``tg:startOffset`` points at the quote.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DCTERMS

from treatygraph import identifiers as ids
from treatygraph.namespaces import CITO, ELI, ORG, TG, bind_prefixes

DOC_SLUG = "itpgrfa-gb-5-item-13"
DOC_SYMBOL = "IT/GB-5/13/14"
RUN_ID = f"{DOC_SLUG}-0a1b2c3d"

#: The citing paragraphs: (part steps, part class, text, [(quote, cited provision steps)]);
#: steps start with the instrument code when it is not the Plant Treaty.
PARAGRAPHS = [
    (
        (("summary", "ii"),), TG.SummaryItem,
        "ii) 《条约》第 19.3 (g) 条规定管理机构应就本《条约》涉及的事宜与其它有关国际组织及条约机构，"
        "尤其是与《生物多样性公约》缔约方大会建立并保持合作。",
        [("《条约》第 19.3 (g) 条", ("19", "3", "g"))],
    ),
    (
        (("para", "5"),), TG.Paragraph,
        "5. 《条约》第 19.3(g)条规定管理机构应就《条约》所涉事宜与其它有关国际组织及条约机构，"
        "尤其是与《生物多样性公约》缔约方大会建立并保持合作。",
        [("《条约》第 19.3(g)条", ("19", "3", "g"))],
    ),
    (
        (("para", "1"),), TG.Paragraph,
        "1. 《条约》第 1.2 条规定，其宗旨“将通过本《条约》与粮农组织和《生物多样性公约》的密切联系而得以实现”。",
        [("《条约》第 1.2 条", ("1", "2"))],
    ),
    (
        (("annex", "3"), ("pp", "1")), TG.PreambularParagraph,
        "忆及《条约》第 1.2 条规定，《条约》的宗旨将通过《条约》与联合国粮食及农业组织和《生物多样性公约》"
        "密切联系来实现；《条约》第 19.3(g)和(l)规定，管理机构与《生物多样性公约》缔约方大会建立并保持合作；",
        [("《条约》第 1.2 条", ("1", "2")), ("《条约》第 19.3(g)", ("19", "3", "g")),
         ("(l)", ("19", "3", "l"))],
    ),
    (
        (("para", "9"),), TG.Paragraph,
        "9. 《名古屋议定书》第 4.3 条规定，应适当注意在其他相关国际组织下开展的有益和相关的工作。",
        [("第 4.3 条", ("nagoya", "4", "3"))],
    ),
]


def _label(g: Graph, node: URIRef, en: str, zh: str) -> None:
    for text, lang in ((en, "en"), (zh, "zh")):
        g.add((node, RDFS.label, Literal(text, lang=lang)))
        g.add((node, SKOS.prefLabel, Literal(text, lang=lang)))


def _ontology(base: str) -> Graph:
    g = bind_prefixes(Graph())
    onto = URIRef(str(TG)[:-1])
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, RDFS.label, Literal("treatygraph ontology", lang="en")))
    classes = [
        (TG.Instrument, "Instrument", "文书", "A multilateral environmental agreement."),
        (TG.Treaty, "Treaty", "条约", "An instrument called a treaty."),
        (TG.Provision, "Provision", "条款", "An article, paragraph or point of an instrument."),
        (TG.Article, "Article", "条", "An article of an instrument."),
        (TG.Citation, "Citation", "引用", "One mention of a resource in a document part."),
        (TG.LiaisonGroup, "Liaison group", "联络小组", "A group of secretariats."),
    ]
    for cls, en, zh, comment in classes:
        g.add((cls, RDF.type, OWL.Class))
        _label(g, cls, en, zh)
        g.add((cls, RDFS.comment, Literal(comment, lang="en")))
        g.add((cls, RDFS.isDefinedBy, onto))
    g.add((TG.Treaty, RDFS.subClassOf, TG.Instrument))
    g.add((TG.Article, RDFS.subClassOf, TG.Provision))
    props = [
        (TG.instrument, OWL.ObjectProperty, "instrument", "所属文书", "The instrument something belongs to."),
        (TG.quote, OWL.DatatypeProperty, "quote", "引文", "The exact surface text of a citation."),
        (TG.party, OWL.ObjectProperty, "party", "当事方", "A party to an arrangement."),
    ]
    for prop, kind, en, zh, comment in props:
        g.add((prop, RDF.type, kind))
        _label(g, prop, en, zh)
        g.add((prop, RDFS.comment, Literal(comment, lang="en")))
        g.add((prop, RDFS.isDefinedBy, onto))
    return g


def _registry(base: str) -> Graph:
    g = bind_prefixes(Graph())
    m = lambda ref: URIRef(ids.mint(ref, base))  # noqa: E731
    instruments = {
        "itpgrfa": (TG.Treaty, "International Treaty on Plant Genetic Resources for Food and Agriculture",
                    "粮食和农业植物遗传资源国际条约", "ITPGRFA"),
        "cbd": (TG.Convention, "Convention on Biological Diversity", "生物多样性公约", "CBD"),
        "nagoya": (TG.Protocol, "Nagoya Protocol", "名古屋议定书", "Nagoya Protocol"),
        "cms": (TG.Convention, "Convention on Migratory Species", "保护野生动物迁徙物种公约", "CMS"),
    }
    for code, (cls, en, zh, abbr) in instruments.items():
        inst = m(ids.Entity(code))
        g.add((inst, RDF.type, cls))
        g.add((inst, RDF.type, TG.Instrument))
        _label(g, inst, en, zh)
        g.add((inst, SKOS.altLabel, Literal(abbr, lang="en")))
        sec = m(ids.Actor(code, "secretariat"))
        g.add((sec, RDF.type, TG.Secretariat))
        g.add((sec, TG.secretariatOf, inst))
        g.add((inst, TG.hasSecretariat, sec))
        _label(g, sec, f"Secretariat of the {en}", f"{zh}秘书处")

    provisions = {
        ("itpgrfa", ("1",)): (TG.Article, "1", "Article 1", "第1条"),
        ("itpgrfa", ("1", "2")): (TG.ArticleParagraph, "1.2", "Article 1.2", "第1.2条"),
        ("itpgrfa", ("19",)): (TG.Article, "19", "Article 19", "第19条"),
        ("itpgrfa", ("19", "3")): (TG.ArticleParagraph, "19.3", "Article 19.3", "第19.3条"),
        ("itpgrfa", ("19", "3", "g")): (TG.ArticlePoint, "19.3(g)", "Article 19.3(g)", "第19.3(g)条"),
        ("itpgrfa", ("19", "3", "l")): (TG.ArticlePoint, "19.3(l)", "Article 19.3(l)", "第19.3(l)条"),
        ("nagoya", ("4",)): (TG.Article, "4", "Article 4", "第4条"),
        ("nagoya", ("4", "3")): (TG.ArticleParagraph, "4.3", "Article 4.3", "第4.3条"),
    }
    for (inst, steps), (cls, number, en, zh) in provisions.items():
        ref = ids.Provision(inst, steps)
        node = m(ref)
        g.add((node, RDF.type, cls))
        g.add((node, TG.instrument, m(ids.Entity(inst))))
        g.add((node, TG.number, Literal(number)))
        g.add((node, SKOS.notation, Literal(number)))
        _label(g, node, en, zh)
        parent = ref.parent()
        whole = m(parent) if parent else m(ids.Entity(inst))
        g.add((node, ELI.is_part_of, whole))
        g.add((whole, ELI.has_part, node))

    gb = m(ids.Body("itpgrfa", "gb"))
    g.add((gb, RDF.type, TG.GoverningBody))
    g.add((gb, TG.instrument, m(ids.Entity("itpgrfa"))))
    _label(g, gb, "Governing Body of the International Treaty", "管理机构")
    session = m(ids.Session("itpgrfa", "gb", 5))
    g.add((session, RDF.type, TG.Session))
    g.add((session, TG.body, gb))
    g.add((session, TG.sessionNumber, Literal(5)))
    g.add((session, TG.place, Literal("Muscat, Oman", lang="en")))
    g.add((session, TG.startDate, Literal("2013-09-24", datatype=XSD.date)))
    _label(g, session, "Fifth session of the Governing Body", "管理机构第五届会议")
    res = m(ids.Act("itpgrfa", "resolution", ids.number_to_path("8/2011")))
    g.add((res, RDF.type, TG.Resolution))
    g.add((res, TG.body, gb))
    g.add((res, TG.instrument, m(ids.Entity("itpgrfa"))))
    g.add((res, TG.number, Literal("8/2011")))
    _label(g, res, "Resolution 8/2011", "第8/2011号决议")

    blg = m(ids.Group("blg"))
    g.add((blg, RDF.type, TG.LiaisonGroup))
    _label(g, blg, "Liaison Group of Biodiversity-related Conventions", "生物多样性相关公约联络小组")
    g.add((blg, SKOS.altLabel, Literal("BLG", lang="en")))
    g.add((blg, TG.groupSecretariat, m(ids.Actor("cbd", "secretariat"))))
    for code, year in (("cbd", "2004-05-01"), ("cms", "2004-05-01"), ("itpgrfa", "2011-09-04")):
        membership, interval, beginning = BNode(), BNode(), BNode()
        g.add((membership, RDF.type, ORG.Membership))
        g.add((membership, ORG.member, m(ids.Actor(code, "secretariat"))))
        g.add((membership, ORG.organization, blg))
        g.add((membership, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.Interval))
        g.add((interval, TIME.hasBeginning, beginning))
        g.add((beginning, RDF.type, TIME.Instant))
        g.add((beginning, TIME.inXSDDate, Literal(year, datatype=XSD.date)))

    moc = m(ids.Arrangement("itpgrfa-cbd-moc-2010"))
    g.add((moc, RDF.type, TG.MemorandumOfCooperation))
    _label(g, moc, "Memorandum of Cooperation between the Treaty and CBD Secretariats", "合作备忘录")
    g.add((moc, TG.party, m(ids.Actor("itpgrfa", "secretariat"))))
    g.add((moc, TG.party, m(ids.Actor("cbd", "secretariat"))))
    g.add((moc, TG.signedOn, Literal("2010-10", datatype=XSD.gYearMonth)))
    act = m(ids.Arrangement("itpgrfa-cbd-moc-2010", "1"))
    g.add((act, RDF.type, TG.ArrangementActivity))
    g.add((moc, TG.activity, act))
    g.add((act, TG.timeframe, Literal("2012-14")))
    _label(g, act, "Joint initiative on plant genetic resources", "联合举措")
    jwp = m(ids.Arrangement("cbd-cms-jwp-2012-2014"))
    g.add((jwp, RDF.type, TG.JointWorkPlan))
    _label(g, jwp, "CBD-CMS joint work plan 2012-2014", "生物多样性公约和迁徙物种公约联合工作计划")
    g.add((jwp, TG.party, m(ids.Actor("cbd", "secretariat"))))
    g.add((jwp, TG.party, m(ids.Entity("cms"))))
    return g


def source_text() -> str:
    """The synthetic source file: the paragraphs one per line, after a title line."""
    return "\n".join(["与《生物多样性公约》合作的报告"] + [p[2] for p in PARAGRAPHS]) + "\n"


def _document(base: str) -> Graph:
    g = bind_prefixes(Graph())
    m = lambda ref: URIRef(ids.mint(ref, base))  # noqa: E731
    doc_ref = ids.Document(ids.symbol_to_path(DOC_SYMBOL))
    doc = m(doc_ref)
    run = URIRef(ids.run_uri(RUN_ID, base))
    g.add((doc, RDF.type, TG.Document))
    g.add((doc, DCTERMS.identifier, Literal(DOC_SYMBOL)))
    g.add((doc, DCTERMS.title, Literal("与《生物多样性公约》合作的报告", lang="zh")))
    _label(g, doc, f"{DOC_SYMBOL}: Report on cooperation with the CBD", "与《生物多样性公约》合作的报告")
    g.add((doc, TG.homeInstrument, m(ids.Entity("itpgrfa"))))
    g.add((doc, TG.session, m(ids.Session("itpgrfa", "gb", 5))))
    g.add((doc, DCTERMS.language, Literal("zh")))
    g.add((doc, TG.sourceFile, Literal(f"data/documents/{DOC_SLUG}.zh.txt")))
    g.add((run, RDF.type, TG.ExtractionRun))
    g.add((run, PROV.used, doc))
    _label(g, run, f"Extraction run {RUN_ID}", f"抽取运行 {RUN_ID}")

    text = source_text()
    line_no = 1
    for steps, cls, part_text, mentions in PARAGRAPHS:
        line_no += 1
        start = text.index(part_text)
        ref = ids.Part(doc_ref, steps)
        part = m(ref)
        g.add((part, RDF.type, cls))
        g.add((part, RDF.type, TG.DocumentPart))
        up = ref.up()
        g.add((part, ELI.is_part_of, m(up)))
        g.add((m(up), ELI.has_part, part))
        if isinstance(up, ids.Part):
            g.add((m(up), RDF.type, TG.Annex))
            g.add((m(up), ELI.is_part_of, doc))
            _label(g, m(up), "Annex 3", "附录 3")
        label = " ".join(f"{k} {v}" for k, v in steps)
        _label(g, part, f"{DOC_SYMBOL} {label}", f"{DOC_SYMBOL} {label}")
        g.add((part, TG.text, Literal(part_text, lang="zh")))
        g.add((part, TG.startOffset, Literal(start)))
        g.add((part, TG.endOffset, Literal(start + len(part_text))))
        g.add((part, PROV.wasGeneratedBy, run))
        search_from = 0
        for quote, cited_steps in mentions:
            at = part_text.index(quote, search_from)
            search_from = at + len(quote)
            inst = "itpgrfa" if cited_steps[0][0].isdigit() else cited_steps[0]
            cited = m(ids.Provision(inst, cited_steps[1:] if inst != "itpgrfa" else cited_steps))
            citation = BNode()
            g.add((citation, RDF.type, TG.Citation))
            g.add((citation, CITO.hasCitingEntity, part))
            g.add((citation, CITO.hasCitedEntity, cited))
            g.add((citation, TG.quote, Literal(quote)))
            g.add((citation, TG.startOffset, Literal(start + at)))
            g.add((citation, TG.endOffset, Literal(start + at + len(quote))))
            g.add((citation, TG.line, Literal(line_no)))
            g.add((citation, TG.citationKind, Literal("article")))
            g.add((citation, TG.resolved, Literal(True)))
            g.add((citation, PROV.wasGeneratedBy, run))
            g.add((part, ELI.cites, cited))
    return g


def sample_graphs(base: str = ids.DEFAULT_BASE) -> dict[str, Graph]:
    """The named graphs of the sample dataset: ``{graph URI: rdflib Graph}``."""
    return {
        ids.graph_uri("ontology", base): _ontology(base),
        ids.graph_uri("registry", base): _registry(base),
        ids.document_graph_uri(DOC_SLUG, base): _document(base),
    }


def article_uri(base: str = ids.DEFAULT_BASE) -> str:
    """Article 19.3(g) of the Plant Treaty, the resource most tests look at."""
    return ids.mint(ids.Provision("itpgrfa", ("19", "3", "g")), base)
