"""pyoxigraph answers are freed in the thread that made them, however the query ends.

pyoxigraph's ``QuerySolutions`` / ``QueryTriples`` are bound to their thread:
freed in another one they leak and Rust prints "... is unsendable, but is
being dropped on another thread". Each scenario runs in a fresh interpreter
(the garbage collector's timing is then the script's, not the test run's) and
its stderr is read whole.
"""

from __future__ import annotations

import os
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


HOPPING_DUMP = """
import gzip, sys, threading, time
import anyio
from rdflib import Graph, Literal, URIRef
from starlette.concurrency import iterate_in_threadpool
from treatygraph.export.dump import dump_lines, gzip_chunks
from treatygraph.http.dumps import in_one_thread
from treatygraph.store.oxigraph import OxigraphStore

stream_of = {"in_one_thread": in_one_thread, "iterate_in_threadpool": iterate_in_threadpool}[sys.argv[1]]
g = Graph()
for i in range(40):
    g.add((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i)))
store = OxigraphStore.from_graphs({"http://example.org/g": g})
readers = set()

def lines():
    for line in dump_lines(store):
        readers.add(threading.get_ident())
        yield line

async def main():
    body = b""
    async with anyio.create_task_group() as tg:
        async for chunk in stream_of(gzip_chunks(lines(), chunk_lines=1)):
            body += chunk
            # other work takes the worker the last step freed: the next step runs on another
            tg.start_soon(anyio.to_thread.run_sync, time.sleep, 0.05)
            await anyio.sleep(0.005)
    return body

body = anyio.run(main)
print(len(gzip.decompress(body).decode().splitlines()), len(readers))
"""


def _dump_through(streamer: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", HOPPING_DUMP, streamer], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "RUST_BACKTRACE": "0"})


def test_dump_reads_the_embedded_store_in_one_thread():
    proc = _dump_through("in_one_thread")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["40", "1"]  # every line, read by one thread
    assert "unsendable" not in proc.stderr, proc.stderr


def test_dump_resumed_on_other_threads_aborts():
    """Control: starlette's ``iterate_in_threadpool`` resumes the dump on other worker threads,
    where pyoxigraph's iterator panics (and the process aborts): the test above can fail."""
    proc = _dump_through("iterate_in_threadpool")
    assert proc.returncode != 0
    assert "QuadIter is unsendable, but sent to another thread" in proc.stderr
