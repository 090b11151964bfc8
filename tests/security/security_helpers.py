"""Helpers for the security tests (imported by name; conftest modules of several folders share a name)."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import uvicorn
from rdflib import Graph, Literal, URIRef

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


def sample_graph(n: int, tag: str) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"{EX}{tag}/s{i}"), URIRef(f"{EX}p{i % 5}"), Literal(i)))
    return g


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
