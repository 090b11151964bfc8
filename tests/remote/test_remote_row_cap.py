"""A CONSTRUCT/DESCRIBE answer cut by the server's row cap is flagged, also when nobody told us the cap.

Virtuoso (ResultSetMaxRows, 1 000 on the test server) cuts a graph answer
at the cap and says nothing: status 200, no header (it sends
``X-SPARQL-MaxRows`` only on a capped SELECT). Tried on Debian's 7.2.5: a
CONSTRUCT of 999 or 1 000 triples comes whole, one of 1 001, 1 002 or
6 274 triples comes as 1 001. The store opened for serving is not told the
cap (``max_rows`` unset), so it must learn it.
"""

import uuid

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from treatygraph.config import Settings
from treatygraph.http.app import create_app

from virtuoso_server import TEST_MAX_ROWS

EX = "https://example.org/cap/"


@pytest.fixture(scope="module")
def graphs(virtuoso):
    """Two graphs on the shared Virtuoso: one over the cap (6 274 triples), one under it (400)."""
    tag = uuid.uuid4().hex[:8]
    sizes = {"big": 6274, "small": 400}
    names = {}
    with virtuoso.store(gsp=True) as writer:
        for label, size in sizes.items():
            name = f"urn:x-treatygraph-test:cap-{label}-{tag}"
            g = Graph()
            for i in range(size):
                g.add((URIRef(f"{EX}{tag}/{label}/{i}"), URIRef(EX + "p"), Literal(f"第{i}条", lang="zh")))
            writer.replace_graph(name, g)
            names[label] = name
    yield names
    with virtuoso.store() as writer:
        for name in names.values():
            writer.drop_graph(name)


def construct(graph):
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


def describe(graph):
    return f"DESCRIBE ?s FROM <{graph}> WHERE {{ ?s ?p ?o }}"


@pytest.mark.virtuoso
@pytest.mark.parametrize("query", [construct, describe])
def test_a_capped_graph_answer_is_flagged_without_a_configured_cap(virtuoso, graphs, query):
    with virtuoso.store(max_rows=None, read_only=True) as store:   # as `serve` opens it
        assert store.row_cap is None
        cut = store.query(query(graphs["big"]))
        assert len(cut.graph) < 6274
        assert cut.truncated
        assert store.row_cap == TEST_MAX_ROWS                       # learned from the server
        whole = store.query(query(graphs["small"]))
        assert len(whole.graph) == 400 and not whole.truncated


@pytest.mark.virtuoso
def test_an_answer_under_the_cap_is_complete_while_the_cap_is_unknown(virtuoso, graphs):
    with virtuoso.store(max_rows=None, read_only=True) as store:
        whole = store.query(construct(graphs["small"]))
        assert len(whole.graph) == 400 and not whole.truncated
        assert store.row_cap == TEST_MAX_ROWS                       # the probe asked for more rows than that
        assert not store.query(construct(graphs["small"])).truncated
        assert store.query(construct(graphs["big"])).truncated


@pytest.mark.virtuoso
def test_the_api_marks_a_capped_construct(virtuoso, graphs):
    settings = Settings.from_env(store=virtuoso.sparql_url)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for graph, cut in ((graphs["small"], False), (graphs["big"], True)):
            r = client.get("/sparql", params={"query": construct(graph)},
                           headers={"Accept": "application/n-triples"})
            assert r.status_code == 200, r.text
            assert (r.headers.get("treatygraph-truncated") == "true") is cut, graph


# --------------------------------------------------------------------------
# A server that cuts silently (no X-SPARQL-MaxRows), or has no cap
# --------------------------------------------------------------------------

CONSTRUCT_ANY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("select_cap, graph_size, cut", [(None, 5000, False), (300, 300, True), (300, 299, False)])
def test_the_probe_learns_a_silent_cap_or_its_absence(select_cap, graph_size, cut):
    from remote_fakes import FakeUpstream
    from treatygraph.store.remote import RemoteStore

    with FakeUpstream("capped") as upstream, RemoteStore(upstream.url) as store:
        upstream.select_cap, upstream.graph_size = select_cap, graph_size
        assert store.query(CONSTRUCT_ANY).truncated is cut
        assert upstream.selects == 1
        assert store.row_cap == select_cap
        assert store.query(CONSTRUCT_ANY).truncated is cut
        assert upstream.selects == 1, "what the probe learned is kept"


def test_a_larger_answer_than_the_probe_covered_is_probed_again():
    from remote_fakes import FakeUpstream
    from treatygraph.store.remote import RemoteStore

    with FakeUpstream("capped") as upstream, RemoteStore(upstream.url) as store:
        upstream.graph_size = 10
        assert not store.query(CONSTRUCT_ANY).truncated           # probe of 1 001 rows: all came
        upstream.graph_size, upstream.select_cap = 12_000, 12_000
        assert store.query(CONSTRUCT_ANY).truncated               # probe of 24 001: cut at 12 000
        assert upstream.selects == 2 and store.row_cap == 12_000


def test_a_server_that_cannot_run_the_probe_gets_its_graph_answers_marked(caplog):
    from remote_fakes import FakeUpstream
    from treatygraph.store.remote import RemoteStore

    with FakeUpstream("capped") as upstream, RemoteStore(upstream.url) as store:
        upstream.graph_size = 10
        upstream.refuse_selects = True
        with caplog.at_level("WARNING", logger="treatygraph.store"):
            assert store.query(CONSTRUCT_ANY).truncated
        assert "TREATYGRAPH_STORE_MAX_ROWS" in caplog.text
        assert store.query(CONSTRUCT_ANY).truncated
        assert upstream.selects == 1, "a refused probe is not asked again"
