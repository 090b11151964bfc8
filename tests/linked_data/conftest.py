"""Fixtures of the linked-data tests: the sample dataset in a real Oxigraph store, the app,
an in-process client, and a real uvicorn server on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

from ld_sample import article_uri, sample_graphs
from treatygraph.http.app import create_app
from treatygraph.store.oxigraph import OxigraphStore


@pytest.fixture(scope="session")
def ld_graphs():
    return sample_graphs()


@pytest.fixture(scope="session")
def ld_store(ld_graphs):
    store = OxigraphStore.from_graphs(ld_graphs)
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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving an app on 127.0.0.1 in a thread, stopped by :meth:`stop`."""

    def __init__(self, app):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{self.port}", daemon=True)

    def start(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start on port {self.port}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(ld_app):
    server = LiveServer(ld_app).start()
    yield server
    server.stop()
