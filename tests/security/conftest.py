"""Fixtures for the security tests: a connection recorder, an on-disk store, a live uvicorn server."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from treatygraph.http.app import create_app
from treatygraph.store.oxigraph import OxigraphStore

from security_helpers import EX, Recorder, disk_settings, live_server, sample_graph


@pytest.fixture
def recorder():
    r = Recorder()
    yield r
    r.close()


@pytest.fixture(scope="session")
def disk_store_path(tmp_path_factory):
    """An on-disk store: graphs ex:g1 (300 triples) and ex:g2 (200)."""
    path = tmp_path_factory.mktemp("secstore") / "store"
    store = OxigraphStore.open(path, read_only=False)
    store.replace_graphs({EX + "g1": sample_graph(300, "g1"), EX + "g2": sample_graph(200, "g2")})
    store.close()
    return path


@pytest.fixture
def live_app(settings, disk_store_path):
    """``live_app(**limits)``: a context manager serving the on-disk store; yields ``(url, app)``."""

    @contextmanager
    def start(**limits):
        app = create_app(disk_settings(settings, disk_store_path, **limits))
        with live_server(app) as url:
            yield url, app

    return start


def pytest_configure(config):
    config.addinivalue_line("markers", "load: the bounded load test on loopback (runs by default)")


@pytest.fixture(scope="session")
def built_project(settings, tmp_path_factory):
    """A copy of the project's inputs (ontology, shapes, queries, data without the bundled corpus),
    built once; its settings."""
    from small_project import copy_small_project
    from treatygraph.build import build

    root = tmp_path_factory.mktemp("project")
    built = copy_small_project(root, settings).with_(store=str(root / "store"))
    summary = build(built, progress=False)
    assert summary.ok, summary.text()
    return built
