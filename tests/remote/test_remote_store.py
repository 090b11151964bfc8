"""RemoteStore against a real Virtuoso: queries, typed bindings, replace semantics, truncation, bad answers."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD

from treatygraph.identifiers import document_graph_uri
from treatygraph.store.base import BadQuery, StoreBadResponse, StoreError
from treatygraph.store.remote import RemoteStore, staging_graph

from virtuoso_server import TEST_MAX_ROWS

pytestmark = pytest.mark.virtuoso

EX = "https://example.org/t/"
LABELS = [
    Literal("粮食和农业植物遗传资源国际条约", lang="zh"),
    Literal('He said "stop" } ; DROP ALL ; {', lang="en"),
    Literal("back\\slash\nnew line\ttab"),
    Literal("42", datatype=XSD.integer),
    Literal("2012-10", datatype=XSD.gYearMonth),
    Literal(True),
]


@pytest.fixture
def graph_name():
    return document_graph_uri(f"remote-test-{uuid.uuid4().hex[:8]}")


def _sample(n_extra: int = 0) -> Graph:
    g = Graph()
    for i, label in enumerate(LABELS):
        g.add((URIRef(f"{EX}s{i}"), RDFS.label, label))
    for i in range(n_extra):
        g.add((URIRef(f"{EX}x{i}"), SKOS.prefLabel, Literal(f"第{i}条", lang="zh")))
    return g


def test_replace_graph_round_trips_terms(virtuoso_store, graph_name):
    virtuoso_store.replace_graph(graph_name, _sample())
    got = virtuoso_store.query(f"SELECT ?s ?o WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}")
    assert got.kind == "select" and not got.truncated
    assert {row[1] for row in got.rows} == set(LABELS)
    assert virtuoso_store.has_graph(graph_name)
    assert not virtuoso_store.has_graph(staging_graph(graph_name))


def test_replace_graph_replaces_and_repeats_without_duplicates(virtuoso_store, graph_name):
    virtuoso_store.replace_graph(graph_name, _sample(30))
    virtuoso_store.replace_graph(graph_name, _sample(30))
    assert virtuoso_store.count(graph_name) == len(LABELS) + 30
    smaller = Graph()
    smaller.add((URIRef(EX + "only"), RDFS.label, Literal("唯一", lang="zh")))
    virtuoso_store.replace_graph(graph_name, smaller)
    rows = virtuoso_store.query(f"SELECT ?s ?o WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}").rows
    assert rows == [(URIRef(EX + "only"), Literal("唯一", lang="zh"))]
    virtuoso_store.replace_graph(graph_name, Graph())
    assert not virtuoso_store.has_graph(graph_name)


@pytest.mark.parametrize("gsp", [False, True], ids=["update", "gsp"])
def test_blank_nodes_stay_one_node_across_batches(virtuoso, graph_name, gsp):
    store = virtuoso.store(batch_size=3, gsp=gsp)
    g = Graph()
    for i in range(5):
        node = BNode()
        g.add((URIRef(f"{EX}m{i}"), URIRef(EX + "memberDuring"), node))
        g.add((node, URIRef(EX + "hasBeginning"), Literal(f"201{i}-01-01", datatype=XSD.date)))
    store.replace_graph(graph_name, g)
    rows = store.query(
        f"SELECT ?m ?d WHERE {{ GRAPH <{graph_name}> {{ ?m <{EX}memberDuring> ?i . ?i <{EX}hasBeginning> ?d }} }}"
    ).rows
    assert sorted((str(m), str(d)) for m, d in rows) == [(f"{EX}m{i}", f"201{i}-01-01") for i in range(5)]
    assert store.count(graph_name) == 10
    store.close()


@pytest.mark.parametrize("label", LABELS, ids=lambda l: repr(str(l))[:20])
def test_bound_values_stay_data(virtuoso_store, graph_name, label):
    virtuoso_store.replace_graph(graph_name, _sample())
    q = f"SELECT ?s WHERE {{ GRAPH <{graph_name}> {{ ?s <{RDFS.label}> ?label }} }}"
    got = virtuoso_store.query(q, bindings={"label": label})
    assert got.rows == [(URIRef(f"{EX}s{LABELS.index(label)}"),)]
    # The graph is intact after the injection attempts.
    assert virtuoso_store.count(graph_name) == len(LABELS)


def test_bindings_work_with_aggregates_and_ask(virtuoso_store, graph_name):
    virtuoso_store.replace_graph(graph_name, _sample(5))
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}"
    assert virtuoso_store.query(q, bindings={"p": SKOS.prefLabel}).rows == [(Literal(5, datatype=XSD.integer),)]
    ask = f"ASK {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}"
    assert virtuoso_store.query(ask, bindings={"o": LABELS[0]}).boolean is True
    assert virtuoso_store.query(ask, bindings={"o": Literal("粮食", lang="zh")}).boolean is False


def test_iri_with_angle_bracket_is_refused_not_sent(virtuoso_store, graph_name):
    virtuoso_store.replace_graph(graph_name, _sample())
    evil = URIRef(f"http://x/> }} }} ; DROP GRAPH <{graph_name}> ; SELECT * {{ <http://x/")
    with pytest.raises(BadQuery, match=r"\?s"):
        virtuoso_store.query("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": evil})
    assert virtuoso_store.count(graph_name) == len(LABELS)


def test_construct_returns_a_graph(virtuoso_store, graph_name):
    virtuoso_store.replace_graph(graph_name, _sample())
    got = virtuoso_store.query(
        f"CONSTRUCT {{ ?s <{RDFS.label}> ?o }} WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}",
        bindings={"s": URIRef(EX + "s0")},
    )
    assert got.kind == "graph"
    assert set(got.graph) == {(URIRef(EX + "s0"), RDFS.label, LABELS[0])}


def test_row_cap_marks_the_result_truncated(virtuoso, virtuoso_store, graph_name):
    virtuoso_store.replace_graph(graph_name, _sample(TEST_MAX_ROWS + 50))
    q = f"SELECT ?s WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}"
    got = virtuoso_store.query(q)
    assert got.truncated and len(got.rows) <= TEST_MAX_ROWS
    with virtuoso.store(max_rows=None) as uncapped:  # Virtuoso says so itself: X-SPARQL-MaxRows
        assert uncapped.query(q).truncated
    small = virtuoso_store.query(q + " LIMIT 10")
    assert not small.truncated and len(small.rows) == 10
    # Paged reading gets everything despite the cap.
    assert sum(1 for _ in virtuoso_store.quads(graph_name)) == len(LABELS) + TEST_MAX_ROWS + 50


def test_graphs_lists_ours_without_system_or_staging_graphs(virtuoso, graph_name):
    with virtuoso.store() as store:
        store.replace_graph(graph_name, _sample())
        store.insert_triples(staging_graph(graph_name), _sample())  # as an interrupted push leaves it
        names = store.graphs()
        store.drop_graph(staging_graph(graph_name))
    assert graph_name in names
    assert not any(n.endswith("__staging") or "openlinksw" in n for n in names)


def test_syntax_error_is_a_bad_query(virtuoso_store):
    with pytest.raises(BadQuery, match="SP030"):
        virtuoso_store.query("SELECT * WHERE { ?s ?p }")


def test_update_on_the_query_path_is_refused(virtuoso_store):
    with pytest.raises(BadQuery, match="update"):
        virtuoso_store.query("DROP ALL")


@pytest.mark.parametrize("path", ["/", "/conductor"])
def test_web_page_instead_of_an_endpoint_is_a_bad_response(virtuoso, path):
    # Virtuoso's own HTML error pages (406 on "/", 404 elsewhere): not a result, and said so.
    with RemoteStore(f"http://127.0.0.1:{virtuoso.http_port}{path}") as store:
        with pytest.raises(StoreBadResponse, match="web page"):
            store.query("ASK {}")


def test_updates_without_rights_are_refused(virtuoso, graph_name):
    with RemoteStore(virtuoso.sparql_url) as anonymous:
        with pytest.raises(StoreError, match="SR186|permission"):
            anonymous.replace_graph(graph_name, _sample())
    with RemoteStore(virtuoso.sparql_url, update_url=virtuoso.update_url, user="dba", password="wrong") as wrong:
        with pytest.raises(StoreError, match="credentials"):
            wrong.replace_graph(graph_name, _sample())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
       lang=st.sampled_from([None, "zh", "en", "zh-Hans"]))
def test_any_string_bound_and_stored_comes_back_unchanged(virtuoso, text, lang):
    """Escaping holds for arbitrary Unicode (controls, quotes, braces, CJK): insert, bind, read back."""
    literal = Literal(text, lang=lang)
    graph = document_graph_uri("remote-prop")
    with virtuoso.store() as store:
        store.replace_graph_triples(graph, [(URIRef(EX + "p"), RDFS.label, literal)])
        got = store.query(f"SELECT ?s ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", bindings={"o": literal})
    assert got.rows == [(URIRef(EX + "p"), literal)]


def test_factory_opens_a_read_only_remote_store_with_env_credentials(virtuoso, monkeypatch, graph_name):
    from treatygraph.config import Settings
    from treatygraph.store.factory import open_store

    monkeypatch.setenv("TREATYGRAPH_STORE", virtuoso.sparql_url)
    monkeypatch.setenv("TREATYGRAPH_UPDATE_URL", virtuoso.update_url)
    monkeypatch.setenv("TREATYGRAPH_STORE_USER", "dba")
    monkeypatch.setenv("TREATYGRAPH_STORE_PASSWORD", "dba")
    settings = Settings.from_env()
    with open_store(settings) as served:
        assert isinstance(served, RemoteStore) and served.query("ASK {}").boolean is True
        with pytest.raises(StoreError, match="read-only"):
            served.replace_graph(graph_name, _sample())
    with open_store(settings, read_only=False) as writer:
        writer.replace_graph(graph_name, _sample())
        assert writer.count(graph_name) == len(LABELS)


def test_nul_in_a_literal_is_refused_not_cut(virtuoso_store, graph_name):
    # Virtuoso would store "a" for "a\x00b"; the store refuses, naming the graph and the triple.
    with pytest.raises(StoreError, match=r"U\+0000") as info:
        virtuoso_store.replace_graph_triples(graph_name, [(URIRef(EX + "n"), RDFS.label, Literal("a\x00b"))])
    assert graph_name in str(info.value) and EX + "n" in str(info.value)
    assert not virtuoso_store.has_graph(graph_name)


def test_bound_boolean_comes_back_as_bound(virtuoso_store, graph_name):
    # Virtuoso projects a VALUES-bound false as "0"^^xsd:integer; the store returns the bound term.
    virtuoso_store.replace_graph(graph_name, _sample())
    q = f"SELECT ?flag ?s WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} FILTER(?flag || ?o = 42) }}"
    got = virtuoso_store.query(q, bindings={"flag": Literal(False)})
    assert got.rows == [(Literal(False), URIRef(EX + "s3"))]


def test_graphs_lists_every_graph_past_the_servers_row_cap(virtuoso):
    """The list of graphs is paged: a server row cap (TEST_MAX_ROWS here) must not hide any."""
    from virtuoso_server import TEST_MAX_ROWS

    names = [f"https://w3id.org/treatygraph/graph/doc/many-{i:05d}" for i in range(TEST_MAX_ROWS + 5)]
    with virtuoso.store() as store:
        for start in range(0, len(names), 200):
            blocks = " ".join(f"GRAPH <{g}> {{ <{g}> a <urn:x:G> }}" for g in names[start:start + 200])
            store.update(f"INSERT DATA {{ {blocks} }}")
        try:
            listed = store.graphs()
        finally:
            store.update("DELETE WHERE { GRAPH ?g { ?s a <urn:x:G> } }")
    assert set(names) <= set(listed)
