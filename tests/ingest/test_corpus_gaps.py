"""Corpus questions whose answers needed an ingestion gap closed (CQ-C20, CQ-C27, CQ-C28), asked
by their named queries of an in-memory store holding only the documents they read and the registry
(the whole-corpus run over HTTP is tests/cq/test_corpus_questions.py)."""

import json

import pytest

from treatygraph import identifiers as I
from treatygraph.ingest.rdf import ingest_document
from treatygraph.named_queries import load_named_queries
from treatygraph.store.oxigraph import OxigraphStore


@pytest.fixture(scope="module")
def queries(settings):
    return load_named_queries(settings.queries_dir)


def _gold(shared_dir, qid):
    items = json.loads((shared_dir / "gold" / "corpus_competency_questions.json").read_text("utf-8"))
    return next(q for q in items if q["id"] == qid)


def _store(paths, registry, settings, extra=()):
    store = OxigraphStore.in_memory()
    store.replace_graph(I.graph_uri("registry", settings.base), registry.graph)
    for i, path in enumerate(paths):
        store.replace_graph(I.graph_uri(f"doc/q{i}", settings.base), ingest_document(path, registry, settings).graph)
    for name, graph in extra:
        store.replace_graph(I.graph_uri(name, settings.base), graph)
    return store


def _answer(result, column, base):
    return [str(row[result.variables.index(column)]).removeprefix(base) for row in result.rows]


def test_cq_c27_treaties_naming_the_cbd_by_its_title(shared_dir, registry, settings, queries):
    """Every treaty text of the corpus: those naming the CBD by title (or citing its articles) are found,
    the CBD's own title in its own text is not a citation of itself."""
    treaties = sorted((shared_dir / "corpus" / "treaties").glob("*.en.md"))
    store = _store(treaties, registry, settings)
    result = queries["instruments-citing"].run(store, {"instrument": "id/cbd"}, settings.base)
    want = {f"id/{code}" for code in _gold(shared_dir, "CQ-C27")["answer"]}
    assert set(_answer(result, "citing", settings.base)) == want


def test_cq_c28_cbd_articles_cited_by_the_gbf_targets(shared_dir, registry, settings, queries):
    """The targets' wording (registry, generated from data/sources/targets) cites the CBD's articles;
    the CBD's own text says which resources are its articles."""
    store = _store([shared_dir / "corpus" / "treaties" / "cbd.en.md"], registry, settings)
    result = queries["articles-cited"].run(store, {"citing": "id/gbf-targets", "instrument": "id/cbd"}, settings.base)
    want = {"id/cbd/art/" + a.split("/")[2] for a in _gold(shared_dir, "CQ-C28")["answer"]}
    assert set(_answer(result, "article", settings.base)) == want


def test_a_target_wording_cites_what_it_names(registry):
    """Invented wording: an article of the Convention (the frameworks' own), a full title, nothing else."""
    from treatygraph.target_schemes import _cites

    assert _cites("Implement measures as set out in Article 10(c) of the Convention.", registry) == \
        "\n    eli:cites <id/cbd/art/10.c> ;"
    assert _cites("Ratify the Nagoya Protocol and apply Article 3 of the Convention on Wetlands.", registry) == \
        "\n    eli:cites <id/nagoya> , <id/ramsar/art/3> ;"
    assert _cites("Reduce pollution by half by 2030.", registry) == ""


def test_cq_c20_sessions_stated_by_a_general_assembly_resolution(shared_dir, registry, settings, queries):
    """Resolution 80/107: the first and second sessions ("… respectively", the year printed once) and a
    third "to be convened", across a month boundary."""
    path = shared_dir / "corpus" / "un" / "ga-resolution" / "A-RES-80-107" / "2025-12-09" / "text.txt"
    store = _store([path], registry, settings)
    result = queries["body-session-dates"].run(store, {"body": "id/bbnj/prepcom"}, settings.base)
    got = [v for row in result.rows for v in (str(row[result.variables.index("start")]),
                                                  str(row[result.variables.index("end")]))]
    assert got == _gold(shared_dir, "CQ-C20")["answer"]
    sessions = _answer(result, "session", settings.base)
    assert sessions == ["id/bbnj/prepcom/1", "id/bbnj/prepcom/2", "id/bbnj/prepcom/3"]


_BODY = ("Preparatory Commission for the Entry into Force of the Agreement under the United Nations Convention on "
         "the Law of the Sea on the Conservation and Sustainable Use of Marine Biological Diversity of Areas beyond "
         "National Jurisdiction and the Convening of the First Meeting of the Conference of the Parties to the Agreement")


@pytest.mark.parametrize("sentence,expected", [
    (f"1. Notes that the {_BODY} held its first session from 3 to 7 February 2031;",
     {1: ("2031-02-03", "2031-02-07")}),
    (f"1. Welcomes the second and third sessions of the {_BODY} from 28 December 2030 to 2 January 2031 "
     "and from 5 to 9 May 2031, respectively;", {2: ("2030-12-28", "2031-01-02"), 3: ("2031-05-05", "2031-05-09")}),
    # no dates, or dates of something else in another clause: no session facts
    (f"1. Decides that the first session of the {_BODY} shall be convened in due course; "
     "the meeting was held from 3 to 7 February 2031;", {}),
])
def test_invented_session_statements(sentence, expected, registry, settings):
    from treatygraph.ingest.metadata import Metadata
    from treatygraph.ingest.rdf import ingest_text
    from treatygraph.namespaces import TG

    text = f"The General Assembly,\n\n{sentence}\n"
    graph = ingest_text(text, Metadata(slug="t", language="en"), registry, settings.base).graph
    got = {}
    for s in graph.subjects(TG.body, None):
        n = int(graph.value(s, TG.sessionNumber))
        got[n] = (str(graph.value(s, TG.startDate)), str(graph.value(s, TG.endDate)))
    assert got == expected
