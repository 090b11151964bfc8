"""A small English document written for the segmenter: layout, footnotes, a draft decision and its verbs."""

from treatygraph.ingest.metadata import Metadata
from treatygraph.ingest.rdf import ingest_text

BASE = "https://w3id.org/treatygraph/"
TEXT = """CBD/COP/12/1

Note by the Executive Secretary

I. INTRODUCTION

1. In decision XI/6, paragraph 3, the Conference of the Parties requested the Executive Secretary to report.¹
2. Article 15 of the Convention and decision NP-1/1 are relevant.

¹ Ibid., paragraph 5.

II. CONCLUSIONS

3. The Conference of the Parties may wish to adopt the draft decision in the annex.

Annex 1

DRAFT DECISION

The Conference of the Parties,

Recalling decision X/20,

Noting Aichi Biodiversity Target 11,

1. Welcomes the joint work plan, and requests the Executive Secretary to continue;
2. Invites Parties to report;
3. Urges Parties to act."""


def _ingest(registry):
    return ingest_text(TEXT, Metadata(slug="cbd-sample", language="en", home_instrument="cbd"), registry)


def test_parts(registry):
    r = _ingest(registry)
    steps = {"/".join(f"{k}/{v}" for k, v in p.steps): p for p in r.segmentation.parts}
    assert {"section/1", "para/1", "para/2", "fn/1", "section/2", "para/3", "annex/1", "annex/1/pp/1",
            "annex/1/pp/2", "annex/1/para/1", "annex/1/para/2", "annex/1/para/3"} == set(steps)
    assert all(p.lang == "en" for p in r.segmentation.parts)
    assert steps["fn/1"].text(TEXT) == "Ibid., paragraph 5."


def test_citations_and_parts(registry):
    got = [(m.text, m.target_uri[len(BASE):], m.part_uri[len(BASE):]) for m in _ingest(registry).mentions]
    assert got == [
        ("decision XI/6", "id/cbd/decision/XI-6", "id/doc/cbd-sample/para/1"),
        ("paragraph 3", "id/cbd/decision/XI-6/para/3", "id/doc/cbd-sample/para/1"),
        ("Article 15 of the Convention", "id/cbd/art/15", "id/doc/cbd-sample/para/2"),
        ("decision NP-1/1", "id/nagoya/decision/NP-1-1", "id/doc/cbd-sample/para/2"),
        ("paragraph 5", "id/cbd/decision/XI-6/para/5", "id/doc/cbd-sample/fn/1"),
        ("decision X/20", "id/cbd/decision/X-20", "id/doc/cbd-sample/annex/1/pp/1"),
        ("Aichi Biodiversity Target 11", "id/aichi-targets/11", "id/doc/cbd-sample/annex/1/pp/2"),
    ]


def test_verbs_and_actors(registry):
    g = _ingest(registry).graph
    rows = g.query("""PREFIX tg: <https://w3id.org/treatygraph/ontology#>
        SELECT ?p ?v WHERE { ?p tg:operativeVerb ?v }""")
    verbs = {(str(p).rsplit("/", 2)[-2] + "/" + str(p).rsplit("/", 1)[-1], str(v).split("#")[1]) for p, v in rows}
    assert verbs == {("pp/1", "recalls"), ("pp/2", "notes"), ("para/1", "welcomes"), ("para/1", "requests"),
                     ("para/2", "invites"), ("para/3", "urges")}
    actors = {str(a)[len(BASE):] for a in g.objects(None, None) if str(a).startswith(BASE + "id/cbd/") and
              (None, __import__("rdflib").URIRef("https://w3id.org/treatygraph/ontology#actor"), a) in g}
    assert actors == {"id/cbd/executive-secretary", "id/cbd/parties"}
