"""Fixtures for the security tests: a connection recorder, an on-disk store, a live uvicorn server."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import pytest
import uvicorn
from rdflib import Graph, Literal, URIRef

from treatygraph.http.app import create_app
from treatygraph.store.oxigraph import OxigraphStore

EX = "http://example.org/"
#: Four unconstrained patterns over a few hundred triples: billions of solutions.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """A real TCP server on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections: list[bytes] = []
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(4096))
                except OSError:
                    self.connections.append(b"")

    def close(self):
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def recorder():
    r = Recorder()
    yield r
    r.close()


def sample_graph(n: int, tag: str) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"{EX}{tag}/s{i}"), URIRef(f"{EX}p{i % 5}"), Literal(i)))
    return g


@pytest.fixture(scope="session")
def disk_store_path(tmp_path_factory):
    """An on-disk store: graphs ex:g1 (300 triples) and ex:g2 (200)."""
    path = tmp_path_factory.mktemp("secstore") / "store"
    store = OxigraphStore.open(path, read_only=False)
    store.replace_graphs({EX + "g1": sample_graph(300, "g1"), EX + "g2": sample_graph(200, "g2")})
    store.close()
    return path


def disk_settings(settings, path, **limits):
    """Settings serving the on-disk store at ``path`` with the given limits in ``extra``."""
    return settings.with_(store=str(path), extra=dict(limits))


@contextmanager
def live_server(app):
    """Serve ``app`` with a real uvicorn on a free loopback port (in a thread); yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


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
    """A copy of the project's inputs (ontology, shapes, queries, data), built once; its settings."""
    import shutil

    from treatygraph.build import build

    root = tmp_path_factory.mktemp("project")
    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(settings.root / name, root / name)
    built = settings.with_(root=root, store=str(root / "store"), extra={})
    summary = build(built, progress=False)
    assert summary.ok, summary.text()
    return built
