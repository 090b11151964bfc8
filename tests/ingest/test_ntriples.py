"""The N-Triples writer (treatygraph.ntriples) writes the lines rdflib's serializer writes, and the document
graph built as a TripleSet is the rdflib Graph ingestion always returned."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from treatygraph.ingest.rdf import ingest_document
from treatygraph.ntriples import NTriplesWriter, serialize, term_text
from treatygraph.namespaces import TG
from treatygraph.triples import TripleSet, literal

EX = "https://example.org/"
TEXTS = [
    "", "plain", 'say "yes"', "back\\slash", "two\nlines", "carriage\rreturn", "tab\there", "form\x0cfeed",
    "next\x85line", "line\u2028separator", "é à ü", "生物多样性公约", "Конвенция", "الاتفاقية",
    "emoji \U0001F333", '\\"\n\r\t mixed', "\ufffd replaced", "trailing backslash \\",
]


def _rdflib_lines(g: Graph) -> list[str]:
    return [line for line in g.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n") if line]


def _edge_graph() -> Graph:
    g = Graph()
    s, b = URIRef(EX + "s"), BNode("b1")
    for i, text in enumerate(TEXTS):
        g.add((s, URIRef(EX + f"plain{i}"), Literal(text)))
        g.add((s, URIRef(EX + f"en{i}"), Literal(text, lang="en")))
        g.add((s, URIRef(EX + f"tagged{i}"), Literal(text, lang="zh-Hans")))
        g.add((s, URIRef(EX + f"string{i}"), Literal(text, datatype=XSD.string)))
        g.add((s, URIRef(EX + f"custom{i}"), Literal(text, datatype=URIRef(EX + "type"))))
    for value in (0, 7, -3, 10**20, True, False, 2.5):
        g.add((s, URIRef(EX + "value"), Literal(value)))
    g.add((s, URIRef(EX + "date"), Literal("2024-05-01", datatype=XSD.date)))
    g.add((s, URIRef(EX + "year"), Literal("2024", datatype=XSD.gYear)))
    g.add((s, URIRef(EX + "bad-int"), Literal("x1", datatype=XSD.integer)))
    g.add((s, URIRef(EX + "node"), b))
    g.add((b, RDF.type, URIRef(EX + "Thing")))
    g.add((b, URIRef(EX + "label"), Literal("bn", lang="fr")))
    g.add((URIRef(EX + "é/中#frag-1"), URIRef(EX + "p"), URIRef("urn:x:1")))
    return g


def test_lines_equal_rdflibs_on_escapes_languages_datatypes_and_blank_nodes():
    g = _edge_graph()
    ours = NTriplesWriter().lines(g)
    assert len(ours) == len(g)
    assert set(ours) == set(_rdflib_lines(g))


def test_the_written_lines_parse_back_to_the_same_graph():
    g = _edge_graph()
    data = serialize(g)
    assert data.endswith(b" .\n") and data.count(b"\n") == len(g)
    assert isomorphic(Graph().parse(data=data.decode("utf-8"), format="nt"), g)
    # pyoxigraph reads our file as it reads rdflib's
    assert isomorphic(_read_with_pyoxigraph(data), _read_with_pyoxigraph(g.serialize(format="nt", encoding="utf-8")))
    assert len(_read_with_pyoxigraph(data)) == len(g)


def _read_with_pyoxigraph(data: bytes) -> Graph:
    back = Graph()
    for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        back.add(tuple(_rdflib_term(x) for x in (t.subject, t.predicate, t.object)))
    return back


def _rdflib_term(t):
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=URIRef(t.datatype.value), normalize=False)


def test_literals_equal_but_for_their_language_tags_case_keep_their_own_tag():
    """rdflib's literals ``"x"@en`` and ``"x"@EN`` are equal; each is still written with its own tag."""
    a, b = Literal("x", lang="en"), Literal("x", lang="EN")
    assert a == b
    writer = NTriplesWriter()
    lines = writer.lines([(URIRef(EX + "a"), URIRef(EX + "p"), a), (URIRef(EX + "b"), URIRef(EX + "p"), b)])
    assert lines == [f"<{EX}a> <{EX}p> \"x\"@en .", f"<{EX}b> <{EX}p> \"x\"@EN ."]


def test_an_iri_n_triples_cannot_carry_is_refused_as_rdflib_refuses_it():
    with pytest.raises(Exception, match="does not look like a valid URI"):
        term_text(URIRef(EX + "a b"))
    with pytest.raises(Exception, match="does not look like a valid URI"):
        URIRef(EX + "a b").n3()


