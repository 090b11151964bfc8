"""A real ``treatygraph serve`` (uvicorn) on a free loopback port, queried with SPARQLWrapper."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from treatygraph.store.oxigraph import OxigraphStore

from httpdata import EX, graph


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, project_root):
    path = tmp_path_factory.mktemp("live") / "store"
    store = OxigraphStore.open(path, read_only=False)
    store.replace_graph(EX + "g", graph('ex:a ex:p "one"@en ; ex:q 2 . ex:b ex:p ex:a .'))
    store.close()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "treatygraph.cli", "--root", str(project_root), "--store", str(path),
         "serve", "--host", "127.0.0.1", "--port", str(port), "--no-build"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the server did not start:\n" + proc.stdout.read().decode(errors="replace"))
            time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_select_json(server):
    client = SPARQLWrapper(server)
    client.setQuery("SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s")
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert [(b["s"]["value"], b["o"]["value"]) for b in bindings] == [(EX + "a", "one"), (EX + "b", EX + "a")]
    assert bindings[0]["o"]["xml:lang"] == "en"


def test_construct_turtle(server):
    client = SPARQLWrapper(server)
    client.setQuery("CONSTRUCT { ?s <http://example.org/r> ?o } WHERE { ?s <http://example.org/q> ?o }")
    client.setReturnFormat(TURTLE)
    body = client.query().convert()
    g = Graph().parse(data=body, format="turtle")
    assert set(g) == {(URIRef(EX + "a"), URIRef(EX + "r"), Literal(2))}


def test_post_and_update_refused(server):
    client = SPARQLWrapper(server)
    client.setMethod("POST")
    client.setQuery("ASK { ?s ?p 2 }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    req = urllib.request.Request(server, data=b"CLEAR ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=5)
    assert info.value.code == 400
