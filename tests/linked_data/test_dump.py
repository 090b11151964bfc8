"""Whole-graph and per-instrument dumps (gzip N-Quads) and the VoID description: CLI and HTTP.

The fast tests run on the small build (registry + first document); the corpus
tests (marked ``corpus`` through ``built_store``) dump the whole bundled corpus.
The VoID statistics are the build's (``graph/void``, :mod:`treatygraph.void`).
"""

import gzip
import io

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from treatygraph import identifiers
from treatygraph.cli import main
from treatygraph.export.dump import dump_lines, write_gzip
from treatygraph.http.app import create_app
from treatygraph.store.oxigraph import OxigraphStore
from treatygraph.void import compute_statistics, read_statistics, stored_statistics, void_description

VOID = Namespace("http://rdfs.org/ns/void#")


def _quads(data: bytes) -> Dataset:
    ds = Dataset()
    ds.parse(data=gzip.decompress(data), format="nquads")
    return ds


def _count(ds: Dataset) -> int:
    """Statements counted with their graph (``len(ds)`` counts a triple stated in two graphs once)."""
    return sum(1 for _ in ds.quads((None, None, None, None)))


def _store_quads(store) -> int:
    return sum(1 for _ in store.quads())


@pytest.fixture(scope="module")
def small_client(small_built_settings, small_built_store):
    with TestClient(create_app(small_built_settings, store=small_built_store)) as c:
        yield c


def test_cli_dump_holds_every_statement_with_its_graph(small_built_settings, small_built_store, tmp_path, capsys):
    out = tmp_path / "graph.nq.gz"
    code = main(["--root", str(small_built_settings.root), "--store", small_built_settings.store_location,
                 "dump", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    ds = _quads(out.read_bytes())
    assert _count(ds) == _store_quads(small_built_store)
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert set(small_built_store.graphs()) <= graphs


def test_instrument_dump_is_the_instruments_part(small_built_settings, small_built_store):
    base = small_built_settings.base
    buffer = io.BytesIO()
    count = write_gzip(dump_lines(small_built_store, "itpgrfa", base), buffer)
    ds = _quads(buffer.getvalue())
    assert count == _count(ds) > 0
    subjects = {str(s) for s, _, _, _ in ds.quads() if isinstance(s, URIRef)}
    assert f"{base}id/itpgrfa/art/19.3.g" in subjects
    assert all(s == f"{base}id/itpgrfa" or s.startswith(f"{base}id/itpgrfa/") for s in subjects)


def test_cli_dump_refuses_what_is_not_an_instrument(small_built_settings, capsys):
    code = main(["--store", small_built_settings.store_location, "dump", "--instrument", "cbd/art/8"])
    assert code == 2
    assert "--instrument" in capsys.readouterr().err


def test_http_dump_and_instrument_dump(small_client, small_built_store):
    response = small_client.get("/dump")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/gzip"
    assert 'filename="treatygraph.nq.gz"' in response.headers["content-disposition"]
    assert _count(_quads(response.content)) == _store_quads(small_built_store)
    part = small_client.get("/dump", params={"instrument": "itpgrfa"})
    assert part.status_code == 200 and 0 < _count(_quads(part.content)) < _store_quads(small_built_store)
    bad = small_client.get("/dump", params={"instrument": "no such/../thing"})
    assert bad.status_code == 422 and "instrument" in bad.text


def test_void_counts_are_the_stores(small_client, small_built_settings, small_built_store):
    response = small_client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    g = Graph().parse(data=response.content, format="turtle")
    dataset = URIRef(f"{small_built_settings.base}void#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in g
    subsets = {str(s): int(g.value(s, VOID.triples)) for s in g.objects(dataset, VOID.subset)}
    statistics = identifiers.void_graph_uri(small_built_settings.base)
    expected = {graph: sum(1 for _ in small_built_store.quads(graph)) for graph in small_built_store.graphs()}
    assert expected.pop(statistics) > 0  # the build stored its statistics, which do not count themselves
    assert subsets == expected
    triples = int(g.value(dataset, VOID.triples))
    assert 0 < triples <= sum(expected.values())
    classes = {str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities))
               for p in g.objects(dataset, VOID.classPartition)}
    citations = small_built_store.query(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/treatygraph/ontology#Citation> }")
    assert classes["https://w3id.org/treatygraph/ontology#Citation"] == int(citations.rows[0][0]) > 0
    assert str(g.value(dataset, VOID.dataDump)) == "http://testserver/dump"


def test_corpus_dump_round_trips(built_settings, built_store, tmp_path):
    """The whole corpus: every statement in the gzip N-Quads dump, in its graph."""
    out = tmp_path / "corpus.nq.gz"
    with open(out, "wb") as f:
        count = write_gzip(dump_lines(built_store, None, built_settings.base), f)
    assert count == _store_quads(built_store)
    assert _count(_quads(out.read_bytes())) == count


def _void_figures(g: Graph, base: str) -> dict:
    """The figures of a VoID description, blank nodes aside."""
    dataset = URIRef(identifiers.void_dataset_uri(base))
    return {
        "totals": {str(p): int(o) for p, o in g.predicate_objects(dataset) if isinstance(o, Literal)
                   and o.datatype == XSD.integer},
        "classes": {str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities))
                    for p in g.objects(dataset, VOID.classPartition)},
        "properties": {str(g.value(p, VOID.property)): int(g.value(p, VOID.triples))
                       for p in g.objects(dataset, VOID.propertyPartition)},
        "subsets": {str(s): int(g.value(s, VOID.triples)) for s in g.objects(dataset, VOID.subset)},
    }


