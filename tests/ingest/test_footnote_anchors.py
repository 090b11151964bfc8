"""Footnotes anchored where their mark stands (offsets, part, clause), and part of the annex holding it."""

from rdflib import URIRef

from treatygraph.ingest.rdf import ingest_document, ingest_text
from treatygraph.ingest.metadata import Metadata

TG = "https://w3id.org/treatygraph/ontology#"
PART_OF = URIRef("http://data.europa.eu/eli/ontology#is_part_of")
HAS_PART = URIRef("http://data.europa.eu/eli/ontology#has_part")
CP26 = "unfccc/cop/cp2021_26 - 2021 - Decisions 12 to 23.txt"


def _mark(graph, fn):
    return int(graph.value(fn, URIRef(TG + "markStartOffset"))), int(graph.value(fn, URIRef(TG + "markEndOffset")))


def test_footnotes_of_the_first_documents_annex_belong_to_the_annex(ingested, doc_path, settings):
    graph, base = ingested.graph, settings.base
    text = doc_path.read_text("utf-8")
    doc = base + "id/doc/itpgrfa-gb-5-item-13"
    annex2 = URIRef(doc + "/annex/2")
    for n in (20, 21, 22, 23):
        fn = URIRef(f"{doc}/fn/{n}")
        assert graph.value(fn, PART_OF) == annex2, n
        assert (annex2, HAS_PART, fn) in graph
        start, end = _mark(graph, fn)
        # the mark is the superscript number itself, inside the annex's text
        assert text[start:end] == "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(d)] for d in str(n))
    # a footnote marked in the report's body stays the document's, anchored in its paragraph
    fn1 = URIRef(doc + "/fn/1")
    assert graph.value(fn1, PART_OF) == URIRef(doc)
    para = graph.value(fn1, URIRef(TG + "footnoteOf"))
    start, _ = _mark(graph, fn1)
    assert int(graph.value(para, URIRef(TG + "startOffset"))) <= start < int(graph.value(para, URIRef(TG + "endOffset")))


def test_a_decisions_annex_footnote_is_part_of_that_annex(registry, settings, shared_dir):
    graph = ingest_document(shared_dir / "corpus" / CP26, registry, settings).graph
    text = (shared_dir / "corpus" / CP26).read_text("utf-8")
    act = settings.base + "id/unfccc/decision/19-CP.26"
    fn = URIRef(act + "/fn/7")
    assert graph.value(fn, PART_OF) == URIRef(act + "/annex/II")
    start, end = _mark(graph, fn)
    assert text[start:end] == "7"
    holder = graph.value(fn, URIRef(TG + "footnoteOf"))
    assert str(holder).startswith(act + "/annex/II/para/")


def test_the_mark_names_its_clause_not_only_its_paragraph(registry, settings):
    text = ("Decision 1/CP.99\n\nInvented decision\n\nThe Conference of the Parties,\n\n"
            "\t1.\tWelcomes the report of the forum1 and requests the secretariat to publish it2;\n"
            "\t2.\tDecides to continue;\n\n"
            "1 FCCC/CP/2099/1.\n2 In all six languages.\n")
    meta = Metadata(slug="invented-cp99", language="en", home_instrument="unfccc")
    graph = ingest_text(text, meta, registry, settings.base, kind="decisions").graph
    act = settings.base + "id/unfccc/decision/1-CP.99"
    clauses = {}
    for n in ("1", "2"):
        fn = URIRef(f"{act}/fn/{n}")
        clause = graph.value(fn, URIRef(TG + "markInClause"))
        assert clause is not None, n
        clauses[n] = str(graph.value(clause, URIRef(TG + "verb"))).rsplit("#", 1)[-1]
    assert clauses == {"1": "welcomes", "2": "requests"}
