"""Decision paragraphs quoted in a document carry the quoted words, with the quoting document as source."""

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from treatygraph.ingest.metadata import Metadata
from treatygraph.ingest.rdf import ingest_text

TG = "https://w3id.org/treatygraph/ontology#"
PROV = "http://www.w3.org/ns/prov#"


def _quotes(graph, para):
    return list(graph.objects(para, URIRef(TG + "quotation")))


def test_the_first_documents_annex_quotes_decisions_vii_26_and_x_20(ingested, doc_path, settings):
    g, base = ingested.graph, settings.base
    text = doc_path.read_text("utf-8")
    doc = URIRef(base + "id/doc/itpgrfa-gb-5-item-13")
    quoted = {}
    for q in g.subjects(URIRef(TG + "quotedParagraph"), None):
        para = g.value(q, URIRef(TG + "quotedParagraph"))
        quoted[str(para)[len(base):]] = str(g.value(q, URIRef(TG + "quotedText")))
        assert g.value(q, DCTERMS.source) == doc
        assert g.value(q, URIRef(PROV + "wasDerivedFrom")) == URIRef(base + "id/doc/itpgrfa-gb-5-item-13/annex/2")
        start, end = int(g.value(q, URIRef(TG + "startOffset"))), int(g.value(q, URIRef(TG + "endOffset")))
        assert quoted[str(para)[len(base):]][:40] in text[start:end].replace("*", "")
        # quoted-from-document provenance, never the act's own text
        assert (para, URIRef(TG + "text"), None) not in g
    assert set(quoted) == {"id/cbd/decision/VII-26/para/1", "id/cbd/decision/VII-26/para/2",
                           "id/cbd/decision/X-20/para/4", "id/cbd/decision/X-20/para/8",
                           "id/cbd/decision/X-20/para/9"}
    assert quoted["id/cbd/decision/X-20/para/4"].startswith("Requests the Executive Secretary to prepare")
    # the footnote printed inside the quotation (²⁰ ITPGRFA joined the BLG …) is not quoted text
    assert not any("ITPGRFA joined" in t for t in quoted.values())
    assert "World Heritage Convention)" in quoted["id/cbd/decision/VII-26/para/2"]


def test_a_single_paragraph_quoted_without_its_number(registry, settings):
    text = ("1. Paragraph 5 of decision X/20 reads:\n\n“Requests the Executive Secretary to report on progress;”\n\n"
            "2. The secretariat notes, as stated in decision XI/6: “the importance of cooperation”.\n")
    meta = Metadata(slug="invented-quote", language="en", home_instrument="cbd")
    g = ingest_text(text, meta, registry, settings.base).graph
    para = URIRef(settings.base + "id/cbd/decision/X-20/para/5")
    (q,) = _quotes(g, para)
    assert str(g.value(q, URIRef(TG + "quotedText"))) == "Requests the Executive Secretary to report on progress;"
    # a quotation whose lead-in names no paragraph gives none
    assert not any(str(s).startswith(settings.base + "id/cbd/decision/XI-6/para/")
                   for s in g.subjects(URIRef(TG + "quotation"), None))


def test_only_the_listed_paragraphs_are_taken(registry, settings):
    text = ("1. Decision X/20, paragraph 4, states that:\n\n“4. Requests the Executive Secretary to prepare proposals;\n"
            "7. Notes the work of the Group;”\n")
    meta = Metadata(slug="invented-quote-2", language="en", home_instrument="cbd")
    g = ingest_text(text, meta, registry, settings.base).graph
    base = settings.base + "id/cbd/decision/X-20/para/"
    assert _quotes(g, URIRef(base + "4")) and not _quotes(g, URIRef(base + "7"))
