"""One client cannot take the query workers from the others: fair share, freed slots, memory cap, cancellation.

Every test runs a real uvicorn on the on-disk store (``live_app``), with
clients on their own loopback addresses (the server tells clients apart by
their address).
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlencode, urlsplit

import httpx
from rdflib import Graph, URIRef

from treatygraph.store.oxigraph import OxigraphStore

from security_helpers import EX, RUNAWAY

JSON = {"Accept": "application/sparql-results+json"}
GOOD = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}g2> {{ ?s ?p ?o }} }}"


def doubling(n: int) -> str:
    """A short query whose answer doubles a string ``n`` times (every step is selected)."""
    steps = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(n))
    return f'SELECT * WHERE {{ BIND("a" AS ?s0) {steps} }}'


def client_at(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def in_background(url: str, address: str, query: str, results: list) -> threading.Thread:
    def run():
        with client_at(address) as c:
            results.append(c.get(url + "/sparql", params={"query": query}, headers=JSON))

    t = threading.Thread(target=run)
    t.start()
    return t


def open_and_leave(url: str, address: str, path: str) -> socket.socket:
    """Send a GET from ``address`` on a raw socket and return it (close it to disconnect)."""
    parts = urlsplit(url)
    s = socket.socket()
    s.bind((address, 0))
    s.connect((parts.hostname, parts.port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
              f"Accept: application/sparql-results+json\r\n\r\n".encode())
    return s


def wait_until(predicate, limit: float = 15.0) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_a_client_holds_at_most_its_share_and_the_others_are_answered(live_app):
    with live_app(query_timeout=4, query_workers=2) as (url, app):
        pool = app.state.query_pool
        runaways: list = []
        threads = [in_background(url, "127.0.0.2", RUNAWAY, runaways) for _ in range(2)]
        assert wait_until(lambda: pool.state()["waiting"].get("127.0.0.2") == 1)
        held = pool.state()["held"]
        with client_at("127.0.0.3") as good:
            answers = [good.get(url + "/sparql", params={"query": GOOD}, headers=JSON)
                       for _ in range(5)]
        still_running = any(t.is_alive() for t in threads)
        for t in threads:
            t.join(60)
    assert held == {"127.0.0.2": 1}  # one of two workers: the other stays for everyone else
    assert still_running
    assert [a.status_code for a in answers] == [200] * 5
    assert sorted(r.status_code for r in runaways) == [504, 504]


def test_a_slot_freed_by_a_killed_worker_goes_to_the_waiting_request(live_app):
    with live_app(query_timeout=3, query_workers=2) as (url, app):
        pool = app.state.query_pool
        pool.long_after = None  # long queries keep their slot: only the kill frees it
        runaways: list = []
        threads = [in_background(url, address, RUNAWAY, runaways)
                   for address in ("127.0.0.2", "127.0.0.3")]
        assert wait_until(lambda: len(pool.state()["held"]) == 2)  # every worker runs a runaway
        time.sleep(1)
        waited: list = []
        in_background(url, "127.0.0.4", GOOD, waited).join(60)
        for t in threads:
            t.join(60)
        killed = pool.killed
    assert [r.status_code for r in runaways] == [504, 504]
    assert killed == 2
    assert waited[0].status_code == 200  # served by the worker that replaced a killed one


def test_a_long_query_leaves_the_count_and_a_new_worker_serves_the_others(live_app):
    # One worker: a runaway keeps it until its CPU use marks it long; then a new worker serves.
    with live_app(query_timeout=10, query_workers=1) as (url, app):
        pool = app.state.query_pool
        runaway: list = []
        t = in_background(url, "127.0.0.2", RUNAWAY, runaway)
        assert wait_until(lambda: pool.state()["held"] == {"127.0.0.2": 1})
        with client_at("127.0.0.3") as good:
            answer = good.get(url + "/sparql", params={"query": GOOD}, headers=JSON)
        long_running = pool.state()["long"]
        still_running = t.is_alive()
        t.join(60)
    assert answer.status_code == 200, answer.text
    assert (still_running, long_running) == (True, 1), answer.elapsed
    assert runaway[0].status_code == 504  # still stopped at its deadline


def test_a_client_that_disconnects_frees_its_worker(live_app):
    # The abandoned query is stopped long before its deadline (killed == 0: not by the timeout).
    with live_app(query_timeout=8, query_workers=1) as (url, app):
        pool = app.state.query_pool
        s = open_and_leave(url, "127.0.0.2", "/sparql?" + urlencode({"query": RUNAWAY}))
        time.sleep(1.5)
        s.close()
        freed = wait_until(lambda: pool.state()["held"] == {} and pool.state()["long"] == 0, limit=10)
        with client_at("127.0.0.3") as c:
            after = c.get(url + "/sparql", params={"query": GOOD}, headers=JSON)
        cancelled, killed = pool.cancelled, pool.killed
    assert after.status_code == 200, after.text
    assert freed, "the abandoned query kept its worker"
    assert (cancelled, killed) == (1, 0)  # stopped because its client left, not at its deadline


def test_a_request_waiting_for_a_worker_leaves_the_queue_when_its_client_goes(live_app):
    with live_app(query_timeout=4, query_workers=2) as (url, app):
        pool = app.state.query_pool
        runaway: list = []
        t = in_background(url, "127.0.0.2", RUNAWAY, runaway)
        assert wait_until(lambda: pool.state()["held"] == {"127.0.0.2": 1})
        s = open_and_leave(url, "127.0.0.2", "/sparql?" + urlencode({"query": GOOD}))
        assert wait_until(lambda: pool.state()["waiting"] == {"127.0.0.2": 1})
        s.close()
        left = wait_until(lambda: pool.state()["waiting"] == {}, limit=10)
        cancelled = pool.cancelled
        t.join(60)
    assert left and cancelled == 1
    assert runaway[0].status_code == 504


def test_a_query_past_the_memory_cap_is_stopped_with_a_clear_error(live_app):
    with live_app(query_timeout=60, query_workers=2, query_memory_mb=1024) as (url, app):
        with client_at("127.0.0.2") as c:
            big = c.get(url + "/sparql", params={"query": doubling(27)}, headers=JSON)
            after = c.get(url + "/sparql", params={"query": GOOD}, headers=JSON)
        out_of_memory = app.state.query_pool.out_of_memory
    assert big.status_code == 507
    detail = big.json()["error"]["detail"]
    assert "1024 MB" in detail and "query_memory_mb" in detail
    assert out_of_memory == 1
    assert after.status_code == 200  # a fresh worker took its place; the server is unaffected


def test_small_doubling_stays_under_the_cap(live_app):
    with live_app(query_workers=2) as (url, app):
        with client_at("127.0.0.2") as c:
            r = c.get(url + "/sparql", params={"query": doubling(10)}, headers=JSON)
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"][0]["s10"]["value"]) == 1024


def test_an_abandoned_export_stops_before_its_next_query():
    from treatygraph.export import ExportCancelled, collect_subgraph

    chain = Graph()
    for i in range(20):
        chain.add((URIRef(f"{EX}n{i}"), URIRef(f"{EX}next"), URIRef(f"{EX}n{i + 1}")))
    store = OxigraphStore.from_graphs({EX + "chain": chain})
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    try:
        collect_subgraph(store, f"{EX}n5", depth=5, direction="both", cancelled=cancelled)
    except ExportCancelled as e:
        assert "abandoned" in str(e)
    else:
        raise AssertionError("the export ran to its end after it was abandoned")
    assert len(asked) == 4  # three queries ran, the fourth never started
    whole = collect_subgraph(store, f"{EX}n5", depth=5, direction="both", cancelled=lambda: False)
    assert len(whole.quads) == 11
