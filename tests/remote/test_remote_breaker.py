"""The circuit breaker in front of a failing remote store (treatygraph.store.breaker).

Against :class:`remote_fakes.FakeUpstream`, a real socket server on loopback
that counts the requests it receives: once the breaker is open, a request
must be refused without reaching it.
"""

import time

import pytest
from fastapi.testclient import TestClient

from treatygraph.config import Settings
from treatygraph.http.app import create_app
from treatygraph.store.base import BadQuery, StoreError, StoreTimeout, StoreUnavailable
from treatygraph.store.breaker import CircuitOpen
from treatygraph.store.factory import open_store
from treatygraph.store.remote import RemoteStore

from remote_fakes import FakeUpstream

ASK = "ASK {}"


def _fail(store, times, error=StoreError):
    for _ in range(times):
        with pytest.raises(error):
            store.query(ASK)


@pytest.mark.parametrize("mode, error", [("error", StoreError), ("reset", StoreUnavailable)])
def test_consecutive_faults_open_the_breaker_and_it_answers_without_the_server(mode, error):
    with FakeUpstream(mode) as upstream, RemoteStore(upstream.url, breaker_failures=3,
                                                     breaker_cooldown=60) as store:
        _fail(store, 3, error)
        assert store.breaker.state == "open"
        seen = upstream.requests
        with pytest.raises(CircuitOpen, match="circuit breaker open") as refused:
            store.query(ASK)
        assert 1 <= refused.value.retry_after <= 60
        assert isinstance(refused.value, StoreUnavailable)  # so HTTP 503
        assert upstream.requests == seen, "an open breaker must not touch the server"


def test_after_the_cooldown_one_probe_goes_through_and_success_closes_the_breaker():
    with FakeUpstream("error") as upstream, RemoteStore(upstream.url, breaker_failures=2,
                                                        breaker_cooldown=0.5) as store:
        _fail(store, 2)
        _fail(store, 1, CircuitOpen)
        time.sleep(0.6)
        assert store.breaker.state == "half-open"
        seen = upstream.requests
        _fail(store, 1)                   # the probe reaches the server, fails: open again
        assert upstream.requests == seen + 1
        _fail(store, 1, CircuitOpen)
        upstream.mode = "ok"              # the server comes back
        time.sleep(0.6)
        assert store.query(ASK).boolean is True
        assert store.breaker.state == "closed"
        assert store.query(ASK).boolean is True
        assert upstream.requests == seen + 3


def test_a_success_in_between_resets_the_count():
    with FakeUpstream("error") as upstream, RemoteStore(upstream.url, breaker_failures=3) as store:
        for _ in range(3):
            _fail(store, 2)
            upstream.mode = "ok"
            assert store.query(ASK).boolean is True
            upstream.mode = "error"
        assert store.breaker.state == "closed"


@pytest.mark.parametrize("mode, error", [("bad", BadQuery), ("heavy", StoreTimeout)])
def test_answers_about_one_query_never_open_the_breaker(mode, error):
    """A query the server refuses, or reports too slow, says the server is up: a client cannot open the breaker so."""
    with FakeUpstream(mode) as upstream, RemoteStore(upstream.url, breaker_failures=2) as store:
        _fail(store, 5, error)
        assert store.breaker.state == "closed"
        assert upstream.requests == 5


def test_our_deadline_passing_counts_as_a_fault():
    with FakeUpstream("trickle-body") as upstream, RemoteStore(upstream.url, timeout=0.3,
                                                               breaker_failures=2) as store:
        _fail(store, 2, StoreTimeout)
        _fail(store, 1, CircuitOpen)
        assert upstream.requests == 2


def test_the_breaker_is_configured_from_the_environment(monkeypatch):
    monkeypatch.setenv("TREATYGRAPH_STORE", "http://127.0.0.1:9/sparql")
    monkeypatch.setenv("TREATYGRAPH_STORE_BREAKER_FAILURES", "7")
    monkeypatch.setenv("TREATYGRAPH_STORE_BREAKER_WINDOW", "12.5")
    monkeypatch.setenv("TREATYGRAPH_STORE_BREAKER_COOLDOWN", "4")
    monkeypatch.setenv("TREATYGRAPH_STORE_MAX_ROWS", "10000")
    with open_store(Settings.from_env()) as store:
        assert (store.breaker.failures, store.breaker.window, store.breaker.cooldown) == (7, 12.5, 4.0)
        assert store.row_cap == 10000
    monkeypatch.setenv("TREATYGRAPH_STORE_BREAKER_FAILURES", "many")
    with pytest.raises(ValueError, match="store_breaker_failures.*'many'"):
        open_store(Settings.from_env())


def test_the_app_answers_503_with_retry_after_while_the_breaker_is_open():
    with FakeUpstream("error") as upstream:
        settings = Settings.from_env(store=upstream.url).with_(
            extra={"store_breaker_failures": "2", "store_breaker_cooldown": "30"})
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            get = lambda: client.get("/sparql", params={"query": ASK},  # noqa: E731
                                     headers={"Accept": "application/sparql-results+json"})
            assert [get().status_code for _ in range(2)] == [500, 500]
            seen = upstream.requests
            r = get()
            assert r.status_code == 503, r.text
            assert 1 <= int(r.headers["retry-after"]) <= 30
            assert "circuit breaker open" in r.json()["error"]["detail"]
            assert upstream.requests == seen
