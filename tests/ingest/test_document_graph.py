"""The document graph answers the competency questions with simple queries."""

import json

import pytest
from rdflib import URIRef

BASE = "https://w3id.org/treatygraph/"
P = """PREFIX tg: <https://w3id.org/treatygraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def paths(rows):
    return {str(r[0])[len(BASE):] for r in rows}


@pytest.fixture(scope="module")
def cqs(shared_dir):
    data = json.loads((shared_dir / "gold" / "competency_questions.json").read_text(encoding="utf-8"))
    return {q["id"]: q for q in data}


def test_parts_named_by_the_gold_exist(ingested):
    g = ingested.graph
    for p in ["summary/ii", "para/5", "fn/19", "annex/2", "annex/3/pp/1"] + [f"annex/3/para/{k}" for k in range(6, 12)]:
        assert (URIRef(f"{BASE}id/doc/itpgrfa-gb-5-item-13/{p}"), None, None) in g, p


@pytest.mark.parametrize("cq,target", [("CQ01", "id/itpgrfa/art/19.3.g"), ("CQ02", "id/itpgrfa/art/19.3.l"),
                                       ("CQ04", "id/itpgrfa/resolution/8-2011")])
def test_parts_citing(ingested, cqs, cq, target):
    rows = ingested.graph.query(P + f"SELECT DISTINCT ?p WHERE {{ ?p eli:cites <{BASE}{target}> }}")
    assert paths(rows) == set(cqs[cq]["answer"])


def test_cbd_decisions(ingested, cqs):
    rows = ingested.graph.query(P + f"""SELECT DISTINCT ?d WHERE {{ ?c cito:hasCitedEntity ?d .
        ?d a tg:Decision ; tg:instrument <{BASE}id/cbd> }}""")
    assert paths(rows) == set(cqs["CQ05"]["answer"])


def test_articles_by_property_path(ingested):
    rows = ingested.graph.query(P + f"SELECT DISTINCT ?p WHERE {{ ?p eli:cites/eli:is_part_of* <{BASE}id/itpgrfa/art/19> }}")
    assert {"id/doc/itpgrfa-gb-5-item-13/para/12", "id/doc/itpgrfa-gb-5-item-13/para/5"} <= paths(rows)


@pytest.mark.parametrize("cq,query", [
    ("CQ27", "SELECT ?p WHERE { ?p a tg:OperativeParagraph ; tg:operativeVerb tg:requests ; tg:actor <%sid/itpgrfa/secretary> }" % BASE),
    ("CQ28", "SELECT ?p WHERE { ?p a tg:OperativeParagraph ; tg:operativeVerb tg:welcomes }"),
])
def test_draft_resolution(ingested, cqs, cq, query):
    assert paths(ingested.graph.query(P + query)) == set(cqs[cq]["answer"])


def test_jwp_activities_and_targets(ingested, cqs):
    g = ingested.graph
    jwp = f"{BASE}id/arrangement/cbd-cms-jwp-2012-2014"
    rows = g.query(P + f"SELECT ?a ?t WHERE {{ <{jwp}> tg:activity ?a . ?a tg:timeframe ?t }}")
    numbers = {str(r[0]).rsplit("/", 1)[1]: str(r[1]) for r in rows}
    assert {"1.1", "2.9", "5.2", "6.4"} <= set(numbers) and numbers["1.1"] == "2012-14" and numbers["4.1"] == "2012"
    targets = paths(g.query(P + f"SELECT ?t WHERE {{ <{jwp}> tg:addressesTarget ?t }}"))
    assert targets == set(cqs["CQ20"]["answer"])
    groups = g.query(P + f"""SELECT ?a WHERE {{ <{BASE}id/arrangement/cbd-itpgrfa-joint-initiative> tg:activity ?a .
        ?a tg:number ?n }} ORDER BY ?n""")
    assert [p for p in (str(r[0])[len(BASE):] for r in groups)] == cqs["CQ18"]["answer"]


def test_meeting_dates_from_text(ingested):
    rows = list(ingested.graph.query(P + f"""SELECT ?s ?e ?src WHERE {{ <{BASE}id/cbd/cop/11> tg:startDate ?s ;
        tg:endDate ?e ; prov:wasDerivedFrom ?src }}"""))
    assert [(str(s), str(e)) for s, e, _ in rows] == [("2012-10-08", "2012-10-19")]
    assert str(rows[0][2]).endswith("/para/13")


def test_every_citation_has_quote_offsets_and_part(ingested):
    g = ingested.graph
    text = ingested.segmentation.source
    rows = list(g.query(P + """SELECT ?c ?q ?s ?e ?part WHERE { ?c a tg:Citation ; tg:quote ?q ;
        tg:startOffset ?s ; tg:endOffset ?e ; cito:hasCitingEntity ?part ; prov:wasGeneratedBy ?run .
        ?run a tg:ExtractionRun }"""))
    assert len(rows) == len(ingested.mentions)
    for _, q, s, e, part in rows:
        assert text[int(s):int(e)] == str(q)
        ps, pe = next(g.objects(part, URIRef("https://w3id.org/treatygraph/ontology#startOffset"))), \
            next(g.objects(part, URIRef("https://w3id.org/treatygraph/ontology#endOffset")))
        assert int(ps) <= int(s) and int(e) <= int(pe)


def test_slips_and_unresolved_are_flagged(ingested):
    by_text = {m.text: m for m in ingested.mentions}
    assert by_text["《条约》第 19.3(1)条"].target_uri.endswith("/art/19.3.l")
    assert any("slip" in w for w in by_text["《条约》第 19.3(1)条"].warnings)
    nep = by_text["第 NEP/CBD/ICNP/2/INF/1 号文件"]
    assert nep.target_uri.endswith("/doc/UNEP/CBD/ICNP/2/INF/1") and nep.warnings
    garbled = by_text["决定 IX”/……"]
    assert garbled.target_uri is None and garbled.warnings


def test_languages_per_part(ingested):
    g = ingested.graph
    q = P + "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?l WHERE { <%s> dcterms:language ?l }"
    assert [str(r[0]) for r in g.query(q % f"{BASE}id/doc/itpgrfa-gb-5-item-13/annex/2")] == ["en"]
    assert [str(r[0]) for r in g.query(q % f"{BASE}id/doc/itpgrfa-gb-5-item-13/annex/3/pp/1")] == ["zh"]
