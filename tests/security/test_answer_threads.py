"""pyoxigraph answers are freed in the thread that made them, however the query ends.

pyoxigraph's ``QuerySolutions`` / ``QueryTriples`` are bound to their thread:
freed in another one they leak and Rust prints "... is unsendable, but is
being dropped on another thread". Each scenario runs in a fresh interpreter
(the garbage collector's timing is then the script's, not the test run's) and
its stderr is read whole.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SETUP = """
import gc, sys, threading
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from treatygraph.config import Settings
from treatygraph.http.app import create_app
from treatygraph.store.oxigraph import OxigraphStore

g = Graph()
for i in range(600):
    g.add((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i)))
store = OxigraphStore.from_graphs({"http://example.org/g": g})
# the word "service" as data: the guard double-checks each new text with rdflib's parser,
# whose garbage cycles hold the calling frames (from the second text on)
WORDS = ["SELECT ?service WHERE { ?service ?p ?o }",
         "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://h/> { }",
         "SELECT * WHERE { ?s <http://example.org/service> ?o }"]
WORD = WORDS[0]

def in_thread(work):
    box = {}
    def run():
        try:
            box["value"] = work()
        except BaseException as e:  # handed to the other thread, as anyio does
            box["error"] = e
    t = threading.Thread(target=run)
    t.start()
    t.join()
    return box
"""

SCENARIOS = {
    # a query made in a worker thread, the garbage collected in the main one
    "answered_in_a_thread": """
        for text in WORDS:
            in_thread(lambda: store.query(text))
            in_thread(lambda: store.query_capped(text + " ", "text/csv", max_rows=None))
            in_thread(lambda: store.query_capped(text + "  ", "text/csv", max_rows=5))
        gc.collect()
    """,
    # a query made in the main thread, the garbage collected in a worker (the CI case)
    "answered_in_main": """
        for text in WORDS:
            store.query(text)
            store.query_capped(text + " ", "application/sparql-results+json", max_rows=5)
        in_thread(gc.collect)
    """,
    # errors raised while the answer is read, carried to the main thread and dropped there
    "errors": """
        box = in_thread(lambda: store.query("SELECT * WHERE { ?s ?p ?o }", timeout=0))
        assert type(box["error"]).__name__ == "StoreTimeout", box
        del box
        box = in_thread(lambda: store.query_capped("ASK {}", "text/csv", max_rows=None))
        assert isinstance(box["error"], ValueError), box
        del box
        box = in_thread(lambda: store.query_capped(WORD, "text/turtle", max_rows=3))
        assert isinstance(box["error"], ValueError), box
        del box
        gc.collect()
    """,
    # the SPARQL endpoint refusing SERVICE (test_guard) and answering, through TestClient's threads
    "endpoint": """
        for text in WORDS:
            store.query(text)
        query = "SELECT * WHERE { VALUES ?svc { <http://127.0.0.1:9/> } SERVICE ?svc { ?s ?p ?o } }"
        with TestClient(create_app(Settings.from_env(root=ROOT), store), raise_server_exceptions=False) as client:
            for _ in range(3):
                assert client.get("/sparql", params={"query": query}).status_code == 400
                assert client.post("/sparql", data={"query": query}).status_code == 400
                r = client.get("/sparql", params={"query": WORD}, headers={"Accept": "text/csv"})
                assert r.status_code == 200, r.text
            in_thread(gc.collect)
        gc.collect()
    """,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_answers_are_released_in_their_own_thread(name, tmp_path, project_root):
    script = f"ROOT = {str(project_root)!r}\n" + SETUP + textwrap.dedent(SCENARIOS[name]) + "\nprint('done')\n"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("done"), proc.stderr
    assert "unsendable" not in proc.stderr, proc.stderr
    assert "panicked" not in proc.stderr, proc.stderr
