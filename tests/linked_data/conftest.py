"""Fixtures of the linked-data tests: the sample dataset in a real Oxigraph store, the app,
an in-process client, and a real uvicorn server on a free loopback port."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ld_sample import article_uri, sample_graphs
from live_server import LiveServer
from treatygraph.http.app import create_app
from treatygraph.identifiers import DEFAULT_BASE
from treatygraph.store.oxigraph import OxigraphStore


@pytest.fixture(scope="session")
def ld_graphs():
    return sample_graphs()


@pytest.fixture(scope="session")
def ld_store(ld_graphs, project_root):
    """The sample graphs with graph/derived computed from them, as a build does."""
    store = OxigraphStore.from_graphs(ld_graphs)
    store.derive(project_root / "queries", DEFAULT_BASE)
    yield store
    store.close()


@pytest.fixture(scope="session")
def ld_settings(settings):
    return settings.with_(extra={**settings.extra, "export_max_triples": 100_000})


@pytest.fixture(scope="session")
def ld_app(ld_settings, ld_store):
    return create_app(ld_settings, store=ld_store)


@pytest.fixture(scope="session")
def client(ld_app):
    with TestClient(ld_app) as c:
        yield c


@pytest.fixture(scope="session")
def article() -> str:
    return article_uri()


@pytest.fixture(scope="session")
def live_server(ld_app):
    server = LiveServer(ld_app).start()
    yield server
    server.stop()


#: Corpus files the reading tests ingest: a UNFCCC compilation (decision 1/CP.21 with the
#: Paris Agreement), the CBD's text (Markdown) and the repository's first document (Chinese).
READING_FILES = ("corpus/unfccc/cop/cp2015_21 - 2015 - decision 1.txt", "corpus/treaties/cbd.en.md")


@pytest.fixture(scope="session")
def reading_store(settings, shared_dir, project_root):
    """A real store of corpus documents ingested as a build does (ontology, registry, documents,
    graph/derived), without the build's validation: the pages are what is tested here."""
    from treatygraph import identifiers as ids
    from treatygraph.ingest.rdf import ingest_document
    from treatygraph.registry import Registry
    from treatygraph.validate import load_ontology

    registry = Registry.load(settings.registry_dir, settings.base)
    graphs = {ids.graph_uri("ontology", settings.base): load_ontology(settings),
              ids.graph_uri("registry", settings.base): registry.graph}
    files = [shared_dir / name for name in READING_FILES]
    files.append(project_root / "data" / "documents" / "itpgrfa-gb-5-item-13.zh.txt")
    for path in files:
        if not path.is_file():
            pytest.skip(f"{path} is not there (the shared corpus)")
        result = ingest_document(path, registry, settings)
        graphs[result.graph_uri] = result.graph
    store = OxigraphStore.from_graphs(graphs)
    store.derive(project_root / "queries", settings.base)
    yield store
    store.close()


@pytest.fixture(scope="session")
def reading_app(settings, reading_store):
    return create_app(settings, store=reading_store)


@pytest.fixture()
def reader(reading_app):
    """A client with no cookies of its own (the language cookie is tested, not inherited)."""
    with TestClient(reading_app) as c:
        yield c


@pytest.fixture(scope="session")
def reading_server(reading_app):
    server = LiveServer(reading_app).start()
    yield server
    server.stop()
