"""The error shape (pinned), HTML errors by negotiation, and store errors mapped to statuses."""

import pytest
from fastapi import APIRouter

from treatygraph.http.app import create_app
from treatygraph.http.errors import ApiError
from treatygraph.store.base import BadQuery, StoreBadResponse, StoreError, StoreTimeout, StoreUnavailable


def test_json_error_shape_is_pinned(client):
    r = client.get("/queries/no-such-query")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert list(body) == ["error"]
    assert set(body["error"]) == {"status", "title", "detail"}
    assert body["error"]["status"] == 404 and body["error"]["title"] == "Not Found"
    assert "no-such-query" in body["error"]["detail"]


def test_html_error_when_the_client_prefers_html(client):
    r = client.get("/queries/no-such-query", headers={"accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "<h1>404 Not Found</h1>" in r.text and "no-such-query" in r.text


def test_an_error_is_never_a_406(client):
    r = client.get("/queries/no-such-query", headers={"accept": "image/png"})
    assert r.status_code == 404 and r.json()["error"]["status"] == 404


def test_unknown_route(client):
    r = client.get("/no/such/path")
    assert r.status_code == 404 and "/no/such/path" in r.json()["error"]["detail"]


def test_no_store_is_503_with_retry_after(settings, tmp_path):
    from fastapi.testclient import TestClient

    app = create_app(settings.with_(store=str(tmp_path / "missing")))
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 503 and r.headers["retry-after"].isdigit()
    assert "missing" in r.json()["error"]["detail"]


@pytest.mark.parametrize("exc, status", [
    (BadQuery("bad"), 400),
    (StoreUnavailable("down"), 503),
    (StoreTimeout("slow"), 504),
    (StoreBadResponse("html instead of json"), 502),
    (StoreError("broken"), 500),
    (RuntimeError("bug"), 500),
    (ApiError.payload_too_large(10), 413),
    (ApiError.unprocessable("date", "not a date"), 422),
])
def test_exceptions_map_to_statuses(settings, small_store, exc, status, caplog):
    from fastapi.testclient import TestClient

    app = create_app(settings, small_store)
    router = APIRouter()

    @router.get("/boom")
    def boom():
        raise exc

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as c:
        caplog.clear()
        r = c.get("/boom")
    assert r.status_code == status
    assert r.json()["error"]["status"] == status
    if status == 503:
        assert "retry-after" in r.headers
    if status == 422:
        assert "'date'" in r.json()["error"]["detail"]
    if status == 500 and isinstance(exc, RuntimeError):
        assert "bug" not in r.json()["error"]["detail"]  # internals are logged, not shown
    logged = [rec for rec in caplog.records if rec.name == "treatygraph.http"]
    assert bool(logged) == (status >= 500)


def test_app_follows_a_rebuild_and_a_late_first_build(settings, tmp_path):
    """The app opened its store itself: a new build swapped in is served without a restart."""
    from fastapi.testclient import TestClient
    from httpdata import EX, graph
    from treatygraph.http.store_source import store_path
    from treatygraph.store.oxigraph import OxigraphStore

    link = tmp_path / "current"
    s = settings.with_(store=str(link))

    def build(name, turtle):
        store = OxigraphStore.open(tmp_path / name, read_only=False)
        store.replace_graph(EX + "g", graph(turtle))
        store.close()
        tmp = tmp_path / "next"
        tmp.symlink_to(tmp_path / name)
        tmp.replace(link)  # atomic swap, as a build does

    app = create_app(s)
    app.state.store_source.check_every = 0
    ask = {"query": "ASK { ?s ?p 2 }"}
    with TestClient(app) as c:
        assert c.get("/sparql", params=ask).status_code == 503   # no build yet
        build("one", "ex:a ex:p 1 .")
        assert store_path(s) == (tmp_path / "one").resolve()
        assert c.get("/sparql", params=ask).json()["boolean"] is False
        build("two", "ex:a ex:p 2 .")
        assert c.get("/sparql", params=ask).json()["boolean"] is True
