"""Named-query parameters and URI paths: injection attempts are a 422 naming the parameter, or plain data."""

from __future__ import annotations

import unicodedata

import pytest
from fastapi.testclient import TestClient

from treatygraph import identifiers
from treatygraph.http.app import create_app
from treatygraph.named_queries import load_named_queries
from treatygraph.registry import Registry
from treatygraph.store.oxigraph import OxigraphStore

JSON = {"Accept": "application/sparql-results+json"}

ECHO = """# title: Echo
# description: Echoes its parameters back.
# param: text (literal) — any text
# param: thing (iri, optional) — any IRI
# param: day (date, optional) — a day
# param: n (integer, optional) — a number
# param: label (langString, optional) — text@lang
SELECT ?text ?thing ?day ?n ?label WHERE {}
"""


@pytest.fixture(scope="module")
def registry_store(settings):
    registry = Registry.load(settings.registry_dir, settings.base)
    return OxigraphStore.from_graphs({identifiers.graph_uri("registry", settings.base): registry.graph})


@pytest.fixture(scope="module")
def client(settings, registry_store, tmp_path_factory):
    queries = tmp_path_factory.mktemp("queries")
    (queries / "echo.rq").write_text(ECHO, encoding="utf-8")
    app = create_app(settings, registry_store)
    app.state.named_queries = {**app.state.named_queries, **load_named_queries(queries)}
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def echo(client, **params):
    return client.get("/queries/echo", params=params, headers=JSON)


INJECTIONS_AS_DATA = [
    'x" } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #',
    "x' . ?s ?p ?o . FILTER(true) #",
    "{ } < > \\ ^ ` |",
    "\\u0022 \\U00000022",
    "a\tb\nc\r",
    "中文 النص",
]


@pytest.mark.parametrize("value", INJECTIONS_AS_DATA)
def test_literal_values_are_plain_data(client, value):
    r = echo(client, text=value)
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"][0]["text"]["value"] == value.strip()


def test_nfd_and_nfc_mean_the_same(client):
    nfc = "Convention sur la diversité biologique"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    a, b = echo(client, text=nfc).json(), echo(client, text=nfd).json()
    assert a == b and a["results"]["bindings"][0]["text"]["value"] == nfc


@pytest.mark.parametrize("param, value", [
    ("thing", 'http://example.org/a"'),
    ("thing", "http://example.org/a> } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o"),
    ("thing", "http://example.org/{x}"),
    ("thing", "http://example.org/\\u0022"),
    ("thing", "http://example.org/a b"),
    ("thing", "tg:a{b}"),
    ("thing", "id/cbd/art/8\">"),
    ("thing", "id/../../etc/passwd"),
    ("thing", "javascript alert(1)"),
    ("thing", "http://example.org/\x00"),
    ("text", "nul\x00inside"),
    ("text", "bell\x07"),
    ("text", "c1\x85control"),
    ("text", "x" * 10_000),
    ("thing", "http://example.org/" + "a" * 10_000),
    ("day", "2012-06-31"),
    ("day", "2012-06-30T00:00:00"),
    ("day", '2012-06-30"^^<http://x>'),
    ("n", "1; DROP"),
    ("n", "1e3"),
    ("label", "text@en } #"),
    ("label", "no language"),
])
def test_bad_values_are_422_naming_the_parameter(client, param, value):
    params = {"text": "ok", param: value}
    r = echo(client, **params)
    assert r.status_code == 422, (value, r.text)
    assert f"parameter '{param}'" in r.json()["error"]["detail"]


def test_unknown_and_repeated_parameters_are_422(client):
    r = client.get("/queries/echo?text=a&text=b", headers=JSON)
    assert r.status_code == 422 and "parameter 'text'" in r.json()["error"]["detail"]
    r = echo(client, text="a", **{"x\" } #": "1"})
    assert r.status_code == 422 and "unknown parameter" in r.json()["error"]["detail"]


def test_the_repository_queries_refuse_injection(client):
    """The real named queries: an IRI parameter is checked, never pasted."""
    r = client.get("/queries/citing-provision",
                   params={"provision": 'id/cbd/art/8"> } ?s ?p ?o {'}, headers=JSON)
    assert r.status_code == 422 and "'provision'" in r.json()["error"]["detail"]
    r = client.get("/queries/cites", params={"resource": "id/cbd", "lang": 'en" } #'}, headers=JSON)
    assert r.status_code == 200  # lang is a literal: data, matching no label


@pytest.mark.parametrize("path", [
    "/id/cbd%22%3E",
    "/id/cbd/art/8%00",
    "/id/cbd%7B%7D",
    "/id/%2E%2E/%2E%2E/etc/passwd",
    "/id/cbd/art/" + "9" * 10_000,
    "/id/cbd%0A%0DSet-Cookie:%20x=1",
    "/data/cbd%22.ttl",
    "/page/cbd%3Cscript%3E",
    "/queries/%22%3E%3Cscript%3E",
])
def test_bad_paths_are_client_errors(client, path):
    r = client.get(path)
    assert 400 <= r.status_code < 500, (path, r.status_code, r.text[:200])
    assert "set-cookie" not in r.headers
    assert r.headers["content-type"].startswith("application/json")
    page = client.get(path, headers={"Accept": "text/html"})
    assert 400 <= page.status_code < 500
    assert "<script>" not in page.text  # echoed values are escaped in HTML


def test_a_good_path_answers(client):
    assert client.get("/id/cbd", headers={"Accept": "text/turtle"}).status_code in (200, 303)
