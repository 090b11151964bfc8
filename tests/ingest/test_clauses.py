"""Clauses of operative and preambular paragraphs: verb, addressees, object, offsets;
citation functions; the corpus questions CQ-C15 and CQ-C16 by named queries; the
hand-checked fixture (precision and recall, see clause_scoring.py)."""

import json
from pathlib import Path

import pytest
from rdflib import URIRef

from treatygraph import identifiers as I
from treatygraph.ingest.rdf import ingest_document, ingest_text
from treatygraph.ingest.metadata import Metadata
from treatygraph.named_queries import load_named_queries
from treatygraph.store.oxigraph import OxigraphStore

from clause_scoring import score

TG = "https://w3id.org/treatygraph/ontology#"
CITO = "http://purl.org/spar/cito/"
CP21 = "unfccc/cop/cp2015_21 - 2015 - decision 1.txt"
CMA1 = "unfccc/cma/CMA2016_1.1_Decisions_1_to_2.txt"


@pytest.fixture(scope="module")
def ingest(registry, settings):
    cache = {}

    def run(path: Path):
        if path not in cache:
            cache[path] = (ingest_document(path, registry, settings).graph, settings.base)
        return cache[path]
    return run


@pytest.fixture(scope="module")
def corpus_store(ingest, shared_dir, settings):
    store = OxigraphStore.in_memory()
    for i, rel in enumerate((CP21, CMA1)):
        graph, _ = ingest(shared_dir / "corpus" / rel)
        store.replace_graph(I.graph_uri(f"doc/t{i}", settings.base), graph)
    return store


@pytest.fixture(scope="module")
def queries(settings):
    return load_named_queries(settings.queries_dir)


def _gold(shared_dir):
    items = json.loads((shared_dir / "gold" / "corpus_competency_questions.json").read_text("utf-8"))
    return {q["id"]: q for q in items}


@pytest.mark.parametrize("qid,params", [
    ("CQ-C15", {"act": "id/unfccc/decision/1-CP.21", "verb": "tg:requests", "addressee": "id/unfccc/secretariat"}),
    ("CQ-C16", {"act": "id/paris/decision/1-CMA.1", "verb": "tg:invites", "addressee": "id/unfccc/cop"}),
])
def test_corpus_clause_questions(qid, params, corpus_store, queries, shared_dir, settings):
    result = queries["clauses-addressing"].run(corpus_store, params, settings.base)
    got = set()
    for row in result.rows:
        value = str(row[result.variables.index("paragraph")])
        got.add(value[len(settings.base):])
    # the gold writes decision/1/CP.21/para/14 for id/unfccc/decision/1-CP.21/para/14
    act = params["act"]
    want = {act + "/" + a.split("/", 3)[3] for a in _gold(shared_dir)[qid]["answer"]}
    assert got == want


def test_a_request_mid_paragraph_is_its_own_clause(ingest, shared_dir, settings):
    graph, base = ingest(shared_dir / "corpus" / CP21)
    para = URIRef(base + "id/unfccc/decision/1-CP.21/para/35")
    clauses = sorted(graph.objects(para, URIRef(TG + "hasClause")),
                     key=lambda c: int(graph.value(c, URIRef(TG + "startOffset"))))
    verbs = [str(graph.value(c, URIRef(TG + "verb"))).rsplit("#")[-1] for c in clauses]
    assert verbs == ["invites", "requests"]
    text = (shared_dir / "corpus" / CP21).read_text("utf-8")
    second = clauses[1]
    start, end = (int(graph.value(second, URIRef(TG + p))) for p in ("objectStartOffset", "objectEndOffset"))
    assert text[start:end].startswith("to publish on the UNFCCC website")
    mention = graph.value(second, URIRef(TG + "addresseeMention"))
    a, b = (int(graph.value(mention, URIRef(TG + p))) for p in ("startOffset", "endOffset"))
    assert text[a:b] == "the secretariat"


