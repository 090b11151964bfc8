"""Arrangement facts the first document states (signing, place, event, date, focal points), marked extracted."""

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

TG = "https://w3id.org/treatygraph/ontology#"
PROV = "http://www.w3.org/ns/prov#"


def _stated(graph, s, p, o):
    """The stated facts describing (s, p, o)."""
    return [f for f in graph.subjects(RDF.subject, s)
            if (f, RDF.predicate, p) in graph and (f, RDF.object, o) in graph
            and (f, RDF.type, URIRef(TG + "StatedFact")) in graph]


def test_the_joint_initiative_signed_on_the_margins_of_rio_20(ingested, doc_path, settings):
    g, base = ingested.graph, settings.base
    text = doc_path.read_text("utf-8")
    ji = URIRef(base + "id/arrangement/cbd-itpgrfa-joint-initiative")
    place = Literal("巴西里约热内卢", lang="zh")
    event = Literal("联合国可持续发展峰会（里约会议二十周年峰会）", lang="zh")
    assert (ji, URIRef(TG + "signedAt"), place) in g
    assert (ji, URIRef(TG + "signedOnMarginsOf"), event) in g
    (fact,) = _stated(g, ji, URIRef(TG + "signedOnMarginsOf"), event)
    assert g.value(fact, URIRef(PROV + "wasDerivedFrom")) == URIRef(base + "id/doc/itpgrfa-gb-5-item-13/para/42")
    start, end = int(g.value(fact, URIRef(TG + "startOffset"))), int(g.value(fact, URIRef(TG + "endOffset")))
    assert text[start:end] == str(g.value(fact, URIRef(TG + "quote")))
    signers = {str(o)[len(base):] for o in g.objects(ji, URIRef(TG + "signatory"))}
    assert signers == {"id/itpgrfa/secretary", "id/cbd/executive-secretary"}
    for who in signers:
        assert _stated(g, ji, URIRef(TG + "signatory"), URIRef(base + who))


def test_the_memorandum_signed_in_october_2010(ingested, settings):
    g, base = ingested.graph, settings.base
    moc = URIRef(base + "id/arrangement/cbd-itpgrfa-moc")
    month = Literal("2010-10", datatype=XSD.gYearMonth)
    assert _stated(g, moc, URIRef(TG + "signedOn"), month)
    # the joint initiative's own label holds 合作备忘录 too: the short title is the memorandum's, not its
    ji = URIRef(base + "id/arrangement/cbd-itpgrfa-joint-initiative")
    assert (ji, URIRef(TG + "signedOn"), None) not in g


def test_the_focal_points_of_the_joint_work_plan(ingested, settings):
    g, base = ingested.graph, settings.base
    jwp = URIRef(base + "id/arrangement/cbd-cms-jwp-2012-2014")
    found = {}
    for fp in g.objects(jwp, URIRef(TG + "focalPoint")):
        assert (fp, RDF.type, URIRef(TG + "FocalPoint")) in g
        party = g.value(fp, URIRef(TG + "forParty"))
        found[str(party)[len(base):]] = str(g.value(fp, RDFS.label))
        assert _stated(g, jwp, URIRef(TG + "focalPoint"), fp) and _stated(g, fp, URIRef(TG + "forParty"), party)
    assert found == {"id/cbd/secretariat": "Principal Officer for Scientific, Technical and Technological Matters",
                     "id/cms/secretariat": "Inter-Agency Liaison Officer"}


def test_a_curated_fact_is_not_stated(ingested, registry, settings):
    """The registry's signing month of the joint initiative (Rio+20, June 2012) is curated: no stated fact."""
    g, base = ingested.graph, settings.base
    ji = URIRef(base + "id/arrangement/cbd-itpgrfa-joint-initiative")
    month = Literal("2012-06", datatype=XSD.gYearMonth)
    assert (ji, URIRef(TG + "signedOn"), month) in registry.graph
    assert not _stated(g, ji, URIRef(TG + "signedOn"), month)


def test_invented_sentences(registry, settings):
    from treatygraph.ingest.metadata import Metadata
    from treatygraph.ingest.rdf import ingest_text

    text = ("1. 在瑞士日内瓦举行的某次部长级会议间隙，秘书与《生物多样性公约》执行秘书共同签署了《联合举措》。\n"
            "2. 两家秘书处于 2013 年 3 月 5 日签署的《合作备忘录》继续有效。\n"
            "3. 双方于 2014 年 1 月签署的《不存在的协定》没有登记。\n")
    g = ingest_text(text, Metadata(slug="invented-facts", language="zh", home_instrument="itpgrfa"),
                    registry, settings.base).graph
    base = settings.base
    ji = URIRef(base + "id/arrangement/cbd-itpgrfa-joint-initiative")
    assert (ji, URIRef(TG + "signedAt"), Literal("瑞士日内瓦", lang="zh")) in g
    assert (URIRef(base + "id/arrangement/cbd-itpgrfa-moc"), URIRef(TG + "signedOn"),
            Literal("2013-03-05", datatype=XSD.date)) in g
    assert len(set(g.subjects(RDF.type, URIRef(TG + "StatedFact")))) == 5  # place, event, 2 signers, date


def test_the_first_document_conforms_to_the_shapes(ingested, registry, settings):
    from treatygraph.validate.core import load_ontology, load_shapes, validate_graph

    report = validate_graph(ingested.graph, load_shapes(settings), load_ontology(settings), context=registry.graph)
    assert report.conforms, report


def test_named_queries_tell_extracted_from_curated(ingested, registry, settings):
    from treatygraph import identifiers as I
    from treatygraph.named_queries import load_named_queries
    from treatygraph.store.oxigraph import OxigraphStore

    store = OxigraphStore.in_memory()
    store.replace_graph(I.graph_uri("doc/first", settings.base), ingested.graph)
    store.replace_graph(I.graph_uri("registry", settings.base), registry.graph)
    queries = load_named_queries(settings.queries_dir)
    base = settings.base
    result = queries["arrangement-facts"].run(
        store, {"arrangement": "id/arrangement/cbd-itpgrfa-joint-initiative"}, base)
    rows = [dict(zip(result.variables, r)) for r in result.rows]
    origin = {(str(r["property"]).rsplit("#", 1)[-1], str(r["value"])): str(r["origin"]) for r in rows}
    assert origin[("signedOnMarginsOf", "联合国可持续发展峰会（里约会议二十周年峰会）")] == "extracted"
    assert origin[("signatory", base + "id/itpgrfa/secretary")] == "extracted"
    assert origin[("signedOn", "2012-06")] == "curated"  # the registry's month: no document states it
    curated = next(r for r in rows if str(r["value"]) == "2012-06")
    assert "curated" in str(curated["note"]) and curated.get("quote") is None
    quoted = queries["paragraph-quotations"].run(store, {"act": "id/cbd/decision/X-20"}, base)
    paragraphs = {str(r[quoted.variables.index("paragraph")])[len(base):] for r in quoted.rows}
    assert paragraphs == {"id/cbd/decision/X-20/para/4", "id/cbd/decision/X-20/para/8", "id/cbd/decision/X-20/para/9"}
