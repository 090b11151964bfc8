"""HTTP protocol details: HEAD, OPTIONS and CORS, Vary on negotiated errors, 422 for resource parameters, /healthz."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient

from treatygraph.http.app import create_app

from httpdata import EX

ASK = "ASK { ?s ?p ?o }"
SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
ORIGIN = {"Origin": "https://yasgui.example"}


def _exposed(response) -> set[str]:
    return {h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")}


# ---- HEAD ---------------------------------------------------------------------------------------


def test_head_sparql_answers_like_get_without_a_body(client):
    get = client.get("/sparql", params={"query": SELECT})
    head = client.head("/sparql", params={"query": SELECT})
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["vary"] == "Accept"


def test_head_sparql_without_a_query_is_the_service_description(client):
    head = client.head("/sparql", headers={"Accept": "application/n-triples"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"].startswith("application/n-triples")


def test_head_sparql_errors_like_get(client):
    assert client.head("/sparql", params={"query": "SELECT nonsense"}).status_code == 400


# ---- Vary ---------------------------------------------------------------------------------------


def test_406_of_sparql_varies_on_accept(client):
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406
    assert "accept" in [v.strip().lower() for v in r.headers["vary"].split(",")]


def test_every_error_varies_on_accept(client):
    """The error body itself is negotiated (JSON or HTML)."""
    for r in (client.get("/sparql", params={"query": "SELECT nonsense"}),
              client.get("/queries/no-such-query"),
              client.put("/sparql")):
        assert r.status_code in (400, 404, 405)
        assert r.headers["vary"].lower().count("accept") == 1, r.headers["vary"]
    html = client.get("/queries/no-such-query", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and html.headers["vary"] == "Accept"


# ---- OPTIONS and CORS ---------------------------------------------------------------------------


@pytest.mark.parametrize("path, methods", [
    ("/sparql", {"GET", "HEAD", "POST", "OPTIONS"}),
    ("/queries", {"GET", "HEAD", "OPTIONS"}),
    ("/queries/citing-provision", {"GET", "HEAD", "OPTIONS"}),
    ("/healthz", {"GET", "HEAD", "OPTIONS"}),
])
def test_options_names_the_methods(client, path, methods):
    r = client.options(path)
    assert r.status_code == 204
    assert {m.strip() for m in r.headers["allow"].split(",")} == methods


def test_a_browser_preflight_for_a_sparql_post_is_allowed(client):
    r = client.options("/sparql", headers={
        **ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, accept"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    allowed = {h.strip().lower() for h in r.headers["access-control-allow-headers"].split(",")}
    assert {"content-type", "accept"} <= allowed
    assert int(r.headers["access-control-max-age"]) > 0


def test_cors_headers_on_answers_and_errors(client):
    """A browser page can read answers, errors and the Treatygraph-* headers."""
    answers = [
        client.get("/sparql", params={"query": SELECT}, headers=ORIGIN),
        client.post("/sparql", content=ASK, headers={**ORIGIN, "Content-Type": "application/sparql-query"}),
        client.get("/queries", headers=ORIGIN),
        client.get("/sparql", params={"query": "SELECT nonsense"}, headers=ORIGIN),  # 400
        client.get("/queries/no-such-query", headers=ORIGIN),                         # 404
    ]
    assert [r.status_code for r in answers] == [200, 200, 200, 400, 404]
    for r in answers:
        assert r.headers["access-control-allow-origin"] == "*"
        assert {"treatygraph-truncated", "retry-after", "link", "etag"} <= _exposed(r)


def test_linked_data_preflight_keeps_its_own_methods(client):
    r = client.options("/export", headers={**ORIGIN, "Access-Control-Request-Method": "GET"})
    assert r.status_code == 204 and "POST" not in r.headers["access-control-allow-methods"]


# ---- resource parameters: 422 naming them -------------------------------------------------------


@pytest.mark.parametrize("value", ["Ⱥ", "not an iri", "http://[::1", "http://example.org/a>b", ""])
def test_export_root_that_is_not_an_iri_is_422(client, value):
    r = client.get("/export", params={"root": value})
    assert r.status_code == 422, r.text
    assert "parameter 'root'" in r.json()["error"]["detail"]


@pytest.mark.parametrize("value", ["Ⱥ", "not an iri", "http://[::1", ""])
def test_neighbourhood_uri_that_is_not_an_iri_is_422(client, value):
    r = client.get("/pictures/neighbourhood.svg", params={"uri": value})
    assert r.status_code == 422, r.text
    assert "parameter 'uri'" in r.json()["error"]["detail"]


def test_export_root_may_be_an_unknown_iri_or_a_prefixed_name(client):
    assert client.get("/export", params={"root": EX + "nothing"}).status_code == 404
    assert client.get("/export", params={"root": "tg:Nothing"}).status_code == 404
    ok = client.get("/export", params={"root": EX + "a", "format": "nquads"})
    assert ok.status_code == 200 and EX + "a" in ok.text


# ---- /healthz -----------------------------------------------------------------------------------


def test_healthz_when_the_store_answers(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "store": "embedded"}
    assert client.head("/healthz").status_code == 200


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed when the with block ends: nothing listens there


def test_healthz_is_503_when_the_remote_store_does_not_answer(settings):
    remote = settings.with_(store=f"http://127.0.0.1:{_closed_port()}/sparql")
    with TestClient(create_app(remote), raise_server_exceptions=False) as c:
        r = c.get("/healthz")
        assert r.status_code == 503
        assert r.headers["retry-after"]
        assert r.json()["error"]["status"] == 503 and "store" in r.json()["error"]["detail"]


def test_healthz_is_503_without_a_store(settings, tmp_path):
    missing = settings.with_(store=str(tmp_path / "no-store-here"))
    with TestClient(create_app(missing), raise_server_exceptions=False) as c:
        assert c.get("/healthz").status_code == 503