def test_an_addressee_outside_the_registry_is_an_agent_of_its_own(ingest, shared_dir, settings):
    graph, base = ingest(shared_dir / "corpus" / CP21)
    para2 = URIRef(base + "id/unfccc/decision/1-CP.21/para/2")
    (clause,) = graph.objects(para2, URIRef(TG + "hasClause"))
    (agent,) = graph.objects(clause, URIRef(TG + "addressee"))
    # one agent for every spelling ("the Secretary-General", "the United Nations Secretary-General")
    assert str(agent) == base + "id/agent/secretary-general"
    assert (agent, URIRef(TG + "actor"), None) not in graph
    assert str(graph.value(agent, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == \
        "the Secretary-General of the United Nations"


def test_citation_functions(ingest, shared_dir, settings):
    graph, base = ingest(shared_dir / "corpus" / CP21)
    act = base + "id/unfccc/decision/1-CP.21"

    def functions(part):
        out = {}
        for c in graph.subjects(URIRef(CITO + "hasCitingEntity"), URIRef(f"{act}/{part}")):
            cited = str(graph.value(c, URIRef(CITO + "hasCitedEntity")))[len(base):]
            f = graph.value(c, URIRef(CITO + "hasCitationCharacterization"))
            out[cited] = str(f).replace(CITO, "cito:").replace(TG, "tg:") if f else None
        return out

    assert functions("pp/1")["id/unfccc/decision/1-CP.17"] == "cito:obtainsBackgroundFrom"  # Recalling
    assert functions("para/6")["id/unfccc/decision/1-CP.17/para/4"] == "cito:citesAsAuthority"  # in accordance with
    assert functions("para/19")["id/unfccc/decision/1-CP.21/para/16"] == "cito:citesAsRelated"  # referred to in
    citing = URIRef(f"{act}/pp/1")
    assert (citing, URIRef(CITO + "obtainsBackgroundFrom"), URIRef(base + "id/unfccc/decision/1-CP.17")) in graph


def test_decision_network_queries(corpus_store, queries, settings):
    base = settings.base
    cited = queries["decisions-cited"].run(corpus_store, {"act": "id/paris/decision/1-CMA.1"}, base)
    rows = [dict(zip(cited.variables, r)) for r in cited.rows]
    assert any(str(r["citedAct"]) == base + "id/unfccc/decision/1-CP.21"
               and str(r.get("function")) == CITO + "obtainsBackgroundFrom" for r in rows)
    citing = queries["decisions-citing"].run(corpus_store, {"act": "id/unfccc/decision/1-CP.21"}, base)
    acts = {str(r[citing.variables.index("citingAct")]) for r in citing.rows}
    assert base + "id/paris/decision/1-CMA.1" in acts


def test_invented_sentences_in_english(registry, settings):
    text = ("Decision 9/CP.99\nTest\n\tThe Conference of the Parties,\n"
            "\t1.\tUrges and requests the Global Environment Facility to support Parties;\n")
    meta = Metadata(slug="t", language="en", home_instrument="unfccc")
    res = ingest_text(text, meta, registry, settings.base, kind="decisions")
    verbs = {str(o).rsplit("#")[-1] for o in res.graph.objects(None, URIRef(TG + "verb"))}
    assert {"urges", "requests"} <= verbs
    assert set(res.graph.objects(None, URIRef(TG + "addressee"))) == {URIRef(settings.base + "id/gef")}


def test_agent_identifiers():
    assert I.agent_slug("international  Organizations") == "international-organizations"
    assert I.mint(I.Agent("developed-country-parties")) == I.DEFAULT_BASE + "id/agent/developed-country-parties"
    assert I.parse(I.DEFAULT_BASE + "id/agent/国际组织") == I.Agent("国际组织")
    with pytest.raises(I.IdentifierError):
        I.mint(I.Agent("Not A Slug"))


def test_fixture_precision_and_recall(ingest):
    """Measured on the hand-checked fixture. The held-out acts (CMP 14, CMA 2) were annotated after the last
    rule change: precision 0.90, recall 0.85 on 33 clauses (part and verb alone 0.94 / 0.88). Branch w2-clauses
    then added the verbs and the "them" antecedent its misses showed (1.00 / 1.00 since: no longer a held-out
    measure; the annotation is unchanged, the scorer matches a '~name' by a registry actor of that name).
    'heldout2' (CMP 15 decisions 1, 5, 6) was annotated after those changes, before a run on it: first run
    precision 0.88, recall 0.88 on 32 clauses (part and verb 1.00 / 1.00); the Executive Secretary of the
    secretariat serving the Kyoto Protocol (the UNFCCC's) was then fixed: 0.97 / 0.97."""
    for split, floor in (("dev", 0.9), ("tuned", 0.9), ("heldout", 0.8), ("heldout2", 0.85)):
        r = score(split, ingest)
        assert r["precision"] >= floor and r["recall"] >= floor, (split, r)
    held = score("heldout", ingest)
    assert held["verb_precision"] >= 0.85 and held["verb_recall"] >= 0.85, held


def test_clauses_conform_to_the_shapes(ingest, shared_dir, settings, registry):
    from treatygraph.validate.core import load_ontology, load_shapes, validate_graph

    graph, _ = ingest(shared_dir / "corpus" / CMA1)
    assert any(graph.subjects(None, URIRef(TG + "Clause")))
    report = validate_graph(graph, load_shapes(settings), load_ontology(settings), context=registry.graph)
    assert report.conforms, report


def test_what_a_body_was_asked_to_do(corpus_store, queries, settings):
    result = queries["asked-of"].run(corpus_store, {"addressee": "id/unfccc/sbsta"}, settings.base)
    rows = [dict(zip(result.variables, r)) for r in result.rows]
    paragraphs = {str(r["paragraph"])[len(settings.base):] for r in rows}
    assert "id/unfccc/decision/1-CP.21/para/36" in paragraphs
    row = next(r for r in rows if str(r["paragraph"]).endswith("1-CP.21/para/36"))
    assert str(row["verb"]).endswith("#requests") and str(row["object"]).startswith("to develop and recommend")
    assert str(row["body"]) == settings.base + "id/unfccc/cop"


def test_clauses_of_an_act_in_text_order(corpus_store, queries, settings):
    result = queries["clauses"].run(corpus_store, {"act": "id/paris/decision/1-CMA.1"}, settings.base)
    rows = [dict(zip(result.variables, r)) for r in result.rows]
    starts = [int(r["start"]) for r in rows]
    assert starts == sorted(starts)
    para4 = next(r for r in rows if str(r["paragraph"]).endswith("/para/4"))
    assert str(para4["verb"]).endswith("#expressesGratitude")
    assert str(para4["addressees"]) == settings.base + "id/unfccc/cop"


@pytest.mark.parametrize("lang,sentence,verbs,role", [
    ("fr", "1. Prie le Secrétariat de faire rapport à la Conférence des Parties;", ["requests"], "secretariat"),
    ("es", "1. Invita a las Partes a presentar sus opiniones;", ["invites"], "parties"),
    ("en", "1. Takes note with appreciation of the report and urges Parties to act;", ["takesNoteOf", "urges"],
     "parties"),
    ("zh", "1. 欢迎该报告，并要求秘书处继续开展工作；", ["welcomes", "requests"], "secretariat"),
])
def test_invented_paragraphs_in_several_languages(lang, sentence, verbs, role, registry, settings):
    from treatygraph.ingest.clauses import Agents, split
    from treatygraph.ingest.model import Segment

    part = Segment("op", (("para", "1"),), [(0, len(sentence))], lang=lang)
    found = split(sentence, part, Agents(registry, "cbd", settings.base), "cbd")
    assert [c.verb for c in found] == verbs
    addressed = [a for c in found for a in c.addressees]
    assert [a.uri.rsplit("/", 1)[-1] for a in addressed] == [role]
    assert all(sentence[a.start:a.end] == a.label for a in addressed)


def _split(sentence: str, lang: str, registry, settings, home: str = "unfccc"):
    from treatygraph.ingest.clauses import Agents, split
    from treatygraph.ingest.model import Segment

    part = Segment("op", (("para", "1"),), [(0, len(sentence))], lang=lang)
    return split(sentence, part, Agents(registry, home, settings.base), home)


@pytest.mark.parametrize("sentence,verb", [
    ("1. Affirms that the committee shall continue its work;", "affirms"),
    ("1. Confirms that the forum shall report annually;", "confirms"),
    ("1. Designates as operational entities those entities accredited by the board;", "designates"),
    ("1. Recommends that the Conference of the Parties adopt the draft guidance;", "recommends"),
    ("1. Also endorses the workplan of the network;", "endorses"),
    ("1. Further stresses the need for support;", "emphasizes"),
    ("1. Reiterates the importance of adequate finance;", "reaffirms"),
    ("1. Approves the budget for the biennium;", "approves"),
    ("1. Agrees to continue the consideration of this matter;", "agrees"),
    ("1. Acknowledges the progress made;", "acknowledges"),
])
def test_verbs_outside_the_first_lexicon(sentence, verb, registry, settings):
    (clause,) = _split(sentence, "en", registry, settings)
    assert clause.verb == verb and clause.addressees == []


def test_appeals_and_thanks_address_who_follows_to(registry, settings):
    found = _split("1. Appeals to Parties to contribute to the trust fund and expresses its thanks to the "
                   "Green Climate Fund for its support;", "en", registry, settings)
    assert [c.verb for c in found] == ["appeals", "expressesGratitude"]
    assert [[a.uri.split("/id/", 1)[1] for a in c.addressees] for c in found] == [["unfccc/parties"], ["gcf"]]


def test_them_stands_for_the_bodies_the_previous_clause_names(registry, settings):
    found = _split("1. Notes the plans prepared by the Standing Committee on Finance and the Climate Technology "
                   "Centre and Network and requests them to report on their progress;", "en", registry, settings)
    assert [c.verb for c in found] == ["notes", "requests"]
    assert sorted(a.uri.split("/id/", 1)[1] for a in found[1].addressees) == ["unfccc/ctcn", "unfccc/scf"]
    assert found[1].addressees[0].label == "them"


def test_a_single_body_named_before_them_is_no_antecedent(registry, settings):
    found = _split("1. Notes the report of the Adaptation Fund and requests them to act;", "en", registry, settings)
    assert found[1].addressees == []


def test_chinese_praise_with_its_addressee_before_the_verb(registry, settings):
    text = "1. 注意到秘书与伙伴签署的文件，就此对秘书予以赞扬，并要求秘书继续探索合作手段；"
    found = _split(text, "zh", registry, settings, home="itpgrfa")
    assert [c.verb for c in found] == ["notes", "commends", "requests"]
    assert [a.uri.rsplit("/id/", 1)[1] for a in found[1].addressees] == ["itpgrfa/secretary"]
    assert text[found[1].verb_start:found[1].verb_end] == "赞扬"
    found = _split("1. 欢迎该报告，并向东道国政府表示感谢；", "zh", registry, settings, home="itpgrfa")
    assert [c.verb for c in found] == ["welcomes", "expressesGratitude"]
    assert [a.label for a in found[1].addressees] == ["东道国政府"]


@pytest.mark.parametrize("label", ["Secretary-General", "the Secretary-General of the United Nations",
                                   "United Nations Secretary-General", "the UN  Secretary-General"])
def test_name_variants_of_an_agent_are_one_agent(label, registry, settings):
    from treatygraph.ingest.clauses import Agents, canonical_agent_label

    assert canonical_agent_label(label) == "Secretary-General"
    assert Agents(registry, "unfccc", settings.base).agent(label).endswith("/id/agent/secretary-general")


def test_an_organization_of_the_united_nations_keeps_its_name():
    from treatygraph.ingest.clauses import canonical_agent_label

    assert canonical_agent_label("the Food and Agriculture Organization of the United Nations") == \
        "Food and Agriculture Organization of the United Nations"


def test_the_executive_secretary_of_the_secretariat_serving_the_instrument(registry, settings):
    (clause,) = _split("1. Authorizes the Executive Secretary to draw funds from the trust fund;", "en", registry,
                       settings, home="kyoto")
    assert clause.verb == "authorizes"
    assert [a.uri.split("/id/", 1)[1] for a in clause.addressees] == ["unfccc/executive-secretary"]


def test_masked_blanks_what_lies_between_a_parts_spans():
    """A paragraph interrupted by a page's footnote keeps its offsets: the footnote's characters become spaces."""
    from treatygraph.ingest.clauses import _masked
    from treatygraph.ingest.model import Segment

    text = "1. Requests the secretariat\n[1] A footnote.\nto report; and also"
    first_end = text.index("\n[1]")
    resume = text.index("to report")
    part = Segment("op", (("op", "1"),), [(0, first_end), (resume, len(text))], lang="en")
    masked = _masked(text, part)
    assert len(masked) == len(text)
    assert masked[:first_end] == text[:first_end] and masked[resume:] == text[resume:]
    assert masked[first_end:resume] == " " * (resume - first_end)
    # overlapping spans: each character kept once, in place
    part = Segment("op", (("op", "1"),), [(0, 10), (5, 20), (8, 12), (30, len(text))], lang="en")
    masked = _masked(text, part)
    assert masked == text[:20] + " " * 10 + text[30:]
