"""Fixtures for the HTTP tests: real in-memory Oxigraph stores and in-process apps."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from treatygraph.http.app import create_app
from treatygraph.store.oxigraph import OxigraphStore

from httpdata import EX, graph


@pytest.fixture
def small_store() -> OxigraphStore:
    """Two named graphs (one triple each, one shared subject) and an empty one."""
    return OxigraphStore.from_graphs({
        EX + "g1": graph('ex:a ex:p "one" ; rdfs:label "A"@en .'),
        EX + "g2": graph("ex:a ex:q 2 . ex:b ex:p ex:a ."),
        EX + "empty": Graph(),
    })


@pytest.fixture
def make_client(settings):
    """``make_client(store)``: a TestClient on a fresh app serving ``store``."""
    clients = []

    def make(store) -> TestClient:
        client = TestClient(create_app(settings, store), raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def client(make_client, small_store) -> TestClient:
    return make_client(small_store)
