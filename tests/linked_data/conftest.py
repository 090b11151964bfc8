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