def test_a_triple_set_is_a_graph_under_construction():
    s, p = URIRef(EX + "s"), URIRef(EX + "p")
    ts = TripleSet()
    zero_one = Literal("01", datatype=XSD.integer, normalize=False)  # another lexical form: another literal
    ts.add((s, p, Literal(1))).add((s, p, Literal(1))).add((s, p, Literal("1", datatype=XSD.integer)))
    ts.add((s, RDF.type, URIRef(EX + "T")))
    ts.add((s, p, zero_one))
    g = Graph()
    for t in [(s, p, Literal(1)), (s, RDF.type, URIRef(EX + "T")), (s, p, zero_one)]:
        g.add(t)
    assert len(ts) == len(g) == 3
    assert (s, p, Literal(1)) in ts and set(ts) == set(g)
    assert set(ts.graph()) == set(g)
    assert set(ts.ntriples_lines()) == set(_rdflib_lines(g))
    with pytest.raises(TypeError):
        TripleSet([(s, p, "not a term")]).graph()


DOCUMENTS = [
    "documents/itpgrfa-gb-5-item-13.zh.txt",
    "corpus/treaties/cbd.en.md",
    "corpus/un/bbnj-agreement-2023-fr/2023-06-19/text.txt",
    "corpus/unfccc/cop/cp2014_20 - 2014 - decision 1.txt",
]


@pytest.mark.parametrize("rel", DOCUMENTS)
def test_a_document_graphs_lines_are_rdflibs(rel, registry, settings):
    path = settings.data_dir / rel
    if not path.exists():
        pytest.skip(f"{rel} is not in this data folder")
    result = ingest_document(path, registry, settings)
    lines = result.ntriples_lines()  # from the triples as built: no rdflib Graph made
    assert result._graph is None
    assert len(lines) == len(set(lines)) == len(result.triples)
    graph = result.graph
    assert set(lines) == set(_rdflib_lines(graph))
    parsed = ox.Store()
    parsed.bulk_load(input=("\n".join(lines) + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert len(parsed) == len(graph)
    assert isomorphic(Graph().parse(data="\n".join(lines), format="nt"), graph)


def test_what_a_caller_adds_to_the_graph_is_written(ingested):
    """Once made, the rdflib Graph is the document graph: a statement added to it is in its lines."""
    extra = (URIRef(EX + "added"), RDF.type, URIRef(EX + "Thing"))
    before = len(ingested.ntriples_lines())
    ingested.graph.add(extra)
    try:
        lines = ingested.ntriples_lines()
        assert len(lines) == before + 1 and f"<{EX}added> <{RDF.type}> <{EX}Thing> ." in lines
    finally:
        ingested.graph.remove(extra)


@pytest.mark.parametrize("value,lang", [("text", None), ("text", "en"), ("", None), ("  spaced\n", "zh"),
                                        ("1", None), ("true", None), (0, None), (123456, None), (-7, None),
                                        (True, None), (False, None), (5, "en"), ("Текст", "ru"),
                                        ("text", "EN"), ("text", ""), ("text", "zh-Hans"), (10**20, None)])
def test_literal_is_rdflibs_literal(value, lang):
    ours, theirs = literal(value, lang), Literal(value, lang=lang)
    assert (str(ours), ours.language, ours.datatype, ours.value, ours.ill_typed, type(ours.value)) == \
        (str(theirs), theirs.language, theirs.datatype, theirs.value, theirs.ill_typed, type(theirs.value))
    assert type(ours) is type(theirs) and type(ours.datatype) is type(theirs.datatype)
    assert ours == theirs and hash(ours) == hash(theirs) and term_text(ours) == term_text(theirs)
    assert ours.n3() == theirs.n3() and ours.eq(theirs) and not ours.neq(theirs)


def test_literal_refuses_what_rdflib_refuses():
    with pytest.raises(ValueError):
        Literal("text", lang="not a tag")
    with pytest.raises(ValueError):
        literal("text", lang="not a tag")


def test_the_projects_namespaces_make_each_term_once():
    assert TG.Citation is TG.Citation is TG["Citation"]
    assert TG.Citation == URIRef(str(TG) + "Citation") and TG.title == URIRef(str(TG) + "title")
    with pytest.raises(AttributeError):
        TG.__wrapped__