def test_statistics_stored_and_computed_agree_on_both_stores(small_api_store, small_built_settings):
    """On the embedded store and on Virtuoso after a push: graph/void holds the figures that the
    computing queries (queries/void/) give over the same graphs now."""
    base, queries = small_built_settings.base, small_built_settings.queries_dir
    stored = stored_statistics(small_api_store, base, queries)
    assert stored is not None and stored.triples > 1000 and stored.classes > 10
    assert compute_statistics(small_api_store, base, queries) == stored
    assert read_statistics(small_api_store, base, queries).stored


def _copy(store, without=()) -> OxigraphStore:
    copy = OxigraphStore.in_memory()
    copy._store.extend(q for q in store._store.quads_for_pattern(None, None, None, None)
                       if q.graph_name.value not in without)
    return copy


def test_a_store_without_stored_statistics_gets_them_computed(small_built_settings, small_built_store):
    """Data loaded by hand (no graph/void): /.well-known/void gives the figures the build would have
    stored; the named queries that read them answer no rows."""
    base = small_built_settings.base
    bare = _copy(small_built_store, without={identifiers.void_graph_uri(base)})
    assert stored_statistics(bare, base, small_built_settings.queries_dir) is None
    with TestClient(create_app(small_built_settings, store=bare)) as client:
        computed = Graph().parse(data=client.get("/.well-known/void").content, format="turtle")
        totals = client.get("/queries/void-totals", headers={"Accept": "application/sparql-results+json"})
        assert totals.status_code == 200 and totals.json()["results"]["bindings"] == []
    with TestClient(create_app(small_built_settings, store=small_built_store)) as client:
        stored = Graph().parse(data=client.get("/.well-known/void").content, format="turtle")
    assert _void_figures(computed, base) == _void_figures(stored, base)
    assert len(_void_figures(stored, base)["totals"]) == 5


def test_statistics_of_a_graph_added_by_hand_are_computed(small_built_settings, small_built_store):
    """A graph loaded after the build: the stored figures no longer describe the store, so they are
    computed again (and name the new graph); the stored ones stay as they were."""
    base = small_built_settings.base
    copy = _copy(small_built_store)
    extra = identifiers.graph_uri("by-hand", base)
    added = Graph()
    added.add((URIRef(base + "id/by-hand"), RDF.type, URIRef("https://example.org/Thing")))
    copy.replace_graph(extra, added)
    stats = read_statistics(copy, base, small_built_settings.queries_dir)
    assert not stats.stored and stats.graph_triples[extra] == 1
    assert stats.class_entities[URIRef("https://example.org/Thing")] == 1
    assert stored_statistics(copy, base, small_built_settings.queries_dir).triples == stats.triples - 1


def test_corpus_dump_and_void_agree_on_both_stores(api_store, built_store, built_settings):
    """The dump and the VoID figures of the corpus read from Virtuoso (after the push) equal the
    embedded store's: the remote store path serves the same graph and its stored statistics."""
    base = built_settings.base
    here = sum(1 for _ in dump_lines(api_store, "paris", base))
    assert here == sum(1 for _ in dump_lines(built_store, "paris", base)) > 0
    assert stored_statistics(api_store, base, built_settings.queries_dir) is not None
    figures = [_void_figures(void_description(store, built_settings), base) for store in (api_store, built_store)]
    assert figures[0] == figures[1]
    assert figures[0]["totals"][str(VOID.triples)] > 500_000 and len(figures[0]["subsets"]) > 80
