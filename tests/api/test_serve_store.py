"""`treatygraph serve --store LOCATION` as a real process on a loopback port, on both stores:
the SPARQL endpoint, a named query and dereferencing answer over a socket."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(api_store, built_settings, tmp_path_factory):
    """The base URL of a `treatygraph serve --store ...` process on the store of this parametrization."""
    location = getattr(api_store, "query_url", None) or str(Path(built_settings.store))
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TREATYGRAPH_")}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from treatygraph.cli import main; sys.exit(main())",
             "--root", str(ROOT), "serve", "--store", location, "--no-build", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                pytest.fail(f"serve exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(url + "/queries", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("serve did not answer: " + log.read_text(errors="replace")[-2000:])
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_served_sparql_named_query_and_dereferencing(served, built_store):
    expected = len(built_store.query(
        "SELECT ?p ?c WHERE { ?p <http://data.europa.eu/eli/ontology#cites> ?c }").rows)
    r = httpx.post(served + "/sparql", data={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?p <http://data.europa.eu/eli/ontology#cites> ?c }"},
        headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == expected > 0

    r = httpx.get(served + "/queries/group-secretariat", params={"group": "id/group/blg"},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["results"]["bindings"]

    r = httpx.get(served + "/id/group/blg", headers={"Accept": "text/turtle"})
    assert r.status_code == 303 and "Accept" in r.headers["vary"]
    data = httpx.get(r.headers["location"])
    assert data.status_code == 200
    g = Graph().parse(data=data.text, format="turtle")
    here = r.headers["location"].split("/data/")[0] + "/id/group/blg"
    assert (URIRef(here), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None) in g
