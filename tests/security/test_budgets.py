"""Budgets: a runaway query is stopped (504) without hurting other clients; row cap, body cap, per-client limit."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from treatygraph.config import Settings
from treatygraph.http.app import create_app
from treatygraph.store.budget import DEFAULTS, Budget
from treatygraph.store.oxigraph import OxigraphStore

from security_helpers import EX, RUNAWAY, sample_graph

JSON = {"Accept": "application/sparql-results+json"}
GOOD = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}g2> {{ ?s ?p ?o }} }}"


def client_at(address: str) -> httpx.Client:
    """An HTTP client whose connections come from ``address`` (any 127.x.y.z is loopback)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def start_runaway(url: str, address: str, results: list) -> threading.Thread:
    def run():
        with client_at(address) as c:
            results.append(c.get(url + "/sparql", params={"query": RUNAWAY}, headers=JSON))

    t = threading.Thread(target=run)
    t.start()
    return t


def test_runaway_query_is_killed_and_others_keep_answering(live_app):
    with live_app(query_timeout=4, query_workers=2) as (url, app):
        with client_at("127.0.0.1") as good:
            assert good.get(url + "/sparql", params={"query": GOOD}, headers=JSON).status_code == 200
            runaway: list = []
            t = start_runaway(url, "127.0.0.2", runaway)
            answers = [good.get(url + "/sparql", params={"query": GOOD}, headers=JSON)
                       for _ in range(10)]
            named = good.get(url + "/queries/class-counts", headers=JSON)
            still_running = t.is_alive()
            t.join(60)
            after = good.get(url + "/sparql", params={"query": GOOD}, headers=JSON)
    assert still_running, "the runaway query answered before the others: nothing was tested"
    assert [a.status_code for a in answers] == [200] * 10
    assert all(int(a.json()["results"]["bindings"][0]["n"]["value"]) == 200 for a in answers)
    assert named.status_code == 200
    assert runaway[0].status_code == 504
    assert runaway[0].json()["error"]["status"] == 504
    assert app.state.query_pool.killed == 1  # really stopped, not abandoned
    assert after.status_code == 200          # a fresh worker took its place


def test_in_memory_store_times_out_with_the_thread_fallback(settings):
    store = OxigraphStore.from_graphs({EX + "g": sample_graph(300, "g")})
    three = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    app = create_app(settings.with_(extra={"query_timeout": 0.2}), store)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/sparql", params={"query": three}, headers=JSON)
        assert r.status_code == 504
        assert "0.2 s" in r.json()["error"]["detail"]


@pytest.fixture
def capped_client(settings):
    store = OxigraphStore.from_graphs({EX + "g": sample_graph(20, "g")})
    with TestClient(create_app(settings.with_(extra={"max_rows": 7}), store)) as client:
        yield client


def test_row_cap_is_signalled_never_silent(capped_client):
    q = "SELECT ?s WHERE { ?s ?p ?o }"
    r = capped_client.get("/sparql", params={"query": q}, headers=JSON)
    assert r.headers["Treatygraph-Truncated"] == "true"
    assert r.json()["truncated"] is True and len(r.json()["results"]["bindings"]) == 7
    r = capped_client.get("/sparql", params={"query": q, "format": "csv"})
    assert r.headers["Treatygraph-Truncated"] == "true"
    assert len(r.text.strip().splitlines()) == 1 + 7
    for fmt in ("xml", "tsv"):
        r = capped_client.get("/sparql", params={"query": q, "format": fmt})
        assert r.status_code == 200 and r.headers["Treatygraph-Truncated"] == "true"
    r = capped_client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }",
                                             "format": "ntriples"})
    assert r.headers["Treatygraph-Truncated"] == "true"
    assert len(r.text.strip().splitlines()) == 7


def test_results_under_the_cap_are_complete(capped_client):
    r = capped_client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 7"},
                          headers=JSON)
    assert "Treatygraph-Truncated" not in r.headers
    assert "truncated" not in r.json() and len(r.json()["results"]["bindings"]) == 7


def test_row_cap_on_the_worker_pool(live_app):
    with live_app(max_rows=3) as (url, _app):
        r = httpx.get(url + "/sparql", params={"query": f"SELECT ?s {{ GRAPH <{EX}g1> {{ ?s ?p ?o }} }}"},
                      headers=JSON, timeout=30)
    assert r.headers["Treatygraph-Truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == 3


def test_request_body_cap(settings):
    store = OxigraphStore.from_graphs({EX + "g": sample_graph(3, "g")})
    app = create_app(settings.with_(extra={"max_body": 1000}), store)
    small = "ASK { ?s ?p ?o }"
    big = small + " #" + "x" * 2000
    with TestClient(app, raise_server_exceptions=False) as client:
        ok = client.post("/sparql", content=small, headers={"Content-Type": "application/sparql-query"})
        declared = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
        chunked = client.post("/sparql", content=(big[i:i + 100].encode() for i in range(0, len(big), 100)),
                              headers={"Content-Type": "application/sparql-query"})
        form = client.post("/sparql", data={"query": big})
    assert ok.status_code == 200
    for r in (declared, chunked, form):
        assert r.status_code == 413, r.text
        assert r.json()["error"] == {"status": 413, "title": "Payload Too Large",
                                     "detail": "the request body exceeds 1000 bytes"}


def test_per_client_concurrency_limit(live_app):
    with live_app(query_timeout=3, max_concurrent_per_client=1) as (url, _app):
        runaway: list = []
        t = start_runaway(url, "127.0.0.3", runaway)
        with client_at("127.0.0.3") as same, client_at("127.0.0.1") as other:
            for _ in range(100):  # until a request meets the runaway one in flight
                if not t.is_alive():  # the runaway met ours in flight and was refused: again
                    t = start_runaway(url, "127.0.0.3", runaway)
                r = same.get(url + "/sparql", params={"query": GOOD}, headers=JSON)
                if r.status_code == 429:
                    break
                time.sleep(0.05)
            others = other.get(url + "/sparql", params={"query": GOOD}, headers=JSON)
        t.join(60)
    assert r.status_code == 429
    assert r.headers["Retry-After"] == "1"
    assert r.json()["error"]["title"] == "Too Many Requests"
    assert others.status_code == 200, others.text
    assert runaway[-1].status_code == 504


def test_limits_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TREATYGRAPH_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("TREATYGRAPH_MAX_ROWS", "10")
    monkeypatch.setenv("TREATYGRAPH_MAX_BODY", "500")
    monkeypatch.setenv("TREATYGRAPH_MAX_CONCURRENT_PER_CLIENT", "3")
    budget = Budget.from_settings(Settings.from_env(root=tmp_path))
    assert (budget.query_timeout, budget.max_rows, budget.max_body,
            budget.max_concurrent_per_client) == (2.5, 10, 500, 3)
    monkeypatch.delenv("TREATYGRAPH_MAX_ROWS")
    assert Budget.from_settings(Settings.from_env(root=tmp_path)).max_rows == DEFAULTS["max_rows"]
