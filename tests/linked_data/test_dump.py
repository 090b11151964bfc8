"""Whole-graph and per-instrument dumps (gzip N-Quads) and the VoID description: CLI and HTTP.

The fast tests run on the small build (registry + first document); the corpus
tests (marked ``corpus`` through ``built_store``) dump the whole bundled corpus.
"""

import gzip
import io

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import RDF

from treatygraph.cli import main
from treatygraph.export.dump import dump_lines, write_gzip
from treatygraph.http.app import create_app

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
    expected = {graph: sum(1 for _ in small_built_store.quads(graph)) for graph in small_built_store.graphs()}
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


def test_corpus_dump_and_void_agree_on_both_stores(api_store, built_store, built_settings):
    """The dump and the VoID counts of the corpus read from Virtuoso (after the push) equal the
    embedded store's: the remote store path serves the same graph."""
    from treatygraph.export.describe import void_description

    base = built_settings.base
    here = sum(1 for _ in dump_lines(api_store, "paris", base))
    assert here == sum(1 for _ in dump_lines(built_store, "paris", base)) > 0
    subsets = {}
    for store in (api_store, built_store):
        g = void_description(store, built_settings)
        dataset = URIRef(f"{base}void#dataset")
        subsets[id(store)] = {str(s): int(g.value(s, VOID.triples)) for s in g.objects(dataset, VOID.subset)}
    assert subsets[id(api_store)] == subsets[id(built_store)]
