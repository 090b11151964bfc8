"""Faults of a remote store, on a Virtuoso of this module's own: paused, partial, killed mid-push, stopped.

And answers no SPARQL server should give (a 200 HTML page, broken JSON, a
206), from a small real HTTP server on loopback playing a misconfigured
proxy in front of the endpoint.
"""

import http.server
import threading
import time
import uuid

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from treatygraph.identifiers import document_graph_uri
from treatygraph.push import PushFailed, push
from treatygraph.store.base import StoreBadResponse, StoreTimeout, StoreUnavailable
from treatygraph.store.oxigraph import OxigraphStore
from treatygraph.store.remote import RemoteStore, staging_graph

from virtuoso_server import VirtuosoServer, require_virtuoso

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def fault_server(tmp_path_factory):
    """A Virtuoso for this module only; each test finds it running and may break it."""
    require_virtuoso()
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-faults"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(fault_server):
    if fault_server.process is None or fault_server.process.poll() is not None:
        fault_server.start()
    yield fault_server
    fault_server.resume()


@pytest.mark.virtuoso
def test_paused_server_times_out_then_recovers(server):
    with server.store(timeout=2.0, connect_timeout=1.0) as store:
        assert store.query("ASK {}").boolean is True
        server.pause()
        try:
            with pytest.raises(StoreTimeout, match="did not answer within 2 s"):
                store.query("ASK {}")
        finally:
            server.resume()
        assert store.query("ASK {}").boolean is True


@pytest.mark.virtuoso
def test_server_side_timeout_gives_a_truncated_answer(server):
    # Asked to stop after 10% of a 30 s deadline, Virtuoso returns what it has (anytime query).
    with server.store(timeout=30.0, server_timeout_fraction=0.1) as store:
        result = store.query(HEAVY)
    assert result.truncated


@pytest.mark.virtuoso
def test_push_killed_midway_fails_clearly_and_a_rerun_converges(server):
    tag = "k" + uuid.uuid4().hex[:8]
    sizes = {"a": 40, "b": 60, "c": 3000, "d": 50}
    graphs = {}
    for name, n in sizes.items():
        uri = document_graph_uri(f"{tag}-{name}")
        graphs[uri] = [(URIRef(f"https://example.org/k/{name}/{i}"), SKOS.prefLabel, Literal(f"第{i}条", lang="zh"))
                       for i in range(n)]
    source = OxigraphStore.in_memory()
    source.replace_graphs({uri: _graph(ts) for uri, ts in graphs.items()})
    big = list(graphs)[2]

    killed = threading.Event()

    def kill_when_staging_appears():
        with server.store(timeout=5.0) as watcher:
            while not killed.is_set():
                try:
                    if watcher.has_graph(staging_graph(big)):
                        break
                except (StoreUnavailable, StoreTimeout):
                    return
                time.sleep(0.02)
        if not killed.is_set():
            killed.set()
            server.kill()

    def progress(line):
        # Deterministic fallback: if the watcher missed the load, kill right after it.
        if big in line and not killed.is_set():
            killed.set()
            server.kill()

    watcher = threading.Thread(target=kill_when_staging_appears)
    watcher.start()
    with server.store(batch_size=100) as target:
        with pytest.raises(PushFailed) as failure:
            push(source, target, progress=progress)
    killed.set()
    watcher.join()
    message = str(failure.value)
    assert failure.value.failed_graph in (big, list(graphs)[3])
    assert "Run the same push again" in message and f"<{failure.value.failed_graph}>" in message
    done = [g.graph for g in failure.value.summary.graphs]
    assert done == list(graphs)[: len(done)]

    server.start()  # same database directory: Virtuoso recovers from its transaction log
    with server.store(batch_size=100) as target:
        for name in done:  # what was switched in before the crash is there, whole
            assert target.count(name) == sizes[name.rsplit("-", 1)[1]]
        push(source, target)
        assert {name: target.count(name) for name in graphs} == {name: len(ts) for name, ts in graphs.items()}
        assert not any(target.has_graph(staging_graph(name)) for name in graphs)


def _app_client(server, **extra):
    from fastapi.testclient import TestClient

    from treatygraph.config import Settings
    from treatygraph.http.app import create_app

    settings = Settings.from_env(store=server.sparql_url).with_(extra={"query_timeout": 3.0, **extra})
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.mark.virtuoso
def test_app_serves_the_remote_store_and_maps_its_faults(server):
    """``create_app(settings)`` with a remote store URL: answers from Virtuoso, 504 when it hangs."""
    uri = document_graph_uri("k" + uuid.uuid4().hex[:8])
    with server.store() as store:
        store.replace_graph(uri, _graph([(URIRef("https://example.org/k/1"), SKOS.prefLabel, Literal("植物条约", lang="zh"))]))
    with _app_client(server) as client:
        q = f"SELECT ?l WHERE {{ GRAPH <{uri}> {{ ?s ?p ?l }} }}"
        r = client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200, r.text
        assert r.json()["results"]["bindings"][0]["l"]["value"] == "植物条约"
        # Virtuoso's system graphs alone exceed the test server's row cap: the API says the answer is cut.
        r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                       headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200 and r.headers.get("treatygraph-truncated") == "true"
        server.pause()
        try:
            r = client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
        finally:
            server.resume()
        assert r.status_code == 504, r.text


@pytest.mark.virtuoso
def test_stopped_server_is_unavailable(server):
    with server.store(timeout=30.0, connect_timeout=2.0) as store:
        assert store.query("ASK {}").boolean is True
        server.stop()
        with pytest.raises(StoreUnavailable, match="cannot be reached|dropped the connection"):
            store.query("ASK {}")
        with pytest.raises(StoreUnavailable):
            store.drop_graph(document_graph_uri("anything"))
    with _app_client(server) as client:
        r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 503 and r.headers.get("retry-after"), r.text


def _graph(triples):
    from rdflib import Graph

    g = Graph()
    for t in triples:
        g.add(t)
    return g


# --------------------------------------------------------------------------
# A misconfigured proxy in front of the endpoint
# --------------------------------------------------------------------------

ANSWERS = {
    "/html": (200, "text/html; charset=utf-8", b"<!DOCTYPE html><html><head><title>Gateway login</title></head></html>"),
    "/broken": (200, "application/sparql-results+json", b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": '),
    "/partial": (206, "application/sparql-results+json",
                 b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://x/1"}}]}}'),
    "/unavailable": (503, "text/plain", b"maintenance"),
}


class _Proxy(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, ctype, body = ANSWERS[self.path]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_html_page_with_200_is_a_bad_response(proxy):
    with RemoteStore(proxy + "/html") as store, pytest.raises(StoreBadResponse, match="Gateway login"):
        store.query("SELECT * WHERE { ?s ?p ?o }")


def test_broken_json_is_a_bad_response(proxy):
    with RemoteStore(proxy + "/broken") as store, pytest.raises(StoreBadResponse, match="broken SPARQL JSON"):
        store.query("SELECT * WHERE { ?s ?p ?o }")


def test_206_is_a_truncated_answer(proxy):
    with RemoteStore(proxy + "/partial") as store:
        result = store.query("SELECT * WHERE { ?s ?p ?o }")
    assert result.truncated and result.rows == [(URIRef("http://x/1"),)]


def test_503_is_unavailable(proxy):
    with RemoteStore(proxy + "/unavailable") as store, pytest.raises(StoreUnavailable, match="maintenance"):
        store.query("ASK {}")
