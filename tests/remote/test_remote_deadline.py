"""A remote store that trickles its answer: the whole request has a deadline, and a client that leaves cancels it.

Against :class:`remote_fakes.FakeUpstream`, a real socket server on loopback
sending its answer (or its headers) one byte at a time: no single read ever
waits long, so httpx's per-read timeout alone never fires. Each test checks
that the upstream *saw its connection closed* before its answer was whole.
"""

import contextvars
import threading

import httpx
import pytest
from fastapi.testclient import TestClient

from treatygraph.config import Settings
from treatygraph.http.app import create_app
from treatygraph.store.base import StoreTimeout
from treatygraph.store.deadline import UPSTREAM_CANCEL, UpstreamCancelled, bound_client
from treatygraph.store.remote import RemoteStore

from remote_fakes import FakeUpstream, LiveApp

SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.mark.parametrize("mode", ["trickle-body", "trickle-headers"])
def test_a_trickled_answer_ends_at_the_deadline_and_its_connection_is_closed(mode):
    with FakeUpstream(mode) as upstream, RemoteStore(upstream.url, timeout=1.0) as store:
        with pytest.raises(StoreTimeout, match="did not answer within 1 s"):
            store.query(SELECT)
        assert upstream.aborted.wait(10), "the upstream connection was left open"
        assert not upstream.completed.is_set()


def test_the_store_still_answers_after_a_deadline():
    with FakeUpstream("trickle-body") as upstream, RemoteStore(upstream.url, timeout=1.0) as store:
        with pytest.raises(StoreTimeout):
            store.query(SELECT)
        upstream.mode = "ok"
        assert store.query("ASK {}").boolean is True


def test_a_set_cancel_event_abandons_the_request_and_closes_its_connection():
    cancel = threading.Event()
    failure: list[BaseException] = []

    def run(store):
        UPSTREAM_CANCEL.set(cancel)
        try:
            store.query(SELECT)
        except BaseException as e:  # noqa: BLE001 - the test inspects it
            failure.append(e)

    with FakeUpstream("trickle-body") as upstream, RemoteStore(upstream.url, timeout=120.0) as store:
        thread = threading.Thread(target=contextvars.copy_context().run, args=(run, store))
        thread.start()
        while upstream.connections == 0:
            thread.join(0.05)
        cancel.set()
        thread.join(10)
        assert not thread.is_alive(), "the thread is still held by the upstream request"
        assert len(failure) == 1 and isinstance(failure[0], UpstreamCancelled), failure
        assert upstream.aborted.wait(10)


def test_bound_client_refuses_a_client_it_cannot_bound():
    class Opaque(httpx.BaseTransport):
        def handle_request(self, request):
            raise AssertionError("never called")

    with pytest.raises(RuntimeError, match="internals changed"):
        bound_client(httpx.Client(transport=Opaque()))


def _app(upstream, query_timeout):
    settings = Settings.from_env(store=upstream.url).with_(extra={"query_timeout": query_timeout})
    return create_app(settings)


def test_the_504_of_the_app_frees_the_upstream_connection():
    with FakeUpstream("trickle-body") as upstream:
        with TestClient(_app(upstream, 1.0), raise_server_exceptions=False) as client:
            r = client.get("/sparql", params={"query": SELECT}, headers=JSON)
            assert r.status_code == 504, r.text
            assert upstream.aborted.wait(10), "the upstream connection outlived the 504"


def test_a_client_that_goes_away_frees_the_upstream_connection():
    """Real uvicorn: the client gives up after 1 s of a 60 s budget; the upstream request stops with it."""
    with FakeUpstream("trickle-body") as upstream, LiveApp(_app(upstream, 60.0)) as base:
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(base + "/sparql", params={"query": SELECT}, headers=JSON, timeout=1.0)
        assert upstream.aborted.wait(15), "the upstream connection outlived its client"
        assert not upstream.completed.is_set()
